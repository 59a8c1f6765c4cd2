"""The corpus format: every malformed case is refused with the file and field named."""

from copy import deepcopy
import json
from pathlib import Path
from typing import Any

import pytest

from .corpus import (
    Case,
    Change,
    CorpusError,
    DeviceDriver,
    ManualClock,
    compare,
    load_case,
    make_device,
    parse_case,
    run_case,
    timeline,
)

GOOD: dict[str, Any] = {
    "name": "example",
    "profile": "powerdin_4pz",
    "time_zone": "Europe/Prague",
    "netio": {
        "rules": {"R": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/3/ACTION": 4}}}
    },
    "start": {
        "time": "2026-12-07T09:00:00+01:00",
        "outputs": {"1": "on"},
        "inputs": {"2": "off"},
        "load_w": {"1": 100},
        "delay_ms": {"1": 2000},
        "power_up": {"3": "off"},
        "hosts": {"router": "up"},
    },
    "steps": [
        {"at": 10, "input": {"1": "on"}},
        {"at": 11, "load_w": {"1": 20}},
        {"at": 12, "output": {"2": "on"}},
        {"at": 13, "action": {"2": 4}},
        {"at": 14, "host": {"router": "down"}},
        {"at": 15, "rule_enabled": {"R": False}},
        {"at": 16, "reboot": {"downtime_s": 2}},
    ],
    "compare_outputs": [2, 3],
    "expect": [
        {"at": 10, "output": 3, "state": "on"},
        {"at": 12, "output": 2, "state": "on"},
        {"at": 13, "output": 2, "state": "off"},
        {"at": 16, "output": 3, "state": "off"},
    ],
    "until": 30,
    "tolerance_s": 0.5,
}
PATH = Path("example.json")
_DELETE = object()


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    data = deepcopy(GOOD)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    if value is _DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


async def test_a_good_case_parses_and_runs() -> None:
    case = parse_case(GOOD, PATH)
    assert case.id == "example"
    assert case.start.outputs == {1: True}
    assert [s.kind for s in case.steps] == [
        "input",
        "load_w",
        "output",
        "action",
        "host",
        "rule_enabled",
        "reboot",
    ]
    clock = ManualClock()
    device = make_device(case, clock)
    assert device.output(1).delay_ms == 2000
    assert device.uptime_s == 86_400
    changes = await run_case(case, device, DeviceDriver(clock))
    assert compare(case, changes) == []
    assert '"output": 3' in timeline(changes)


def test_defaults() -> None:
    data = {
        k: v for k, v in GOOD.items() if k not in {"time_zone", "compare_outputs", "tolerance_s"}
    }
    data["expect"] = []
    case = parse_case(data, PATH)
    assert (case.time_zone, case.tolerance_s, case.compare_outputs) == ("UTC", 2.0, (1, 2, 3, 4))


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["description"], "x", r"case\.description: unknown field"),
        (["name"], _DELETE, r"name: is required"),
        (["name"], " ", r"non-empty string"),
        (["profile"], "netio_4all", r"has no rules engine"),
        (["profile"], "netio_9", r"unknown profile"),
        (["time_zone"], "Mars/Base", r"unknown time zone"),
        (["netio", "macros"], {}, r"netio\.macros: unknown field"),
        (["netio", "rules"], [], r"netio\.rules: must be an object"),
        (["until"], 0, r"until: must be above 0"),
        (["until"], "60", r"until: must be a number"),
        (["tolerance_s"], -1, r"must be at least 0"),
        (["start", "time"], _DELETE, r"start\.time: is required"),
        (["start", "time"], "2026-12-07T09:00:00", r"with an offset"),
        (["start", "time"], "soon", r"with an offset"),
        (["start", "outputs", "9"], "on", r"output '9' does not exist"),
        (["start", "outputs", "1"], True, r'"on" or "off"'),
        (["start", "load_w", "3"], 10, r"output 3 of powerdin_4pz is not metered"),
        (["start", "delay_ms", "1"], -5, r"integer 0\.\.86400000"),
        (["start", "power_up", "1"], "maybe", r'"on", "off" or "last"'),
        (["start", "hosts", "router"], True, r'"up" or "down"'),
        (["start", "mood"], {}, r"start\.mood: unknown field"),
        (["steps"], {}, r"steps: must be a list"),
        (["steps", 0], {"at": 10}, r"exactly one of"),
        (["steps", 0], {"at": 10, "input": {"1": "on"}, "output": {"1": "on"}}, r"exactly one of"),
        (["steps", 0], {"input": {"1": "on"}}, r"steps\[0\]\.at: is required"),
        (["steps", 0, "at"], 99, r"is after until"),
        (["steps", 0, "at"], 20, r"steps: must be in time order"),
        (["steps", 0, "input"], {}, r"must not be empty"),
        (["steps", 0, "input"], {"3": "on"}, r"input '3' does not exist"),
        (["steps", 1, "load_w"], {"4": 5}, r"that output is not metered"),
        (["steps", 3, "action"], {"2": 6}, r"integer 0\.\.5"),
        (["steps", 5, "rule_enabled", "R"], "no", r"must be true or false"),
        (["steps", 6, "reboot"], {"downtime": 1}, r"unknown field"),
        (["steps", 0], {"at": 10, "dance": {}}, r"unknown field"),
        (["compare_outputs"], [], r"non-empty list"),
        (["compare_outputs"], [7], r"integer 1\.\.4"),
        (["expect"], {}, r"expect: must be a list"),
        (["expect", 0, "output"], 1, r"output 1 is not compared"),
        (["expect", 0, "state"], _DELETE, r"state: is required"),
        (["expect", 0, "at"], 99, r"is after until"),
        (["expect", 0, "at"], 20, r"expect: must be in time order"),
        (["expect", 0, "when"], 1, r"unknown field"),
    ],
)
def test_malformed_cases_name_the_file_and_field(path: list[Any], value: Any, message: str) -> None:
    with pytest.raises(CorpusError, match=rf"^example\.json: .*{message}"):
        parse_case(_with(path, value), PATH)


