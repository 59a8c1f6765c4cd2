"""NETIO rules → Home Assistant automation configurations, with the device's semantics.

HA-free: it reads a parsed `RuleDocument` and the device's entities (`DeviceEntities`) and
returns plain dicts in the automation editor's format, plus, per rule, what could not be
translated and why (`Note`s whose codes the integration translates).

How the device's semantics are kept (the rules page, the project's engine notes):
- A rule acts on a *change* of its combined condition. One state-like condition becomes a state
  trigger `from` the opposite `to` the value (changes through unavailable do not count). Anything
  else becomes one template trigger on the combined expression (AND/OR, OR when not given):
  Home Assistant's template trigger fires when the expression turns true after being false,
  which is the device's edge, also for a second OR member turning on (no second firing), and a
  condition already true when the automation starts does not fire it. Members read their
  entities with `| bool` / `| float`, which fail while an entity is unavailable, so an outage
  does not count as a change.
- `${COND_RESULT}` actions run on both changes: a second trigger (id `false`) for the opposite
  change, and a `choose` on the trigger id (1 → on / raised, 0 → off / cleared).
- Filters are conditions (always AND), evaluated at the change, for both changes.
- PAB RANGE: `lowerBound <= value <= upperBound` on our power (W) or current (A; NETIO's mA
  divided by 1000) sensors, held `timeHysteresis` s (the trigger's `for`). ZONES: the number of
  thresholds the value reaches, held `timeHysteresis` s. DAYLIGHT: sunrise/sunset triggers or
  `sun.sun` above the horizon, computed at Home Assistant's home (a warning when the PAB's place
  is elsewhere).
- `WDT/<name>/FAIL` → a state trigger on the problem sensor of the "only announce" watchdog
  the import creates (`watchdogs.py`): that sensor is NETIO's FAIL, re-armed after
  `timeToReboot` as often as `maxRestarts` allows, so the rule fires as often as on the device.
- SCHEDULE filters → a state condition on a schedule helper; SYSTEM/DEVICE_POWER_UP → the
  integration's `netio_device_power_up` event; `bootDelay` → a condition on the device's boot
  time sensor.
- Actions 0/1 → switch.turn_off/turn_on, 2/3 → netio.short_off/short_on, 4 → netio.toggle (the
  device inverts its own state, as a NETIO rule does, not Home Assistant's last reading), 5 → no
  step (a warning says so); on a critical output the integration's confirmation is given (the
  rule is the user's explicit wish), `switch.turn_off` then becomes netio.set_outputs with
  `confirm`.
  `CLOUD/OUTPUT/<n>/ALARM` → a persistent notification per output: 1 (raised) creates it,
  0 (cleared) dismisses it.
- `sequence` → `repeat` (`count`, or `while` true until the automation is turned off, which
  stops running actions); every `delay` rounded up to whole 100 ms. The one-time actions come
  first, then the sequence, at the same moment. A rule with a sequence runs in mode `restart`
  (a new change to true starts the sequence over, as on the device); other rules `queued`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
import json
from typing import Any, Final

from ..client.rules import (
    Action,
    ActionTarget,
    Condition,
    DaylightPab,
    Operator,
    Pab,
    RangePab,
    Rule,
    RuleDocument,
    SourceKind,
    Step,
    Variable,
    ZonesPab,
)
from .model import (
    BLUEPRINT_FOLDER,
    POWER_UP_EVENT,
    DeviceEntities,
    Note,
    RuleTranslation,
    automation_id,
)

TRUE_ID: Final = "true"
KEY_SEPARATOR: Final = " | "
FALSE_ID: Final = "false"
SUN_ENTITY: Final = "sun.sun"
# A DAYLIGHT PAB this far (degrees) from Home Assistant's home sees another sunrise.
HOME_TOLERANCE_DEG: Final = 0.5
DEFAULT_TEXTS: Final = {
    "alarm_title": "NETIO alarm: output {output}",
    "alarm_message": "Rule {rule} raised the alarm of output {output}.",
    "description": "NETIO rule {rule} of {device}, imported from the device.",
}

BLUEPRINT_PUSH_BUTTON: Final = f"{BLUEPRINT_FOLDER}/push_button_toggle.yaml"
BLUEPRINT_LOAD_WATCHDOG: Final = f"{BLUEPRINT_FOLDER}/load_watchdog.yaml"
BLUEPRINT_DAYLIGHT: Final = f"{BLUEPRINT_FOLDER}/daylight_on_off.yaml"
BLUEPRINT_POWER_UP: Final = f"{BLUEPRINT_FOLDER}/after_power_up.yaml"
BLUEPRINT_REPEAT: Final = f"{BLUEPRINT_FOLDER}/repeat_sequence.yaml"

ACTION_NAMES: Final = {0: "off", 1: "on", 2: "short_off", 3: "short_on", 4: "toggle"}


class Untranslatable(Exception):  # noqa: N818 - a signal inside the translator, not an error
    """A part of a rule that has no Home Assistant equivalent (yet)."""

    def __init__(self, code: str, **placeholders: object) -> None:
        """Keep the note."""
        super().__init__(code)
        self.note = Note(code, {key: str(value) for key, value in placeholders.items()})


@dataclass(frozen=True, slots=True)
class _Member:
    """One condition: a Jinja expression and, when it has one, a native trigger per change."""

    expression: str | None
    hysteresis_s: int = 0
    hold_false: bool = False
    """The change to false is held too (a ZONES PAB's zone changes only after the hysteresis)."""
    on_true: dict[str, Any] | None = None
    on_false: dict[str, Any] | None = None


def _quote(text: str) -> str:
    return json.dumps(text)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _state_member(entity_id: str, *, on: bool) -> _Member:
    value = f"(states({_quote(entity_id)}) | bool)"
    return _Member(
        expression=value if on else f"not {value}",
        on_true={
            "trigger": "state",
            "entity_id": entity_id,
            "from": "off" if on else "on",
            "to": "on" if on else "off",
        },
        on_false={
            "trigger": "state",
            "entity_id": entity_id,
            "from": "on" if on else "off",
            "to": "off" if on else "on",
        },
    )


class Translator:
    """Translates the rules of one document for one device."""

    def __init__(
        self,
        document: RuleDocument,
        entities: DeviceEntities,
        texts: Mapping[str, str] | None = None,
        *,
        use_blueprints: bool = True,
    ) -> None:
        """Keep what every rule needs."""
        self.document = document
        self.entities = entities
        self.texts = {**DEFAULT_TEXTS, **(texts or {})}
        self.use_blueprints = use_blueprints

    # --- entities -----------------------------------------------------------------------------

    def switch(self, output: int) -> str:
        """The switch of an output; the device must have it."""
        if output not in self.entities.switches:
            raise Untranslatable("unknown_output", output=output)
        return self.entities.switches[output]

    def _source_entity(self, pab: RangePab | ZonesPab) -> tuple[str, float, bool]:
        """The sensor a PAB reads, the factor from NETIO's unit to ours, and if it is binary."""
        source = pab.source
        kind, number = source.kind, source.number
        table: dict[SourceKind, tuple[Mapping[int, str] | None, str | None, float]] = {
            SourceKind.OUTPUT_LOAD: (self.entities.power, None, 1.0),
            SourceKind.OUTPUT_POWER: (self.entities.power, None, 1.0),
            SourceKind.OUTPUT_CURRENT: (self.entities.current, None, 0.001),
            SourceKind.TOTAL_LOAD: (None, self.entities.total_power, 1.0),
            SourceKind.TOTAL_POWER: (None, self.entities.total_power, 1.0),
            SourceKind.TOTAL_CURRENT: (None, self.entities.total_current, 0.001),
        }
        if kind is SourceKind.INPUT_STATE:
            if number not in self.entities.inputs:
                raise Untranslatable("unknown_input", input=number)
            return self.entities.inputs[int(str(number))], 1.0, True
        if kind not in table:
            raise Untranslatable("source_without_entity", pab=pab.name, source=source.key)
        per_output, total, factor = table[kind]
        entity = per_output.get(int(str(number))) if per_output is not None else total
        if entity is None:
            raise Untranslatable("source_without_entity", pab=pab.name, source=source.key)
        return entity, factor, False

    def _value(self, pab: RangePab | ZonesPab) -> tuple[str, float]:
        entity, factor, binary = self._source_entity(pab)
        if binary:
            return f"(1 if (states({_quote(entity)}) | bool) else 0)", factor
        return f"(states({_quote(entity)}) | float)", factor

    def pab(self, name: str | None) -> Pab:
        """A PAB of the document (the parser checked it exists)."""
        return self.document.pabs[str(name)]

    # --- conditions ---------------------------------------------------------------------------

    def member(  # noqa: C901, PLR0911 - one case per NETIO variable
        self, condition: Condition, notes: list[Note]
    ) -> _Member:
        """One condition as an expression and, where possible, native triggers."""
        match condition.variable:
            case Variable.OUTPUT_STATE:
                return _state_member(
                    self.switch(int(str(condition.number))), on=bool(condition.value)
                )
            case Variable.INPUT_STATE:
                number = int(str(condition.number))
                if number not in self.entities.inputs:
                    raise Untranslatable("unknown_input", input=number)
                return _state_member(self.entities.inputs[number], on=bool(condition.value))
            case Variable.PAB_IN:
                return self._range(condition, notes)
            case Variable.PAB_ZONE:
                return self._zone(condition)
            case Variable.PAB_DAY:
                return self._daylight(condition, notes)
            case Variable.DEVICE_POWER_UP:
                if not condition.value:
                    raise Untranslatable("power_up_false")
                return _Member(
                    expression=None,
                    on_true={
                        "trigger": "event",
                        "event_type": POWER_UP_EVENT,
                        "event_data": {"device_id": self.entities.device_id},
                    },
                )
            case Variable.WDT_FAIL:
                # The announcing watchdog's problem sensor is NETIO's FAIL (watchdogs.py).
                watchdog = self.document.watchdogs.get(str(condition.name))
                if watchdog is not None and watchdog.enabled is False:
                    notes.append(Note("watchdog_disabled_on_device", {"watchdog": watchdog.name}))
                if condition.name in self.entities.watchdogs:
                    return _state_member(
                        self.entities.watchdogs[str(condition.name)], on=bool(condition.value)
                    )
                raise Untranslatable("watchdog_not_available", watchdog=condition.name)
            case _:  # pragma: no cover - the parser admits no other condition
                raise Untranslatable("unknown_condition", condition=condition.key)

    def _range(self, condition: Condition, notes: list[Note]) -> _Member:
        pab = self.pab(condition.name)
        assert isinstance(pab, RangePab)  # noqa: S101 - the parser checked the type
        value, factor = self._value(pab)
        inside = (
            f"({_number(pab.lower_bound * factor)} <= {value} <= "
            f"{_number(pab.upper_bound * factor)})"
        )
        if not condition.value and pab.time_hysteresis_s:
            notes.append(Note("negated_hysteresis", {"pab": pab.name}))
        return _Member(
            expression=inside if condition.value else f"not {inside}",
            hysteresis_s=pab.time_hysteresis_s if condition.value else 0,
        )

    def _zone(self, condition: Condition) -> _Member:
        pab = self.pab(condition.name)
        assert isinstance(pab, ZonesPab)  # noqa: S101 - the parser checked the type
        value, factor = self._value(pab)
        thresholds = ", ".join(_number(item * factor) for item in pab.thresholds)
        zone = f"([{thresholds}] | select('le', {value}) | list | count)"
        return _Member(
            expression=f"({zone} == {condition.value})",
            hysteresis_s=pab.time_hysteresis_s,
            hold_false=True,
        )

    def _daylight(self, condition: Condition, notes: list[Note]) -> _Member:
        pab = self.pab(condition.name)
        assert isinstance(pab, DaylightPab)  # noqa: S101 - the parser checked the type
        home = self.entities.home
        if home is None or (
            abs(home[0] - pab.latitude) > HOME_TOLERANCE_DEG
            or abs(home[1] - pab.longitude) > HOME_TOLERANCE_DEG
        ):
            notes.append(
                Note(
                    "daylight_elsewhere",
                    {
                        "pab": pab.name,
                        "latitude": str(pab.latitude),
                        "longitude": str(pab.longitude),
                    },
                )
            )
        above = f"is_state({_quote(SUN_ENTITY)}, 'above_horizon')"
        sunrise = {"trigger": "sun", "event": "sunrise"}
        sunset = {"trigger": "sun", "event": "sunset"}
        return _Member(
            expression=above if condition.value else f"not {above}",
            on_true=sunrise if condition.value else sunset,
            on_false=sunset if condition.value else sunrise,
        )

    def triggers(self, rule: Rule, both: bool, notes: list[Note]) -> list[dict[str, Any]]:
        """The triggers of the combined condition's change to true (and to false if `both`)."""
        members = [self.member(condition, notes) for condition in rule.conditions]
        # The NETIO keys, in member order: readable in the editor, and the exporter's map back.
        alias = KEY_SEPARATOR.join(condition.key for condition in rule.conditions)
        if len(members) == 1 and members[0].on_true is not None and not members[0].hysteresis_s:
            only = members[0]
            triggers: list[dict[str, Any]] = [{"alias": alias, **members[0].on_true, "id": TRUE_ID}]
            if both:
                if only.on_false is None:
                    raise Untranslatable("cond_result_without_false")
                triggers.append({"alias": alias, **only.on_false, "id": FALSE_ID})
            return triggers
        if any(member.expression is None for member in members):
            raise Untranslatable("power_up_combined")
        if len(members) > 1 and any(member.hysteresis_s for member in members):
            raise Untranslatable("hysteresis_combined")
        joiner = " and " if rule.effective_operator is Operator.AND else " or "
        combined = joiner.join(str(member.expression) for member in members)
        true_trigger: dict[str, Any] = {
            "alias": alias,
            "trigger": "template",
            "value_template": f"{{{{ {combined} }}}}",
            "id": TRUE_ID,
        }
        if members[0].hysteresis_s:
            true_trigger["for"] = {"seconds": members[0].hysteresis_s}
        triggers = [true_trigger]
        if both:
            false_trigger: dict[str, Any] = {
                "alias": alias,
                "trigger": "template",
                "value_template": f"{{{{ not ({combined}) }}}}",
                "id": FALSE_ID,
            }
            if members[0].hysteresis_s and members[0].hold_false:
                false_trigger["for"] = {"seconds": members[0].hysteresis_s}
            triggers.append(false_trigger)
        return triggers

    def conditions(self, rule: Rule, schedules: list[str]) -> list[dict[str, Any]]:
        """Filters and the boot delay as conditions."""
        result: list[dict[str, Any]] = []
        for item in rule.filters:
            state = "on" if item.value else "off"
            match item.variable:
                case Variable.SCHEDULE_ACTIVE:
                    entity = self.entities.schedules.get(str(item.name))
                    if entity is None:
                        raise Untranslatable("schedule_not_available", schedule=item.name)
                    schedules.append(str(item.name))
                case Variable.OUTPUT_STATE:
                    entity = self.switch(int(str(item.number)))
                case _:
                    number = int(str(item.number))
                    if number not in self.entities.inputs:
                        raise Untranslatable("unknown_input", input=number)
                    entity = self.entities.inputs[number]
            result.append({"condition": "state", "entity_id": entity, "state": state})
        if rule.boot_delay_s and not _is_power_up(rule):
            if self.entities.last_boot is None:
                raise Untranslatable("boot_delay_without_sensor")
            boot = f"states({_quote(self.entities.last_boot)})"
            result.append(
                {
                    "condition": "template",
                    "value_template": (
                        f"{{{{ (now() - ({boot} | as_datetime)).total_seconds() "
                        f">= {rule.boot_delay_s} }}}}"
                    ),
                }
            )
        return result

    # --- actions ------------------------------------------------------------------------------

    def action(self, rule: Rule, action: Action, result: int | None) -> list[dict[str, Any]]:
        """One NETIO action as steps; `result` is the condition's result for COND_RESULT."""
        value = result if action.uses_cond_result else action.value
        assert isinstance(value, int)  # noqa: S101 - COND_RESULT actions get a result
        if action.target is ActionTarget.CLOUD_ALARM:
            notification_id = f"netio_{self.entities.serial}_alarm_{action.output}"
            if not value:
                return [
                    {
                        "action": "persistent_notification.dismiss",
                        "data": {"notification_id": notification_id},
                    }
                ]
            placeholders = {"output": str(action.output), "rule": rule.name}
            return [
                {
                    "action": "persistent_notification.create",
                    "data": {
                        "notification_id": notification_id,
                        "title": self.texts["alarm_title"].format(**placeholders),
                        "message": self.texts["alarm_message"].format(**placeholders),
                    },
                }
            ]
        switch = self.switch(action.output)
        critical = action.output in self.entities.critical_outputs
        match value:
            case 0 if critical:
                return [
                    {
                        "action": "netio.set_outputs",
                        "data": {
                            "device_id": self.entities.device_id,
                            "outputs": [{"output": action.output, "action": "off"}],
                            "confirm": True,
                        },
                    }
                ]
            case 0 | 1:
                service = "switch.turn_on" if value else "switch.turn_off"
                return [{"action": service, "target": {"entity_id": switch}}]
            case 2 | 3 | 4:
                step: dict[str, Any] = {
                    "action": f"netio.{ACTION_NAMES[value]}",
                    "target": {"entity_id": switch},
                }
                if critical:
                    step["data"] = {"confirm": True}
                return [step]
            case _:
                return []

    def actions(self, rule: Rule, actions: Iterable[Action], result: int | None) -> list[Any]:
        """Several actions, in document order."""
        return [step for action in actions for step in self.action(rule, action, result)]

    def sequence(self, rule: Rule) -> dict[str, Any] | None:
        """The rule's sequence as a `repeat`."""
        if rule.sequence is None:
            return None
        steps: list[dict[str, Any]] = []
        for step in rule.sequence.steps:
            steps.extend(self.actions(rule, step.actions, 1))
            if step.effective_delay_ms:
                steps.append({"delay": {"milliseconds": step.effective_delay_ms}})
        if rule.sequence.endless:
            return {
                "repeat": {
                    "while": [{"condition": "template", "value_template": "{{ true }}"}],
                    "sequence": steps,
                }
            }
        return {"repeat": {"count": int(rule.sequence.repeat), "sequence": steps}}

    # --- whole rules --------------------------------------------------------------------------

    def translate(self, rule: Rule) -> RuleTranslation:
        """One rule; never raises for what Home Assistant cannot do (that goes in the notes)."""
        translation = RuleTranslation(rule=rule.name)
        if rule.is_enabled:
            translation.warnings.append(Note("enabled_on_device", {"rule": rule.name}))
        try:
            config = self._automation(rule, translation)
        except Untranslatable as err:
            translation.untranslatable.append(err.note)
            return translation
        translation.automation = config
        return translation

    def _automation(self, rule: Rule, translation: RuleTranslation) -> dict[str, Any]:
        for action in rule.actions:
            if action.target is ActionTarget.OUTPUT and action.value == 5:  # noqa: PLR2004
                # NETIO's placeholder does nothing, and neither does its translation: a warning.
                translation.warnings.append(Note("action_nothing", {"output": str(action.output)}))
        header = {
            "id": automation_id(self.entities.serial, rule.name),
            "alias": rule.name,
            "description": self.texts["description"].format(
                rule=rule.name, device=self.entities.name
            ),
        }
        if self.use_blueprints and (blueprint := self._blueprint(rule)) is not None:
            path, inputs = blueprint
            if path in self.entities.blueprints:
                translation.blueprint = path
                return {**header, "use_blueprint": {"path": path, "input": inputs}}
        both = any(action.uses_cond_result for action in rule.actions)
        triggers = self.triggers(rule, both, translation.warnings)
        conditions = self.conditions(rule, translation.schedules)
        fixed = [action for action in rule.actions if not action.uses_cond_result]
        on_true = self.actions(rule, rule.actions, 1)
        if rule.boot_delay_s and _is_power_up(rule):
            # The device holds its rules for bootDelay after booting, then sees the power-up:
            # wait out what is left of it (the event carries the uptime at which it was seen).
            on_true.insert(
                0,
                {
                    "delay": (
                        f"{{{{ [0, {rule.boot_delay_s} - trigger.event.data.uptime_s] | max }}}}"
                    )
                },
            )
        if (sequence := self.sequence(rule)) is not None:
            on_true.append(sequence)
        actions: list[dict[str, Any]] = on_true
        if both:
            on_false = self.actions(
                rule, [action for action in rule.actions if action not in fixed], 0
            )
            actions = [
                {
                    "choose": [
                        {
                            "conditions": [{"condition": "trigger", "id": TRUE_ID}],
                            "sequence": on_true,
                        }
                    ],
                    "default": on_false,
                }
            ]
        return {
            **header,
            "mode": "restart" if rule.sequence is not None else "queued",
            "triggers": triggers,
            "conditions": conditions,
            "actions": actions,
        }

    # --- blueprints ---------------------------------------------------------------------------

    def _plain(self, rule: Rule) -> bool:
        return (
            len(rule.conditions) == 1
            and not rule.filters
            and not rule.boot_delay_s
            and all(action.target is ActionTarget.OUTPUT for action in rule.actions)
        )

    def _same_action(self, rule: Rule) -> tuple[list[str], int] | None:
        """The outputs' switches and the one action code they all get, if so."""
        codes = {action.value for action in rule.actions}
        if len(codes) != 1 or rule.sequence is not None or not rule.actions:
            return None
        (code,) = codes
        if not isinstance(code, int) or code not in ACTION_NAMES:
            return None
        critical = any(action.output in self.entities.critical_outputs for action in rule.actions)
        if critical:
            return None
        return [self.switch(action.output) for action in rule.actions], code

    def _blueprint(  # noqa: PLR0911 - one return per blueprint
        self, rule: Rule
    ) -> tuple[str, dict[str, Any]] | None:
        """The blueprint this rule is an instance of, with its inputs."""
        if not self._plain(rule):
            return None
        condition = rule.conditions[0]
        if rule.sequence is not None:
            return self._repeat_blueprint(rule, condition)
        same = self._same_action(rule)
        if same is not None:
            switches, code = same
            if (
                condition.variable is Variable.INPUT_STATE
                and condition.value
                and code == 4  # noqa: PLR2004
                and condition.number in self.entities.inputs
            ):
                return BLUEPRINT_PUSH_BUTTON, {
                    "button": self.entities.inputs[int(str(condition.number))],
                    "outlets": switches,
                }
            if condition.variable is Variable.DEVICE_POWER_UP and condition.value:
                return BLUEPRINT_POWER_UP, {
                    "device": self.entities.device_id,
                    "outlets": switches,
                    "action": ACTION_NAMES[code],
                }
            if condition.variable is Variable.PAB_IN and condition.value:
                return self._load_blueprint(condition, switches, code)
        if (
            condition.variable is Variable.PAB_DAY
            and rule.actions
            and all(action.uses_cond_result for action in rule.actions)
            and not any(action.output in self.entities.critical_outputs for action in rule.actions)
        ):
            return BLUEPRINT_DAYLIGHT, {
                "outlets": [self.switch(action.output) for action in rule.actions],
                "on_at_night": not condition.value,
            }
        return None

    def _load_blueprint(
        self, condition: Condition, switches: list[str], code: int
    ) -> tuple[str, dict[str, Any]] | None:
        pab = self.pab(condition.name)
        if not isinstance(pab, RangePab) or pab.source.kind is SourceKind.INPUT_STATE:
            return None
        try:
            entity, factor, _ = self._source_entity(pab)
        except Untranslatable:
            return None
        return BLUEPRINT_LOAD_WATCHDOG, {
            "sensor": entity,
            "lower": pab.lower_bound * factor,
            "upper": pab.upper_bound * factor,
            "hysteresis": pab.time_hysteresis_s,
            "outlets": switches,
            "action": ACTION_NAMES[code],
        }

    def _repeat_blueprint(
        self, rule: Rule, condition: Condition
    ) -> tuple[str, dict[str, Any]] | None:
        """A state condition whose only action is a sequence: one output on, wait, off, wait."""
        sequence = rule.sequence
        if (
            sequence is None
            or rule.actions
            or condition.variable not in (Variable.INPUT_STATE, Variable.OUTPUT_STATE)
            or not _is_pulse_pair(sequence.steps)
        ):
            return None
        output = sequence.steps[0].actions[0].output
        if output in self.entities.critical_outputs:
            return None
        number = int(str(condition.number))
        trigger_entity = (
            self.entities.inputs.get(number)
            if condition.variable is Variable.INPUT_STATE
            else self.entities.switches.get(number)
        )
        if trigger_entity is None:
            return None
        return BLUEPRINT_REPEAT, {
            "trigger_entity": trigger_entity,
            "trigger_state": "on" if condition.value else "off",
            "outlet": self.switch(output),
            "on_time": sequence.steps[0].effective_delay_ms,
            "off_time": sequence.steps[1].effective_delay_ms,
            "repeat": 0 if sequence.endless else int(sequence.repeat),
        }

    def translate_all(self) -> list[RuleTranslation]:
        """Every rule of the document, in its order."""
        return [self.translate(rule) for rule in self.document.rules.values()]


def _is_power_up(rule: Rule) -> bool:
    return any(condition.variable is Variable.DEVICE_POWER_UP for condition in rule.conditions)


def _is_pulse_pair(steps: tuple[Step, ...]) -> bool:
    if len(steps) != 2:  # noqa: PLR2004
        return False
    first, second = steps
    return (
        len(first.actions) == 1
        and len(second.actions) == 1
        and first.actions[0].target is ActionTarget.OUTPUT
        and first.actions[0].output == second.actions[0].output
        and second.actions[0].target is ActionTarget.OUTPUT
        and (first.actions[0].value, second.actions[0].value) == (1, 0)
    )


def device_problems(document: RuleDocument, entities: DeviceEntities) -> list[Note]:
    """Outputs and inputs the rules name that the device does not have (bad input)."""
    notes: list[Note] = []
    for rule in document.rules.values():
        outputs = {action.output for action in rule.actions}
        if rule.sequence is not None:
            outputs |= {a.output for step in rule.sequence.steps for a in step.actions}
        inputs: set[int] = set()
        for item in (*rule.conditions, *rule.filters):
            if item.variable is Variable.OUTPUT_STATE:
                outputs.add(int(str(item.number)))
            elif item.variable is Variable.INPUT_STATE:
                inputs.add(int(str(item.number)))
        notes.extend(
            Note("unknown_output", {"rule": rule.name, "output": str(number)})
            for number in sorted(outputs - set(entities.switches))
        )
        notes.extend(
            Note("unknown_input", {"rule": rule.name, "input": str(number)})
            for number in sorted(inputs - set(entities.inputs))
        )
    for pab in document.pabs.values():
        source = getattr(pab, "source", None)
        if source is not None and source.number is not None:
            known = entities.inputs if source.kind is SourceKind.INPUT_STATE else entities.switches
            if source.number not in known:
                key = "unknown_input" if source.kind is SourceKind.INPUT_STATE else "unknown_output"
                kind = "input" if key == "unknown_input" else "output"
                notes.append(Note(key, {"rule": pab.name, kind: str(source.number)}))
    return notes


def translate_document(
    document: RuleDocument,
    entities: DeviceEntities,
    texts: Mapping[str, str] | None = None,
    *,
    use_blueprints: bool = True,
) -> list[RuleTranslation]:
    """Translate every rule of a (problem-free) document for one device."""
    return Translator(document, entities, texts, use_blueprints=use_blueprints).translate_all()
