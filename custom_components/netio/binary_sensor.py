"""Binary sensors: the state of every digital input."""

from __future__ import annotations

from homeassistant.components.binary_sensor import BinarySensorEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import UndefinedType

from .coordinator import NetioConfigEntry, NetioCoordinator
from .entity import NetioInputEntity
from .helpers import async_add_dynamic_entities
from .watchdog.entities import async_add_watchdog_entities

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a binary sensor for every digital input."""
    coordinator = entry.runtime_data
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: coordinator.data.inputs,
        lambda input_id: [NetioInputBinarySensor(coordinator, input_id)],
    )
    async_add_watchdog_entities(entry, async_add_entities, Platform.BINARY_SENSOR)


class NetioInputBinarySensor(NetioInputEntity, BinarySensorEntity):
    """A digital input: on while its contact is closed."""

    _attr_translation_key = "input"

    def __init__(self, coordinator: NetioCoordinator, input_id: int) -> None:
        """Attach the sensor to the input."""
        super().__init__(coordinator, input_id, "state")
        self._attr_translation_placeholders = {"input": str(input_id)}

    @property
    def name(self) -> str | UndefinedType | None:
        """The input's own name on the device; the translated "Input N" otherwise."""
        return self.custom_input_name or super().name

    @property
    def is_on(self) -> bool | None:
        """Whether the contact is closed."""
        return None if (inp := self.input) is None else inp.state

    def shown_value(self) -> object:
        """Whether the contact is closed, and the input's name."""
        inp = self.input
        return None if inp is None else (inp.state, inp.name)
