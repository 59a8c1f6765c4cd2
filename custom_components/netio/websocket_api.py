"""Websocket commands of the NETIO panel.

The panel reads everything from one subscription, `netio/subscribe`, which pushes a device's
snapshot whenever its coordinator refreshes or one of its watchdogs changes, and the whole list
whenever a NETIO entry changes (loaded, unloaded, options changed). It changes settings through
admin-only commands here, and switches outputs through Home Assistant's own services, so there is
one way to switch an output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components import websocket_api
from homeassistant.config_entries import (
    SIGNAL_CONFIG_ENTRY_CHANGED,
    ConfigEntry,
    ConfigEntryChange,
    ConfigEntryState,
)
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SCAN_INTERVAL, Platform
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.helpers.dispatcher import async_dispatcher_connect
import probatio as vol

from .const import (
    CONF_CRITICAL_OUTPUTS,
    CONF_READ_ONLY,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    MAX_SCAN_INTERVAL_S,
    MIN_SCAN_INTERVAL_S,
)
from .coordinator import NetioConfigEntry, NetioCoordinator
from .output_devices import output_device_identifier, output_device_name
from .watchdog.runtime import DATA_MANAGERS, WatchdogManager

ERR_NOT_FOUND = "not_found"
ERR_NOT_LOADED = "not_loaded"
ERR_INVALID = "invalid_input"


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the commands (once, in async_setup)."""
    websocket_api.async_register_command(hass, ws_subscribe)
    websocket_api.async_register_command(hass, ws_set_options)


def _send_error(
    connection: websocket_api.ActiveConnection,
    msg_id: int,
    code: str,
    key: str,
    **placeholders: str,
) -> None:
    """Answer with a translated error (the same message an action would raise)."""
    err = ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )
    connection.send_error(
        msg_id,
        code,
        str(err),
        translation_key=key,
        translation_domain=DOMAIN,
        translation_placeholders=placeholders,
    )


def _entity_id(registry: er.EntityRegistry, platform: Platform, unique_id: str) -> str | None:
    return registry.async_get_entity_id(platform, DOMAIN, unique_id)


def _output_payload(
    coordinator: NetioCoordinator,
    entities: er.EntityRegistry,
    devices: dr.DeviceRegistry,
    critical: set[int],
) -> list[dict[str, Any]]:
    serial = coordinator.serial
    outputs: list[dict[str, Any]] = []
    for output_id, output in sorted(coordinator.data.outputs.items()):
        device = devices.async_get_device_by_identifier(
            output_device_identifier(serial, output_id), coordinator.config_entry.entry_id
        )
        outputs.append(
            {
                "id": output_id,
                "name": output_device_name(coordinator, output_id),
                "state": output.state,
                "power_w": output.power_w,
                "current_a": output.current_a,
                "energy_wh": output.energy_wh,
                "pulse_ms": output.pulse_delay_ms,
                "critical": output_id in critical,
                "device_id": device.id if device else None,
                "entity_id": _entity_id(entities, Platform.SWITCH, f"{serial}_{output_id}"),
                "power_entity_id": _entity_id(
                    entities, Platform.SENSOR, f"{serial}_{output_id}_power"
                ),
            }
        )
    return outputs


def device_payload(hass: HomeAssistant, entry: ConfigEntry) -> dict[str, Any]:
    """What the panel shows of one NETIO entry; only the basics while it is not loaded."""
    interval = entry.options.get(CONF_SCAN_INTERVAL, DEFAULT_SCAN_INTERVAL.total_seconds())
    critical = sorted(int(o) for o in entry.options.get(CONF_CRITICAL_OUTPUTS, []))
    payload: dict[str, Any] = {
        "entry_id": entry.entry_id,
        "title": entry.title,
        "entry_state": entry.state.value,
        "available": False,
        "host": entry.data.get(CONF_HOST),
        "port": entry.data.get(CONF_PORT),
        "poll_interval_s": int(interval),
        "read_only": bool(entry.options.get(CONF_READ_ONLY)),
        "critical_outputs": critical,
        "device_id": None,
        "outputs": [],
    }
    if entry.state is not ConfigEntryState.LOADED:
        return payload
    coordinator: NetioCoordinator = entry.runtime_data
    state = coordinator.data
    info = state.info
    measure = state.measure
    entities = er.async_get(hass)
    serial = coordinator.serial
    payload.update(
        {
            "available": coordinator.last_update_success,
            "device_id": coordinator.device_id,
            "name": info.name or entry.title,
            "model": info.model,
            "serial": info.serial,
            "mac": info.mac,
            "firmware": info.firmware,
            "protocol": coordinator.protocol.value if coordinator.protocol else None,
            "read_only": coordinator.read_only,
            "configuration_url": coordinator.device_info.get("configuration_url"),
            "voltage_v": measure.voltage_v if measure else None,
            "total_power_w": measure.total_power_w if measure else None,
            "total_energy_wh": measure.total_energy_wh if measure else None,
            "total_power_entity_id": _entity_id(entities, Platform.SENSOR, f"{serial}_total_power"),
            "total_energy_entity_id": _entity_id(
                entities, Platform.SENSOR, f"{serial}_total_energy"
            ),
            "outputs": _output_payload(coordinator, entities, dr.async_get(hass), set(critical)),
            "watchdogs": _watchdog_payload(hass, entry),
        }
    )
    return payload


