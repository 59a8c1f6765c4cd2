"""The config flow against simulated devices: every step, every error and its recovery."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import (
    SOURCE_DHCP,
    SOURCE_IMPORT,
    SOURCE_INTEGRATION_DISCOVERY,
    SOURCE_USER,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.client.models import Capabilities
from custom_components.netio.config_flow import SECTION_ADVANCED
from custom_components.netio.const import (
    CONF_BACKGROUND_DISCOVERY,
    CONF_CRITICAL_OUTPUTS,
    CONF_MODBUS_PORT,
    CONF_PROTOCOL,
    CONF_READ_ONLY,
    DOMAIN,
)
from custom_components.netio.discovery import DISCOVERY_SETTINGS, DiscoverySettings
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator
from netio_simulator.testing import simulated_device, simulated_devices

from .conftest import PASSWORD, USERNAME, device_unique_id, entry_data

pytestmark = pytest.mark.usefixtures("socket_enabled")


@pytest.fixture(autouse=True)
def fast_discovery() -> Iterator[None]:
    """Listen for discover replies briefly: the simulator answers at once."""
    with patch("custom_components.netio.discovery.DISCOVERY_TIMEOUT_S", 0.3):
        yield


def use_discovery(hass: HomeAssistant, sim: Simulator) -> None:
    """Send NETIO discover to the simulator's responder on loopback."""
    assert sim.discovery_port is not None
    hass.data[DISCOVERY_SETTINGS] = DiscoverySettings("127.0.0.1", sim.discovery_port, 0)


def manual_input(device: RunningDevice, **overrides: Any) -> dict[str, Any]:
    """What a user types into the manual form for the simulated device."""
    values: dict[str, Any] = {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: device.ports["http"],
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_PROTOCOL: "auto",
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        SECTION_ADVANCED: {},
    }
    values.update(overrides)
    return values


async def start_manual(hass: HomeAssistant) -> str:
    """Open the flow and pick 'enter the address'; return the flow ID."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["search", "manual"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "manual"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "manual"
    return result["flow_id"]


async def test_manual_creates_entry(hass: HomeAssistant, device: RunningDevice) -> None:
    """Automatic protocol choice finds JSON; the entry is named after the device."""
    flow_id = await start_manual(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == device.device.name
    expected = entry_data(device)
    assert {key: result["data"][key] for key in expected} == expected
    assert result["data"][CONF_MODBUS_PORT] == 502
    assert result["result"].unique_id == device_unique_id(device)
    assert result["options"] == {}


@pytest.mark.parametrize(
    ("break_device", "error"),
    [
        (lambda dev: dev.device.faults.set("json", api_disabled=True), "api_disabled"),
        (lambda dev: dev.device.faults.set(None, drop=True), "cannot_connect"),
        (
            lambda dev: setattr(dev.device.credentials, "json", ApiAccounts.both("a", "b")),
            "invalid_auth",
        ),
    ],
)
async def test_manual_errors_and_recovery(
    hass: HomeAssistant, device: RunningDevice, break_device: Any, error: str
) -> None:
    """Each error is shown on the form, and the same form works once the device is fixed."""
    flow_id = await start_manual(hass)
    saved = device.device.credentials.json
    break_device(device)
    result = await hass.config_entries.flow.async_configure(
        flow_id, manual_input(device, **{CONF_PROTOCOL: "json"})
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    device.device.faults.clear()
    device.device.credentials.json = saved
    result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_manual_unexpected_error(hass: HomeAssistant, device: RunningDevice) -> None:
    """A bug shows 'unknown' instead of crashing the flow."""
    flow_id = await start_manual(hass)
    with patch(
        "custom_components.netio.client.device.NetioClient.detect", side_effect=RuntimeError
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["errors"] == {"base": "unknown"}
    result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_nothing_listening(hass: HomeAssistant, socket_enabled: None) -> None:
    """No device at the address: cannot_connect."""
    flow_id = await start_manual(hass)
    async with simulated_device("netio_4all") as dev:
        port = dev.ports["http"]
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            CONF_HOST: "127.0.0.1",
            CONF_PORT: port,
            CONF_PROTOCOL: "json",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
            SECTION_ADVANCED: {},
        },
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_read_only_account(hass: HomeAssistant, socket_enabled: None) -> None:
    """A read-only account is offered read-only mode."""
    credentials = Credentials(json=ApiAccounts(Account("viewer", "look"), Account("admin", "x")))
    async with simulated_device("netio_4all", credentials=credentials) as dev:
        before = [output.state for output in dev.device.outputs]
        flow_id = await start_manual(hass)
        result = await hass.config_entries.flow.async_configure(
            flow_id, manual_input(dev, **{CONF_USERNAME: "viewer", CONF_PASSWORD: "look"})
        )
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "read_only"
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["options"] == {CONF_READ_ONLY: True}
        assert [output.state for output in dev.device.outputs] == before


async def test_no_write_transport(hass: HomeAssistant, device: RunningDevice) -> None:
    """A protocol that cannot write skips the write check."""
    flow_id = await start_manual(hass)
    with patch(
        "custom_components.netio.client.device.NetioClient.capabilities",
        Capabilities(write=False),
    ):
        result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_manual_known_device_updates_host(hass: HomeAssistant, device: RunningDevice) -> None:
    """Adding a device twice aborts naming the entry, and keeps it, with the address entered."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Rack A",
        unique_id=device_unique_id(device),
        data=entry_data(device, host="127.0.0.2"),
        version=2,
    )
    entry.add_to_hass(hass)
    flow_id = await start_manual(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, manual_input(device))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured_as"
    assert result["description_placeholders"] == {"title": "Rack A"}
    assert entry.data[CONF_HOST] == "127.0.0.1"


