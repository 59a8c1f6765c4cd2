"""The entities of each watchdog, on the device of the output it restarts.

Every watchdog (subentry) gets: a problem binary sensor named after it, a connectivity binary
sensor for its target, sensors for its state, restart count, last restart and last round-trip
time, a switch to enable it, a button to reset its count and an event entity. They read the
runner, never the network, and write their state only when what they show changed.

They are added under the entry itself, not with the subentry's ID: Home Assistant (2026.10)
gives a device to one subentry only, and the output's device belongs to the entry (its switch
and sensors); adding them with the subentry's ID would move the whole output device into the
watchdog. Their unique IDs carry the subentry ID (`{serial}_watchdog_{subentry_id}_{key}`), and
the runtime removes the entities of a deleted watchdog when the entry is set up again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import EntityCategory, Platform, UnitOfTime
from homeassistant.core import callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from ..coordinator import NetioConfigEntry
from ..output_devices import output_device_info
from .machine import WatchdogEvent, WatchdogState
from .runtime import (
    PROBLEM_KEY,
    WatchdogHandle,
    WatchdogStatus,
    watchdog_unique_id_prefix,
    watchdogs_of,
)

_NOT_WRITTEN = object()


class WatchdogEntity(Entity):
    """An entity of one watchdog; `{watchdog}` in its translated name is the watchdog's name."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: NetioConfigEntry, handle: WatchdogHandle, key: str) -> None:
        """Attach the entity to the watchdog and to its output's device."""
        coordinator = entry.runtime_data
        self.handle = handle
        self._attr_unique_id = (
            watchdog_unique_id_prefix(coordinator.serial, handle.subentry_id) + key
        )
        self._attr_device_info = output_device_info(coordinator, handle.config.output_id)
        self._attr_translation_placeholders = {"watchdog": handle.config.name}
        self._shown: object = _NOT_WRITTEN

    @property
    def status(self) -> WatchdogStatus:
        """The watchdog's current status."""
        return self.handle.status()

    def shown_value(self) -> object:
        """What the entity shows; a change writes the state."""
        return None

    async def async_added_to_hass(self) -> None:
        """Follow the watchdog."""
        await super().async_added_to_hass()
        self._shown = self.shown_value()
        self.async_on_remove(self.handle.runner.add_listener(self._handle_update))

    @callback
    def _handle_update(self) -> None:
        shown = self.shown_value()
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()


# Binary sensors -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WatchdogBinarySensorDescription(BinarySensorEntityDescription):
    """A yes/no of the watchdog's status."""

    value_fn: Callable[[WatchdogStatus], bool | None]


BINARY_SENSORS = (
    WatchdogBinarySensorDescription(
        key=PROBLEM_KEY,
        translation_key="watchdog_problem",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda status: status.problem,
    ),
    WatchdogBinarySensorDescription(
        key="connectivity",
        translation_key="watchdog_connectivity",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        value_fn=lambda status: status.connected,
    ),
)


class WatchdogBinarySensor(WatchdogEntity, BinarySensorEntity):
    """Problem: the target failed; connectivity: the last check's answer."""

    entity_description: WatchdogBinarySensorDescription

    def __init__(
        self,
        entry: NetioConfigEntry,
        handle: WatchdogHandle,
        description: WatchdogBinarySensorDescription,
    ) -> None:
        """Attach the sensor."""
        super().__init__(entry, handle, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool | None:
        """The value."""
        return self.entity_description.value_fn(self.status)

    def shown_value(self) -> object:
        """The value."""
        return self.is_on


# Sensors --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WatchdogSensorDescription(SensorEntityDescription):
    """A value of the watchdog's status."""

    value_fn: Callable[[WatchdogStatus], StateType | datetime]


SENSORS = (
    WatchdogSensorDescription(
        key="state",
        translation_key="watchdog_state",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in WatchdogState],
        value_fn=lambda status: status.state.value,
    ),
    WatchdogSensorDescription(
        key="restarts",
        translation_key="watchdog_restarts",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda status: status.restarts,
    ),
    WatchdogSensorDescription(
        key="last_restart",
        translation_key="watchdog_last_restart",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda status: status.last_restart,
    ),
    WatchdogSensorDescription(
        key="rtt",
        translation_key="watchdog_rtt",
        device_class=SensorDeviceClass.DURATION,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTime.MILLISECONDS,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        # it changes with every check: written only for those who enable it
        entity_registry_enabled_default=False,
        value_fn=lambda status: status.last_rtt_ms,
    ),
)


