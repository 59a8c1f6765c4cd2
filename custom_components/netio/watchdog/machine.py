"""NETIO's WatchDog as a pure state machine: no I/O, no clock of its own, no Home Assistant.

The machine is told what happened (`start`, `on_timer`, `on_check`, `on_restart_done`,
`set_pauses`, `set_enabled`, `reset`) with the current time, and answers with `Effect`s for its
driver to carry out (run a check, restart the output) and `WatchdogEvent`s to announce. `wake_at`
says when the driver must call `on_timer` next. Everything is decided here, so every rule below is
unit-tested without sockets or timers.

NETIO's parameters (the rules page's `WDT` object) and how this project reads them. Where NETIO's
sources are silent, the choice is marked **chosen**:

- `pingInterval` (`interval_s`): seconds between the starts of two checks. **chosen**: a check
  still running when the next one is due is not doubled; the next starts one interval later.
- `timeout` (`timeout_s`): a check that has no answer within it failed. **chosen**: it may not
  exceed the interval (the flow refuses it), so checks never overlap.
- `maxTimeouts`: consecutive failed checks that make a failure. **chosen**: 0 counts as 1 (NETIO's
  own example uses 0 with the meaning "the first missed reply"); any success starts the count over.
- `timeToReboot` (`time_to_reboot_s`): after a restart no check runs for this long (**chosen**:
  not even one whose result would be ignored). **chosen**: after the wait the count of failed
  checks starts from zero, so a host that is still booting gets `maxTimeouts` more chances and a
  single lost packet right after a reboot does not restart it again.
- `maxRestarts`: 0 = no limit (a restart at every failure, NETIO's "not only if FAIL status is
  changed"); N > 0 = at most N restarts per outage; -1 = one restart per outage, after which
  FAIL stays until a check succeeds. **chosen**: -1 therefore restarts exactly like 1; in both
  the watchdog then gives up (`gave_up`, one `gave_up` event) and keeps checking without acting.
- The outage and its count. A successful check ends the failure at once (problem off,
  `recovered`). **chosen**: the restart count clears only when the target has kept answering
  for `timeToReboot` (at least one interval) since then, so a target that comes up for a moment
  after each restart and hangs again (flapping) never gets more restarts than the limit.
- `startDelay` (`start_delay_s`; newer firmware names it without saying what it does).
  **chosen**: no check runs for this long after the watchdog starts (Home Assistant start,
  entry reload), is enabled, or any pause ends (the output was switched on, the device came
  back, a pulse ended: the host is likely booting). After a Home Assistant restart during an
  outage the first check also waits until `timeToReboot` after the last restart has passed.
- Pauses (NETIO has none; **chosen** as the issue's rules): while the device is unavailable,
  the output is off, a pulse of someone else runs on the output, or ICMP is not permitted, no
  check runs and nothing is counted; failed checks counted before the pause are forgotten, the
  restart count and the failure are kept. A pause that begins during our own restart takes
  effect when the restart's result is known.
- A restart the device refuses is not counted; the failure stays and **chosen**: the very next
  failed check retries it (the count of failed checks stands one below the limit).
- Actions on failure (NETIO's rule would say which): power cycle (short OFF), switch off (the
  output is then off, so the watchdog pauses until someone switches it on) or only report.
  **chosen**: "only report" has its own state `failed` (no restart was even tried).
- Reset (**chosen**): clears the restart count; a watchdog that gave up goes back to counting
  failed checks, and the next failed check may restart again.
- Disabled: nothing runs; enabling starts over with the start delay. The failure and the count
  are kept (they are only cleared by a success or a reset).

"Only announce" (`announce`): the watchdog a NETIO rule's `WDT/<name>/FAIL` becomes when the
rule is imported. The rule (an automation) does the restarting, so the watchdog acts on nothing
and its problem sensor is NETIO's FAIL, with the device's own timeline (the project's engine,
items 17-18 of its notes), so the automation fires exactly when the device's rule would:

- FAIL rises after `maxTimeouts` failed checks (the `failed` event, the problem sensor turns
  on). Each rise counts as a restart (restart count, last restart), since the rule restarts then.
- FAIL stays for `timeToReboot` (state `waiting`, no checks). Then, with restarts left, FAIL
  falls (the problem sensor turns off: the rule is re-armed) and checking resumes at once with
  a fresh count of failed checks, so the next failure raises it again ("re-announces"); with
  none left, the watchdog gives up (`gave_up`), FAIL stays and checks go on.
- An answered check clears FAIL, the restart count and giving up at once (`recovered` when an
  outage ends). **chosen** (as the device's engine): no `timeToReboot` of stability first, so
  a flapping target gets the limit again after each answer, as on the device.
- **chosen**: a failed check counts `timeout` after it started even when the target refused at
  once (NETIO's ping fails only by getting no reply within `timeout`), so FAIL rises at the
  device's moment whatever the check method.
- **chosen** pauses: a NETIO WatchDog belongs to no output, so the output being off or pulsed
  (by the rule itself, typically) does not pause it; the device being unavailable and ICMP not
  being permitted still do. After a pause, or a Home Assistant restart, during the wait, the
  wait is finished first (as above), then FAIL falls or the watchdog gives up.
- Reset (**chosen**): clears the count and giving up; FAIL falls, and the next failed check
  raises it again.

The `failed` event is also announced once when an "only report" watchdog fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any


class WatchdogState(StrEnum):
    """What the watchdog is doing."""

    STARTING = "starting"
    OK = "ok"
    FAILING = "failing"
    RESTARTING = "restarting"
    WAITING = "waiting"
    GAVE_UP = "gave_up"
    FAILED = "failed"
    PAUSED = "paused"
    DISABLED = "disabled"


class FailureAction(StrEnum):
    """What the watchdog does to the output when the target fails."""

    POWER_CYCLE = "power_cycle"
    SWITCH_OFF = "switch_off"
    REPORT = "report"
    ANNOUNCE = "announce"


class PauseReason(StrEnum):
    """Why the watchdog does not check now."""

    DEVICE_UNAVAILABLE = "device_unavailable"
    OUTPUT_OFF = "output_off"
    PULSE_RUNNING = "pulse_running"
    ICMP_NOT_PERMITTED = "icmp_not_permitted"


class WatchdogEvent(StrEnum):
    """What the watchdog announces."""

    RESTARTED = "restarted"
    GAVE_UP = "gave_up"
    RECOVERED = "recovered"
    FAILED = "failed"


CHECKING_STATES = frozenset(
    {WatchdogState.OK, WatchdogState.FAILING, WatchdogState.GAVE_UP, WatchdogState.FAILED}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchdogParams:
    """NETIO's WatchDog parameters, plus what to do on failure."""

    interval_s: float = 30
    timeout_s: float = 5
    max_timeouts: int = 3
    time_to_reboot_s: float = 120
    start_delay_s: float = 60
    max_restarts: int = 3
    action: FailureAction = FailureAction.POWER_CYCLE

    @property
    def failures_needed(self) -> int:
        """Consecutive failed checks that make a failure (maxTimeouts 0 counts as 1)."""
        return max(1, self.max_timeouts)

    @property
    def restart_limit(self) -> int | None:
        """Restarts allowed per outage; None = no limit (maxRestarts 0; -1 = one)."""
        if self.max_restarts == 0:
            return None
        return 1 if self.max_restarts < 0 else self.max_restarts

    @property
    def stable_after(self) -> timedelta:
        """How long a target must keep answering before the restart count clears."""
        return timedelta(seconds=max(self.time_to_reboot_s, self.interval_s))


