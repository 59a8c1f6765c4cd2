"""The parser of NETIO rule documents: rules, PABs, watchdogs and schedules as users paste them.

A NETIO device (firmware 3.2+) runs its own automation: *conditions* (PABs, "power analysis
blocks", and ping watchdogs), *rules* that act on them, and weekly *schedules*. Users copy these
as JSON from the device's web interface: one rule (`{"conditions": …, "actions": …}`) or named
objects `{"rules": {…}, "pabs": {…}, "watchdogs": {…}, "schedules": {…}}`; the configuration API
returns the same objects. This module turns either into typed, frozen models and turns models back
into NETIO JSON (`dump_*`), so a rule survives the way to Home Assistant and back.

Nothing is dropped silently: every unknown key, unknown form, value of the wrong type and every
reference to a PAB, watchdog or schedule that the document does not define becomes a `Problem`
naming where it is (`rules.R1.conditions.PAB/X/IN`) and what is wrong. `parse_document` collects
all of them at once (a preview shows every mistake, not just the first); `parse_rule` & co. raise
`RuleDocumentError` for the configuration client, which reads one object at a time.

Where NETIO's documents are silent, this parser chooses (and says so here):
- `operator` may stand at the rule's top level (an older wiki revision) or inside `conditions`;
  both at once must agree. Missing means OR (the rules page's table) and stays `None` in the model,
  so the model says what the user wrote; `Rule.effective_operator` is what the device does.
- `OUTPUTS|INPUTS/<n>/STATE` take "on"/"off" (any case); 1/0 and true/false are reported.
- A sequence step is an object of actions plus an optional `delay` (ms); the model keeps the
  written delay, rounding up to 100 ms is the executor's (`Step.effective_delay_ms`).
- A PAB's `source` is `OUTPUTS/<n>/LOAD|CURRENT|POWER|TEMP`, `INPUTS/<n>/STATE`, or the device
  totals `TOTAL/LOAD|CURRENT|POWER`. LOAD and POWER are W, CURRENT mA, TEMP °C.
- The older PAB type name `ZONE` reads as `ZONES`; dumps write `ZONES`.
- DAYLIGHT coordinates: `"50.0058144N"`/`"14.4129433E"` (S and W negative) or numbers.
- A schedule is `{"mon": [["08:00", "17:00"]], …}`: days missing from it have no interval;
  times are `HH:MM` or `HH:MM:SS`, end may be `24:00`; intervals must not overlap.
  `Always`, `Weekend` and `Work days` exist on every device (`DEFAULT_SCHEDULES`: all week,
  Saturday + Sunday, Monday to Friday, each whole days) unless the document redefines them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence as SequenceABC
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
import json
import re
from typing import Any, Final, Literal

from .errors import NetioProtocolError

COND_RESULT: Final = "${COND_RESULT}"
"""The action value that stands for the condition's result (1 when it became true, 0 false)."""

type CondResult = Literal["${COND_RESULT}"]
type ActionValue = int | CondResult

DAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SECONDS: Final = 86400
MAX_OUTPUT_ACTION: Final = 5

_RULE_KEYS: Final = frozenset(
    {"name", "enabled", "conditions", "operator", "filters", "actions", "bootDelay"}
)
_DOCUMENT_KEYS: Final = ("rules", "pabs", "watchdogs", "schedules")


class ProblemCode(StrEnum):
    """What is wrong; each has a translated message in the integration (`rule_problem_<code>`)."""

    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    UNKNOWN_KEY = "unknown_key"
    MISSING_KEY = "missing_key"
    DUPLICATE_KEY = "duplicate_key"
    INVALID_VALUE = "invalid_value"
    UNKNOWN_CONDITION = "unknown_condition"
    UNKNOWN_FILTER = "unknown_filter"
    UNKNOWN_ACTION = "unknown_action"
    UNKNOWN_SOURCE = "unknown_source"
    UNDEFINED_PAB = "undefined_pab"
    UNDEFINED_WATCHDOG = "undefined_watchdog"
    UNDEFINED_SCHEDULE = "undefined_schedule"
    PAB_TYPE_MISMATCH = "pab_type_mismatch"
    EMPTY = "empty"


