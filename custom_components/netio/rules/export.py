"""Home Assistant automations → NETIO rules, so logic can move onto the device; HA-free.

It reads the automations the translator writes (and instances of our blueprints), including
ones the user changed in the editor as long as they keep that shape: state, sun, event and
template triggers over our entities, state/template conditions, switch and NETIO actions,
notifications, `repeat` and `delay`. Anything else is refused with an `ExportError` naming it;
nothing is guessed. The trigger's alias (the NETIO keys the translator wrote) gives the PAB
names back; without it, PABs are named after the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
import json
import re
from typing import Any, Final

from ..client.rules import (
    COND_RESULT,
    Action,
    ActionTarget,
    ActionValue,
    Condition,
    DaylightPab,
    Operator,
    Pab,
    PabSource,
    RangePab,
    Rule,
    Sequence,
    SourceKind,
    Step,
    Variable,
    Watchdog,
    ZonesPab,
)
from .model import POWER_UP_EVENT, DeviceEntities
from .translate import (
    ACTION_NAMES,
    BLUEPRINT_DAYLIGHT,
    BLUEPRINT_LOAD_WATCHDOG,
    BLUEPRINT_POWER_UP,
    BLUEPRINT_PUSH_BUTTON,
    BLUEPRINT_REPEAT,
    FALSE_ID,
    KEY_SEPARATOR,
    SUN_ENTITY,
    TRUE_ID,
)

_CODES: Final = {name: code for code, name in ACTION_NAMES.items()}
_SERVICE_CODES: Final = {
    "switch.turn_off": 0,
    "switch.turn_on": 1,
    "netio.short_off": 2,
    "netio.short_on": 3,
    "netio.toggle": 4,
}
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?"
_STATE = re.compile(r'^(not )?\(states\("(?P<entity>[^"]+)"\) \| bool\)$')
_VALUE = (
    r'(?:\(states\("(?P<sensor>[^"]+)"\) \| float\)'
    r'|\(1 if \(states\("(?P<binary>[^"]+)"\) \| bool\) else 0\))'
)
_RANGE = re.compile(rf"^(not )?\((?P<lower>{_NUMBER}) <= {_VALUE} <= (?P<upper>{_NUMBER})\)$")
_ZONE = re.compile(
    rf"^\(\(\[(?P<thresholds>[^\]]*)\] \| select\('le', {_VALUE}\) \| list \| count\)"
    rf" == (?P<zone>[0-9]+)\)$"
)
_SUN = re.compile(rf"^(not )?is_state\({re.escape(json.dumps(SUN_ENTITY))}, 'above_horizon'\)$")
_BOOT = re.compile(
    r"^\{\{ \(now\(\) - \(states\(\"[^\"]+\"\) \| as_datetime\)\)"
    r"\.total_seconds\(\) >= (?P<seconds>[0-9]+) \}\}$"
)
_TEMPLATE = re.compile(r"^\{\{ (?P<body>.*) \}\}$", re.DOTALL)
_ALARM_ID = re.compile(r"^netio_.+_alarm_(?P<output>[0-9]+)$")
_ENDLESS = "{{ true }}"
_BOOT_WAIT = re.compile(
    r"^\{\{ \[0, (?P<seconds>[0-9]+) - trigger\.event\.data\.uptime_s\] \| max \}\}$"
)


class ExportError(Exception):
    """The automation has a part NETIO cannot run; `code` and `placeholders` say which."""

    def __init__(self, code: str, **placeholders: object) -> None:
        """Keep the translation key and its placeholders."""
        super().__init__(code)
        self.code = code
        self.placeholders = {key: str(value) for key, value in placeholders.items()}


@dataclass(slots=True, kw_only=True)
class Exported:
    """A rule and the objects it needs."""

    rule: Rule
    pabs: dict[str, Pab] = field(default_factory=dict)
    schedules: list[str] = field(default_factory=list)
    watchdogs: dict[str, Watchdog] = field(default_factory=dict)


def _entity_map(entities: DeviceEntities) -> dict[str, tuple[str, int]]:
    result: dict[str, tuple[str, int]] = {}
    for kind, mapping in (
        ("output", entities.switches),
        ("input", entities.inputs),
        ("power", entities.power),
        ("current", entities.current),
    ):
        for number, entity_id in mapping.items():
            result[entity_id] = (kind, number)
    if entities.total_power:
        result[entities.total_power] = ("total_power", 0)
    if entities.total_current:
        result[entities.total_current] = ("total_current", 0)
    return result


def _milliseconds(value: Any) -> int:
    """A Home Assistant delay in ms, from any of its forms."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 1000)
    if isinstance(value, Mapping):
        units = {"days": 86_400_000, "hours": 3_600_000, "minutes": 60_000, "seconds": 1000}
        units["milliseconds"] = 1
        if set(value) - set(units) or not all(
            isinstance(number, int | float) for number in value.values()
        ):
            raise ExportError("export_unsupported_delay", delay=value)
        return round(sum(float(value[key]) * units[key] for key in value))
    if isinstance(value, str) and (
        match := re.fullmatch(r"([0-9]+):([0-9]{2}):([0-9]{2}(?:\.[0-9]+)?)", value)
    ):
        delta = timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=float(match[3]))
        return round(delta.total_seconds() * 1000)
    raise ExportError("export_unsupported_delay", delay=value)


