"""Setting up, keeping and taking over devices: errors, recovery, migration, repairs."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta
import logging
from unittest.mock import patch

from homeassistant.components.repairs import repairs_flow_manager
from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY, ConfigEntryState
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    STATE_UNAVAILABLE,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.netio import async_remove_config_entry_device
from custom_components.netio.const import (
    CONF_BACKGROUND_DISCOVERY,
    CONF_PROTOCOL,
    CONF_READ_ONLY,
    DEFAULT_SCAN_INTERVAL,
    DISCOVERY_INTERVAL,
    DOMAIN,
)
from custom_components.netio.discovery import DISCOVERY_SETTINGS, DiscoverySettings
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.runner import DeviceConfig, RunningDevice
from netio_simulator.testing import simulated_device, simulated_devices

from .conftest import PASSWORD, USERNAME, device_unique_id, entry_data

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def poll(hass: HomeAssistant) -> None:
    """Let one polling interval pass."""
    async_fire_time_changed(hass, dt_util.utcnow() + DEFAULT_SCAN_INTERVAL)
    await hass.async_block_till_done(wait_background_tasks=True)


async def test_unload_and_reload(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """Unloading removes the entities' availability; reloading brings them back."""
    assert init_integration.state is ConfigEntryState.LOADED
    assert await hass.config_entries.async_reload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.NOT_LOADED
    assert all(state.state == STATE_UNAVAILABLE for state in hass.states.async_all("switch"))


async def test_device_offline_at_setup(
    hass: HomeAssistant, device: RunningDevice, config_entry: MockConfigEntry
) -> None:
    """An unreachable device retries setup later."""
    device.device.faults.set(None, drop=True)
    config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY


