"""Rules from the simulator's YAML configuration, its Python API and its control HTTP API."""

from pathlib import Path
from typing import Any

import aiohttp
import pytest

from netio_simulator.config import ConfigError, config_from_mapping, load_config, start_simulator
from netio_simulator.runner import DeviceConfig, Simulator, SimulatorError

EXAMPLES = Path(__file__).parents[2] / "simulator" / "examples"
CR02: dict[str, Any] = {
    "rules": {
        "CR02_RULE": {
            "conditions": {"INPUTS/1/STATE": "on"},
            "actions": {"OUTPUTS/1/ACTION": 4, "OUTPUTS/2/ACTION": 4},
        }
    }
}


async def _json(response: aiohttp.ClientResponse, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


@pytest.fixture
async def base(simulator: Simulator) -> str:
    await simulator.add_device(
        DeviceConfig(
            profile="powerdin_4pz",
            id="din",
            rules=CR02,
            hosts={"router": True},
            timezone="Europe/Prague",
        )
    )
    await simulator.add_device(DeviceConfig(profile="netio_4", id="old"))
    port = await simulator.start_control()
    return f"http://127.0.0.1:{port}"


async def test_yaml_configures_rules_hosts_and_time_zone(socket_enabled: None) -> None:
    config = config_from_mapping(
        {
            "devices": [
                {
                    "profile": "powerdin_4pz",
                    "timezone": "Europe/Prague",
                    "hosts": {"router": False},
                    "rules": CR02,
                }
            ]
        }
    )
    sim = await start_simulator(config)
    try:
        device = sim.devices[0].device
        assert device.rules is not None
        assert "CR02_RULE" in device.rules.document()["rules"]
        assert device.rules.host_reachable("router") is False
        assert str(device.timezone) == "Europe/Prague"
    finally:
        await sim.stop()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"profile": "netio_4", "rules": CR02}, r"has no rules engine"),
        ({"profile": "powerdin_4pz", "rules": {"rulez": {}}}, r"rules: unknown keys"),
        (
            {
                "profile": "powerdin_4pz",
                "rules": {
                    "rules": {
                        "R": {
                            "conditions": {"INPUTS/1/STATE": True},
                            "actions": {"OUTPUTS/1/ACTION": 1},
                        }
                    }
                },
            },
            r'INPUTS/1/STATE: must be "on" or "off", not True',
        ),
        ({"profile": "powerdin_4pz", "timezone": "Mars/Olympus"}, r"unknown time zone"),
        ({"profile": "powerdin_4pz", "hosts": {"router": "up"}}, r"hosts\.router: true or false"),
        ({"profile": "powerdin_4pz", "hosts": ["router"]}, r"hosts: expected a mapping"),
    ],
)
def test_yaml_errors_name_the_place(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_mapping({"devices": [entry]})


async def test_python_api_refuses_rules_on_netio_4x(simulator: Simulator) -> None:
    with pytest.raises(SimulatorError, match="no rules engine"):
        await simulator.add_device(DeviceConfig(profile="netio_4all", rules=CR02))
    with pytest.raises(SimulatorError, match=r"rules: rules\.R"):
        await simulator.add_device(DeviceConfig(profile="powerdin_4pz", rules={"rules": {"R": {}}}))


async def test_control_api_reads_and_writes_rules(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    url = f"{base}/devices/din/rules"
    async with http.get(url) as r:
        state = await _json(r)
    assert state["document"]["rules"]["CR02_RULE"]["enabled"] is True
    assert state["state"]["rules"] == {"CR02_RULE": True}
    assert state["wall_time"].endswith(("+01:00", "+02:00"))

    # The rule runs: input 1 through the control API toggles outputs 1 and 2.
    device = simulator.get("din").device
    before = [device.output(1).state, device.output(2).state]
    async with http.post(
        f"{base}/devices/din/actions", json={"inputs": [{"id": 1, "state": True}]}
    ) as r:
        await _json(r)
    assert [device.output(1).state, device.output(2).state] == [not s for s in before]

    new = {
        "pabs": {
            "P": {"type": "RANGE", "source": "OUTPUTS/1/LOAD", "lowerBound": 0, "upperBound": 5000}
        },
        "watchdogs": {
            "W": {
                "target": "router",
                "pingInterval": 60,
                "timeout": 5,
                "maxTimeouts": 0,
                "timeToReboot": 120,
                "maxRestarts": -1,
            }
        },
        "rules": {"R": {"conditions": {"WDT/W/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}}},
    }
    async with http.post(url, json=new) as r:
        state = await _json(r)
    assert set(state["document"]["rules"]) == {"R"}
    assert state["state"]["watchdogs"]["W"]["target_reachable"] is True
    assert state["state"]["pabs"] == {"P": True}  # no hysteresis: in range at once

    async with http.post(f"{url}/enabled", json={"R": False}) as r:
        state = await _json(r)
    assert state["state"]["rules"] == {"R": False}
    async with http.post(f"{url}/hosts", json={"router": False, "nas": None}) as r:
        assert await _json(r) == {"router": False, "nas": False}
    async with http.post(f"{url}/time", json={"time": "2026-12-11T17:00:00+01:00"}) as r:
        state = await _json(r)
    assert state["wall_time"].startswith("2026-12-11T17:00:00")
    async with http.get(f"{url}/log") as r:
        log = await _json(r)
    assert [e["message"] for e in log if e["source"] == "rule R"] == ["disabled"]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("", {"rules": {"R": {"conditions": {}, "actions": {}}}}, "needs at least one condition"),
        ("", [1, 2], "must be a JSON object"),
        ("/enabled", {"NOPE": True}, "rules.NOPE: no such rule"),
        ("/enabled", {"CR02_RULE": "yes"}, "true or false"),
        ("/hosts", {"router": "up"}, "true, false or null"),
        ("/time", {"time": "yesterday"}, "Invalid isoformat"),
        ("/time", {"time": "2026-12-11T17:00:00"}, "needs a time zone"),
        ("/time", {"time": 5}, "ISO 8601"),
        ("/time", {"when": "2026-12-11T17:00:00Z"}, "unknown keys"),
    ],
)
async def test_control_api_refuses_bad_requests_and_changes_nothing(
    base: str, http: aiohttp.ClientSession, path: str, body: Any, message: str
) -> None:
    url = f"{base}/devices/din/rules"
    async with http.get(url) as r:
        before = await _json(r)
    async with http.post(url + path, json=body) as r:
        error = await _json(r, 400)
    assert message in error["error"]
    async with http.get(url) as r:
        after = await _json(r)
    assert after["document"] == before["document"]


async def test_control_api_garbage_and_old_devices(base: str, http: aiohttp.ClientSession) -> None:
    async with http.post(f"{base}/devices/din/rules", data=b"\xff{") as r:
        assert (await _json(r, 400))["error"] == "body is not JSON"
    async with http.get(f"{base}/devices/old/rules") as r:
        assert "no rules engine" in (await _json(r, 400))["error"]
    async with http.get(f"{base}/devices/nope/rules") as r:
        assert r.status == 404


async def test_control_api_sets_output_timers(base: str, http: aiohttp.ClientSession) -> None:
    url = f"{base}/devices/din/rules/outputs"
    async with http.post(url, json={"2": {"schedule": "Always", "enabled": True}}) as r:
        state = await _json(r)
    assert state["state"]["output_schedules"]["2"] == {"schedule": "Always", "enabled": True}
    assert state["state"]["output_schedules"]["1"] == {"schedule": None, "enabled": False}
    assert state["state"]["schedule_ids"]["Work days"] == 3
    for body, message in [
        ({"9": {"enabled": False}}, "no such output"),
        ({"1": {"schedule": "Nope"}}, "no such schedule"),
        ({"1": {"enabled": True}}, "true (with a schedule) or false"),
        ({"1": {"when": 1}}, "an object with schedule and enabled"),
    ]:
        async with http.post(url, json=body) as r:
            assert message in (await _json(r, 400))["error"]


def test_the_example_configuration_is_valid() -> None:
    config = load_config(EXAMPLES / "rules.yaml")
    assert set(config.devices[0].rules or {}) == {"watchdogs", "pabs", "rules"}
