"""The rules engine's document interface: load, validate, read back, enable/disable."""

from copy import deepcopy
from typing import Any

import pytest

from netio_simulator import OutputSpec, SimulatedDevice
from netio_simulator.rules import (
    DEFAULT_SCHEDULES,
    RuleDocumentError,
    RulesEngine,
    engine as engine_module,
)

from .rules_helpers import bench

EXAMPLE: dict[str, Any] = {
    "rules": {
        "CR01_RULE": {
            "conditions": {"WDT/CR01_WDT/FAIL": True},
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
        "LOAD": {
            "conditions": {"PAB/IDLE/IN": True, "operator": "AND", "INPUTS/1/STATE": "on"},
            "filters": {"SCHEDULE/Work days/ACTIVE": True, "OUTPUTS/2/STATE": "on"},
            "actions": {"CLOUD/OUTPUT/1/ALARM": "${COND_RESULT}"},
            "bootDelay": 30,
        },
    },
    "pabs": {
        "IDLE": {
            "type": "RANGE",
            "source": "OUTPUTS/1/LOAD",
            "lowerBound": 1,
            "upperBound": 20,
            "timeHysteresis": 120,
        },
        "ZONE": {"type": "ZONES", "source": "OUTPUTS/2/CURRENT", "thresholds": [50, 100]},
        "SUN": {"type": "DAYLIGHT", "latitude": "50.0058144N", "longitude": "14.4129433E"},
    },
    "watchdogs": {
        "CR01_WDT": {
            "target": "router",
            "pingInterval": 60,
            "timeout": 5,
            "maxTimeouts": 0,
            "timeToReboot": 120,
            "maxRestarts": -1,
        }
    },
    "schedules": {"Office": {"mon": [["08:00", "17:00"]], "fri": [["08:00", "24:00"]]}},
}


def test_newer_platform_devices_have_an_engine_and_older_ones_none() -> None:
    assert isinstance(SimulatedDevice("powerpdu_8qs").rules, RulesEngine)
    assert isinstance(SimulatedDevice("powercable_101x").rules, RulesEngine)
    assert SimulatedDevice("netio_4all").rules is None


def test_empty_document_holds_the_default_schedules() -> None:
    doc = bench().rules.document()
    assert doc == {"rules": {}, "pabs": {}, "watchdogs": {}, "schedules": DEFAULT_SCHEDULES}
    assert set(DEFAULT_SCHEDULES) == {"Always", "Weekend", "Work days"}


def test_document_round_trips_with_enabled_flags() -> None:
    rig = bench(document=EXAMPLE)
    doc = rig.rules.document()
    assert doc["rules"]["CR01_RULE"] == {**EXAMPLE["rules"]["CR01_RULE"], "enabled": True}
    assert doc["pabs"]["IDLE"]["enabled"] is True
    assert doc["watchdogs"]["CR01_WDT"] == {**EXAMPLE["watchdogs"]["CR01_WDT"], "enabled": True}
    assert doc["schedules"]["Office"] == EXAMPLE["schedules"]["Office"]
    assert set(doc["schedules"]) == {"Always", "Weekend", "Work days", "Office"}
    again = bench(document=doc).rules.document()
    assert again == doc
    doc["rules"]["CR01_RULE"]["actions"]["OUTPUTS/1/ACTION"] = 4
    assert rig.rules.document()["rules"]["CR01_RULE"]["actions"]["OUTPUTS/1/ACTION"] == 2


def test_set_rule_enabled_shows_in_the_document() -> None:
    rig = bench(document=EXAMPLE)
    rig.rules.set_rule_enabled("LOAD", enabled=False)
    assert rig.rules.rule_enabled("LOAD") is False
    assert rig.rules.document()["rules"]["LOAD"]["enabled"] is False
    rig.rules.set_rule_enabled("LOAD", enabled=True)
    assert rig.rules.document()["rules"]["LOAD"]["enabled"] is True
    with pytest.raises(RuleDocumentError, match=r"rules\.NOPE"):
        rig.rules.set_rule_enabled("NOPE", enabled=True)


def _broken(path: list[str], value: Any) -> dict[str, Any]:
    doc = deepcopy(EXAMPLE)
    node: Any = doc
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return doc


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["extra"], {}, r"document\.extra: unknown key"),
        (["rules", "LOAD", "conditions", "PAB/NOPE/IN"], True, r"PAB 'NOPE' is not defined"),
        (["rules", "LOAD", "conditions", "PAB/ZONE/IN"], True, r"ZONES; IN needs a RANGE"),
        (["rules", "LOAD", "conditions", "WDT/X/FAIL"], True, r"WatchDog 'X' is not defined"),
        (["rules", "LOAD", "conditions", "OUTPUTS/9/STATE"], "on", r"no output 9"),
        (["rules", "LOAD", "conditions", "INPUTS/3/STATE"], "on", r"no input 3"),
        (["rules", "LOAD", "conditions", "INPUTS/1/STATE"], True, r'"on" or "off"'),
        (["rules", "LOAD", "conditions", "FOO/1"], True, r"conditions\.FOO/1: unknown condition"),
        (["rules", "LOAD", "conditions", "operator"], "XOR", r'"AND" or "OR"'),
        (["rules", "LOAD", "operator"], "OR", r"differs from conditions\.operator"),
        (["rules", "LOAD", "filters", "SCHEDULE/Nope/ACTIVE"], True, r"schedule 'Nope'"),
        (["rules", "LOAD", "filters", "PAB/IDLE/IN"], True, r"unknown filter"),
        (["rules", "LOAD", "actions", "OUTPUTS/1/ACTION"], 6, r"at most 5"),
        (["rules", "LOAD", "actions", "OUTPUTS/1/ACTION"], "${X}", r"must be an integer"),
        (["rules", "LOAD", "actions", "CLOUD/OUTPUT/5/ALARM"], 1, r"no output 5"),
        (["rules", "LOAD", "actions", "SMS/1"], 1, r"unknown action"),
        (["rules", "LOAD", "bootDelay"], -1, r"bootDelay: must be at least 0"),
        (["rules", "LOAD", "trigger"], 1, r"rules\.LOAD\.trigger: unknown key"),
        (["rules", "LOAD", "conditions"], {}, r"needs at least one condition"),
        (["rules", "LOAD", "actions"], {}, r"needs at least one action"),
        (["rules", "LOAD", "conditions"], _DELETE, r"conditions: is required"),
        (["rules", "CR01_RULE", "actions", "sequence", "repeat"], -2, r"repeat"),
        (["rules", "CR01_RULE", "actions", "sequence", "repeat"], False, r"repeat"),
        (["rules", "CR01_RULE", "actions", "sequence", "actions"], [], r"non-empty list"),
        (
            ["rules", "CR01_RULE", "actions", "sequence", "actions"],
            [{"OUTPUTS/1/ACTION": 4}],
            None,
        ),
        (
            ["rules", "CR01_RULE", "actions", "sequence"],
            {"repeat": True, "actions": [{"OUTPUTS/1/ACTION": 4}]},
            r"endless sequence needs at least one delay",
        ),
        (
            ["rules", "CR01_RULE", "actions", "sequence"],
            {"actions": [{"OUTPUTS/1/ACTION": "${COND_RESULT}"}]},
            r"not allowed inside a sequence",
        ),
        (["pabs", "IDLE", "source"], "OUTPUTS/3/LOAD", r"output 3 is not metered"),
        (["pabs", "IDLE", "source"], "OUTPUTS/1/VOLTAGE", r"not a PAB source"),
        (["pabs", "IDLE", "lowerBound"], 30, r"must not be above upperBound"),
        (["pabs", "IDLE", "type"], "THRESHOLD", r"not a PAB type"),
        (["pabs", "ZONE", "thresholds"], [100, 50], r"strictly ascending"),
        (["pabs", "SUN", "latitude"], "95N", r"out of range"),
        (["pabs", "SUN", "longitude"], "14.4N", r"hemisphere must be E or W"),
        (["watchdogs", "CR01_WDT", "maxRestarts"], -2, r"maxRestarts: must be at least -1"),
        (["watchdogs", "CR01_WDT", "timeout"], _DELETE, r"timeout: is required"),
        (["watchdogs", "CR01_WDT", "target"], "", r"target: must be a host"),
        (["schedules", "Office", "mon"], [["17:00", "08:00"]], r"start must be before"),
        (["schedules", "Office", "mon"], [["08:00", "24:01"]], r"not a time between"),
        (["schedules", "Office", "holiday"], [], r"Office\.holiday: unknown key"),
        (["schedules", "Office", "mon"], "08:00", r"list of \[start, end\] pairs"),
        (["schedules", "Office", "mon"], [["08:00"]], r"must be a pair"),
        (["schedules", "Office", "mon"], [["8 am", "10:00"]], r'must be a time "HH:MM"'),
        (["schedules", "Office", "mon"], [["08:00", "10:00:00"]], None),
        (["schedules", "Office", "name"], "Other", r"differs from the key 'Office'"),
        (["schedules", "A/B"], {}, r"contain no '/'"),
        (["pabs", "IDLE", "source"], "TOTAL/LOAD", None),
        (["pabs", "IDLE", "source"], "OUTPUTS/1/TEMP", r"outputs have no temperature"),
        (["pabs", "IDLE", "source"], "INPUTS/1/LOAD", r"inputs have only STATE and TEMP"),
        (["pabs", "IDLE", "source"], "INPUTS/1/TEMP", r"input 1 has no temperature sensor"),
        (["pabs", "IDLE", "lowerBound"], "1", r"must be a number"),
        (["pabs", "IDLE", "timeHysteresis"], -5, r"must be at least 0"),
        (["pabs", "ZONE", "thresholds"], [], r"non-empty list of numbers"),
        (["pabs", "ZONE", "type"], "ZONE", None),
        (["pabs", "SUN", "latitude"], True, r"must be a number or a string"),
        (["pabs", "SUN", "latitude"], "-50N", r"hemisphere letter needs a positive"),
        (["pabs", "SUN", "latitude"], "north", r"is not a coordinate"),
        (["pabs", "SUN", "latitude"], -33.5, None),
        (["pabs", "SUN", "longitude"], "151.2W", None),
        (["pabs", "SUN", "altitude"], 250, None),
        (["pabs", "SUN", "altitude"], "high", r"altitude: must be a number"),
        (["pabs", "SUN", "enabled"], "yes", r"enabled: must be true or false"),
        (["watchdogs", "CR01_WDT", "timeout"], 0, r"timeout: must be above 0"),
        (["watchdogs", "CR01_WDT", "startDelay"], 30, None),
        (["rules", "LOAD", "name"], "LOAD", None),
        (["rules", "LOAD", "actions", "CLOUD/OUTPUT/1/ALARM"], True, None),
        (["rules", "LOAD", "actions", "CLOUD/OUTPUT/1/ALARM"], 2, r"at most 1"),
        (["rules", "LOAD", "actions"], _DELETE, r"actions: is required"),
        (["rules", "LOAD", "conditions", "PAB/IDLE/IN"], 1, r"must be true or false"),
        (["rules", "LOAD", "conditions", "PAB/ZONE/ZONE"], -1, r"at least 0"),
        (["rules", "LOAD", "conditions", "SYSTEM/DEVICE_POWER_UP"], True, None),
        (["rules", "LOAD", "filters", "INPUTS/2/STATE"], "off", None),
        (["rules", "LOAD", "filters", "INPUTS/9/STATE"], "off", r"no input 9"),
        (
            ["rules", "CR01_RULE", "actions", "sequence", "actions"],
            [{"OUTPUTS/1/ACTION": 1}, {}],
            r"a step needs an action or a delay",
        ),
        (
            ["rules", "CR01_RULE", "actions", "sequence", "actions"],
            [{"CLOUD/OUTPUT/1/ALARM": "${COND_RESULT}", "delay": 100}],
            r"not allowed inside a sequence",
        ),
    ],
)
def test_malformed_documents_name_the_field_and_keep_the_old_one(
    path: list[str], value: Any, message: str | None
) -> None:
    rig = bench(document=EXAMPLE)
    before = rig.rules.document()
    doc = _broken(path, value)
    if message is None:
        rig.rules.load(doc)
        return
    with pytest.raises(RuleDocumentError, match=message):
        rig.rules.load(doc)
    assert rig.rules.document() == before


