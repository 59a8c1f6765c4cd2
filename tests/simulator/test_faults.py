"""Every fault mode, as a client sees it over a real socket."""

import asyncio
import json
import time

import aiohttp
from Netio import Netio
from Netio.exceptions import AuthError, CommunicationError
import pytest
import requests

from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.metering import ManualClock
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator


@pytest.fixture
async def dev(simulator: Simulator) -> RunningDevice:
    return await simulator.add_device(
        DeviceConfig(profile="netio_4all", protocols=frozenset({"json", "xml", "url"}))
    )


async def test_latency(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set("json", latency_s=0.3)
    start = time.monotonic()
    async with http.get(dev.url()) as response:
        assert response.status == 200
    assert time.monotonic() - start >= 0.3


async def test_latency_delays_only_its_protocol(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    dev.device.faults.set("json", latency_s=3600)
    delayed = asyncio.create_task(http.get(dev.url()))
    async with http.get(dev.url("xml")) as response:
        assert response.status == 200
    assert not delayed.done()
    delayed.cancel()
    with pytest.raises(asyncio.CancelledError):
        await delayed


async def test_drop_resets_the_connection(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set(drop=True)
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(dev.url()) as response:
            await response.read()
    assert dev.device.requests("json")[-1].detail.endswith("dropped")
    dev.device.faults.clear()
    async with http.get(dev.url()) as response:
        assert response.status == 200


async def test_drop_seen_by_the_netio_client(dev: RunningDevice) -> None:
    dev.device.faults.set("json", drop=True)
    with pytest.raises(requests.ConnectionError):
        await asyncio.to_thread(Netio, dev.url(), auth_rw=("a", "b"), timeout=2)


async def test_hang_makes_the_client_time_out(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    dev.device.faults.set("json", hang=True)
    with pytest.raises(TimeoutError):
        async with http.get(dev.url(), timeout=aiohttp.ClientTimeout(total=0.3)) as response:
            await response.read()
    # Another protocol on the same port still answers.
    async with http.get(dev.url("xml")) as response:
        assert response.status == 200


async def test_hang_is_released_on_stop(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    dev = await simulator.add_device(DeviceConfig(profile="netio_4"))
    dev.device.faults.set(hang=True)
    task = asyncio.create_task(http.get(dev.url()))
    await asyncio.sleep(0.1)
    assert not task.done()
    await simulator.stop()
    with pytest.raises(aiohttp.ClientConnectionError):
        await task


async def test_http_500(dev: RunningDevice) -> None:
    dev.device.faults.set("json", http_500=True)
    with pytest.raises(CommunicationError, match="failed"):
        await asyncio.to_thread(Netio, dev.url(), auth_rw=("a", "b"))


async def test_malformed_json(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set("json", malformed=True)
    async with http.get(dev.url()) as response:
        assert response.status == 200
        body = await response.read()
    with pytest.raises(ValueError):  # noqa: PT011 - JSON or Unicode decode error
        json.loads(body)
    with pytest.raises(CommunicationError, match="valid json"):
        await asyncio.to_thread(Netio, dev.url(), auth_rw=("a", "b"))


async def test_malformed_xml_and_url(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set(malformed=True)
    async with http.get(dev.url("xml")) as response:
        text = await response.read()
    assert b"</Outputs>\x00" in text
    async with http.get(dev.url("url") + "?output1=0") as response:
        assert await response.read() != b"OK"


async def test_truncated_body(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set("json", truncated=True)
    with pytest.raises(aiohttp.ClientPayloadError):
        async with http.get(dev.url()) as response:
            await response.read()


async def test_truncated_seen_by_the_netio_client(dev: RunningDevice) -> None:
    dev.device.faults.set("json", truncated=True)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        await asyncio.to_thread(Netio, dev.url(), auth_rw=("a", "b"))


async def test_wrong_types(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    dev.device.faults.set("json", wrong_types=True)
    async with http.get(dev.url()) as response:
        doc = await response.json()
    assert doc["Agent"]["NumOutputs"] == "4"
    assert doc["Outputs"][0]["State"] in {"0", "1"}
    assert doc["Outputs"][0]["Delay"] is None


async def test_api_disabled_gives_403_with_a_non_json_body(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    dev.device.faults.set("json", api_disabled=True)
    async with http.get(dev.url()) as response:
        assert response.status == 403
        text = await response.text()
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(AuthError):
        await asyncio.to_thread(Netio, dev.url(), auth_rw=("a", "b"))


async def test_read_only_refuses_writes_only(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    dev.device.faults.set(read_only=True)
    async with http.get(dev.url()) as response:
        assert response.status == 200
    async with http.post(dev.url(), data='{"Outputs":[{"ID":1,"Action":0}]}') as response:
        assert response.status == 403
    async with http.get(dev.url("url") + "?output1=0") as response:
        assert response.status == 403
    assert dev.device.outputs[0].state
    refused = dev.device.requests(kind="write")
    assert [r.detail.split(" -> ")[1] for r in refused] == ["403", "403"]


async def test_credentials_changed_at_runtime(dev: RunningDevice) -> None:
    client = await asyncio.to_thread(Netio, dev.url(), auth_rw=("netio", "netio"))
    dev.device.credentials = Credentials(json=ApiAccounts.both("netio", "changed"))
    with pytest.raises(AuthError, match="Username or Password"):
        await asyncio.to_thread(client.get_outputs)
    dev.device.credentials = Credentials(
        json=ApiAccounts(Account("netio", "netio"), Account(enabled=False))
    )
    assert len(await asyncio.to_thread(client.get_outputs)) == 4
    with pytest.raises(AuthError, match="permissions"):
        await asyncio.to_thread(client.set_output, 1, Netio.ACTION.OFF)


async def test_reboot_seen_by_a_client(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    clock = ManualClock()
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4all", protocols=frozenset({"json"}), clock=clock)
    )
    dev.device.outputs[1].power_up = "off"
    clock.advance(1.1)
    async with http.get(dev.url()) as response:
        before = await response.json()
    assert before["Agent"]["Uptime"] == 1
    dev.device.reboot(downtime_s=0.3)
    with pytest.raises(aiohttp.ClientConnectionError):
        async with http.get(dev.url()) as response:
            await response.read()
    clock.advance(0.35)
    async with http.get(dev.url()) as response:
        after = await response.json()
    assert after["Agent"]["Uptime"] == 0
    assert [o["State"] for o in after["Outputs"]] == [1, 0, 1, 1]


async def test_faults_on_a_fresh_device_are_none(dev: RunningDevice) -> None:
    assert not dev.device.faults.for_protocol("json").any