@pytest.fixture
async def modbus_sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A PowerPDU 4C reachable only over Modbus/TCP, with a discover responder."""
    async with simulated_devices(
        DeviceConfig(profile="powerpdu_4c", protocols=frozenset({"modbus"})), discovery=True
    ) as sim:
        yield sim


def modbus_input(dev: RunningDevice) -> dict[str, Any]:
    """The manual form for a Modbus-only device."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PROTOCOL: "modbus",
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        SECTION_ADVANCED: {CONF_MODBUS_PORT: dev.ports["modbus"]},
    }


async def test_modbus_device_identified_by_discover(
    hass: HomeAssistant, modbus_sim: Simulator
) -> None:
    """Modbus does not tell the serial: a discover request to the host gives the MAC."""
    dev = modbus_sim.devices[0]
    flow_id = await start_manual(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, modbus_input(dev))
    assert result["errors"] == {"base": "cannot_identify"}

    use_discovery(hass, modbus_sim)
    result = await hass.config_entries.flow.async_configure(flow_id, modbus_input(dev))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == dev.device.mac.lower()
    # Modbus tells no name or model: the discover reply does.
    assert result["title"] == dev.device.name
    assert result["data"]["model"] == "PowerPDU 4C"
    assert result["data"][CONF_PROTOCOL] == "modbus"
    assert result["data"][CONF_MODBUS_PORT] == dev.ports["modbus"]


@pytest.fixture
async def discovery_sim(socket_enabled: None) -> AsyncIterator[Simulator]:
    """Two devices that answer NETIO discover."""
    credentials = Credentials(json=ApiAccounts.both(USERNAME, PASSWORD))
    async with simulated_devices(
        DeviceConfig(profile="netio_4all", credentials=credentials),
        DeviceConfig(profile="powerpdu_8qs", credentials=credentials),
        discovery=True,
    ) as sim:
        yield sim


async def test_search_lists_new_devices(hass: HomeAssistant, discovery_sim: Simulator) -> None:
    """The search finds both devices, hides a configured one, and adds the chosen one."""
    use_discovery(hass, discovery_sim)
    first, second = discovery_sim.devices
    MockConfigEntry(
        domain=DOMAIN, unique_id=device_unique_id(first), data=entry_data(first), version=2
    ).add_to_hass(hass)

    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "search"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "search"
    options = result["data_schema"].schema["device"].config["options"]
    assert [option["value"] for option in options] == [second.device.mac]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"device": second.device.mac}
    )
    assert result["step_id"] == "credentials"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PORT: second.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: "wrong",
            CONF_PROTOCOL: "auto",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PORT: second.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_PROTOCOL: "auto",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == device_unique_id(second)


async def test_search_finds_nothing(hass: HomeAssistant, socket_enabled: None) -> None:
    """With no answer the user lands on the manual form with a hint."""
    async with simulated_devices(discovery=True) as sim:
        use_discovery(hass, sim)
        result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], {"next_step_id": "search"}
        )
    assert result["step_id"] == "manual"
    assert result["errors"] == {"base": "no_devices_found"}


