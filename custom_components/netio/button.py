"""Buttons: power cycle, short ON and toggle for every output."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.button import (
    ButtonDeviceClass,
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.models import OutputAction, OutputCommand
from .commands import async_output_command, check_commands
from .coordinator import NetioConfigEntry, NetioCoordinator
from .entity import NetioOutputEntity
from .helpers import async_add_dynamic_entities
from .watchdog.entities import async_add_watchdog_entities

PARALLEL_UPDATES = 1


@dataclass(frozen=True, kw_only=True)
class NetioButtonEntityDescription(ButtonEntityDescription):
    """A button that sends one action to its output."""

    action: OutputAction


BUTTONS: tuple[NetioButtonEntityDescription, ...] = (
    NetioButtonEntityDescription(
        key="power_cycle",
        translation_key="power_cycle",
        device_class=ButtonDeviceClass.RESTART,
        action=OutputAction.SHORT_OFF,
    ),
    NetioButtonEntityDescription(
        key="short_on",
        translation_key="short_on",
        entity_registry_enabled_default=False,
        action=OutputAction.SHORT_ON,
    ),
    NetioButtonEntityDescription(
        key="toggle",
        translation_key="toggle",
        entity_registry_enabled_default=False,
        action=OutputAction.TOGGLE,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the buttons of every output."""
    coordinator = entry.runtime_data
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: coordinator.data.outputs,
        lambda output_id: [
            NetioOutputButton(coordinator, output_id, description) for description in BUTTONS
        ],
    )
    async_add_watchdog_entities(entry, async_add_entities, Platform.BUTTON)


class NetioOutputButton(NetioOutputEntity, ButtonEntity):
    """Sends its action to the output (with the device's configured pulse length)."""

    entity_description: NetioButtonEntityDescription

    def __init__(
        self,
        coordinator: NetioCoordinator,
        output_id: int,
        description: NetioButtonEntityDescription,
    ) -> None:
        """Attach the button to the output."""
        super().__init__(coordinator, output_id, description.key)
        self.entity_description = description

    @property
    def command(self) -> OutputCommand:
        """What a press sends."""
        return OutputCommand(self.output_id, self.entity_description.action)

    # Home Assistant records a press (the state, and the logbook's "Pressed") before it calls
    # async_press; a press the checks refuse must not be recorded, so they run first. The
    # base method still does all of its work.
    async def _async_press_action(self) -> None:  # type: ignore[misc]
        """Refuse a press before Home Assistant records it as pressed.

        A refused power cycle of a critical output, or any press in read-only mode, leaves
        the button's last-pressed time (its state) as it was.
        """
        check_commands(self.coordinator, [self.command], confirm=False)
        await super()._async_press_action()

    async def async_press(self) -> None:
        """Send the action."""
        await async_output_command(self, self.command)
