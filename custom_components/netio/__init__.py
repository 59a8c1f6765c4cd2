"""NETIO network power strips in Home Assistant."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.typing import ConfigType
import probatio as vol

from .connection import create_client
from .const import (
    CONF_DISCOVERY_ADDRESS,
    CONF_DISCOVERY_PORT,
    CONF_DISCOVERY_REPLY_PORT,
    CONF_PROTOCOL,
    DOMAIN,
    LOGGER,
)
from .coordinator import NetioConfigEntry, NetioCoordinator
from .discovery import DiscoverySettings, async_start_background_discovery
from .output_devices import async_track_output_names, output_device_identifier
from .panel import async_register_frontend, async_remove_card_resource, async_unregister_panel
from .rules.blueprints import async_install_blueprints
from .services import async_setup_services
from .settings import NetioSettingsCoordinator, create_config_api, has_configuration_access
from .watchdog.runtime import async_setup_watchdogs, async_start_watchdogs
from .websocket_api import async_setup_websocket_api

PLATFORMS = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
    Platform.TEXT,
]

# Optional YAML: where the UDP discover request goes (a directed broadcast for another subnet).
# Reply port 0 listens on any free port, for responders that answer the request's source port.
CONFIG_SCHEMA = vol.Schema(
    {
        vol.Optional(DOMAIN): vol.Schema(
            {
                vol.Optional(CONF_DISCOVERY_ADDRESS): cv.string,
                vol.Optional(CONF_DISCOVERY_PORT): cv.port,
                vol.Optional(CONF_DISCOVERY_REPLY_PORT): vol.All(
                    vol.Coerce(int), vol.Range(min=0, max=65535)
                ),
            }
        )
    },
    extra=vol.ALLOW_EXTRA,
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions and start looking for devices on the network."""
    async_setup_services(hass)
    async_setup_websocket_api(hass)
    async_start_background_discovery(hass, DiscoverySettings.from_config(config.get(DOMAIN, {})))
    return True


async def async_setup_entry(hass: HomeAssistant, entry: NetioConfigEntry) -> bool:
    """Connect to the device and set up its entities."""
    coordinator = NetioCoordinator(hass, entry, create_client(hass, entry.data))
    try:
        await coordinator.async_config_entry_first_refresh()
    except BaseException:
        await coordinator.client.close()
        raise
    entry.runtime_data = coordinator
    if has_configuration_access(entry.data):
        # Optional: the device works without it, so a failed first read only makes the
        # settings entities unavailable until the next one. Its shutdown comes with the unload.
        coordinator.settings = NetioSettingsCoordinator(
            hass, entry, create_config_api(hass, entry.data)
        )
        await coordinator.settings.async_refresh()
    # The outputs' devices hang under this one (via_device_id), so it must exist before them.
    coordinator.device_id = (
        dr.async_get(hass)
        .async_get_or_create(config_entry_id=entry.entry_id, **coordinator.device_info)
        .id
    )
    await async_setup_watchdogs(hass, entry)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_install_blueprints(hass)
    async_track_output_names(entry)
    async_start_watchdogs(entry)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    await async_register_frontend(hass)
    return True


async def _async_options_updated(hass: HomeAssistant, entry: NetioConfigEntry) -> None:
    """Apply new options (interval, read-only mode, critical outputs) by reloading."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: NetioConfigEntry) -> bool:
    """Unload the entities and close the connection to the device."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_shutdown()
        async_unregister_panel(hass, entry.entry_id)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: NetioConfigEntry) -> None:
    """Remove the dashboard card's resource with the last NETIO entry."""
    await async_remove_card_resource(hass)


async def async_migrate_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Take over entries of the built-in integration (version 1).

    The built-in integration stores host, port, username, password, ssl and verify_ssl and always
    speaks the JSON API; its unique ID (the device serial) and its switches' unique IDs are the
    ones this integration uses, so entity IDs and history carry over unchanged.
    """
    if entry.version == 1:
        data = {**entry.data}
        data.setdefault(CONF_PROTOCOL, "json")
        hass.config_entries.async_update_entry(entry, data=data, version=2, minor_version=1)
        LOGGER.debug("Migrated %s from the built-in integration's format", entry.title)
    return True


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: NetioConfigEntry, device: dr.DeviceEntry
) -> bool:
    """Allow removing a device this entry no longer provides: an old serial, a gone output.

    The PDU and the device of every output it reports now are refused.
    """
    coordinator = entry.runtime_data
    current = {(DOMAIN, coordinator.serial)} | {
        output_device_identifier(coordinator.serial, output_id)
        for output_id in coordinator.data.outputs
    }
    return not current & device.identifiers
