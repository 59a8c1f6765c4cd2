"""Finding NETIO devices with NETIO's UDP discover, on request and in the background."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from homeassistant.config_entries import SOURCE_INTEGRATION_DISCOVERY
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import discovery_flow
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util.hass_dict import HassKey

from .client.discovery import DiscoveredDevice, discover
from .client.errors import NetioError
from .const import (
    CONF_BACKGROUND_DISCOVERY,
    CONF_DISCOVERY_ADDRESS,
    CONF_DISCOVERY_PORT,
    CONF_DISCOVERY_REPLY_PORT,
    DEFAULT_DISCOVERY_ADDRESS,
    DEFAULT_DISCOVERY_PORT,
    DEFAULT_DISCOVERY_REPLY_PORT,
    DISCOVERY_INTERVAL,
    DISCOVERY_TIMEOUT_S,
    DOMAIN,
    LOGGER,
)

DISCOVERY_SETTINGS: HassKey[DiscoverySettings] = HassKey(f"{DOMAIN}_discovery")


@dataclass(frozen=True, slots=True)
class DiscoverySettings:
    """Where the discover request goes and where replies come back."""

    address: str = DEFAULT_DISCOVERY_ADDRESS
    port: int = DEFAULT_DISCOVERY_PORT
    reply_port: int = DEFAULT_DISCOVERY_REPLY_PORT

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Self:
        """Read the optional YAML settings."""
        return cls(
            address=config.get(CONF_DISCOVERY_ADDRESS, DEFAULT_DISCOVERY_ADDRESS),
            port=config.get(CONF_DISCOVERY_PORT, DEFAULT_DISCOVERY_PORT),
            reply_port=config.get(CONF_DISCOVERY_REPLY_PORT, DEFAULT_DISCOVERY_REPLY_PORT),
        )


async def async_discover(hass: HomeAssistant) -> list[DiscoveredDevice]:
    """Ask the network for NETIO devices; an unusable network gives an empty list."""
    settings = hass.data.get(DISCOVERY_SETTINGS, DiscoverySettings())
    try:
        return await discover(
            timeout=DISCOVERY_TIMEOUT_S,
            target=settings.address,
            request_port=settings.port,
            reply_port=settings.reply_port,
        )
    except (NetioError, OSError) as err:
        LOGGER.debug("NETIO discovery failed: %s", err)
        return []


async def async_identify_host(hass: HomeAssistant, host: str) -> DiscoveredDevice | None:
    """The device at `host` as it answers a discover request sent to it alone.

    Modbus, SNMP and KSHELL do not tell a device's serial or MAC; NETIO discover does.
    """
    settings = hass.data.get(DISCOVERY_SETTINGS, DiscoverySettings())
    try:
        found = await discover(
            timeout=DISCOVERY_TIMEOUT_S,
            target=host,
            request_port=settings.port,
            reply_port=settings.reply_port,
        )
    except (NetioError, OSError) as err:
        LOGGER.debug("NETIO discover to %s failed: %s", host, err)
        return None
    # A host name is answered from the device's IP, so a single reply is the device asked.
    if len(found) == 1:
        return found[0]
    return next((device for device in found if host in (device.host, device.ip)), None)


def background_discovery_enabled(hass: HomeAssistant) -> bool:
    """Scan unless every configured device has background discovery turned off."""
    entries = hass.config_entries.async_entries(DOMAIN)
    return not entries or any(
        entry.options.get(CONF_BACKGROUND_DISCOVERY, True) for entry in entries
    )


async def async_scan_and_offer(hass: HomeAssistant) -> None:
    """Offer every device found (flows for known ones only update their address)."""
    for device in await async_discover(hass):
        discovery_flow.async_create_flow(
            hass,
            DOMAIN,
            context={"source": SOURCE_INTEGRATION_DISCOVERY},
            data=device_to_flow_data(device),
        )


def device_to_flow_data(device: DiscoveredDevice) -> dict[str, Any]:
    """What an integration_discovery flow needs of a discovered device."""
    return {
        "host": device.host,
        "mac": device.mac,
        "name": device.device_name or device.pretty_name or device.product or device.host,
        "model": device.pretty_name or device.product,
    }


@callback
def async_start_background_discovery(hass: HomeAssistant, settings: DiscoverySettings) -> None:
    """Scan every few minutes, from the first interval on (not at startup)."""
    hass.data[DISCOVERY_SETTINGS] = settings

    async def _async_scan(_now: object) -> None:
        if background_discovery_enabled(hass):
            await async_scan_and_offer(hass)

    async_track_time_interval(
        hass, _async_scan, DISCOVERY_INTERVAL, name="NETIO discovery", cancel_on_shutdown=True
    )
