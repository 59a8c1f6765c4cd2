"""Text: each output's name on the device (with configuration access)."""

from __future__ import annotations

from homeassistant.components.text import TextEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.config_api import NAME_MAX
from .coordinator import NetioConfigEntry
from .settings import NetioOutputSettingEntity, async_add_setting_entities

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the name of every output when the entry has configuration access."""
    async_add_setting_entities(entry, async_add_entities, NetioOutputName, "device_name")


class NetioOutputName(NetioOutputSettingEntity, TextEntity):
    """The output's name as the device shows it (and the M2M APIs report it)."""

    _attr_translation_key = "device_name"
    _attr_native_min = 1
    _attr_native_max = NAME_MAX

    @property
    def native_value(self) -> str | None:
        """The name on the device."""
        return None if (settings := self.settings) is None else settings.name

    async def async_set_value(self, value: str) -> None:
        """Rename the output on the device."""
        await self.coordinator.async_set_output_base(self.output_id, name=value)
