"""Watchdogs at run time: entities, timelines with time travel, real checks on 127.0.0.1.

The watched host is a simulated host plugged into output 2 ("Router") of the steady simulated
device: it answers while the output is on and has booted (on the device's manual clock), and
can be hung. A restart is a real short OFF sent to the simulated device.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.config_entries import ConfigSubentryDataWithId
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import CONF_BACKGROUND_DISCOVERY, DOMAIN
from custom_components.netio.watchdog.config import SUBENTRY_TYPE
from custom_components.netio.watchdog.runtime import (
    DATA_ICMP,
    DATA_PINGER,
    WatchdogManager,
    watchdogs_of,
)
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
def action() -> str:
    """The action on failure; tests parametrize it."""
    return str(PARAMS["action"])


@pytest.fixture
def watchdog(host: SimulatedHost, max_restarts: int, action: str) -> dict[str, Any]:
    """The watchdog's subentry data; tests change it."""
    return {
        **PARAMS,
        "target": "127.0.0.1",
        "port": host.port,
        "max_restarts": max_restarts,
        "action": action,
    }


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
            # a short OFF (action 2) of output 2 that the device took
            self.restarts += [self.now] * sum("-> 200 2:2" in w for w in new)

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


async def test_flapping_target_never_exceeds_the_limit(timeline: Timeline) -> None:
    # The router comes back after each restart, answers one check, and hangs again.
    for _ in range(4):
        await timeline.run_to(timeline.now + 1)
        timeline.host.hang()
        while timeline.state(STATE) != "waiting" and timeline.state(STATE) != "gave_up":
            await timeline.run_to(timeline.now + 1)
        if timeline.state(STATE) == "gave_up":
            break
        while timeline.state(STATE) != "ok":
            await timeline.run_to(timeline.now + 1)
    assert len(timeline.restarts) == 2
    assert timeline.state(STATE) == "gave_up"


async def call(hass: HomeAssistant, domain: str, service: str, entity_id: str) -> None:
    """Call an entity service and wait for it."""
    await hass.services.async_call(domain, service, {ATTR_ENTITY_ID: entity_id}, blocking=True)


async def test_output_off_pauses(timeline: Timeline) -> None:
    hass = timeline.hass
    await timeline.run_to(35)
    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_OFF, "switch.router")
    await timeline.run_to(36)
    assert timeline.state(STATE) == "paused"
    assert timeline.state(CONNECTIVITY) == STATE_UNKNOWN
    await timeline.run_to(300)
    assert timeline.restarts == []
    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_ON, "switch.router")
    await timeline.run_to(301)
    assert timeline.state(STATE) == "starting"  # the start delay after switching on
    timeline.host.unhang()
    await timeline.run_to(350)
    assert timeline.state(STATE) == "ok"


async def test_device_unavailable_pauses(timeline: Timeline) -> None:
    await timeline.run_to(35)
    timeline.host.hang()
    timeline.device.device.faults.set(http_500=True)
    await timeline.run_to(300)
    assert timeline.state(STATE) == "paused"
    assert timeline.restarts == []
    timeline.device.device.faults.set(http_500=False)
    await timeline.run_to(320)  # next poll, then the start delay
    assert timeline.state(STATE) == "starting"
    await timeline.run_to(400)
    assert timeline.restarts != []
    status = watchdogs_of(timeline.hass.config_entries.async_entries(DOMAIN)[0]).statuses()
    assert status[0].restarts == len(timeline.restarts)


async def test_pulse_of_someone_else_pauses(timeline: Timeline) -> None:
    hass = timeline.hass
    await timeline.run_to(35)
    await call(hass, BUTTON_DOMAIN, SERVICE_PRESS, "button.router_power_cycle")
    assert timeline.state(STATE) == "paused"
    await timeline.run_to(36)
    assert timeline.state(STATE) == "paused"