_MESSAGES: Final[dict[ProblemCode, str]] = {
    ProblemCode.INVALID_JSON: "is not valid JSON: {detail}",
    ProblemCode.NOT_AN_OBJECT: "must be {detail}",
    ProblemCode.UNKNOWN_KEY: "has an unknown key '{detail}'",
    ProblemCode.MISSING_KEY: "is missing the key '{detail}'",
    ProblemCode.DUPLICATE_KEY: "has the key '{detail}' twice",
    ProblemCode.INVALID_VALUE: "must be {detail}",
    ProblemCode.UNKNOWN_CONDITION: "is not a condition NETIO knows: '{detail}'",
    ProblemCode.UNKNOWN_FILTER: "is not a filter NETIO knows: '{detail}'",
    ProblemCode.UNKNOWN_ACTION: "is not an action NETIO knows: '{detail}'",
    ProblemCode.UNKNOWN_SOURCE: "is not a PAB source NETIO knows: '{detail}'",
    ProblemCode.UNDEFINED_PAB: "names the PAB '{detail}', which the document does not define",
    ProblemCode.UNDEFINED_WATCHDOG: (
        "names the watchdog '{detail}', which the document does not define"
    ),
    ProblemCode.UNDEFINED_SCHEDULE: (
        "names the schedule '{detail}', which the document does not define"
    ),
    ProblemCode.PAB_TYPE_MISMATCH: "asks a PAB for a value its type does not have: {detail}",
    ProblemCode.EMPTY: "must not be empty",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a document: where (`path`), what (`code`), the part named (`detail`)."""

    path: str
    """Dotted place in the document, e.g. `rules.R1.actions.OUTPUTS/9/ACTION`; "" = the top."""
    code: ProblemCode
    detail: str = ""

    @property
    def message(self) -> str:
        """An English sentence naming the place and the part (the integration translates codes)."""
        text = _MESSAGES[self.code].format(detail=self.detail)
        return f"{self.path or 'The document'} {text}"

    @property
    def rule(self) -> str | None:
        """The rule this problem belongs to, if any."""
        parts = self.path.split(".", 2)
        if len(parts) >= 2 and parts[0] == "rules":  # noqa: PLR2004
            return parts[1]
        return None


class RuleDocumentError(NetioProtocolError):
    """A rule document (or one object of it) is malformed; `problems` lists every mistake."""

    def __init__(self, problems: SequenceABC[Problem]) -> None:
        """Keep every problem; the message lists them."""
        self.problems = tuple(problems)
        super().__init__("; ".join(problem.message for problem in self.problems))


# --- models ------------------------------------------------------------------------------------


class Operator(StrEnum):
    """How a rule combines its conditions."""

    AND = "AND"
    OR = "OR"


class Variable(StrEnum):
    """The NETIO variables a condition or filter reads."""

    PAB_IN = "PAB/IN"
    PAB_ZONE = "PAB/ZONE"
    PAB_DAY = "PAB/DAY"
    WDT_FAIL = "WDT/FAIL"
    OUTPUT_STATE = "OUTPUTS/STATE"
    INPUT_STATE = "INPUTS/STATE"
    DEVICE_POWER_UP = "SYSTEM/DEVICE_POWER_UP"
    SCHEDULE_ACTIVE = "SCHEDULE/ACTIVE"


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """One condition or filter: a variable, what it names, and the value it must have.

    `name` is the PAB, watchdog or schedule; `number` the output or input (1-based). `value` is a
    bool (STATE "on" = True) except for `PAB/<name>/ZONE`, whose value is the zone number.
    """

    variable: Variable
    value: bool | int
    name: str | None = None
    number: int | None = None

    @property
    def key(self) -> str:
        """The NETIO key, e.g. `PAB/PAB1/IN` or `OUTPUTS/1/STATE`."""
        match self.variable:
            case Variable.OUTPUT_STATE:
                return f"OUTPUTS/{self.number}/STATE"
            case Variable.INPUT_STATE:
                return f"INPUTS/{self.number}/STATE"
            case Variable.DEVICE_POWER_UP:
                return "SYSTEM/DEVICE_POWER_UP"
            case _:
                group, leaf = self.variable.value.split("/")
                return f"{group}/{self.name}/{leaf}"

    @property
    def json_value(self) -> bool | int | str:
        """The value as NETIO writes it."""
        if self.variable in (Variable.OUTPUT_STATE, Variable.INPUT_STATE):
            return "on" if self.value else "off"
        return self.value


class ActionTarget(StrEnum):
    """What an action sets."""

    OUTPUT = "OUTPUT"
    """`OUTPUTS/<n>/ACTION`: 0 off, 1 on, 2 short OFF, 3 short ON, 4 toggle, 5 nothing."""
    CLOUD_ALARM = "CLOUD_ALARM"
    """`CLOUD/OUTPUT/<n>/ALARM`: the output's alarm in NETIO Cloud, 1 raised, 0 cleared."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Action:
    """One action: a target, its output and a value (`COND_RESULT` = the condition's result)."""

    target: ActionTarget
    output: int
    value: ActionValue

    @property
    def key(self) -> str:
        """The NETIO key."""
        if self.target is ActionTarget.OUTPUT:
            return f"OUTPUTS/{self.output}/ACTION"
        return f"CLOUD/OUTPUT/{self.output}/ALARM"

    @property
    def uses_cond_result(self) -> bool:
        """Whether the action runs on both changes of the condition, with its result."""
        return self.value == COND_RESULT


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One step of a sequence: its actions, then a wait of `delay_ms` (as written)."""

    actions: tuple[Action, ...]
    delay_ms: int | None = None

    @property
    def effective_delay_ms(self) -> int:
        """The wait the device makes: the delay rounded up to whole 100 ms."""
        return -(-(self.delay_ms or 0) // 100) * 100


@dataclass(frozen=True, slots=True, kw_only=True)
class Sequence:
    """Actions repeated `repeat` times; 0 or true repeats until the rule is disabled."""

    repeat: int | bool
    steps: tuple[Step, ...]

    @property
    def endless(self) -> bool:
        """Whether the sequence runs until the rule is disabled."""
        return self.repeat is True or self.repeat == 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A NETIO rule: when the combined condition becomes true (filters permitting), act."""

    name: str
    conditions: tuple[Condition, ...]
    operator: Operator | None = None
    """As written; None = not given (the device then uses OR)."""
    filters: tuple[Condition, ...] = ()
    actions: tuple[Action, ...] = ()
    """The one-time actions, in document order."""
    sequence: Sequence | None = None
    boot_delay_s: int | None = None
    """No action until this long after the device booted (firmware 4.0+)."""
    enabled: bool | None = None
    """As written; None = not given (enabled)."""

    @property
    def effective_operator(self) -> Operator:
        """The operator the device applies."""
        return self.operator or Operator.OR

    @property
    def is_enabled(self) -> bool:
        """Whether the device runs the rule."""
        return self.enabled is not False


class SourceKind(StrEnum):
    """What a PAB measures; the unit is the device's."""

    OUTPUT_LOAD = "OUTPUTS/LOAD"
    OUTPUT_CURRENT = "OUTPUTS/CURRENT"
    OUTPUT_POWER = "OUTPUTS/POWER"
    OUTPUT_TEMP = "OUTPUTS/TEMP"
    INPUT_STATE = "INPUTS/STATE"
    TOTAL_LOAD = "TOTAL/LOAD"
    TOTAL_CURRENT = "TOTAL/CURRENT"
    TOTAL_POWER = "TOTAL/POWER"

    @property
    def unit(self) -> str:
        """The unit NETIO measures this in."""
        leaf = self.value.split("/")[1]
        return {"LOAD": "W", "POWER": "W", "CURRENT": "mA", "TEMP": "°C"}.get(leaf, "")


@dataclass(frozen=True, slots=True, kw_only=True)
class PabSource:
    """A PAB's `source`: a quantity of one output or input (`number`), or of the whole device."""

    kind: SourceKind
    number: int | None = None

    @property
    def key(self) -> str:
        """The NETIO form."""
        group, leaf = self.kind.value.split("/")
        if self.number is None:
            return self.kind.value
        return f"{group}/{self.number}/{leaf}"


class PabType(StrEnum):
    """The PAB types."""

    RANGE = "RANGE"
    ZONES = "ZONES"
    DAYLIGHT = "DAYLIGHT"


@dataclass(frozen=True, slots=True, kw_only=True)
class RangePab:
    """`PAB/<name>/IN` is true once `source` stayed within [lower, upper] for the hysteresis."""

    name: str
    source: PabSource
    lower_bound: float
    upper_bound: float
    time_hysteresis_s: int = 0
    enabled: bool | None = None
    type: Literal[PabType.RANGE] = PabType.RANGE


@dataclass(frozen=True, slots=True, kw_only=True)
class ZonesPab:
    """`PAB/<name>/ZONE` = how many thresholds the value reaches, counted after the hysteresis."""

    name: str
    source: PabSource
    thresholds: tuple[float, ...]
    time_hysteresis_s: int = 0
    enabled: bool | None = None
    type: Literal[PabType.ZONES] = PabType.ZONES


@dataclass(frozen=True, slots=True, kw_only=True)
class DaylightPab:
    """`PAB/<name>/DAY` is true between sunrise and sunset at the place (north/east positive)."""

    name: str
    latitude: float
    longitude: float
    altitude: float | None = None
    enabled: bool | None = None
    type: Literal[PabType.DAYLIGHT] = PabType.DAYLIGHT


type Pab = RangePab | ZonesPab | DaylightPab

_PAB_VARIABLE: Final = {
    PabType.RANGE: Variable.PAB_IN,
    PabType.ZONES: Variable.PAB_ZONE,
    PabType.DAYLIGHT: Variable.PAB_DAY,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Watchdog:
    """A NETIO ping watchdog; `WDT/<name>/FAIL` is true while it is in its error state."""

    name: str
    target: str
    ping_interval_s: int
    timeout_s: int
    max_timeouts: int
    time_to_reboot_s: int
    max_restarts: int
    """0 = the rule fires after every FAIL, -1 = once per outage, N > 0 = up to N restarts."""
    start_delay_s: int | None = None
    enabled: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Interval:
    """An on-interval within a day, in seconds from midnight (end up to 86400 = 24:00)."""

    start_s: int
    end_s: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """A weekly schedule: per day (`DAYS`) the intervals it is active in, device local time."""

    name: str
    days: tuple[tuple[str, tuple[Interval, ...]], ...]
    """Every day of `DAYS`, in order, with its intervals (possibly none)."""
    id: int | None = None
    enabled: bool | None = None

    def intervals(self, day: str) -> tuple[Interval, ...]:
        """The intervals of one day (`mon` … `sun`)."""
        return dict(self.days)[day]


def _whole_days(*active: str) -> tuple[tuple[str, tuple[Interval, ...]], ...]:
    return tuple(
        (day, (Interval(start_s=0, end_s=DAY_SECONDS),) if day in active else ()) for day in DAYS
    )


DEFAULT_SCHEDULES: Final[Mapping[str, Schedule]] = {
    "Always": Schedule(name="Always", days=_whole_days(*DAYS)),
    "Weekend": Schedule(name="Weekend", days=_whole_days("sat", "sun")),
    "Work days": Schedule(name="Work days", days=_whole_days("mon", "tue", "wed", "thu", "fri")),
}
"""The schedules every NETIO device has (the 4x manual, "Schedules"); whole days (our choice)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleDocument:
    """Everything a document defines, and every problem found in it.

    Objects with a problem of their own are left out of `rules`/`pabs`/…; their problems say why.
    """

    rules: Mapping[str, Rule] = field(default_factory=dict)
    pabs: Mapping[str, Pab] = field(default_factory=dict)
    watchdogs: Mapping[str, Watchdog] = field(default_factory=dict)
    schedules: Mapping[str, Schedule] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    single_rule: bool = False
    """The document was one bare rule (named `DEFAULT_RULE_NAME` unless it had a `name`)."""

    def schedule(self, name: str) -> Schedule | None:
        """A schedule defined in the document or one of the device's defaults."""
        return self.schedules.get(name) or DEFAULT_SCHEDULES.get(name)

    def raise_for_problems(self) -> None:
        """Raise `RuleDocumentError` if anything was wrong."""
        if self.problems:
            raise RuleDocumentError(self.problems)


DEFAULT_RULE_NAME: Final = "rule"


# --- parsing -----------------------------------------------------------------------------------


class _Report:
    """Collects problems while parsing; `ok` says whether an object parsed cleanly."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: ProblemCode, detail: object = "") -> None:
        self.problems.append(Problem(path, code, str(detail)))

    def count(self) -> int:
        return len(self.problems)


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def _is_int(value: object) -> bool:
    return type(value) is int


def _is_number(value: object) -> bool:
    return type(value) in (int, float)


def _object(value: object, path: str, report: _Report) -> Mapping[str, Any] | None:
    if isinstance(value, Mapping):
        return value
    report.add(path, ProblemCode.NOT_AN_OBJECT, "an object")
    return None


def _unknown_keys(data: Mapping[str, Any], allowed: Iterable[str], path: str, r: _Report) -> None:
    allowed_keys = set(allowed)
    for key in data:
        if key not in allowed_keys:
            r.add(path, ProblemCode.UNKNOWN_KEY, key)


def _optional_bool(data: Mapping[str, Any], key: str, path: str, r: _Report) -> bool | None:
    if key not in data:
        return None
    value = data[key]
    if type(value) is bool:
        return value
    r.add(_join(path, key), ProblemCode.INVALID_VALUE, "true or false")
    return None


def _own_name(data: Mapping[str, Any], name: str, kind: str, path: str, r: _Report) -> None:
    if "name" in data and data["name"] != name:
        r.add(_join(path, "name"), ProblemCode.INVALID_VALUE, f'"{name}", the {kind}\'s own name')


def _int_field(
    data: Mapping[str, Any],
    key: str,
    path: str,
    r: _Report,
    *,
    minimum: int | None = 0,
    required: bool = True,
) -> int | None:
    if key not in data:
        if required:
            r.add(path, ProblemCode.MISSING_KEY, key)
        return None
    value = data[key]
    if not _is_int(value) or (minimum is not None and value < minimum):
        bound = "a whole number" if minimum is None else f"a whole number of at least {minimum}"
        r.add(_join(path, key), ProblemCode.INVALID_VALUE, bound)
        return None
    return int(value)


_NUMBERED = re.compile(r"(OUTPUTS|INPUTS)/([1-9][0-9]*)/(STATE)")
_NAMED = re.compile(r"(PAB|WDT|SCHEDULE)/(.+)/(IN|ZONE|DAY|FAIL|ACTIVE)")
_ACTION_KEY = re.compile(r"OUTPUTS/([1-9][0-9]*)/ACTION")
_ALARM_KEY = re.compile(r"CLOUD/OUTPUT/([1-9][0-9]*)/ALARM")
_SOURCE = re.compile(r"(OUTPUTS|INPUTS)/([1-9][0-9]*)/(LOAD|CURRENT|POWER|TEMP|STATE)")
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?")
_COORDINATE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([NSEW])\s*", re.IGNORECASE)


def _parse_variable(key: str) -> tuple[Variable, str | None, int | None] | None:
    if key == "SYSTEM/DEVICE_POWER_UP":
        return Variable.DEVICE_POWER_UP, None, None
    if match := _NUMBERED.fullmatch(key):
        variable = Variable.OUTPUT_STATE if match[1] == "OUTPUTS" else Variable.INPUT_STATE
        return variable, None, int(match[2])
    if match := _NAMED.fullmatch(key):
        try:
            variable = Variable(f"{match[1]}/{match[3]}")
        except ValueError:
            return None
        return variable, match[2], None
    return None


def _condition_value(variable: Variable, value: object, path: str, r: _Report) -> bool | int | None:
    if variable in (Variable.OUTPUT_STATE, Variable.INPUT_STATE):
        if isinstance(value, str) and value.lower() in ("on", "off"):
            return value.lower() == "on"
        r.add(path, ProblemCode.INVALID_VALUE, '"on" or "off"')
        return None
    if variable is Variable.PAB_ZONE:
        if _is_int(value) and int(str(value)) >= 0:
            return int(str(value))
        r.add(path, ProblemCode.INVALID_VALUE, "a zone number (0 or more)")
        return None
    if type(value) is bool:
        return value
    r.add(path, ProblemCode.INVALID_VALUE, "true or false")
    return None


_FILTER_VARIABLES: Final = frozenset(
    {Variable.SCHEDULE_ACTIVE, Variable.OUTPUT_STATE, Variable.INPUT_STATE}
)


def _conditions(
    data: Mapping[str, Any], path: str, r: _Report, *, filters: bool
) -> tuple[Condition, ...]:
    found: list[Condition] = []
    for key, value in data.items():
        if key == "operator" and not filters:
            continue
        where = _join(path, key)
        parsed = _parse_variable(key)
        allowed = (parsed is not None) and (
            (parsed[0] in _FILTER_VARIABLES)
            if filters
            else (parsed[0] is not Variable.SCHEDULE_ACTIVE)
        )
        if parsed is None or not allowed:
            code = ProblemCode.UNKNOWN_FILTER if filters else ProblemCode.UNKNOWN_CONDITION
            r.add(path, code, key)
            continue
        variable, name, number = parsed
        checked = _condition_value(variable, value, where, r)
        if checked is not None:
            found.append(Condition(variable=variable, value=checked, name=name, number=number))
    return tuple(found)


def _operator(value: object, path: str, r: _Report) -> Operator | None:
    if isinstance(value, str) and value.upper() in ("AND", "OR"):
        return Operator(value.upper())
    r.add(path, ProblemCode.INVALID_VALUE, '"AND" or "OR"')
    return None


def _action(key: str, value: object, path: str, r: _Report) -> Action | None:
    where = _join(path, key)
    if match := _ACTION_KEY.fullmatch(key):
        if value == COND_RESULT or (_is_int(value) and 0 <= int(str(value)) <= MAX_OUTPUT_ACTION):
            checked: ActionValue = COND_RESULT if value == COND_RESULT else int(str(value))
            return Action(target=ActionTarget.OUTPUT, output=int(match[1]), value=checked)
        r.add(where, ProblemCode.INVALID_VALUE, 'an action code 0 to 5 or "${COND_RESULT}"')
        return None
    if match := _ALARM_KEY.fullmatch(key):
        if value == COND_RESULT or (_is_int(value) and int(str(value)) in (0, 1)):
            checked = COND_RESULT if value == COND_RESULT else int(str(value))
            return Action(target=ActionTarget.CLOUD_ALARM, output=int(match[1]), value=checked)
        r.add(where, ProblemCode.INVALID_VALUE, '0, 1 or "${COND_RESULT}"')
        return None
    r.add(path, ProblemCode.UNKNOWN_ACTION, key)
    return None


def _actions(
    data: Mapping[str, Any], path: str, r: _Report, *, skip: Iterable[str] = ()
) -> tuple[Action, ...]:
    skipped = set(skip)
    found = [_action(key, value, path, r) for key, value in data.items() if key not in skipped]
    return tuple(action for action in found if action is not None)


def _steps(data: Mapping[str, Any], path: str, r: _Report) -> list[Step]:
    steps: list[Step] = []
    where = _join(path, "actions")
    if "actions" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "actions")
    elif not isinstance(data["actions"], list):
        r.add(where, ProblemCode.NOT_AN_OBJECT, "a list of steps")
    elif not data["actions"]:
        r.add(where, ProblemCode.EMPTY)
    else:
        for index, raw in enumerate(data["actions"]):
            place = _join(where, index)
            step = _object(raw, place, r)
            if step is None:
                continue
            if not step:
                r.add(place, ProblemCode.EMPTY)
                continue
            delay = _int_field(step, "delay", place, r, required=False)
            steps.append(Step(actions=_actions(step, place, r, skip=("delay",)), delay_ms=delay))
    return steps


def _sequence(value: object, path: str, r: _Report) -> Sequence | None:
    data = _object(value, path, r)
    if data is None:
        return None
    before = r.count()
    _unknown_keys(data, ("repeat", "actions"), path, r)
    repeat: int | bool | None = None
    if "repeat" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "repeat")
    elif data["repeat"] is True or (_is_int(data["repeat"]) and data["repeat"] >= 0):
        repeat = data["repeat"]
    else:
        r.add(
            _join(path, "repeat"), ProblemCode.INVALID_VALUE, "a whole number of 0 or more, or true"
        )
    steps = _steps(data, path, r)
    if r.count() != before or repeat is None:
        return None
    return Sequence(repeat=repeat, steps=tuple(steps))


def _rule_conditions(
    data: Mapping[str, Any], path: str, r: _Report
) -> tuple[tuple[Condition, ...], Operator | None]:
    operator: Operator | None = None
    if "operator" in data:
        operator = _operator(data["operator"], _join(path, "operator"), r)
    where = _join(path, "conditions")
    if "conditions" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "conditions")
        return (), operator
    raw = _object(data["conditions"], where, r)
    if raw is None:
        return (), operator
    if not raw or list(raw) == ["operator"]:
        r.add(where, ProblemCode.EMPTY)
    conditions = _conditions(raw, where, r, filters=False)
    if "operator" in raw:
        inner = _operator(raw["operator"], _join(where, "operator"), r)
        if operator is not None and inner is not None and inner != operator:
            r.add(
                _join(where, "operator"),
                ProblemCode.INVALID_VALUE,
                f'"{operator}", the operator given at the rule\'s top level',
            )
        operator = operator or inner
    return conditions, operator


def _rule_actions(
    data: Mapping[str, Any], path: str, r: _Report
) -> tuple[tuple[Action, ...], Sequence | None]:
    where = _join(path, "actions")
    if "actions" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "actions")
        return (), None
    raw = _object(data["actions"], where, r)
    if raw is None:
        return (), None
    if not raw:
        r.add(where, ProblemCode.EMPTY)
    actions = _actions(raw, where, r, skip=("sequence",))
    sequence = (
        _sequence(raw["sequence"], _join(where, "sequence"), r) if "sequence" in raw else None
    )
    return actions, sequence


def _rule(name: str, value: object, path: str, r: _Report) -> Rule | None:
    data = _object(value, path, r)
    if data is None:
        return None
    before = r.count()
    _unknown_keys(data, _RULE_KEYS, path, r)
    _own_name(data, name, "rule", path, r)
    conditions, operator = _rule_conditions(data, path, r)
    filters: tuple[Condition, ...] = ()
    if "filters" in data and (raw := _object(data["filters"], _join(path, "filters"), r)):
        filters = _conditions(raw, _join(path, "filters"), r, filters=True)
    actions, sequence = _rule_actions(data, path, r)
    boot_delay = _int_field(data, "bootDelay", path, r, required=False)
    enabled = _optional_bool(data, "enabled", path, r)
    if r.count() != before:
        return None
    return Rule(
        name=name,
        conditions=conditions,
        operator=operator,
        filters=filters,
        actions=actions,
        sequence=sequence,
        boot_delay_s=boot_delay,
        enabled=enabled,
    )


def _source(data: Mapping[str, Any], path: str, r: _Report) -> PabSource | None:
    if "source" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "source")
        return None
    value = data["source"]
    where = _join(path, "source")
    if isinstance(value, str):
        if match := _SOURCE.fullmatch(value):
            try:
                kind = SourceKind(f"{match[1]}/{match[3]}")
            except ValueError:
                kind = None
            if kind is not None:
                return PabSource(kind=kind, number=int(match[2]))
        elif value in {kind.value for kind in SourceKind} and value.startswith("TOTAL/"):
            return PabSource(kind=SourceKind(value))
    r.add(where, ProblemCode.UNKNOWN_SOURCE, value)
    return None


def _coordinate(value: object, axis: str, path: str, r: _Report) -> float | None:
    limit, positive, negative = (90, "N", "S") if axis == "latitude" else (180, "E", "W")
    number: float | None = None
    if _is_number(value):
        number = float(str(value))
    elif isinstance(value, str) and (match := _COORDINATE.fullmatch(value)):
        hemisphere = match[2].upper()
        if hemisphere in (positive, negative):
            number = float(match[1]) * (1 if hemisphere == positive else -1)
    if number is None or abs(number) > limit:
        r.add(
            path,
            ProblemCode.INVALID_VALUE,
            f'a {axis} like "{"50.0058144N" if axis == "latitude" else "14.4129433E"}" '
            f"or a number from -{limit} to {limit}",
        )
        return None
    return number


def _number_field(data: Mapping[str, Any], key: str, path: str, r: _Report) -> float | None:
    if key not in data:
        r.add(path, ProblemCode.MISSING_KEY, key)
        return None
    if not _is_number(data[key]):
        r.add(_join(path, key), ProblemCode.INVALID_VALUE, "a number")
        return None
    return float(data[key])


_PAB_TYPES: Final = {
    "RANGE": PabType.RANGE,
    "ZONES": PabType.ZONES,
    "ZONE": PabType.ZONES,
    "DAYLIGHT": PabType.DAYLIGHT,
}


_PAB_COMMON: Final = ("type", "name", "enabled")


def _daylight_pab(
    name: str, data: Mapping[str, Any], enabled: bool | None, path: str, r: _Report
) -> DaylightPab | None:
    before = r.count()
    _unknown_keys(data, (*_PAB_COMMON, "latitude", "longitude", "altitude"), path, r)
    coordinates: dict[str, float | None] = {}
    for axis in ("latitude", "longitude"):
        if axis not in data:
            r.add(path, ProblemCode.MISSING_KEY, axis)
        else:
            coordinates[axis] = _coordinate(data[axis], axis, _join(path, axis), r)
    altitude = _number_field(data, "altitude", path, r) if "altitude" in data else None
    latitude, longitude = coordinates.get("latitude"), coordinates.get("longitude")
    if r.count() != before or latitude is None or longitude is None:
        return None
    return DaylightPab(
        name=name, latitude=latitude, longitude=longitude, altitude=altitude, enabled=enabled
    )


def _range_pab(
    name: str, data: Mapping[str, Any], enabled: bool | None, path: str, r: _Report
) -> RangePab | None:
    before = r.count()
    keys = (*_PAB_COMMON, "source", "lowerBound", "upperBound", "timeHysteresis")
    _unknown_keys(data, keys, path, r)
    source = _source(data, path, r)
    hysteresis = _int_field(data, "timeHysteresis", path, r, required=False) or 0
    lower = _number_field(data, "lowerBound", path, r)
    upper = _number_field(data, "upperBound", path, r)
    if lower is not None and upper is not None and lower > upper:
        r.add(_join(path, "upperBound"), ProblemCode.INVALID_VALUE, "at least lowerBound")
    if r.count() != before or source is None or lower is None or upper is None:
        return None
    return RangePab(
        name=name,
        source=source,
        lower_bound=lower,
        upper_bound=upper,
        time_hysteresis_s=hysteresis,
        enabled=enabled,
    )


def _zones_pab(
    name: str, data: Mapping[str, Any], enabled: bool | None, path: str, r: _Report
) -> ZonesPab | None:
    before = r.count()
    _unknown_keys(data, (*_PAB_COMMON, "source", "thresholds", "timeHysteresis"), path, r)
    source = _source(data, path, r)
    hysteresis = _int_field(data, "timeHysteresis", path, r, required=False) or 0
    thresholds = data.get("thresholds")
    if "thresholds" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "thresholds")
    elif (
        not isinstance(thresholds, list)
        or not thresholds
        or not all(_is_number(item) for item in thresholds)
        or any(a >= b for a, b in pairwise(thresholds))
    ):
        r.add(_join(path, "thresholds"), ProblemCode.INVALID_VALUE, "a list of ascending numbers")
    if r.count() != before or source is None or not isinstance(thresholds, list):
        return None
    return ZonesPab(
        name=name,
        source=source,
        thresholds=tuple(float(item) for item in thresholds),
        time_hysteresis_s=hysteresis,
        enabled=enabled,
    )


def _pab(name: str, value: object, path: str, r: _Report) -> Pab | None:
    data = _object(value, path, r)
    if data is None:
        return None
    if "type" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "type")
        return None
    kind_raw = data["type"]
    kind = _PAB_TYPES.get(kind_raw.upper()) if isinstance(kind_raw, str) else None
    if kind is None:
        r.add(_join(path, "type"), ProblemCode.INVALID_VALUE, '"RANGE", "ZONES" or "DAYLIGHT"')
        return None
    before = r.count()
    _own_name(data, name, "PAB", path, r)
    enabled = _optional_bool(data, "enabled", path, r)
    parse = {
        PabType.DAYLIGHT: _daylight_pab,
        PabType.RANGE: _range_pab,
        PabType.ZONES: _zones_pab,
    }[kind]
    pab = parse(name, data, enabled, path, r)
    return pab if r.count() == before else None


def _watchdog(name: str, value: object, path: str, r: _Report) -> Watchdog | None:
    data = _object(value, path, r)
    if data is None:
        return None
    before = r.count()
    _unknown_keys(
        data,
        (
            "name",
            "enabled",
            "target",
            "pingInterval",
            "timeout",
            "maxTimeouts",
            "timeToReboot",
            "maxRestarts",
            "startDelay",
        ),
        path,
        r,
    )
    _own_name(data, name, "watchdog", path, r)
    target = data.get("target")
    if "target" not in data:
        r.add(path, ProblemCode.MISSING_KEY, "target")
    elif not isinstance(target, str) or not target.strip():
        r.add(_join(path, "target"), ProblemCode.INVALID_VALUE, "an address or host name")
    interval = _int_field(data, "pingInterval", path, r, minimum=1)
    timeout = _int_field(data, "timeout", path, r, minimum=1)
    max_timeouts = _int_field(data, "maxTimeouts", path, r)
    reboot = _int_field(data, "timeToReboot", path, r)
    restarts = _int_field(data, "maxRestarts", path, r, minimum=-1)
    start_delay = _int_field(data, "startDelay", path, r, required=False)
    enabled = _optional_bool(data, "enabled", path, r)
    if (
        r.count() != before
        or not isinstance(target, str)
        or interval is None
        or timeout is None
        or max_timeouts is None
        or reboot is None
        or restarts is None
    ):
        return None
    return Watchdog(
        name=name,
        target=target.strip(),
        ping_interval_s=interval,
        timeout_s=timeout,
        max_timeouts=max_timeouts,
        time_to_reboot_s=reboot,
        max_restarts=restarts,
        start_delay_s=start_delay,
        enabled=enabled,
    )


def _time(value: object, *, end: bool) -> int | None:
    if not isinstance(value, str) or not (match := _TIME.fullmatch(value)):
        return None
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    total = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or total > DAY_SECONDS or (total == DAY_SECONDS and not end):  # noqa: PLR2004
        return None
    return total


def _schedule(name: str, value: object, path: str, r: _Report) -> Schedule | None:
    data = _object(value, path, r)
    if data is None:
        return None
    before = r.count()
    _unknown_keys(data, (*DAYS, "name", "id", "enabled"), path, r)
    _own_name(data, name, "schedule", path, r)
    schedule_id = _int_field(data, "id", path, r, required=False)
    enabled = _optional_bool(data, "enabled", path, r)
    days: list[tuple[str, tuple[Interval, ...]]] = []
    for day in DAYS:
        where = _join(path, day)
        raw = data.get(day, [])
        if not isinstance(raw, list):
            r.add(where, ProblemCode.NOT_AN_OBJECT, 'a list of ["HH:MM", "HH:MM"] intervals')
            continue
        intervals: list[Interval] = []
        for index, item in enumerate(raw):
            start = end = None
            if isinstance(item, list) and len(item) == 2:  # noqa: PLR2004
                start, end = _time(item[0], end=False), _time(item[1], end=True)
            if start is None or end is None or start >= end:
                r.add(
                    _join(where, index),
                    ProblemCode.INVALID_VALUE,
                    'an interval ["HH:MM", "HH:MM"] that ends after it starts (end up to "24:00")',
                )
                continue
            intervals.append(Interval(start_s=start, end_s=end))
        intervals.sort(key=lambda interval: interval.start_s)
        if any(a.end_s > b.start_s for a, b in pairwise(intervals)):
            r.add(where, ProblemCode.INVALID_VALUE, "intervals that do not overlap")
        days.append((day, tuple(intervals)))
    if r.count() != before:
        return None
    return Schedule(name=name, days=tuple(days), id=schedule_id, enabled=enabled)


def _named(value: object, kind: str, r: _Report) -> list[tuple[str, object, str]]:
    """The objects of one section: a mapping name → object, or a list of objects with `name`."""
    if isinstance(value, Mapping):
        return [(str(name), item, _join(kind, name)) for name, item in value.items()]
    if isinstance(value, list):
        named: list[tuple[str, object, str]] = []
        for index, item in enumerate(value):
            where = _join(kind, index)
            if isinstance(item, Mapping) and isinstance(item.get("name"), str) and item["name"]:
                named.append((item["name"], item, _join(kind, item["name"])))
            else:
                r.add(where, ProblemCode.MISSING_KEY, "name")
        return named
    r.add(kind, ProblemCode.NOT_AN_OBJECT, "an object of named objects")
    return []


def _check_references(document: RuleDocument, r: _Report) -> None:
    for rule in document.rules.values():
        for place, items in (("conditions", rule.conditions), ("filters", rule.filters)):
            for item in items:
                where = _join(_join(_join("rules", rule.name), place), item.key)
                if item.variable in _PAB_VARIABLE.values():
                    pab = document.pabs.get(str(item.name))
                    if pab is None:
                        r.add(where, ProblemCode.UNDEFINED_PAB, item.name)
                    elif _PAB_VARIABLE[pab.type] is not item.variable:
                        r.add(
                            where,
                            ProblemCode.PAB_TYPE_MISMATCH,
                            f"'{item.name}' is a {pab.type} PAB, which gives "
                            f"{_PAB_VARIABLE[pab.type].value.split('/')[1]}",
                        )
                elif item.variable is Variable.WDT_FAIL and item.name not in document.watchdogs:
                    r.add(where, ProblemCode.UNDEFINED_WATCHDOG, item.name)
                elif item.variable is Variable.SCHEDULE_ACTIVE and (
                    document.schedule(str(item.name)) is None
                ):
                    r.add(where, ProblemCode.UNDEFINED_SCHEDULE, item.name)


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def load_json(text: str) -> object:
    """Decode JSON text, refusing a key given twice (the device would keep only one)."""
    return json.loads(text, object_pairs_hook=_reject_duplicates)


def _decode(source: str | Mapping[str, Any]) -> tuple[object, Problem | None]:
    if not isinstance(source, str):
        return source, None
    try:
        return load_json(source), None
    except _DuplicateKeyError as err:
        return None, Problem("", ProblemCode.DUPLICATE_KEY, err.key)
    except ValueError as err:
        return None, Problem("", ProblemCode.INVALID_JSON, str(err))


def _single_rule(top: Mapping[str, Any]) -> RuleDocument:
    r = _Report()
    name = top.get("name")
    name = name if isinstance(name, str) and name else DEFAULT_RULE_NAME
    rule = _rule(name, top, _join("rules", name), r)
    document = RuleDocument(rules={name: rule} if rule else {}, single_rule=True)
    _check_references(document, r)
    return RuleDocument(rules=document.rules, single_rule=True, problems=tuple(r.problems))


_PARSERS: Final[dict[str, Any]] = {
    "pabs": _pab,
    "watchdogs": _watchdog,
    "schedules": _schedule,
    "rules": _rule,
}

_UNDEFINED_KIND: Final = {
    ProblemCode.UNDEFINED_PAB: "pabs",
    ProblemCode.UNDEFINED_WATCHDOG: "watchdogs",
    ProblemCode.UNDEFINED_SCHEDULE: "schedules",
}


def _named_objects(top: Mapping[str, Any]) -> RuleDocument:
    r = _Report()
    _unknown_keys(top, _DOCUMENT_KEYS, "", r)
    sections: dict[str, dict[str, Any]] = {}
    written: set[tuple[str, str]] = set()
    for kind, parse in _PARSERS.items():
        sections[kind] = {}
        for name, item, where in _named(top.get(kind, {}), kind, r):
            written.add((kind, name))
            if (parsed := parse(name, item, where, r)) is not None:
                sections[kind][name] = parsed
    document = RuleDocument(
        rules=sections["rules"],
        pabs=sections["pabs"],
        watchdogs=sections["watchdogs"],
        schedules=sections["schedules"],
    )
    refs = _Report()
    _check_references(document, refs)
    # An object that failed to parse is reported once, not again as "undefined" by every rule.
    r.problems.extend(
        problem
        for problem in refs.problems
        if (_UNDEFINED_KIND.get(problem.code), problem.detail) not in written
    )
    return RuleDocument(
        rules=document.rules,
        pabs=document.pabs,
        watchdogs=document.watchdogs,
        schedules=document.schedules,
        problems=tuple(r.problems),
    )


def parse_document(source: str | Mapping[str, Any]) -> RuleDocument:
    """Parse a pasted document (JSON text or decoded): one rule, or named objects.

    Never raises for bad input: every problem is in `RuleDocument.problems`.
    """
    data, problem = _decode(source)
    if problem is not None:
        return RuleDocument(problems=(problem,))
    r = _Report()
    top = _object(data, "", r)
    if top is None:
        return RuleDocument(problems=tuple(r.problems))
    if not top:
        return RuleDocument(problems=(Problem("", ProblemCode.EMPTY),))
    if set(top) & (_RULE_KEYS - {"name", "enabled"}):
        return _single_rule(top)
    return _named_objects(top)


def _single(parse: Any, name: str, value: object, kind: str) -> Any:
    r = _Report()
    parsed = parse(name, value, _join(kind, name), r)
    if r.problems:
        raise RuleDocumentError(r.problems)
    return parsed


def parse_rule(name: str, value: object) -> Rule:
    """Parse one rule object; raise `RuleDocumentError` listing every problem."""
    rule: Rule = _single(_rule, name, value, "rules")
    return rule


def parse_pab(name: str, value: object) -> Pab:
    """Parse one PAB object; raise `RuleDocumentError` listing every problem."""
    pab: Pab = _single(_pab, name, value, "pabs")
    return pab


def parse_watchdog(name: str, value: object) -> Watchdog:
    """Parse one watchdog object; raise `RuleDocumentError` listing every problem."""
    watchdog: Watchdog = _single(_watchdog, name, value, "watchdogs")
    return watchdog


def parse_schedule(name: str, value: object) -> Schedule:
    """Parse one schedule object; raise `RuleDocumentError` listing every problem."""
    schedule: Schedule = _single(_schedule, name, value, "schedules")
    return schedule


# --- dumping -----------------------------------------------------------------------------------


def _dump_actions(actions: Iterable[Action]) -> dict[str, Any]:
    return {action.key: action.value for action in actions}


def dump_rule(rule: Rule) -> dict[str, Any]:
    """The rule as NETIO JSON (the operator, when given, inside `conditions`)."""
    conditions: dict[str, Any] = {item.key: item.json_value for item in rule.conditions}
    if rule.operator is not None:
        conditions["operator"] = rule.operator.value
    result: dict[str, Any] = {"conditions": conditions}
    if rule.filters:
        result["filters"] = {item.key: item.json_value for item in rule.filters}
    actions = _dump_actions(rule.actions)
    if rule.sequence is not None:
        steps = []
        for step in rule.sequence.steps:
            dumped = _dump_actions(step.actions)
            if step.delay_ms is not None:
                dumped["delay"] = step.delay_ms
            steps.append(dumped)
        actions["sequence"] = {"repeat": rule.sequence.repeat, "actions": steps}
    result["actions"] = actions
    if rule.boot_delay_s is not None:
        result["bootDelay"] = rule.boot_delay_s
    if rule.enabled is not None:
        result["enabled"] = rule.enabled
    return result


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def dump_pab(pab: Pab) -> dict[str, Any]:
    """The PAB as NETIO JSON."""
    result: dict[str, Any] = {"type": pab.type.value}
    match pab:
        case RangePab():
            result |= {
                "source": pab.source.key,
                "lowerBound": _number(pab.lower_bound),
                "upperBound": _number(pab.upper_bound),
                "timeHysteresis": pab.time_hysteresis_s,
            }
        case ZonesPab():
            result |= {
                "source": pab.source.key,
                "thresholds": [_number(item) for item in pab.thresholds],
                "timeHysteresis": pab.time_hysteresis_s,
            }
        case DaylightPab():
            result |= {"latitude": pab.latitude, "longitude": pab.longitude}
            if pab.altitude is not None:
                result["altitude"] = _number(pab.altitude)
    if pab.enabled is not None:
        result["enabled"] = pab.enabled
    return result


def dump_watchdog(watchdog: Watchdog) -> dict[str, Any]:
    """The watchdog as NETIO JSON."""
    result: dict[str, Any] = {
        "target": watchdog.target,
        "pingInterval": watchdog.ping_interval_s,
        "timeout": watchdog.timeout_s,
        "maxTimeouts": watchdog.max_timeouts,
        "timeToReboot": watchdog.time_to_reboot_s,
        "maxRestarts": watchdog.max_restarts,
    }
    if watchdog.start_delay_s is not None:
        result["startDelay"] = watchdog.start_delay_s
    if watchdog.enabled is not None:
        result["enabled"] = watchdog.enabled
    return result


def format_time(seconds: int) -> str:
    """Seconds from midnight as NETIO writes them: `HH:MM`, or `HH:MM:SS` when needed."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02}:{minutes:02}" + (f":{secs:02}" if secs else "")


def dump_schedule(schedule: Schedule) -> dict[str, Any]:
    """The schedule as NETIO JSON (every day written, empty days as [])."""
    result: dict[str, Any] = {
        day: [[format_time(item.start_s), format_time(item.end_s)] for item in intervals]
        for day, intervals in schedule.days
    }
    if schedule.id is not None:
        result["id"] = schedule.id
    if schedule.enabled is not None:
        result["enabled"] = schedule.enabled
    return result


def dump_document(document: RuleDocument) -> dict[str, Any]:
    """The document as named objects (sections without objects left out)."""
    result: dict[str, Any] = {}
    if document.rules:
        result["rules"] = {name: dump_rule(rule) for name, rule in document.rules.items()}
    if document.pabs:
        result["pabs"] = {name: dump_pab(pab) for name, pab in document.pabs.items()}
    if document.watchdogs:
        result["watchdogs"] = {
            name: dump_watchdog(watchdog) for name, watchdog in document.watchdogs.items()
        }
    if document.schedules:
        result["schedules"] = {
            name: dump_schedule(schedule) for name, schedule in document.schedules.items()
        }
    return result
