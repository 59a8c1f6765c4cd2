"""Numbers: each output's short ON/OFF delay on the device (with configuration access)."""

from __future__ import annotations

from homeassistant.components.number import NumberDeviceClass, NumberEntity, NumberMode
from homeassistant.const import UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client.config_api import DELAY_MS_RANGE
from .client.models import PULSE_STEP_MS
from .coordinator import NetioConfigEntry
from .settings import NetioOutputSettingEntity, async_add_setting_entities

PARALLEL_UPDATES = 1


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the short ON/OFF delay of every output when the entry has configuration access."""
    async_add_setting_entities(entry, async_add_entities, NetioOutputDelay, "pulse_delay")


class NetioOutputDelay(NetioOutputSettingEntity, NumberEntity):
    """How long a short OFF (power cycle) or short ON keeps the output switched."""

    _attr_translation_key = "pulse_delay"
    _attr_device_class = NumberDeviceClass.DURATION
    _attr_native_unit_of_measurement = UnitOfTime.MILLISECONDS
    _attr_native_min_value = DELAY_MS_RANGE[0]
    _attr_native_max_value = DELAY_MS_RANGE[1]
    _attr_native_step = PULSE_STEP_MS
    _attr_mode = NumberMode.BOX

    @property
    def native_value(self) -> int | None:
        """The delay on the device, in ms."""
        return None if (settings := self.settings) is None else settings.delay_ms

    async def async_set_native_value(self, value: float) -> None:
        """Write the delay (whole milliseconds) to the device."""
        await self.coordinator.async_set_output_base(self.output_id, delay_ms=round(value))
