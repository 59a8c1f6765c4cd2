"""The watchdog state machine: NETIO's rules, driven by hand with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from custom_components.netio.watchdog.machine import (
    Check,
    FailureAction,
    Outcome,
    PauseReason,
    Restart,
    Watchdog,
    WatchdogEvent,
    WatchdogMemory,
    WatchdogParams,
    WatchdogState,
)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PARAMS = WatchdogParams(
    interval_s=10,
    timeout_s=2,
    max_timeouts=2,
    time_to_reboot_s=60,
    start_delay_s=30,
    max_restarts=2,
)


class Driver:
    """Plays the runner: fires timers, answers checks with the target's state, restarts."""

    def __init__(
        self, params: WatchdogParams = PARAMS, memory: WatchdogMemory | None = None
    ) -> None:
        """Start the machine at T0."""
        self.dog = Watchdog(params, memory)
        self.now = T0
        self.up = True
        self.restart_ok = True
        self.restarts: list[datetime] = []
        self.events: list[tuple[WatchdogEvent, datetime]] = []
        self.checks = 0
        self.apply(self.dog.start(self.now))

    def apply(self, outcome: Outcome) -> None:
        """Carry out effects at once (checks answer instantly)."""
        self.events += [(event, self.now) for event in outcome.events]
        for effect in outcome.effects:
            if isinstance(effect, Check):
                self.checks += 1
                self.apply(self.dog.on_check(effect.token, self.now, ok=self.up, rtt_ms=1.0))
            elif isinstance(effect, Restart):
                if self.restart_ok:
                    self.restarts.append(self.now)
                self.apply(self.dog.on_restart_done(effect.token, self.now, ok=self.restart_ok))

    def run_until(self, seconds: float) -> None:
        """Fire every timer up to T0 + seconds."""
        end = T0 + timedelta(seconds=seconds)
        while self.dog.wake_at is not None and self.dog.wake_at <= end:
            self.now = self.dog.wake_at
            self.apply(self.dog.on_timer(self.now))
        self.now = max(self.now, end)

    def pause(self, *reasons: PauseReason) -> None:
        """Set the pause reasons (none: resume)."""
        self.apply(self.dog.set_pauses(frozenset(reasons), self.now))

    def at(self, *offsets: float) -> list[datetime]:
        """Moments after T0."""
        return [T0 + timedelta(seconds=s) for s in offsets]

    def event_kinds(self) -> list[WatchdogEvent]:
        """The events so far, without their times."""
        return [event for event, _ in self.events]


def test_start_delay_then_checks_every_interval() -> None:
    d = Driver()
    assert d.dog.state is WatchdogState.STARTING
    d.run_until(29)
    assert d.checks == 0
    d.run_until(60)
    assert d.checks == 4  # 30, 40, 50, 60
    assert d.dog.state is WatchdogState.OK
    assert d.dog.connected is True
    assert d.dog.last_rtt_ms == 1.0


@pytest.mark.parametrize(
    ("max_restarts", "expected"),
    [
        # limit N=2: two restarts, then gave up
        (2, [40, 110]),
        # -1: one restart per outage
        (-1, [40]),
        (1, [40]),
    ],
)
def test_restart_limits(max_restarts: int, expected: list[float]) -> None:
    d = Driver(replace(PARAMS, max_restarts=max_restarts))
    d.up = False
    d.run_until(1000)
    assert d.restarts == d.at(*expected)
    assert d.dog.state is WatchdogState.GAVE_UP
    assert d.dog.problem
    assert d.event_kinds().count(WatchdogEvent.GAVE_UP) == 1
    assert d.dog.restarts == len(expected)


def test_restart_times_exact() -> None:
    d = Driver()
    d.up = False
    d.run_until(1000)
    # checks at 30 and 40 fail -> restart at 40; waiting until 100; checks at 100 and 110 fail
    # -> restart at 110; waiting until 170; 170, 180 fail -> gave up at 180.
    assert d.restarts == d.at(40, 110)
    assert d.events[-1] == (WatchdogEvent.GAVE_UP, d.at(180)[0])
    assert d.dog.last_restart == d.at(110)[0]


def test_no_limit_restarts_at_every_failure() -> None:
    d = Driver(replace(PARAMS, max_restarts=0))
    d.up = False
    d.run_until(40 + 70 * 9)
    assert len(d.restarts) == 10
    assert WatchdogEvent.GAVE_UP not in d.event_kinds()


