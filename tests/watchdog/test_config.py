"""Watchdog settings: subentry data and NETIO's WDT JSON."""

from __future__ import annotations

import pytest

from custom_components.netio.watchdog.config import (
    NetioJsonError,
    WatchdogConfig,
    from_netio,
    host_of,
)
from custom_components.netio.watchdog.machine import FailureAction


def test_netio_example_from_the_rules_page() -> None:
    text = (
        '{"target":"192.168.1.5","pingInterval":60,"timeout":5,"maxTimeouts":0,'
        '"timeToReboot":120,"maxRestarts":-1}'
    )
    assert from_netio(text) == {
        "target": "192.168.1.5",
        "interval": 60,
        "timeout": 5,
        "max_timeouts": 0,
        "time_to_reboot": 120,
        "max_restarts": -1,
    }


def test_netio_wrapped_by_name() -> None:
    fields = from_netio('{"CR01_WDT": {"target": "router", "startDelay": 10}}')
    assert fields == {"target": "router", "start_delay": 10, "name": "CR01_WDT"}
    assert from_netio('{"target": "x", "name": "Mine"}')["name"] == "Mine"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"a": 1}',
        '{"target": ""}',
        '{"target": "x", "timeout": "5"}',
        '{"target": "x", "timeout": true}',
    ],
)
def test_netio_rejects(text: str) -> None:
    with pytest.raises(NetioJsonError):
        from_netio(text)


def test_config_from_subentry_with_defaults() -> None:
    config = WatchdogConfig.from_subentry("Router", {"output": "2", "target": "10.0.0.1"})
    assert config.output_id == 2
    assert config.method == "ping"
    assert config.params.max_restarts == 3
    assert config.params.action is FailureAction.POWER_CYCLE
    assert config.pulse_ms is None
    assert config.url == "http://10.0.0.1:80/"
    full = WatchdogConfig.from_subentry(
        "Web", {"output": 1, "target": "http://h:8080/x", "method": "http", "pulse": 2.5}
    )
    assert full.pulse_ms == 2500
    assert full.url == "http://h:8080/x"
    assert full.host == "h"


def test_host_of() -> None:
    assert host_of(" router ") == "router"
    assert host_of("https://nas.local:5001/") == "nas.local"