def test_non_json_input_is_refused() -> None:
    rig = bench()
    with pytest.raises(ValueError, match="must be a JSON object"):
        rig.rules.load([])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a JSON value"):
        rig.rules.load({"schedules": {"X": {"mon": [[object(), "10:00"]]}}})


def test_keys_must_be_strings() -> None:
    with pytest.raises(RuleDocumentError, match="is not a string"):
        bench().rules.load({"rules": {1: {}}})


def test_totals_need_a_metered_device() -> None:
    pab = {"type": "RANGE", "source": "TOTAL/LOAD", "lowerBound": 0, "upperBound": 1}
    with pytest.raises(RuleDocumentError, match="does not measure totals"):
        bench("powerpdu_4ps").rules.load({"pabs": {"T": pab}})


def test_inspecting_unknown_names_is_an_error() -> None:
    rules = bench().rules
    for call in (rules.pab_value, rules.watchdog_status, rules.schedule_active):
        with pytest.raises(RuleDocumentError, match="no such"):
            call("nope")


def test_chains_settle_within_a_bounded_number_of_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Later rules see a change in the same round, earlier ones in the next; capped rounds."""
    monkeypatch.setattr(engine_module, "MAX_SETTLE_ROUNDS", 1)
    rig = bench(
        document={
            "rules": {
                "A": {"conditions": {"OUTPUTS/2/STATE": "on"}, "actions": {"OUTPUTS/3/ACTION": 1}},
                "B": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/2/ACTION": 1}},
            }
        },
        outputs=[OutputSpec(state=False) for _ in range(4)],
    )
    rig.device.input(1).state = True
    assert any("keep switching" in e.message for e in rig.rules.log)
    assert not rig.state(3)
