"""NETIO rule documents as typed, validated objects (rules, PABs, watchdogs, schedules).

`parse_document` checks a whole document against a device's outputs and inputs and returns a
`RulesDocument`, or raises `RuleDocumentError` naming the first bad key or field. Nothing is
half-parsed: the engine swaps in the result only when everything is valid.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
import itertools
import math
import re
from typing import Any, Final, Literal, cast

__all__ = [
    "COND_RESULT",
    "DEFAULT_SCHEDULES",
    "Action",
    "Condition",
    "DaylightPab",
    "DeviceShape",
    "Filter",
    "Pab",
    "RangePab",
    "Rule",
    "RuleDocumentError",
    "RulesDocument",
    "Schedule",
    "SequenceStep",
    "Sequence_",
    "Source",
    "Watchdog",
    "ZonesPab",
    "parse_document",
]

COND_RESULT: Final = "${COND_RESULT}"
DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_REPEAT: Final = 2**31 - 1
_ALL_DAY: Final = [["00:00", "24:00"]]
DEFAULT_SCHEDULES: Final[dict[str, dict[str, list[list[str]]]]] = {
    "Always": dict.fromkeys(DAYS, _ALL_DAY),
    "Weekend": {day: (_ALL_DAY if day in {"sat", "sun"} else []) for day in DAYS},
    "Work days": {day: ([] if day in {"sat", "sun"} else _ALL_DAY) for day in DAYS},
}
"""NETIO's three default schedules (manual §5.5); their hours are the project's choice."""

_PAB_VAR = re.compile(r"^PAB/(?P<name>[^/]+)/(?P<kind>IN|ZONE|DAY)$")
_WDT_VAR = re.compile(r"^WDT/(?P<name>[^/]+)/FAIL$")
_IO_STATE = re.compile(r"^(?P<io>OUTPUTS|INPUTS)/(?P<id>\d+)/STATE$")
_SCHEDULE_VAR = re.compile(r"^SCHEDULE/(?P<name>[^/]+)/ACTIVE$")
_OUTPUT_ACTION = re.compile(r"^OUTPUTS/(?P<id>\d+)/ACTION$")
_CLOUD_ALARM = re.compile(r"^CLOUD/OUTPUT/(?P<id>\d+)/ALARM$")
_SOURCE = re.compile(
    r"^(?:(?P<io>OUTPUTS|INPUTS)/(?P<id>\d+)/(?P<what>LOAD|CURRENT|POWER|STATE|TEMP)"
    r"|TOTAL/(?P<total>LOAD|CURRENT|POWER))$"
)
_TIME = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?$")
_COORD = re.compile(r"^\s*(?P<num>[+-]?\d+(?:\.\d+)?)\s*(?P<hemi>[NSEWnsew])?\s*$")


class RuleDocumentError(ValueError):
    """A rule document is malformed; the message names the key or field."""


@dataclass(frozen=True, slots=True)
class DeviceShape:
    """What a document may refer to: outputs, which of them are metered, inputs."""

    outputs: int
    metered_outputs: frozenset[int]
    inputs: int
    temperature_inputs: frozenset[int] = frozenset()
    metered: bool = False


type ConditionKind = Literal[
    "pab_in", "pab_zone", "pab_day", "wdt_fail", "output", "input", "power_up"
]


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition: what it reads (`kind`, `ref`) and the value that makes it true."""

    key: str
    kind: ConditionKind
    ref: str | int | None
    expected: bool | int


@dataclass(frozen=True, slots=True)
class Filter:
    """One filter (mask): a schedule, an output or an input and the value it must have."""

    key: str
    kind: Literal["schedule", "output", "input"]
    ref: str | int
    expected: bool


@dataclass(frozen=True, slots=True)
class Action:
    """One action: an output action code or a cloud alarm; `value` None = ${COND_RESULT}."""

    key: str
    kind: Literal["output", "alarm"]
    target: int
    value: int | None

    @property
    def follows_result(self) -> bool:
        """Whether the value is ${COND_RESULT} (runs on both changes with 1/0)."""
        return self.value is None