def test_max_timeouts_zero_counts_as_one() -> None:
    d = Driver(replace(PARAMS, max_timeouts=0))
    d.up = False
    d.run_until(30)
    assert d.restarts == d.at(30)


def test_recovery_clears_failure_at_once_and_count_when_stable() -> None:
    d = Driver()
    d.up = False
    d.run_until(40)
    assert d.dog.state is WatchdogState.WAITING
    d.up = True
    d.run_until(100)
    assert d.dog.state is WatchdogState.OK
    assert not d.dog.problem
    assert d.event_kinds() == [WatchdogEvent.RESTARTED, WatchdogEvent.RECOVERED]
    assert d.dog.restarts == 1  # not yet stable for timeToReboot
    d.run_until(160)
    assert d.dog.restarts == 0


def test_flapping_target_never_exceeds_the_limit() -> None:
    d = Driver()
    for _ in range(20):
        # down long enough to fail, then up for one check after each restart
        d.up = False
        d.run_until((d.now - T0).total_seconds() + 75)
        d.up = True
        d.run_until((d.now - T0).total_seconds() + 10)
    assert len(d.restarts) == 2


def test_single_missed_checks_do_not_fail() -> None:
    d = Driver()
    for i in range(50):
        d.up = i % 2 == 0
        d.run_until(30 + 10 * i)
    assert d.restarts == []
    assert not d.dog.problem


def test_pause_stops_checks_and_forgets_partial_failures() -> None:
    d = Driver()
    d.run_until(30)
    d.up = False
    d.run_until(40)
    assert d.dog.state is WatchdogState.FAILING
    d.pause(PauseReason.OUTPUT_OFF)
    assert d.dog.state is WatchdogState.PAUSED
    assert d.dog.connected is None
    checks = d.checks
    d.run_until(500)
    assert d.checks == checks
    assert d.restarts == []
    d.pause()
    assert d.dog.state is WatchdogState.STARTING
    d.run_until(530)  # start delay
    assert d.dog.state is WatchdogState.FAILING
    assert d.restarts == []  # one failed check again, the count started over
    d.run_until(540)
    assert len(d.restarts) == 1


def test_pause_during_restart_applies_after_it() -> None:
    d = Driver()
    d.up = False
    d.run_until(39)
    dog = d.dog
    outcome = dog.on_timer(d.at(40)[0])
    (check,) = outcome.effects
    assert isinstance(check, Check)
    outcome = dog.on_check(check.token, d.at(40)[0], ok=False)
    (restart,) = outcome.effects
    assert isinstance(restart, Restart)
    dog.set_pauses(frozenset({PauseReason.DEVICE_UNAVAILABLE}), d.at(40)[0])
    assert dog.state is WatchdogState.RESTARTING
    outcome = dog.on_restart_done(restart.token, d.at(41)[0], ok=False)
    assert dog.state is WatchdogState.PAUSED
    assert dog.restarts == 0
    assert outcome.events == []


def test_refused_restart_is_not_counted_and_retried_at_next_failed_check() -> None:
    d = Driver()
    d.up = False
    d.restart_ok = False
    d.run_until(40)
    assert d.dog.state is WatchdogState.FAILING
    assert d.dog.restarts == 0
    assert d.dog.problem
    d.restart_ok = True
    d.run_until(50)
    assert d.restarts == d.at(50)


def test_stale_results_are_ignored() -> None:
    dog = Watchdog(PARAMS)
    dog.start(T0)
    outcome = dog.on_timer(T0 + timedelta(seconds=30))
    (check,) = outcome.effects
    assert isinstance(check, Check)
    dog.set_enabled(False, T0)
    assert dog.on_check(check.token, T0, ok=False) == Outcome()
    assert dog.on_restart_done(check.token, T0, ok=True) == Outcome()
    assert dog.on_timer(T0) == Outcome()  # no timer set


def test_check_still_running_is_not_doubled() -> None:
    dog = Watchdog(PARAMS)
    dog.start(T0)
    assert len(dog.on_timer(T0 + timedelta(seconds=30)).effects) == 1
    assert dog.on_timer(T0 + timedelta(seconds=40)).effects == []


def test_disable_and_enable() -> None:
    d = Driver()
    d.apply(d.dog.set_enabled(False, d.now))
    assert d.dog.state is WatchdogState.DISABLED
    assert d.dog.set_enabled(False, d.now) == Outcome()
    d.pause(PauseReason.OUTPUT_OFF)
    assert d.dog.state is WatchdogState.DISABLED
    d.run_until(500)
    assert d.checks == 0
    d.apply(d.dog.set_enabled(True, d.now))
    assert d.dog.state is WatchdogState.PAUSED
    d.pause()
    assert d.dog.state is WatchdogState.STARTING


