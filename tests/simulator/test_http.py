"""The JSON API over real sockets: reads, writes, validation, auth and pulse timing."""

import asyncio
import json
import time
from typing import Any

import aiohttp
import pytest

from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import OutputSpec
from netio_simulator.metering import LoadProfile
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


async def _state_timeline(
    http: aiohttp.ClientSession, url: str, output: int, until_s: float
) -> list[tuple[float, int]]:
    """Poll an output's State and return (seconds since start, state) samples."""
    start = time.monotonic()
    samples: list[tuple[float, int]] = []
    while (elapsed := time.monotonic() - start) < until_s:
        doc = await _get(http, url)
        samples.append((elapsed, doc["Outputs"][output - 1]["State"]))
        await asyncio.sleep(0.02)
    return samples


def _back_on_after(samples: list[tuple[float, int]]) -> float:
    assert samples[0][1] == 0
    return next(t for t, state in samples if state == 1)


async def test_short_off_with_the_configured_delay(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    start = time.monotonic()
    status, text = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 2}]})
    assert status == 200
    assert json.loads(text)["Outputs"][0]["State"] == 0
    offset = time.monotonic() - start
    samples = await _state_timeline(http, dev.url(), 1, 0.9)
    back_on = _back_on_after(samples) + offset
    assert 0.4 - 0.1 <= back_on <= 0.4 + 0.1
    assert all(state == 1 for t, state in samples if t + offset > back_on)


async def test_short_off_with_the_factory_default_delay(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    dev = await simulator.add_device(DeviceConfig(profile="netio_4"))
    start = time.monotonic()
    status, _ = await _post(http, dev.url(), {"Outputs": [{"ID": 2, "Action": 2}]})
    assert status == 200
    offset = time.monotonic() - start
    samples = await _state_timeline(http, dev.url(), 2, 5.3)
    assert 5.0 - 0.1 <= _back_on_after(samples) + offset <= 5.0 + 0.1


async def test_short_off_with_a_request_delay_and_switching_ignored(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    start = time.monotonic()
    body = {"Outputs": [{"ID": 1, "Action": 2, "Delay": 700}]}
    assert (await _post(http, dev.url(), body))[0] == 200
    # A switch command during the pulse is accepted on the wire but ignored.
    status, text = await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 1}]})
    assert status == 200
    assert json.loads(text)["Outputs"][0]["State"] == 0
    offset = time.monotonic() - start
    samples = await _state_timeline(http, dev.url(), 1, 1.0)
    assert 0.7 - 0.1 <= _back_on_after(samples) + offset <= 0.7 + 0.1
    # The request Delay was for that request only.
    assert dev.device.outputs[0].delay_ms == 400


async def test_short_on_with_a_request_delay(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4", outputs=[OutputSpec(state=False)])
    )
    start = time.monotonic()
    assert (await _post(http, dev.url(), {"Outputs": [{"ID": 1, "Action": 3, "Delay": 300}]}))[
        0
    ] == 200
    offset = time.monotonic() - start
    samples = await _state_timeline(http, dev.url(), 1, 0.6)
    assert samples[0][1] == 1
    off_at = next(t for t, state in samples if state == 0) + offset
    assert 0.2 <= off_at <= 0.4


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
    # 36 kW is 10 Wh per second, so one second shows up clearly in whole Wh.
    dev = await simulator.add_device(
        DeviceConfig(
            profile="powerpdu_8qs",
            outputs=[OutputSpec(load=LoadProfile.constant(36_000.0, power_factor=1.0))],
        )
    )
    first = await _get(http, dev.url())
    start = time.monotonic()
    await asyncio.sleep(1.0)
    second = await _get(http, dev.url())
    elapsed = time.monotonic() - start
    gained = second["Outputs"][0]["Energy"] - first["Outputs"][0]["Energy"]
    assert second["Outputs"][0]["Load"] == 36_000
    assert abs(gained - 10 * elapsed) <= 1.5
    assert second["Outputs"][0]["EnergyNR"] - first["Outputs"][0]["EnergyNR"] == gained
    assert second["GlobalMeasure"]["TotalEnergy"] - first["GlobalMeasure"]["TotalEnergy"] == gained