@dataclass(frozen=True, slots=True)
class SequenceStep:
    """Actions run together, then a wait of `delay_ms` (already rounded up to 100 ms)."""

    actions: tuple[Action, ...]
    delay_ms: int


@dataclass(frozen=True, slots=True)
class Sequence_:  # noqa: N801 - `Sequence` is taken by collections.abc
    """Steps repeated `repeat` times; None = until the rule is disabled."""

    steps: tuple[SequenceStep, ...]
    repeat: int | None


@dataclass(frozen=True, slots=True)
class Rule:
    """A parsed rule."""

    name: str
    conditions: tuple[Condition, ...]
    operator: Literal["AND", "OR"]
    filters: tuple[Filter, ...]
    actions: tuple[Action, ...]
    sequence: Sequence_ | None
    boot_delay_s: int
    enabled: bool


type _What = Literal["LOAD", "CURRENT", "POWER", "STATE", "TEMP"]


@dataclass(frozen=True, slots=True)
class Source:
    """What a PAB measures: an output/input quantity or a device total."""

    text: str
    scope: Literal["output", "input", "total"]
    index: int
    what: _What


@dataclass(frozen=True, slots=True)
class RangePab:
    """RANGE: IN is true once the source has stayed within the bounds for the hysteresis."""

    name: str
    source: Source
    lower: int | float
    upper: int | float
    hysteresis_s: int | float
    enabled: bool
    type: Literal["RANGE"] = "RANGE"


@dataclass(frozen=True, slots=True)
class ZonesPab:
    """ZONES: the zone is how many thresholds the value reaches, after the hysteresis."""

    name: str
    source: Source
    thresholds: tuple[int | float, ...]
    hysteresis_s: int | float
    enabled: bool
    type: Literal["ZONES"] = "ZONES"


@dataclass(frozen=True, slots=True)
class DaylightPab:
    """DAYLIGHT: DAY is true between sunrise and sunset at the location."""

    name: str
    latitude: float
    longitude: float
    enabled: bool
    type: Literal["DAYLIGHT"] = "DAYLIGHT"


type Pab = RangePab | ZonesPab | DaylightPab


@dataclass(frozen=True, slots=True)
class Watchdog:
    """A ping watchdog with NETIO's parameters (seconds)."""

    name: str
    target: str
    ping_interval_s: int | float
    timeout_s: int | float
    max_timeouts: int
    time_to_reboot_s: int | float
    max_restarts: int
    start_delay_s: int | float
    enabled: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    """A weekly schedule: per weekday (0 = Monday) the on-intervals in seconds of the day."""

    name: str
    intervals: tuple[tuple[tuple[int, int], ...], ...]

    def active_at(self, weekday: int, second_of_day: float) -> bool:
        """Whether the schedule is on at that moment (intervals include start, exclude end)."""
        return any(start <= second_of_day < end for start, end in self.intervals[weekday])


@dataclass(frozen=True, slots=True)
class RulesDocument:
    """A validated document plus the JSON it came from (kept for `document()`)."""

    rules: dict[str, Rule] = field(default_factory=dict[str, Rule])
    pabs: dict[str, Pab] = field(default_factory=dict[str, Pab])
    watchdogs: dict[str, Watchdog] = field(default_factory=dict[str, Watchdog])
    schedules: dict[str, Schedule] = field(default_factory=dict[str, Schedule])
    source: dict[str, dict[str, Any]] = field(default_factory=dict[str, dict[str, Any]])


# Small checkers ---------------------------------------------------------------------------


def _fail(where: str, message: str) -> RuleDocumentError:
    return RuleDocumentError(f"{where}: {message}")


def _obj(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, "must be a JSON object")
    for key in value:
        if not isinstance(key, str):
            raise _fail(where, f"key {key!r} is not a string")
    return dict(value)


