"""Watchdogs at run time: entities, timelines with time travel, real checks on 127.0.0.1.

The watched host is a simulated host plugged into output 2 ("Router") of the steady simulated
device: it answers while the output is on and has booted (on the device's manual clock), and
can be hung. A restart is a real short OFF sent to the simulated device.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigSubentryDataWithId
from homeassistant.const import (
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import CONF_BACKGROUND_DISCOVERY
from custom_components.netio.watchdog.config import SUBENTRY_TYPE
from netio_simulator.hosts import SimulatedHost
from netio_simulator.runner import RunningDevice

from .conftest import ManualClock, state_of, writes

PROBLEM = "binary_sensor.router_office_router"
CONNECTIVITY = "binary_sensor.router_office_router_connectivity"
STATE = "sensor.router_office_router_state"
RESTARTS = "sensor.router_office_router_restarts"
LAST_RESTART = "sensor.router_office_router_last_restart"
RTT = "sensor.router_office_router_round_trip_time"
ENABLED = "switch.router_office_router_enabled"
RESET = "button.router_office_router_reset_restart_count"
EVENTS = "event.router_office_router"
SUBENTRY_ID = "01KWATCHDOGOFFICEROUTER"

# checks every 10 s after a 30 s start delay; 2 failed checks fail; 60 s to boot after a restart
PARAMS: dict[str, Any] = {
    "output": 2,
    "method": "tcp",
    "interval": 10,
    "timeout": 1,
    "max_timeouts": 2,
    "time_to_reboot": 60,
    "start_delay": 30,
    "max_restarts": 2,
    "action": "power_cycle",
    "pulse": 2,
}


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (its pulses end when `sim_clock` says so)."""
    return steady_device


@pytest.fixture
async def host(steady_device: RunningDevice) -> AsyncIterator[SimulatedHost]:
    """The office router on output 2: boots in 20 s of the device's clock."""
    host = SimulatedHost("Office router", steady_device.device.outputs[1], boot_s=20)
    await host.start()
    yield host
    await host.stop()


@pytest.fixture
def max_restarts() -> int:
    """The restart limit; tests parametrize it."""
    return 2


@pytest.fixture
def watchdog(host: SimulatedHost, max_restarts: int) -> dict[str, Any]:
    """The watchdog's subentry data; tests change it."""
    return {**PARAMS, "target": "127.0.0.1", "port": host.port, "max_restarts": max_restarts}


@pytest.fixture
def config_entry(config_entry: MockConfigEntry, watchdog: dict[str, Any]) -> MockConfigEntry:
    """The device's entry with the watchdog as a subentry.

    No background discovery: the timelines run past its interval, and it would broadcast
    beyond 127.0.0.0/8.
    """
    return MockConfigEntry(
        options={CONF_BACKGROUND_DISCOVERY: False},
        domain=config_entry.domain,
        title=config_entry.title,
        unique_id=config_entry.unique_id,
        data=dict(config_entry.data),
        version=config_entry.version,
        minor_version=config_entry.minor_version,
        subentries_data=[
            ConfigSubentryDataWithId(
                data=watchdog,
                subentry_id=SUBENTRY_ID,
                subentry_type=SUBENTRY_TYPE,
                title="Office router",
                unique_id=None,
            )
        ],
    )


class Timeline:
    """Moves Home Assistant's and the device's clocks together, one second at a time."""

    def __init__(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        sim_clock: ManualClock,
        device: RunningDevice,
        host: SimulatedHost,
    ) -> None:
        """Start at 0 s."""
        self.hass = hass
        self.freezer = freezer
        self.sim_clock = sim_clock
        self.device = device
        self.host = host
        self.now = 0
        self.restarts: list[int] = []
        self._writes = 0

    async def run_to(self, second: int) -> None:
        """Let time pass until `second`, noting when the device was told to power-cycle."""
        while self.now < second:
            self.now += 1
            self.sim_clock.advance(1)
            self.freezer.tick(timedelta(seconds=1))
            await self.host.async_refresh()
            async_fire_time_changed(self.hass)
            await self.hass.async_block_till_done(wait_background_tasks=True)
            new = writes(self.device)[self._writes :]
            self._writes += len(new)
            self.restarts += [self.now] * sum("2" in w for w in new)

    def state(self, entity_id: str) -> str:
        """An entity's state."""
        return state_of(self.hass, entity_id).state


