"""The JSON API over real sockets: reads, writes, validation, auth and pulse timing."""

import asyncio
import json
from typing import Any

import aiohttp
import pytest

from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import OutputSpec
from netio_simulator.metering import LoadProfile, ManualClock
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator

RW = {"Authorization": aiohttp.encode_basic_auth("admin", "secret")}
RO = {"Authorization": aiohttp.encode_basic_auth("viewer", "look")}


async def _get(http: aiohttp.ClientSession, url: str, **kwargs: Any) -> Any:
    async with http.get(url, **kwargs) as response:
        assert response.status == 200, await response.text()
        return await response.json(content_type=None)


async def _post(
    http: aiohttp.ClientSession, url: str, body: object, **kwargs: Any
) -> tuple[int, str]:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    async with http.post(url, data=data, **kwargs) as response:
        return response.status, await response.text()


@pytest.fixture
async def dev(simulator: Simulator) -> RunningDevice:
    return await simulator.add_device(
        DeviceConfig(profile="netio_4all", outputs=[OutputSpec(delay_ms=400)])
    )


@pytest.fixture
async def secured(simulator: Simulator) -> RunningDevice:
    creds = Credentials(json=ApiAccounts(Account("viewer", "look"), Account("admin", "secret")))
    return await simulator.add_device(DeviceConfig(profile="powerpdu_8qs", credentials=creds))


async def test_get_returns_the_current_state(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    doc = await _get(http, dev.url())
    assert doc["Agent"]["Model"] == "NETIO 4All"
    assert [o["State"] for o in doc["Outputs"]] == [1, 1, 1, 1]
    dev.device.apply_action(3, 0)
    doc = await _get(http, dev.url())
    assert doc["Outputs"][2]["State"] == 0
    assert dev.device.requests("json", "read")


async def test_post_replies_with_the_post_action_document(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    status, text = await _post(
        http, dev.url(), {"Outputs": [{"ID": 1, "Action": 0}, {"ID": 2, "Action": 4}]}
    )
    assert status == 200
    doc = json.loads(text)
    assert [o["State"] for o in doc["Outputs"]] == [0, 0, 1, 1]
    assert all(o["Action"] == 6 for o in doc["Outputs"])
    assert [r.detail for r in dev.device.requests("json", "write")] == [
        "POST /netio.json -> 200 1:0 2:4"
    ]


async def test_action_6_with_state_sets_the_state(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 4, "Action": 6, "State": 0}]})
    assert status == 200
    assert not dev.device.outputs[3].state
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 4, "Action": 6}]})
    assert status == 200
    assert not dev.device.outputs[3].state


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe\x00",
        "[1, 2]",
        '{"Outputs": {"ID": 1}}',
        '{"Outputs": [1]}',
        '{"Outputs": [{"ID": 1, "Action": 0}, {"ID": 9, "Action": 0}]}',
        '{"Outputs": [{"ID": 1, "Action": 0}, {"ID": 2, "Action": 7}]}',
        '{"Outputs": [{"ID": 1, "Action": 0}, {"ID": "2", "Action": 0}]}',
        '{"Outputs": [{"ID": 1, "Action": 0}, {"ID": 2}]}',
        '{"Outputs": [{"ID": 1, "Action": 2, "Delay": -1}]}',
        '{"Outputs": [{"ID": 1, "Action": 6, "State": 2}]}',
        '{"Outputs": [{"ID": true, "Action": 0}]}',
    ],
)
async def test_bad_bodies_get_400_and_change_nothing(
    dev: RunningDevice, http: aiohttp.ClientSession, body: str | bytes
) -> None:
    status, _ = await _post(http, dev.url(), body)
    assert status == 400
    assert all(o.state for o in dev.device.outputs)
    # Still alive and serving afterwards.
    assert (await _get(http, dev.url()))["Agent"]["NumOutputs"] == 4


async def test_partial_document_and_extra_keys_are_accepted(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    assert (await _post(http, dev.url(), {}))[0] == 200
    doc = await _get(http, dev.url())
    doc["Outputs"] = [{"ID": 2, "Action": 0, "Name": None, "Delay": 3000.0}]
    assert (await _post(http, dev.url(), doc))[0] == 200
    assert not dev.device.outputs[1].state


async def test_auth_levels(secured: RunningDevice, http: aiohttp.ClientSession) -> None:
    url = secured.url()
    async with http.get(url) as response:
        assert response.status == 401
    async with http.get(
        url, headers={"Authorization": aiohttp.encode_basic_auth("viewer", "wrong")}
    ) as response:
        assert response.status == 401
    async with http.get(url, headers={"Authorization": "Basic !!!"}) as response:
        assert response.status == 401
    assert (await _get(http, url, headers=RO))["Agent"]["Model"] == "8QS"
    assert (await _get(http, url, headers=RW))["Agent"]["Model"] == "8QS"
    status, text = await _post(http, url, {"Outputs": [{"ID": 1, "Action": 0}]}, headers=RO)
    assert status == 403
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    status, _ = await _post(http, url, {"Outputs": [{"ID": 1, "Action": 0}]})
    assert status == 401
    assert secured.device.outputs[0].state
    status, _ = await _post(http, url, {"Outputs": [{"ID": 1, "Action": 0}]}, headers=RW)
    assert status == 200
    assert not secured.device.outputs[0].state


async def test_read_open_write_protected(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    creds = Credentials(json=ApiAccounts(Account(), Account("admin", "secret")))
    dev = await simulator.add_device(DeviceConfig(profile="netio_4", credentials=creds))
    assert (await _get(http, dev.url()))["Agent"]["Model"] == "NETIO 4"
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 0}]})
    assert status == 403
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 0}]}, headers=RW)
    assert status == 200


