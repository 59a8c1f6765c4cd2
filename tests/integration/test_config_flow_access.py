"""Configuration access in the options and in reconfigure: checked with a login, then stored."""

from __future__ import annotations

from typing import Any

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
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.config_flow import SECTION_ACCESS, SECTION_ADVANCED
from custom_components.netio.const import (
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    CONF_BACKGROUND_DISCOVERY,
    CONF_CRITICAL_OUTPUTS,
    CONF_PROTOCOL,
    CONF_READ_ONLY,
    DOMAIN,
)
from netio_simulator.credentials import Account
from netio_simulator.runner import RunningDevice

from .conftest import PASSWORD, USERNAME, device_unique_id, entry_data

pytestmark = pytest.mark.usefixtures("socket_enabled")

ADMIN_USER = "boss"
ADMIN_PASSWORD = "b0ss-secret"
OPTIONS = {
    CONF_SCAN_INTERVAL: 10,
    CONF_READ_ONLY: False,
    CONF_BACKGROUND_DISCOVERY: False,
    CONF_CRITICAL_OUTPUTS: [],
}


@pytest.fixture
def profile() -> str:
    """A newer NETIO device: it has the configuration API."""
    return "powerpdu_8qs"


@pytest.fixture
def device(device: RunningDevice) -> RunningDevice:
    """The simulated device with an administrator account of its own."""
    device.device.credentials.admin = Account(ADMIN_USER, ADMIN_PASSWORD)
    return device


def access(username: str = ADMIN_USER, password: str = ADMIN_PASSWORD) -> dict[str, Any]:
    """The configuration access section as the form sends it."""
    return {SECTION_ACCESS: {CONF_ADMIN_USERNAME: username, CONF_ADMIN_PASSWORD: password}}


def settings_entities(hass: HomeAssistant, entry: MockConfigEntry) -> set[str]:
    """The entry's settings entities (text, number, select)."""
    return {
        e.domain
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain in {"text", "number", "select"}
    }


def suggested_access(result: Any) -> dict[str, Any]:
    """The values a form suggests in its configuration access section."""
    section = result["data_schema"].schema[SECTION_ACCESS]
    return {
        str(key): (key.description or {}).get("suggested_value") for key in section.schema.schema
    }


async def options(hass: HomeAssistant, entry: MockConfigEntry, values: dict[str, Any]) -> Any:
    """Open the options and save them with `values` added."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["step_id"] == "init"
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, **values}
    )


async def test_options_add_configuration_access(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """A working account is stored in the entry, which reloads once with the settings entities."""
    assert not settings_entities(hass, init_integration)
    result = await options(hass, init_integration, access())
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == OPTIONS
    await hass.async_block_till_done()
    assert init_integration.data[CONF_ADMIN_USERNAME] == ADMIN_USER
    assert init_integration.data[CONF_ADMIN_PASSWORD] == ADMIN_PASSWORD
    assert init_integration.options == OPTIONS
    assert init_integration.runtime_data.settings is not None
    assert settings_entities(hass, init_integration) == {"text", "number", "select"}

    result = await hass.config_entries.options.async_init(init_integration.entry_id)
    assert suggested_access(result) == {
        CONF_ADMIN_USERNAME: ADMIN_USER,
        CONF_ADMIN_PASSWORD: ADMIN_PASSWORD,
    }


@pytest.mark.parametrize(
    ("username", "password", "error"),
    [
        (ADMIN_USER, "wrong", "invalid_admin_auth"),
        (USERNAME, PASSWORD, "invalid_admin_auth"),  # the M2M account is no administrator
    ],
)
async def test_options_refuse_a_wrong_account(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    username: str,
    password: str,
    error: str,
) -> None:
    """A refused account is a translated error; nothing is stored, and the form can be fixed."""
    data_before = dict(init_integration.data)
    result = await options(hass, init_integration, access(username, password))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    assert dict(init_integration.data) == data_before
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**OPTIONS, **access()}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert init_integration.data[CONF_ADMIN_USERNAME] == ADMIN_USER


@pytest.mark.parametrize("profile", ["netio_4all"])
async def test_options_on_a_device_without_the_api(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    """NETIO 4x devices have no configuration API: the form says so."""
    result = await options(hass, init_integration, access())
    assert result["errors"] == {"base": "no_configuration_api"}
    assert CONF_ADMIN_USERNAME not in init_integration.data


async def test_options_when_the_device_does_not_answer(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    """The login cannot reach the device: cannot_connect."""
    device.device.reboot(downtime_s=3600)
    result = await options(hass, init_integration, access())
    assert result["errors"] == {"base": "cannot_connect"}


async def test_options_remove_configuration_access(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """An empty username removes the access and its entities."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(
            device, **{CONF_ADMIN_USERNAME: ADMIN_USER, CONF_ADMIN_PASSWORD: ADMIN_PASSWORD}
        ),
        options=OPTIONS,
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.runtime_data.settings is not None
    result = await options(hass, entry, access("", ""))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert CONF_ADMIN_USERNAME not in entry.data
    assert CONF_ADMIN_PASSWORD not in entry.data
    assert entry.runtime_data.settings is None
    await hass.config_entries.async_unload(entry.entry_id)


def reconfigure_input(device: RunningDevice, **extra: Any) -> dict[str, Any]:
    """The reconfigure form for the simulated device."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: device.ports["http"],
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_PROTOCOL: "auto",
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        SECTION_ADVANCED: {},
        **extra,
    }


async def test_reconfigure_with_configuration_access(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """Reconfigure checks the administrator account after the connection and stores both."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(device),
        version=2,
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)
    assert result["step_id"] == "reconfigure"
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], reconfigure_input(device, **access(password="nope"))
    )
    assert result["errors"] == {"base": "invalid_admin_auth"}
    assert CONF_ADMIN_USERNAME not in entry.data
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], reconfigure_input(device, **access())
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()  # the entry's setup with the new data, scheduled by the flow
    assert entry.data[CONF_ADMIN_USERNAME] == ADMIN_USER
    assert entry.data[CONF_ADMIN_PASSWORD] == ADMIN_PASSWORD
    assert SECTION_ACCESS not in entry.data

    result = await entry.start_reconfigure_flow(hass)
    assert suggested_access(result)[CONF_ADMIN_USERNAME] == ADMIN_USER
    # leaving the section out keeps the access as it is
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], reconfigure_input(device)
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()  # the entry's setup with the new data, scheduled by the flow
    assert entry.data[CONF_ADMIN_USERNAME] == ADMIN_USER
