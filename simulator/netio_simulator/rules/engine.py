"""The rules engine of one simulated device: a discrete-event machine on the device's clock.

Nothing ticks in the background. The device calls `next_wake()` / `run_due(t)` while it
catches up to its clock (`SimulatedDevice.sync`, before every read or change), and
`on_device_change()` after an input, output or load changed, so every timer runs at its exact
moment whenever somebody looks. The semantics are described in the package docstring.
"""

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from functools import partial
import heapq
import itertools
from typing import TYPE_CHECKING, Any, Final, Literal

from . import sun
from .model import (
    Action,
    DaylightPab,
    DeviceShape,
    Pab,
    RangePab,
    Rule,
    RuleDocumentError,
    RulesDocument,
    Source,
    Watchdog,
    ZonesPab,
    parse_document,
)

if TYPE_CHECKING:
    from ..device import SimulatedDevice

__all__ = ["HostResolver", "RuleLogEntry", "RulesEngine", "WatchdogStatus"]

type HostResolver = Callable[[str], bool | None]
"""Reachability of a watchdog target by name: True/False, or None when the name is unknown."""

LOG_SIZE: Final = 1000
PAB_SAMPLE_S: Final = 1.0
"""Measured PAB sources (load, current, energy, temperature) are sampled once a second."""
MAX_SETTLE_ROUNDS: Final = 100
_EPSILON_S: Final = 0.001
_MEASURED: Final = frozenset({"LOAD", "CURRENT", "POWER", "TEMP"})
type WatchdogPhase = Literal["disabled", "starting", "ok", "failing", "waiting", "gave_up"]


@dataclass(frozen=True, slots=True)
class RuleLogEntry:
    """One line of the device log: device clock time, wall time, who, what."""

    time: float
    wall: datetime
    source: str
    message: str


@dataclass(frozen=True, slots=True)
class WatchdogStatus:
    """A watchdog's state for inspection (tests, control API, configuration API)."""

    name: str
    enabled: bool
    phase: WatchdogPhase
    fail: bool
    failed_checks: int
    restarts: int
    target_reachable: bool


class _Timer:
    __slots__ = ("callback", "cancelled", "seq", "time")

    def __init__(self, time: float, seq: int, callback: Callable[[float], None]) -> None:
        self.time = time
        self.seq = seq
        self.callback = callback
        self.cancelled = False

    def __lt__(self, other: _Timer) -> bool:
        return (self.time, self.seq) < (other.time, other.seq)


@dataclass(slots=True)
class _RuleState:
    rule: Rule
    enabled: bool
    started: bool = False
    last: bool | None = None
    power_up: bool = False
    sequence_generation: int = 0
    start_timer: _Timer | None = None


@dataclass(slots=True)
class _PabState:
    pab: Pab
    enabled: bool
    value: bool | int = False
    since: float | None = None
    candidate: int | None = None
    wake: _Timer | None = None
    day_until: float | None = None


@dataclass(slots=True)
class _WatchdogState:
    watchdog: Watchdog
    enabled: bool
    phase: WatchdogPhase = "disabled"
    fail: bool = False
    failures: int = 0
    restarts: int = 0
    generation: int = 0
    ping_started: float = 0.0


@dataclass(slots=True)
class _OutputTimer:
    """An output's Scheduler/Timer (manual §5.1.2): it follows a schedule while enabled."""

    schedule: str | None = None
    enabled: bool = False
    wake: _Timer | None = None
    state: bool | None = None
    """The schedule's state the timer last acted on."""


@dataclass(slots=True)
class _Runtime:
    """Everything that a load or a power cut throws away."""

    document: RulesDocument
    rules: dict[str, _RuleState] = field(default_factory=dict[str, _RuleState])
    pabs: dict[str, _PabState] = field(default_factory=dict[str, _PabState])
    watchdogs: dict[str, _WatchdogState] = field(default_factory=dict[str, _WatchdogState])