def _only(data: Mapping[str, Any], where: str, allowed: frozenset[str]) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise _fail(f"{where}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _int(value: object, where: str, *, low: int | None = None, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(where, f"must be an integer, not {value!r}")
    if low is not None and value < low:
        raise _fail(where, f"must be at least {low}, not {value}")
    if high is not None and value > high:
        raise _fail(where, f"must be at most {high}, not {value}")
    return value


def _number(value: object, where: str, *, low: float | None = None) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(where, f"must be a number, not {value!r}")
    if low is not None and value < low:
        raise _fail(where, f"must be at least {low:g}, not {value}")
    return value


def _bool(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, f"must be true or false, not {value!r}")
    return value


def _on_off(value: object, where: str) -> bool:
    if value not in {"on", "off"} or not isinstance(value, str):
        raise _fail(where, f'must be "on" or "off", not {value!r}')
    return value == "on"


def _enabled(data: Mapping[str, Any], where: str) -> bool:
    return _bool(data["enabled"], f"{where}.enabled") if "enabled" in data else True


def _name_field(data: Mapping[str, Any], name: str, where: str) -> None:
    if "name" in data and data["name"] != name:
        raise _fail(f"{where}.name", f"{data['name']!r} differs from the key {name!r}")


def _require(data: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> None:
    for key in keys:
        if key not in data:
            raise _fail(f"{where}.{key}", "is required")


def _index(text: str, where: str, count: int, what: str) -> int:
    index = int(text)
    if not 1 <= index <= count:
        raise _fail(where, f"the device has no {what} {index} (it has {count})")
    return index


# Schedules --------------------------------------------------------------------------------


def _time_of_day(value: object, where: str) -> int:
    if not isinstance(value, str) or not (match := _TIME.match(value)):
        raise _fail(where, f'must be a time "HH:MM" or "HH:MM:SS", not {value!r}')
    hours, minutes, seconds = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > 86_400:  # noqa: PLR2004
        raise _fail(where, f"{value!r} is not a time between 00:00 and 24:00")
    return total


def parse_schedule(name: str, raw: object, where: str) -> Schedule:
    """Validate `{"mon": [["08:00", "17:00"]], ..., "sun": []}` (missing days are empty)."""
    data = _obj(raw, where)
    _only(data, where, frozenset({*DAYS, "name"}))
    _name_field(data, name, where)
    days: list[tuple[tuple[int, int], ...]] = []
    for day in DAYS:
        entries = data.get(day, [])
        day_where = f"{where}.{day}"
        if not isinstance(entries, list):
            raise _fail(day_where, "must be a list of [start, end] pairs")
        intervals: list[tuple[int, int]] = []
        for i, pair in enumerate(entries):
            pair_where = f"{day_where}[{i}]"
            if not isinstance(pair, list) or len(pair) != 2:  # noqa: PLR2004
                raise _fail(pair_where, 'must be a pair ["HH:MM", "HH:MM"]')
            start = _time_of_day(pair[0], f"{pair_where}[0]")
            end = _time_of_day(pair[1], f"{pair_where}[1]")
            if start >= end:
                raise _fail(pair_where, "the start must be before the end (use 24:00 for midnight)")
            intervals.append((start, end))
        days.append(tuple(intervals))
    return Schedule(name, tuple(days))


# PABs -------------------------------------------------------------------------------------


def _source(value: object, where: str, shape: DeviceShape) -> Source:
    if not isinstance(value, str) or not (match := _SOURCE.match(value)):
        raise _fail(
            where,
            f"{value!r} is not a PAB source (OUTPUTS/<n>/LOAD|CURRENT|POWER|STATE, "
            "INPUTS/<n>/STATE|TEMP, TOTAL/LOAD|CURRENT|POWER)",
        )
    if match["total"]:
        if not shape.metered:
            raise _fail(where, "this device does not measure totals")
        return Source(value, "total", 0, cast("_What", match["total"]))
    what = cast("_What", match["what"])
    if match["io"] == "OUTPUTS":
        index = _index(match["id"], where, shape.outputs, "output")
        if what == "TEMP":
            raise _fail(where, "outputs have no temperature")
        if what != "STATE" and index not in shape.metered_outputs:
            raise _fail(where, f"output {index} is not metered")
        return Source(value, "output", index, what)
    index = _index(match["id"], where, shape.inputs, "input")
    if what not in {"STATE", "TEMP"}:
        raise _fail(where, "inputs have only STATE and TEMP")
    if what == "TEMP" and index not in shape.temperature_inputs:
        raise _fail(where, f"input {index} has no temperature sensor")
    return Source(value, "input", index, what)


def _coordinate(value: object, where: str, positive: str, negative: str, limit: float) -> float:
    if isinstance(value, bool):
        raise _fail(where, f"must be a number or a string like '50.0058144{positive}'")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and (match := _COORD.match(value)):
        number = float(match["num"])
        hemi = (match["hemi"] or "").upper()
        if hemi and hemi not in {positive, negative}:
            raise _fail(where, f"{value!r}: hemisphere must be {positive} or {negative}")
        if hemi and number < 0:
            raise _fail(where, f"{value!r}: a hemisphere letter needs a positive number")
        if hemi == negative:
            number = -number
    else:
        raise _fail(where, f"{value!r} is not a coordinate (e.g. '50.0058144{positive}' or 50.0)")
    if not math.isfinite(number) or abs(number) > limit:
        raise _fail(where, f"{value!r} is out of range (±{limit:g})")
    return number


def _range(name: str, data: dict[str, Any], where: str, shape: DeviceShape) -> RangePab:
    _only(
        data,
        where,
        frozenset(
            {"type", "source", "lowerBound", "upperBound", "timeHysteresis", "enabled", "name"}
        ),
    )
    _require(data, where, ("source", "lowerBound", "upperBound"))
    lower = _number(data["lowerBound"], f"{where}.lowerBound")
    upper = _number(data["upperBound"], f"{where}.upperBound")
    if lower > upper:
        raise _fail(f"{where}.lowerBound", "must not be above upperBound")
    return RangePab(
        name,
        _source(data["source"], f"{where}.source", shape),
        lower,
        upper,
        _number(data.get("timeHysteresis", 0), f"{where}.timeHysteresis", low=0),
        _enabled(data, where),
    )


def _zones(name: str, data: dict[str, Any], where: str, shape: DeviceShape) -> ZonesPab:
    _only(
        data,
        where,
        frozenset({"type", "source", "thresholds", "timeHysteresis", "enabled", "name"}),
    )
    _require(data, where, ("source", "thresholds"))
    raw_thresholds = data["thresholds"]
    if not isinstance(raw_thresholds, list) or not raw_thresholds:
        raise _fail(f"{where}.thresholds", "must be a non-empty list of numbers")
    thresholds = tuple(_number(v, f"{where}.thresholds[{i}]") for i, v in enumerate(raw_thresholds))
    if any(b <= a for a, b in itertools.pairwise(thresholds)):
        raise _fail(f"{where}.thresholds", "must be strictly ascending")
    return ZonesPab(
        name,
        _source(data["source"], f"{where}.source", shape),
        thresholds,
        _number(data.get("timeHysteresis", 0), f"{where}.timeHysteresis", low=0),
        _enabled(data, where),
    )


def _daylight(name: str, data: dict[str, Any], where: str) -> DaylightPab:
    _only(data, where, frozenset({"type", "latitude", "longitude", "altitude", "enabled", "name"}))
    _require(data, where, ("latitude", "longitude"))
    if "altitude" in data:
        _number(data["altitude"], f"{where}.altitude")
    return DaylightPab(
        name,
        _coordinate(data["latitude"], f"{where}.latitude", "N", "S", 90.0),
        _coordinate(data["longitude"], f"{where}.longitude", "E", "W", 180.0),
        _enabled(data, where),
    )


def parse_pab(name: str, raw: object, where: str, shape: DeviceShape) -> Pab:
    """Validate one PAB definition (RANGE, ZONES or its older spelling ZONE, DAYLIGHT)."""
    data = _obj(raw, where)
    _name_field(data, name, where)
    kind = data.get("type")
    if kind == "RANGE":
        return _range(name, data, where, shape)
    if kind in {"ZONES", "ZONE"}:
        return _zones(name, data, where, shape)
    if kind == "DAYLIGHT":
        return _daylight(name, data, where)
    raise _fail(f"{where}.type", f"{kind!r} is not a PAB type (RANGE, ZONES, DAYLIGHT)")


# Watchdogs --------------------------------------------------------------------------------


def parse_watchdog(name: str, raw: object, where: str) -> Watchdog:
    """Validate one WatchDog: NETIO's six parameters are required, startDelay is optional."""
    data = _obj(raw, where)
    required = ("target", "pingInterval", "timeout", "maxTimeouts", "timeToReboot", "maxRestarts")
    _only(data, where, frozenset({*required, "startDelay", "enabled", "name"}))
    _name_field(data, name, where)
    _require(data, where, required)
    target = data["target"]
    if not isinstance(target, str) or not target.strip():
        raise _fail(f"{where}.target", "must be a host name or address")
    interval = _number(data["pingInterval"], f"{where}.pingInterval", low=1)
    timeout = _number(data["timeout"], f"{where}.timeout", low=0)
    if timeout <= 0:
        raise _fail(f"{where}.timeout", "must be above 0")
    return Watchdog(
        name=name,
        target=target.strip(),
        ping_interval_s=interval,
        timeout_s=timeout,
        max_timeouts=_int(data["maxTimeouts"], f"{where}.maxTimeouts", low=0),
        time_to_reboot_s=_number(data["timeToReboot"], f"{where}.timeToReboot", low=0),
        max_restarts=_int(data["maxRestarts"], f"{where}.maxRestarts", low=-1),
        start_delay_s=_number(data.get("startDelay", 0), f"{where}.startDelay", low=0),
        enabled=_enabled(data, where),
    )


# Rules ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Refs:
    """Names a rule may refer to."""

    pabs: Mapping[str, Pab]
    watchdogs: Mapping[str, Watchdog]
    schedules: Mapping[str, Schedule]
    shape: DeviceShape


_PAB_KIND: Final = {
    "IN": ("pab_in", "RANGE"),
    "ZONE": ("pab_zone", "ZONES"),
    "DAY": ("pab_day", "DAYLIGHT"),
}


def _condition(key: str, value: object, where: str, refs: _Refs) -> Condition:
    if match := _PAB_VAR.match(key):
        name, part = match["name"], match["kind"]
        kind, pab_type = _PAB_KIND[part]
        pab = refs.pabs.get(name)
        if pab is None:
            raise _fail(where, f"PAB {name!r} is not defined")
        if pab.type != pab_type:
            raise _fail(where, f"PAB {name!r} is {pab.type}; {part} needs a {pab_type} PAB")
        if part == "ZONE":
            return Condition(key, "pab_zone", name, _int(value, where, low=0))
        return Condition(key, kind, name, _bool(value, where))  # type: ignore[arg-type]
    if match := _WDT_VAR.match(key):
        if match["name"] not in refs.watchdogs:
            raise _fail(where, f"WatchDog {match['name']!r} is not defined")
        return Condition(key, "wdt_fail", match["name"], _bool(value, where))
    if match := _IO_STATE.match(key):
        if match["io"] == "OUTPUTS":
            index = _index(match["id"], where, refs.shape.outputs, "output")
            return Condition(key, "output", index, _on_off(value, where))
        index = _index(match["id"], where, refs.shape.inputs, "input")
        return Condition(key, "input", index, _on_off(value, where))
    if key == "SYSTEM/DEVICE_POWER_UP":
        return Condition(key, "power_up", None, _bool(value, where))
    raise _fail(where, "unknown condition")


def _filter(key: str, value: object, where: str, refs: _Refs) -> Filter:
    if match := _SCHEDULE_VAR.match(key):
        if match["name"] not in refs.schedules:
            raise _fail(where, f"schedule {match['name']!r} is not defined")
        return Filter(key, "schedule", match["name"], _bool(value, where))
    if match := _IO_STATE.match(key):
        if match["io"] == "OUTPUTS":
            index = _index(match["id"], where, refs.shape.outputs, "output")
            return Filter(key, "output", index, _on_off(value, where))
        index = _index(match["id"], where, refs.shape.inputs, "input")
        return Filter(key, "input", index, _on_off(value, where))
    raise _fail(where, "unknown filter")


def _action(
    key: str, value: object, where: str, shape: DeviceShape, *, in_sequence: bool
) -> Action:
    if match := _OUTPUT_ACTION.match(key):
        index = _index(match["id"], where, shape.outputs, "output")
        if value == COND_RESULT:
            if in_sequence:
                raise _fail(where, f"{COND_RESULT} is not allowed inside a sequence")
            return Action(key, "output", index, None)
        return Action(key, "output", index, _int(value, where, low=0, high=5))
    if match := _CLOUD_ALARM.match(key):
        index = _index(match["id"], where, shape.outputs, "output")
        if value == COND_RESULT:
            if in_sequence:
                raise _fail(where, f"{COND_RESULT} is not allowed inside a sequence")
            return Action(key, "alarm", index, None)
        if isinstance(value, bool):
            return Action(key, "alarm", index, int(value))
        return Action(key, "alarm", index, _int(value, where, low=0, high=1))
    raise _fail(where, "unknown action")


def _round_delay(value: object, where: str) -> int:
    delay = _number(value, where, low=0)
    return math.ceil(delay / 100) * 100


def _sequence(raw: object, where: str, shape: DeviceShape) -> Sequence_:
    data = _obj(raw, where)
    _only(data, where, frozenset({"repeat", "actions"}))
    repeat_raw = data.get("repeat", 1)
    repeat: int | None
    if repeat_raw is True:
        repeat = None
    else:
        repeat = _int(repeat_raw, f"{where}.repeat", low=0, high=MAX_REPEAT) or None
    steps_raw = data.get("actions")
    if not isinstance(steps_raw, list) or not steps_raw:
        raise _fail(f"{where}.actions", "must be a non-empty list of steps")
    steps: list[SequenceStep] = []
    for i, step_raw in enumerate(steps_raw):
        step_where = f"{where}.actions[{i}]"
        step = _obj(step_raw, step_where)
        delay = _round_delay(step["delay"], f"{step_where}.delay") if "delay" in step else 0
        actions = tuple(
            _action(k, v, f"{step_where}.{k}", shape, in_sequence=True)
            for k, v in step.items()
            if k != "delay"
        )
        if not actions and not delay:
            raise _fail(step_where, "a step needs an action or a delay")
        steps.append(SequenceStep(actions, delay))
    if repeat is None and not any(s.delay_ms for s in steps):
        raise _fail(where, "an endless sequence needs at least one delay")
    return Sequence_(tuple(steps), repeat)


def _operator(value: object, where: str) -> Literal["AND", "OR"]:
    if value not in {"AND", "OR"}:
        raise _fail(where, f'must be "AND" or "OR", not {value!r}')
    return "AND" if value == "AND" else "OR"


def parse_rule(name: str, raw: object, where: str, refs: _Refs) -> Rule:
    """Validate one rule against the PABs, watchdogs and schedules it refers to."""
    data = _obj(raw, where)
    _only(
        data,
        where,
        frozenset({"conditions", "operator", "filters", "actions", "bootDelay", "enabled", "name"}),
    )
    _name_field(data, name, where)
    if "conditions" not in data:
        raise _fail(f"{where}.conditions", "is required")
    if "actions" not in data:
        raise _fail(f"{where}.actions", "is required")
    cond_raw = _obj(data["conditions"], f"{where}.conditions")
    operators = []
    if "operator" in data:
        operators.append(_operator(data["operator"], f"{where}.operator"))
    if "operator" in cond_raw:
        operators.append(_operator(cond_raw["operator"], f"{where}.conditions.operator"))
    if len(set(operators)) > 1:
        raise _fail(f"{where}.operator", "differs from conditions.operator")
    conditions = tuple(
        _condition(k, v, f"{where}.conditions.{k}", refs)
        for k, v in cond_raw.items()
        if k != "operator"
    )
    if not conditions:
        raise _fail(f"{where}.conditions", "needs at least one condition")
    filters_raw = _obj(data.get("filters", {}), f"{where}.filters")
    filters = tuple(_filter(k, v, f"{where}.filters.{k}", refs) for k, v in filters_raw.items())
    actions_raw = _obj(data["actions"], f"{where}.actions")
    actions = tuple(
        _action(k, v, f"{where}.actions.{k}", refs.shape, in_sequence=False)
        for k, v in actions_raw.items()
        if k != "sequence"
    )
    sequence = (
        _sequence(actions_raw["sequence"], f"{where}.actions.sequence", refs.shape)
        if "sequence" in actions_raw
        else None
    )
    if not actions and sequence is None:
        raise _fail(f"{where}.actions", "needs at least one action or a sequence")
    return Rule(
        name=name,
        conditions=conditions,
        operator=operators[0] if operators else "OR",
        filters=filters,
        actions=actions,
        sequence=sequence,
        boot_delay_s=_int(data.get("bootDelay", 0), f"{where}.bootDelay", low=0),
        enabled=_enabled(data, where),
    )


# The document -----------------------------------------------------------------------------


def _section(document: Mapping[str, Any], key: str) -> dict[str, Any]:
    section = _obj(document.get(key, {}), key)
    for name in section:
        if not name or not name.strip() or "/" in name:
            raise _fail(f"{key}.{name}", "a name must be non-empty and contain no '/'")
    return section


def _copy_json(value: object, where: str) -> Any:
    """Deep-copy plain JSON, refusing anything JSON cannot hold."""
    if isinstance(value, Mapping):
        return {str(k): _copy_json(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copy_json(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    raise _fail(where, f"{value!r} is not a JSON value")


def parse_document(document: object, shape: DeviceShape) -> RulesDocument:
    """Validate `{"rules": {...}, "pabs": {...}, "watchdogs": {...}, "schedules": {...}}`.

    Every section is optional; NETIO's default schedules exist unless the document defines a
    schedule of the same name. Raises RuleDocumentError naming the first bad key or field.
    """
    data = _obj(document, "document")
    _only(data, "document", frozenset({"rules", "pabs", "watchdogs", "schedules"}))
    source = {
        key: _copy_json(_section(data, key), key)
        for key in ("rules", "pabs", "watchdogs", "schedules")
    }
    schedules_raw: dict[str, Any] = {**DEFAULT_SCHEDULES, **source["schedules"]}
    schedules = {
        name: parse_schedule(name, raw, f"schedules.{name}") for name, raw in schedules_raw.items()
    }
    pabs = {
        name: parse_pab(name, raw, f"pabs.{name}", shape) for name, raw in source["pabs"].items()
    }
    watchdogs = {
        name: parse_watchdog(name, raw, f"watchdogs.{name}")
        for name, raw in source["watchdogs"].items()
    }
    refs = _Refs(pabs, watchdogs, schedules, shape)
    rules = {
        name: parse_rule(name, raw, f"rules.{name}", refs) for name, raw in source["rules"].items()
    }
    source["schedules"] = _copy_json(schedules_raw, "schedules")
    return RulesDocument(rules, pabs, watchdogs, schedules, source)
