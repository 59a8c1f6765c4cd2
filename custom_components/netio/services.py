"""Actions: pulses with a duration, toggling, several outputs at once, all outputs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
    service,
)
import probatio as vol

from .client.models import OutputAction, OutputCommand
from .commands import async_send_checked, check_commands, check_critical, pulse_duration_ms
from .const import DOMAIN
from .coordinator import NetioConfigEntry, NetioCoordinator
from .rules.services import async_setup_rule_services

ATTR_ACTION = "action"
ATTR_CONFIRM = "confirm"
ATTR_DURATION = "duration"
ATTR_OUTPUT = "output"
ATTR_OUTPUTS = "outputs"
ATTR_STAGGER = "stagger"

SERVICE_SHORT_OFF = "short_off"
SERVICE_SHORT_ON = "short_on"
SERVICE_TOGGLE = "toggle"
SERVICE_SET_OUTPUTS = "set_outputs"
SERVICE_ALL_OUTPUTS = "all_outputs"

ACTIONS = {
    "on": OutputAction.ON,
    "off": OutputAction.OFF,
    "short_off": OutputAction.SHORT_OFF,
    "short_on": OutputAction.SHORT_ON,
    "toggle": OutputAction.TOGGLE,
}
ALL_OUTPUT_ACTIONS = {
    "on": OutputAction.ON,
    "off": OutputAction.OFF,
    "power_cycle": OutputAction.SHORT_OFF,
}
MAX_STAGGER = timedelta(minutes=1)

PULSE_SCHEMA: dict[str | vol.Marker, Any] = {
    vol.Optional(ATTR_DURATION): cv.positive_time_period,
    vol.Optional(ATTR_CONFIRM, default=False): cv.boolean,
}
OUTPUT_ITEMS = vol.All(
    cv.ensure_list,
    vol.Length(min=1),
    [
        vol.Schema(
            {
                vol.Required(ATTR_OUTPUT): vol.All(vol.Coerce(int), vol.Range(min=1)),
                vol.Required(ATTR_ACTION): vol.In(ACTIONS),
                vol.Optional(ATTR_DURATION): cv.positive_time_period,
            }
        )
    ],
)
# Either outlet switches (the target) with one action for all of them, or a power strip
# with a list of output numbers, each with its own action; or both.
SET_OUTPUTS_SCHEMA = vol.Schema(
    {
        vol.Optional(ATTR_ENTITY_ID): cv.entity_ids,
        vol.Optional(ATTR_ACTION): vol.In(ACTIONS),
        vol.Optional(ATTR_DURATION): cv.positive_time_period,
        vol.Optional(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_OUTPUTS): OUTPUT_ITEMS,
        vol.Optional(ATTR_CONFIRM, default=False): cv.boolean,
    }
)
ALL_OUTPUTS_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Required(ATTR_ACTION): vol.In(ALL_OUTPUT_ACTIONS),
        vol.Optional(ATTR_STAGGER): cv.positive_time_period,
        vol.Optional(ATTR_CONFIRM, default=False): cv.boolean,
    }
)


def coordinator_for_device(hass: HomeAssistant, device_id: str) -> NetioCoordinator:
    """The coordinator of a NETIO device, for actions that name a device."""
    device = dr.async_get(hass).async_get(device_id)
    entry: NetioConfigEntry | None = (
        hass.config_entries.async_get_entry(device.config_entry_id) if device else None
    )
    if entry is not None and entry.domain == DOMAIN:
        if entry.state is not ConfigEntryState.LOADED:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="device_not_loaded",
                translation_placeholders={"device": entry.title},
            )
        coordinator: NetioCoordinator = entry.runtime_data
        if device is not None and (DOMAIN, coordinator.serial) not in device.identifiers:
            # An outlet's own device: acting on its whole power strip would surprise.
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="outlet_not_power_strip",
                translation_placeholders={"device": device.name_by_user or device.name or ""},
            )
        return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="unknown_device",
        translation_placeholders={"device_id": device_id},
    )


def check_outputs(coordinator: NetioCoordinator, commands: list[OutputCommand]) -> None:
    """Refuse outputs the device does not have, before anything is sent."""
    for command in commands:
        if command.output_id not in coordinator.data.outputs:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_output",
                translation_placeholders={
                    "output": str(command.output_id),
                    "device": coordinator.config_entry.title,
                },
            )


async def async_send_each(
    coordinator: NetioCoordinator, commands: Sequence[OutputCommand], pause: timedelta | None
) -> None:
    """Send the commands one request each, `pause` apart (critical outputs already checked)."""
    for index, command in enumerate(commands):
        if index and pause:
            await asyncio.sleep(pause.total_seconds())
        await coordinator.async_send([command])


def outlet_switch_commands(
    hass: HomeAssistant, entity_ids: list[str], action: OutputAction, duration_ms: int | None
) -> dict[NetioCoordinator, list[OutputCommand]]:
    """One command per outlet switch, grouped by power strip, in the order given."""
    registry = er.async_get(hass)
    grouped: dict[NetioCoordinator, list[OutputCommand]] = {}
    for entity_id in entity_ids:
        entity = registry.async_get(entity_id)
        entry: NetioConfigEntry | None = (
            hass.config_entries.async_get_entry(entity.config_entry_id)
            if entity is not None and entity.config_entry_id is not None
            else None
        )
        if (
            entity is None
            or entity.platform != DOMAIN
            or entity.domain != SWITCH_DOMAIN
            or entry is None
            or entry.state is not ConfigEntryState.LOADED
        ):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="not_an_outlet_switch",
                translation_placeholders={"entity_id": entity_id},
            )
        coordinator = entry.runtime_data
        output_id = int(str(entity.unique_id).removeprefix(f"{coordinator.serial}_"))
        grouped.setdefault(coordinator, []).append(OutputCommand(output_id, action, duration_ms))
    return grouped


async def async_set_outputs(call: ServiceCall) -> None:
    """Several outputs in one device request: outlet switches with one action, or numbers.

    The targets are outlet switches that all get `action`; `device_id` with `outputs` gives
    each output number its own action. Over a protocol that switches one output per request
    (Modbus/TCP) the commands go one after the other instead.
    """
    data = call.data
    targets = data.get(ATTR_ENTITY_ID, [])
    numbered = data.get(ATTR_OUTPUTS)
    if (not targets and numbered is None) or (targets and ATTR_ACTION not in data):
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="set_outputs_what")
    grouped: dict[NetioCoordinator, list[OutputCommand]] = {}
    if numbered is not None:
        coordinator = coordinator_for_device(call.hass, data.get(ATTR_DEVICE_ID, ""))
        grouped[coordinator] = [
            OutputCommand(
                item[ATTR_OUTPUT],
                ACTIONS[item[ATTR_ACTION]],
                pulse_duration_ms(item.get(ATTR_DURATION)),
            )
            for item in numbered
        ]
    if targets:
        action = ACTIONS[data[ATTR_ACTION]]
        duration_ms = pulse_duration_ms(data.get(ATTR_DURATION))
        for coordinator, commands in outlet_switch_commands(
            call.hass, targets, action, duration_ms
        ).items():
            grouped.setdefault(coordinator, []).extend(commands)
    confirm = data[ATTR_CONFIRM]
    # Everything is checked before anything is sent, so a refusal changes nothing.
    for coordinator, commands in grouped.items():
        check_outputs(coordinator, commands)
        check_commands(coordinator, commands, confirm)
    for coordinator, commands in grouped.items():
        if coordinator.client.capabilities.multi_output_write:
            await coordinator.async_send(commands)
        else:
            await async_send_each(coordinator, commands, None)


async def async_all_outputs(call: ServiceCall) -> None:
    """One action for every output: at once, or one by one `stagger` apart to limit inrush."""
    coordinator = coordinator_for_device(call.hass, call.data[ATTR_DEVICE_ID])
    action = ALL_OUTPUT_ACTIONS[call.data[ATTR_ACTION]]
    commands = [OutputCommand(output_id, action) for output_id in sorted(coordinator.data.outputs)]
    stagger: timedelta | None = call.data.get(ATTR_STAGGER)
    if stagger is not None and stagger > MAX_STAGGER:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_stagger",
            translation_placeholders={"max": str(int(MAX_STAGGER.total_seconds()))},
        )
    confirm = call.data[ATTR_CONFIRM]
    if not stagger and coordinator.client.capabilities.multi_output_write:
        await async_send_checked(coordinator, commands, confirm=confirm)
        return
    # Check every output first, so a refused critical output stops the whole action up front.
    check_critical(coordinator, commands, confirm)
    await async_send_each(coordinator, commands, stagger)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the actions (once, in async_setup)."""
    for name, func in (
        (SERVICE_SHORT_OFF, "async_short_off"),
        (SERVICE_SHORT_ON, "async_short_on"),
    ):
        service.async_register_platform_entity_service(
            hass,
            DOMAIN,
            name,
            entity_domain=SWITCH_DOMAIN,
            schema=PULSE_SCHEMA,
            func=func,
        )
    service.async_register_platform_entity_service(
        hass,
        DOMAIN,
        SERVICE_TOGGLE,
        entity_domain=SWITCH_DOMAIN,
        schema={vol.Optional(ATTR_CONFIRM, default=False): cv.boolean},
        func="async_netio_toggle",
    )
    hass.services.async_register(
        DOMAIN, SERVICE_SET_OUTPUTS, async_set_outputs, schema=SET_OUTPUTS_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, SERVICE_ALL_OUTPUTS, async_all_outputs, schema=ALL_OUTPUTS_SCHEMA
    )
    async_setup_rule_services(hass)
