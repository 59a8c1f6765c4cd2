"""Output settings through the configuration API: name, short ON/OFF delay, power-up state."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.number import (
    ATTR_VALUE,
    DOMAIN as NUMBER_DOMAIN,
    SERVICE_SET_VALUE,
)
from homeassistant.components.select import (
    ATTR_OPTION,
    DOMAIN as SELECT_DOMAIN,
    SERVICE_SELECT_OPTION,
)
from homeassistant.components.text import DOMAIN as TEXT_DOMAIN
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import (
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    CONF_BACKGROUND_DISCOVERY,
    DOMAIN,
    SETTINGS_SCAN_INTERVAL,
)
from custom_components.netio.output_devices import output_device_identifier
from netio_simulator.credentials import Account
from netio_simulator.runner import RunningDevice
from netio_simulator.servers.config_api import SESSION_IDLE_S

from .conftest import ManualClock, device_unique_id, entry_data, state_of

ADMIN_USER = "root"
ADMIN_PASSWORD = "adm1n-secret"
SETTING_PLATFORMS = [Platform.NUMBER, Platform.SELECT, Platform.TEXT]
NAS_NAME = "text.nas_name_on_device"
NAS_DELAY = "number.nas_short_on_off_delay"
NAS_POWER_UP = "select.nas_power_up_state"


@pytest.fixture
def profile() -> str:
    """A newer NETIO device: it has the configuration API."""
    return "powerpdu_8qs"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady device with an administrator account of its own."""
    steady_device.device.credentials.admin = Account(ADMIN_USER, ADMIN_PASSWORD)
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """The settings platforms, and switches to see the outputs' names."""
    return [*SETTING_PLATFORMS, Platform.SWITCH]


@pytest.fixture
def config_entry(device: RunningDevice) -> MockConfigEntry:
    """An entry with configuration access."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(
            device, **{CONF_ADMIN_USERNAME: ADMIN_USER, CONF_ADMIN_PASSWORD: ADMIN_PASSWORD}
        ),
        # the settings poll takes as long as a discovery round: keep the network search out
        options={CONF_BACKGROUND_DISCOVERY: False},
        version=2,
        minor_version=1,
    )


async def poll_settings(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let the settings' polling interval pass."""
    freezer.tick(SETTINGS_SCAN_INTERVAL + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.parametrize("profile", ["powerpdu_8qs", "powercable_101x"])
@pytest.mark.parametrize("platforms", [[platform] for platform in SETTING_PLATFORMS])
async def test_settings_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """Every output has a name, a delay and a power-up state, in the configuration category."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


async def test_no_settings_without_configuration_access(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, device: RunningDevice
) -> None:
    """Without configuration access nothing changes: no settings entities, no API requests."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=device_unique_id(device),
        data=entry_data(device),
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    domains = {e.domain for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)}
    assert "switch" in domains
    assert not domains & {"text", "number", "select"}
    assert not device.device.requests("config")
    assert entry.runtime_data.settings is None
    with pytest.raises(HomeAssistantError) as raised:
        await entry.runtime_data.async_read_rule_document()
    assert raised.value.translation_key == "no_configuration_access"
    await hass.config_entries.async_unload(entry.entry_id)


async def test_name_is_written_and_read_back(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A new name reaches the device, shows in the entity and renames the output's device."""
    await hass.services.async_call(
        TEXT_DOMAIN,
        "set_value",
        {ATTR_ENTITY_ID: NAS_NAME, ATTR_VALUE: "Backup NAS"},
        blocking=True,
    )
    assert device.device.outputs[0].name == "Backup NAS"
    assert state_of(hass, NAS_NAME).state == "Backup NAS"
    await hass.async_block_till_done()
    registry = dr.async_get(hass)
    output_device = registry.async_get_device_by_identifier(
        output_device_identifier(device_unique_id(device), 1), init_platforms.entry_id
    )
    assert output_device is not None
    assert output_device.name == "Backup NAS"


async def test_delay_and_power_up_are_written_and_read_back(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """The delay and the power-up state reach the device and change how it behaves."""
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: NAS_DELAY, ATTR_VALUE: 1500},
        blocking=True,
    )
    await hass.services.async_call(
        SELECT_DOMAIN,
        SERVICE_SELECT_OPTION,
        {ATTR_ENTITY_ID: NAS_POWER_UP, ATTR_OPTION: "off"},
        blocking=True,
    )
    out = device.device.outputs[0]
    assert (out.delay_ms, out.power_up) == (1500, "off")
    assert state_of(hass, NAS_DELAY).state == "1500"
    assert state_of(hass, NAS_POWER_UP).state == "off"
    device.device.reboot()
    assert not device.device.outputs[0].state


