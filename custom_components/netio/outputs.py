"""Sending output commands on behalf of entities and actions, with the safety checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
import math

from homeassistant.exceptions import ServiceValidationError

from .client.models import OutputAction, OutputCommand
from .const import CONF_CRITICAL_OUTPUTS, DOMAIN, MAX_PULSE_MS, MIN_PULSE_MS, PULSE_STEP_MS
from .coordinator import NetioCoordinator
from .entity import NetioOutputEntity
from .output_devices import output_device_name


def pulse_ms(duration: timedelta | None) -> int | None:
    """A pulse duration in ms, rounded up to the device's 100 ms step; checked against its range."""
    if duration is None:
        return None
    ms = math.ceil(duration.total_seconds() * 1000 / PULSE_STEP_MS) * PULSE_STEP_MS
    if not MIN_PULSE_MS <= ms <= MAX_PULSE_MS:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_duration",
            translation_placeholders={"min": str(MIN_PULSE_MS), "max": str(MAX_PULSE_MS)},
        )
    return ms


def switches_off(coordinator: NetioCoordinator, command: OutputCommand) -> bool:
    """Whether the command cuts the output's power, even for a moment.

    Toggle and short ON end with the output off when it is on now (short ON: on for the pulse,
    then off), so they count when the output is on or its state is unknown.
    """
    if command.action in (OutputAction.OFF, OutputAction.SHORT_OFF):
        return True
    if command.action in (OutputAction.TOGGLE, OutputAction.SHORT_ON):
        output = coordinator.data.outputs.get(command.output_id)
        return output is None or output.state is not False
    return False


def check_critical(
    coordinator: NetioCoordinator, commands: Sequence[OutputCommand], confirm: bool
) -> None:
    """Refuse to cut power to a critical output unless the caller confirmed it."""
    if confirm:
        return
    critical = {
        int(output_id)
        for output_id in coordinator.config_entry.options.get(CONF_CRITICAL_OUTPUTS, [])
    }
    for command in commands:
        if command.output_id in critical and switches_off(coordinator, command):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="critical_output",
                translation_placeholders={
                    "output": output_device_name(coordinator, command.output_id)
                },
            )


async def async_output_command(
    entity: NetioOutputEntity, command: OutputCommand, *, confirm: bool = False
) -> None:
    """Send one command for an entity's output."""
    await async_send_checked(entity.coordinator, [command], confirm=confirm)


async def async_send_checked(
    coordinator: NetioCoordinator, commands: Sequence[OutputCommand], *, confirm: bool = False
) -> None:
    """Send commands after the critical-output check."""
    check_critical(coordinator, commands, confirm)
    await coordinator.async_send(commands)
