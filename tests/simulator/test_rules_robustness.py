"""The rules engine under garbage and through a real server: refusals are clean, reads catch up."""

from typing import Any

import aiohttp
from hypothesis import given, settings, strategies as st
import pytest

from netio_simulator import OutputSpec, device as device_module
from netio_simulator.device import SimOutput
from netio_simulator.rules import RuleDocumentError
from netio_simulator.servers.http import HttpServer

from .rules_helpers import bench

KEYS = st.sampled_from(
    [
        "rules",
        "pabs",
        "watchdogs",
        "schedules",
        "R",
        "P",
        "W",
        "conditions",
        "filters",
        "actions",
        "operator",
        "bootDelay",
        "sequence",
        "repeat",
        "delay",
        "type",
        "source",
        "thresholds",
        "lowerBound",
        "upperBound",
        "timeHysteresis",
        "latitude",
        "longitude",
        "target",
        "pingInterval",
        "timeout",
        "maxTimeouts",
        "timeToReboot",
        "maxRestarts",
        "INPUTS/1/STATE",
        "OUTPUTS/1/ACTION",
        "PAB/P/IN",
        "WDT/W/FAIL",
        "SCHEDULE/Always/ACTIVE",
        "CLOUD/OUTPUT/1/ALARM",
        "SYSTEM/DEVICE_POWER_UP",
        "mon",
        "RANGE",
        "ZONES",
        "DAYLIGHT",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 100_000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["on", "off", "AND", "OR", "${COND_RESULT}", "08:00", "24:00", "50N", ""]),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=25,
)
GOOD = {
    "rules": {"R": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/3/ACTION": 4}}}
}


@settings(max_examples=400, deadline=None)
@given(document=JSON)
def test_garbage_is_refused_cleanly_and_changes_nothing(document: Any) -> None:
    rig = bench(document=GOOD)
    before = rig.rules.document()
    try:
        rig.rules.load(document)
    except RuleDocumentError:
        assert rig.rules.document() == before
    else:
        # What was accepted reads back and loads again as it is.
        again = bench()
        again.rules.load(rig.rules.document())
        assert again.rules.document() == rig.rules.document()


async def test_a_server_read_sees_what_the_rules_did_meanwhile(socket_enabled: None) -> None:
    rig = bench(
        outputs=[OutputSpec(state=False) for _ in range(4)],
        document={
            "rules": {
                "R": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {
                        "sequence": {
                            "repeat": 3,
                            "actions": [
                                {"OUTPUTS/3/ACTION": 1, "delay": 10000},
                                {"OUTPUTS/3/ACTION": 0, "delay": 10000},
                            ],
                        }
                    },
                }
            }
        },
    )
    server = HttpServer(rig.device, apis=frozenset({"json"}))
    port = await server.start("127.0.0.1", 0)
    try:
        rig.device.input(1).state = True
        async with aiohttp.ClientSession() as http:
            states = []
            for seconds in (5, 15, 25, 65):
                rig.clock.now = rig.clock.start + seconds  # nobody looks in between
                async with http.get(f"http://127.0.0.1:{port}/netio.json") as response:
                    states.append((await response.json())["Outputs"][2]["State"])
        assert states == [1, 0, 1, 0]
        assert rig.timeline(3) == [
            (0, 3, "on"),
            (10, 3, "off"),
            (20, 3, "on"),
            (30, 3, "off"),
            (40, 3, "on"),
            (50, 3, "off"),
        ]
    finally:
        await server.stop()


def test_events_that_never_settle_fail_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    rig = bench(outputs=[OutputSpec(state=True, delay_ms=1000)])
    rig.device.apply_action(1, 2)
    monkeypatch.setattr(device_module, "MAX_EVENTS_AT_ONE_MOMENT", 5)
    monkeypatch.setattr(SimOutput, "settle", lambda _self: None)
    rig.clock.now += 5
    with pytest.raises(RuntimeError, match="do not settle"):
        rig.device.sync()
