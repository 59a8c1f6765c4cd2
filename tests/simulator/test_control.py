"""The control HTTP API, used by the demo and benchmarks to steer devices."""

import asyncio
from typing import Any

import aiohttp
import pytest

from netio_simulator.runner import DeviceConfig, Simulator


@pytest.fixture
async def base(simulator: Simulator) -> str:
    await simulator.add_device(DeviceConfig(profile="powerpdu_8qs", id="pdu"))
    await simulator.add_device(DeviceConfig(profile="netio_4", id="plain"))
    port = await simulator.start_control()
    return f"http://127.0.0.1:{port}"


async def _json(response: aiohttp.ClientResponse, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def test_lists_devices_with_ports(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(f"{base}/devices") as response:
        listing = await _json(response)
    assert [d["id"] for d in listing["devices"]] == ["pdu", "plain"]
    assert listing["devices"][0]["ports"] == {"http": simulator.get("pdu").ports["http"]}
    assert listing["control_port"] == simulator.control_port


async def test_state_of_one_device(base: str, http: aiohttp.ClientSession) -> None:
    async with http.get(f"{base}/devices/pdu") as response:
        state = await _json(response)
    assert state["model"] == "8QS"
    assert len(state["outputs"]) == 8
    assert state["outputs"][0]["metering"]["load_w"] >= 0
    assert state["outputs"][1]["metering"] is None
    assert state["inputs"][0]["s0_counter"] == 0
    assert state["global_measure"]["voltage_v"] > 200
    async with http.get(f"{base}/devices/nope") as response:
        assert response.status == 404


async def test_faults_set_and_clear(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    device = simulator.get("pdu").device
    async with http.post(
        f"{base}/devices/pdu/faults", json={"protocol": "json", "drop": True}
    ) as r:
        snapshot = await _json(r)
    assert snapshot["json"]["drop"] is True
    assert device.faults.for_protocol("json").drop
    async with http.post(f"{base}/devices/pdu/faults", json={"latency_s": 0.5}) as r:
        await _json(r)
    assert device.faults.for_protocol("xml").latency_s == 0.5
    async with http.post(f"{base}/devices/pdu/faults", json={"clear": True}) as r:
        await _json(r)
    assert not device.faults.for_protocol("json").any
    for bad in ({"explode": True}, {"drop": "yes"}, {"protocol": "ftp", "drop": True}, [1]):
        async with http.post(f"{base}/devices/pdu/faults", json=bad) as r:
            assert "error" in await _json(r, 400)
    async with http.post(f"{base}/devices/pdu/faults", data=b"{{{") as r:
        await _json(r, 400)


async def test_actions_validate_everything_first(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    device = simulator.get("pdu").device
    body = {
        "outputs": [
            {"id": 1, "action": 0},
            {"id": 2, "name": "Router", "default_delay_ms": 1500, "power_up": "off"},
            {"id": 1, "load": {"kind": "constant", "watts": 321}},
        ],
        "inputs": [{"id": 1, "state": True, "s0_counter": 77, "temperature_c": 20.5}],
        "name": "Renamed",
    }
    async with http.post(f"{base}/devices/pdu/actions", json=body) as r:
        state = await _json(r)
    assert not device.outputs[0].state
    assert device.outputs[1].name == "Router"
    assert device.outputs[1].delay_ms == 1500
    assert device.outputs[1].power_up == "off"
    assert device.inputs[0].state
    assert device.inputs[0].s0_counter == 77
    assert device.inputs[0].temperature_c == 20.5
    assert state["name"] == "Renamed"
    device.apply_action(1, 1)
    assert state["outputs"][0]["state"] is False
    assert device.output_metering(1).load_w == 321  # type: ignore[union-attr]
    bad_bodies: list[object] = [
        {"outputs": [{"id": 3, "action": 0}, {"id": 99, "action": 0}]},
        {"outputs": [{"id": 3, "action": 0}, {"id": 2, "action": 9}]},
        {"outputs": [{"id": 3, "action": 0}, {"id": 2, "load": {"watts": 5}}]},
        {"outputs": [{"id": 3, "action": 0}], "inputs": [{"id": 5, "state": True}]},
        {"outputs": [{"id": 3, "action": 0}, {"id": 1, "power_up": "sometimes"}]},
        {"outputs": [{"id": 3, "action": 0, "colour": "red"}]},
        {"outputs": "all"},
        {"reset_energy": "yes"},
    ]
    for bad in bad_bodies:
        async with http.post(f"{base}/devices/pdu/actions", json=bad) as r:
            await _json(r, 400)
    assert device.outputs[2].state


async def test_pulse_through_the_control_api(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    body = {"outputs": [{"id": 1, "action": 2, "delay_ms": 200}]}
    async with http.post(f"{base}/devices/plain/actions", json=body) as r:
        state = await _json(r)
    assert state["outputs"][0]["state"] is False
    assert 0 < state["outputs"][0]["pulse_remaining_s"] <= 0.2
    await asyncio.sleep(0.25)
    assert simulator.get("plain").device.outputs[0].state


async def test_reboot_credentials_firmware_and_log(
    base: str, simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    running = simulator.get("pdu")
    device = running.device
    async with http.post(f"{base}/devices/pdu/reboot", json={"downtime_s": 0.2}) as r:
        state = await _json(r)
    assert state["is_down"] is True
    creds = {"json": {"read": {"username": "r", "password": "p"}, "write": {"username": "w"}}}
    async with http.post(f"{base}/devices/pdu/credentials", json=creds) as r:
        await _json(r)
    assert device.credentials.json.read.username == "r"
    assert device.credentials.json.write.password == ""
    async with http.post(f"{base}/devices/pdu/credentials", json={"json": {"admin": {}}}) as r:
        await _json(r, 400)
    async with http.post(
        f"{base}/devices/pdu/firmware", json={"firmware": "4.2.0", "json_ver": "2.4"}
    ) as r:
        state = await _json(r)
    assert state["firmware"] == "4.2.0"
    assert device.profile.energy_nr_underscore
    async with http.post(f"{base}/devices/pdu/firmware", json={"json_ver": 2.4}) as r:
        await _json(r, 400)
    await asyncio.sleep(0.25)
    async with http.get(running.url()) as response:
        assert response.status == 401
    async with http.get(f"{base}/devices/pdu/log?protocol=json&limit=5") as r:
        log = await _json(r)
    assert log[-1]["detail"] == "GET /netio.json -> 401"
    async with http.get(f"{base}/devices/pdu/log?kind=maybe") as r:
        await _json(r, 400)