class WatchdogSensor(WatchdogEntity, SensorEntity):
    """State, restart count, last restart or round-trip time."""

    async def async_added_to_hass(self) -> None:
        """Follow the watchdog; the round-trip time after every check."""
        await super().async_added_to_hass()
        if self.entity_description.key == "rtt":
            self.async_on_remove(self.handle.runner.add_check_listener(self._handle_update))

    entity_description: WatchdogSensorDescription

    def __init__(
        self,
        entry: NetioConfigEntry,
        handle: WatchdogHandle,
        description: WatchdogSensorDescription,
    ) -> None:
        """Attach the sensor."""
        super().__init__(entry, handle, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType | datetime:
        """The value."""
        return self.entity_description.value_fn(self.status)

    def shown_value(self) -> object:
        """The value."""
        return self.native_value


# Switch, button, event ------------------------------------------------------------------------

SWITCH = SwitchEntityDescription(
    key="enabled", translation_key="watchdog_enabled", entity_category=EntityCategory.CONFIG
)
BUTTON = ButtonEntityDescription(
    key="reset", translation_key="watchdog_reset", entity_category=EntityCategory.CONFIG
)
EVENT = EventEntityDescription(
    key="event",
    translation_key="watchdog",
    event_types=[event.value for event in WatchdogEvent],
)


class WatchdogSwitch(WatchdogEntity, SwitchEntity):
    """Enables or disables the watchdog (remembered across restarts)."""

    entity_description = SWITCH

    def __init__(self, entry: NetioConfigEntry, handle: WatchdogHandle) -> None:
        """Attach the switch."""
        super().__init__(entry, handle, SWITCH.key)

    @property
    def is_on(self) -> bool:
        """Whether the watchdog runs."""
        return self.status.enabled

    def shown_value(self) -> object:
        """Whether the watchdog runs."""
        return self.is_on

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Enable the watchdog (it starts with its start delay)."""
        self.handle.runner.set_enabled(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Disable the watchdog."""
        self.handle.runner.set_enabled(False)


class WatchdogResetButton(WatchdogEntity, ButtonEntity):
    """Clears the restart count (a watchdog that gave up may restart again)."""

    entity_description = BUTTON

    def __init__(self, entry: NetioConfigEntry, handle: WatchdogHandle) -> None:
        """Attach the button."""
        super().__init__(entry, handle, BUTTON.key)

    async def async_press(self) -> None:
        """Reset."""
        self.handle.runner.reset()


class WatchdogEventEntity(WatchdogEntity, EventEntity):
    """Fires `restarted`, `gave_up` and `recovered`."""

    entity_description = EVENT

    def __init__(self, entry: NetioConfigEntry, handle: WatchdogHandle) -> None:
        """Attach the event entity."""
        super().__init__(entry, handle, EVENT.key)

    async def async_added_to_hass(self) -> None:
        """Follow the watchdog's events."""
        await super().async_added_to_hass()
        self.async_on_remove(self.handle.runner.add_event_listener(self._handle_event))

    @callback
    def _handle_event(self, event: WatchdogEvent) -> None:
        self._trigger_event(event.value, {"restarts": self.status.restarts})
        self.async_write_ha_state()


# Platform setup -------------------------------------------------------------------------------

_FACTORIES: dict[Platform, Callable[[NetioConfigEntry, WatchdogHandle], list[Entity]]] = {
    Platform.BINARY_SENSOR: lambda entry, handle: [
        WatchdogBinarySensor(entry, handle, d) for d in BINARY_SENSORS
    ],
    Platform.SENSOR: lambda entry, handle: [WatchdogSensor(entry, handle, d) for d in SENSORS],
    Platform.SWITCH: lambda entry, handle: [WatchdogSwitch(entry, handle)],
    Platform.BUTTON: lambda entry, handle: [WatchdogResetButton(entry, handle)],
    Platform.EVENT: lambda entry, handle: [WatchdogEventEntity(entry, handle)],
}


@callback
def async_add_watchdog_entities(
    entry: NetioConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback, platform: Platform
) -> None:
    """Add one platform's entities of every watchdog (see the module docstring)."""
    create = _FACTORIES[platform]
    entities = [
        e for handle in watchdogs_of(entry).watchdogs.values() for e in create(entry, handle)
    ]
    if entities:
        async_add_entities(entities)
