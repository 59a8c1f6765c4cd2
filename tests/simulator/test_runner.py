"""The runner and the testing helpers: many devices, ports, lazy protocol servers, clean stop."""

import asyncio
import socket

import aiohttp
from Netio import Netio
import psutil
import pytest

from netio_simulator import runner as runner_module
from netio_simulator.runner import DeviceConfig, Simulator, SimulatorError
from netio_simulator.testing import simulated_device, simulated_devices


async def test_many_devices_have_distinct_ports_and_identities(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    devices = await simulator.add_devices(DeviceConfig(profile="netio_4all") for _ in range(20))
    assert len({d.ports["http"] for d in devices}) == 20
    assert len({d.device.mac for d in devices}) == 20
    assert [d.id for d in devices[:3]] == ["netio-4all", "netio-4all-2", "netio-4all-3"]
    async with http.get(devices[-1].url()) as response:
        doc = await response.json()
    assert doc["Agent"]["SerialNumber"] == devices[-1].device.serial


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_fixed_ports_and_port_in_use(simulator: Simulator) -> None:
    port = _free_port()
    dev = await simulator.add_device(DeviceConfig(profile="netio_4", ports={"http": port}))
    assert dev.ports == {"http": port}
    assert dev.device.ports is dev.ports
    with pytest.raises(OSError, match="in use"):
        await simulator.add_device(DeviceConfig(profile="netio_4", ports={"http": port}))
    assert len(simulator.devices) == 1


async def test_bad_configs_are_refused(simulator: Simulator) -> None:
    with pytest.raises(SimulatorError, match="unknown protocol"):
        await simulator.add_device(DeviceConfig(profile="netio_4", protocols=frozenset({"ftp"})))
    with pytest.raises(SimulatorError, match="port key"):
        await simulator.add_device(DeviceConfig(profile="netio_4", ports={"web": 1}))
    with pytest.raises(SimulatorError, match="https needs"):
        await simulator.add_device(
            DeviceConfig(profile="netio_4", protocols=frozenset({"modbus"}), https=True)
        )
    with pytest.raises(ValueError, match="unknown profile"):
        await simulator.add_device(DeviceConfig(profile="netio_9"))
    await simulator.add_device(DeviceConfig(profile="netio_4", id="a"))
    with pytest.raises(SimulatorError, match="duplicate"):
        await simulator.add_device(DeviceConfig(profile="netio_4", id="a"))


async def test_missing_protocol_server_gives_a_clear_error(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        runner_module._LAZY_SERVERS, "kshell", ("netio_simulator.servers.nothing", "KshellServer")
    )
    with pytest.raises(SimulatorError, match="not available"):
        await simulator.add_device(
            DeviceConfig(profile="netio_4", protocols=frozenset({"json", "kshell"}))
        )
    # Nothing of the failed device keeps running.
    assert simulator.devices == []
    await simulator.add_device(DeviceConfig(profile="netio_4"))


async def test_remove_device_closes_its_port(simulator: Simulator) -> None:
    dev = await simulator.add_device(DeviceConfig(profile="netio_4"))
    await simulator.remove_device(dev.id)
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", dev.ports["http"])


async def test_simulated_device_helper_stops_everything(socket_enabled: None) -> None:
    async with simulated_device("powerdin_4pz", name="DIN") as dev:
        client = await asyncio.to_thread(Netio, dev.url(), auth_rw=("u", "p"))
        assert client.NumInputs == 2
        port = dev.ports["http"]
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", port)


async def test_simulated_devices_helper(socket_enabled: None) -> None:
    async with simulated_devices(
        "netio_4", DeviceConfig(profile="powerpdu_4c", id="c"), control=True, discovery=True
    ) as sim:
        assert [d.device.profile.key for d in sim.devices] == ["netio_4", "powerpdu_4c"]
        assert sim.get("c").device.profile.model == "PowerPDU 4C"
        assert sim.control_port
        assert sim.discovery_port
        assert sim.describe()["devices"][1]["id"] == "c"


def served_connections(port: int) -> int:
    """Connections this process accepted on a port and still holds open."""
    return sum(
        1
        for c in psutil.Process().net_connections(kind="inet")
        if c.laddr.port == port and c.status == psutil.CONN_ESTABLISHED
    )


async def test_close_idle_connections_ends_keep_alive(simulator: Simulator) -> None:
    """The devices close kept-alive connections on request; the next request opens a new one."""
    devices = await simulator.add_devices(
        [
            DeviceConfig(profile="netio_4all"),
            DeviceConfig(profile="netio_4", protocols=frozenset({"json", "modbus"})),
        ]
    )
    ports = [device.ports["http"] for device in devices]
    async with aiohttp.ClientSession() as session:
        for device in devices:
            async with session.get(device.url()) as response:
                assert response.status == 200
                await response.read()
        assert [served_connections(port) for port in ports] == [1, 1]
        await simulator.close_idle_connections()
        assert [served_connections(port) for port in ports] == [0, 0]
        async with session.get(devices[0].url()) as response:
            assert response.status == 200
    await simulator.close_idle_connections()  # with nothing kept open: nothing to do
