"""Simulated devices with distinctive secrets, and config entries that reach them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import patch

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.const import (
    CONF_KSHELL_PORT,
    CONF_MODBUS_PORT,
    CONF_PROTOCOL,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_AUTH_PROTOCOL,
    CONF_SNMP_COMMUNITY_READ,
    CONF_SNMP_COMMUNITY_WRITE,
    CONF_SNMP_PORT,
    CONF_SNMP_PRIV_KEY,
    CONF_SNMP_PRIV_PROTOCOL,
    CONF_SNMP_USERNAME,
    CONF_SNMP_VERSION,
    DOMAIN,
)
from netio_simulator.credentials import ApiAccounts, Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from ..integration.conftest import device_unique_id

USERNAME = "sec-admin"
PASSWORD = "Pw-7f3a9c1e-leak-canary"
COMMUNITY_READ = "ro-community-5b2d8e"
COMMUNITY_WRITE = "rw-community-9c4f1a"
V3_USER = "sec-v3-operator"
V3_AUTH_KEY = "auth-key-3e8b6d2f"
V3_PRIV_KEY = "priv-key-8a1c5e7b"
SECRETS = (PASSWORD, COMMUNITY_READ, COMMUNITY_WRITE, V3_AUTH_KEY, V3_PRIV_KEY)
"""What must never show up anywhere (the HTTP Basic token of the password is checked too)."""

TIMEOUT_S = 0.5

VARIANTS = ("json", "xml", "kshell", "modbus", "snmp_v2c", "snmp_v3")
"""How an entry reaches the device: the protocol, and for SNMP the version."""


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load this repository's integration."""


@pytest.fixture
def short_timeout() -> Iterator[None]:
    """Let the client give up quickly when a fault keeps the device from answering."""
    with patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", TIMEOUT_S):
        yield


def credentials() -> Credentials:
    """Every account of the device carries one of the distinctive secrets."""
    accounts = ApiAccounts.both(USERNAME, PASSWORD)
    return Credentials(
        json=accounts,
        xml=accounts,
        kshell=accounts,
        snmp=SnmpCredentials(
            COMMUNITY_READ,
            COMMUNITY_WRITE,
            [SnmpV3User(V3_USER, "sha256", V3_AUTH_KEY, "aes", V3_PRIV_KEY, access="rw")],
        ),
    )


def variant_protocol(variant: str) -> str:
    """The simulator protocol of a variant ("snmp_v3" -> "snmp")."""
    return "snmp" if variant.startswith("snmp") else variant


def variant_data(variant: str, device: RunningDevice) -> dict[str, Any]:
    """The entry data that reaches `device` with the variant."""
    protocol = variant_protocol(variant)
    data: dict[str, Any] = {CONF_PROTOCOL: protocol}
    if protocol == "kshell":
        data[CONF_KSHELL_PORT] = device.ports["kshell"]
    elif protocol == "modbus":
        data[CONF_MODBUS_PORT] = device.ports["modbus"]
    elif protocol == "snmp":
        data |= {
            CONF_SNMP_PORT: device.ports["snmp"],
            CONF_SNMP_COMMUNITY_READ: COMMUNITY_READ,
            CONF_SNMP_COMMUNITY_WRITE: COMMUNITY_WRITE,
            CONF_SNMP_VERSION: "v2c",
        }
        if variant == "snmp_v3":
            data |= {
                CONF_SNMP_VERSION: "v3",
                CONF_SNMP_USERNAME: V3_USER,
                CONF_SNMP_AUTH_PROTOCOL: "sha256",
                CONF_SNMP_AUTH_KEY: V3_AUTH_KEY,
                CONF_SNMP_PRIV_PROTOCOL: "aes",
                CONF_SNMP_PRIV_KEY: V3_PRIV_KEY,
            }
    return data


@pytest.fixture
def variant() -> str:
    """The protocol variant; tests parametrize it."""
    return "json"


@pytest.fixture
async def secret_device(socket_enabled: None, variant: str) -> AsyncIterator[RunningDevice]:
    """A device whose every account uses the distinctive secrets (JSON always on, to identify)."""
    async with simulated_device(
        "netio_4all",
        protocols=frozenset({"json", variant_protocol(variant)}),
        credentials=credentials(),
    ) as dev:
        yield dev


def make_entry(
    device: RunningDevice, variant: str, *, options: dict[str, Any] | None = None, **data: Any
) -> MockConfigEntry:
    """A config entry for the device over the variant."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Security test device",
        unique_id=device_unique_id(device),
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
            **variant_data(variant, device),
            **data,
        },
        options=options or {},
        version=2,
        minor_version=1,
    )


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> bool:
    """Add and set up the entry; whether setup succeeded."""
    entry.add_to_hass(hass)
    result = await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return result


async def unload(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Unload the entry, so no connection or timer outlives the test."""
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
