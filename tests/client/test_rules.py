"""The parser of NETIO rule documents: every accepted form, every named mistake, round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from custom_components.netio.client.errors import NetioProtocolError
from custom_components.netio.client.rules import (
    COND_RESULT,
    DEFAULT_SCHEDULES,
    Action,
    ActionTarget,
    Condition,
    DaylightPab,
    Interval,
    Operator,
    PabSource,
    ProblemCode,
    RangePab,
    RuleDocument,
    RuleDocumentError,
    SourceKind,
    Variable,
    ZonesPab,
    dump_document,
    dump_pab,
    dump_rule,
    dump_schedule,
    dump_watchdog,
    format_time,
    parse_document,
    parse_pab,
    parse_rule,
    parse_schedule,
    parse_watchdog,
)

WIKI_EXAMPLE = {
    "rules": {
        "CR01": {
            "conditions": {"WDT/CR01_WDT/FAIL": True},
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
        }
    },
    "watchdogs": {
        "CR01_WDT": {
            "target": "192.168.1.5",
            "pingInterval": 60,
            "timeout": 5,
            "maxTimeouts": 0,
            "timeToReboot": 120,
            "maxRestarts": -1,
        }
    },
}

FULL: dict[str, Any] = {
    "rules": {
        "R1": {
            "conditions": {
                "PAB/LOAD/IN": True,
                "PAB/ZONE/ZONE": 2,
                "PAB/SUN/DAY": False,
                "WDT/W/FAIL": True,
                "OUTPUTS/1/STATE": "on",
                "INPUTS/2/STATE": "off",
                "SYSTEM/DEVICE_POWER_UP": True,
                "operator": "AND",
            },
            "filters": {
                "SCHEDULE/Work/ACTIVE": True,
                "OUTPUTS/3/STATE": "on",
                "INPUTS/1/STATE": "off",
            },
            "actions": {
                "OUTPUTS/1/ACTION": 0,
                "OUTPUTS/2/ACTION": COND_RESULT,
                "CLOUD/OUTPUT/1/ALARM": COND_RESULT,
                "CLOUD/OUTPUT/2/ALARM": 1,
                "sequence": {
                    "repeat": True,
                    "actions": [{"OUTPUTS/4/ACTION": 4, "OUTPUTS/3/ACTION": 3}, {"delay": 500}],
                },
            },
            "bootDelay": 30,
            "enabled": False,
        },
        "R2": {
            "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
            "filters": {"SCHEDULE/Always/ACTIVE": False},
            "actions": {"OUTPUTS/1/ACTION": 5},
        },
    },
    "pabs": {
        "LOAD": {
            "type": "RANGE",
            "source": "OUTPUTS/1/LOAD",
            "lowerBound": 1,
            "upperBound": 20.5,
            "timeHysteresis": 120,
            "enabled": True,
        },
        "ZONE": {
            "type": "ZONES",
            "source": "TOTAL/CURRENT",
            "thresholds": [50, 100, 150],
            "timeHysteresis": 5,
        },
        "SUN": {
            "type": "DAYLIGHT",
            "latitude": "50.0058144N",
            "longitude": "14.4129433E",
            "altitude": 200,
        },
    },
    "watchdogs": {
        "W": {
            "target": "router",
            "pingInterval": 10,
            "timeout": 2,
            "maxTimeouts": 3,
            "timeToReboot": 60,
            "maxRestarts": 2,
            "startDelay": 30,
            "enabled": True,
        }
    },
    "schedules": {
        "Work": {
            "mon": [["08:00", "12:00"], ["13:00", "17:00:30"]],
            "fri": [["22:00", "24:00"]],
            "sat": [],
            "id": 4,
            "enabled": True,
        }
    },
}


def codes(document: RuleDocument) -> list[tuple[str, ProblemCode, str]]:
    return [(problem.path, problem.code, problem.detail) for problem in document.problems]


def test_wiki_example() -> None:
    document = parse_document(json.dumps(WIKI_EXAMPLE))
    assert document.problems == ()
    rule = document.rules["CR01"]
    assert rule.conditions == (Condition(variable=Variable.WDT_FAIL, name="CR01_WDT", value=True),)
    assert rule.operator is None
    assert rule.effective_operator is Operator.OR
    assert rule.is_enabled
    assert rule.actions == (Action(target=ActionTarget.OUTPUT, output=2, value=2),)
    assert rule.sequence is not None
    assert rule.sequence.repeat == 10
    assert not rule.sequence.endless
    assert [step.delay_ms for step in rule.sequence.steps] == [10000, 2000]
    watchdog = document.watchdogs["CR01_WDT"]
    assert (watchdog.target, watchdog.max_restarts, watchdog.start_delay_s) == (
        "192.168.1.5",
        -1,
        None,
    )


def test_every_form_parses_and_dumps_back() -> None:
    document = parse_document(FULL)
    assert document.problems == ()
    rule = document.rules["R1"]
    assert rule.operator is Operator.AND
    assert [condition.key for condition in rule.conditions] == [
        "PAB/LOAD/IN",
        "PAB/ZONE/ZONE",
        "PAB/SUN/DAY",
        "WDT/W/FAIL",
        "OUTPUTS/1/STATE",
        "INPUTS/2/STATE",
        "SYSTEM/DEVICE_POWER_UP",
    ]
    assert rule.conditions[1].value == 2
    assert rule.conditions[4].value is True
    assert rule.conditions[5].value is False
    assert [item.variable for item in rule.filters] == [
        Variable.SCHEDULE_ACTIVE,
        Variable.OUTPUT_STATE,
        Variable.INPUT_STATE,
    ]
    assert [action.uses_cond_result for action in rule.actions] == [False, True, True, False]
    assert rule.actions[2].target is ActionTarget.CLOUD_ALARM
    assert rule.sequence is not None
    assert rule.sequence.endless
    assert rule.sequence.steps[0].actions[0].output == 4
    assert rule.sequence.steps[1].actions == ()
    assert rule.sequence.steps[1].effective_delay_ms == 500
    assert rule.boot_delay_s == 30
    assert not rule.is_enabled
    load = document.pabs["LOAD"]
    assert isinstance(load, RangePab)
    assert load.source == PabSource(kind=SourceKind.OUTPUT_LOAD, number=1)
    assert load.source.kind.unit == "W"
    assert (load.lower_bound, load.upper_bound, load.time_hysteresis_s) == (1, 20.5, 120)
    zone = document.pabs["ZONE"]
    assert isinstance(zone, ZonesPab)
    assert zone.source.key == "TOTAL/CURRENT"
    assert zone.source.kind.unit == "mA"
    sun = document.pabs["SUN"]
    assert isinstance(sun, DaylightPab)
    assert (sun.latitude, sun.longitude) == (50.0058144, 14.4129433)
    schedule = document.schedules["Work"]
    assert schedule.intervals("mon") == (
        Interval(start_s=8 * 3600, end_s=12 * 3600),
        Interval(start_s=13 * 3600, end_s=17 * 3600 + 30),
    )
    assert schedule.intervals("fri") == (Interval(start_s=22 * 3600, end_s=86400),)
    assert schedule.intervals("sun") == ()
    assert document.schedule("Always") is DEFAULT_SCHEDULES["Always"]

    dumped = dump_document(document)
    assert parse_document(json.dumps(dumped)) == document
    assert dumped["pabs"]["SUN"] == {
        "type": "DAYLIGHT",
        "latitude": 50.0058144,
        "longitude": 14.4129433,
        "altitude": 200,
    }
    assert dumped["schedules"]["Work"]["mon"] == [["08:00", "12:00"], ["13:00", "17:00:30"]]
    assert dumped["rules"]["R1"]["conditions"]["operator"] == "AND"
    assert dumped["rules"]["R1"]["actions"]["sequence"]["actions"][1] == {"delay": 500}


def test_single_rule_and_top_level_operator() -> None:
    document = parse_document(
        '{"operator": "and", "conditions": {"INPUTS/1/STATE": "ON", "INPUTS/2/STATE": "on"},'
        ' "actions": {"OUTPUTS/1/ACTION": 4}}'
    )
    assert document.problems == ()
    assert document.single_rule
    rule = document.rules["rule"]
    assert rule.operator is Operator.AND
    assert dump_rule(rule)["conditions"]["operator"] == "AND"
    named = parse_document(
        {"name": "Button", "conditions": {"INPUTS/1/STATE": "on"}, "actions": {}}
    )
    assert codes(named) == [("rules.Button.actions", ProblemCode.EMPTY, "")]


def test_single_rule_reports_undefined_references() -> None:
    document = parse_document(
        {
            "conditions": {"PAB/P/IN": True, "WDT/W/FAIL": True},
            "filters": {"SCHEDULE/Mine/ACTIVE": True, "SCHEDULE/Weekend/ACTIVE": True},
            "actions": {"OUTPUTS/1/ACTION": 1},
        }
    )
    assert codes(document) == [
        ("rules.rule.conditions.PAB/P/IN", ProblemCode.UNDEFINED_PAB, "P"),
        ("rules.rule.conditions.WDT/W/FAIL", ProblemCode.UNDEFINED_WATCHDOG, "W"),
        ("rules.rule.filters.SCHEDULE/Mine/ACTIVE", ProblemCode.UNDEFINED_SCHEDULE, "Mine"),
    ]
    assert document.problems[0].rule == "rule"
    assert "'P'" in document.problems[0].message
    with pytest.raises(RuleDocumentError) as err:
        document.raise_for_problems()
    assert isinstance(err.value, NetioProtocolError)
    assert len(err.value.problems) == 3
    assert "rules.rule.conditions.PAB/P/IN names the PAB 'P'" in str(err.value)


def test_lists_of_named_objects_as_the_configuration_api_returns_them() -> None:
    document = parse_document(
        {
            "rules": [
                {"name": "R", "enabled": True, "conditions": {"PAB/P/IN": True}, "actions": {}},
                {"name": "R2", "conditions": {"PAB/P/IN": True}, "actions": GOOD_ACTIONS},
            ],
            "pabs": [{"name": "P", "type": "ZONE", "source": "INPUTS/1/STATE", "thresholds": [1]}],
            "schedules": [{"id": 3}],
        }
    )
    assert codes(document) == [
        ("schedules.0", ProblemCode.MISSING_KEY, "name"),
        ("rules.R.actions", ProblemCode.EMPTY, ""),
        (
            "rules.R2.conditions.PAB/P/IN",
            ProblemCode.PAB_TYPE_MISMATCH,
            "'P' is a ZONES PAB, which gives ZONE",
        ),
    ]
    assert document.problems[0].rule is None
    assert dump_pab(document.pabs["P"])["type"] == "ZONES"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", [("", ProblemCode.INVALID_JSON)]),
        ('{"rules": {}, "rules": {}}', [("", ProblemCode.DUPLICATE_KEY)]),
        ("[1]", [("", ProblemCode.NOT_AN_OBJECT)]),
        ("{}", [("", ProblemCode.EMPTY)]),
        ('{"rule": {}}', [("", ProblemCode.UNKNOWN_KEY)]),
        ('{"rules": 1}', [("rules", ProblemCode.NOT_AN_OBJECT)]),
        ('{"rules": {"R": 1}}', [("rules.R", ProblemCode.NOT_AN_OBJECT)]),
    ],
)
def test_document_level_mistakes(text: str, expected: list[tuple[str, ProblemCode]]) -> None:
    document = parse_document(text)
    assert [(problem.path, problem.code) for problem in document.problems] == expected
    assert document.rules == {}
    assert document.problems[0].message.startswith(document.problems[0].path or "The document")


def rule_problems(rule: dict[str, Any]) -> list[tuple[str, ProblemCode, str]]:
    document = parse_document({"rules": {"R": rule}})
    assert "R" not in document.rules
    return codes(document)


GOOD_CONDITIONS = {"INPUTS/1/STATE": "on"}
GOOD_ACTIONS = {"OUTPUTS/1/ACTION": 1}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            {"actions": GOOD_ACTIONS, "then": 1},
            [
                ("rules.R", ProblemCode.UNKNOWN_KEY, "then"),
                ("rules.R", ProblemCode.MISSING_KEY, "conditions"),
            ],
        ),
        ({"conditions": GOOD_CONDITIONS}, [("rules.R", ProblemCode.MISSING_KEY, "actions")]),
        (
            {"conditions": [], "actions": []},
            [
                ("rules.R.conditions", ProblemCode.NOT_AN_OBJECT, "an object"),
                ("rules.R.actions", ProblemCode.NOT_AN_OBJECT, "an object"),
            ],
        ),
        (
            {"conditions": {"operator": "OR"}, "actions": GOOD_ACTIONS},
            [("rules.R.conditions", ProblemCode.EMPTY, "")],
        ),
        (
            {"name": "Other", "conditions": GOOD_CONDITIONS, "actions": GOOD_ACTIONS},
            [("rules.R.name", ProblemCode.INVALID_VALUE, '"R", the rule\'s own name')],
        ),
        (
            {
                "operator": "XOR",
                "conditions": {**GOOD_CONDITIONS, "operator": 1},
                "actions": GOOD_ACTIONS,
            },
            [
                ("rules.R.operator", ProblemCode.INVALID_VALUE, '"AND" or "OR"'),
                ("rules.R.conditions.operator", ProblemCode.INVALID_VALUE, '"AND" or "OR"'),
            ],
        ),
        (
            {
                "operator": "AND",
                "conditions": {**GOOD_CONDITIONS, "operator": "OR"},
                "actions": GOOD_ACTIONS,
            },
            [
                (
                    "rules.R.conditions.operator",
                    ProblemCode.INVALID_VALUE,
                    '"AND", the operator given at the rule\'s top level',
                )
            ],
        ),
        (
            {
                "conditions": {
                    "INPUTS/0/STATE": "on",
                    "OUTPUTS/1/STATE": 1,
                    "PAB/X/ZONE": -1,
                    "PAB/X/IN": "yes",
                    "SCHEDULE/Always/ACTIVE": True,
                    "PAB/X/FAIL": True,
                    "WDT/W/RESTARTED": True,
                },
                "actions": GOOD_ACTIONS,
            },
            [
                ("rules.R.conditions", ProblemCode.UNKNOWN_CONDITION, "INPUTS/0/STATE"),
                ("rules.R.conditions.OUTPUTS/1/STATE", ProblemCode.INVALID_VALUE, '"on" or "off"'),
                (
                    "rules.R.conditions.PAB/X/ZONE",
                    ProblemCode.INVALID_VALUE,
                    "a zone number (0 or more)",
                ),
                ("rules.R.conditions.PAB/X/IN", ProblemCode.INVALID_VALUE, "true or false"),
                ("rules.R.conditions", ProblemCode.UNKNOWN_CONDITION, "SCHEDULE/Always/ACTIVE"),
                ("rules.R.conditions", ProblemCode.UNKNOWN_CONDITION, "PAB/X/FAIL"),
                ("rules.R.conditions", ProblemCode.UNKNOWN_CONDITION, "WDT/W/RESTARTED"),
            ],
        ),
        (
            {
                "conditions": GOOD_CONDITIONS,
                "filters": {"PAB/X/IN": True, "operator": "AND", "SCHEDULE/Always/ACTIVE": 1},
                "actions": GOOD_ACTIONS,
            },
            [
                ("rules.R.filters", ProblemCode.UNKNOWN_FILTER, "PAB/X/IN"),
                ("rules.R.filters", ProblemCode.UNKNOWN_FILTER, "operator"),
                (
                    "rules.R.filters.SCHEDULE/Always/ACTIVE",
                    ProblemCode.INVALID_VALUE,
                    "true or false",
                ),
            ],
        ),
        (
            {
                "conditions": GOOD_CONDITIONS,
                "actions": {
                    "OUTPUTS/1/ACTION": 6,
                    "OUTPUTS/2/ACTION": True,
                    "OUTPUTS/3/ACTION": "1",
                    "CLOUD/OUTPUT/1/ALARM": 2,
                    "OUTPUTS/1/STATE": 1,
                },
            },
            [
                (
                    "rules.R.actions.OUTPUTS/1/ACTION",
                    ProblemCode.INVALID_VALUE,
                    'an action code 0 to 5 or "${COND_RESULT}"',
                ),
                (
                    "rules.R.actions.OUTPUTS/2/ACTION",
                    ProblemCode.INVALID_VALUE,
                    'an action code 0 to 5 or "${COND_RESULT}"',
                ),
                (
                    "rules.R.actions.OUTPUTS/3/ACTION",
                    ProblemCode.INVALID_VALUE,
                    'an action code 0 to 5 or "${COND_RESULT}"',
                ),
                (
                    "rules.R.actions.CLOUD/OUTPUT/1/ALARM",
                    ProblemCode.INVALID_VALUE,
                    '0, 1 or "${COND_RESULT}"',
                ),
                ("rules.R.actions", ProblemCode.UNKNOWN_ACTION, "OUTPUTS/1/STATE"),
            ],
        ),
        (
            {
                "conditions": GOOD_CONDITIONS,
                "actions": {"sequence": {"repeat": -1, "actions": [], "every": 1}},
                "bootDelay": -5,
                "enabled": "yes",
            },
            [
                ("rules.R.actions.sequence", ProblemCode.UNKNOWN_KEY, "every"),
                (
                    "rules.R.actions.sequence.repeat",
                    ProblemCode.INVALID_VALUE,
                    "a whole number of 0 or more, or true",
                ),
                ("rules.R.actions.sequence.actions", ProblemCode.EMPTY, ""),
                (
                    "rules.R.bootDelay",
                    ProblemCode.INVALID_VALUE,
                    "a whole number of at least 0",
                ),
                ("rules.R.enabled", ProblemCode.INVALID_VALUE, "true or false"),
            ],
        ),
        (
            {"conditions": GOOD_CONDITIONS, "actions": {"sequence": {}}},
            [
                ("rules.R.actions.sequence", ProblemCode.MISSING_KEY, "repeat"),
                ("rules.R.actions.sequence", ProblemCode.MISSING_KEY, "actions"),
            ],
        ),
        (
            {"conditions": GOOD_CONDITIONS, "actions": {"sequence": []}},
            [("rules.R.actions.sequence", ProblemCode.NOT_AN_OBJECT, "an object")],
        ),
        (
            {
                "conditions": GOOD_CONDITIONS,
                "actions": {"sequence": {"repeat": False, "actions": {"OUTPUTS/1/ACTION": 1}}},
            },
            [
                (
                    "rules.R.actions.sequence.repeat",
                    ProblemCode.INVALID_VALUE,
                    "a whole number of 0 or more, or true",
                ),
                ("rules.R.actions.sequence.actions", ProblemCode.NOT_AN_OBJECT, "a list of steps"),
            ],
        ),
        (
            {
                "conditions": GOOD_CONDITIONS,
                "actions": {
                    "sequence": {
                        "repeat": 1,
                        "actions": [1, {}, {"delay": 1.5}, {"OUTPUTS/x/ACTION": 1}],
                    }
                },
            },
            [
                ("rules.R.actions.sequence.actions.0", ProblemCode.NOT_AN_OBJECT, "an object"),
                ("rules.R.actions.sequence.actions.1", ProblemCode.EMPTY, ""),
                (
                    "rules.R.actions.sequence.actions.2.delay",
                    ProblemCode.INVALID_VALUE,
                    "a whole number of at least 0",
                ),
                (
                    "rules.R.actions.sequence.actions.3",
                    ProblemCode.UNKNOWN_ACTION,
                    "OUTPUTS/x/ACTION",
                ),
            ],
        ),
    ],
)
def test_rule_mistakes_are_named(
    rule: dict[str, Any], expected: list[tuple[str, ProblemCode, str]]
) -> None:
    assert rule_problems(rule) == expected


def test_delay_rounding() -> None:
    rule = parse_rule(
        "R",
        {
            "conditions": GOOD_CONDITIONS,
            "actions": {
                "sequence": {
                    "repeat": 0,
                    "actions": [
                        {"OUTPUTS/1/ACTION": 1, "delay": 85},
                        {"OUTPUTS/1/ACTION": 0, "delay": 235},
                        {"OUTPUTS/1/ACTION": 1, "delay": 300},
                        {"OUTPUTS/1/ACTION": 0},
                    ],
                }
            },
        },
    )
    assert rule.sequence is not None
    assert rule.sequence.endless
    assert [step.effective_delay_ms for step in rule.sequence.steps] == [100, 300, 300, 0]


def pab_problems(pab: object) -> list[tuple[str, ProblemCode, str]]:
    document = parse_document({"pabs": {"P": pab}})
    assert document.pabs == {}
    return codes(document)


@pytest.mark.parametrize(
    ("pab", "expected"),
    [
        ({}, [("pabs.P", ProblemCode.MISSING_KEY, "type")]),
        (
            {"type": "AVERAGE"},
            [("pabs.P.type", ProblemCode.INVALID_VALUE, '"RANGE", "ZONES" or "DAYLIGHT"')],
        ),
        (
            {"type": "RANGE", "source": "OUTPUTS/1/VOLTAGE", "lowerBound": 5, "upperBound": 1},
            [
                ("pabs.P.source", ProblemCode.UNKNOWN_SOURCE, "OUTPUTS/1/VOLTAGE"),
                ("pabs.P.upperBound", ProblemCode.INVALID_VALUE, "at least lowerBound"),
            ],
        ),
        (
            {"type": "RANGE", "lowerBound": "1", "timeHysteresis": 1.5, "name": "Q", "x": 1},
            [
                ("pabs.P.name", ProblemCode.INVALID_VALUE, '"P", the PAB\'s own name'),
                ("pabs.P", ProblemCode.UNKNOWN_KEY, "x"),
                ("pabs.P", ProblemCode.MISSING_KEY, "source"),
                (
                    "pabs.P.timeHysteresis",
                    ProblemCode.INVALID_VALUE,
                    "a whole number of at least 0",
                ),
                ("pabs.P.lowerBound", ProblemCode.INVALID_VALUE, "a number"),
                ("pabs.P", ProblemCode.MISSING_KEY, "upperBound"),
            ],
        ),
        (
            {"type": "RANGE", "source": "OUTPUTS/1/STATE", "lowerBound": 0, "upperBound": 1},
            [("pabs.P.source", ProblemCode.UNKNOWN_SOURCE, "OUTPUTS/1/STATE")],
        ),
        (
            {"type": "RANGE", "source": 5, "lowerBound": 0, "upperBound": 1},
            [("pabs.P.source", ProblemCode.UNKNOWN_SOURCE, "5")],
        ),
        (
            {"type": "ZONES", "source": "TOTAL/LOAD", "thresholds": [10, 5]},
            [("pabs.P.thresholds", ProblemCode.INVALID_VALUE, "a list of ascending numbers")],
        ),
        (
            {"type": "ZONES", "source": "TOTAL/TEMP"},
            [
                ("pabs.P.source", ProblemCode.UNKNOWN_SOURCE, "TOTAL/TEMP"),
                ("pabs.P", ProblemCode.MISSING_KEY, "thresholds"),
            ],
        ),
        (
            {"type": "DAYLIGHT", "latitude": "50N", "enabled": 1},
            [
                ("pabs.P.enabled", ProblemCode.INVALID_VALUE, "true or false"),
                ("pabs.P", ProblemCode.MISSING_KEY, "longitude"),
            ],
        ),
        (
            {"type": "DAYLIGHT", "latitude": "50E", "longitude": 200, "altitude": "x"},
            [
                (
                    "pabs.P.latitude",
                    ProblemCode.INVALID_VALUE,
                    'a latitude like "50.0058144N" or a number from -90 to 90',
                ),
                (
                    "pabs.P.longitude",
                    ProblemCode.INVALID_VALUE,
                    'a longitude like "14.4129433E" or a number from -180 to 180',
                ),
                ("pabs.P.altitude", ProblemCode.INVALID_VALUE, "a number"),
            ],
        ),
    ],
)
def test_pab_mistakes_are_named(pab: object, expected: list[tuple[str, ProblemCode, str]]) -> None:
    assert pab_problems(pab) == expected


def test_pab_forms() -> None:
    south = parse_pab("S", {"type": "daylight", "latitude": "33.9S", "longitude": "18.4w"})
    assert isinstance(south, DaylightPab)
    assert (south.latitude, south.longitude) == (-33.9, -18.4)
    numeric = parse_pab("N", {"type": "DAYLIGHT", "latitude": 50, "longitude": -1.5})
    assert isinstance(numeric, DaylightPab)
    assert dump_pab(numeric) == {"type": "DAYLIGHT", "latitude": 50.0, "longitude": -1.5}
    temp = parse_pab(
        "T", {"type": "RANGE", "source": "OUTPUTS/2/TEMP", "lowerBound": 0, "upperBound": 40}
    )
    assert isinstance(temp, RangePab)
    assert temp.source.kind.unit == "°C"
    assert temp.time_hysteresis_s == 0
    state = parse_pab("I", {"type": "ZONES", "source": "INPUTS/1/STATE", "thresholds": [1]})
    assert isinstance(state, ZonesPab)
    assert state.source.kind.unit == ""
    assert dump_pab(state) == {
        "type": "ZONES",
        "source": "INPUTS/1/STATE",
        "thresholds": [1],
        "timeHysteresis": 0,
    }
    with pytest.raises(RuleDocumentError, match=r"pabs\.X is missing the key 'type'"):
        parse_pab("X", {})


def test_watchdog_mistakes_are_named() -> None:
    document = parse_document(
        {
            "watchdogs": {
                "W": {
                    "name": "V",
                    "target": " ",
                    "pingInterval": 0,
                    "timeout": "5",
                    "maxRestarts": -2,
                    "color": "red",
                }
            }
        }
    )
    assert codes(document) == [
        ("watchdogs.W", ProblemCode.UNKNOWN_KEY, "color"),
        ("watchdogs.W.name", ProblemCode.INVALID_VALUE, '"W", the watchdog\'s own name'),
        ("watchdogs.W.target", ProblemCode.INVALID_VALUE, "an address or host name"),
        ("watchdogs.W.pingInterval", ProblemCode.INVALID_VALUE, "a whole number of at least 1"),
        ("watchdogs.W.timeout", ProblemCode.INVALID_VALUE, "a whole number of at least 1"),
        ("watchdogs.W", ProblemCode.MISSING_KEY, "maxTimeouts"),
        ("watchdogs.W", ProblemCode.MISSING_KEY, "timeToReboot"),
        ("watchdogs.W.maxRestarts", ProblemCode.INVALID_VALUE, "a whole number of at least -1"),
    ]
    with pytest.raises(RuleDocumentError):
        parse_watchdog("W", {"target": "x"})
    watchdog = parse_watchdog("W", WIKI_EXAMPLE["watchdogs"]["CR01_WDT"])
    assert dump_watchdog(watchdog) == WIKI_EXAMPLE["watchdogs"]["CR01_WDT"]


def test_schedule_mistakes_are_named() -> None:
    document = parse_document(
        {
            "schedules": {
                "S": {
                    "mon": [["08:00", "07:00"], ["24:00", "24:00"], ["8", "9"], "x"],
                    "tue": "all day",
                    "wed": [["08:00", "12:00"], ["11:00", "13:00"]],
                    "thu": [["08:61", "09:00"], ["08:00", "24:01"]],
                    "holiday": [],
                    "name": "T",
                    "id": "4",
                }
            }
        }
    )
    interval = 'an interval ["HH:MM", "HH:MM"] that ends after it starts (end up to "24:00")'
    assert codes(document) == [
        ("schedules.S", ProblemCode.UNKNOWN_KEY, "holiday"),
        ("schedules.S.name", ProblemCode.INVALID_VALUE, '"S", the schedule\'s own name'),
        ("schedules.S.id", ProblemCode.INVALID_VALUE, "a whole number of at least 0"),
        ("schedules.S.mon.0", ProblemCode.INVALID_VALUE, interval),
        ("schedules.S.mon.1", ProblemCode.INVALID_VALUE, interval),
        ("schedules.S.mon.2", ProblemCode.INVALID_VALUE, interval),
        ("schedules.S.mon.3", ProblemCode.INVALID_VALUE, interval),
        (
            "schedules.S.tue",
            ProblemCode.NOT_AN_OBJECT,
            'a list of ["HH:MM", "HH:MM"] intervals',
        ),
        ("schedules.S.wed", ProblemCode.INVALID_VALUE, "intervals that do not overlap"),
        ("schedules.S.thu.0", ProblemCode.INVALID_VALUE, interval),
        ("schedules.S.thu.1", ProblemCode.INVALID_VALUE, interval),
    ]
    with pytest.raises(RuleDocumentError):
        parse_schedule("S", [])


def test_default_schedules_and_redefinition() -> None:
    assert [day for day, intervals in DEFAULT_SCHEDULES["Work days"].days if intervals] == [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
    ]
    assert [day for day, intervals in DEFAULT_SCHEDULES["Weekend"].days if intervals] == [
        "sat",
        "sun",
    ]
    own = parse_document({"schedules": {"Always": {"mon": [["00:00", "01:00"]]}}})
    assert own.schedule("Always") is own.schedules["Always"]
    assert dump_schedule(own.schedules["Always"])["tue"] == []
    assert own.schedule("Nope") is None
    assert format_time(3600 + 61) == "01:01:01"


def test_a_broken_object_is_not_reported_again_as_undefined() -> None:
    document = parse_document(
        {
            "rules": {
                "R": {
                    "conditions": {"PAB/P/IN": True, "WDT/W/FAIL": True},
                    "filters": {"SCHEDULE/S/ACTIVE": True},
                    "actions": GOOD_ACTIONS,
                }
            },
            "pabs": {"P": {"type": "RANGE"}},
            "watchdogs": {"W": {}},
            "schedules": {"S": {"mon": 1}},
        }
    )
    assert {problem.path.split(".")[0] for problem in document.problems} == {
        "pabs",
        "watchdogs",
        "schedules",
    }
    assert "R" in document.rules


def test_parse_rule_raises_with_every_problem() -> None:
    with pytest.raises(RuleDocumentError) as err:
        parse_rule("R", {"conditions": {"X": 1}, "actions": {"Y": 1}})
    assert [problem.code for problem in err.value.problems] == [
        ProblemCode.UNKNOWN_CONDITION,
        ProblemCode.UNKNOWN_ACTION,
    ]
    assert parse_rule("R", {"conditions": GOOD_CONDITIONS, "actions": GOOD_ACTIONS}).name == "R"
