"""Sensors: metering per output and per device, input counters and climate, housekeeping."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    DEGREE,
    PERCENTAGE,
    EntityCategory,
    Platform,
    UnitOfElectricCurrent,
    UnitOfElectricPotential,
    UnitOfEnergy,
    UnitOfFrequency,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .client.models import DeviceState, GlobalMeasure, InputState, OutputState
from .coordinator import NetioConfigEntry, NetioCoordinator
from .entity import NetioEntity, NetioInputEntity, NetioOutputEntity
from .helpers import async_add_dynamic_entities
from .watchdog.entities import async_add_watchdog_entities

PARALLEL_UPDATES = 0

# Boot times derived from the uptime move by a second or so from poll to poll; that is noise.
BOOT_TIME_TOLERANCE = timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True)
class NetioOutputSensorEntityDescription(SensorEntityDescription):
    """A sensor of one output."""

    value_fn: Callable[[OutputState], StateType]


@dataclass(frozen=True, kw_only=True)
class NetioInputSensorEntityDescription(SensorEntityDescription):
    """A sensor of one digital input."""

    value_fn: Callable[[InputState], StateType]


@dataclass(frozen=True, kw_only=True)
class NetioDeviceSensorEntityDescription(SensorEntityDescription):
    """A sensor of the whole device."""

    value_fn: Callable[[DeviceState], StateType | datetime]
    stable_within: timedelta | None = None
    """A time value that moved less than this since it was last shown keeps the shown one."""


def _measured(
    value_fn: Callable[[GlobalMeasure], StateType | datetime],
) -> Callable[[DeviceState], StateType | datetime]:
    """A device value from the whole-device measurements; unknown on a device without them."""
    return lambda state: None if state.measure is None else value_fn(state.measure)


def _boot_time(state: DeviceState) -> datetime | None:
    """When the device started, from its uptime at the time of the poll."""
    if state.fetched_at is None or state.info.uptime_s is None:
        return None
    return state.fetched_at - timedelta(seconds=state.info.uptime_s)


# How a kind of value is shown, whether it is one output's or the whole device's.
CURRENT: Final[dict[str, Any]] = {
    "device_class": SensorDeviceClass.CURRENT,
    "state_class": SensorStateClass.MEASUREMENT,
    "native_unit_of_measurement": UnitOfElectricCurrent.AMPERE,
    "suggested_display_precision": 3,
}
POWER: Final[dict[str, Any]] = {
    "device_class": SensorDeviceClass.POWER,
    "state_class": SensorStateClass.MEASUREMENT,
    "native_unit_of_measurement": UnitOfPower.WATT,
    "suggested_display_precision": 0,
}
ENERGY: Final[dict[str, Any]] = {
    "device_class": SensorDeviceClass.ENERGY,
    "state_class": SensorStateClass.TOTAL_INCREASING,
    "native_unit_of_measurement": UnitOfEnergy.WATT_HOUR,
    "suggested_unit_of_measurement": UnitOfEnergy.KILO_WATT_HOUR,
    "suggested_display_precision": 3,
}
POWER_FACTOR: Final[dict[str, Any]] = {
    "device_class": SensorDeviceClass.POWER_FACTOR,
    "state_class": SensorStateClass.MEASUREMENT,
    "suggested_display_precision": 2,
}
PHASE: Final[dict[str, Any]] = {
    "state_class": SensorStateClass.MEASUREMENT,
    "native_unit_of_measurement": DEGREE,
    "entity_registry_enabled_default": False,
    "suggested_display_precision": 1,
}


def _output(
    key: str, kind: dict[str, Any], value_fn: Callable[[OutputState], StateType]
) -> NetioOutputSensorEntityDescription:
    return NetioOutputSensorEntityDescription(
        key=key, translation_key=key, value_fn=value_fn, **kind
    )


def _total(
    key: str, kind: dict[str, Any], value_fn: Callable[[GlobalMeasure], StateType]
) -> NetioDeviceSensorEntityDescription:
    return NetioDeviceSensorEntityDescription(
        key=key, translation_key=key, value_fn=_measured(value_fn), **kind
    )


OUTPUT_SENSORS: tuple[NetioOutputSensorEntityDescription, ...] = (
    _output("current", CURRENT, lambda output: output.current_a),
    _output("power", POWER, lambda output: output.power_w),
    _output("energy", ENERGY, lambda output: output.energy_wh),
    _output("energy_nr", ENERGY, lambda output: output.energy_nr_wh),
    _output("reverse_energy", ENERGY, lambda output: output.reverse_energy_wh),
    _output("reverse_energy_nr", ENERGY, lambda output: output.reverse_energy_nr_wh),
    _output("power_factor", POWER_FACTOR, lambda output: output.power_factor),
    _output("phase", PHASE, lambda output: output.phase_deg),
    NetioOutputSensorEntityDescription(
        key="pulse_duration",
        translation_key="pulse_duration",
        device_class=SensorDeviceClass.DURATION,
        # The device counts in ms, in 100 ms steps; people read "5.0 s" better than "5,000 ms".
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_display_precision=1,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda output: (
            None if output.pulse_delay_ms is None else output.pulse_delay_ms / 1000
        ),
    ),
)

INPUT_SENSORS: tuple[NetioInputSensorEntityDescription, ...] = (
    NetioInputSensorEntityDescription(
        key="s0_counter",
        translation_key="s0_counter",
        state_class=SensorStateClass.TOTAL_INCREASING,
        native_unit_of_measurement="pulses",
        value_fn=lambda inp: inp.s0_counter,
    ),
    NetioInputSensorEntityDescription(
        key="temperature",
        translation_key="temperature",
        device_class=SensorDeviceClass.TEMPERATURE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfTemperature.CELSIUS,
        suggested_display_precision=1,
        value_fn=lambda inp: inp.temperature_c,
    ),
    NetioInputSensorEntityDescription(
        key="humidity",
        translation_key="humidity",
        device_class=SensorDeviceClass.HUMIDITY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=lambda inp: inp.humidity_pct,
    ),
)

DEVICE_SENSORS: tuple[NetioDeviceSensorEntityDescription, ...] = (
    NetioDeviceSensorEntityDescription(
        key="voltage",
        translation_key="voltage",
        device_class=SensorDeviceClass.VOLTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfElectricPotential.VOLT,
        suggested_display_precision=1,
        value_fn=_measured(lambda measure: measure.voltage_v),
    ),
    NetioDeviceSensorEntityDescription(
        key="frequency",
        translation_key="frequency",
        device_class=SensorDeviceClass.FREQUENCY,
        state_class=SensorStateClass.MEASUREMENT,
        native_unit_of_measurement=UnitOfFrequency.HERTZ,
        suggested_display_precision=2,
        value_fn=_measured(lambda measure: measure.frequency_hz),
    ),
    _total("total_current", CURRENT, lambda measure: measure.total_current_a),
    _total("total_power", POWER, lambda measure: measure.total_power_w),
    _total("total_energy", ENERGY, lambda measure: measure.total_energy_wh),
    _total("total_energy_nr", ENERGY, lambda measure: measure.total_energy_nr_wh),
    _total("total_reverse_energy", ENERGY, lambda measure: measure.total_reverse_energy_wh),
    _total("total_reverse_energy_nr", ENERGY, lambda measure: measure.total_reverse_energy_nr_wh),
    _total("total_power_factor", POWER_FACTOR, lambda measure: measure.power_factor),
    _total("total_phase", PHASE, lambda measure: measure.phase_deg),
    NetioDeviceSensorEntityDescription(
        key="energy_start",
        translation_key="energy_start",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_measured(lambda measure: measure.energy_start),
    ),
    NetioDeviceSensorEntityDescription(
        key="last_boot",
        translation_key="last_boot",
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_boot_time,
        # an uptime-derived time moves by a second or so from poll to poll
        stable_within=BOOT_TIME_TOLERANCE,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a sensor for every value the device reports, now or once it starts reporting it.

    A value the device leaves out (an unmetered output, a JSON version without NR counters, a
    climate sensor that was never plugged in) makes no entity; one that appears later (a
    firmware update, a sensor plugged in) adds its entity at the next poll.
    """
    coordinator = entry.runtime_data
    device_sensors = {description.key: description for description in DEVICE_SENSORS}
    output_sensors = {description.key: description for description in OUTPUT_SENSORS}
    input_sensors = {description.key: description for description in INPUT_SENSORS}

    def data() -> DeviceState:
        return coordinator.data

    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: [key for key, d in device_sensors.items() if d.value_fn(data()) is not None],
        lambda key: [NetioDeviceSensor(coordinator, device_sensors[key])],
    )
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: [
            (output_id, key)
            for output_id, output in data().outputs.items()
            for key, d in output_sensors.items()
            if d.value_fn(output) is not None
        ],
        lambda item: [NetioOutputSensor(coordinator, item[0], output_sensors[item[1]])],
    )
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: [
            (input_id, key)
            for input_id, inp in data().inputs.items()
            for key, d in input_sensors.items()
            if d.value_fn(inp) is not None
        ],
        lambda item: [NetioInputSensor(coordinator, item[0], input_sensors[item[1]])],
    )
    async_add_watchdog_entities(entry, async_add_entities, Platform.SENSOR)


