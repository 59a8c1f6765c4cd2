"""Schedules, daylight, power cuts and bootDelay: everything that hangs on the clock."""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from astral import Observer  # type: ignore[import-untyped]
from astral.sun import sunrise, sunset  # type: ignore[import-untyped]
import pytest

from netio_simulator import OutputSpec

from .rules_helpers import Bench, bench

PRAGUE = ZoneInfo("Europe/Prague")
FRIDAY_1659 = datetime(2026, 12, 11, 16, 59, tzinfo=PRAGUE)


def press(rig: Bench, at: float, on: bool = True) -> None:
    rig.at(at)
    rig.device.input(1).state = on


def test_schedule_boundaries_friday_17_to_saturday() -> None:
    rig = bench(
        wall=FRIDAY_1659,
        timezone=PRAGUE,
        document={
            "schedules": {
                "Office": {"fri": [["08:00", "17:00"]]},
                "Evening": {"fri": [["17:00", "24:00"]], "sat": [["00:00", "06:00:30"]]},
            }
        },
    )
    rules = rig.rules
    assert rules.schedule_active("Office")
    rig.at(59.9)
    assert rules.schedule_active("Office")
    assert not rules.schedule_active("Evening")
    rig.at(60)  # 17:00:00: the end is excluded, the next interval starts
    assert not rules.schedule_active("Office")
    assert rules.schedule_active("Evening")
    assert rules.schedule_active("Work days")
    assert not rules.schedule_active("Weekend")
    rig.at(60 + 7 * 3600 - 0.1)  # Friday 23:59:59.9
    assert rules.schedule_active("Work days")
    assert rules.schedule_active("Evening")
    rig.at(60 + 7 * 3600)  # Saturday 00:00
    assert not rules.schedule_active("Work days")
    assert rules.schedule_active("Weekend")
    assert rules.schedule_active("Evening")  # 24:00 on Friday meets 00:00 on Saturday
    rig.at(60 + 13 * 3600 + 30)  # Saturday 06:00:30
    assert not rules.schedule_active("Evening")
    assert rules.schedule_active("Always")


def test_a_schedule_filter_masks_a_rule_outside_its_hours() -> None:
    rig = bench(
        wall=FRIDAY_1659,
        timezone=PRAGUE,
        outputs=[OutputSpec(state=False) for _ in range(4)],
        document={
            "schedules": {"Office": {"fri": [["08:00", "17:00"]]}},
            "rules": {
                "R": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "filters": {"SCHEDULE/Office/ACTIVE": True},
                    "actions": {"OUTPUTS/3/ACTION": 4},
                }
            },
        },
    )
    press(rig, 59)  # 16:59:59: inside
    press(rig, 59.5, on=False)
    press(rig, 60)  # 17:00:00: outside
    assert rig.timeline() == [(59, 3, "on")]


def test_schedules_follow_the_device_time_zone_across_dst() -> None:
    # 2027-03-28 02:00 CET becomes 03:00 CEST in Prague.
    rig = bench(
        wall=datetime(2027, 3, 28, 0, 59, tzinfo=UTC),  # 01:59 CET, Sunday
        timezone=PRAGUE,
        document={"schedules": {"Early": {"sun": [["03:00", "03:30"]]}}},
    )
    assert not rig.rules.schedule_active("Early")
    rig.at(60)  # 01:00 UTC = 03:00 CEST
    assert rig.rules.schedule_active("Early")
    assert rig.rules.local_time().utcoffset() == timedelta(hours=2)


DAYLIGHT_RULE: dict[str, Any] = {
    "conditions": {"PAB/SUN/DAY": True},
    "actions": {"OUTPUTS/3/ACTION": "${COND_RESULT}"},
}


@pytest.mark.parametrize(
    ("latitude", "longitude", "lat", "lon", "day"),
    [
        ("50.0058144N", "14.4129433E", 50.0058144, 14.4129433, date(2026, 12, 7)),
        ("33.8688S", "151.2093E", -33.8688, 151.2093, date(2027, 6, 21)),
        (40.7128, -74.006, 40.7128, -74.006, date(2027, 3, 1)),
    ],
)
def test_daylight_switches_at_sunrise_and_sunset(
    latitude: str | float, longitude: str | float, lat: float, lon: float, day: date
) -> None:
    observer = Observer(lat, lon, 0.0)
    rise, sets = sunrise(observer, day), sunset(observer, day)
    start = rise - timedelta(hours=2)
    rig = bench(
        wall=start,
        outputs=[OutputSpec(state=False) for _ in range(4)],
        document={
            "pabs": {"SUN": {"type": "DAYLIGHT", "latitude": latitude, "longitude": longitude}},
            "rules": {"R": DAYLIGHT_RULE},
        },
    )
    assert rig.rules.pab_value("SUN") is False
    rig.at(30 * 3600)
    on_at, off_at = rig.timeline()[0][0], rig.timeline()[1][0]
    assert [s for _, _, s in rig.timeline()][:2] == ["on", "off"]
    # NOAA's equations against Home Assistant's astronomy library: within a second.
    assert abs(on_at - (rise - start).total_seconds()) < 1.0
    assert abs(off_at - (sets - start).total_seconds()) < 1.0


