"""Translator and exporter: every rule form becomes a valid automation and comes back the same."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from homeassistant.components.automation.config import async_validate_config_item
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
import pytest

from custom_components.netio.client.rules import (
    COND_RESULT,
    Operator,
    Rule,
    Sequence,
    Step,
    parse_document,
    parse_watchdog,
)
from custom_components.netio.rules.export import ExportError, export_automation
from custom_components.netio.rules.model import DeviceEntities, automation_id
from custom_components.netio.rules.translate import (
    BLUEPRINT_DAYLIGHT,
    BLUEPRINT_LOAD_WATCHDOG,
    BLUEPRINT_POWER_UP,
    BLUEPRINT_PUSH_BUTTON,
    BLUEPRINT_REPEAT,
    device_problems,
    translate_document,
)
from custom_components.netio.rules.watchdogs import subentry_data, watchdog_from_subentry

ROUTER = {
    "target": "192.0.2.1",
    "pingInterval": 60,
    "timeout": 5,
    "maxTimeouts": 0,
    "timeToReboot": 120,
    "maxRestarts": -1,
}

ENTITIES = DeviceEntities(
    serial="24A42C390001",
    device_id="dev1",
    name="PowerDIN",
    switches={n: f"switch.out_{n}" for n in range(1, 5)},
    power={n: f"sensor.out_{n}_power" for n in range(1, 5)},
    current={n: f"sensor.out_{n}_current" for n in range(1, 5)},
    inputs={1: "binary_sensor.in_1", 2: "binary_sensor.in_2"},
    total_power="sensor.total_power",
    total_current="sensor.total_current",
    last_boot="sensor.last_boot",
    critical_outputs=frozenset({4}),
    home=(50.0, 14.4),
    schedules={"Work": "schedule.netio_work", "Always": "schedule.netio_always"},
    watchdogs={"ROUTER": "binary_sensor.router_netio_router"},
    # What the import stores for ROUTER, read back as the export does.
    watchdog_definitions={
        "ROUTER": watchdog_from_subentry(
            "ROUTER", subentry_data(parse_watchdog("ROUTER", ROUTER), output=1)
        )
    },
    blueprints=frozenset(
        {
            BLUEPRINT_PUSH_BUTTON,
            BLUEPRINT_LOAD_WATCHDOG,
            BLUEPRINT_DAYLIGHT,
            BLUEPRINT_POWER_UP,
            BLUEPRINT_REPEAT,
        }
    ),
)

PABS = {
    "LOAD": {
        "type": "RANGE",
        "source": "OUTPUTS/1/LOAD",
        "lowerBound": 1,
        "upperBound": 20,
        "timeHysteresis": 120,
    },
    "AMPS": {"type": "RANGE", "source": "TOTAL/CURRENT", "lowerBound": 0, "upperBound": 500},
    "ZONE": {"type": "ZONES", "source": "OUTPUTS/2/CURRENT", "thresholds": [50, 100, 150]},
    "SLOWZONE": {
        "type": "ZONES",
        "source": "TOTAL/LOAD",
        "thresholds": [100, 200],
        "timeHysteresis": 10,
    },
    "SUN": {"type": "DAYLIGHT", "latitude": "50.0N", "longitude": "14.4E"},
    "DI": {"type": "RANGE", "source": "INPUTS/1/STATE", "lowerBound": 1, "upperBound": 1},
}

RULES: dict[str, dict[str, Any]] = {
    "button": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/1/ACTION": 4}},
    "button_off": {
        "conditions": {"INPUTS/2/STATE": "off"},
        "actions": {"OUTPUTS/1/ACTION": 1, "OUTPUTS/2/ACTION": 0},
    },
    "or_default": {
        "conditions": {"INPUTS/1/STATE": "on", "OUTPUTS/3/STATE": "on"},
        "actions": {"OUTPUTS/2/ACTION": 2},
    },
    "and": {
        "conditions": {"INPUTS/1/STATE": "on", "INPUTS/2/STATE": "on", "operator": "AND"},
        "actions": {"OUTPUTS/2/ACTION": 3, "OUTPUTS/4/ACTION": 0},
    },
    "filters": {
        "conditions": {"INPUTS/1/STATE": "on"},
        "filters": {
            "SCHEDULE/Work/ACTIVE": True,
            "OUTPUTS/3/STATE": "on",
            "INPUTS/2/STATE": "off",
        },
        "actions": {"OUTPUTS/1/ACTION": 1},
        "bootDelay": 60,
    },
    "cond_result": {
        "conditions": {"PAB/AMPS/IN": True, "OUTPUTS/1/STATE": "off", "operator": "OR"},
        "actions": {
            "OUTPUTS/2/ACTION": COND_RESULT,
            "CLOUD/OUTPUT/2/ALARM": COND_RESULT,
            "OUTPUTS/3/ACTION": 4,
            "CLOUD/OUTPUT/1/ALARM": 1,
        },
    },
    "load": {"conditions": {"PAB/LOAD/IN": True}, "actions": {"OUTPUTS/1/ACTION": 2}},
    "load_out": {"conditions": {"PAB/LOAD/IN": False}, "actions": {"CLOUD/OUTPUT/1/ALARM": 0}},
    "zone": {"conditions": {"PAB/ZONE/ZONE": 2}, "actions": {"OUTPUTS/3/ACTION": 0}},
    "slow_zone": {"conditions": {"PAB/SLOWZONE/ZONE": 0}, "actions": {"OUTPUTS/4/ACTION": 2}},
    "digital_range": {"conditions": {"PAB/DI/IN": True}, "actions": {"OUTPUTS/1/ACTION": 1}},
    "day": {"conditions": {"PAB/SUN/DAY": True}, "actions": {"OUTPUTS/3/ACTION": COND_RESULT}},
    "night_alarm": {"conditions": {"PAB/SUN/DAY": False}, "actions": {"CLOUD/OUTPUT/3/ALARM": 1}},
    "day_and": {
        "conditions": {"PAB/SUN/DAY": True, "INPUTS/1/STATE": "on", "operator": "AND"},
        "actions": {"OUTPUTS/3/ACTION": 1},
    },
    "power_up": {
        "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
        "actions": {"OUTPUTS/2/ACTION": 1},
    },
    "power_up_delayed": {
        "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
        "actions": {"OUTPUTS/2/ACTION": 1},
        "bootDelay": 20,
    },
    "zone_result": {
        "conditions": {"PAB/SLOWZONE/ZONE": 1},
        "actions": {"OUTPUTS/3/ACTION": COND_RESULT},
    },
    "power_up_filtered": {
        "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
        "filters": {"SCHEDULE/Always/ACTIVE": True},
        "actions": {"OUTPUTS/2/ACTION": 0, "OUTPUTS/1/ACTION": 1},
    },
    "sequence": {
        "conditions": {"INPUTS/1/STATE": "on"},
        "actions": {
            "OUTPUTS/2/ACTION": 2,
            "sequence": {
                "repeat": 10,
                "actions": [
                    {"OUTPUTS/1/ACTION": 1, "delay": 10000},
                    {"OUTPUTS/1/ACTION": 0, "delay": 2000},
                ],
            },
        },
    },
    "endless": {
        "conditions": {"OUTPUTS/3/STATE": "on"},
        "actions": {
            "sequence": {
                "repeat": True,
                "actions": [
                    {"OUTPUTS/1/ACTION": 1, "delay": 500},
                    {"OUTPUTS/1/ACTION": 0, "delay": 1500},
                ],
            }
        },
    },
    "rounded": {
        "conditions": {"INPUTS/2/STATE": "on"},
        "actions": {
            "sequence": {
                "repeat": 0,
                "actions": [
                    {"OUTPUTS/1/ACTION": 4, "OUTPUTS/2/ACTION": 4, "delay": 85},
                    {"delay": 235},
                    {"OUTPUTS/3/ACTION": 3},
                    {"OUTPUTS/4/ACTION": 1, "delay": 100},
                ],
            }
        },
    },
}

RULES |= {
    "router": {"conditions": {"WDT/ROUTER/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}},
    "router_or": {
        "conditions": {"WDT/ROUTER/FAIL": True, "INPUTS/1/STATE": "on"},
        "actions": {"OUTPUTS/1/ACTION": 2},
    },
    "router_alarm": {
        "conditions": {"WDT/ROUTER/FAIL": True},
        "actions": {"CLOUD/OUTPUT/1/ALARM": COND_RESULT},
    },
    "router_ok": {"conditions": {"WDT/ROUTER/FAIL": False}, "actions": {"OUTPUTS/2/ACTION": 1}},
    "router_example": {
        "conditions": {"WDT/ROUTER/FAIL": True},
        "actions": {
            "OUTPUTS/1/ACTION": 2,
            "sequence": {
                "repeat": 10,
                "actions": [
                    {"OUTPUTS/1/ACTION": 1, "delay": 10000},
                    {"OUTPUTS/1/ACTION": 0, "delay": 2000},
                ],
            },
        },
    },
}

DOCUMENT = {
    "rules": RULES,
    "pabs": PABS,
    "watchdogs": {"ROUTER": ROUTER},
    "schedules": {"Work": {"mon": [["08:00", "17:00"]], "fri": [["08:00", "15:30"]]}},
}


def translations(*, use_blueprints: bool = True) -> dict[str, Any]:
    document = parse_document(DOCUMENT)
    assert document.problems == ()
    assert device_problems(document, ENTITIES) == []
    result = translate_document(document, ENTITIES, use_blueprints=use_blueprints)
    return {item.rule: item for item in result}


def normalize(rule: Rule) -> Rule:
    """The rule as the device runs it: what a round trip must keep."""
    sequence = rule.sequence
    if sequence is not None:
        steps: list[Step] = []
        pending: list[Any] = []
        for step in sequence.steps:
            pending.extend(step.actions)
            if step.effective_delay_ms:
                steps.append(Step(actions=tuple(pending), delay_ms=step.effective_delay_ms))
                pending = []
        if pending:
            steps.append(Step(actions=tuple(pending)))
        sequence = Sequence(
            repeat=True if sequence.endless else sequence.repeat, steps=tuple(steps)
        )
    operator = rule.effective_operator if len(rule.conditions) > 1 else None
    return replace(rule, enabled=None, operator=operator, sequence=sequence)


@pytest.mark.parametrize("use_blueprints", [True, False])
@pytest.mark.parametrize("name", sorted(RULES))
def test_round_trip(name: str, use_blueprints: bool) -> None:
    document = parse_document(DOCUMENT)
    translation = translations(use_blueprints=use_blueprints)[name]
    assert translation.untranslatable == [], translation.untranslatable
    assert translation.automation is not None
    assert translation.automation["id"] == automation_id(ENTITIES.serial, name)
    exported = export_automation(translation.automation, ENTITIES)
    original = document.rules[name]
    if translation.blueprint is not None:
        # A blueprint's inputs hold the PAB's parameters, not its name: it is named after the rule.
        renamed = {pab: f"{name}_{suffix}" for pab, suffix in (("LOAD", "LOAD"), ("SUN", "DAY"))}
        original = replace(
            original,
            conditions=tuple(
                replace(c, name=renamed.get(str(c.name), c.name)) for c in original.conditions
            ),
        )
    assert normalize(exported.rule) == normalize(original)
    for condition in original.conditions:
        pab = exported.pabs.get(str(condition.name))
        source = document.pabs.get(str(condition.name).removeprefix(f"{name}_"))
        if pab is None or pab.type.value == "DAYLIGHT" or name == "load_out":
            continue  # sunrise is Home Assistant's; a negated hysteresis is not kept (warned)
        assert replace(pab, name="x") == replace(source, name="x")
    wdt = {str(c.name) for c in original.conditions if c.name in document.watchdogs}
    assert set(exported.watchdogs) == wdt
    for watchdog in exported.watchdogs.values():
        # The same WatchDog; NETIO's missing startDelay is the 0 it means (watchdogs.py).
        assert watchdog == replace(document.watchdogs[watchdog.name], start_delay_s=0)


def test_blueprints_are_used_where_a_rule_matches() -> None:
    result = translations()
    assert {name: item.blueprint for name, item in result.items() if item.blueprint} == {
        "button": BLUEPRINT_PUSH_BUTTON,
        "load": BLUEPRINT_LOAD_WATCHDOG,
        "day": BLUEPRINT_DAYLIGHT,
        "power_up": BLUEPRINT_POWER_UP,
        "endless": BLUEPRINT_REPEAT,
    }
    assert result["button"].automation == {
        "id": "netio_24a42c390001_button",
        "alias": "button",
        "description": "NETIO rule button of PowerDIN, imported from the device.",
        "use_blueprint": {
            "path": BLUEPRINT_PUSH_BUTTON,
            "input": {"button": "binary_sensor.in_1", "outlets": ["switch.out_1"]},
        },
    }


def test_plain_translation_shapes() -> None:
    result = translations(use_blueprints=False)
    button = result["button"].automation
    assert button is not None
    assert button["triggers"] == [
        {
            "alias": "INPUTS/1/STATE",
            "trigger": "state",
            "entity_id": "binary_sensor.in_1",
            "from": "off",
            "to": "on",
            "id": "true",
        }
    ]
    assert button["actions"] == [
        {"action": "netio.toggle", "target": {"entity_id": "switch.out_1"}}
    ]
    assert button["mode"] == "queued"
    load = result["load"].automation
    assert load is not None
    assert load["triggers"][0]["value_template"] == (
        '{{ (1 <= (states("sensor.out_1_power") | float) <= 20) }}'
    )
    assert load["triggers"][0]["for"] == {"seconds": 120}
    zone = result["zone"].automation
    assert zone is not None
    assert zone["triggers"][0]["value_template"] == (
        "{{ (([0.05, 0.1, 0.15] | select('le', (states(\"sensor.out_2_current\") | float))"
        " | list | count) == 2) }}"
    )
    critical = result["and"].automation
    assert critical is not None
    assert critical["actions"][1] == {
        "action": "netio.set_outputs",
        "data": {
            "device_id": "dev1",
            "outputs": [{"output": 4, "action": "off"}],
            "confirm": True,
        },
    }
    sequence = result["sequence"].automation
    assert sequence is not None
    assert sequence["mode"] == "restart"
    assert sequence["actions"][1]["repeat"]["count"] == 10
    rounded = result["rounded"].automation
    assert rounded is not None
    delays = [
        step["delay"] for step in rounded["actions"][0]["repeat"]["sequence"] if "delay" in step
    ]
    assert delays == [{"milliseconds": 100}, {"milliseconds": 300}, {"milliseconds": 100}]
    cond = result["cond_result"].automation
    assert cond is not None
    assert [trigger["id"] for trigger in cond["triggers"]] == ["true", "false"]
    assert cond["actions"][0]["default"] == [
        {"action": "switch.turn_off", "target": {"entity_id": "switch.out_2"}},
        {
            "action": "persistent_notification.dismiss",
            "data": {"notification_id": "netio_24A42C390001_alarm_2"},
        },
    ]


def test_notes() -> None:
    result = translations()
    assert [note.code for note in result["load_out"].warnings] == [
        "enabled_on_device",
        "negated_hysteresis",
    ]
    document = parse_document(
        {
            "rules": {
                "far": {
                    "conditions": {"PAB/CAPE/DAY": True, "OUTPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/1/ACTION": 5},
                    "enabled": False,
                },
                "wdt": {"conditions": {"WDT/W/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}},
                "mixed": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": True, "INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/1/ACTION": 1},
                },
                "hyst": {
                    "conditions": {"PAB/LOAD/IN": True, "INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/1/ACTION": 1},
                },
                "temp": {"conditions": {"PAB/TEMP/IN": True}, "actions": {"OUTPUTS/1/ACTION": 1}},
                "sched": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "filters": {"SCHEDULE/Weekend/ACTIVE": True},
                    "actions": {"OUTPUTS/1/ACTION": 1},
                },
                "boot": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/1/ACTION": 1},
                    "bootDelay": 5,
                },
                "down": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": False},
                    "actions": {"OUTPUTS/1/ACTION": 1},
                },
                "pu_result": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
                    "actions": {"OUTPUTS/1/ACTION": COND_RESULT},
                },
            },
            "pabs": {
                "CAPE": {"type": "DAYLIGHT", "latitude": "33.9S", "longitude": "18.4E"},
                "LOAD": PABS["LOAD"],
                "TEMP": {
                    "type": "RANGE",
                    "source": "OUTPUTS/1/TEMP",
                    "lowerBound": 0,
                    "upperBound": 1,
                },
            },
            "watchdogs": {
                "W": {
                    "target": "router",
                    "pingInterval": 10,
                    "timeout": 1,
                    "maxTimeouts": 3,
                    "timeToReboot": 60,
                    "maxRestarts": 0,
                }
            },
        }
    )
    assert document.problems == ()
    entities = replace(ENTITIES, last_boot=None)
    result = {item.rule: item for item in translate_document(document, entities)}
    assert result["far"].outcome == "translated"
    assert [note.code for note in result["far"].warnings] == [
        "action_nothing",
        "daylight_elsewhere",
    ]
    assert result["far"].untranslatable == []
    outcomes = {
        name: (item.outcome, [n.code for n in item.untranslatable]) for name, item in result.items()
    }
    assert outcomes == {
        "far": ("translated", []),
        "wdt": ("not_translated", ["watchdog_not_available"]),
        "mixed": ("not_translated", ["power_up_combined"]),
        "hyst": ("not_translated", ["hysteresis_combined"]),
        "temp": ("not_translated", ["source_without_entity"]),
        "sched": ("not_translated", ["schedule_not_available"]),
        "boot": ("not_translated", ["boot_delay_without_sensor"]),
        "down": ("not_translated", ["power_up_false"]),
        "pu_result": ("not_translated", ["cond_result_without_false"]),
    }
    home = replace(ENTITIES, home=None)
    far = translate_document(document, home)[0]
    assert [note.code for note in far.warnings][-1] == "daylight_elsewhere"


def test_device_problems() -> None:
    document = parse_document(
        {
            "rules": {
                "R": {
                    "conditions": {"INPUTS/3/STATE": "on", "OUTPUTS/9/STATE": "on"},
                    "filters": {"INPUTS/1/STATE": "on"},
                    "actions": {
                        "OUTPUTS/5/ACTION": 1,
                        "sequence": {"repeat": 1, "actions": [{"OUTPUTS/6/ACTION": 1}]},
                    },
                }
            },
            "pabs": {
                "P": {
                    "type": "RANGE",
                    "source": "OUTPUTS/7/LOAD",
                    "lowerBound": 0,
                    "upperBound": 1,
                },
                "Q": {
                    "type": "RANGE",
                    "source": "INPUTS/4/STATE",
                    "lowerBound": 0,
                    "upperBound": 1,
                },
            },
        }
    )
    notes = device_problems(document, ENTITIES)
    assert [(note.code, dict(note.placeholders)) for note in notes] == [
        ("unknown_output", {"rule": "R", "output": "5"}),
        ("unknown_output", {"rule": "R", "output": "6"}),
        ("unknown_output", {"rule": "R", "output": "9"}),
        ("unknown_input", {"rule": "R", "input": "3"}),
        ("unknown_output", {"rule": "P", "output": "7"}),
        ("unknown_input", {"rule": "Q", "input": "4"}),
    ]


T = {"trigger": "state", "entity_id": "switch.out_1", "to": "on"}
MORE_REFUSALS: list[tuple[dict[str, Any], str]] = [
    ({"triggers": [T], "actions": [{"delay": {"weeks": 1}}]}, "export_unsupported_action"),
    (
        {
            "triggers": [T],
            "actions": [{"repeat": {"count": 1, "sequence": [{"delay": {"fortnights": 1}}]}}],
        },
        "export_unsupported_delay",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {"action": "switch.turn_on", "target": {"entity_id": "sensor.out_1_power"}}
            ],
        },
        "export_foreign_entity",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {
                    "action": "switch.turn_on",
                    "target": {"entity_id": "switch.out_1"},
                    "data": {"x": 1},
                }
            ],
        },
        "export_unsupported_action",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {
                    "action": "netio.set_outputs",
                    "data": {"device_id": "dev1", "outputs": [{"output": 1, "action": "blink"}]},
                }
            ],
        },
        "export_unsupported_action",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {
                    "action": "netio.set_outputs",
                    "data": {"device_id": "other", "outputs": [{"output": 1, "action": "on"}]},
                }
            ],
        },
        "export_unsupported_action",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {"action": "persistent_notification.create", "data": {"notification_id": "x"}}
            ],
        },
        "export_unsupported_action",
    ),
    ({"triggers": [T], "actions": ["x"]}, "export_unsupported_action"),
    (
        {
            "triggers": [T],
            "actions": [
                {"repeat": {"count": 1, "sequence": [{"delay": 1}]}},
                {"repeat": {"count": 1, "sequence": [{"delay": 1}]}},
            ],
        },
        "export_unsupported_action",
    ),
    (
        {
            "triggers": [T],
            "actions": [
                {"repeat": {"count": 1, "sequence": [{"delay": 1}]}},
                {"action": "switch.turn_on", "target": {"entity_id": "switch.out_1"}},
            ],
        },
        "export_unsupported_action",
    ),
    (
        {"triggers": [T], "actions": [{"repeat": {"until": [], "sequence": []}}]},
        "export_unsupported_action",
    ),
    (
        {"triggers": [T], "actions": [{"repeat": {"count": 2, "sequence": []}}]},
        "export_unsupported_action",
    ),
    (
        {
            "triggers": [
                {
                    "trigger": "template",
                    "value_template": '{{ (1 <= (states("sensor.x") | float) <= 2) }}',
                }
            ],
            "actions": [],
        },
        "export_foreign_entity",
    ),
    (
        {
            "triggers": [{"trigger": "state", "entity_id": "switch.out_1", "to": "idle"}],
            "actions": [],
        },
        "export_unsupported_trigger",
    ),
    ({"triggers": [T], "conditions": ["x"], "actions": []}, "export_unsupported_condition"),
    (
        {
            "use_blueprint": {
                "path": BLUEPRINT_POWER_UP,
                "input": {"device": "dev1", "outlets": ["switch.out_1"], "action": "blink"},
            }
        },
        "export_unsupported_blueprint_input",
    ),
]


@pytest.mark.parametrize(("config", "code"), MORE_REFUSALS)
def test_export_refuses_more(config: dict[str, Any], code: str) -> None:
    with pytest.raises(ExportError) as err:
        export_automation(config, ENTITIES)
    assert err.value.code == code


def test_export_reads_numbers_as_seconds_and_input_ranges() -> None:
    exported = export_automation(
        {
            "triggers": [
                {
                    "trigger": "template",
                    "value_template": (
                        '{{ (0 <= (1 if (states("binary_sensor.in_1") | bool) else 0) <= 0) }}'
                    ),
                }
            ],
            "actions": [
                {
                    "repeat": {
                        "count": 1,
                        "sequence": [
                            {"action": "switch.turn_on", "target": {"entity_id": "switch.out_1"}},
                            {"delay": 1.5},
                        ],
                    }
                }
            ],
        },
        ENTITIES,
    )
    assert exported.rule.sequence is not None
    assert exported.rule.sequence.steps[0].delay_ms == 1500
    (pab,) = exported.pabs.values()
    assert pab.source.key == "INPUTS/1/STATE"


@pytest.mark.parametrize(
    ("config", "code"),
    [
        ({"triggers": [], "actions": []}, "export_unsupported_trigger"),
        (
            {"triggers": [{"trigger": "time", "at": "10:00"}], "actions": []},
            "export_unsupported_trigger",
        ),
        (
            {
                "triggers": [{"trigger": "state", "entity_id": "light.x", "to": "on"}],
                "actions": [],
            },
            "export_foreign_entity",
        ),
        (
            {
                "triggers": [{"trigger": "template", "value_template": "{{ a and b or c }}"}],
                "actions": [],
            },
            "export_unsupported_condition",
        ),
        (
            {
                "triggers": [
                    {"trigger": "template", "value_template": "{{ is_state('x', 'on') }}"}
                ],
                "actions": [],
            },
            "export_unsupported_condition",
        ),
        (
            {
                "triggers": [{"trigger": "state", "entity_id": "switch.out_1", "to": "on"}],
                "conditions": [{"condition": "time", "after": "10:00"}],
                "actions": [],
            },
            "export_unsupported_condition",
        ),
        (
            {
                "triggers": [{"trigger": "state", "entity_id": ["switch.out_1"], "to": "on"}],
                "actions": [{"action": "light.turn_on", "target": {"entity_id": "light.x"}}],
            },
            "export_unsupported_action",
        ),
        (
            {
                "triggers": [{"trigger": "state", "entity_id": "switch.out_1", "to": "on"}],
                "actions": [{"action": "switch.turn_on", "target": {"device_id": "x"}}],
            },
            "export_unsupported_target",
        ),
        (
            {
                "triggers": [{"trigger": "state", "entity_id": "switch.out_1", "to": "on"}],
                "actions": [{"repeat": {"count": 2, "sequence": [{"delay": "soon"}]}}],
            },
            "export_unsupported_delay",
        ),
        (
            {"use_blueprint": {"path": "netio/other.yaml", "input": {}}},
            "export_unsupported_blueprint",
        ),
        (
            {"use_blueprint": {"path": BLUEPRINT_POWER_UP, "input": {"device": "other"}}},
            "export_other_device",
        ),
        (
            {
                "use_blueprint": {
                    "path": BLUEPRINT_PUSH_BUTTON,
                    "input": {"button": "binary_sensor.in_1"},
                }
            },
            "export_unsupported_blueprint_input",
        ),
    ],
)
def test_export_refuses_what_netio_cannot_run(config: dict[str, Any], code: str) -> None:
    with pytest.raises(ExportError) as err:
        export_automation(config, ENTITIES)
    assert err.value.code == code


def test_export_reads_edited_forms() -> None:
    exported = export_automation(
        {
            "alias": "Edited",
            "triggers": [{"trigger": "state", "entity_id": ["binary_sensor.in_2"], "to": "off"}],
            "conditions": [{"condition": "state", "entity_id": ["switch.out_1"], "state": "off"}],
            "actions": [
                {
                    "action": "switch.turn_on",
                    "target": {"entity_id": ["switch.out_1", "switch.out_2"]},
                },
                {
                    "repeat": {
                        "count": 3,
                        "sequence": [
                            {"action": "netio.short_on", "target": {"entity_id": "switch.out_3"}},
                            {"delay": "00:00:01.5"},
                            {"delay": {"seconds": 2}},
                            {"action": "netio.toggle", "target": {"entity_id": "switch.out_3"}},
                        ],
                    }
                },
            ],
        },
        ENTITIES,
    )
    rule = exported.rule
    assert rule.name == "Edited"
    assert [c.key for c in rule.conditions] == ["INPUTS/2/STATE"]
    assert rule.conditions[0].value is False
    assert [f.key for f in rule.filters] == ["OUTPUTS/1/STATE"]
    assert [a.output for a in rule.actions] == [1, 2]
    assert rule.sequence is not None
    assert [s.delay_ms for s in rule.sequence.steps] == [1500, 2000, None]
    assert rule.operator is None
    assert Operator.OR is rule.effective_operator


async def test_every_translation_passes_home_assistant_validation(hass: HomeAssistant) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    for name, item in translations(use_blueprints=False).items():
        assert item.automation is not None, name
        validated = await async_validate_config_item(hass, item.automation["id"], item.automation)
        assert validated is not None, name
        assert validated.validation_error is None, (name, validated.validation_error)


def test_watchdog_fail_is_the_announcing_watchdogs_problem_sensor() -> None:
    result = translations(use_blueprints=False)
    router = result["router"].automation
    assert router is not None
    assert router["triggers"] == [
        {
            "alias": "WDT/ROUTER/FAIL",
            "trigger": "state",
            "entity_id": "binary_sensor.router_netio_router",
            "from": "off",
            "to": "on",
            "id": "true",
        }
    ]
    ok = result["router_ok"].automation
    assert ok is not None
    assert (ok["triggers"][0]["from"], ok["triggers"][0]["to"]) == ("on", "off")
    either = result["router_or"].automation
    assert either is not None
    assert either["triggers"][0]["value_template"] == (
        '{{ (states("binary_sensor.router_netio_router") | bool) or '
        '(states("binary_sensor.in_1") | bool) }}'
    )
    alarm = result["router_alarm"].automation
    assert alarm is not None
    assert [trigger["id"] for trigger in alarm["triggers"]] == ["true", "false"]
    assert [note.code for note in result["router"].warnings] == ["enabled_on_device"]
    document = parse_document({**DOCUMENT, "watchdogs": {"ROUTER": {**ROUTER, "enabled": False}}})
    off = {item.rule: item for item in translate_document(document, ENTITIES)}["router"]
    assert [note.code for note in off.warnings] == [
        "enabled_on_device",
        "watchdog_disabled_on_device",
    ]