async def test_changes_on_the_device_show_after_the_settings_poll(
    hass: HomeAssistant,
    device: RunningDevice,
    freezer: FrozenDateTimeFactory,
    init_platforms: MockConfigEntry,
) -> None:
    """Settings changed in the device's web interface appear at the next settings poll."""
    device.device.outputs[0].power_up = "on"
    await poll_settings(hass, freezer)
    assert state_of(hass, NAS_POWER_UP).state == "on"


async def test_a_name_the_device_refuses_changes_nothing(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A blank name is refused before anything is sent, with a translated error."""
    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            TEXT_DOMAIN, "set_value", {ATTR_ENTITY_ID: NAS_NAME, ATTR_VALUE: "   "}, blocking=True
        )
    assert raised.value.translation_key == "invalid_setting"
    assert device.device.outputs[0].name == "NAS"


async def test_an_expired_session_is_renewed(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    init_platforms: MockConfigEntry,
) -> None:
    """The device forgot the session: the write logs in again and goes through."""
    sim_clock.advance(SESSION_IDLE_S + 1)
    await hass.services.async_call(
        NUMBER_DOMAIN,
        SERVICE_SET_VALUE,
        {ATTR_ENTITY_ID: NAS_DELAY, ATTR_VALUE: 800},
        blocking=True,
    )
    assert device.device.outputs[0].delay_ms == 800


async def test_a_changed_admin_password(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
    init_platforms: MockConfigEntry,
) -> None:
    """The device no longer accepts the account: writes fail, the settings become unavailable."""
    device.device.credentials.admin = Account(ADMIN_USER, "changed")
    sim_clock.advance(SESSION_IDLE_S + 1)
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            SELECT_DOMAIN,
            SERVICE_SELECT_OPTION,
            {ATTR_ENTITY_ID: NAS_POWER_UP, ATTR_OPTION: "on"},
            blocking=True,
        )
    assert raised.value.translation_key == "configuration_access_denied"
    with pytest.raises(HomeAssistantError) as raised:
        await init_platforms.runtime_data.async_read_rule_document()
    assert raised.value.translation_key == "configuration_access_denied"
    await poll_settings(hass, freezer)
    assert state_of(hass, NAS_POWER_UP).state == STATE_UNAVAILABLE
    assert device.device.outputs[0].power_up == "last"


async def test_a_device_that_does_not_answer(
    hass: HomeAssistant,
    device: RunningDevice,
    freezer: FrozenDateTimeFactory,
    init_platforms: MockConfigEntry,
) -> None:
    """A write to a device that is down fails with a translated error; reads go unavailable."""
    device.device.reboot(downtime_s=3600)
    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            NUMBER_DOMAIN,
            SERVICE_SET_VALUE,
            {ATTR_ENTITY_ID: NAS_DELAY, ATTR_VALUE: 900},
            blocking=True,
        )
    assert raised.value.translation_key == "setting_failed"
    with pytest.raises(HomeAssistantError) as raised:
        await init_platforms.runtime_data.async_read_rule_document()
    assert raised.value.translation_key == "rule_document_failed"
    await poll_settings(hass, freezer)
    assert state_of(hass, NAS_DELAY).state == STATE_UNAVAILABLE


async def test_rule_document(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """The runtime reads the device's rule document for the rules importer."""
    assert device.device.rules is not None
    device.device.rules.load(
        {
            "rules": {
                "Toggle": {
                    "conditions": {"OUTPUTS/2/STATE": "off"},
                    "actions": {"OUTPUTS/1/ACTION": 4},
                }
            }
        }
    )
    document = await init_platforms.runtime_data.async_read_rule_document()
    assert document.problems == ()
    assert set(document.rules) == {"Toggle"}
    assert {"Always", "Weekend", "Work days"} <= set(document.schedules)


async def test_diagnostics_redact_the_admin_account(
    hass: HomeAssistant, init_platforms: MockConfigEntry, hass_client: object
) -> None:
    """The administrator's account never appears in diagnostics; the settings do."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_platforms)  # type: ignore[arg-type]
    text = str(diagnostics)
    assert ADMIN_PASSWORD not in text
    assert ADMIN_USER not in text
    assert diagnostics["output_settings"]["1"]["name"] == "NAS"