async def test_integration_discovery_updates_known_host(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """A known device found at a new address gets its entry updated, no new flow."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=device_unique_id(device),
        data=entry_data(device, host="127.0.0.2"),
        version=2,
    )
    entry.add_to_hass(hass)
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={"host": "127.0.0.1", "mac": device.device.mac, "name": "x", "model": "y"},
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.data[CONF_HOST] == "127.0.0.1"


async def test_dhcp_new_device(hass: HomeAssistant, device: RunningDevice) -> None:
    """DHCP offers a new device; the user gives the account and it is added."""
    MockConfigEntry(domain=DOMAIN, unique_id="24A42C000001", version=2).add_to_hass(hass)
    mac = device.device.mac.replace(":", "").lower()
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip="127.0.0.1", hostname="netio-4all", macaddress=mac),
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "credentials"
    # A second DHCP flow for the same device is not started while one is open.
    again = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_DHCP},
        data=DhcpServiceInfo(ip="127.0.0.1", hostname="netio-4all", macaddress=mac),
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_in_progress"

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_PROTOCOL: "json",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == device_unique_id(device)


async def test_integration_discovery_new_device(hass: HomeAssistant, device: RunningDevice) -> None:
    """A device found by the background scan is offered with its name."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={"host": "127.0.0.1", "mac": device.device.mac, "name": "Rack PDU", "model": "x"},
    )
    assert result["step_id"] == "credentials"
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flows[0]["context"]["title_placeholders"] == {"name": "Rack PDU"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_PROTOCOL: "auto",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


def import_data(device: RunningDevice) -> dict[str, Any]:
    """What the YAML platform passes to the import step."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: device.ports["http"],
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_PROTOCOL: "auto",
    }


async def test_import(hass: HomeAssistant, device: RunningDevice) -> None:
    """YAML is imported once; a second import of the same device aborts."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_IMPORT}, data=import_data(device)
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_PROTOCOL] == "json"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_IMPORT}, data=import_data(device)
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_import_failures(hass: HomeAssistant, modbus_sim: Simulator) -> None:
    """An unreachable or unidentifiable device aborts the import with the reason."""
    dev = modbus_sim.devices[0]
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IMPORT},
        data={CONF_HOST: "127.0.0.1", CONF_PROTOCOL: "modbus", CONF_MODBUS_PORT: 1},
    )
    assert result["reason"] == "cannot_connect"
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IMPORT},
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PROTOCOL: "modbus",
            CONF_MODBUS_PORT: dev.ports["modbus"],
        },
    )
    assert result["reason"] == "cannot_identify"


@pytest.fixture
def stored_entry(hass: HomeAssistant, device: RunningDevice) -> MockConfigEntry:
    """An entry for the simulated device, not set up."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(device),
        version=2,
    )
    entry.add_to_hass(hass)
    return entry


async def test_reauth(
    hass: HomeAssistant, device: RunningDevice, stored_entry: MockConfigEntry
) -> None:
    """New credentials are checked, then stored."""
    device.device.credentials.json = ApiAccounts.both("admin", "changed")
    result = await stored_entry.start_reauth_flow(hass)
    assert result["step_id"] == "reauth_confirm"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "still wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: "admin", CONF_PASSWORD: "changed"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()  # the entry's setup with the new data, scheduled by the flow
    assert stored_entry.data[CONF_USERNAME] == "admin"
    assert stored_entry.data[CONF_PASSWORD] == "changed"


async def test_reconfigure(
    hass: HomeAssistant, device: RunningDevice, stored_entry: MockConfigEntry
) -> None:
    """A new address and protocol are tested before they are stored; the form names the device.

    A wrong port with protocol Automatic gets its own message: no API was chosen.
    """
    result = await stored_entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    assert result["description_placeholders"] == {"device": stored_entry.title}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], manual_input(device, **{CONF_PORT: 1})
    )
    assert result["errors"] == {"base": "cannot_connect_auto"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], manual_input(device, **{CONF_PROTOCOL: "auto"})
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()  # the entry's setup with the new data, scheduled by the flow
    assert stored_entry.data[CONF_PROTOCOL] == "json"


@pytest.mark.parametrize("profile", ["powerpdu_8qs"])
async def test_reconfigure_wrong_device(
    hass: HomeAssistant, device: RunningDevice, socket_enabled: None
) -> None:
    """Pointing an entry at another device is refused."""
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id="24:A4:2C:00:00:01", data=entry_data(device), version=2
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], manual_input(device))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_device"


async def test_reconfigure_to_modbus_keeps_identity(
    hass: HomeAssistant, modbus_sim: Simulator
) -> None:
    """Modbus does not report the serial: the MAC from discover proves it is the same device."""
    use_discovery(hass, modbus_sim)
    dev = modbus_sim.devices[0]
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id=dev.device.serial,
        data={CONF_HOST: "127.0.0.1", CONF_PORT: 1, CONF_PROTOCOL: "json"},
        version=2,
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(result["flow_id"], modbus_input(dev))
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_PROTOCOL] == "modbus"
    await hass.async_block_till_done()
    await hass.config_entries.async_unload(entry.entry_id)


async def test_options(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Options name the device, list its outputs and reload the entry when saved."""
    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert result["step_id"] == "init"
    assert result["description_placeholders"] == {"device": init_integration.title}
    options = result["data_schema"].schema[CONF_CRITICAL_OUTPUTS].config["options"]
    assert [option["value"] for option in options] == ["1", "2", "3", "4"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            CONF_SCAN_INTERVAL: 5,
            CONF_READ_ONLY: False,
            CONF_BACKGROUND_DISCOVERY: False,
            CONF_CRITICAL_OUTPUTS: ["2"],
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.options[CONF_CRITICAL_OUTPUTS] == ["2"]
    coordinator = init_integration.runtime_data
    assert coordinator.update_interval is not None
    assert coordinator.update_interval.total_seconds() == 5


async def test_options_of_unloaded_entry(
    hass: HomeAssistant, stored_entry: MockConfigEntry
) -> None:
    """An entry that is not loaded still has options, without the output list."""
    result = await hass.config_entries.options.async_init(stored_entry.entry_id)
    assert result["data_schema"].schema[CONF_CRITICAL_OUTPUTS].config["options"] == []
