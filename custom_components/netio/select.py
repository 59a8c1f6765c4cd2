"""Selects: each output's power-up state on the device (with configuration access)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.select import SelectEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.config_api import PowerUpState
from .coordinator import NetioConfigEntry
from .settings import NetioOutputSettingEntity, async_add_setting_entities

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the power-up state of every output when the entry has configuration access."""
    async_add_setting_entities(entry, async_add_entities, NetioOutputPowerUp, "power_up")


class NetioOutputPowerUp(NetioOutputSettingEntity, SelectEntity):
    """The state the output takes when the device powers up: on, off or its last state."""

    _attr_translation_key = "power_up"

    def __init__(self, *args: Any) -> None:
        """Offer the device's power-up states."""
        super().__init__(*args)
        self._attr_options = [state.value for state in PowerUpState]

    @property
    def current_option(self) -> str | None:
        """The power-up state on the device."""
        return None if (settings := self.settings) is None else settings.power_up.value

    async def async_select_option(self, option: str) -> None:
        """Write the power-up state to the device."""
        await self.coordinator.async_set_output_base(self.output_id, power_up=PowerUpState(option))