def test_setting_the_wall_clock_moves_daylight() -> None:
    rig = bench(
        wall=datetime(2026, 12, 7, 3, 0, tzinfo=UTC),
        outputs=[OutputSpec(state=False) for _ in range(4)],
        document={
            "pabs": {"SUN": {"type": "DAYLIGHT", "latitude": 50.0, "longitude": 14.4}},
            "rules": {"R": DAYLIGHT_RULE},
        },
    )
    rig.rules.set_wall_time(datetime(2026, 12, 7, 12, 0, tzinfo=UTC))
    assert rig.rules.pab_value("SUN") is True  # a clock jump into the day is a change
    assert rig.timeline() == [(0, 3, "on")]
    with pytest.raises(ValueError, match="time zone"):
        rig.rules.set_wall_time(datetime(2026, 12, 7, 12, 0))  # noqa: DTZ001


def test_polar_night_has_no_day() -> None:
    rig = bench(
        wall=datetime(2026, 12, 21, 0, 0, tzinfo=UTC),
        document={"pabs": {"SUN": {"type": "DAYLIGHT", "latitude": "78.2N", "longitude": "15.6E"}}},
    )
    rig.at(3 * 86_400)
    assert rig.rules.pab_value("SUN") is False


def test_polar_day_is_all_day() -> None:
    rig = bench(
        wall=datetime(2027, 6, 21, 0, 0, tzinfo=UTC),
        document={"pabs": {"SUN": {"type": "DAYLIGHT", "latitude": 78.2, "longitude": 15.6}}},
    )
    rig.at(2 * 86_400)
    assert rig.rules.pab_value("SUN") is True


POWER_CUT_OUTPUTS = [
    OutputSpec(state=True, power_up="last"),
    OutputSpec(state=True, power_up="off"),
    OutputSpec(state=False, power_up="on"),
    OutputSpec(state=False, power_up="last"),
]


def test_a_power_cut_then_power_up_states_and_device_power_up() -> None:
    rig = bench(
        outputs=POWER_CUT_OUTPUTS,
        document={
            "rules": {
                "P": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
                    "actions": {"OUTPUTS/4/ACTION": 1},
                },
                "A": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
                    "actions": {"CLOUD/OUTPUT/1/ALARM": "${COND_RESULT}"},
                },
                "I": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/2/ACTION": 1}},
            }
        },
    )
    rig.at(10)
    rig.device.reboot(downtime_s=5)
    assert rig.device.is_down
    press(rig, 12)  # while the device is down: nobody sees it
    rig.device.apply_action(2, 1)  # ignored: no power
    rig.at(30)
    assert rig.timeline() == [
        (10, 1, "off"),
        (10, 2, "off"),
        (15, 1, "on"),
        (15, 3, "on"),
        (15, 4, "on"),
    ]
    alarm = [round(e.time - rig.clock.start) for e in rig.rules.log if e.source == "cloud"]
    assert alarm == [15, 15]  # true for one evaluation: ON then OFF at power-up
    assert rig.rules.alarms == {1: 0}
    assert rig.device.uptime_s == 15


def test_a_reboot_without_downtime_and_a_running_sequence() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False, power_up="off")],
        document={
            "rules": {
                "R": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {
                        "sequence": {
                            "repeat": 0,
                            "actions": [{"OUTPUTS/1/ACTION": 4, "delay": 1000}],
                        }
                    },
                }
            }
        },
    )
    press(rig, 1)
    rig.at(2.5)
    rig.device.reboot()
    rig.at(10)
    assert rig.timeline() == [(1, 1, "on"), (2, 1, "off")]  # stopped by the power cut


def test_boot_delay_holds_rules_after_a_boot() -> None:
    rig = bench(
        outputs=[OutputSpec(state=False, power_up="off") for _ in range(4)],
        initial_uptime_s=3600,
        document={
            "rules": {
                "S": {
                    "conditions": {"SYSTEM/DEVICE_POWER_UP": True},
                    "actions": {"OUTPUTS/3/ACTION": 1},
                    "bootDelay": 30,
                },
                "I": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/4/ACTION": 4},
                    "bootDelay": 20,
                },
            }
        },
    )
    press(rig, 5)  # long after the last boot: fires
    press(rig, 6, on=False)
    rig.at(10)
    rig.device.reboot(downtime_s=5)  # up at 15
    press(rig, 20)  # within bootDelay: nothing
    press(rig, 25, on=False)
    press(rig, 40)  # 25 s after boot: fires
    rig.at(60)
    assert rig.timeline() == [(5, 4, "on"), (10, 4, "off"), (40, 4, "on"), (45, 3, "on")]


def test_boot_delay_counts_from_the_last_boot_when_loaded() -> None:
    rig = bench(outputs=[OutputSpec(state=False) for _ in range(4)])  # booted at 0
    rig.rules.load(
        {
            "rules": {
                "I": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/4/ACTION": 1},
                    "bootDelay": 20,
                }
            }
        }
    )
    press(rig, 10)
    press(rig, 12, on=False)
    press(rig, 25)
    assert rig.timeline() == [(25, 4, "on")]
