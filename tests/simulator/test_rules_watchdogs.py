"""WatchDogs with NETIO's parameters: pings, maxTimeouts, timeToReboot, maxRestarts, startDelay.

maxRestarts per the wiki's Watchdog page: 0 = the rule fires after every failure, N = at most
N restarts per outage, -1 = one per outage and FAIL stays until a ping is answered (CR01).
"""

from typing import Any

import pytest

from netio_simulator import OutputSpec

from .rules_helpers import Bench, bench


def document(**params: Any) -> dict[str, Any]:
    wdt = {
        "target": "router",
        "pingInterval": 10,
        "timeout": 2,
        "maxTimeouts": 0,
        "timeToReboot": 30,
        "maxRestarts": 0,
        **params,
    }
    return {
        "watchdogs": {"W": wdt},
        "rules": {"R": {"conditions": {"WDT/W/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}}},
    }


def watched(steps: list[tuple[float, bool]], until: float, **params: Any) -> Bench:
    """Router up at the start, then the (time, reachable) steps."""
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    rig.rules.set_host_reachable("router", reachable=True)
    rig.rules.load(document(**params))
    for at, up in steps:
        rig.at(at)
        rig.rules.set_host_reachable("router", reachable=up)
    rig.at(until)
    return rig


def restarts(rig: Bench) -> list[float]:
    return [t for t, _, state in rig.timeline(1) if state == "off"]


def test_no_limit_restarts_after_every_failure() -> None:
    # Pings at 0, 10 answered; 20 unanswered -> FAIL at 22, restart; wait 30 s; the ping at
    # 52 fails at 54 -> restart; 84 -> 86; back at 100: the ping at 116 is answered.
    rig = watched([(15, False), (100, True)], 200, maxRestarts=0)
    assert restarts(rig) == [22, 54, 86]
    assert rig.rules.watchdog_status("W").fail is False


def test_n_restarts_per_outage_then_fail_stays_until_an_answer() -> None:
    rig = watched([(15, False), (100, True), (120, False)], 200, maxRestarts=2)
    # 22 and 54; at 84 no restart is left: FAIL stays; pings 84 (86), 94 (96), 104 answered.
    # The next outage starts a new count: 124 -> 126, then 156 -> 158.
    assert restarts(rig) == [22, 54, 126, 158]
    fails = [
        (round(e.time - rig.clock.start), e.message)
        for e in rig.rules.log
        if e.source == "watchdog W"
    ]
    assert fails[:4] == [
        (22, "FAIL (restart 1)"),
        (54, "FAIL (restart 2)"),
        (84, "no restarts left, FAIL stays"),
        (104, "target answers again"),
    ]


@pytest.mark.parametrize("limit", [-1, 1])
def test_one_restart_per_outage(limit: int) -> None:
    rig = watched([(15, False)], 120, maxRestarts=limit)
    assert restarts(rig) == [22]
    status = rig.rules.watchdog_status("W")
    assert (status.fail, status.restarts, status.phase) == (True, 1, "gave_up")


def test_max_timeouts_counts_failed_pings_in_a_row() -> None:
    rig = watched([(15, False), (35, True), (45, False)], 100, maxTimeouts=3, maxRestarts=-1)
    # 20 and 30 fail, 40 is answered (the count restarts), 50, 60, 70 fail -> FAIL at 72.
    assert restarts(rig) == [72]


def test_start_delay_holds_the_first_ping() -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    rig.rules.load(document(startDelay=25, maxRestarts=-1))
    rig.at(24)
    assert rig.rules.watchdog_status("W").phase == "starting"
    rig.at(60)
    assert restarts(rig) == [27]


def test_targets_come_from_the_engine_then_the_resolver() -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    plugged = {"router": True}
    rig.rules.host_resolver = plugged.get
    rig.rules.load(document(maxRestarts=-1))
    rig.at(15)
    assert rig.rules.watchdog_status("W").target_reachable is True
    plugged["router"] = False  # the simulated host hangs
    rig.at(30)
    assert restarts(rig) == [22]
    rig.rules.set_host_reachable("router", reachable=True)  # set names win
    rig.at(60)
    assert rig.rules.watchdog_status("W").fail is False
    rig.rules.set_host_reachable("router", reachable=None)
    assert rig.rules.host_reachable("router") is False
    assert rig.rules.host_reachable("nobody-knows") is False


def test_a_disabled_watchdog_does_not_ping() -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    rig.rules.load(document(enabled=False))
    rig.at(100)
    status = rig.rules.watchdog_status("W")
    assert (status.enabled, status.phase, status.fail) == (False, "disabled", False)
    assert rig.timeline() == []


def test_cond_result_follows_fail_and_its_re_announcements() -> None:
    rig = bench(outputs=[OutputSpec(state=False) for _ in range(4)])
    doc = document(maxRestarts=0)
    doc["rules"]["R"]["actions"] = {"OUTPUTS/4/ACTION": "${COND_RESULT}"}
    rig.rules.set_host_reachable("router", reachable=True)
    rig.rules.load(doc)
    rig.at(15)
    rig.rules.set_host_reachable("router", reachable=False)
    rig.at(60)
    # FAIL 22..52 (waiting), re-armed at 52, FAIL again at 54.
    assert rig.timeline(4) == [(22, 4, "on"), (52, 4, "off"), (54, 4, "on")]
