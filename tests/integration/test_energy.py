"""Energy dashboard: output energy as individual devices, and what a counter reset does.

NETIO's `Energy` counters are resettable (from the device's web interface, or by a firmware
update), so they are `total_increasing`. Home Assistant's statistics treat a drop of the value
as the start of a new meter cycle and keep adding from 0, so a reset loses nothing in the
long-term statistics: the hourly/daily consumption continues from where it was. (A drop of
less than 10 % would be taken for noise, which a NETIO counter never shows: it only counts up
or starts again at 0.) The `EnergyNR` ("lifetime") counters never reset.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.energy import data as energy_data, validate as energy_validate
from homeassistant.components.recorder import Recorder
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
    statistics_during_period,
)
from pytest_homeassistant_custom_component.typing import RecorderInstanceContextManager

from netio_simulator.runner import RunningDevice

from .conftest import STEADY_NOW, ManualClock, state_of

NAS_ENERGY = "sensor.nas_energy"
NAS_POWER = "sensor.nas_power"


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: RecorderInstanceContextManager) -> None:
    """Prepare the recorder's database before Home Assistant starts, as `recorder_mock` needs."""


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device: 40 W on output 1 ("NAS"), 12.345 kWh counted."""
    return steady_device


async def compile_statistics(hass: HomeAssistant, start: datetime) -> None:
    """Let the recorder compile the 5-minute statistics of the period starting at `start`."""
    await async_wait_recording_done(hass)
    do_adhoc_statistics(hass, start=start)
    await async_wait_recording_done(hass)


async def test_device_consumption_passes_validation(
    device: RunningDevice,
    recorder_mock: Recorder,
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
) -> None:
    """Output energy (with its power) as an individual device: no validation issues."""
    assert await async_setup_component(hass, "energy", {})
    manager = await energy_data.async_get_manager(hass)
    await manager.async_update(
        {
            "energy_sources": [],
            "device_consumption": [
                {"stat_consumption": NAS_ENERGY, "stat_rate": NAS_POWER},
                {"stat_consumption": "sensor.router_energy"},
                {"stat_consumption": "sensor.netio_4all_total_energy"},
            ],
        }
    )
    await compile_statistics(hass, STEADY_NOW)

    result = await energy_validate.async_validate(hass)
    assert result.as_dict()["device_consumption"] == [[], [], []]


async def test_counter_reset_keeps_statistics(  # noqa: PLR0917  # fixtures, set up in this order
    device: RunningDevice,
    recorder_mock: Recorder,
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
) -> None:
    """A reset on the device starts a new meter cycle; the consumed energy keeps adding up."""
    coordinator = init_integration.runtime_data
    periods = [STEADY_NOW + timedelta(minutes=5 * n) for n in range(4)]

    async def poll(device_seconds: float, at: datetime) -> str:
        """Let the device count for a while, read it at wall time `at`, return the energy."""
        sim_clock.advance(device_seconds)
        freezer.move_to(at)
        await coordinator.async_refresh()
        return state_of(hass, NAS_ENERGY).state

    # 12:00-12:05: 12.345 kWh. 12:05-12:10: 30 more minutes of 40 W (20 Wh).
    assert await poll(60, periods[0] + timedelta(minutes=1)) == "12.345"
    await compile_statistics(hass, periods[0])
    assert await poll(1800, periods[1] + timedelta(minutes=1)) == "12.365"
    await compile_statistics(hass, periods[1])

    # 12:10-12:15: the counters are reset on the device.
    device.device.reset_energy()
    assert await poll(0, periods[2] + timedelta(minutes=1)) == "0.0"
    await compile_statistics(hass, periods[2])

    # 12:15-12:20: 15 more minutes of 40 W (10 Wh).
    assert await poll(900, periods[3] + timedelta(minutes=1)) == "0.01"
    await compile_statistics(hass, periods[3])

    stats = await hass.async_add_executor_job(
        statistics_during_period, hass, periods[0], None, {NAS_ENERGY}, "5minute"
    )
    sums = [round(row["sum"], 3) for row in stats[NAS_ENERGY]]
    assert sums == [0.0, 0.02, 0.02, 0.03]
    states = [round(row["state"], 3) for row in stats[NAS_ENERGY]]
    assert states == [12.345, 12.365, 0.0, 0.01]