async def test_restart_refused_is_not_counted(
    timeline: Timeline, caplog: pytest.LogCaptureFixture
) -> None:
    timeline.device.device.faults.set(read_only=True)
    never_boots(timeline.host)
    with caplog.at_level(logging.ERROR):
        await timeline.run_to(60)
    assert timeline.state(RESTARTS) == "0"
    assert timeline.state(PROBLEM) == STATE_ON
    assert timeline.state(STATE) == "failing"
    assert "did not take the power_cycle" in caplog.text
    (status,) = watchdogs_of(timeline.hass.config_entries.async_entries(DOMAIN)[0]).statuses()
    assert status.restart_error
    timeline.device.device.faults.set(read_only=False)
    await timeline.run_to(70)
    assert timeline.state(RESTARTS) == "1"


async def test_home_assistant_restart_keeps_the_count(
    timeline: Timeline, hass: HomeAssistant
) -> None:
    never_boots(timeline.host)
    await timeline.run_to(45)
    assert timeline.state(RESTARTS) == "1"
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert timeline.state(RESTARTS) == "1"
    assert timeline.state(PROBLEM) == STATE_ON
    assert timeline.state(STATE) == "starting"
    await timeline.run_to(600)
    assert len(timeline.restarts) == 2  # the limit, counted across the restart
    assert timeline.state(STATE) == "gave_up"


async def test_enable_switch_and_reset_button(timeline: Timeline, hass: HomeAssistant) -> None:
    never_boots(timeline.host)
    await timeline.run_to(200)
    assert timeline.state(STATE) == "gave_up"
    await call(hass, BUTTON_DOMAIN, SERVICE_PRESS, RESET)
    assert timeline.state(RESTARTS) == "0"
    assert timeline.state(STATE) == "failing"
    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_OFF, ENABLED)
    assert timeline.state(ENABLED) == STATE_OFF
    assert timeline.state(STATE) == "disabled"
    await timeline.run_to(400)
    assert len(timeline.restarts) == 2
    await call(hass, SWITCH_DOMAIN, SERVICE_TURN_ON, ENABLED)
    assert timeline.state(STATE) == "starting"
    await timeline.run_to(441)  # start delay, then two failed checks
    assert len(timeline.restarts) == 3


async def test_subscribe_and_delete(timeline: Timeline, hass: HomeAssistant) -> None:
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    manager = watchdogs_of(entry)
    seen: list[str] = []
    unsubscribe = manager.async_subscribe(seen.append)
    await timeline.run_to(31)
    assert seen
    assert set(seen) == {SUBENTRY_ID}
    unsubscribe()
    assert manager.statuses()[0].as_dict()["state"] == "ok"
    hass.config_entries.async_remove_subentry(entry, SUBENTRY_ID)
    await hass.async_block_till_done()
    assert hass.states.get(PROBLEM) is None
    assert er.async_get(hass).async_get(PROBLEM) is None


@pytest.mark.parametrize("watchdog", [{**PARAMS, "method": "ping", "target": "127.0.0.1"}])
@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_ping_loopback(timeline: Timeline) -> None:
    await timeline.run_to(30)
    assert timeline.state(STATE) == "ok"
    assert float(timeline.state(RTT)) >= 0


@pytest.fixture
def http_watchdog(host: SimulatedHost) -> dict[str, Any]:
    """An HTTP check of the router's web page."""
    return {**PARAMS, "method": "http", "target": f"http://127.0.0.1:{host.port}/"}


async def test_http_end_to_end(  # noqa: PLR0917  # fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
    device: RunningDevice,
    host: SimulatedHost,
    config_entry: MockConfigEntry,
    http_watchdog: dict[str, Any],
) -> None:
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_subentry(
        config_entry, config_entry.subentries[SUBENTRY_ID], data=http_watchdog
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    timeline = Timeline(hass, freezer, sim_clock, device, host)
    await timeline.run_to(30)
    assert timeline.state(STATE) == "ok"
    host.hang()
    await timeline.run_to(110)
    assert timeline.restarts == [50]
    assert timeline.state(STATE) == "ok"
    assert host.answering
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_icmp_not_permitted(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    config_entry: MockConfigEntry,
    watchdog: dict[str, Any],
) -> None:
    hass.data[DATA_ICMP] = None  # as if neither raw nor datagram ICMP sockets were allowed
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_subentry(
        config_entry,
        config_entry.subentries[SUBENTRY_ID],
        data={**watchdog, "method": "ping"},
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"icmp_not_permitted_{config_entry.entry_id}"
    )
    assert issue is not None
    freezer.tick(timedelta(seconds=31))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, STATE).state == "paused"
    assert state_of(hass, PROBLEM).state == STATE_OFF
    await hass.config_entries.async_unload(config_entry.entry_id)