def device_shape(device: SimulatedDevice) -> DeviceShape:
    """What rules on this device may refer to."""
    return DeviceShape(
        outputs=len(device.outputs),
        metered_outputs=frozenset(o.id for o in device.outputs if o.meter is not None),
        inputs=len(device.inputs),
        temperature_inputs=frozenset(i.id for i in device.inputs if "temperature" in i.features),
        metered=device.profile.metered,
    )


class RulesEngine:
    """NETIO's Conditions (PABs, WatchDogs), Rules and Schedules running on a simulated device.

    Interface (stable; the configuration API and the control API build on it):

    - `document()` -> `{"rules": {name: rule}, "pabs": {...}, "watchdogs": {...},
      "schedules": {...}}` in NETIO's JSON forms; rules, PABs and watchdogs carry `enabled`,
      schedules include NETIO's defaults (Always, Weekend, Work days).
    - `load(document)` validates against this device and replaces everything at once;
      `RuleDocumentError` (a ValueError naming the key or field) leaves the old document.
    - `set_rule_enabled(name, enabled)`, `rule_enabled(name)`.
    - Watchdog targets: `set_host_reachable(name, reachable)` and `host_resolver`, a callable
      name -> True/False/None consulted for names not set here (simulated hosts plug in there).
    - Time: `wall_time()`, `set_wall_time(moment)` (the device's clock, driven by its monotonic
      clock), `schedule_active(name)`.
    - Output timers (the output's Scheduler/Timer): `set_output_schedule(output, schedule,
      enabled)`, `output_schedule(output)`; `schedule_ids()` numbers the schedules 1.. in
      `document()` order (the defaults first).
    - Inspection: `pab_value(name)`, `watchdog_status(name)`, `alarms`, `log`.
    """

    def __init__(self, device: SimulatedDevice, *, wall_time: datetime | None = None) -> None:
        """Attach to a device with an empty document (the default schedules only)."""
        self._device = device
        self._shape = device_shape(device)
        self._timers: list[_Timer] = []
        self._seq = itertools.count()
        self._hosts: dict[str, bool] = {}
        self.host_resolver: HostResolver | None = None
        """Reachability of watchdog targets not set with `set_host_reachable`."""
        self.log: deque[RuleLogEntry] = deque(maxlen=LOG_SIZE)
        """The device log: rule actions, cloud alarms, watchdog events, power cuts."""
        self.alarms: dict[int, int] = {}
        """NETIO Cloud alarm state per output (set by CLOUD/OUTPUT/<n>/ALARM actions)."""
        self._anchor = (device.now(), (wall_time or datetime.now(UTC)).astimezone(UTC))
        self._down = False
        self._evaluating = False
        self._dirty = False
        self._tick: _Timer | None = None
        self._runtime = _Runtime(parse_document({}, self._shape))
        self._output_timers: dict[int, _OutputTimer] = {}

    @property
    def device(self) -> SimulatedDevice:
        """The device this engine runs on."""
        return self._device

    # Document -----------------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        """Everything the device holds, in NETIO's JSON forms (a deep copy)."""
        runtime = self._runtime
        source = runtime.document.source

        def with_enabled(section: str, states: Mapping[str, Any]) -> dict[str, Any]:
            return {
                name: {
                    **{k: _deep_copy(v) for k, v in body.items() if k not in {"enabled", "name"}},
                    "enabled": states[name].enabled,
                }
                for name, body in source[section].items()
            }

        return {
            "rules": with_enabled("rules", runtime.rules),
            "pabs": with_enabled("pabs", runtime.pabs),
            "watchdogs": with_enabled("watchdogs", runtime.watchdogs),
            "schedules": _deep_copy(source["schedules"]),
        }

    def load(self, document: Mapping[str, Any]) -> None:
        """Validate a whole document and replace everything with it.

        Raises RuleDocumentError (a ValueError) naming the bad key or field; then nothing
        changes. Running sequences stop; a condition already true does not fire its rule.
        """
        self._device.sync()
        parsed = parse_document(document, self._shape)
        now = self._device.now()
        self._stop_all()
        self._runtime = _Runtime(parsed)
        self._log(now, "rules", f"loaded {len(parsed.rules)} rules")
        for output_id, timer in self._output_timers.items():
            if timer.schedule is not None and timer.schedule not in parsed.schedules:
                self._log(now, f"output {output_id}", f"timer off: schedule {timer.schedule} gone")
                timer.schedule = None
                timer.enabled = False
        if not self._device.is_down:
            self._start(now, boot=False)

    def set_rule_enabled(self, name: str, enabled: bool) -> None:
        """Enable or disable a rule; disabling stops its running sequence.

        Raises RuleDocumentError for an unknown rule.
        """
        self._device.sync()
        state = self._rule_state(name)
        now = self._device.now()
        if enabled == state.enabled:
            return
        state.enabled = enabled
        self._log(now, f"rule {name}", "enabled" if enabled else "disabled")
        if enabled:
            if not self._down:
                self._schedule_rule_start(state, now, boot=False)
                self.evaluate(now)
        else:
            self._stop_rule(state)

    def rule_enabled(self, name: str) -> bool:
        """Whether a rule is enabled (RuleDocumentError for an unknown rule)."""
        return self._rule_state(name).enabled

    def _rule_state(self, name: str) -> _RuleState:
        try:
            return self._runtime.rules[name]
        except KeyError:
            raise RuleDocumentError(f"rules.{name}: no such rule") from None

    # Hosts --------------------------------------------------------------------------------

    def set_host_reachable(self, name: str, reachable: bool | None) -> None:
        """Make a watchdog target reachable or not; None forgets the name (resolver decides)."""
        self._device.sync()
        if reachable is None:
            self._hosts.pop(name, None)
        else:
            self._hosts[name] = bool(reachable)

    def host_reachable(self, name: str) -> bool:
        """Whether a ping to `name` is answered now: set names, then the resolver, else no."""
        if name in self._hosts:
            return self._hosts[name]
        if self.host_resolver is not None:
            answer = self.host_resolver(name)
            if answer is not None:
                return bool(answer)
        return False

    # Time ---------------------------------------------------------------------------------

    def wall_time(self, at: float | None = None) -> datetime:
        """The device's wall clock (UTC) at a device clock reading (default now)."""
        mono, wall = self._anchor
        t = self._device.now() if at is None else at
        return wall + timedelta(seconds=t - mono)

    def local_time(self, at: float | None = None) -> datetime:
        """Wall time in the device's time zone."""
        return self.wall_time(at).astimezone(self._device.timezone)

    def _mono(self, moment: datetime) -> float:
        mono, wall = self._anchor
        return mono + (moment - wall).total_seconds()

    def set_wall_time(self, moment: datetime) -> None:
        """Set the device's wall clock (as NTP would); daylight times follow."""
        if moment.tzinfo is None:
            raise ValueError("the wall time needs a time zone")
        self._device.sync()
        now = self._device.now()
        self._anchor = (now, moment.astimezone(UTC))
        for state in self._runtime.pabs.values():
            if isinstance(state.pab, DaylightPab) and state.enabled and not self._down:
                self._init_daylight(state, now)
        self.evaluate(now)
        for output_id, timer in self._output_timers.items():
            self._arm_timer(output_id, timer, now, apply=True)

    def schedule_active(self, name: str, at: float | None = None) -> bool:
        """Whether a schedule is active now (in the device's time zone)."""
        try:
            schedule = self._runtime.document.schedules[name]
        except KeyError:
            raise RuleDocumentError(f"schedules.{name}: no such schedule") from None
        local = self.local_time(at)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        seconds = (local.replace(tzinfo=None) - midnight.replace(tzinfo=None)).total_seconds()
        return schedule.active_at(local.weekday(), seconds)

    def schedule_ids(self) -> dict[str, int]:
        """Schedule numbers 1.. in `document()` order (NETIO's defaults first)."""
        return {name: i for i, name in enumerate(self._runtime.document.schedules, start=1)}

    # Output timers ------------------------------------------------------------------------

    def set_output_schedule(self, output_id: int, schedule: str | None, enabled: bool) -> None:
        """Bind an output to a schedule and switch its timer on or off.

        While enabled the output is set to the schedule's state at once and at every start
        and end of an interval; switching it by hand in between holds until the next one.
        Disabled, the output stays as it is. Raises ValueError for an unknown output and
        RuleDocumentError for an unknown schedule or an enabled timer without a schedule.
        """
        self._device.sync()
        self._device.output(output_id)
        if schedule is not None and schedule not in self._runtime.document.schedules:
            raise RuleDocumentError(f"schedules.{schedule}: no such schedule")
        if enabled and schedule is None:
            raise RuleDocumentError(f"output {output_id}: an enabled timer needs a schedule")
        timer = self._output_timers.setdefault(output_id, _OutputTimer())
        timer.schedule = schedule
        timer.enabled = enabled
        now = self._device.now()
        self._log(now, f"output {output_id}", f"timer {schedule} {'on' if enabled else 'off'}")
        timer.state = None
        self._arm_timer(output_id, timer, now, apply=True)

    def output_schedule(self, output_id: int) -> tuple[str | None, bool]:
        """An output's timer: (schedule name or None, enabled)."""
        self._device.output(output_id)
        timer = self._output_timers.get(output_id, _OutputTimer())
        return timer.schedule, timer.enabled

    def _arm_timer(self, output_id: int, timer: _OutputTimer, t: float, *, apply: bool) -> None:
        if timer.wake is not None:
            timer.wake.cancelled = True
            timer.wake = None
        if not timer.enabled or timer.schedule is None or self._down:
            return
        on = self.schedule_active(timer.schedule, t)
        if apply and on != timer.state:
            self._device.apply_action(output_id, 1 if on else 0)
        timer.state = on
        boundary = self._next_boundary(timer.schedule, t)
        if boundary is not None:
            timer.wake = self._at(
                boundary, lambda when: self._arm_timer(output_id, timer, when, apply=True)
            )

    def _next_boundary(self, name: str, t: float) -> float | None:
        """The device clock time of the schedule's next interval start or end after t."""
        schedule = self._runtime.document.schedules[name]
        local = self.local_time(t)
        zone = local.tzinfo
        candidates: list[float] = []
        for offset in range(9):
            day = local.date() + timedelta(days=offset)
            midnight = datetime.combine(day, time(), tzinfo=zone)
            for start, end in schedule.intervals[day.weekday()]:
                for second in (start, end):
                    moment = self._mono((midnight + timedelta(seconds=second)).astimezone(UTC))
                    if moment > t + _EPSILON_S:
                        candidates.append(moment)
            if candidates:
                return min(candidates)
        return None

    # Inspection ---------------------------------------------------------------------------

    def pab_value(self, name: str) -> bool | int:
        """A PAB's output now: IN/DAY as bool, ZONE as int."""
        self._device.sync()
        try:
            return self._runtime.pabs[name].value
        except KeyError:
            raise RuleDocumentError(f"pabs.{name}: no such PAB") from None

    def watchdog_status(self, name: str) -> WatchdogStatus:
        """A watchdog's state now."""
        self._device.sync()
        try:
            state = self._runtime.watchdogs[name]
        except KeyError:
            raise RuleDocumentError(f"watchdogs.{name}: no such watchdog") from None
        return WatchdogStatus(
            name=name,
            enabled=state.enabled,
            phase=state.phase,
            fail=state.fail,
            failed_checks=state.failures,
            restarts=state.restarts,
            target_reachable=self.host_reachable(state.watchdog.target),
        )

    # Driving (called by the device) -------------------------------------------------------

    def next_wake(self) -> float | None:
        """The device clock time of the next timer, or None."""
        while self._timers and self._timers[0].cancelled:
            heapq.heappop(self._timers)
        return self._timers[0].time if self._timers else None

    def run_due(self, t: float) -> None:
        """Run every timer due at or before t (in order), evaluating after each; else at t."""
        ran = False
        while (wake := self.next_wake()) is not None and wake <= t:
            timer = heapq.heappop(self._timers)
            timer.callback(timer.time)
            self.evaluate(timer.time)
            ran = ran or timer.time == t
        if not ran:
            self.evaluate(t)

    def on_device_change(self) -> None:
        """An input, output or load changed now: re-evaluate."""
        self.evaluate(self._device.now())

    def power_cut(self, t: float) -> None:
        """The device lost power: everything stops."""
        self._log(t, "system", "power cut")
        self._stop_all()
        self._down = True

    def boot(self, t: float) -> None:
        """The device is up again: conditions restart, rules see SYSTEM/DEVICE_POWER_UP."""
        self._down = False
        self._log(t, "system", "device power-up")
        self._start(t, boot=True)

    # Lifecycle ----------------------------------------------------------------------------

    def _stop_all(self) -> None:
        for timer in self._timers:
            timer.cancelled = True
        self._timers.clear()
        self._tick = None
        runtime = self._runtime
        for rule_state in runtime.rules.values():
            rule_state.sequence_generation += 1
            rule_state.started = False
            rule_state.last = None
        for wdt in runtime.watchdogs.values():
            wdt.generation += 1

    def _start(self, t: float, *, boot: bool) -> None:
        runtime = self._runtime
        document = runtime.document
        previous = {
            "rules": {n: s.enabled for n, s in runtime.rules.items()},
            "pabs": {n: s.enabled for n, s in runtime.pabs.items()},
            "watchdogs": {n: s.enabled for n, s in runtime.watchdogs.items()},
        }
        if not boot:
            previous = {"rules": {}, "pabs": {}, "watchdogs": {}}
        runtime.pabs = {
            name: _PabState(pab, previous["pabs"].get(name, pab.enabled))
            for name, pab in document.pabs.items()
        }
        runtime.watchdogs = {
            name: _WatchdogState(wdt, previous["watchdogs"].get(name, wdt.enabled))
            for name, wdt in document.watchdogs.items()
        }
        runtime.rules = {
            name: _RuleState(rule, previous["rules"].get(name, rule.enabled))
            for name, rule in document.rules.items()
        }
        for pab_state in runtime.pabs.values():
            if pab_state.enabled:
                self._init_pab(pab_state, t)
        if self._needs_sampling():
            self._tick = self._at(t + PAB_SAMPLE_S, self._sample_tick)
        for wdt_state in runtime.watchdogs.values():
            self._start_watchdog(wdt_state, t)
        for rule_state in runtime.rules.values():
            if rule_state.enabled:
                self._schedule_rule_start(rule_state, t, boot=boot)
        self.evaluate(t)
        for output_id, timer in self._output_timers.items():
            if boot:
                timer.state = None
            self._arm_timer(output_id, timer, t, apply=boot)

    def _schedule_rule_start(self, state: _RuleState, t: float, *, boot: bool) -> None:
        """Start a rule now, or when its bootDelay after the last boot has passed."""
        start_at = max(t, self._device.boot_time + state.rule.boot_delay_s)
        state.started = False
        state.last = None
        if start_at <= t:
            self._start_rule(state, t, power_up=boot)
            return

        def start(when: float) -> None:
            state.start_timer = None
            if state.enabled:
                self._start_rule(state, when, power_up=boot)

        state.start_timer = self._at(start_at, start)

    def _start_rule(self, state: _RuleState, t: float, *, power_up: bool) -> None:
        del t
        state.started = True
        state.last = None
        state.power_up = power_up

    def _stop_rule(self, state: _RuleState) -> None:
        state.started = False
        state.last = None
        state.power_up = False
        state.sequence_generation += 1
        if state.start_timer is not None:
            state.start_timer.cancelled = True
            state.start_timer = None

    # Timers -------------------------------------------------------------------------------

    def _at(self, t: float, callback: Callable[[float], None]) -> _Timer:
        timer = _Timer(t, next(self._seq), callback)
        heapq.heappush(self._timers, timer)
        self._device.note_event(t)
        return timer

    def _needs_sampling(self) -> bool:
        return any(
            s.enabled
            and isinstance(s.pab, RangePab | ZonesPab)
            and (s.pab.source.scope == "total" or s.pab.source.what in _MEASURED)
            for s in self._runtime.pabs.values()
        )

    def _sample_tick(self, t: float) -> None:
        self._tick = self._at(t + PAB_SAMPLE_S, self._sample_tick)

    # Evaluation ---------------------------------------------------------------------------

    def evaluate(self, t: float | None = None) -> None:
        """Update PABs and fire every rule whose combined condition changed."""
        if self._down:
            return
        if self._evaluating:
            self._dirty = True
            return
        now = self._device.now() if t is None else t
        self._evaluating = True
        try:
            for _ in range(MAX_SETTLE_ROUNDS):
                self._dirty = False
                self._update_pabs(now)
                for state in list(self._runtime.rules.values()):
                    if state.enabled and state.started:
                        self._evaluate_rule(state, now)
                if not self._dirty:
                    break
            else:
                self._log(now, "rules", "rules keep switching each other; stopped this round")
        finally:
            self._evaluating = False

    def _evaluate_rule(self, state: _RuleState, t: float) -> None:
        if state.last is None:
            state.last = self._combined(state.rule, power_up=False)
        result = self._combined(state.rule, power_up=state.power_up)
        if state.power_up:
            state.power_up = False
            self._dirty = True
        if result == state.last:
            return
        state.last = result
        self._fire(state, result, t)

    def _combined(self, rule: Rule, *, power_up: bool) -> bool:
        values = (self._condition(c.kind, c.ref, c.expected, power_up) for c in rule.conditions)
        return all(values) if rule.operator == "AND" else any(values)

    def _condition(
        self, kind: str, ref: str | int | None, expected: bool | int, power_up: bool
    ) -> bool:
        device = self._device
        if kind in {"pab_in", "pab_zone", "pab_day"}:
            return self._runtime.pabs[str(ref)].value == expected
        if kind == "wdt_fail":
            return self._runtime.watchdogs[str(ref)].fail == expected
        if kind == "output":
            return device.output(int(ref or 0)).state == expected
        if kind == "input":
            return device.input(int(ref or 0)).state == expected
        return power_up == expected

    def _filters_pass(self, rule: Rule, t: float) -> bool:
        for flt in rule.filters:
            if flt.kind == "schedule":
                value = self.schedule_active(str(flt.ref), t)
            elif flt.kind == "output":
                value = self._device.output(int(flt.ref)).state
            else:
                value = self._device.input(int(flt.ref)).state
            if value != flt.expected:
                return False
        return True

    def _fire(self, state: _RuleState, result: bool, t: float) -> None:
        rule = state.rule
        actions = rule.actions if result else tuple(a for a in rule.actions if a.follows_result)
        if not actions and (not result or rule.sequence is None):
            return
        if not self._filters_pass(rule, t):
            self._log(t, f"rule {rule.name}", f"condition {int(result)}, filtered out")
            return
        self._log(t, f"rule {rule.name}", f"condition {int(result)}")
        for action in actions:
            self._act(rule.name, action, result=result, t=t)
        if result and rule.sequence is not None:
            state.sequence_generation += 1
            self._run_sequence(state, state.sequence_generation, 0, 0, t)

    def _act(self, rule_name: str, action: Action, *, result: bool, t: float) -> None:
        value = (1 if result else 0) if action.value is None else action.value
        self._log(t, f"rule {rule_name}", f"{action.key}={value}")
        if action.kind == "alarm":
            self.alarms[action.target] = value
            self._log(t, "cloud", f"output {action.target} alarm {'ON' if value else 'OFF'}")
            return
        self._device.apply_action(action.target, value)

    def _run_sequence(
        self, state: _RuleState, generation: int, iteration: int, index: int, t: float
    ) -> None:
        sequence = state.rule.sequence
        assert sequence is not None  # noqa: S101 - only rules with a sequence get here
        while generation == state.sequence_generation and state.enabled:
            step = sequence.steps[index]
            for action in step.actions:
                self._act(state.rule.name, action, result=True, t=t)
            index += 1
            if index == len(sequence.steps):
                index = 0
                iteration += 1
                if sequence.repeat is not None and iteration >= sequence.repeat:
                    return
            if step.delay_ms:
                resume = partial(self._run_sequence, state, generation, iteration, index)
                self._at(t + step.delay_ms / 1000.0, resume)
                return

    # PABs ---------------------------------------------------------------------------------

    def _sample(self, source: Source) -> float | None:
        device = self._device
        if source.scope == "total":
            measure = device.global_measure()
            if measure is None:
                return None
            return {
                "LOAD": measure.total_load_w,
                "CURRENT": measure.total_current_ma,
                "POWER": measure.total_energy_wh,
            }[source.what]
        if source.what == "STATE":
            io = device.input(source.index) if source.scope == "input" else None
            on = io.state if io is not None else device.output(source.index).state
            return 1.0 if on else 0.0
        if source.what == "TEMP":
            return device.input(source.index).temperature_c
        metering = device.output_metering(source.index)
        if metering is None:
            return None
        return {
            "LOAD": metering.load_w,
            "CURRENT": metering.current_ma,
            "POWER": metering.energy_wh,
        }[source.what]

    def _init_pab(self, state: _PabState, t: float) -> None:
        """Start a PAB as if its value had just appeared (the hysteresis counts from now)."""
        pab = state.pab
        state.value = 0 if isinstance(pab, ZonesPab) else False
        state.since = None
        state.candidate = None
        if isinstance(pab, RangePab):
            self._update_range(state, pab, t)
        elif isinstance(pab, ZonesPab):
            self._update_zones(state, pab, t)
        else:
            self._init_daylight(state, t)

    def _init_daylight(self, state: _PabState, t: float) -> None:
        pab = state.pab
        assert isinstance(pab, DaylightPab)  # noqa: S101
        if state.wake is not None:
            state.wake.cancelled = True
        probe = self.wall_time(t) + timedelta(seconds=_EPSILON_S)
        state.value = sun.is_day(probe, pab.latitude, pab.longitude)
        change = sun.next_change(probe, pab.latitude, pab.longitude)
        if change is None:  # polar day or night: look again in a day
            change = probe + timedelta(days=1)
        state.day_until = self._mono(change)
        state.wake = self._at(state.day_until, lambda when: self._init_daylight(state, when))

    def _update_pabs(self, t: float) -> None:
        for state in self._runtime.pabs.values():
            if not state.enabled:
                continue
            pab = state.pab
            if isinstance(pab, RangePab):
                self._update_range(state, pab, t)
            elif isinstance(pab, ZonesPab):
                self._update_zones(state, pab, t)

    def _wake_at(self, state: _PabState, t: float) -> None:
        if state.wake is not None:
            state.wake.cancelled = True
        state.wake = self._at(t, lambda _when: None)

    def _cancel_wake(self, state: _PabState) -> None:
        if state.wake is not None:
            state.wake.cancelled = True
            state.wake = None

    def _update_range(self, state: _PabState, pab: RangePab, t: float) -> None:
        value = self._sample(pab.source)
        inside = value is not None and pab.lower <= value <= pab.upper
        if not inside:
            state.since = None
            state.value = False
            self._cancel_wake(state)
            return
        if state.value:
            return
        if state.since is None:
            state.since = t
            if pab.hysteresis_s > 0:
                self._wake_at(state, t + pab.hysteresis_s)
        if t >= state.since + pab.hysteresis_s:
            state.value = True
            state.since = None
            self._cancel_wake(state)

    def _update_zones(self, state: _PabState, pab: ZonesPab, t: float) -> None:
        zone = _zone(pab, self._sample(pab.source))
        if zone == state.value:
            state.candidate = None
            state.since = None
            self._cancel_wake(state)
            return
        if zone != state.candidate or state.since is None:
            state.candidate = zone
            state.since = t
            if pab.hysteresis_s > 0:
                self._wake_at(state, t + pab.hysteresis_s)
        if t >= state.since + pab.hysteresis_s:
            state.value = zone
            state.candidate = None
            state.since = None
            self._cancel_wake(state)

    # Watchdogs ----------------------------------------------------------------------------

    def _start_watchdog(self, state: _WatchdogState, t: float) -> None:
        state.generation += 1
        state.fail = False
        state.failures = 0
        state.restarts = 0
        if not state.enabled:
            state.phase = "disabled"
            return
        state.phase = "starting"
        generation = state.generation
        self._at(t + state.watchdog.start_delay_s, lambda when: self._ping(state, generation, when))

    def _restart_limit(self, state: _WatchdogState) -> int | None:
        limit = state.watchdog.max_restarts
        if limit == 0:
            return None
        return 1 if limit < 0 else limit

    def _may_restart(self, state: _WatchdogState) -> bool:
        limit = self._restart_limit(state)
        return limit is None or state.restarts < limit

    def _ping(self, state: _WatchdogState, generation: int, t: float) -> None:
        if generation != state.generation:
            return
        state.ping_started = t
        if self.host_reachable(state.watchdog.target):
            self._ping_result(state, generation, t, answered=True)
        else:
            self._at(
                t + state.watchdog.timeout_s,
                lambda when: self._ping_result(state, generation, when, answered=False),
            )

    def _ping_result(
        self, state: _WatchdogState, generation: int, t: float, *, answered: bool
    ) -> None:
        if generation != state.generation:
            return
        wdt = state.watchdog
        if answered:
            if state.fail or state.restarts:
                self._log(t, f"watchdog {wdt.name}", "target answers again")
            state.failures = 0
            state.restarts = 0
            state.fail = False
            state.phase = "ok"
        else:
            state.failures += 1
            if state.phase != "gave_up":
                state.phase = "failing"
            if state.failures >= max(1, wdt.max_timeouts) and state.phase != "gave_up":
                # Only a watchdog with restarts left is still watching (see _resume).
                state.failures = 0
                state.restarts += 1
                state.fail = True
                state.phase = "waiting"
                self._log(t, f"watchdog {wdt.name}", f"FAIL (restart {state.restarts})")
                self._at(
                    t + wdt.time_to_reboot_s,
                    lambda when: self._resume(state, generation, when),
                )
                return
        next_ping = max(state.ping_started + wdt.ping_interval_s, t)
        self._at(next_ping, lambda when: self._ping(state, generation, when))

    def _resume(self, state: _WatchdogState, generation: int, t: float) -> None:
        if generation != state.generation:
            return
        if self._may_restart(state):
            state.fail = False
            state.phase = "failing"
        else:
            state.phase = "gave_up"
            self._log(t, f"watchdog {state.watchdog.name}", "no restarts left, FAIL stays")
        self._ping(state, generation, t)

    # Log ----------------------------------------------------------------------------------

    def _log(self, t: float, source: str, message: str) -> None:
        self.log.append(RuleLogEntry(t, self.wall_time(t), source, message))


def _zone(pab: ZonesPab, value: float | None) -> int:
    if value is None:
        return 0
    return sum(1 for threshold in pab.thresholds if value >= threshold)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
