"""The panel's websocket commands: the live subscription and the options it edits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState, ConfigSubentryDataWithId
from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.netio.const import (
    CONF_BACKGROUND_DISCOVERY,
    CONF_CRITICAL_OUTPUTS,
    CONF_READ_ONLY,
    DOMAIN,
)
from custom_components.netio.watchdog.config import SUBENTRY_TYPE as WATCHDOG_SUBENTRY
from custom_components.netio.watchdog.runtime import watchdogs_of
from netio_simulator.runner import RunningDevice

from .conftest import entry_data


async def _subscribe(ws: Any) -> int:
    await ws.send_json_auto_id({"type": "netio/subscribe"})
    result = await ws.receive_json()
    assert result["success"], result
    return int(result["id"])


async def _devices(ws: Any) -> list[dict[str, Any]]:
    event = await ws.receive_json()
    assert event["type"] == "event", event
    devices: list[dict[str, Any]] = event["event"]["devices"]
    return devices


async def test_subscribe_sends_every_device(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
    device: RunningDevice,
) -> None:
    """The first event lists each NETIO entry with its outputs and the entities behind them."""
    ws = await hass_ws_client(hass)
    await _subscribe(ws)
    (payload,) = await _devices(ws)
    sim = device.device
    assert payload["entry_id"] == init_integration.entry_id
    assert payload["entry_state"] == "loaded"
    assert payload["available"] is True
    assert payload["model"] == "NETIO 4All"
    assert payload["protocol"] == "json"
    assert payload["host"] == "127.0.0.1"
    assert payload["poll_interval_s"] == 10
    assert payload["critical_outputs"] == []
    assert payload["device_id"] is not None
    assert [o["id"] for o in payload["outputs"]] == [1, 2, 3, 4]
    first = payload["outputs"][0]
    assert first["state"] is sim.output(1).state
    assert first["entity_id"] is not None
    assert hass.states.get(first["entity_id"]) is not None
    assert first["device_id"] is not None
    assert first["critical"] is False


async def test_subscription_follows_refreshes_and_commands(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
    device: RunningDevice,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A poll that sees a change on the device, and a switch through the service, push it."""
    ws = await hass_ws_client(hass)
    await _subscribe(ws)
    (payload,) = await _devices(ws)
    switch = payload["outputs"][0]["entity_id"]

    device.device.set_state(1, on=False)
    freezer.tick(timedelta(seconds=10))
    async_fire_time_changed(hass)
    event = await ws.receive_json()
    assert event["event"]["device"]["outputs"][0]["state"] is False

    await hass.services.async_call("switch", "turn_on", {"entity_id": switch}, blocking=True)
    event = await ws.receive_json()
    assert event["event"]["device"]["outputs"][0]["state"] is True
    assert device.device.output(1).state is True


async def test_subscription_follows_entry_changes(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """Unloading an entry pushes the list with the entry not loaded, and stops its updates."""
    ws = await hass_ws_client(hass)
    await _subscribe(ws)
    await _devices(ws)
    coordinator = init_integration.runtime_data
    await hass.config_entries.async_unload(init_integration.entry_id)
    await hass.async_block_till_done()
    while (devices := await _devices(ws))[0]["entry_state"] != "not_loaded":
        pass
    assert devices[0]["outputs"] == []
    assert devices[0]["available"] is False
    assert not coordinator._listeners


async def test_unsubscribe_stops_listening(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """Ending the subscription removes its coordinator listener."""
    coordinator = init_integration.runtime_data
    before = len(coordinator._listeners)
    ws = await hass_ws_client(hass)
    sub_id = await _subscribe(ws)
    await _devices(ws)
    assert len(coordinator._listeners) == before + 1
    await ws.send_json_auto_id({"type": "unsubscribe_events", "subscription": sub_id})
    assert (await ws.receive_json())["success"]
    assert len(coordinator._listeners) == before


async def test_set_options(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
) -> None:
    """Poll interval and critical outputs change as in the options flow; other options stay."""
    hass.config_entries.async_update_entry(
        init_integration, options={**init_integration.options, CONF_READ_ONLY: False}
    )
    await hass.async_block_till_done()
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {
            "type": "netio/device/set_options",
            "entry_id": init_integration.entry_id,
            CONF_SCAN_INTERVAL: 30,
            CONF_CRITICAL_OUTPUTS: [3, 1, 3],
        }
    )
    result = await ws.receive_json()
    assert result["success"], result
    await hass.async_block_till_done()
    assert init_integration.options == {
        CONF_READ_ONLY: False,
        CONF_SCAN_INTERVAL: 30,
        CONF_CRITICAL_OUTPUTS: ["1", "3"],
    }
    assert result["result"]["options"] == init_integration.options
    # the entry reloaded with the new interval
    assert init_integration.state is ConfigEntryState.LOADED
    assert init_integration.runtime_data.update_interval == timedelta(seconds=30)

    await ws.send_json_auto_id(
        {"type": "netio/device/set_options", "entry_id": init_integration.entry_id}
    )
    assert (await ws.receive_json())["success"]
    assert init_integration.options[CONF_CRITICAL_OUTPUTS] == ["1", "3"]


@pytest.mark.parametrize(
    ("message", "code", "key"),
    [
        ({"entry_id": "nope"}, "not_found", "entry_not_found"),
        ({CONF_CRITICAL_OUTPUTS: [9]}, "invalid_input", "unknown_output"),
        ({CONF_SCAN_INTERVAL: 0}, "invalid_format", None),
        ({CONF_SCAN_INTERVAL: "often"}, "invalid_format", None),
        ({CONF_CRITICAL_OUTPUTS: ["x"]}, "invalid_format", None),
    ],
)
async def test_set_options_bad_input(  # noqa: PLR0917 - fixtures and parameters
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    init_integration: MockConfigEntry,
    message: dict[str, Any],
    code: str,
    key: str | None,
) -> None:
    """Bad input gets a clear, translated error and changes nothing."""
    before = dict(init_integration.options)
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {"type": "netio/device/set_options", "entry_id": init_integration.entry_id, **message}
    )
    result = await ws.receive_json()
    assert not result["success"]
    assert result["error"]["code"] == code
    if key is not None:
        assert result["error"]["translation_key"] == key
        assert result["error"]["translation_domain"] == DOMAIN
        assert "{" not in result["error"]["message"]
    assert dict(init_integration.options) == before