async def test_diagnostics(
    hass: HomeAssistant,
    host: SimulatedHost,
    config_entry: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Watchdogs are in the diagnostics; a password in a target URL is not."""
    config_entry.add_to_hass(hass)
    target = f"http://admin:router-secret@127.0.0.1:{host.port}/"
    hass.config_entries.async_update_subentry(
        config_entry,
        config_entry.subentries[SUBENTRY_ID],
        data={**PARAMS, "method": "http", "target": target},
    )
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, config_entry)
    assert "router-secret" not in str(diagnostics)
    (watchdog,) = diagnostics["watchdogs"]
    assert watchdog["settings"]["target"] == f"http://127.0.0.1:{host.port}/"
    assert watchdog["settings"]["max_restarts"] == 2
    assert watchdog["status"]["state"] == "starting"
    assert watchdog["status"]["name"] == "Office router"
    await hass.config_entries.async_unload(config_entry.entry_id)


@pytest.mark.parametrize("action", ["announce"])
async def test_announce_is_netios_fail_and_leaves_the_output_alone(
    hass: HomeAssistant, timeline: Timeline, host: SimulatedHost
) -> None:
    """An imported rule's watchdog: FAIL rises, falls after timeToReboot, rises again."""
    problem: list[tuple[int, str]] = []
    events: list[tuple[int, str]] = []
    shown = (timeline.state(PROBLEM), state_of(hass, EVENTS).state)
    await timeline.run_to(40)  # checks at 30 and 40 answered
    never_boots(host)
    for second in range(41, 215):
        if second == 200:
            host.boot_s = 0
            host.unhang()
        await timeline.run_to(second)
        event = state_of(hass, EVENTS)
        now = (timeline.state(PROBLEM), event.state)
        if now[0] != shown[0]:
            problem.append((second, now[0]))
        if now[1] != shown[1]:
            events.append((second, str(event.attributes["event_type"])))
        shown = now
    # refused checks at 50 and 60 count at their timeout (1 s); 60 s of wait; limit 2
    assert problem == [(61, STATE_ON), (121, STATE_OFF), (132, STATE_ON), (202, STATE_OFF)]
    assert events == [(61, "failed"), (132, "failed"), (192, "gave_up"), (202, "recovered")]
    assert timeline.restarts == []  # the rule's automation restarts, not the watchdog
    assert timeline.state(RESTARTS) == "0"


@pytest.mark.parametrize("watchdog", [{**PARAMS, "method": "ping", "target": "127.0.0.1"}])
async def test_one_pinger_for_every_entry(
    hass: HomeAssistant, init_integration: MockConfigEntry, watchdog: dict[str, Any]
) -> None:
    """Ping watchdogs of all entries share one pinger; the last entry to unload closes it."""
    other = MockConfigEntry(
        domain=DOMAIN,
        subentries_data=[
            ConfigSubentryDataWithId(
                data=watchdog,
                subentry_id="01KWATCHDOGSECOND",
                subentry_type=SUBENTRY_TYPE,
                title="Second",
                unique_id=None,
            )
        ],
    )
    other.runtime_data = init_integration.runtime_data
    second = WatchdogManager(hass, other)
    await second.async_setup()
    shared = hass.data[DATA_PINGER]
    assert shared.users == {init_integration.entry_id, other.entry_id}
    await second.async_stop()
    assert hass.data[DATA_PINGER] is shared
    assert shared.users == {init_integration.entry_id}
    assert await hass.config_entries.async_unload(init_integration.entry_id)
    assert DATA_PINGER not in hass.data