def _watchdogs(hass: HomeAssistant, entry: ConfigEntry) -> WatchdogManager | None:
    """The entry's watchdog manager (absent until its watchdogs are set up)."""
    return hass.data.get(DATA_MANAGERS, {}).get(entry.entry_id)


def _watchdog_payload(hass: HomeAssistant, entry: ConfigEntry) -> list[dict[str, Any]]:
    """Every watchdog of the entry: state, restarts, last restart, pauses."""
    if (manager := _watchdogs(hass, entry)) is None:
        return []
    return [status.as_dict() for status in manager.statuses()]


@callback
def _async_listen(
    hass: HomeAssistant, entry: ConfigEntry, updated: Callable[[], None]
) -> list[CALLBACK_TYPE]:
    """Call `updated` after each refresh of the entry's coordinator and each watchdog change."""
    unsubs = [entry.runtime_data.async_add_listener(updated)]
    if (manager := _watchdogs(hass, entry)) is not None:
        unsubs.append(manager.async_subscribe(lambda _subentry_id: updated()))
    return unsubs


def _all_devices(hass: HomeAssistant) -> list[dict[str, Any]]:
    return [device_payload(hass, entry) for entry in hass.config_entries.async_entries(DOMAIN)]


@websocket_api.websocket_command({vol.Required("type"): "netio/subscribe"})
@websocket_api.require_admin
@callback
def ws_subscribe(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """Push every NETIO device now, and again whenever one refreshes or its entry changes.

    Admin only: the snapshot carries connection details (host, port) besides the states.
    """
    msg_id: int = msg["id"]
    coordinator_unsubs: list[CALLBACK_TYPE] = []

    @callback
    def send(event: dict[str, Any]) -> None:
        connection.send_message(websocket_api.event_message(msg_id, event))

    @callback
    def listen_to_coordinators() -> None:
        for unsub in coordinator_unsubs:
            unsub()
        coordinator_unsubs.clear()
        for entry in hass.config_entries.async_loaded_entries(DOMAIN):

            @callback
            def updated(entry: ConfigEntry = entry) -> None:
                send({"device": device_payload(hass, entry)})

            coordinator_unsubs.extend(_async_listen(hass, entry, updated))

    @callback
    def entry_changed(change: ConfigEntryChange, entry: ConfigEntry) -> None:
        if entry.domain != DOMAIN:
            return
        listen_to_coordinators()
        send({"devices": _all_devices(hass)})

    unsub_entries = async_dispatcher_connect(hass, SIGNAL_CONFIG_ENTRY_CHANGED, entry_changed)

    @callback
    def unsubscribe() -> None:
        unsub_entries()
        for unsub in coordinator_unsubs:
            unsub()

    connection.subscriptions[msg_id] = unsubscribe
    listen_to_coordinators()
    connection.send_result(msg_id)
    send({"devices": _all_devices(hass)})


@websocket_api.websocket_command(
    {
        vol.Required("type"): "netio/device/set_options",
        vol.Required("entry_id"): str,
        vol.Optional(CONF_SCAN_INTERVAL): vol.All(
            int, vol.Range(min=MIN_SCAN_INTERVAL_S, max=MAX_SCAN_INTERVAL_S)
        ),
        vol.Optional(CONF_CRITICAL_OUTPUTS): vol.All(cv.ensure_list, [int]),
    }
)
@websocket_api.require_admin
@callback
def ws_set_options(
    hass: HomeAssistant, connection: websocket_api.ActiveConnection, msg: dict[str, Any]
) -> None:
    """Change the options-flow settings the panel edits: poll interval, critical outputs.

    The other options stay as they are; the entry reloads (its update listener), as after the
    options flow.
    """
    entry: NetioConfigEntry | None = hass.config_entries.async_get_entry(msg["entry_id"])
    if entry is None or entry.domain != DOMAIN:
        _send_error(
            connection, msg["id"], ERR_NOT_FOUND, "entry_not_found", entry_id=msg["entry_id"]
        )
        return
    options = dict(entry.options)
    if CONF_SCAN_INTERVAL in msg:
        options[CONF_SCAN_INTERVAL] = msg[CONF_SCAN_INTERVAL]
    if CONF_CRITICAL_OUTPUTS in msg:
        if entry.state is not ConfigEntryState.LOADED:
            _send_error(
                connection, msg["id"], ERR_NOT_LOADED, "device_not_loaded", device=entry.title
            )
            return
        known = entry.runtime_data.data.outputs
        for output_id in msg[CONF_CRITICAL_OUTPUTS]:
            if output_id not in known:
                _send_error(
                    connection,
                    msg["id"],
                    ERR_INVALID,
                    "unknown_output",
                    device=entry.title,
                    output=str(output_id),
                )
                return
        # Stored as the options flow stores them: the output IDs as strings.
        options[CONF_CRITICAL_OUTPUTS] = [str(o) for o in sorted(set(msg[CONF_CRITICAL_OUTPUTS]))]
    hass.config_entries.async_update_entry(entry, options=options)
    connection.send_result(msg["id"], {"options": options})
