"""Turn a config entry's data into the client library's connection settings."""

from collections.abc import Mapping
from typing import Any

import aiohttp
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession

from .client.device import NetioClient
from .client.models import ConnectionConfig, Protocol, SnmpSettings, SnmpVersion
from .const import (
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
    PROTOCOL_AUTO,
)

REQUEST_TIMEOUT_S = 10.0
# What the client assumes for a setting an entry does not store (ports, communities).
DEFAULTS = ConnectionConfig(host="")


def connection_config(data: Mapping[str, Any]) -> ConnectionConfig:
    """Return the client settings stored in a config entry (or entered in a flow)."""
    snmp = SnmpSettings(
        port=data.get(CONF_SNMP_PORT, DEFAULTS.snmp.port),
        version=SnmpVersion(data.get(CONF_SNMP_VERSION, DEFAULTS.snmp.version)),
        community_read=data.get(CONF_SNMP_COMMUNITY_READ, DEFAULTS.snmp.community_read),
        community_write=data.get(CONF_SNMP_COMMUNITY_WRITE, DEFAULTS.snmp.community_write),
        username=data.get(CONF_SNMP_USERNAME) or None,
        auth_protocol=data.get(CONF_SNMP_AUTH_PROTOCOL) or None,
        auth_key=data.get(CONF_SNMP_AUTH_KEY) or None,
        priv_protocol=data.get(CONF_SNMP_PRIV_PROTOCOL) or None,
        priv_key=data.get(CONF_SNMP_PRIV_KEY) or None,
    )
    return ConnectionConfig(
        host=data[CONF_HOST],
        port=data.get(CONF_PORT),
        username=data.get(CONF_USERNAME) or "",
        password=data.get(CONF_PASSWORD) or "",
        use_tls=data.get(CONF_SSL, False),
        verify_tls=data.get(CONF_VERIFY_SSL, True),
        timeout=REQUEST_TIMEOUT_S,
        modbus_port=data.get(CONF_MODBUS_PORT, DEFAULTS.modbus_port),
        kshell_port=data.get(CONF_KSHELL_PORT, DEFAULTS.kshell_port),
        snmp=snmp,
    )


def preferred_protocol(data: Mapping[str, Any]) -> Protocol | None:
    """Return the protocol the user chose, or None to let detection pick the richest one."""
    value = data.get(CONF_PROTOCOL, PROTOCOL_AUTO)
    return None if value == PROTOCOL_AUTO else Protocol(value)


def create_client(hass: HomeAssistant, data: Mapping[str, Any]) -> NetioClient:
    """Return a client on Home Assistant's shared HTTP session."""
    session: aiohttp.ClientSession = async_get_clientsession(hass)
    return NetioClient(connection_config(data), session=session)
