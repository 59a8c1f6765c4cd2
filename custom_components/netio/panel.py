"""The NETIO sidebar panel and the dashboard card: serving, registering and cleaning up.

The bundles are built from `panel/` into `frontend/` and committed, so nothing is built at runtime.
The panel is registered once per Home Assistant instance while at least one NETIO entry is loaded;
the card's module is a Lovelace resource in storage mode (a YAML dashboard setup gets a one-line
instruction in the log instead), kept at the integration's version so browsers fetch a new card
after an upgrade, and removed when the last NETIO entry is removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from homeassistant.components import frontend, panel_custom
from homeassistant.components.http import StaticPathConfig
from homeassistant.components.lovelace.const import CONF_RESOURCE_TYPE_WS, LOVELACE_DATA
from homeassistant.components.lovelace.resources import ResourceStorageCollection
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_ID, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN, LOGGER

PANEL_URL_PATH = DOMAIN
PANEL_ELEMENT = "netio-panel"
PANEL_ICON = "mdi:power-socket-eu"
PANEL_TITLE = "NETIO"
STATIC_URL = f"/{DOMAIN}_frontend"
PANEL_MODULE = "netio-panel.js"
CARD_MODULE = "netio-outlets-card.js"
CARD_URL = f"{STATIC_URL}/{CARD_MODULE}"
FRONTEND_DIR = Path(__file__).parent / "frontend"


@dataclass
class _FrontendState:
    static_registered: bool = False


DATA_FRONTEND: HassKey[_FrontendState] = HassKey(f"{DOMAIN}_frontend")


async def _async_version(hass: HomeAssistant) -> str:
    """The integration's version, which busts browser caches of the bundles on upgrade."""
    return str((await async_get_integration(hass, DOMAIN)).version)


async def async_register_frontend(hass: HomeAssistant) -> None:
    """Serve the bundles and show the panel; idempotent, called for every entry set up."""
    state = hass.data.setdefault(DATA_FRONTEND, _FrontendState())
    version = await _async_version(hass)
    if not state.static_registered:
        # Static routes cannot be removed again: register them once per instance.
        await hass.http.async_register_static_paths(
            [StaticPathConfig(STATIC_URL, str(FRONTEND_DIR), cache_headers=False)]
        )
        state.static_registered = True
    if not frontend.async_panel_exists(hass, PANEL_URL_PATH):
        await panel_custom.async_register_panel(
            hass,
            frontend_url_path=PANEL_URL_PATH,
            webcomponent_name=PANEL_ELEMENT,
            sidebar_title=PANEL_TITLE,
            sidebar_icon=PANEL_ICON,
            module_url=f"{STATIC_URL}/{PANEL_MODULE}?v={version}",
            require_admin=True,
            config_panel_domain=DOMAIN,
        )
    await _async_ensure_card_resource(hass, f"{CARD_URL}?v={version}")


def async_unregister_panel(hass: HomeAssistant, unloading_entry_id: str) -> None:
    """Take the panel out of the sidebar when the last loaded NETIO entry unloads."""
    others_loaded = any(
        entry.entry_id != unloading_entry_id and entry.state is ConfigEntryState.LOADED
        for entry in hass.config_entries.async_entries(DOMAIN)
    )
    if not others_loaded and frontend.async_panel_exists(hass, PANEL_URL_PATH):
        frontend.async_remove_panel(hass, PANEL_URL_PATH)


def _card_resources(resources: ResourceStorageCollection) -> list[dict[str, str]]:
    return [
        item
        for item in resources.async_items()
        if str(item.get(CONF_URL, "")).split("?", 1)[0] == CARD_URL
    ]


async def _async_ensure_card_resource(hass: HomeAssistant, url: str) -> None:
    """Add the card's module to the dashboards' resources, or bring it to this version."""
    if (lovelace := hass.data.get(LOVELACE_DATA)) is None:
        return
    resources = lovelace.resources
    if not isinstance(resources, ResourceStorageCollection):
        if not any(
            str(item.get(CONF_URL, "")).split("?", 1)[0] == CARD_URL
            for item in resources.async_items()
        ):
            LOGGER.info(
                "To use the NETIO outlets card, add this to the resources of your YAML "
                "dashboards: {url: %s, type: module}",
                url,
            )
        return
    # Loading is lazy; the collection's own methods load it, async_items() does not.
    await resources.async_get_info()
    existing = _card_resources(resources)
    if not existing:
        await resources.async_create_item({CONF_RESOURCE_TYPE_WS: "module", CONF_URL: url})
        LOGGER.debug("Added the outlets card to the dashboard resources")
        return
    first, *duplicates = existing
    if first[CONF_URL] != url:
        await resources.async_update_item(first[CONF_ID], {CONF_URL: url})
    for item in duplicates:
        await resources.async_delete_item(item[CONF_ID])


async def async_remove_card_resource(hass: HomeAssistant) -> None:
    """Remove the card's module from the dashboards' resources (the last entry is removed)."""
    if hass.config_entries.async_entries(DOMAIN):
        return
    if (lovelace := hass.data.get(LOVELACE_DATA)) is None:
        return
    resources = lovelace.resources
    if not isinstance(resources, ResourceStorageCollection):
        return
    await resources.async_get_info()
    for item in _card_resources(resources):
        await resources.async_delete_item(item[CONF_ID])