def test_reset_after_giving_up_allows_new_restarts() -> None:
    d = Driver(replace(PARAMS, max_restarts=-1))
    d.up = False
    d.run_until(200)
    assert d.dog.state is WatchdogState.GAVE_UP
    d.apply(d.dog.reset())
    assert d.dog.restarts == 0
    assert d.dog.state is WatchdogState.FAILING
    d.run_until(210)
    assert len(d.restarts) == 2


def test_report_only_never_restarts() -> None:
    d = Driver(replace(PARAMS, action=FailureAction.REPORT))
    d.up = False
    d.run_until(500)
    assert d.restarts == []
    assert d.dog.state is WatchdogState.FAILED
    assert d.dog.problem
    d.up = True
    d.run_until(510)
    assert d.dog.state is WatchdogState.OK
    assert d.event_kinds() == [WatchdogEvent.FAILED, WatchdogEvent.RECOVERED]


def test_switch_off_then_output_off_pauses() -> None:
    d = Driver(replace(PARAMS, action=FailureAction.SWITCH_OFF))
    d.up = False
    d.run_until(40)
    assert d.dog.state is WatchdogState.WAITING
    d.pause(PauseReason.OUTPUT_OFF)
    assert d.dog.state is WatchdogState.PAUSED
    assert d.dog.problem


def test_memory_round_trip_and_restore_mid_outage() -> None:
    d = Driver()
    d.up = False
    d.run_until(45)
    memory = WatchdogMemory.from_dict(d.dog.memory().as_dict())
    assert memory.restarts == 1
    assert memory.failed
    assert memory.state is WatchdogState.WAITING
    # Home Assistant comes back 5 s after the restart; start delay 30 s, but the host gets
    # its full timeToReboot (until 100) before the first check.
    later = Driver(memory=memory)
    later.now = T0 + timedelta(seconds=45)
    later.apply(later.dog.start(later.now))
    assert later.dog.wake_at == T0 + timedelta(seconds=100)
    later.up = False
    later.run_until(1000)
    assert later.restarts == later.at(110)  # the second and last of the limit
    assert later.dog.state is WatchdogState.GAVE_UP


def test_broken_memory_starts_fresh() -> None:
    assert WatchdogMemory.from_dict({"restarts": "x"}) == WatchdogMemory()
    assert WatchdogMemory.from_dict({"state": "nonsense"}) == WatchdogMemory()
    assert WatchdogMemory.from_dict({}).last_restart is None


def test_disabled_memory_starts_disabled() -> None:
    dog = Watchdog(PARAMS, WatchdogMemory(enabled=False))
    dog.start(T0)
    assert dog.state is WatchdogState.DISABLED
    assert dog.wake_at is None


# "Only announce": NETIO's FAIL for an imported rule ------------------------------------------

ANNOUNCE = replace(PARAMS, time_to_reboot_s=30, start_delay_s=0, action=FailureAction.ANNOUNCE)


class Announcer(Driver):
    """Records when the problem (NETIO's FAIL) turns on and off."""

    def __init__(
        self, params: WatchdogParams = ANNOUNCE, memory: WatchdogMemory | None = None
    ) -> None:
        """Start at T0 and follow the problem flag."""
        self.fail: list[tuple[float, bool]] = []
        self._last = False
        super().__init__(params, memory)

    def apply(self, outcome: Outcome) -> None:
        """Carry out effects; note every change of the problem flag."""
        super().apply(outcome)
        if self.dog.problem != self._last:
            self._last = self.dog.problem
            self.fail.append(((self.now - T0).total_seconds(), self._last))

    def down_at(self, seconds: float) -> None:
        """The target stops answering at T0 + seconds."""
        self.run_until(seconds)
        self.up = False


def test_announce_follows_netio_fail_with_a_restart_limit() -> None:
    # The corpus case watchdog_max_timeouts_and_restart_limit, as the device runs it.
    d = Announcer()
    d.down_at(15)
    d.run_until(149)
    d.up = True
    d.run_until(200)
    assert d.fail == [(32, True), (62, False), (74, True), (154, False)]
    assert d.restarts == []  # it never acts itself
    assert d.event_kinds() == [
        WatchdogEvent.FAILED,
        WatchdogEvent.FAILED,
        WatchdogEvent.GAVE_UP,
        WatchdogEvent.RECOVERED,
    ]
    assert [t for e, t in d.events if e is WatchdogEvent.GAVE_UP] == d.at(104)
    assert d.dog.restarts == 0
    assert d.dog.state is WatchdogState.OK


