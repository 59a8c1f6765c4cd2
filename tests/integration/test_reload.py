"""One reload path: the entry's update listener, whatever changed the entry.

Home Assistant 2026.12 refuses a flow that reloads an entry which has an update listener;
`fail_on_deprecated_use` (conftest) fails every test here that would trip that.
"""

from __future__ import annotations

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY, ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_MODEL, CONF_NAME, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.const import DOMAIN
from netio_simulator.credentials import ApiAccounts
from netio_simulator.runner import RunningDevice

from .conftest import PASSWORD, USERNAME

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def test_reauth_of_a_loaded_entry(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """New credentials reload the running entry once, through its update listener."""
    before = init_integration.runtime_data
    device.device.credentials.json = ApiAccounts.both(USERNAME, "changed")
    result = await init_integration.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "changed"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data is not before
    assert init_integration.data[CONF_PASSWORD] == "changed"


async def test_reauth_of_an_entry_that_failed_to_set_up(
    hass: HomeAssistant, device: RunningDevice, config_entry: MockConfigEntry
) -> None:
    """An entry stopped by a rejected account is set up again with the new one."""
    device.device.credentials.json = ApiAccounts.both(USERNAME, "changed")
    config_entry.add_to_hass(hass)
    assert not await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.SETUP_ERROR
    flow = next(iter(config_entry.async_get_active_flows(hass, {"reauth"})))
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: USERNAME, CONF_PASSWORD: "changed"}
    )
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert config_entry.state is ConfigEntryState.LOADED
    await hass.config_entries.async_unload(config_entry.entry_id)


def reconfigure_input(device: RunningDevice, protocol: str) -> dict[str, object]:
    """The reconfigure form, filled in for the simulated device."""
    return {
        CONF_HOST: "127.0.0.1",
        "port": device.ports["http"],
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        "protocol": protocol,
        "ssl": False,
        "verify_ssl": True,
        "advanced": {},
    }


async def test_reconfigure_without_changes(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """Submitting the same settings again changes nothing and reloads nothing."""
    for _ in range(2):  # the first time stores the advanced section's defaults
        before = init_integration.runtime_data
        result = await init_integration.start_reconfigure_flow(hass)
        result = await hass.config_entries.flow.async_configure(
            result["flow_id"], reconfigure_input(device, "json")
        )
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
    assert init_integration.runtime_data is before


@pytest.mark.parametrize("protocols", [frozenset({"json", "xml"})])
async def test_reconfigure_of_a_loaded_entry(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """A changed connection reloads the running entry once."""
    before = init_integration.runtime_data
    result = await init_integration.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], reconfigure_input(device, "xml")
    )
    assert result.get("reason") == "reconfigure_successful", result.get("errors")
    await hass.async_block_till_done()
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data is not before
    assert init_integration.runtime_data.protocol == "xml"


# The harness only lets tests connect to 127.0.0.1; the reloaded entry's try at 127.0.0.2
# fails like an unreachable device.
@pytest.mark.filterwarnings("ignore:A test tried to use socket.socket.connect")
async def test_discovery_of_a_new_address(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """Discovery that finds a known device at another address stores it; the listener reloads.

    (Nothing answers at 127.0.0.2, so the reloaded entry waits for the device.)
    """
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_INTEGRATION_DISCOVERY},
        data={
            CONF_HOST: "127.0.0.2",
            "mac": device.device.mac,
            CONF_NAME: device.device.name,
            CONF_MODEL: None,
        },
    )
    assert result["reason"] == "already_configured"
    await hass.async_block_till_done()
    assert init_integration.data[CONF_HOST] == "127.0.0.2"
    assert init_integration.state is ConfigEntryState.SETUP_RETRY