async def test_api_disabled_at_setup(
    hass: HomeAssistant, device: RunningDevice, config_entry: MockConfigEntry
) -> None:
    """A disabled API retries setup and raises a repair issue, which goes once it works."""
    device.device.faults.set("json", api_disabled=True)
    config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_RETRY
    issue_id = f"api_disabled_{config_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id)

    device.device.faults.clear()
    await hass.config_entries.async_reload(config_entry.entry_id)
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.LOADED
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_wrong_credentials_start_reauth(
    hass: HomeAssistant, device: RunningDevice, config_entry: MockConfigEntry
) -> None:
    """A 401 at setup fails it and asks the user for the new account."""
    device.device.credentials.json = ApiAccounts.both("admin", "other")
    config_entry.add_to_hass(hass)
    await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_offline_and_back_logged_once(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Entities go unavailable within one poll, with one log line; one more when back."""
    entity_id = hass.states.async_all("switch")[0].entity_id
    caplog.set_level(logging.INFO)
    caplog.clear()
    device.device.faults.set(None, drop=True)
    for _ in range(3):
        await poll(hass)
        assert hass.states.get(entity_id).state == STATE_UNAVAILABLE
    lost = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(lost) == 1
    assert "Traceback" not in caplog.text

    device.device.faults.clear()
    caplog.clear()
    await poll(hass)
    assert hass.states.get(entity_id).state == "on"
    assert len([r for r in caplog.records if "recovered" in r.getMessage()]) == 1


async def test_credentials_changed_while_running(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
) -> None:
    """A 401 during polling starts reauthentication."""
    device.device.credentials.json = ApiAccounts.both("admin", "other")
    await poll(hass)
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]


async def test_read_only_account_repair(hass: HomeAssistant, socket_enabled: None) -> None:
    """A read-only account refusing a switch raises an error and a fixable repair issue."""
    credentials = Credentials(json=ApiAccounts(Account(USERNAME, PASSWORD), Account("x", "y")))
    async with simulated_device("netio_4all", credentials=credentials) as dev:
        entry = MockConfigEntry(
            domain=DOMAIN, unique_id=device_unique_id(dev), data=entry_data(dev), version=2
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        entity_id = hass.states.async_all("switch")[0].entity_id
        with pytest.raises(HomeAssistantError) as err:
            await hass.services.async_call(
                "switch", "turn_off", {"entity_id": entity_id}, blocking=True
            )
        assert err.value.translation_key == "read_only_account"
        assert dev.device.outputs[0].state is True
        assert hass.states.get(entity_id).state == "on"
        issue = ir.async_get(hass).async_get_issue(DOMAIN, f"read_only_account_{entry.entry_id}")
        assert issue is not None
        assert issue.is_fixable

        assert await async_setup_component(hass, "repairs", {})
        manager = repairs_flow_manager(hass)
        assert manager is not None
        flow = await manager.async_init(DOMAIN, data={"issue_id": issue.issue_id})
        assert flow["step_id"] == "confirm"
        result = await manager.async_configure(flow["flow_id"], {})
        assert result["type"] == "create_entry"
        await hass.async_block_till_done()
        assert entry.options[CONF_READ_ONLY] is True
        await hass.config_entries.async_unload(entry.entry_id)


async def test_clock_unset_repair(hass: HomeAssistant, socket_enabled: None) -> None:
    """A device reporting 1970 gets a repair issue about its energy start date."""
    credentials = Credentials(json=ApiAccounts.both(USERNAME, PASSWORD))
    async with simulated_device("netio_4all", credentials=credentials, clock_set=False) as dev:
        entry = MockConfigEntry(
            domain=DOMAIN, unique_id=device_unique_id(dev), data=entry_data(dev), version=2
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        assert ir.async_get(hass).async_get_issue(DOMAIN, f"clock_unset_{entry.entry_id}")
        await hass.config_entries.async_unload(entry.entry_id)


async def test_migrates_builtin_entry(
    hass: HomeAssistant, device: RunningDevice, entity_registry: er.EntityRegistry
) -> None:
    """An entry and switch written by the built-in integration keep their entity IDs."""
    serial = device_unique_id(device)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Rack",
        unique_id=serial,
        version=1,
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    entry.add_to_hass(hass)
    old = entity_registry.async_get_or_create(
        "switch", DOMAIN, f"{serial}_1", config_entry=entry, suggested_object_id="rack_router"
    )
    assert old.entity_id == "switch.rack_router"

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.version == 2
    assert entry.data[CONF_PROTOCOL] == "json"
    assert hass.states.get("switch.rack_router").state == "on"
    assert entity_registry.async_get_entity_id("switch", DOMAIN, f"{serial}_1") == (
        "switch.rack_router"
    )
    await hass.config_entries.async_unload(entry.entry_id)


async def test_future_version_refused(hass: HomeAssistant) -> None:
    """An entry from a newer version of the integration is not touched."""
    entry = MockConfigEntry(domain=DOMAIN, unique_id="x", version=3, data={CONF_HOST: "h"})
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


async def test_yaml_import(hass: HomeAssistant, socket_enabled: None) -> None:
    """The built-in integration's Telnet YAML is imported, with a repair issue to remove it."""
    credentials = Credentials(kshell=ApiAccounts.both("admin", "pw"))
    kshell_only = DeviceConfig(
        profile="netio_4", protocols=frozenset({"kshell"}), credentials=credentials
    )
    async with simulated_devices(kshell_only, discovery=True) as sim:
        assert await async_setup_component(hass, DOMAIN, {})
        assert sim.discovery_port is not None
        hass.data[DISCOVERY_SETTINGS] = DiscoverySettings("127.0.0.1", sim.discovery_port, 0)
        yaml = {
            "platform": DOMAIN,
            "host": "127.0.0.1",
            "port": sim.devices[0].ports["kshell"],
            "username": "admin",
            "password": "pw",
        }
        with (
            patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", 0.5),
            patch("custom_components.netio.discovery.DISCOVERY_TIMEOUT_S", 0.2),
        ):
            assert await async_setup_component(hass, "switch", {"switch": [yaml]})
            await hass.async_block_till_done()
        entries = hass.config_entries.async_entries(DOMAIN)
        assert len(entries) == 1
        assert entries[0].data[CONF_PROTOCOL] == "kshell"
        assert entries[0].unique_id == sim.devices[0].device.mac.lower()
        assert ir.async_get(hass).async_get_issue(DOMAIN, "deprecated_yaml")
        await hass.config_entries.async_unload(entries[0].entry_id)


async def test_yaml_import_failure(hass: HomeAssistant) -> None:
    """A YAML device that cannot be reached leaves a repair issue saying so."""
    yaml = {"platform": DOMAIN, "host": "127.0.0.1", "port": 1, "password": "pw"}
    with patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", 0.2):
        assert await async_setup_component(hass, "switch", {"switch": [yaml]})
        await hass.async_block_till_done()
    assert ir.async_get(hass).async_get_issue(DOMAIN, "deprecated_yaml_127.0.0.1")


async def test_background_discovery(hass: HomeAssistant, socket_enabled: None) -> None:
    """Every few minutes NETIO discover runs and offers new devices; the option turns it off."""
    async with simulated_devices("powerpdu_4ps", discovery=True) as sim:
        assert await async_setup_component(hass, DOMAIN, {})
        assert sim.discovery_port is not None
        hass.data[DISCOVERY_SETTINGS] = DiscoverySettings("127.0.0.1", sim.discovery_port, 0)
        with patch("custom_components.netio.discovery.DISCOVERY_TIMEOUT_S", 0.2):
            async_fire_time_changed(hass, dt_util.utcnow() + DISCOVERY_INTERVAL)
            await hass.async_block_till_done(wait_background_tasks=True)
            flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
            assert [flow["context"]["source"] for flow in flows] == [SOURCE_INTEGRATION_DISCOVERY]
            hass.config_entries.flow.async_abort(flows[0]["flow_id"])

            MockConfigEntry(
                domain=DOMAIN, unique_id="other", options={CONF_BACKGROUND_DISCOVERY: False}
            ).add_to_hass(hass)
            async_fire_time_changed(hass, dt_util.utcnow() + 2 * DISCOVERY_INTERVAL)
            await hass.async_block_till_done(wait_background_tasks=True)
            assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)