def test_case_files_must_be_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.json: not valid JSON"):
        load_case(bad)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(GOOD), encoding="utf-8")
    assert load_case(good).name == "example"
    with pytest.raises(CorpusError, match=r"case: must be an object"):
        parse_case([], PATH)


def _case(expect: list[tuple[float, int, str]]) -> Case:
    data = deepcopy(GOOD)
    data["expect"] = [{"at": a, "output": o, "state": s} for a, o, s in expect]
    return parse_case(data, PATH)


def test_compare_is_per_output_in_order_within_the_tolerance() -> None:
    case = _case([(10, 2, "on"), (10, 3, "on"), (20, 3, "off")])
    seen = [Change(10.4, 3, "on"), Change(10.2, 2, "on"), Change(20.5, 3, "off")]
    assert compare(case, seen) == []
    assert compare(case, [*seen, Change(25, 1, "on")]) == []  # output 1 is not compared
    assert compare(case, seen[:2]) == ["output 3: missing Change(at=20.0, output=3, state='off')"]
    late = [Change(10, 2, "on"), Change(10, 3, "on"), Change(20.6, 3, "off")]
    assert compare(case, late) == [
        (
            "output 3: expected Change(at=20.0, output=3, state='off'), "
            "got Change(at=20.6, output=3, state='off')"
        )
    ]
    extra = [*seen, Change(22, 2, "off")]
    assert compare(case, extra) == ["output 2: extra change Change(at=22, output=2, state='off')"]


def test_the_manual_clock_only_moves_forward() -> None:
    clock = ManualClock(5.0)
    clock.advance(2)
    assert clock() == 7.0
    with pytest.raises(ValueError, match="forward"):
        clock.set(1)
