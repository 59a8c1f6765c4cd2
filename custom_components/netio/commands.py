"""Sending output commands on behalf of entities and actions, with the safety checks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from homeassistant.exceptions import ServiceValidationError

from .client.models import (
    PULSE_MAX_MS,
    PULSE_MIN_MS,
    OutputCommand,
    pulse_in_range,
    round_pulse_ms,
)
from .const import CONF_CRITICAL_OUTPUTS, DOMAIN
from .coordinator import NetioCoordinator
from .entity import NetioOutputEntity
from .output_devices import output_device_name


def pulse_duration_ms(duration: timedelta | None) -> int | None:
    """A pulse duration given to an action, in the device's whole 100 ms steps; range-checked."""
    if duration is None:
        return None
    ms = round_pulse_ms(duration.total_seconds() * 1000)
    if not pulse_in_range(ms):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_duration",
            translation_placeholders={"min": str(PULSE_MIN_MS), "max": str(PULSE_MAX_MS)},
        )
    return ms


def cuts_power(coordinator: NetioCoordinator, command: OutputCommand) -> bool:
    """Whether the command leaves its output without power, even for a moment."""
    output = coordinator.data.outputs.get(command.output_id)
    return command.action.cuts_power(None if output is None else output.state)


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
        if command.output_id in critical and cuts_power(coordinator, command):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="critical_output",
                translation_placeholders={
                    "output": output_device_name(coordinator, command.output_id)
                },
            )


def check_commands(
    coordinator: NetioCoordinator, commands: Sequence[OutputCommand], confirm: bool
) -> None:
    """Every refusal that comes before a command is sent: read-only mode, critical outputs."""
    coordinator.check_writable()
    check_critical(coordinator, commands, confirm)


async def async_output_command(
    entity: NetioOutputEntity, command: OutputCommand, *, confirm: bool = False
) -> None:
    """Send one command for an entity's output."""
    await async_send_checked(entity.coordinator, [command], confirm=confirm)


async def async_send_checked(
    coordinator: NetioCoordinator, commands: Sequence[OutputCommand], *, confirm: bool = False
) -> None:
    """Send commands after the checks."""
    check_commands(coordinator, commands, confirm)
    await coordinator.async_send(commands)
