"""Switches: one outlet per output, switched on the simulated device through Home Assistant."""

from __future__ import annotations

from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNAVAILABLE,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import (
    CONF_CRITICAL_OUTPUTS,
    CONF_READ_ONLY,
    DOMAIN,
)
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .conftest import (
    PASSWORD,
    device_unique_id,
    entry_data,
    modbus_entry,
    output_states,
    state_of,
    writes,
)

SNAPSHOT_PROFILES = ["netio_4all", "powerpdu_4ps", "powerpdu_8qs", "powercable_101x"]
NAS = "switch.nas"
ROUTER = "switch.router"
OUTPUT_3 = "switch.output_3"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (constant loads, a manual clock)."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """Only the switch platform."""
    return [Platform.SWITCH]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """Every output is an outlet named after the output's name on the device."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


@pytest.mark.usefixtures("init_platforms")
async def test_turn_off_and_on(hass: HomeAssistant, device: RunningDevice) -> None:
    """One request per command; the reply shows at once, without waiting for a poll."""
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS}, blocking=True
    )
    assert output_states(device)[0] is False
    assert state_of(hass, NAS).state == STATE_OFF
    assert writes(device) == ["POST /netio.json -> 200 1:0"]

    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: [NAS, OUTPUT_3]}, blocking=True
    )
    assert output_states(device)[0] is True
    assert output_states(device)[2] is True
    assert state_of(hass, NAS).state == STATE_ON
    assert state_of(hass, OUTPUT_3).state == STATE_ON
    assert len(writes(device)) == 3


@pytest.mark.usefixtures("init_platforms")
async def test_state_follows_the_device(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A change made on the device shows after the next poll; a dead device is unavailable."""
    device.device.apply_action(2, 0)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, ROUTER).state == STATE_OFF

    device.device.faults.set(drop=True)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, ROUTER).state == STATE_UNAVAILABLE


async def test_rename_on_the_device(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A new output name on the device renames its device, so its switch, at the next poll."""
    serial = init_platforms.unique_id
    device.device.outputs[1].name = "Access point"
    await init_platforms.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, ROUTER).name == "Access point"
    router = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{serial}_2"), init_platforms.entry_id
    )
    pdu = device_registry.async_get_device_by_identifier(
        (DOMAIN, str(serial)), init_platforms.entry_id
    )
    assert router is not None
    assert pdu is not None
    assert (router.name, router.via_device_id) == ("Access point", pdu.id)


async def test_rename_keeps_a_name_the_user_gave(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A name the user gave the output's device in Home Assistant wins over the device's."""
    serial = init_platforms.unique_id
    router = device_registry.async_get_device_by_identifier(
        (DOMAIN, f"{serial}_2"), init_platforms.entry_id
    )
    assert router is not None
    device_registry.async_update_device(router.id, name_by_user="Internet")
    await hass.async_block_till_done()
    device.device.outputs[1].name = "Access point"
    await init_platforms.runtime_data.async_refresh()
    await hass.async_block_till_done()
    router = device_registry.async_get(router.id)
    assert router is not None
    assert (router.name, router.name_by_user) == ("Router", "Internet")
    assert state_of(hass, ROUTER).name == "Internet"


async def test_read_only_mode(hass: HomeAssistant, device: RunningDevice) -> None:
    """In read-only mode the switches show the state but refuse to switch, with a clear error."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="NETIO 4All",
        unique_id=device_unique_id(device),
        data=entry_data(device),
        options={CONF_READ_ONLY: True},
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert state_of(hass, NAS).state == STATE_ON

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS}, blocking=True
        )
    assert err.value.translation_key == "read_only"
    assert str(err.value) == (
        "NETIO 4All is in read-only mode; its outputs cannot be switched from Home Assistant"
    )
    assert output_states(device)[0] is True
    assert writes(device) == []
    assert await hass.config_entries.async_unload(entry.entry_id)


@pytest.mark.usefixtures("init_platforms")
async def test_read_only_account(
    hass: HomeAssistant, device: RunningDevice, issue_registry: ir.IssueRegistry
) -> None:
    """An account the device accepts for reading only: a translated error and a repair."""
    device.device.faults.set("json", read_only=True)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS}, blocking=True
        )
    assert err.value.translation_key == "read_only_account"
    assert output_states(device)[0] is True
    assert state_of(hass, NAS).state == STATE_ON
    assert any(issue.domain == DOMAIN for issue in issue_registry.issues.values())


@pytest.mark.usefixtures("init_platforms")
async def test_device_failure(hass: HomeAssistant, device: RunningDevice) -> None:
    """A device that fails the command: a translated error, and the switch keeps its state."""
    device.device.faults.set("json", http_500=True)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS}, blocking=True
        )
    assert err.value.translation_key == "command_failed"
    assert str(err.value).startswith("The device did not take the command: ")
    assert state_of(hass, NAS).state == STATE_ON


async def test_critical_output(hass: HomeAssistant, device: RunningDevice) -> None:
    """A critical output cannot be turned off from the switch; turning it on is fine."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="NETIO 4All",
        unique_id=device_unique_id(device),
        data=entry_data(device),
        options={CONF_CRITICAL_OUTPUTS: ["1"]},
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS}, blocking=True
        )
    assert err.value.translation_key == "critical_output"
    assert str(err.value) == (
        "NAS is a critical output: it is not turned off or power-cycled without a confirmation. "
        "Confirm it in the NETIO panel or card, or use a NETIO action (such as Power cycle) "
        "with Confirm turned on"
    )
    assert output_states(device)[0] is True

    # Other outputs switch as usual, and the critical one can still be turned on.
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: ROUTER}, blocking=True
    )
    assert output_states(device)[1] is False
    device.device.apply_action(1, 0)
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_ON, {ATTR_ENTITY_ID: NAS}, blocking=True
    )
    assert output_states(device)[0] is True
    assert await hass.config_entries.async_unload(entry.entry_id)


async def test_names_without_names_on_the_device(hass: HomeAssistant, socket_enabled: None) -> None:
    """Over Modbus/TCP the device tells no output names: the switches are "Output N"."""
    async with simulated_device("netio_4all", protocols=frozenset({"modbus"})) as dev:
        entry = modbus_entry(dev)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        names = sorted(state.name for state in hass.states.async_all(SWITCH_DOMAIN))
        assert names == [f"Output {n}" for n in range(1, 5)]

        await hass.services.async_call(
            SWITCH_DOMAIN,
            SERVICE_TURN_OFF,
            {ATTR_ENTITY_ID: hass.states.async_all(SWITCH_DOMAIN)[0].entity_id},
            blocking=True,
        )
        assert output_states(dev).count(False) == 1
        assert await hass.config_entries.async_unload(entry.entry_id)


async def test_yaml_import_fails(
    hass: HomeAssistant, issue_registry: ir.IssueRegistry, socket_enabled: None
) -> None:
    """A YAML device that cannot be reached: no entry, and a repair that says so."""
    assert await async_setup_component(
        hass,
        SWITCH_DOMAIN,
        {
            SWITCH_DOMAIN: [
                {
                    "platform": DOMAIN,
                    CONF_HOST: "127.0.0.1",
                    CONF_PORT: 9,
                    CONF_PASSWORD: PASSWORD,
                }
            ]
        },
    )
    await hass.async_block_till_done()
    assert hass.config_entries.async_entries(DOMAIN) == []
    issue = issue_registry.async_get_issue(DOMAIN, "deprecated_yaml_127.0.0.1")
    assert issue is not None
    assert issue.translation_key == "deprecated_yaml_import_failed"