async def test_remove_stale_device(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A device the entry no longer provides can be removed; the live one cannot."""
    assert await async_setup_component(hass, "config", {})
    stale = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id, identifiers={(DOMAIN, "old-serial")}
    )
    live = next(
        entry
        for entry in dr.async_entries_for_config_entry(device_registry, init_integration.entry_id)
        if (DOMAIN, device_unique_id(device)) in entry.identifiers
    )

    assert await async_remove_config_entry_device(hass, init_integration, stale)
    assert not await async_remove_config_entry_device(hass, init_integration, live)


@pytest.mark.parametrize("profile", ["powerpdu_8qs"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_entities_on_their_devices(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An output's switch, buttons, event and sensors sit on its device; the rest on the PDU."""
    serial = device_unique_id(device)
    pdu = device_registry.async_get_device_by_identifier(
        (DOMAIN, serial), init_integration.entry_id
    )
    assert pdu is not None
    output_of_device = {pdu.id: None} | {
        output.id: output_id
        for output_id in range(1, 9)
        if (
            output := device_registry.async_get_device_by_identifier(
                (DOMAIN, f"{serial}_{output_id}"), init_integration.entry_id
            )
        )
    }
    assert len(output_of_device) == 9
    placed: dict[str, int | None] = {
        str(entry.unique_id).removeprefix(f"{serial}_"): output_of_device[str(entry.device_id)]
        for entry in er.async_entries_for_config_entry(entity_registry, init_integration.entry_id)
    }
    assert placed["1"] == 1
    assert placed["8"] == 8
    for key in ("power_cycle", "short_on", "toggle", "external_switch", "power", "pulse_duration"):
        assert placed[f"1_{key}"] == 1
    for key in ("voltage", "total_power", "last_boot", "input1_state", "input1_s0_counter"):
        assert placed[key] is None
    assert all(
        key.split("_")[0] == str(output_id) for key, output_id in placed.items() if output_id
    )


async def test_remove_output_devices(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Every output has a device under the PDU; only one of an output the PDU lacks can go."""
    serial = device_unique_id(device)
    pdu = device_registry.async_get_device_by_identifier(
        (DOMAIN, serial), init_integration.entry_id
    )
    assert pdu is not None
    outputs = [
        device_registry.async_get_device_by_identifier(
            (DOMAIN, f"{serial}_{output_id}"), init_integration.entry_id
        )
        for output_id in range(1, 5)
    ]
    assert [(d.name, d.model, d.via_device_id) for d in outputs if d is not None] == [
        (output.name, "NETIO 4All", pdu.id) for output in device.device.outputs
    ]
    gone = device_registry.async_get_or_create(
        config_entry_id=init_integration.entry_id,
        identifiers={(DOMAIN, f"{serial}_9")},
        name="Old output",
        via_device_id=pdu.id,
    )

    assert await async_remove_config_entry_device(hass, init_integration, gone)
    for output in outputs:
        assert output is not None
        assert not await async_remove_config_entry_device(hass, init_integration, output)
    assert not await async_remove_config_entry_device(hass, init_integration, pdu)


async def test_interval_option(hass: HomeAssistant, device: RunningDevice) -> None:
    """The polling interval comes from the options."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=device_unique_id(device),
        data=entry_data(device),
        options={"scan_interval": 2},
        version=2,
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.runtime_data.update_interval == timedelta(seconds=2)
    await hass.config_entries.async_unload(entry.entry_id)


async def test_new_output_gets_entities(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """An output the device starts reporting later gets its entities (dynamic devices)."""
    coordinator = init_integration.runtime_data
    state = coordinator.data
    extra = replace(state.outputs[4], id=5, name="Late output")
    coordinator.async_set_updated_data(replace(state, outputs={**state.outputs, 5: extra}))
    await hass.async_block_till_done()
    switch = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{device_unique_id(device)}_5"
    )
    assert switch is not None
    assert hass.states.get(switch).name.endswith("Late output")


@pytest.mark.parametrize(
    ("protocols", "server"), [(frozenset({"modbus"}), "modbus"), (frozenset({"kshell"}), "kshell")]
)
async def test_unload_closes_connections(
    hass: HomeAssistant, socket_enabled: None, protocols: frozenset[str], server: str
) -> None:
    """Connection-oriented protocols leave no open connection after unload."""
    credentials = Credentials(kshell=ApiAccounts.both(USERNAME, PASSWORD))
    async with simulated_device("netio_4all", protocols=protocols, credentials=credentials) as dev:
        entry = MockConfigEntry(
            domain=DOMAIN,
            unique_id=device_unique_id(dev),
            data={
                CONF_HOST: "127.0.0.1",
                CONF_USERNAME: USERNAME,
                CONF_PASSWORD: PASSWORD,
                CONF_PROTOCOL: server,
                "modbus_port": dev.ports.get("modbus", 502),
                "kshell_port": dev.ports.get("kshell", 1234),
            },
            version=2,
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        assert entry.state is ConfigEntryState.LOADED
        assert dev.servers[server].connections > 0
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
        for _ in range(50):  # the server notices the closed socket on its next loop turn
            if not dev.servers[server].connections:
                break
            await asyncio.sleep(0.02)
        assert dev.servers[server].connections == 0
