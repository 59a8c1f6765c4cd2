"""The shared NETIO rule corpus: the case format, its validation, and a runner.

A case (`tests/rules/corpus/*.json`, one per file) is a NETIO rule document, a starting state
of a simulated device, timed steps and every output change expected from them:

```json
{"name": "...", "profile": "powerdin_4pz", "time_zone": "Europe/Prague",
 "netio": {"rules": {...}, "pabs": {...}, "watchdogs": {...}, "schedules": {...}},
 "start": {"time": "2026-12-07T09:00:00+01:00", "outputs": {"1": "off"}, "inputs": {"1": "off"},
           "load_w": {"1": 100}, "delay_ms": {"1": 5000}, "power_up": {"3": "off"},
           "hosts": {"router": "up"}},
 "steps": [{"at": 10, "input": {"1": "on"}}, {"at": 12, "load_w": {"1": 20}},
           {"at": 15, "output": {"1": "on"}}, {"at": 16, "action": {"1": 2}},
           {"at": 20, "host": {"router": "down"}}, {"at": 30, "reboot": {"downtime_s": 5}},
           {"at": 40, "rule_enabled": {"R1": false}}],
 "compare_outputs": [1, 2],
 "expect": [{"at": 10, "output": 1, "state": "on"}],
 "until": 60, "tolerance_s": 2}
```

Fields not listed are errors. Required: name, profile, netio, start (with `time`), steps,
expect, until. Defaults of this project: `time_zone` UTC, `tolerance_s` 2, outputs and inputs
not named in `start` are off, `delay_ms` the profile's, `power_up` "last", `load_w` 0 (only
metered outputs take a load; the appliance draws it while the output is on, power factor 1),
`compare_outputs` every output. Each step does exactly one thing; steps are in time order.
The device starts a day after its last boot, so `bootDelay` matters only after a `reboot`.

`expect` lists every change of the compared outputs. The comparison is per output: that
output's changes in order, each within `tolerance_s` of its expected time, none missing,
none extra (changes of different outputs at nearly the same moment may be seen in either
order by a client that polls).

Running a case: `make_device` builds the simulated device of `start`; `run_case` applies the
steps, moving time with a `CaseDriver` (what differs between running the rules on the device
and running them in Home Assistant), and returns the recorded changes; `compare` checks them.
`DeviceDriver` runs the case's `netio` document on the simulator's own rules engine.
`make_device` sets the device's wall clock to `start.time`; a driver that runs the rules
elsewhere moves its own clock there too (Home Assistant: `freezer.move_to(case.start.time)`)
and then advances both together.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
import itertools
import json
import math
from pathlib import Path
from typing import Any, Final, Literal, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from netio_simulator import InputSpec, LoadProfile, OutputSpec, SimulatedDevice, get_profile

CORPUS_DIR: Final = Path(__file__).parent / "corpus"
DEFAULT_TOLERANCE_S: Final = 2.0
START_UPTIME_S: Final = 86_400

_CASE_KEYS: Final = frozenset(
    {
        "name",
        "profile",
        "time_zone",
        "netio",
        "start",
        "steps",
        "compare_outputs",
        "expect",
        "until",
        "tolerance_s",
    }
)
_REQUIRED: Final = ("name", "profile", "netio", "start", "steps", "expect", "until")
_START_KEYS: Final = frozenset(
    {"time", "outputs", "inputs", "load_w", "delay_ms", "power_up", "hosts"}
)
_STEP_KINDS: Final = frozenset(
    {"input", "load_w", "output", "action", "host", "reboot", "rule_enabled"}
)
_NETIO_SECTIONS: Final = frozenset({"rules", "pabs", "watchdogs", "schedules"})

type State = Literal["on", "off"]


class CorpusError(ValueError):
    """A case file is malformed; the message names the file and the field."""


@dataclass(frozen=True, slots=True)
class Start:
    """The device before the first step."""

    time: datetime
    outputs: dict[int, bool] = field(default_factory=dict[int, bool])
    inputs: dict[int, bool] = field(default_factory=dict[int, bool])
    load_w: dict[int, float] = field(default_factory=dict[int, float])
    delay_ms: dict[int, int] = field(default_factory=dict[int, int])
    power_up: dict[int, str] = field(default_factory=dict[int, str])
    hosts: dict[str, bool] = field(default_factory=dict[str, bool])


@dataclass(frozen=True, slots=True)
class Step:
    """One thing happening at `at` seconds: kind is a key of the step object."""

    at: float
    kind: str
    value: Any


@dataclass(frozen=True, slots=True)
class Change:
    """An output changing state at `at` seconds from the start."""

    at: float
    output: int
    state: State


@dataclass(frozen=True, slots=True)
class Case:
    """A validated corpus case."""

    path: Path
    name: str
    profile: str
    time_zone: str
    netio: dict[str, Any]
    start: Start
    steps: tuple[Step, ...]
    compare_outputs: tuple[int, ...]
    expect: tuple[Change, ...]
    until: float
    tolerance_s: float

    @property
    def id(self) -> str:
        """The file name without `.json` (test ids)."""
        return self.path.stem


# Validation -------------------------------------------------------------------------------


class _Checker:
    """Field checks that name the file and the field."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> CorpusError:
        return CorpusError(f"{self.path.name}: {where}: {message}")

    def obj(
        self, value: object, where: str, allowed: frozenset[str] | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be an object")
        if allowed is not None and (unknown := sorted(set(value) - allowed)):
            raise self.fail(
                f"{where}.{unknown[0]}", f"unknown field (allowed: {', '.join(sorted(allowed))})"
            )
        return value

    def number(self, value: object, where: str, *, low: float = 0.0) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise self.fail(where, f"must be a number, not {value!r}")
        if value < low:
            raise self.fail(where, f"must be at least {low:g}")
        return float(value)

    def integer(self, value: object, where: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(where, f"must be an integer {low}..{high}, not {value!r}")
        return value

    def state(self, value: object, where: str) -> bool:
        if value not in {"on", "off"} or not isinstance(value, str):
            raise self.fail(where, f'must be "on" or "off", not {value!r}')
        return value == "on"

    def index(self, key: str, where: str, count: int, what: str) -> int:
        if not key.isdigit() or not 1 <= int(key) <= count:
            raise self.fail(where, f"{what} {key!r} does not exist (1..{count})")
        return int(key)

    def per_index(
        self,
        value: object,
        where: str,
        count: int,
        what: str,
        convert: Callable[[object, str], Any],
    ) -> dict[int, Any]:
        data = self.obj(value, where)
        return {
            self.index(k, f"{where}.{k}", count, what): convert(v, f"{where}.{k}")
            for k, v in data.items()
        }

    def hosts(self, value: object, where: str) -> dict[str, bool]:
        data = self.obj(value, where)
        out: dict[str, bool] = {}
        for name, up in data.items():
            if up not in {"up", "down"} or not isinstance(up, str):
                raise self.fail(f"{where}.{name}", f'must be "up" or "down", not {up!r}')
            out[name] = up == "up"
        return out


def _start(check: _Checker, raw: object, profile: str) -> Start:
    spec = get_profile(profile)
    data = check.obj(raw, "start", _START_KEYS)
    if "time" not in data:
        raise check.fail("start.time", "is required")
    try:
        time = datetime.fromisoformat(data["time"]) if isinstance(data["time"], str) else None
    except ValueError:
        time = None
    if time is None or time.tzinfo is None:
        raise check.fail("start.time", "must be an ISO 8601 time with an offset")
    outputs, inputs = spec.num_outputs, spec.num_inputs

    def load(value: object, where: str) -> float:
        index = int(where.rsplit(".", 1)[1])
        if index not in spec.metered_outputs:
            raise check.fail(where, f"output {index} of {profile} is not metered")
        return check.number(value, where)

    def power_up(value: object, where: str) -> str:
        if value not in {"on", "off", "last"}:
            raise check.fail(where, f'must be "on", "off" or "last", not {value!r}')
        return str(value)

    return Start(
        time=time,
        outputs=check.per_index(
            data.get("outputs", {}), "start.outputs", outputs, "output", check.state
        ),
        inputs=check.per_index(
            data.get("inputs", {}), "start.inputs", inputs, "input", check.state
        ),
        load_w=check.per_index(data.get("load_w", {}), "start.load_w", outputs, "output", load),
        delay_ms=check.per_index(
            data.get("delay_ms", {}),
            "start.delay_ms",
            outputs,
            "output",
            lambda v, w: check.integer(v, w, 0, 86_400_000),
        ),
        power_up=check.per_index(
            data.get("power_up", {}), "start.power_up", outputs, "output", power_up
        ),
        hosts=check.hosts(data.get("hosts", {}), "start.hosts"),
    )


def _step_value(check: _Checker, kind: str, value: object, here: str, profile: str) -> Any:
    spec = get_profile(profile)
    outputs = spec.num_outputs

    def load(v: object, w: str) -> float:
        if int(w.rsplit(".", 1)[1]) not in spec.metered_outputs:
            raise check.fail(w, "that output is not metered")
        return check.number(v, w)

    def enabled(v: object, w: str) -> bool:
        if not isinstance(v, bool):
            raise check.fail(w, "must be true or false")
        return v

    if kind == "reboot":
        body = check.obj(value, here, frozenset({"downtime_s"}))
        return check.number(body.get("downtime_s", 0), f"{here}.downtime_s")
    if kind == "host":
        result: Any = check.hosts(value, here)
    elif kind == "rule_enabled":
        result = {name: enabled(v, f"{here}.{name}") for name, v in check.obj(value, here).items()}
    elif kind == "input":
        result = check.per_index(value, here, spec.num_inputs, "input", check.state)
    else:
        convert: Callable[[object, str], Any] = {
            "output": check.state,
            "action": lambda v, w: check.integer(v, w, 0, 5),
            "load_w": load,
        }[kind]
        result = check.per_index(value, here, outputs, "output", convert)
    if not result:
        raise check.fail(here, "must not be empty")
    return result


def _step(check: _Checker, raw: object, where: str, profile: str, until: float) -> Step:
    data = check.obj(raw, where, _STEP_KINDS | {"at"})
    if "at" not in data:
        raise check.fail(f"{where}.at", "is required")
    at = check.number(data["at"], f"{where}.at")
    if at > until:
        raise check.fail(f"{where}.at", f"{at:g} is after until ({until:g})")
    kinds = sorted(set(data) - {"at"})
    if len(kinds) != 1:
        raise check.fail(where, f"a step does exactly one of {', '.join(sorted(_STEP_KINDS))}")
    kind = kinds[0]
    return Step(at, kind, _step_value(check, kind, data[kind], f"{where}.{kind}", profile))


def _in_order(check: _Checker, where: str, times: list[float]) -> None:
    if any(b < a for a, b in itertools.pairwise(times)):
        raise check.fail(where, "must be in time order")


def _header(check: _Checker, raw: dict[str, Any]) -> tuple[str, str, str]:
    """Name, profile and time zone."""
    for key in _REQUIRED:
        if key not in raw:
            raise check.fail(key, "is required")
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise check.fail("name", "must be a non-empty string")
    profile = str(raw["profile"])
    try:
        spec = get_profile(profile)
    except ValueError as err:
        raise check.fail("profile", str(err)) from None
    if spec.platform != "esp":
        raise check.fail("profile", f"{profile} has no rules engine (NETIO 4x)")
    time_zone = str(raw.get("time_zone", "UTC"))
    try:
        ZoneInfo(time_zone)
    except ZoneInfoNotFoundError, ValueError:
        raise check.fail("time_zone", f"unknown time zone {time_zone!r}") from None
    return name, profile, time_zone


def _compared(check: _Checker, raw: dict[str, Any], outputs: int) -> tuple[int, ...]:
    if "compare_outputs" not in raw:
        return tuple(range(1, outputs + 1))
    compare_raw = raw["compare_outputs"]
    if not isinstance(compare_raw, list) or not compare_raw:
        raise check.fail("compare_outputs", "must be a non-empty list of outputs")
    return tuple(
        check.integer(o, f"compare_outputs[{i}]", 1, outputs) for i, o in enumerate(compare_raw)
    )


def _expected(
    check: _Checker, raw: object, compare: tuple[int, ...], outputs: int, until: float
) -> tuple[Change, ...]:
    if not isinstance(raw, list):
        raise check.fail("expect", "must be a list")
    expect: list[Change] = []
    for i, entry in enumerate(raw):
        where = f"expect[{i}]"
        body = check.obj(entry, where, frozenset({"at", "output", "state"}))
        for key in ("at", "output", "state"):
            if key not in body:
                raise check.fail(f"{where}.{key}", "is required")
        output = check.integer(body["output"], f"{where}.output", 1, outputs)
        if output not in compare:
            raise check.fail(f"{where}.output", f"output {output} is not compared")
        at = check.number(body["at"], f"{where}.at")
        if at > until:
            raise check.fail(f"{where}.at", "is after until")
        state: State = "on" if check.state(body["state"], f"{where}.state") else "off"
        expect.append(Change(at, output, state))
    _in_order(check, "expect", [c.at for c in expect])
    return tuple(expect)


def parse_case(data: object, path: Path) -> Case:
    """Validate a decoded case; CorpusError names the file and the field."""
    check = _Checker(path)
    raw = check.obj(data, "case", _CASE_KEYS)
    name, profile, time_zone = _header(check, raw)
    outputs = get_profile(profile).num_outputs
    netio = check.obj(raw["netio"], "netio", _NETIO_SECTIONS)
    for section, body in netio.items():
        check.obj(body, f"netio.{section}")
    until = check.number(raw["until"], "until")
    if until <= 0:
        raise check.fail("until", "must be above 0")
    tolerance = check.number(raw.get("tolerance_s", DEFAULT_TOLERANCE_S), "tolerance_s")
    start = _start(check, raw["start"], profile)
    if not isinstance(raw["steps"], list):
        raise check.fail("steps", "must be a list")
    steps = tuple(
        _step(check, s, f"steps[{i}]", profile, until) for i, s in enumerate(raw["steps"])
    )
    _in_order(check, "steps", [s.at for s in steps])
    compare = _compared(check, raw, outputs)
    return Case(
        path=path,
        name=name,
        profile=profile,
        time_zone=time_zone,
        netio=netio,
        start=start,
        steps=steps,
        compare_outputs=compare,
        expect=_expected(check, raw["expect"], compare, outputs, until),
        until=until,
        tolerance_s=tolerance,
    )


def load_case(path: Path) -> Case:
    """Read and validate one case file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise CorpusError(f"{path.name}: not valid JSON: {err}") from None
    return parse_case(data, path)


def load_corpus(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case of the corpus, sorted by file name."""
    return [load_case(path) for path in sorted(directory.glob("*.json"))]


# Running ----------------------------------------------------------------------------------


def make_device(case: Case, clock: Callable[[], float], **kwargs: Any) -> SimulatedDevice:
    """The simulated device of a case's `start` (no rules loaded; wall clock at start.time).

    Extra keyword arguments go to `SimulatedDevice` (credentials, seed, ...).
    """
    spec = get_profile(case.profile)
    start = case.start
    outputs = [
        OutputSpec(
            state=start.outputs.get(n, False),
            delay_ms=start.delay_ms.get(n),
            power_up=start.power_up.get(n, "last"),  # type: ignore[arg-type]
            load=LoadProfile.constant(start.load_w.get(n, 0.0), power_factor=1.0)
            if n in spec.metered_outputs
            else None,
        )
        for n in range(1, spec.num_outputs + 1)
    ]
    inputs = [InputSpec(state=start.inputs.get(n, False)) for n in range(1, spec.num_inputs + 1)]
    device = SimulatedDevice(
        case.profile,
        clock=clock,
        outputs=outputs,
        inputs=inputs,
        timezone=ZoneInfo(case.time_zone),
        initial_uptime_s=START_UPTIME_S,
        **kwargs,
    )
    assert device.rules is not None  # newer platform, checked by parse_case
    device.rules.set_wall_time(start.time)
    return device


class CaseDriver(Protocol):
    """What differs between running a case's rules on the device and elsewhere."""

    async def begin(self, case: Case, device: SimulatedDevice) -> None:
        """Install the case's rules (the device's engine, or translated automations)."""

    async def advance_to(self, seconds: float) -> None:
        """Let time pass until `seconds` after the start, on every clock involved."""

    async def set_host(self, name: str, up: bool) -> None:
        """Make a watchdog target answer or not."""

    async def set_rule_enabled(self, name: str, enabled: bool) -> None:
        """Enable or disable a rule (or what it became)."""

    async def settle(self) -> None:
        """Give the rules a chance to see a step that was just applied to the device."""


class Recorder:
    """Every relay change of a device, in seconds from when recording started."""

    def __init__(self, device: SimulatedDevice) -> None:
        """Start recording now (the device's clock)."""
        self.origin = device.now()
        self.changes: list[Change] = []
        self._remove = device.add_output_listener(self._heard)

    def _heard(self, output: int, on: bool, at: float) -> None:
        self.changes.append(Change(round(at - self.origin, 6), output, "on" if on else "off"))

    def stop(self) -> list[Change]:
        """Stop listening; return what was heard."""
        self._remove()
        return self.changes


def apply_step(device: SimulatedDevice, step: Step) -> None:
    """Apply a step that acts on the device itself (input, load, output, action, reboot)."""
    if step.kind == "input":
        for index, on in step.value.items():
            device.input(index).state = on
    elif step.kind == "load_w":
        for index, watts in step.value.items():
            device.set_load(index, LoadProfile.constant(watts, power_factor=1.0))
    elif step.kind == "output":
        for index, on in step.value.items():
            device.apply_action(index, 1 if on else 0)
    elif step.kind == "action":
        for index, action in step.value.items():
            device.apply_action(index, action)
    elif step.kind == "reboot":
        device.reboot(step.value)
    else:  # pragma: no cover - parse_case allows no other kinds
        raise ValueError(step.kind)


async def run_case(case: Case, device: SimulatedDevice, driver: CaseDriver) -> list[Change]:
    """Run a case's steps on a device made by `make_device`; return every output change."""
    recorder = Recorder(device)
    try:
        for name, up in case.start.hosts.items():
            await driver.set_host(name, up)
        await driver.begin(case, device)
        for step in case.steps:
            await driver.advance_to(step.at)
            if step.kind == "host":
                for name, up in step.value.items():
                    await driver.set_host(name, up)
            elif step.kind == "rule_enabled":
                for name, enabled in step.value.items():
                    await driver.set_rule_enabled(name, enabled)
            else:
                apply_step(device, step)
            await driver.settle()
        await driver.advance_to(case.until)
    finally:
        changes = recorder.stop()
    return [c for c in changes if c.at <= case.until]


def compare(case: Case, changes: list[Change]) -> list[str]:
    """Differences between recorded changes and `expect` (empty = the case passes)."""
    problems: list[str] = []
    for output in case.compare_outputs:
        expected = [c for c in case.expect if c.output == output]
        seen = [c for c in changes if c.output == output]
        for i in range(max(len(expected), len(seen))):
            want = expected[i] if i < len(expected) else None
            got = seen[i] if i < len(seen) else None
            if want is None:
                problems.append(f"output {output}: extra change {got}")
            elif got is None:
                problems.append(f"output {output}: missing {want}")
            elif got.state != want.state or abs(got.at - want.at) > case.tolerance_s:
                problems.append(f"output {output}: expected {want}, got {got}")
    return problems


def timeline(changes: list[Change]) -> str:
    """Changes as `expect` JSON lines (to read a failure, or to draft a new case)."""
    return "\n".join(
        json.dumps({"at": round(c.at, 3), "output": c.output, "state": c.state}) for c in changes
    )


class DeviceDriver:
    """Runs a case's `netio` document on the simulator's own rules engine (manual clock)."""

    def __init__(self, clock: ManualClock) -> None:
        """Drive the device through its manual clock."""
        self._clock = clock
        self._device: SimulatedDevice | None = None
        self._hosts: dict[str, bool] = {}

    async def begin(self, case: Case, device: SimulatedDevice) -> None:
        """Load the document into the device's engine."""
        self._device = device
        assert device.rules is not None
        for name, up in self._hosts.items():
            device.rules.set_host_reachable(name, up)
        device.rules.load(case.netio)

    async def advance_to(self, seconds: float) -> None:
        """Move the manual clock; the device catches up event by event."""
        self._clock.set(seconds)
        if self._device is not None:
            self._device.sync()

    async def set_host(self, name: str, up: bool) -> None:
        """Set a target's reachability in the engine (remembered until `begin`)."""
        self._hosts[name] = up
        if self._device is not None and self._device.rules is not None:
            self._device.rules.set_host_reachable(name, up)

    async def set_rule_enabled(self, name: str, enabled: bool) -> None:
        """Enable or disable a rule on the device."""
        assert self._device is not None
        assert self._device.rules is not None
        self._device.rules.set_rule_enabled(name, enabled)

    async def settle(self) -> None:
        """Nothing to wait for: the engine reacts within the step."""


class ManualClock:
    """A monotonic clock that only moves when told (seconds from an arbitrary origin)."""

    def __init__(self, origin: float = 10_000.0) -> None:
        """Start at `origin`."""
        self.origin = origin
        self.now = origin

    def __call__(self) -> float:
        """Read the clock."""
        return self.now

    def set(self, seconds: float) -> None:
        """Move to `seconds` after the origin (never backwards)."""
        target = self.origin + seconds
        if target < self.now:
            raise ValueError("the clock only moves forward")
        self.now = target

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass."""
        self.set(self.now - self.origin + seconds)


def case_ids(cases: list[Case]) -> list[str]:
    """Test ids for parametrize."""
    return [case.id for case in cases]
