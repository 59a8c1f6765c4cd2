"""The URL API (`/netio.cgi`): write-only, answers OK."""

import aiohttp
import pytest

from netio_simulator.credentials import Credentials
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator


@pytest.fixture
async def dev(simulator: Simulator) -> RunningDevice:
    return await simulator.add_device(
        DeviceConfig(
            profile="netio_4all",
            protocols=frozenset({"url"}),
            credentials=Credentials(url_password="s3cret"),
        )
    )


async def test_switches_several_outputs_and_answers_ok(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    url = dev.url("url") + "?pass=s3cret&output1=0&output2=2&delay2=300&output3=5"
    async with http.get(url) as response:
        assert response.status == 200
        assert await response.text() == "OK"
    states = [o.state for o in dev.device.outputs]
    assert states == [False, False, True, True]
    assert 0.2 < dev.device.outputs[1].pulse_remaining_s <= 0.3
    assert dev.device.requests("url", "write")[-1].detail.endswith("1:0 2:2/300ms 3:5")


@pytest.mark.parametrize(
    "query",
    [
        "pass=s3cret",
        "pass=s3cret&output1=6",
        "pass=s3cret&output9=1",
        "pass=s3cret&output1=x",
        "pass=s3cret&output1=1&delay1=-4",
        "pass=s3cret&output1=0&output2=9",
    ],
)
async def test_bad_parameters_get_400(
    dev: RunningDevice, http: aiohttp.ClientSession, query: str
) -> None:
    async with http.get(dev.url("url") + "?" + query) as response:
        assert response.status == 400
    assert all(o.state for o in dev.device.outputs)


async def test_wrong_password_gets_401(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    for query in ("output1=0", "pass=nope&output1=0"):
        async with http.get(dev.url("url") + "?" + query) as response:
            assert response.status == 401
    assert dev.device.outputs[0].state


async def test_json_is_off_on_a_url_only_device(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    async with http.get(dev.url("json")) as response:
        assert response.status == 403