class NetioSensor(NetioEntity, SensorEntity):
    """A NETIO sensor: what it shows is its value (see `NetioEntity.shown_value`)."""

    def shown_value(self) -> object:
        """The value."""
        return self.native_value


class NetioOutputSensor(NetioOutputEntity, NetioSensor):
    """A measurement of one output."""

    entity_description: NetioOutputSensorEntityDescription

    def __init__(
        self,
        coordinator: NetioCoordinator,
        output_id: int,
        description: NetioOutputSensorEntityDescription,
    ) -> None:
        """Attach the description to the output."""
        super().__init__(coordinator, output_id, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> StateType:
        """The output's value; unknown while the device does not report it."""
        output = self.output
        return None if output is None else self.entity_description.value_fn(output)


class NetioInputSensor(NetioInputEntity, NetioSensor):
    """A counter or sensor of one digital input; unavailable while the device reports none (999)."""

    entity_description: NetioInputSensorEntityDescription

    def __init__(
        self,
        coordinator: NetioCoordinator,
        input_id: int,
        description: NetioInputSensorEntityDescription,
    ) -> None:
        """Attach the description to the input; a named input's sensors read "<name> ..."."""
        super().__init__(coordinator, input_id, description.key)
        self.entity_description = description
        if self.custom_input_name:
            self._attr_translation_key = f"{description.translation_key}_named"

    @property
    def available(self) -> bool:
        """Unavailable while the sensor is missing or failed."""
        return super().available and self.native_value is not None

    @property
    def native_value(self) -> StateType:
        """The input's value."""
        inp = self.input
        return None if inp is None else self.entity_description.value_fn(inp)


class NetioDeviceSensor(NetioSensor):
    """A measurement or housekeeping value of the whole device."""

    entity_description: NetioDeviceSensorEntityDescription

    def __init__(
        self, coordinator: NetioCoordinator, description: NetioDeviceSensorEntityDescription
    ) -> None:
        """Attach the description to the device."""
        super().__init__(coordinator, description.key)
        self.entity_description = description
        self._last_timestamp: datetime | None = None

    @property
    def native_value(self) -> StateType | datetime:
        """The device's value; a time with `stable_within` only moves when it really moved."""
        value = self.entity_description.value_fn(self.coordinator.data)
        if isinstance(value, datetime) and (within := self.entity_description.stable_within):
            previous = self._last_timestamp
            if previous is not None and abs(value - previous) < within:
                return previous
            self._last_timestamp = value
        return value
