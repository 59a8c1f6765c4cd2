"""NETIO WatchDogs of imported rules → the announcing watchdogs' subentry data, and back."""

from __future__ import annotations

from custom_components.netio.client.rules import parse_document, parse_watchdog
from custom_components.netio.rules.watchdogs import (
    netio_name,
    referenced_watchdogs,
    subentry_data,
    watchdog_from_subentry,
    watchdog_output,
    watchdog_problems,
    watchdog_title,
    watchdog_unique_id,
)

WDT = {
    "target": "192.0.2.1",
    "pingInterval": 60,
    "timeout": 5,
    "maxTimeouts": 0,
    "timeToReboot": 120,
    "maxRestarts": -1,
}


def test_subentry_data_and_back() -> None:
    watchdog = parse_watchdog("R", {**WDT, "startDelay": 30})
    data = subentry_data(watchdog, output=2)
    assert data == {
        "output": 2,
        "method": "ping",
        "target": "192.0.2.1",
        "port": 80,
        "interval": 60,
        "timeout": 5,
        "max_timeouts": 0,
        "time_to_reboot": 120,
        "start_delay": 30,
        "max_restarts": -1,
        "action": "announce",
    }
    assert watchdog_from_subentry("R", data) == watchdog
    url = parse_watchdog("R", {**WDT, "target": "http://192.0.2.1/"})
    assert subentry_data(url, output=1)["method"] == "http"
    assert subentry_data(url, output=1)["start_delay"] == 0


def test_names() -> None:
    assert watchdog_unique_id("CR01_WDT") == "WDT/CR01_WDT"
    assert netio_name("WDT/CR01_WDT") == "CR01_WDT"
    assert netio_name("something else") is None
    assert netio_name(None) is None
    assert watchdog_title("CR01_WDT") == "NETIO CR01_WDT"


def test_referenced_watchdogs_and_their_output() -> None:
    document = parse_document(
        {
            "rules": {
                "alarm": {
                    "conditions": {"WDT/A/FAIL": True},
                    "actions": {"CLOUD/OUTPUT/1/ALARM": 1},
                },
                "seq": {
                    "conditions": {"WDT/B/FAIL": True, "INPUTS/1/STATE": "on"},
                    "actions": {
                        "sequence": {"repeat": 1, "actions": [{"OUTPUTS/3/ACTION": 0}]},
                    },
                },
                "again": {"conditions": {"WDT/A/FAIL": False}, "actions": {"OUTPUTS/9/ACTION": 1}},
            },
            "watchdogs": {"A": WDT, "B": WDT, "UNUSED": WDT},
        }
    )
    assert document.problems == ()
    assert referenced_watchdogs(document) == ["A", "B"]
    # A's rules act on the cloud alarm and on an output the device lacks: the lowest output.
    assert watchdog_output(document, "A", [4, 2, 3]) == 2
    assert watchdog_output(document, "B", [1, 2, 3, 4]) == 3


def test_problems() -> None:
    document = parse_document(
        {
            "watchdogs": {
                "OK": WDT,
                "BIG": {**WDT, "pingInterval": 100_000, "maxRestarts": 5000, "startDelay": 1},
                "SLOW": {**WDT, "pingInterval": 5, "timeout": 6},
            }
        }
    )
    assert document.problems == ()
    notes = watchdog_problems(document)
    assert [(note.code, dict(note.placeholders)) for note in notes] == [
        (
            "watchdog_out_of_range",
            {
                "watchdog": "BIG",
                "field": "pingInterval",
                "value": "100000",
                "low": "1",
                "high": "86400",
            },
        ),
        (
            "watchdog_out_of_range",
            {
                "watchdog": "BIG",
                "field": "maxRestarts",
                "value": "5000",
                "low": "-1",
                "high": "1000",
            },
        ),
        ("watchdog_timeout_above_interval", {"watchdog": "SLOW"}),
    ]