@pytest.fixture
async def timeline(  # noqa: PLR0917  # fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    device: RunningDevice,
    host: SimulatedHost,
    init_integration: MockConfigEntry,
) -> Timeline:
    """The integration set up with the watchdog, at 0 s."""
    return Timeline(hass, freezer, sim_clock, device, host)


def never_boots(host: SimulatedHost) -> None:
    """The host hangs now and stays dead after any power cycle."""
    host.hang()
    host.boot_s = 10**9


async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    init_integration: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    (subentry_id,) = init_integration.subentries
    entries = [
        e
        for e in er.async_entries_for_config_entry(entity_registry, init_integration.entry_id)
        if f"_watchdog_{subentry_id}_" in e.unique_id
    ]
    assert len(entries) == 9
    for entry in sorted(entries, key=lambda e: e.entity_id):
        assert entry == snapshot(name=f"{entry.entity_id}-entry")
        assert hass.states.get(entry.entity_id) == snapshot(name=f"{entry.entity_id}-state")


async def test_hang_restart_recover_tcp(timeline: Timeline) -> None:
    await timeline.run_to(29)
    assert timeline.state(STATE) == "starting"
    await timeline.run_to(30)
    assert timeline.state(STATE) == "ok"
    assert timeline.state(CONNECTIVITY) == STATE_ON
    assert timeline.state(PROBLEM) == STATE_OFF
    timeline.host.hang()
    await timeline.run_to(40)
    assert timeline.state(STATE) == "failing"
    assert timeline.state(CONNECTIVITY) == STATE_OFF
    assert timeline.state(PROBLEM) == STATE_OFF
    await timeline.run_to(50)
    # second failed check: the output is power-cycled through the simulator
    assert timeline.restarts == [50]
    assert timeline.state(PROBLEM) == STATE_ON
    assert timeline.state(STATE) == "waiting"
    assert timeline.state(RESTARTS) == "1"
    assert state_of(timeline.hass, EVENTS).attributes["event_type"] == "restarted"
    await timeline.run_to(52)
    assert timeline.device.device.outputs[1].state  # the pulse ended, the router boots
    assert not timeline.host.answering
    await timeline.run_to(72)
    assert timeline.host.answering
    assert timeline.state(STATE) == "waiting"  # timeToReboot: no check until 110
    await timeline.run_to(110)
    assert timeline.state(STATE) == "ok"
    assert timeline.state(PROBLEM) == STATE_OFF
    assert state_of(timeline.hass, EVENTS).attributes["event_type"] == "recovered"
    assert timeline.state(RESTARTS) == "1"  # cleared once it kept answering for 60 s
    await timeline.run_to(170)
    assert timeline.state(RESTARTS) == "0"
    assert timeline.restarts == [50]
    assert timeline.state(LAST_RESTART) == "2026-11-20T12:00:50+00:00"


@pytest.mark.parametrize(
    ("max_restarts", "expected"),
    [
        (0, [40, 110, 180, 250, 320]),
        (1, [40]),
        (3, [40, 110, 180]),
        (-1, [40]),
    ],
)
async def test_limits(timeline: Timeline, max_restarts: int, expected: list[int]) -> None:
    never_boots(timeline.host)
    await timeline.run_to(330)
    assert timeline.restarts == expected
    assert timeline.state(PROBLEM) == STATE_ON
    if max_restarts:
        assert timeline.state(STATE) == "gave_up"
        assert state_of(timeline.hass, EVENTS).attributes["event_type"] == "gave_up"
        assert timeline.state(RESTARTS) == str(len(expected))
