"""The integration loads in a real Home Assistant."""

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_custom_components, async_get_integration
from homeassistant.setup import async_setup_component

from custom_components.netio.const import DOMAIN

MANIFEST = Path(__file__).parents[2] / "custom_components" / "netio" / "manifest.json"


async def test_loads_as_custom_integration(hass: HomeAssistant) -> None:
    """Home Assistant finds our netio (overriding the built-in one) and sets it up."""
    custom = await async_get_custom_components(hass)
    assert DOMAIN in custom
    integration = await async_get_integration(hass, DOMAIN)
    assert not integration.is_built_in
    assert integration.version is not None
    assert str(integration.version) == json.loads(MANIFEST.read_text())["version"]

    assert await async_setup_component(hass, DOMAIN, {})
    assert DOMAIN in hass.config.components
