"""The outputs' Scheduler/Timer (manual §5.1.2): an enabled timer sets its output by schedule."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from netio_simulator import OutputSpec
from netio_simulator.rules import RuleDocumentError

from .rules_helpers import bench

PRAGUE = ZoneInfo("Europe/Prague")
MONDAY_0759 = datetime(2026, 12, 7, 7, 59, tzinfo=PRAGUE)
OFFICE = {"schedules": {"Office": {"mon": [["08:00", "12:00"], ["12:00", "17:00"]]}}}
HOUR = 3600


def test_an_enabled_timer_switches_at_the_interval_edges() -> None:
    rig = bench(
        wall=MONDAY_0759,
        timezone=PRAGUE,
        outputs=[OutputSpec(state=True), OutputSpec(state=False)],
        document=OFFICE,
    )
    rig.rules.set_output_schedule(1, "Office", enabled=True)  # off at once: not yet 08:00
    rig.rules.set_output_schedule(2, "Office", enabled=False)  # bound but not running
    assert rig.rules.output_schedule(1) == ("Office", True)
    rig.at(60 + HOUR)  # 09:00
    rig.device.apply_action(1, 0)  # by hand: holds until the next edge
    rig.at(60 + 9 * HOUR)  # 17:00
    rig.at(24 * HOUR + 60)  # Tuesday 08:00: no interval
    assert rig.timeline() == [(0, 1, "off"), (60, 1, "on"), (3660, 1, "off")]
    rig.at(7 * 24 * HOUR + 60 + 5)  # next Monday 08:00:05
    assert rig.timeline()[-1] == (7 * 24 * HOUR + 60, 1, "on")
    assert rig.state(2) is False


def test_a_timer_follows_the_default_work_days_across_the_weekend() -> None:
    friday = datetime(2026, 12, 11, 23, 0, tzinfo=PRAGUE)
    rig = bench(wall=friday, timezone=PRAGUE, outputs=[OutputSpec(state=False)])
    rig.rules.set_output_schedule(1, "Work days", enabled=True)
    rig.at(3 * 24 * HOUR)
    assert rig.timeline(1) == [(0, 1, "on"), (HOUR, 1, "off"), (49 * HOUR, 1, "on")]
    assert rig.rules.schedule_ids() == {"Always": 1, "Weekend": 2, "Work days": 3}


def test_deleting_the_schedule_disables_the_timer_and_leaves_the_output() -> None:
    rig = bench(
        wall=MONDAY_0759, timezone=PRAGUE, outputs=[OutputSpec(state=False)], document=OFFICE
    )
    rig.rules.set_output_schedule(1, "Office", enabled=True)
    rig.at(120)
    rig.rules.load({})
    assert rig.rules.output_schedule(1) == (None, False)
    rig.at(10 * HOUR)
    assert rig.timeline(1) == [(60, 1, "on")]


def test_loading_keeps_timers_and_a_power_up_applies_them() -> None:
    rig = bench(
        wall=MONDAY_0759,
        timezone=PRAGUE,
        outputs=[OutputSpec(state=False, power_up="off")],
        document=OFFICE,
    )
    rig.rules.set_output_schedule(1, "Office", enabled=True)
    rig.at(120)
    rig.rules.load(OFFICE)  # no switching on load
    rig.at(130)
    rig.device.reboot(downtime_s=5)  # off, power-up off, then the timer: on
    rig.at(200)
    assert rig.timeline(1) == [(60, 1, "on"), (130, 1, "off"), (135, 1, "on")]


def test_a_timer_set_while_the_device_is_down_starts_at_power_up() -> None:
    rig = bench(wall=MONDAY_0759, timezone=PRAGUE, outputs=[OutputSpec(state=False)])
    rig.device.reboot(downtime_s=100)
    rig.rules.set_output_schedule(1, "Always", enabled=True)
    rig.at(150)
    assert rig.timeline(1) == [(100, 1, "on")]


def test_a_schedule_without_intervals_never_wakes() -> None:
    rig = bench(outputs=[OutputSpec(state=True)], document={"schedules": {"Never": {}}})
    rig.rules.set_output_schedule(1, "Never", enabled=True)
    rig.at(30 * 24 * HOUR)
    assert rig.timeline(1) == [(0, 1, "off")]


def test_bad_timers_are_refused() -> None:
    rules = bench().rules
    with pytest.raises(RuleDocumentError, match="no such schedule"):
        rules.set_output_schedule(1, "Nope", enabled=True)
    with pytest.raises(RuleDocumentError, match="needs a schedule"):
        rules.set_output_schedule(1, None, enabled=True)
    with pytest.raises(ValueError, match="unknown output"):
        rules.set_output_schedule(9, "Always", enabled=True)
    with pytest.raises(ValueError, match="unknown output"):
        rules.output_schedule(0)


def test_setting_the_clock_moves_timers_and_acts_on_a_changed_state() -> None:
    rig = bench(
        wall=MONDAY_0759, timezone=PRAGUE, outputs=[OutputSpec(state=False)], document=OFFICE
    )
    rig.rules.set_output_schedule(1, "Office", enabled=True)
    rig.rules.set_wall_time(datetime(2026, 12, 7, 7, 0, tzinfo=PRAGUE))  # still off
    rig.at(30 * 60)
    assert rig.timeline() == []
    rig.rules.set_wall_time(datetime(2026, 12, 7, 10, 0, tzinfo=PRAGUE))  # inside: on
    rig.at(1800 + 7 * HOUR + 1)  # 17:00 after the jump
    assert rig.timeline() == [(1800, 1, "on"), (1800 + 7 * HOUR, 1, "off")]
