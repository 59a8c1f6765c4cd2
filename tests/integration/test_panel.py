"""The sidebar panel and the card's dashboard resource come and go with the NETIO entries."""

from __future__ import annotations

from homeassistant.components.frontend import DATA_PANELS
from homeassistant.components.lovelace.const import LOVELACE_DATA
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netio.const import CONF_CRITICAL_OUTPUTS, DOMAIN
from custom_components.netio.panel import CARD_URL, FRONTEND_DIR, PANEL_URL_PATH
from netio_simulator.runner import RunningDevice

from .conftest import entry_data

VERSION = "0.1.0"


def _resources(hass: HomeAssistant) -> list[str]:
    return [item["url"] for item in hass.data[LOVELACE_DATA].resources.async_items()]


def _entry(device: RunningDevice, unique_id: str) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN, title=unique_id, unique_id=unique_id, data=entry_data(device), version=2
    )


async def test_panel_and_card_registered(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """An admin-only panel of the integration, served with the version in its URL."""
    panel = hass.data[DATA_PANELS][PANEL_URL_PATH]
    assert panel.require_admin is True
    assert panel.config_panel_domain == DOMAIN
    assert panel.sidebar_title == "NETIO"
    custom = panel.config["_panel_custom"]
    assert custom["name"] == "netio-panel"
    assert custom["module_url"] == f"/netio_frontend/netio-panel.js?v={VERSION}"
    assert _resources(hass) == [f"{CARD_URL}?v={VERSION}"]

    client = await hass_client()
    for name in ("netio-panel.js", "netio-outlets-card.js"):
        response = await client.get(f"/netio_frontend/{name}")
        assert response.status == 200
        assert await response.read() == (FRONTEND_DIR / name).read_bytes()


async def test_panel_stays_while_an_entry_is_loaded(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """Two entries register once; the panel leaves with the last one and comes back."""
    first, second = _entry(device, "a"), _entry(device, "b")
    for entry in (first, second):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    assert len(_resources(hass)) == 1

    await hass.config_entries.async_unload(first.entry_id)
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    await hass.config_entries.async_unload(second.entry_id)
    assert PANEL_URL_PATH not in hass.data[DATA_PANELS]

    assert await hass.config_entries.async_setup(first.entry_id)
    await hass.async_block_till_done()
    assert PANEL_URL_PATH in hass.data[DATA_PANELS]
    await hass.config_entries.async_unload(first.entry_id)
    await hass.async_block_till_done()


async def test_card_resource_updated_and_removed(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """An old version's resource is updated, a duplicate dropped; both go with the last entry.

    Other resources stay.
    """
    assert await async_setup_component(hass, "lovelace", {})
    resources = hass.data[LOVELACE_DATA].resources
    await resources.async_create_item({"res_type": "module", "url": f"{CARD_URL}?v=0.0.1"})
    await resources.async_create_item({"res_type": "module", "url": CARD_URL})
    await resources.async_create_item({"res_type": "module", "url": "/local/other.js"})

    first, second = _entry(device, "a"), _entry(device, "b")
    for entry in (first, second):
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert sorted(_resources(hass)) == ["/local/other.js", f"{CARD_URL}?v={VERSION}"]

    await hass.config_entries.async_remove(first.entry_id)
    assert sorted(_resources(hass)) == ["/local/other.js", f"{CARD_URL}?v={VERSION}"]
    await hass.config_entries.async_remove(second.entry_id)
    assert _resources(hass) == ["/local/other.js"]


async def test_yaml_dashboards_get_an_instruction(
    hass: HomeAssistant, device: RunningDevice, caplog: pytest.LogCaptureFixture
) -> None:
    """Resources in YAML cannot be written: the log says what to add, once it is missing."""
    assert await async_setup_component(
        hass, "lovelace", {"lovelace": {"resource_mode": "yaml", "resources": []}}
    )
    entry = _entry(device, "a")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert f"{{url: {CARD_URL}?v={VERSION}, type: module}}" in caplog.text
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.config_entries.async_remove(entry.entry_id)


async def test_yaml_dashboards_with_the_card_stay_quiet(
    hass: HomeAssistant, device: RunningDevice, caplog: pytest.LogCaptureFixture
) -> None:
    """A YAML setup that lists the card already gets no instruction."""
    assert await async_setup_component(
        hass,
        "lovelace",
        {"lovelace": {"resource_mode": "yaml", "resources": [{"url": CARD_URL, "type": "module"}]}},
    )
    entry = _entry(device, "a")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert "NETIO outlets card" not in caplog.text
    await hass.config_entries.async_unload(entry.entry_id)


async def test_critical_outputs_say_so(hass: HomeAssistant, device: RunningDevice) -> None:
    """The switch of a critical output carries `critical: true`, so the card can confirm first."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="a",
        unique_id="a",
        data=entry_data(device),
        options={CONF_CRITICAL_OUTPUTS: ["2"]},
        version=2,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    entities = er.async_get(hass)
    critical = hass.states.get(str(entities.async_get_entity_id("switch", DOMAIN, "a_2")))
    plain = hass.states.get(str(entities.async_get_entity_id("switch", DOMAIN, "a_1")))
    assert critical is not None
    assert critical.attributes["critical"] is True
    assert plain is not None
    assert "critical" not in plain.attributes
    await hass.config_entries.async_unload(entry.entry_id)
