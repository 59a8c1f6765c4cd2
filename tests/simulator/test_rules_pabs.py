"""PABs: RANGE and ZONES with their time hysteresis, sources and units, DAYLIGHT elsewhere.

RANGE and ZONES follow the wiki's PAB pages: a value must stay in the interval (zone) for
`timeHysteresis` seconds before the PAB reports it; bounds are inclusive; the zone is the
number of thresholds the value reaches.
"""

from typing import Any

from netio_simulator import LoadProfile, OutputSpec

from .rules_helpers import Bench, bench


def watts(value: float) -> LoadProfile:
    """A steady resistive load."""
    return LoadProfile.constant(value, power_factor=1.0)


def load(rig: Bench, at: float, output_id: int, value: float) -> None:
    rig.at(at)
    rig.device.set_load(output_id, watts(value))


CR03: dict[str, Any] = {
    "pabs": {
        "CR03_PAB": {
            "type": "RANGE",
            "source": "OUTPUTS/1/LOAD",
            "lowerBound": 1,
            "upperBound": 20,
            "timeHysteresis": 120,
        }
    },
    "rules": {
        "CR03_RULE": {"conditions": {"PAB/CR03_PAB/IN": True}, "actions": {"OUTPUTS/1/ACTION": 2}}
    },
}


def test_cr03_load_watchdog_restarts_an_idle_appliance() -> None:
    """CR03: load between 1 and 20 W for 2 minutes -> short OFF (restart) of output 1."""
    rig = bench(outputs=[OutputSpec(load=watts(100), delay_ms=5000)], document=CR03)
    load(rig, 10, 1, 10)  # idle from 10 s: IN at 130 s
    rig.at(129.9)
    assert rig.timeline() == []
    rig.at(300)
    # The restart takes the load to 0 W (out of range); it is idle again from 135 s.
    assert rig.timeline() == [(130, 1, "off"), (135, 1, "on"), (255, 1, "off"), (260, 1, "on")]


def test_range_hysteresis_restarts_when_the_value_leaves_early() -> None:
    rig = bench(outputs=[OutputSpec(load=watts(100), delay_ms=5000)], document=CR03)
    load(rig, 10, 1, 10)
    load(rig, 100, 1, 100)  # busy again before 120 s passed
    load(rig, 110, 1, 20)  # upper bound is inclusive: idle from 110 s
    rig.at(229.9)
    assert rig.timeline() == []
    rig.at(231)
    assert rig.timeline() == [(230, 1, "off")]
    assert rig.rules.pab_value("CR03_PAB") is False  # 0 W while off


def test_range_without_hysteresis_on_current_in_milliamps() -> None:
    rig = bench(
        outputs=[OutputSpec(load=watts(100)), OutputSpec(), OutputSpec(state=False)],
        document={
            "pabs": {
                "I": {
                    "type": "RANGE",
                    "source": "OUTPUTS/1/CURRENT",
                    "lowerBound": 100,
                    "upperBound": 200,
                    "timeHysteresis": 0,
                }
            },
            "rules": {
                "R": {
                    "conditions": {"PAB/I/IN": True},
                    "actions": {"OUTPUTS/3/ACTION": "${COND_RESULT}"},
                }
            },
        },
    )
    load(rig, 10, 1, 30)  # about 130 mA at 230 V
    load(rig, 20, 1, 100)  # about 435 mA
    assert rig.timeline() == [(10, 3, "on"), (20, 3, "off")]


def test_range_on_an_input_state_and_on_the_total_load() -> None:
    rig = bench(
        outputs=[
            OutputSpec(load=watts(100)),
            OutputSpec(load=watts(20)),
            OutputSpec(state=False),
            OutputSpec(state=False),
        ],
        document={
            "pabs": {
                "DI": {
                    "type": "RANGE",
                    "source": "INPUTS/1/STATE",
                    "lowerBound": 1,
                    "upperBound": 1,
                    "timeHysteresis": 5,
                },
                "TOTAL": {
                    "type": "RANGE",
                    "source": "TOTAL/LOAD",
                    "lowerBound": 150,
                    "upperBound": 10000,
                    "timeHysteresis": 3,
                },
            },
            "rules": {
                "A": {
                    "conditions": {"PAB/DI/IN": True},
                    "actions": {"OUTPUTS/3/ACTION": "${COND_RESULT}"},
                },
                "B": {
                    "conditions": {"PAB/TOTAL/IN": True},
                    "actions": {"OUTPUTS/4/ACTION": "${COND_RESULT}"},
                },
            },
        },
    )
    rig.at(10)
    rig.device.input(1).state = True
    rig.at(20)
    rig.device.input(1).state = False
    load(rig, 30, 2, 80)  # total 180 W from 30 s
    rig.at(40)
    assert rig.timeline() == [(15, 3, "on"), (20, 3, "off"), (33, 4, "on")]


