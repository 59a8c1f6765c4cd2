"""Rules: conditions, the operator default, edges, filters, ${COND_RESULT} and the actions.

Expected timelines come from the rules page (`netio-rules-wiki.txt`) and the manual's action
semantics; choices the page leaves open are numbered in `netio_simulator.rules`.
"""

from typing import Any

import pytest

from netio_simulator import OutputSpec

from .rules_helpers import Bench, bench

OFF_OUTPUTS = [OutputSpec(state=False) for _ in range(4)]


def rule(conditions: dict[str, Any], actions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A document with one rule R."""
    return {"rules": {"R": {"conditions": conditions, "actions": actions, **extra}}}


def set_input(rig: Bench, at: float, input_id: int, on: bool) -> None:
    rig.at(at)
    rig.device.input(input_id).state = on


def test_or_is_the_default_and_a_second_member_does_not_fire_again() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document=rule({"INPUTS/1/STATE": "on", "INPUTS/2/STATE": "on"}, {"OUTPUTS/3/ACTION": 4}),
    )
    set_input(rig, 10, 1, on=True)  # false -> true: toggle on
    set_input(rig, 20, 2, on=True)  # still true: nothing
    set_input(rig, 30, 1, on=False)  # still true (input 2)
    set_input(rig, 40, 2, on=False)  # true -> false: nothing to do
    set_input(rig, 50, 2, on=True)  # false -> true: toggle off
    rig.at(60)
    assert rig.timeline() == [(10, 3, "on"), (50, 3, "off")]


@pytest.mark.parametrize("where", ["top", "inside"])
def test_and_needs_every_condition(where: str) -> None:
    conditions: dict[str, Any] = {"INPUTS/1/STATE": "on", "INPUTS/2/STATE": "on"}
    extra: dict[str, Any] = {}
    if where == "top":
        extra["operator"] = "AND"
    else:
        conditions["operator"] = "AND"
    rig = bench(outputs=OFF_OUTPUTS, document=rule(conditions, {"OUTPUTS/3/ACTION": 1}, **extra))
    set_input(rig, 10, 1, on=True)
    assert not rig.state(3)
    set_input(rig, 20, 2, on=True)
    assert rig.timeline() == [(20, 3, "on")]


def test_off_values_of_conditions() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document=rule({"INPUTS/1/STATE": "off"}, {"OUTPUTS/3/ACTION": "${COND_RESULT}"}),
    )
    # Input 1 is off at load: the condition is already true and does not fire.
    set_input(rig, 5, 1, on=True)  # true -> false: action 0 (already off)
    set_input(rig, 8, 1, on=False)  # false -> true: action 1
    assert rig.timeline() == [(8, 3, "on")]


def test_a_condition_true_at_load_or_enable_does_not_fire() -> None:
    rig = bench(outputs=OFF_OUTPUTS)
    rig.device.input(1).state = True
    rig.rules.load(rule({"INPUTS/1/STATE": "on"}, {"OUTPUTS/3/ACTION": 1}))
    rig.at(10)
    rig.rules.set_rule_enabled("R", enabled=False)
    set_input(rig, 20, 1, on=False)
    set_input(rig, 30, 1, on=True)  # disabled: nothing
    rig.at(40)
    rig.rules.set_rule_enabled("R", enabled=True)  # already true: nothing
    rig.at(50)
    assert rig.timeline() == []
    set_input(rig, 60, 1, on=False)
    set_input(rig, 70, 1, on=True)
    assert rig.timeline() == [(70, 3, "on")]


def test_output_state_conditions_chain_in_the_same_instant() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document={
            "rules": {
                "A": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/1/ACTION": 1}},
                "B": {"conditions": {"OUTPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/2/ACTION": 1}},
                "C": {
                    "conditions": {"OUTPUTS/2/STATE": "on"},
                    "actions": {"OUTPUTS/4/ACTION": "${COND_RESULT}"},
                },
            }
        },
    )
    set_input(rig, 10, 1, on=True)
    rig.at(15)
    rig.device.apply_action(2, 0)  # another client: rule C follows with 0
    rig.at(20)
    assert rig.timeline() == [
        (10, 1, "on"),
        (10, 2, "on"),
        (10, 4, "on"),
        (15, 2, "off"),
        (15, 4, "off"),
    ]


def test_filters_mask_the_change_and_a_lost_change_stays_lost() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document=rule(
            {"INPUTS/1/STATE": "on"},
            {"OUTPUTS/3/ACTION": 4},
            filters={"OUTPUTS/2/STATE": "on", "INPUTS/2/STATE": "off"},
        ),
    )
    set_input(rig, 10, 1, on=True)  # output 2 off: masked
    rig.at(20)
    rig.device.apply_action(2, 1)  # the filter opens, the condition is still true: nothing
    set_input(rig, 30, 1, on=False)
    set_input(rig, 40, 1, on=True)  # both filters true: toggle
    set_input(rig, 50, 2, on=True)
    set_input(rig, 60, 1, on=False)
    set_input(rig, 70, 1, on=True)  # input 2 is on: masked
    assert rig.timeline(3) == [(40, 3, "on")]


def test_cond_result_runs_on_both_changes_and_others_only_on_the_rise() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document=rule(
            {"INPUTS/1/STATE": "on"},
            {"OUTPUTS/3/ACTION": "${COND_RESULT}", "OUTPUTS/4/ACTION": 4},
        ),
    )
    set_input(rig, 10, 1, on=True)
    set_input(rig, 20, 1, on=False)
    set_input(rig, 30, 1, on=True)
    assert rig.timeline() == [
        (10, 3, "on"),
        (10, 4, "on"),
        (20, 3, "off"),
        (30, 3, "on"),
        (30, 4, "off"),
    ]


def test_cloud_alarm_goes_to_the_device_log() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document={
            "rules": {
                "ALARM": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {"CLOUD/OUTPUT/1/ALARM": "${COND_RESULT}"},
                },
                "FIXED": {
                    "conditions": {"INPUTS/2/STATE": "on"},
                    "actions": {"CLOUD/OUTPUT/2/ALARM": 1},
                },
            }
        },
    )
    set_input(rig, 10, 1, on=True)
    assert rig.rules.alarms == {1: 1}
    set_input(rig, 20, 1, on=False)
    set_input(rig, 25, 2, on=True)
    assert rig.rules.alarms == {1: 0, 2: 1}
    cloud = [
        (round(e.time - rig.clock.start), e.message) for e in rig.rules.log if e.source == "cloud"
    ]
    assert cloud == [
        (10, "output 1 alarm ON"),
        (20, "output 1 alarm OFF"),
        (25, "output 2 alarm ON"),
    ]
    assert rig.timeline() == []


@pytest.mark.parametrize(
    ("action", "initially", "expected"),
    [
        (0, True, [(10, "off")]),
        (1, False, [(10, "on")]),
        (2, True, [(10, "off"), (12, "on")]),  # short OFF: the output's 2000 ms delay
        (2, False, [(10, "on")]),  # short OFF of an off output switches it on (manual §5.2)
        (3, False, [(10, "on"), (12, "off")]),
        (3, True, [(10, "off")]),
        (4, True, [(10, "off")]),
        (4, False, [(10, "on")]),
        (5, True, []),
    ],
)
def test_every_action_code_uses_the_device_semantics(
    action: int, initially: bool, expected: list[tuple[float, str]]
) -> None:
    rig = bench(
        outputs=[OutputSpec(state=initially, delay_ms=2000)],
        document=rule({"INPUTS/1/STATE": "on"}, {"OUTPUTS/1/ACTION": action}),
    )
    set_input(rig, 10, 1, on=True)
    rig.at(30)
    assert rig.timeline() == [(t, 1, s) for t, s in expected]


def test_switching_during_a_pulse_is_ignored_for_rules_too() -> None:
    rig = bench(
        outputs=[OutputSpec(state=True, delay_ms=5000)],
        document=rule({"INPUTS/1/STATE": "on"}, {"OUTPUTS/1/ACTION": 1}),
    )
    rig.device.apply_action(1, 2)  # short OFF by a client: off for 5 s
    set_input(rig, 2, 1, on=True)  # the rule's ON comes during the pulse: ignored
    rig.at(10)
    assert rig.timeline() == [(0, 1, "off"), (5, 1, "on")]


def test_actions_apply_in_document_order() -> None:
    rig = bench(
        outputs=OFF_OUTPUTS,
        document=rule({"INPUTS/1/STATE": "on"}, {"OUTPUTS/2/ACTION": 1, "OUTPUTS/1/ACTION": 1}),
    )
    set_input(rig, 1, 1, on=True)
    assert [o for _, o, _ in rig.timeline()] == [2, 1]
    messages = [e.message for e in rig.rules.log if e.source == "rule R"]
    assert messages == ["condition 1", "OUTPUTS/2/ACTION=1", "OUTPUTS/1/ACTION=1"]
