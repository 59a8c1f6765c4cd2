"""Sensors: metering per output and per device, input counters and climate, housekeeping."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.sensor import DOMAIN as SENSOR_DOMAIN
from homeassistant.const import (
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from netio_simulator.device import InputSpec, OutputSpec
from netio_simulator.metering import LoadProfile
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .conftest import STEADY_NOW, ManualClock, modbus_entry, state_of

SNAPSHOT_PROFILES = ["netio_4all", "powerpdu_4ps", "powerpdu_8qs", "powercable_101x"]


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (constant loads, a manual clock)."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """Only the sensor platform."""
    return [Platform.SENSOR]


def sensor_ids(hass: HomeAssistant) -> set[str]:
    """The sensors Home Assistant has right now."""
    return {state.entity_id for state in hass.states.async_all(SENSOR_DOMAIN)}


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """A sensor for every value the device reports, with units fit for the Energy dashboard."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


@pytest.mark.parametrize("profile", ["powerpdu_8qs"])
@pytest.mark.usefixtures("init_platforms")
async def test_disabled_by_default(hass: HomeAssistant, entity_registry: er.EntityRegistry) -> None:
    """Phase shifts are there but disabled until the user wants them."""
    for entity_id in (
        "sensor.nas_phase_shift",
        "sensor.powerpdu_8qs_total_phase_shift",
    ):
        entry = entity_registry.async_get(entity_id)
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None
    assert state_of(hass, "sensor.nas_power").state == "40.0"


@pytest.mark.parametrize("profile", ["powerpdu_4ps"])
@pytest.mark.usefixtures("init_platforms")
async def test_not_metered_means_no_sensor(hass: HomeAssistant) -> None:
    """A device without metering gets no power or energy sensors, not sensors stuck at 0."""
    assert sensor_ids(hass) == {
        "sensor.powerpdu_4ps_last_boot",
        "sensor.nas_pulse_duration",
        "sensor.router_pulse_duration",
        "sensor.power_output_3_pulse_duration",
        "sensor.power_output_4_pulse_duration",
    }


@pytest.mark.usefixtures("init_platforms")
async def test_pulse_duration_in_seconds(hass: HomeAssistant) -> None:
    """The device's 2000 ms pulse reads as a duration in seconds."""
    state = state_of(hass, "sensor.output_4_pulse_duration")
    assert state.state == "2.0"
    assert state.attributes["unit_of_measurement"] == "s"


@pytest.mark.usefixtures("init_platforms")
async def test_values_follow_the_device(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """Switching an output off shows 0 W (the device measures 0), energy keeps its count."""
    device.device.apply_action(1, 0)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, "sensor.nas_power").state == "0.0"
    assert state_of(hass, "sensor.nas_current").state == "0.0"
    assert state_of(hass, "sensor.nas_energy").state == "12.345"
    assert state_of(hass, "sensor.netio_4all_total_power").state == "72.0"


@pytest.mark.parametrize("profile", ["powerpdu_8qs"])
@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_platforms")
async def test_unreported_value_is_unknown(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A value the device stops reporting is unknown, never 0."""
    assert state_of(hass, "sensor.nas_lifetime_energy").state == "22.345"
    device.device.switch_firmware(json_ver="2.3")
    await init_platforms.runtime_data.async_refresh()
    for entity_id in (
        "sensor.nas_lifetime_energy",
        "sensor.nas_returned_energy",
        "sensor.nas_phase_shift",
        "sensor.powerpdu_8qs_total_lifetime_energy",
    ):
        assert state_of(hass, entity_id).state == STATE_UNKNOWN
    assert state_of(hass, "sensor.nas_energy").state == "12.345"


@pytest.mark.usefixtures("init_platforms")
async def test_value_reported_later_adds_its_sensor(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A firmware update that brings new values brings their sensors, without a reload."""
    assert "sensor.nas_lifetime_energy" not in sensor_ids(hass)
    device.device.switch_firmware(json_ver="2.6")
    await init_platforms.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, "sensor.nas_lifetime_energy").state == "22.345"
    assert state_of(hass, "sensor.netio_4all_total_lifetime_energy").state == "23.028"


RACK_INPUT = InputSpec(
    name="Rack",
    features=frozenset({"s0", "temperature", "humidity"}),
    temperature_c=21.5,
    s0_counter=17,
)
"""An input with a temperature sensor and an unplugged humidity sensor (999)."""


@pytest.mark.parametrize(("profile", "steady_inputs_spec"), [("powerpdu_8qs", [RACK_INPUT])])
@pytest.mark.usefixtures("init_platforms")
async def test_climate_sensors(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """999 means no sensor: no entity until one reports, unavailable when it is unplugged."""
    temperature = "sensor.powerpdu_8qs_rack_temperature"
    humidity = "sensor.powerpdu_8qs_rack_humidity"
    assert state_of(hass, temperature).state == "21.5"
    assert state_of(hass, temperature).name == "PowerPDU 8QS Rack temperature"
    assert state_of(hass, "sensor.powerpdu_8qs_rack_s0_counter").state == "17"
    assert humidity not in sensor_ids(hass)

    device.device.inputs[0].humidity = 45.0
    await init_platforms.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, humidity).state == "45.0"

    device.device.inputs[0].temperature_c = None
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, temperature).state == STATE_UNAVAILABLE
    assert state_of(hass, humidity).state == "45.0"


@pytest.mark.usefixtures("init_platforms")
async def test_last_boot(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
) -> None:
    """The boot time stays put from poll to poll and moves when the device restarts."""
    last_boot = "sensor.netio_4all_last_boot"
    booted = (STEADY_NOW - timedelta(days=3)).isoformat()
    assert state_of(hass, last_boot).state == booted

    # The uptime and the clock tick a little apart: the boot time does not wander.
    sim_clock.advance(30)
    freezer.tick(timedelta(seconds=31))
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, last_boot).state == booted

    device.device.reboot()
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, last_boot).state == (STEADY_NOW + timedelta(seconds=31)).isoformat()


@pytest.mark.usefixtures("init_platforms")
async def test_energy_counter_reset(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Resetting the counters on the device: energy restarts from 0 and the start moves."""
    assert state_of(hass, "sensor.netio_4all_energy_counters_since").state == (
        "2026-01-01T00:00:00+00:00"
    )
    freezer.tick(timedelta(hours=1))
    device.device.reset_energy()
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, "sensor.nas_energy").state == "0.0"
    assert state_of(hass, "sensor.netio_4all_energy_counters_since").state == (
        (STEADY_NOW + timedelta(hours=1)).isoformat()
    )


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_names_without_names_on_the_device(hass: HomeAssistant, socket_enabled: None) -> None:
    """Over Modbus/TCP the device tells no output names: sensors say "Output N"."""
    outputs = [OutputSpec(load=LoadProfile.constant(25.0))]
    async with simulated_device(
        "netio_4all", protocols=frozenset({"modbus"}), outputs=outputs
    ) as dev:
        entry = modbus_entry(dev)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        power = [
            state
            for state in hass.states.async_all(SENSOR_DOMAIN)
            if state.entity_id.endswith("_power")
        ]
        names = sorted(state.name for state in power)
        assert {"Output 1 Power", "Output 2 Power"} <= set(names)
        assert await hass.config_entries.async_unload(entry.entry_id)