def test_power_is_the_energy_counter_in_wh_sampled_every_second() -> None:
    rig = bench(
        outputs=[OutputSpec(load=watts(3600)), OutputSpec(), OutputSpec(state=False)],
        document={
            "pabs": {
                "E": {
                    "type": "RANGE",
                    "source": "OUTPUTS/1/POWER",
                    "lowerBound": 10,
                    "upperBound": 1000000,
                }
            },
            "rules": {"R": {"conditions": {"PAB/E/IN": True}, "actions": {"OUTPUTS/3/ACTION": 1}}},
        },
    )
    rig.at(30)
    assert rig.timeline() == [(10, 3, "on")]  # 3600 W = 1 Wh per second


def test_a_swinging_load_is_seen_on_the_one_second_samples() -> None:
    rig = bench(
        outputs=[
            OutputSpec(load=LoadProfile.periodic(50, 40, 60, power_factor=1.0)),
            OutputSpec(),
            OutputSpec(state=False),
        ],
        document={
            "pabs": {
                "HIGH": {
                    "type": "RANGE",
                    "source": "OUTPUTS/1/LOAD",
                    "lowerBound": 80,
                    "upperBound": 100,
                }
            },
            "rules": {
                "R": {
                    "conditions": {"PAB/HIGH/IN": True},
                    "actions": {"OUTPUTS/3/ACTION": "${COND_RESULT}"},
                }
            },
        },
    )
    rig.at(120)
    changes = rig.timeline()
    assert [s for _, _, s in changes] == ["on", "off", "on", "off"]
    assert all(float(t).is_integer() for t, _, _ in changes)
    assert changes[2][0] - changes[0][0] == 60


ZONES: dict[str, Any] = {
    "pabs": {
        "Z": {
            "type": "ZONES",
            "source": "OUTPUTS/2/LOAD",
            "thresholds": [50, 100],
            "timeHysteresis": 10,
        }
    },
    "rules": {
        "RUN": {"conditions": {"PAB/Z/ZONE": 2}, "actions": {"OUTPUTS/3/ACTION": 1}},
        "OFF": {"conditions": {"PAB/Z/ZONE": 0}, "actions": {"OUTPUTS/3/ACTION": 0}},
    },
}


def test_zones_move_after_the_hysteresis() -> None:
    rig = bench(
        outputs=[OutputSpec(), OutputSpec(load=watts(20)), OutputSpec(state=False)], document=ZONES
    )
    assert rig.rules.pab_value("Z") == 0
    load(rig, 10, 2, 120)  # zone 2 from 10 s
    rig.at(19.9)
    assert rig.rules.pab_value("Z") == 0
    load(rig, 30, 2, 70)  # zone 1 from 30 s ...
    load(rig, 35, 2, 30)  # ... zone 0 from 35 s (the pending zone changes)
    load(rig, 50, 2, 120)
    load(rig, 55, 2, 30)  # back in the current zone before 10 s: no change
    rig.at(80)
    assert rig.timeline() == [(20, 3, "on"), (45, 3, "off")]
    assert rig.rules.pab_value("Z") == 0


def test_zone_numbers_follow_the_wiki_example() -> None:
    """130 mA with thresholds [50, 100, 150, 200] is zone 2 (the PAB - ZONES page)."""
    rig = bench(
        outputs=[OutputSpec(), OutputSpec(load=watts(30))],
        document={
            "pabs": {
                "Z": {
                    "type": "ZONE",
                    "source": "OUTPUTS/2/CURRENT",
                    "thresholds": [50, 100, 150, 200],
                    "timeHysteresis": 10,
                }
            }
        },
    )
    assert rig.rules.pab_value("Z") == 0
    rig.at(10)
    assert rig.rules.pab_value("Z") == 2


def test_a_disabled_pab_reads_false() -> None:
    doc = {**CR03, "pabs": {"CR03_PAB": {**CR03["pabs"]["CR03_PAB"], "enabled": False}}}
    rig = bench(outputs=[OutputSpec(load=watts(10))], document=doc)
    rig.at(500)
    assert rig.rules.pab_value("CR03_PAB") is False
    assert rig.timeline() == []
    assert rig.rules.document()["pabs"]["CR03_PAB"]["enabled"] is False


def test_a_pab_counts_its_hysteresis_from_when_it_starts() -> None:
    rig = bench(outputs=[OutputSpec(load=watts(10), delay_ms=5000)], document=CR03)
    assert rig.rules.pab_value("CR03_PAB") is False
    rig.at(200)
    assert rig.timeline() == [(120, 1, "off"), (125, 1, "on")]


def test_without_hysteresis_a_value_holds_at_start_and_does_not_fire() -> None:
    doc = {**CR03, "pabs": {"CR03_PAB": {**CR03["pabs"]["CR03_PAB"], "timeHysteresis": 0}}}
    rig = bench(outputs=[OutputSpec(load=watts(10), delay_ms=5000)], document=doc)
    assert rig.rules.pab_value("CR03_PAB") is True
    rig.at(200)
    assert rig.timeline() == []