class Exporter:
    """Reads one automation of one device."""

    def __init__(self, entities: DeviceEntities) -> None:
        """Index the device's entities."""
        self.entities = entities
        self.by_entity = _entity_map(entities)
        self.schedule_names = {entity: name for name, entity in entities.schedules.items()}
        self.watchdog_names = {entity: name for name, entity in entities.watchdogs.items()}

    def _numbered(self, entity_id: str, kind: str) -> int:
        found = self.by_entity.get(entity_id)
        if found is None or found[0] != kind:
            raise ExportError("export_foreign_entity", entity=entity_id)
        return found[1]

    def _targets(self, step: Mapping[str, Any]) -> list[int]:
        target = step.get("target") or {}
        entity_ids = target.get("entity_id") if isinstance(target, Mapping) else None
        if isinstance(entity_ids, str):
            entity_ids = [entity_ids]
        if not isinstance(entity_ids, list) or not entity_ids or set(target) != {"entity_id"}:
            raise ExportError("export_unsupported_target", action=step.get("action"))
        return [self._numbered(str(entity_id), "output") for entity_id in entity_ids]

    # --- actions ------------------------------------------------------------------------------

    def action(self, step: Mapping[str, Any]) -> list[Action]:
        """NETIO actions of one Home Assistant step (a step may switch several outputs)."""
        service = step.get("action")
        if service in _SERVICE_CODES:
            code = _SERVICE_CODES[str(service)]
            data = step.get("data") or {}
            if set(data) - {"confirm"}:
                raise ExportError("export_unsupported_action", action=service)
            return [
                Action(target=ActionTarget.OUTPUT, output=output, value=code)
                for output in self._targets(step)
            ]
        if service == "netio.set_outputs":
            data = step.get("data") or {}
            actions = []
            for item in data.get("outputs", []):
                if item.get("action") not in _CODES or set(item) != {"output", "action"}:
                    raise ExportError("export_unsupported_action", action=service)
                value = _CODES[item["action"]]
                actions.append(
                    Action(target=ActionTarget.OUTPUT, output=int(item["output"]), value=value)
                )
            if data.get("device_id") != self.entities.device_id or not actions:
                raise ExportError("export_unsupported_action", action=service)
            return actions
        if service in ("persistent_notification.create", "persistent_notification.dismiss"):
            notification = str((step.get("data") or {}).get("notification_id", ""))
            if not (match := _ALARM_ID.fullmatch(notification)):
                raise ExportError("export_unsupported_action", action=service)
            value = 1 if service == "persistent_notification.create" else 0
            return [
                Action(target=ActionTarget.CLOUD_ALARM, output=int(match["output"]), value=value)
            ]
        raise ExportError("export_unsupported_action", action=service or next(iter(step), ""))

    def steps(self, steps: list[Any]) -> tuple[list[Action], Sequence | None]:
        """One-time actions, then at most one `repeat` (the sequence)."""
        actions: list[Action] = []
        sequence: Sequence | None = None
        for step in steps:
            if not isinstance(step, Mapping):
                raise ExportError("export_unsupported_action", action=step)
            if "repeat" in step:
                if sequence is not None:
                    raise ExportError("export_unsupported_action", action="repeat")
                sequence = self.repeat(step["repeat"])
            elif sequence is not None:
                raise ExportError("export_unsupported_action", action=step.get("action", ""))
            else:
                actions.extend(self.action(step))
        return actions, sequence

    def repeat(self, repeat: Mapping[str, Any]) -> Sequence:
        """A `repeat` as a NETIO sequence."""
        count: int | bool
        if "count" in repeat and isinstance(repeat["count"], int):
            count = repeat["count"]
        elif repeat.get("while") == [{"condition": "template", "value_template": _ENDLESS}]:
            count = True
        else:
            raise ExportError("export_unsupported_action", action="repeat")
        steps: list[Step] = []
        pending: list[Action] = []
        for step in repeat.get("sequence", []):
            if isinstance(step, Mapping) and "delay" in step:
                steps.append(Step(actions=tuple(pending), delay_ms=_milliseconds(step["delay"])))
                pending = []
            else:
                pending.extend(self.action(step))
        if pending:
            steps.append(Step(actions=tuple(pending)))
        if not steps:
            raise ExportError("export_unsupported_action", action="repeat")
        return Sequence(repeat=count, steps=tuple(steps))

    # --- conditions ---------------------------------------------------------------------------

    def _pab_source(self, match: re.Match[str], factor_kind: str) -> tuple[PabSource, float]:
        del factor_kind
        if match["binary"]:
            return PabSource(
                kind=SourceKind.INPUT_STATE, number=self._numbered(match["binary"], "input")
            ), 1.0
        found = self.by_entity.get(match["sensor"])
        kinds = {
            "power": (SourceKind.OUTPUT_LOAD, 1.0),
            "current": (SourceKind.OUTPUT_CURRENT, 1000.0),
            "total_power": (SourceKind.TOTAL_LOAD, 1.0),
            "total_current": (SourceKind.TOTAL_CURRENT, 1000.0),
        }
        if found is None or found[0] not in kinds:
            raise ExportError("export_foreign_entity", entity=match["sensor"])
        kind, factor = kinds[found[0]]
        number = found[1] if kind in (SourceKind.OUTPUT_LOAD, SourceKind.OUTPUT_CURRENT) else None
        return PabSource(kind=kind, number=number), factor

    def member(
        self,
        text: str,
        key: str | None,
        *,
        hysteresis: int,
        fallback: str,
        pabs: dict[str, Pab],
    ) -> Condition:
        """One member expression of a template trigger."""
        name = key.split("/")[1] if key and key.startswith("PAB/") else fallback
        if match := _STATE.fullmatch(text):
            return self._state_condition(match["entity"], on=not match[1])
        if match := _RANGE.fullmatch(text):
            source, factor = self._pab_source(match, "range")
            pabs[name] = RangePab(
                name=name,
                source=source,
                lower_bound=_clean(float(match["lower"]) * factor),
                upper_bound=_clean(float(match["upper"]) * factor),
                time_hysteresis_s=hysteresis,
            )
            return Condition(variable=Variable.PAB_IN, name=name, value=not match[1])
        if match := _ZONE.fullmatch(text):
            source, factor = self._pab_source(match, "zones")
            thresholds = tuple(
                _clean(float(item) * factor) for item in match["thresholds"].split(",")
            )
            pabs[name] = ZonesPab(
                name=name, source=source, thresholds=thresholds, time_hysteresis_s=hysteresis
            )
            return Condition(variable=Variable.PAB_ZONE, name=name, value=int(match["zone"]))
        if match := _SUN.fullmatch(text):
            pabs[name] = self._daylight(name)
            return Condition(variable=Variable.PAB_DAY, name=name, value=not match[1])
        raise ExportError("export_unsupported_condition", condition=text)

    def _daylight(self, name: str) -> DaylightPab:
        latitude, longitude = self.entities.home or (0.0, 0.0)
        return DaylightPab(name=name, latitude=latitude, longitude=longitude)

    def _state_condition(self, entity_id: str, *, on: bool) -> Condition:
        if entity_id in self.watchdog_names:
            return Condition(
                variable=Variable.WDT_FAIL, name=self.watchdog_names[entity_id], value=on
            )
        kind, number = self.by_entity.get(entity_id, ("", 0))
        if kind == "output":
            return Condition(variable=Variable.OUTPUT_STATE, number=number, value=on)
        if kind == "input":
            return Condition(variable=Variable.INPUT_STATE, number=number, value=on)
        raise ExportError("export_foreign_entity", entity=entity_id)

    def triggers(
        self, triggers: list[Any], rule: str, pabs: dict[str, Pab]
    ) -> tuple[tuple[Condition, ...], Operator | None]:
        """The conditions (and operator) behind the trigger that fires on the change to true."""
        main = [
            trigger
            for trigger in triggers
            if isinstance(trigger, Mapping) and trigger.get("id", TRUE_ID) == TRUE_ID
        ]
        others = [t for t in triggers if t not in main]
        if len(main) != 1 or any(
            not isinstance(t, Mapping) or t.get("id") != FALSE_ID for t in others
        ):
            raise ExportError("export_unsupported_trigger", trigger=len(triggers))
        trigger = main[0]
        alias = str(trigger.get("alias", ""))
        keys = alias.split(KEY_SEPARATOR) if alias else []
        kind = trigger.get("trigger", trigger.get("platform"))
        if kind == "state":
            entity = trigger.get("entity_id")
            if isinstance(entity, list) and len(entity) == 1:
                entity = entity[0]
            if not isinstance(entity, str) or trigger.get("to") not in ("on", "off"):
                raise ExportError("export_unsupported_trigger", trigger=kind)
            return (self._state_condition(entity, on=trigger["to"] == "on"),), None
        if (
            kind == "sun"
            and trigger.get("event") in ("sunrise", "sunset")
            and not trigger.get("offset")
        ):
            name = keys[0].split("/")[1] if keys and keys[0].startswith("PAB/") else f"{rule}_1"
            pabs[name] = self._daylight(name)
            day = trigger["event"] == "sunrise"
            return (Condition(variable=Variable.PAB_DAY, name=name, value=day),), None
        if kind == "event" and trigger.get("event_type") == POWER_UP_EVENT:
            return (Condition(variable=Variable.DEVICE_POWER_UP, value=True),), None
        if kind == "template" and (
            match := _TEMPLATE.fullmatch(str(trigger.get("value_template", "")))
        ):
            return self._template(match["body"], keys, trigger.get("for"), rule, pabs)
        raise ExportError("export_unsupported_trigger", trigger=kind)

    def _template(
        self, body: str, keys: list[str], hold: Any, rule: str, pabs: dict[str, Pab]
    ) -> tuple[tuple[Condition, ...], Operator | None]:
        hysteresis = round(_milliseconds(hold) / 1000) if hold else 0
        ands, ors = body.split(" and "), body.split(" or ")
        if len(ands) > 1 and len(ors) > 1:
            raise ExportError("export_unsupported_condition", condition=body)
        parts, operator = (ands, Operator.AND) if len(ands) > 1 else (ors, Operator.OR)
        if len(keys) != len(parts):
            keys = [""] * len(parts)
        conditions = tuple(
            self.member(
                part.strip(),
                keys[index] or None,
                hysteresis=hysteresis,
                fallback=f"{rule}_{index + 1}",
                pabs=pabs,
            )
            for index, part in enumerate(parts)
        )
        return conditions, (operator if len(parts) > 1 else None)

    def conditions(
        self, conditions: list[Any], schedules: list[str]
    ) -> tuple[tuple[Condition, ...], int | None]:
        """Filters and the boot delay."""
        filters: list[Condition] = []
        boot_delay: int | None = None
        for item in conditions:
            if not isinstance(item, Mapping):
                raise ExportError("export_unsupported_condition", condition=item)
            if item.get("condition") == "template" and (
                match := _BOOT.fullmatch(str(item.get("value_template", "")))
            ):
                boot_delay = int(match["seconds"])
                continue
            entity = item.get("entity_id")
            if isinstance(entity, list) and len(entity) == 1:
                entity = entity[0]
            if item.get("condition") != "state" or item.get("state") not in ("on", "off"):
                raise ExportError("export_unsupported_condition", condition=item.get("condition"))
            on = item["state"] == "on"
            if entity in self.schedule_names:
                name = self.schedule_names[str(entity)]
                schedules.append(name)
                filters.append(Condition(variable=Variable.SCHEDULE_ACTIVE, name=name, value=on))
                continue
            condition = self._state_condition(str(entity), on=on)
            if condition.variable is Variable.WDT_FAIL:
                raise ExportError("export_unsupported_condition", condition=entity)
            filters.append(condition)
        return tuple(filters), boot_delay

    # --- whole automations --------------------------------------------------------------------

    def export(self, config: Mapping[str, Any]) -> Exported:
        """One automation as a NETIO rule."""
        name = str(config.get("alias") or config.get("id") or "rule")
        if "use_blueprint" in config:
            return self._blueprint(name, config["use_blueprint"])
        pabs: dict[str, Pab] = {}
        schedules: list[str] = []
        conditions, operator = self.triggers(list(config.get("triggers", [])), name, pabs)
        filters, boot_delay = self.conditions(list(config.get("conditions", [])), schedules)
        body = list(config.get("actions", []))
        cond_result: set[tuple[ActionTarget, int]] = set()
        if (
            len(body) == 1
            and isinstance(body[0], Mapping)
            and "choose" in body[0]
            and len(body[0]["choose"]) == 1
            and body[0]["choose"][0].get("conditions") == [{"condition": "trigger", "id": TRUE_ID}]
        ):
            false_actions, _ = self.steps(list(body[0].get("default", [])))
            cond_result = {(action.target, action.output) for action in false_actions}
            body = list(body[0]["choose"][0].get("sequence", []))
        if (
            body
            and isinstance(body[0], Mapping)
            and (match := _BOOT_WAIT.fullmatch(str(body[0].get("delay", ""))))
        ):
            boot_delay = int(match["seconds"])
            body = body[1:]
        actions, sequence = self.steps(body)
        final: list[Action] = []
        for action in actions:
            value: ActionValue = action.value
            if (action.target, action.output) in cond_result:
                value = COND_RESULT
            final.append(Action(target=action.target, output=action.output, value=value))
        rule = Rule(
            name=name,
            conditions=conditions,
            operator=operator,
            filters=filters,
            actions=tuple(final),
            sequence=sequence,
            boot_delay_s=boot_delay,
        )
        watchdogs = {
            str(c.name): self.entities.watchdog_definitions[str(c.name)]
            for c in conditions
            if c.variable is Variable.WDT_FAIL and str(c.name) in self.entities.watchdog_definitions
        }
        return Exported(rule=rule, pabs=pabs, schedules=schedules, watchdogs=watchdogs)

    def _outlets(self, inputs: Mapping[str, Any], key: str = "outlets") -> list[int]:
        value = inputs.get(key)
        entity_ids = [value] if isinstance(value, str) else list(value or [])
        if not entity_ids:
            raise ExportError("export_unsupported_blueprint_input", input=key)
        return [self._numbered(str(entity), "output") for entity in entity_ids]

    def _blueprint(self, name: str, use: Mapping[str, Any]) -> Exported:
        path = str(use.get("path", ""))
        inputs: Mapping[str, Any] = use.get("input") or {}

        def outputs(code: ActionValue) -> tuple[Action, ...]:
            return tuple(
                Action(target=ActionTarget.OUTPUT, output=output, value=code)
                for output in self._outlets(inputs)
            )

        def code_of(value: object) -> int:
            if value not in _CODES:
                raise ExportError("export_unsupported_blueprint_input", input="action")
            return _CODES[str(value)]

        pabs: dict[str, Pab] = {}
        if path == BLUEPRINT_PUSH_BUTTON:
            button = self._numbered(str(inputs.get("button")), "input")
            condition = Condition(variable=Variable.INPUT_STATE, number=button, value=True)
            return Exported(rule=Rule(name=name, conditions=(condition,), actions=outputs(4)))
        if path == BLUEPRINT_POWER_UP:
            if inputs.get("device") != self.entities.device_id:
                raise ExportError("export_other_device")
            condition = Condition(variable=Variable.DEVICE_POWER_UP, value=True)
            actions = outputs(code_of(inputs.get("action", "on")))
            return Exported(rule=Rule(name=name, conditions=(condition,), actions=actions))
        if path == BLUEPRINT_DAYLIGHT:
            pab = self._daylight(f"{name}_DAY")
            condition = Condition(
                variable=Variable.PAB_DAY, name=pab.name, value=not inputs.get("on_at_night")
            )
            rule = Rule(name=name, conditions=(condition,), actions=outputs(COND_RESULT))
            return Exported(rule=rule, pabs={pab.name: pab})
        if path == BLUEPRINT_LOAD_WATCHDOG:
            sensor = str(inputs.get("sensor"))
            fake = re.fullmatch(_VALUE, f'(states("{sensor}") | float)')
            assert fake is not None  # noqa: S101 - the pattern matches its own form
            source, factor = self._pab_source(fake, "range")
            pab_name = f"{name}_LOAD"
            pabs[pab_name] = RangePab(
                name=pab_name,
                source=source,
                lower_bound=_clean(float(inputs.get("lower", 0)) * factor),
                upper_bound=_clean(float(inputs.get("upper", 0)) * factor),
                time_hysteresis_s=int(inputs.get("hysteresis", 0)),
            )
            condition = Condition(variable=Variable.PAB_IN, name=pab_name, value=True)
            actions = outputs(code_of(inputs.get("action", "short_off")))
            return Exported(
                rule=Rule(name=name, conditions=(condition,), actions=actions), pabs=pabs
            )
        if path == BLUEPRINT_REPEAT:
            entity = str(inputs.get("trigger_entity"))
            condition = self._state_condition(entity, on=inputs.get("trigger_state", "on") == "on")
            (output,) = self._outlets(inputs, "outlet")
            count = int(inputs.get("repeat", 0))
            sequence = Sequence(
                repeat=count or True,
                steps=(
                    Step(
                        actions=(Action(target=ActionTarget.OUTPUT, output=output, value=1),),
                        delay_ms=int(inputs.get("on_time", 0)),
                    ),
                    Step(
                        actions=(Action(target=ActionTarget.OUTPUT, output=output, value=0),),
                        delay_ms=int(inputs.get("off_time", 0)),
                    ),
                ),
            )
            return Exported(rule=Rule(name=name, conditions=(condition,), sequence=sequence))
        raise ExportError("export_unsupported_blueprint", blueprint=path)


def _clean(value: float) -> float:
    """Undo float noise from unit conversion (0.001 * 1000)."""
    return round(value, 6)


def export_automation(config: Mapping[str, Any], entities: DeviceEntities) -> Exported:
    """One automation of a device as a NETIO rule; `ExportError` names what NETIO cannot run."""
    return Exporter(entities).export(config)