@dataclass(slots=True, kw_only=True)
class WatchdogMemory:
    """What survives a Home Assistant restart."""

    restarts: int = 0
    failed: bool = False
    gave_up: bool = False
    last_restart: datetime | None = None
    state: WatchdogState = WatchdogState.STARTING
    enabled: bool = True

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage."""
        return {
            "restarts": self.restarts,
            "failed": self.failed,
            "gave_up": self.gave_up,
            "last_restart": self.last_restart.isoformat() if self.last_restart else None,
            "state": self.state.value,
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchdogMemory:
        """Read the stored form; unknown or broken values fall back to a fresh start."""
        try:
            last = data.get("last_restart")
            return cls(
                restarts=max(0, int(data.get("restarts", 0))),
                failed=bool(data.get("failed", False)),
                gave_up=bool(data.get("gave_up", False)),
                last_restart=datetime.fromisoformat(last) if isinstance(last, str) else None,
                state=WatchdogState(data.get("state", WatchdogState.STARTING)),
                enabled=bool(data.get("enabled", True)),
            )
        except TypeError, ValueError:
            return cls()


@dataclass(frozen=True, slots=True)
class Check:
    """Run one check; report its result with `token`."""

    token: int


@dataclass(frozen=True, slots=True)
class Restart:
    """Act on the output (the params' action); report the outcome with `token`."""

    token: int
    action: FailureAction


type Effect = Check | Restart


@dataclass(slots=True)
class Outcome:
    """What the driver must do after one call into the machine."""

    effects: list[Effect] = field(default_factory=list)
    events: list[WatchdogEvent] = field(default_factory=list)


# Pauses an announcing watchdog ignores: a NETIO WatchDog belongs to no output.
OUTPUT_PAUSES = frozenset({PauseReason.OUTPUT_OFF, PauseReason.PULSE_RUNNING})


class Watchdog:
    """One watchdog's state; see the module docstring for the rules."""

    def __init__(self, params: WatchdogParams, memory: WatchdogMemory | None = None) -> None:
        """Start from what was remembered (a Home Assistant restart) or fresh."""
        memory = memory or WatchdogMemory()
        self.params = params
        self.restarts = memory.restarts
        self.failed = memory.failed
        self.gave_up = memory.gave_up
        self.last_restart = memory.last_restart
        self.enabled = memory.enabled
        self.state = WatchdogState.STARTING if self.enabled else WatchdogState.DISABLED
        self.pauses: frozenset[PauseReason] = frozenset()
        self.consecutive_failures = 0
        self._timer_at: datetime | None = None
        self._failure_due: datetime | None = None
        self._check_started: datetime | None = None
        self.connected: bool | None = None
        self.last_rtt_ms: float | None = None
        self.last_error: str | None = None
        self._stable_since: datetime | None = None
        self._token = 0
        self._check_pending = False

    # What the rest of the world sees ---------------------------------------------------------

    @property
    def wake_at(self) -> datetime | None:
        """When the driver must call `on_timer` next (None: no timer)."""
        due = self._failure_due
        if due is None or (self._timer_at is not None and self._timer_at < due):
            return self._timer_at
        return due

    @wake_at.setter
    def wake_at(self, when: datetime | None) -> None:
        self._timer_at = when

    @property
    def announces(self) -> bool:
        """Whether an automation acts on failures (action "only announce")."""
        return self.params.action is FailureAction.ANNOUNCE

    @property
    def problem(self) -> bool:
        """Whether the target is failed (until a check succeeds); announcing: NETIO's FAIL."""
        return self.failed

    def memory(self) -> WatchdogMemory:
        """What to store so a Home Assistant restart continues where this left off."""
        return WatchdogMemory(
            restarts=self.restarts,
            failed=self.failed,
            gave_up=self.gave_up,
            last_restart=self.last_restart,
            state=self.state,
            enabled=self.enabled,
        )

    # Inputs -------------------------------------------------------------------------------------

    def start(self, now: datetime) -> Outcome:
        """Begin (Home Assistant started, the entry was set up)."""
        if not self.enabled:
            self._enter(WatchdogState.DISABLED)
            return Outcome()
        if self.pauses:
            self._enter(WatchdogState.PAUSED)
            return Outcome()
        self._enter_starting(now)
        return Outcome()

    def on_timer(self, now: datetime) -> Outcome:
        """The time in `wake_at` has come."""
        outcome = Outcome()
        if self._failure_due is not None and now >= self._failure_due:
            self._failure_due = None
            self._on_failed_check(now, outcome)
        if self._timer_at is None or now < self._timer_at:
            return outcome
        self.wake_at = None
        if self.announces and (
            self.state is WatchdogState.WAITING
            or (self.state is WatchdogState.STARTING and self.failed and not self.gave_up)
        ):
            self._end_wait(outcome)
        elif self.state is WatchdogState.STARTING:
            self._enter(self._checking_state())
        elif self.state is WatchdogState.WAITING:
            self.consecutive_failures = 0
            self._enter(WatchdogState.FAILING)
        if self.state in CHECKING_STATES:
            self.wake_at = now + timedelta(seconds=self.params.interval_s)
            if not self._check_pending:
                self._check_pending = True
                self._check_started = now
                outcome.effects.append(Check(self._token))
        return outcome

    def on_check(
        self,
        token: int,
        now: datetime,
        *,
        ok: bool,
        rtt_ms: float | None = None,
        error: str | None = None,
    ) -> Outcome:
        """A check ended; results of checks from before a pause or restart are ignored."""
        outcome = Outcome()
        if token != self._token or not self._check_pending:
            return outcome
        self._check_pending = False
        self.connected = ok
        self.last_rtt_ms = rtt_ms if ok else None
        self.last_error = None if ok else error
        if ok:
            self._on_success(now, outcome)
            return outcome
        if self.announces and self._check_started is not None:
            due = self._check_started + timedelta(seconds=self.params.timeout_s)
            if now < due:
                self._failure_due = due  # NETIO's ping fails at its timeout
                return outcome
        self._on_failed_check(now, outcome)
        return outcome

    def on_restart_done(self, token: int, now: datetime, *, ok: bool) -> Outcome:
        """The restart asked for in `Restart(token)` succeeded or the device refused it."""
        outcome = Outcome()
        if token != self._token or self.state is not WatchdogState.RESTARTING:
            return outcome
        if ok:
            self.restarts += 1
            self.last_restart = now
            self._stable_since = None
            outcome.events.append(WatchdogEvent.RESTARTED)
            self._enter(WatchdogState.WAITING)
            self.wake_at = now + timedelta(seconds=self.params.time_to_reboot_s)
        else:
            # Not counted; the next failed check tries again.
            self.consecutive_failures = self.params.failures_needed - 1
            self._enter(WatchdogState.FAILING)
            self.wake_at = now + timedelta(seconds=self.params.interval_s)
        if self.pauses:
            self._pause()
        return outcome

    def set_pauses(self, pauses: frozenset[PauseReason], now: datetime) -> Outcome:
        """The reasons to pause now (empty: none)."""
        if self.announces:
            pauses -= OUTPUT_PAUSES
        before, self.pauses = self.pauses, pauses
        if not self.enabled or self.state is WatchdogState.RESTARTING:
            return Outcome()
        if pauses and self.state is not WatchdogState.PAUSED:
            self._pause()
        elif not pauses and before:
            self._enter_starting(now)
        return Outcome()

    def set_enabled(self, enabled: bool, now: datetime) -> Outcome:
        """Switch the watchdog on or off."""
        if enabled == self.enabled:
            return Outcome()
        self.enabled = enabled
        if not enabled:
            self._invalidate()
            self.connected = None
            self._enter(WatchdogState.DISABLED)
            return Outcome()
        return self.start(now)

    def reset(self) -> Outcome:
        """Clear the restart count; a watchdog that gave up may restart again."""
        self.restarts = 0
        self._stable_since = None
        if self.announces and self.failed and self.state in CHECKING_STATES:
            self.failed = self.gave_up = False
            self.consecutive_failures = self.params.failures_needed - 1
            self._enter(WatchdogState.FAILING)
            return Outcome()
        if self.gave_up:
            self.gave_up = False
            if self.state is WatchdogState.GAVE_UP:
                self.consecutive_failures = self.params.failures_needed - 1
                self._enter(WatchdogState.FAILING)
        return Outcome()

    # Transitions -------------------------------------------------------------------------------

    def _enter(self, state: WatchdogState) -> None:
        self.state = state

    def _invalidate(self) -> None:
        """Forget running checks and timers: their results no longer count."""
        self._token += 1
        self._check_pending = False
        self.wake_at = None
        self._failure_due = None
        self._check_started = None
        self.consecutive_failures = 0

    def _pause(self) -> None:
        self._invalidate()
        self.connected = None
        self._enter(WatchdogState.PAUSED)

    def _enter_starting(self, now: datetime) -> None:
        self._invalidate()
        wake = now + timedelta(seconds=self.params.start_delay_s)
        if self.failed and self.last_restart is not None:
            wake = max(wake, self.last_restart + timedelta(seconds=self.params.time_to_reboot_s))
        self.wake_at = wake
        self._enter(WatchdogState.STARTING)

    def _checking_state(self) -> WatchdogState:
        if not self.failed:
            # An announcing watchdog re-armed within an outage is still failing.
            return WatchdogState.FAILING if self.announces and self.restarts else WatchdogState.OK
        if self.gave_up:
            return WatchdogState.GAVE_UP
        if self.params.action is FailureAction.REPORT:
            return WatchdogState.FAILED
        return WatchdogState.FAILING

    def _end_wait(self, outcome: Outcome) -> None:
        """An announcing watchdog's wait after FAIL: re-arm if restarts are left, else give up."""
        self.consecutive_failures = 0
        limit = self.params.restart_limit
        if limit is None or self.restarts < limit:
            self.failed = False
            self._enter(WatchdogState.FAILING)
            return
        self.gave_up = True
        self._enter(WatchdogState.GAVE_UP)
        outcome.events.append(WatchdogEvent.GAVE_UP)

    def _on_success(self, now: datetime, outcome: Outcome) -> None:
        self.consecutive_failures = 0
        if self.announces:
            if self.failed or self.restarts:
                outcome.events.append(WatchdogEvent.RECOVERED)
            self.failed = self.gave_up = False
            self.restarts = 0
            self._stable_since = None
            self._enter(WatchdogState.OK)
            return
        if self.failed:
            self.failed = False
            self.gave_up = False
            outcome.events.append(WatchdogEvent.RECOVERED)
        if self.restarts:
            if self._stable_since is None:
                self._stable_since = now
            elif now - self._stable_since >= self.params.stable_after:
                self.restarts = 0
                self._stable_since = None
        self._enter(WatchdogState.OK)

    def _on_failed_check(self, now: datetime, outcome: Outcome) -> None:
        self._stable_since = None
        self.consecutive_failures += 1
        if self.consecutive_failures < self.params.failures_needed:
            if not self.failed:
                self._enter(WatchdogState.FAILING)
            return
        self.consecutive_failures = 0
        if self.announces:
            self._announce(now, outcome)
            return
        was_failed, self.failed = self.failed, True
        if self.params.action is FailureAction.REPORT:
            if not was_failed:
                outcome.events.append(WatchdogEvent.FAILED)
            self._enter(WatchdogState.FAILED)
            return
        if self.gave_up:
            self._enter(WatchdogState.GAVE_UP)
            return
        limit = self.params.restart_limit
        if limit is None or self.restarts < limit:
            self._token += 1
            self.wake_at = None
            self._enter(WatchdogState.RESTARTING)
            outcome.effects.append(Restart(self._token, self.params.action))
            return
        self.gave_up = True
        self._enter(WatchdogState.GAVE_UP)
        outcome.events.append(WatchdogEvent.GAVE_UP)

    def _announce(self, now: datetime, outcome: Outcome) -> None:
        """FAIL rises (counted as a restart: the rule restarts now), then the wait."""
        if self.gave_up:
            self._enter(WatchdogState.GAVE_UP)  # FAIL stays; only an answer clears it
            return
        self.failed = True
        self.restarts += 1
        self.last_restart = now
        outcome.events.append(WatchdogEvent.FAILED)
        self._enter(WatchdogState.WAITING)
        self.wake_at = now + timedelta(seconds=self.params.time_to_reboot_s)