async def test_set_options_entry_not_loaded(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, device: RunningDevice
) -> None:
    """Critical outputs of a device that is not loaded cannot be checked, so they are refused.

    The poll interval needs no device and is stored.
    """
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Shelf",
        unique_id="x",
        data=entry_data(device, port=1),  # nothing listens there: the setup is retried
        version=2,
    )
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {"type": "netio/device/set_options", "entry_id": entry.entry_id, CONF_CRITICAL_OUTPUTS: []}
    )
    result = await ws.receive_json()
    assert result["error"]["code"] == "not_loaded"
    assert result["error"]["message"] == "Shelf is not loaded"
    await ws.send_json_auto_id(
        {"type": "netio/device/set_options", "entry_id": entry.entry_id, CONF_SCAN_INTERVAL: 5}
    )
    assert (await ws.receive_json())["success"]
    assert entry.options == {CONF_SCAN_INTERVAL: 5}


async def test_other_domains_entries_are_not_found(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, init_integration: MockConfigEntry
) -> None:
    """An entry of another integration is no NETIO device."""
    other = MockConfigEntry(domain="demo")
    other.add_to_hass(hass)
    ws = await hass_ws_client(hass)
    await ws.send_json_auto_id(
        {"type": "netio/device/set_options", "entry_id": other.entry_id, CONF_SCAN_INTERVAL: 5}
    )
    result = await ws.receive_json()
    assert result["error"]["code"] == "not_found"
    assert other.entry_id in result["error"]["message"]


@pytest.mark.parametrize(
    "message",
    [
        {"type": "netio/subscribe"},
        {"type": "netio/device/set_options", "entry_id": "x", CONF_SCAN_INTERVAL: 5},
    ],
)
async def test_commands_need_an_admin(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_read_only_access_token: str,
    init_integration: MockConfigEntry,
    message: dict[str, Any],
) -> None:
    """A non-admin user is refused (the subscription carries connection details)."""
    ws = await hass_ws_client(hass, hass_read_only_access_token)
    await ws.send_json_auto_id(message)
    result = await ws.receive_json()
    assert not result["success"]
    assert result["error"]["code"] == "unauthorized"


async def test_subscription_carries_watchdogs(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, device: RunningDevice
) -> None:
    """Each device lists its watchdogs, and a watchdog's change is pushed at once."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Office",
        unique_id="office",
        data=entry_data(device),
        options={CONF_BACKGROUND_DISCOVERY: False},
        version=2,
        subentries_data=[
            ConfigSubentryDataWithId(
                data={
                    "output": 2,
                    "method": "tcp",
                    "target": "127.0.0.1",
                    "port": 9,
                    "interval": 10,
                    "timeout": 1,
                    "max_timeouts": 2,
                    "time_to_reboot": 60,
                    "start_delay": 300,
                    "max_restarts": 2,
                    "action": "power_cycle",
                    "pulse": 2,
                },
                subentry_id="01KWATCHDOG",
                subentry_type=WATCHDOG_SUBENTRY,
                title="Router",
                unique_id=None,
            )
        ],
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    ws = await hass_ws_client(hass)
    await _subscribe(ws)
    (payload,) = await _devices(ws)
    (watchdog,) = payload["watchdogs"]
    assert watchdog["subentry_id"] == "01KWATCHDOG"
    assert watchdog["name"] == "Router"
    assert watchdog["output_id"] == 2
    assert watchdog["enabled"] is True
    assert watchdog["restarts"] == 0

    watchdogs_of(entry).watchdogs["01KWATCHDOG"].runner.set_enabled(False)
    event = await ws.receive_json()
    assert event["event"]["device"]["watchdogs"][0]["enabled"] is False
    await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
