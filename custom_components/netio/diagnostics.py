"""Diagnostics: what the integration knows of a device, with secrets and identities redacted."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant

from .const import (
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_COMMUNITY_READ,
    CONF_SNMP_COMMUNITY_WRITE,
    CONF_SNMP_PRIV_KEY,
    CONF_SNMP_USERNAME,
)
from .coordinator import NetioConfigEntry

TO_REDACT = {
    CONF_HOST,
    CONF_PASSWORD,
    CONF_USERNAME,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_COMMUNITY_READ,
    CONF_SNMP_COMMUNITY_WRITE,
    CONF_SNMP_PRIV_KEY,
    CONF_SNMP_USERNAME,
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    "serial",
    "mac",
    "unique_id",
    "title",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: NetioConfigEntry
) -> dict[str, Any]:
    """Return the entry's settings and the device's last state."""
    coordinator = entry.runtime_data
    state = coordinator.data
    return {
        "entry": async_redact_data(
            {
                "title": entry.title,
                "unique_id": entry.unique_id,
                "version": f"{entry.version}.{entry.minor_version}",
                "data": dict(entry.data),
                "options": dict(entry.options),
            },
            TO_REDACT,
        ),
        "protocol": coordinator.protocol,
        "capabilities": asdict(coordinator.client.capabilities),
        "last_update_success": coordinator.last_update_success,
        "state": async_redact_data(asdict(state), TO_REDACT) if state else None,
        "output_settings": (
            {str(k): asdict(v) for k, v in (settings.data or {}).items()}
            if (settings := coordinator.settings) is not None
            else None
        ),
    }
