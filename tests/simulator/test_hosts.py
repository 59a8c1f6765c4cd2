"""Simulated hosts on outputs: answer while powered and booted, hang on demand, boot again."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from netio_simulator.config import ConfigError, config_from_mapping, start_simulator
from netio_simulator.device import OutputSpec
from netio_simulator.hosts import HostConfig, SimulatedHost
from netio_simulator.runner import DeviceConfig, Simulator, SimulatorError


class Clock:
    """The device's manual clock."""

    def __init__(self) -> None:
        """Start at an arbitrary moment."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


async def _tcp_open(port: int) -> bool:
    try:
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    await writer.wait_closed()
    return True


async def test_host_answers_hangs_and_boots_after_power_cycle(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    clock = Clock()  # the device's clock, moved by the test
    running = await simulator.add_device(DeviceConfig(profile="netio_4all", id="pdu", clock=clock))
    output = running.device.outputs[0]
    host = await simulator.add_host(
        HostConfig(name="Office router", device="pdu", output=1, boot_s=30)
    )
    assert simulator.hosts["Office router"] is host
    assert host.answering  # on since before the start: booted
    assert simulator.host_answering("Office router")
    async with http.get(f"http://{host.address}/") as response:
        assert response.status == 200
        assert await response.text() == "Office router"

    host.hang()
    await host.async_refresh()
    assert not host.answering
    assert not await _tcp_open(host.port)

    # power cycle: off, then on; the host boots for 30 s of the device's clock
    output.begin_pulse(during=False, delay_ms=2000)
    await host.async_refresh()
    assert not host.answering
    clock.now += 2
    assert output.state  # the pulse ended
    await host.async_refresh()
    assert not host.answering  # booting
    assert not host.hung  # a power cycle is a fresh boot
    clock.now += 29.9
    assert not host.answering
    clock.now += 0.1
    assert host.answering
    await host.async_refresh()
    assert await _tcp_open(host.port)

    output.switch(on=False)
    await host.async_refresh()
    assert not host.answering
    assert not await _tcp_open(host.port)


async def test_unhang_and_503_while_closing(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    await simulator.add_device(DeviceConfig(profile="netio_4", id="pdu"))
    host = await simulator.add_host(HostConfig(name="nas", device="pdu", output=2, boot_s=0))
    host.hung = True  # as if a request arrived between hang() and the port closing
    async with http.get(f"http://{host.address}/") as response:
        assert response.status == 503
    host.unhang()
    await host.async_refresh()
    assert host.describe() == {
        "name": "nas",
        "output": 2,
        "port": host.port,
        "boot_s": 0,
        "hung": False,
        "answering": True,
    }


async def test_host_on_an_off_output_waits_for_it(simulator: Simulator) -> None:
    await simulator.add_device(
        DeviceConfig(profile="netio_4", id="pdu", outputs=[OutputSpec(state=False)] * 4)
    )
    host = await simulator.add_host(HostConfig(name="nas", device="pdu", output=1, boot_s=0))
    assert not host.answering
    assert not await _tcp_open(host.port)


async def test_bad_hosts(simulator: Simulator) -> None:
    await simulator.add_device(DeviceConfig(profile="netio_4", id="pdu"))
    await simulator.add_host(HostConfig(name="a", device="pdu", output=1))
    with pytest.raises(SimulatorError, match="already exists"):
        await simulator.add_host(HostConfig(name="a", device="pdu", output=1))
    with pytest.raises(SimulatorError, match="no output 9"):
        await simulator.add_host(HostConfig(name="b", device="pdu", output=9))
    with pytest.raises(KeyError):
        simulator.host_answering("nobody")


async def test_control_api(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    await simulator.add_device(DeviceConfig(profile="netio_4", id="pdu"))
    host = await simulator.add_host(HostConfig(name="router", device="pdu", output=1, boot_s=0))
    port = await simulator.start_control()
    base = f"http://127.0.0.1:{port}"
    async with http.get(f"{base}/hosts") as response:
        assert (await response.json())["hosts"][0]["name"] == "router"
    async with http.post(f"{base}/hosts/router/hang", json={}) as response:
        assert (await response.json())["hung"] is True
    assert not host.answering
    assert not await _tcp_open(host.port)
    async with http.post(f"{base}/hosts/router/hang", json={"hung": False}) as response:
        assert (await response.json())["answering"] is True
    assert await _tcp_open(host.port)
    async with http.post(f"{base}/hosts/router/hang", json={"hung": "x"}) as response:
        assert response.status == 400
    async with http.post(f"{base}/hosts/nobody/hang") as response:
        assert response.status == 404


async def test_yaml_hosts(socket_enabled: None) -> None:
    config = config_from_mapping(
        {
            "devices": [{"profile": "netio_4all", "id": "rack"}],
            "hosts": [{"name": "Office router", "device": "rack", "output": 2, "boot_s": 5}],
        }
    )
    assert config.hosts == [HostConfig(name="Office router", device="rack", output=2, boot_s=5)]
    sim = await start_simulator(config)
    try:
        assert sim.hosts["Office router"].answering
    finally:
        await sim.stop()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"device": "rack", "output": 1}, "name is required"),
        ({"name": "x", "device": "rack", "output": 0}, "positive integer"),
        ({"name": "x", "device": "rack", "output": 1, "boot_s": -1}, "boot_s"),
        ({"name": "x", "device": "rack", "output": 1, "color": 1}, "color"),
    ],
)
def test_yaml_host_errors(entry: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        config_from_mapping({"hosts": [entry]})


async def test_real_clock_boot_timer(simulator: Simulator) -> None:
    running = await simulator.add_device(DeviceConfig(profile="netio_4", id="pdu"))
    host = await simulator.add_host(HostConfig(name="nas", device="pdu", output=1, boot_s=0))
    output = running.device.outputs[0]
    output.switch(on=False)
    output.switch(on=True)
    output.switch(on=True)  # already on: still the same boot
    await asyncio.sleep(0)  # the boot timer (0 s) and the refresh run on the loop
    await host.async_refresh()
    assert host.answering
    assert await _tcp_open(host.port)
    await host.stop()
    await host.stop()  # twice is harmless
    assert host._switched not in output.switch_hooks


def test_host_outside_a_running_loop() -> None:
    from netio_simulator.device import SimulatedDevice  # noqa: PLC0415

    device = SimulatedDevice("netio_4")
    host = SimulatedHost("nas", device.outputs[0], boot_s=0)
    host.hang()  # nothing to refresh without a loop; the state still changes
    device.outputs[0].switch(on=False)
    device.outputs[0].switch(on=True)
    assert host.answering
