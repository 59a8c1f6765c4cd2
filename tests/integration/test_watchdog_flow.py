"""Watchdog subentries: add (form or NETIO JSON), reconfigure, delete, every validation error."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigSubentryData
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.watchdog.config import SUBENTRY_TYPE

SETTINGS: dict[str, Any] = {
    "name": "Office router",
    "output": "2",
    "method": "ping",
    "target": "127.0.0.1",
    "interval": 30,
    "timeout": 5,
    "max_timeouts": 3,
    "time_to_reboot": 120,
    "start_delay": 60,
    "max_restarts": 3,
    "action": "power_cycle",
}


async def _open_form(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["settings", "netio_json"]
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "settings"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "settings"
    return dict(result)


def _suggested(result: dict[str, Any]) -> dict[str, Any]:
    return {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description and "suggested_value" in key.description
    }


async def test_add_watchdog(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    result = await _open_form(hass, init_integration)
    assert result["description_placeholders"] == {"device": init_integration.title}
    options = result["data_schema"].schema
    output_key = next(key for key in options if str(key) == "output")
    labels = [o["label"] for o in options[output_key].config["options"]]
    assert len(labels) == 4
    assert labels[1].startswith("2: ")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**SETTINGS, "name": "  Office router ", "pulse": 2.5, "port": 22.0}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert result["title"] == "Office router"
    (subentry,) = init_integration.subentries.values()
    assert subentry.subentry_type == SUBENTRY_TYPE
    assert subentry.title == "Office router"
    assert dict(subentry.data) == {
        **{k: v for k, v in SETTINGS.items() if k != "name"},
        "output": 2,
        "pulse": 2.5,
        "port": 22,
    }


async def test_add_from_netio_json(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    result = await hass.config_entries.subentries.async_init(
        (init_integration.entry_id, SUBENTRY_TYPE), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"next_step_id": "netio_json"}
    )
    assert result["step_id"] == "netio_json"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"netio_json": '{"target": 5}'}
    )
    assert result["errors"] == {"netio_json": "invalid_netio_json"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "netio_json": '{"CR01_WDT": {"target":"127.0.0.1","pingInterval":60,"timeout":5,'
            '"maxTimeouts":0,"timeToReboot":120,"maxRestarts":-1}}'
        },
    )
    assert result["step_id"] == "settings"
    suggested = _suggested(dict(result))
    assert suggested["name"] == "CR01_WDT"
    assert suggested["target"] == "127.0.0.1"
    assert suggested["interval"] == 60
    assert suggested["max_timeouts"] == 0
    assert suggested["max_restarts"] == -1
    assert suggested["start_delay"] == 60  # our default where NETIO's JSON says nothing
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {**SETTINGS, "name": "CR01_WDT", "interval": 60, "max_timeouts": 0, "max_restarts": -1},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    (subentry,) = init_integration.subentries.values()
    assert subentry.data["max_restarts"] == -1


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": "  "}, {"name": "name_required"}),
        ({"interval": 0}, {"interval": "out_of_range"}),
        ({"interval": 86_401}, {"interval": "out_of_range"}),
        ({"timeout": 601, "interval": 700}, {"timeout": "out_of_range"}),
        ({"max_timeouts": 1.5}, {"max_timeouts": "out_of_range"}),
        ({"max_restarts": -2}, {"max_restarts": "out_of_range"}),
        ({"time_to_reboot": -1}, {"time_to_reboot": "out_of_range"}),
        ({"start_delay": 90_000}, {"start_delay": "out_of_range"}),
        ({"pulse": 0.05}, {"pulse": "out_of_range"}),
        ({"port": 70_000}, {"port": "out_of_range"}),
        ({"timeout": 40}, {"timeout": "timeout_above_interval"}),
        ({"target": "http://127.0.0.1/"}, {"target": "url_needs_http"}),
        ({"method": "http", "target": "ftp://127.0.0.1/"}, {"target": "invalid_url"}),
        ({"method": "http", "target": "http:///x"}, {"target": "invalid_url"}),
        ({"method": "http", "target": "http://[::1/"}, {"target": "invalid_url"}),
        ({"method": "tcp"}, {"port": "port_required"}),
        ({"target": ""}, {"target": "cannot_resolve"}),
    ],
)
async def test_validation_errors(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    changes: dict[str, Any],
    errors: dict[str, str],
) -> None:
    result = await _open_form(hass, init_integration)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {**SETTINGS, **changes}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert init_integration.subentries == {}
    # what was entered stays in the form
    assert _suggested(dict(result))["interval"] == {**SETTINGS, **changes}["interval"]


async def test_target_that_does_not_resolve(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await _open_form(hass, init_integration)
    # The name lookup is replaced: a real lookup of an unknown name would leave this machine.
    with patch("custom_components.netio.watchdog.flow.async_resolve", return_value=[]):
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**SETTINGS, "target": "no-such-router.invalid"}
        )
    assert result["errors"] == {"target": "cannot_resolve"}
    with patch("custom_components.netio.watchdog.flow.async_resolve", return_value=["127.0.0.1"]):
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**SETTINGS, "method": "http", "target": "http://router.lan:8080/"}
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()


async def test_output_gone_while_the_form_was_open(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    result = await _open_form(hass, init_integration)
    coordinator = init_integration.runtime_data
    data = coordinator.data
    outputs = {k: v for k, v in data.outputs.items() if k != 2}
    coordinator.data = replace(data, outputs=outputs)
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], SETTINGS)
    assert result["errors"] == {"output": "output_missing"}


def _with_watchdogs(entry: MockConfigEntry, *names: str) -> MockConfigEntry:
    entry.subentries = {}  # type: ignore[misc]
    return MockConfigEntry(
        domain=entry.domain,
        title=entry.title,
        unique_id=entry.unique_id,
        data=dict(entry.data),
        version=entry.version,
        minor_version=entry.minor_version,
        subentries_data=[
            ConfigSubentryData(
                data={k: v for k, v in SETTINGS.items() if k != "name"} | {"output": 2},
                subentry_type=SUBENTRY_TYPE,
                title=name,
                unique_id=None,
            )
            for name in names
        ],
    )


class TestWithWatchdogs:
    """An entry that has two watchdogs already."""

    @pytest.fixture
    def config_entry(self, config_entry: MockConfigEntry) -> MockConfigEntry:
        """The device's entry with two watchdogs."""
        return _with_watchdogs(config_entry, "Office router", "NAS")

    async def test_name_taken(self, hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
        """Another watchdog's name is refused."""
        result = await _open_form(hass, init_integration)
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**SETTINGS, "name": "nas"}
        )
        assert result["errors"] == {"name": "name_taken"}

    async def test_reconfigure(
        self, hass: HomeAssistant, init_integration: MockConfigEntry
    ) -> None:
        """The form comes filled; saving changes the subentry."""
        subentry = next(
            s for s in init_integration.subentries.values() if s.title == "Office router"
        )
        result = await hass.config_entries.subentries.async_init(
            (init_integration.entry_id, SUBENTRY_TYPE),
            context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry.subentry_id},
        )
        assert result["step_id"] == "settings"
        suggested = _suggested(dict(result))
        assert suggested["name"] == "Office router"
        assert suggested["output"] == "2"
        # its own name is not taken; another watchdog's is
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**SETTINGS, "name": "NAS"}
        )
        assert result["errors"] == {"name": "name_taken"}
        result = await hass.config_entries.subentries.async_configure(
            result["flow_id"], {**SETTINGS, "interval": 10}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "reconfigure_successful"
        await hass.async_block_till_done()
        subentry = init_integration.subentries[subentry.subentry_id]
        assert subentry.data["interval"] == 10
        assert subentry.title == "Office router"

    async def test_delete(self, hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
        """Removing one keeps the other."""
        subentry = next(iter(init_integration.subentries.values()))
        assert hass.config_entries.async_remove_subentry(init_integration, subentry.subentry_id)
        await hass.async_block_till_done()
        assert subentry.subentry_id not in init_integration.subentries
        assert len(init_integration.subentries) == 1

    async def test_not_loaded_aborts(
        self, hass: HomeAssistant, config_entry: MockConfigEntry
    ) -> None:
        """Without a connected device there are no outputs to choose."""
        config_entry.add_to_hass(hass)
        result = await hass.config_entries.subentries.async_init(
            (config_entry.entry_id, SUBENTRY_TYPE), context={"source": SOURCE_USER}
        )
        assert result["type"] is FlowResultType.ABORT
        assert result["reason"] == "entry_not_loaded"
        subentry = next(iter(config_entry.subentries.values()))
        result = await hass.config_entries.subentries.async_init(
            (config_entry.entry_id, SUBENTRY_TYPE),
            context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry.subentry_id},
        )
        assert result["reason"] == "entry_not_loaded"