@pytest.mark.parametrize(
    ("max_restarts", "rises"),
    [(0, [22, 54, 86, 118, 150]), (-1, [22]), (1, [22]), (3, [22, 54, 86])],
)
def test_announce_rises_as_often_as_max_restarts_allows(
    max_restarts: int, rises: list[float]
) -> None:
    d = Announcer(replace(ANNOUNCE, max_timeouts=0, max_restarts=max_restarts))
    d.down_at(15)
    d.run_until(160)
    assert [t for t, on in d.fail if on] == rises
    assert [t for e, t in d.events if e is WatchdogEvent.FAILED] == d.at(*rises)
    assert d.dog.last_restart == d.at(rises[-1])[0]


def test_announce_waits_out_start_delay_and_counts_at_the_timeout() -> None:
    d = Announcer(replace(ANNOUNCE, max_timeouts=0, start_delay_s=30, max_restarts=-1))
    d.up = False
    d.run_until(31)
    assert d.checks == 1
    assert d.fail == []  # the refused check at 30 fails at its timeout
    assert d.dog.wake_at == d.at(32)[0]
    d.run_until(100)
    assert d.fail == [(32, True)]
    assert d.dog.state is WatchdogState.GAVE_UP
    assert d.dog.problem


def test_announce_ignores_the_output_but_not_the_device() -> None:
    d = Announcer(replace(ANNOUNCE, max_timeouts=0))
    d.down_at(15)
    d.run_until(22)
    assert d.fail == [(22, True)]
    d.pause(PauseReason.OUTPUT_OFF, PauseReason.PULSE_RUNNING)  # the rule's short OFF
    assert d.dog.pauses == frozenset()
    assert d.dog.state is WatchdogState.WAITING
    d.pause()
    d.pause(PauseReason.DEVICE_UNAVAILABLE)
    assert d.dog.state is WatchdogState.PAUSED
    d.now = T0 + timedelta(seconds=40)
    d.pause()
    # back during the wait: the wait is finished first, then FAIL falls (restarts left)
    assert d.dog.wake_at == d.at(52)[0]
    d.run_until(53)
    assert d.fail == [(22, True), (52, False)]
    # a pause after FAIL fell: still within the outage when checking starts again
    d.pause(PauseReason.DEVICE_UNAVAILABLE)
    d.pause()
    d.run_until(53)
    assert d.dog.state is WatchdogState.FAILING


def test_announce_after_a_home_assistant_restart_mid_wait() -> None:
    d = Announcer(replace(ANNOUNCE, max_timeouts=0, max_restarts=1))
    d.down_at(15)
    d.run_until(25)
    memory = WatchdogMemory.from_dict(d.dog.memory().as_dict())
    later = Announcer(replace(ANNOUNCE, max_timeouts=0, max_restarts=1), memory)
    later.now = T0 + timedelta(seconds=25)
    later.up = False
    later.apply(later.dog.start(later.now))
    later.run_until(60)
    assert later.dog.state is WatchdogState.GAVE_UP  # the one restart was used before
    assert later.event_kinds() == [WatchdogEvent.GAVE_UP]
    assert later.dog.problem


def test_announce_reset_re_arms() -> None:
    d = Announcer(replace(ANNOUNCE, max_timeouts=0, max_restarts=-1))
    d.down_at(15)
    d.run_until(60)
    assert d.dog.state is WatchdogState.GAVE_UP
    d.apply(d.dog.reset())
    assert not d.dog.problem
    assert d.dog.state is WatchdogState.FAILING
    d.run_until(70)
    assert [t for t, on in d.fail if on] == [22, 64]
    # a reset during the wait only clears the count: FAIL falls when the wait ends
    d.apply(d.dog.reset())
    assert d.dog.restarts == 0
    assert d.dog.problem
    d.run_until(95)
    assert d.fail[-1] == (94, False)


def test_announce_late_failure_counts_at_once() -> None:
    dog = Watchdog(replace(ANNOUNCE, max_timeouts=0))
    dog.start(T0)
    (check,) = dog.on_timer(T0).effects
    assert isinstance(check, Check)
    # an answer that comes after the timeout counts when it comes
    outcome = dog.on_check(check.token, T0 + timedelta(seconds=3), ok=False)
    assert outcome.events == [WatchdogEvent.FAILED]
    assert dog.problem