async def test_both_accounts_disabled_means_api_off(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    creds = Credentials(json=ApiAccounts(Account(enabled=False), Account(enabled=False)))
    dev = await simulator.add_device(DeviceConfig(profile="netio_4", credentials=creds))
    async with http.get(dev.url()) as response:
        assert response.status == 403


async def test_other_paths_and_methods(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    base = dev.url().removesuffix("/netio.json")
    async with http.get(base + "/") as response:
        assert response.status == 404
    async with http.put(dev.url(), data="{}") as response:
        assert response.status == 405
    async with http.get(dev.url("xml")) as response:
        # xml is not among this device's protocols: like an API switched off
        assert response.status == 403


async def _state(http: aiohttp.ClientSession, device: RunningDevice, output: int) -> int:
    """The output's State as the JSON API reports it now."""
    state: int = (await _get(http, device.url()))["Outputs"][output - 1]["State"]
    return state


async def _pulse_ends_at(
    http: aiohttp.ClientSession, device: RunningDevice, clock: ManualClock, output: int, ms: int
) -> None:
    """The output keeps its pulse state until `ms` after the command, and flips back then."""
    during = await _state(http, device, output)
    clock.advance((ms - 1) / 1000)
    assert await _state(http, device, output) == during
    clock.advance(1 / 1000)
    assert await _state(http, device, output) == 1 - during


async def test_short_off_with_the_configured_delay(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    clock = ManualClock()
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4all", outputs=[OutputSpec(delay_ms=400)], clock=clock)
    )
    status, text = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 2}]})
    assert status == 200
    assert json.loads(text)["Outputs"][0]["State"] == 0
    await _pulse_ends_at(http, dev, clock, 1, 400)
    clock.advance(10)
    assert await _state(http, dev, 1) == 1


async def test_short_off_with_the_factory_default_delay(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    clock = ManualClock()
    dev = await simulator.add_device(DeviceConfig(profile="netio_4", clock=clock))
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 2, "Action": 2}]})
    assert status == 200
    await _pulse_ends_at(http, dev, clock, 2, 5000)


async def test_short_off_with_a_request_delay_and_switching_ignored(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    clock = ManualClock()
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4all", outputs=[OutputSpec(delay_ms=400)], clock=clock)
    )
    body = {"Outputs": [{"ID": 1, "Action": 2, "Delay": 700}]}
    assert (await _post(http, dev.url(), body))[0] == 200
    # A switch command during the pulse is accepted on the wire but ignored.
    status, text = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 1}]})
    assert status == 200
    assert json.loads(text)["Outputs"][0]["State"] == 0
    await _pulse_ends_at(http, dev, clock, 1, 700)
    # The request Delay was for that request only.
    assert dev.device.outputs[0].delay_ms == 400


async def test_short_on_with_a_request_delay(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    clock = ManualClock()
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4", outputs=[OutputSpec(state=False)], clock=clock)
    )
    body = {"Outputs": [{"ID": 1, "Action": 3, "Delay": 300}]}
    assert (await _post(http, dev.url(), body))[0] == 200
    assert await _state(http, dev, 1) == 1
    await _pulse_ends_at(http, dev, clock, 1, 300)


async def test_many_concurrent_clients(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    docs = await asyncio.gather(*(_get(http, dev.url()) for _ in range(50)))
    assert {d["Agent"]["SerialNumber"] for d in docs} == {dev.device.serial}


async def test_survives_bytes_that_are_not_http(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", dev.ports["http"])
    writer.write(b"\x00\xff\x10 garbage that is not HTTP\r\n\r\n")
    await writer.drain()
    answer = await reader.read(200)
    writer.close()
    await writer.wait_closed()
    assert answer == b"" or b" 400 " in answer.split(b"\r\n", 1)[0]
    assert (await _get(http, dev.url()))["Agent"]["Model"] == "NETIO 4All"


async def test_energy_over_the_wire_grows_with_load_times_time(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    # 36 kW is 10 Wh per second: three seconds on the device's clock are exactly 30 Wh.
    clock = ManualClock()
    dev = await simulator.add_device(
        DeviceConfig(
            profile="powerpdu_8qs",
            outputs=[OutputSpec(load=LoadProfile.constant(36_000.0, power_factor=1.0))],
            clock=clock,
        )
    )
    first = await _get(http, dev.url())
    clock.advance(3.0)
    second = await _get(http, dev.url())
    gained = second["Outputs"][0]["Energy"] - first["Outputs"][0]["Energy"]
    assert second["Outputs"][0]["Load"] == 36_000
    assert gained == 30
    assert second["Outputs"][0]["EnergyNR"] - first["Outputs"][0]["EnergyNR"] == gained
    assert second["GlobalMeasure"]["TotalEnergy"] - first["GlobalMeasure"]["TotalEnergy"] == gained
