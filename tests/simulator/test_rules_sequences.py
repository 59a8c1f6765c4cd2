"""Rules: sequences (repeat N / 0 / true), delay rounding, restarts and disabling.

The first test is the rules page's own example: a WatchDog failure triggers a one-time short
OFF together with a sequence (output 1 on, wait 10 s, off, wait 2 s) repeated 10 times.
"""

from typing import Any

import pytest

from netio_simulator import OutputSpec

from .rules_helpers import Bench, bench

CR01_WDT = {
    "target": "router",
    "pingInterval": 60,
    "timeout": 5,
    "maxTimeouts": 0,
    "timeToReboot": 120,
    "maxRestarts": -1,
}
PAGE_EXAMPLE: dict[str, Any] = {
    "rules": {
        "EXAMPLE": {
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
        }
    },
    "watchdogs": {"CR01_WDT": CR01_WDT},
}


def test_the_rules_page_example() -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=5000)])
    rig.rules.set_host_reachable("router", reachable=True)
    rig.rules.load(PAGE_EXAMPLE)
    rig.at(30)
    rig.rules.set_host_reachable("router", reachable=False)
    rig.at(1000)
    # Pings at 0 (answered) and 60 (no answer): FAIL at 65. The short OFF (5 s) starts at
    # 65 with the sequence; its first ON meets the pulse and is ignored; the pulse ends at 70.
    expected = [(65, 1, "off"), (70, 1, "on"), (75, 1, "off")]
    for k in range(1, 10):
        expected += [(65 + 12 * k, 1, "on"), (75 + 12 * k, 1, "off")]
    assert rig.timeline() == expected
    # maxRestarts -1: one restart per outage; FAIL stays until a ping answers.
    status = rig.rules.watchdog_status("CR01_WDT")
    assert (status.fail, status.restarts, status.phase) == (True, 1, "gave_up")


def rule_with_sequence(sequence: dict[str, Any], **actions: Any) -> dict[str, Any]:
    return {
        "rules": {
            "R": {
                "conditions": {"INPUTS/1/STATE": "on"},
                "actions": {**actions, "sequence": sequence},
            }
        }
    }


def press(rig: Bench, at: float, on: bool = True) -> None:
    rig.at(at)
    rig.device.input(1).state = on


def test_delays_round_up_to_whole_100_ms() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False)],
        document=rule_with_sequence(
            {
                "repeat": 2,
                "actions": [
                    {"OUTPUTS/1/ACTION": 1, "delay": 85},
                    {"OUTPUTS/1/ACTION": 0, "delay": 235},
                ],
            }
        ),
    )
    press(rig, 1)
    rig.at(5)
    assert rig.timeline() == [(1, 1, "on"), (1.1, 1, "off"), (1.4, 1, "on"), (1.5, 1, "off")]


@pytest.mark.parametrize("repeat", [0, True])
def test_endless_sequences_run_until_the_rule_is_disabled(repeat: int | bool) -> None:
    rig = bench(
        outputs=[OutputSpec(state=False)],
        document=rule_with_sequence(
            {"repeat": repeat, "actions": [{"OUTPUTS/1/ACTION": 4, "delay": 1000}]}
        ),
    )
    press(rig, 10)
    press(rig, 12.5, on=False)  # the condition falling does not stop it
    rig.at(14.5)
    rig.rules.set_rule_enabled("R", enabled=False)
    rig.at(100)
    assert rig.timeline() == [
        (10, 1, "on"),
        (11, 1, "off"),
        (12, 1, "on"),
        (13, 1, "off"),
        (14, 1, "on"),
    ]
    rig.rules.set_rule_enabled("R", enabled=True)  # the input is off: nothing runs
    rig.at(200)
    assert len(rig.timeline()) == 5


def test_one_time_actions_and_the_sequence_start_together() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False) for _ in range(4)],
        document=rule_with_sequence(
            {
                "repeat": 1,
                "actions": [
                    {"OUTPUTS/2/ACTION": 1, "OUTPUTS/3/ACTION": 1},
                    {"delay": 500},
                    {"OUTPUTS/2/ACTION": 0},
                ],
            },
            **{"OUTPUTS/1/ACTION": 1},
        ),
    )
    press(rig, 3)
    rig.at(10)
    assert rig.timeline() == [(3, 1, "on"), (3, 2, "on"), (3, 3, "on"), (3.5, 2, "off")]


def test_a_finite_sequence_ends_and_a_new_rise_restarts_it() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False)],
        document=rule_with_sequence(
            {
                "repeat": 3,
                "actions": [
                    {"OUTPUTS/1/ACTION": 1, "delay": 1000},
                    {"OUTPUTS/1/ACTION": 0, "delay": 1000},
                ],
            }
        ),
    )
    press(rig, 10)
    press(rig, 10.5, on=False)
    press(rig, 11.5)  # a new rise while running: the sequence starts over at 11.5
    rig.at(30)
    assert rig.timeline() == [
        (10, 1, "on"),
        (11, 1, "off"),
        (11.5, 1, "on"),
        (12.5, 1, "off"),
        (13.5, 1, "on"),
        (14.5, 1, "off"),
        (15.5, 1, "on"),
        (16.5, 1, "off"),
    ]


def test_loading_a_document_stops_running_sequences() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False)],
        document=rule_with_sequence(
            {"repeat": True, "actions": [{"OUTPUTS/1/ACTION": 4, "delay": 1000}]}
        ),
    )
    press(rig, 1)
    rig.at(2.5)
    rig.rules.load({})
    rig.at(10)
    assert rig.timeline() == [(1, 1, "on"), (2, 1, "off")]
