"""Events: an output changed without a command from Home Assistant."""

from __future__ import annotations

from homeassistant.components.event import EventEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NetioConfigEntry, NetioCoordinator
from .entity import NetioOutputEntity
from .helpers import async_add_dynamic_entities
from .watchdog.entities import async_add_watchdog_entities

PARALLEL_UPDATES = 0

EVENT_TURNED_ON = "turned_on"
EVENT_TURNED_OFF = "turned_off"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add an event entity for every output."""
    coordinator = entry.runtime_data
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: coordinator.data.outputs,
        lambda output_id: [NetioOutputEvent(coordinator, output_id)],
    )
    async_add_watchdog_entities(entry, async_add_entities, Platform.EVENT)


class NetioOutputEvent(NetioOutputEntity, EventEntity):
    """Fires when the output was switched on the device, by a rule, a schedule or another client."""

    _attr_event_types = [EVENT_TURNED_ON, EVENT_TURNED_OFF]  # noqa: RUF012  # Home Assistant's type
    _attr_translation_key = "external_switch"

    def __init__(self, coordinator: NetioCoordinator, output_id: int) -> None:
        """Attach the event entity to the output."""
        super().__init__(coordinator, output_id, "external_switch")
        self._was_available = True

    @callback
    def _handle_coordinator_update(self) -> None:
        """Fire only for changes the coordinator did not cause itself."""
        if (state := self.coordinator.external_changes.get(self.output_id)) is not None:
            self._trigger_event(EVENT_TURNED_ON if state else EVENT_TURNED_OFF)
            self.async_write_ha_state()
        elif self.available != self._was_available:
            self.async_write_ha_state()
        self._was_available = self.available
