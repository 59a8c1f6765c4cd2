"""NETIO's own client (`Netio` 2.0.x, sync, requests) against the simulator's JSON API."""

import asyncio

from Netio import Netio
from Netio.exceptions import AuthError
import pytest

from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.runner import DeviceConfig, Simulator
from netio_simulator.testing import simulated_device


async def test_reads_and_switches_without_auth(simulator: Simulator) -> None:
    dev = await simulator.add_device(DeviceConfig(profile="netio_4all"))
    # The client insists on some credentials; an open device ignores them.
    client = await asyncio.to_thread(Netio, dev.url(), auth_rw=("any", "thing"))
    assert client.NumOutputs == 4
    assert client.SerialNumber == dev.device.serial
    outputs = await asyncio.to_thread(client.get_outputs)
    assert [o.ID for o in outputs] == [1, 2, 3, 4]
    assert all(o.Action == Netio.ACTION.IGNORED for o in outputs)
    assert outputs[0].Current is not None
    await asyncio.to_thread(client.set_output, 1, Netio.ACTION.OFF)
    assert not dev.device.outputs[0].state
    assert (await asyncio.to_thread(client.get_output, 1)).State == 0
    await asyncio.to_thread(client.set_outputs, {2: Netio.ACTION.TOGGLE, 3: Netio.ACTION.OFF})
    assert [o.state for o in dev.device.outputs] == [False, False, False, True]


async def test_auth_read_only_and_read_write(socket_enabled: None) -> None:
    creds = Credentials(json=ApiAccounts(Account("ro", "rpass"), Account("rw", "wpass")))
    async with simulated_device("powerpdu_8qs", credentials=creds) as dev:
        reader = await asyncio.to_thread(Netio, dev.url(), auth_r=("ro", "rpass"))
        info = await asyncio.to_thread(reader.get_info)
        assert info["Agent"]["Model"] == "8QS"
        inputs = await asyncio.to_thread(reader.get_inputs)
        assert inputs[0].S0Counter is not None
        # The device refuses a write made with the read-only account (403).
        reader._write_access = True
        with pytest.raises(AuthError, match="permissions"):
            await asyncio.to_thread(reader.set_output, 1, Netio.ACTION.OFF)
        assert dev.device.outputs[0].state
        with pytest.raises(AuthError, match="Username or Password"):
            await asyncio.to_thread(Netio, dev.url(), auth_rw=("rw", "wrong"))
        writer = await asyncio.to_thread(Netio, dev.url(), auth_rw=("rw", "wpass"))
        await asyncio.to_thread(writer.set_output, 8, Netio.ACTION.OFF)
        assert not dev.device.outputs[7].state
        outputs = await asyncio.to_thread(writer.get_outputs)
        assert outputs[0].EnergyNR is not None
        assert outputs[1].Current is None
        assert [r.kind for r in dev.device.requests("json")].count("write") == 2


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
async def test_https_with_self_signed_certificate(socket_enabled: None) -> None:
    async with simulated_device("powerpdu_4ps", https=True) as dev:
        client = await asyncio.to_thread(
            Netio, dev.url(https=True), auth_rw=("x", "y"), verify=False
        )
        assert client.DeviceName == dev.device.name
        with pytest.raises(AuthError, match="certificate"):
            await asyncio.to_thread(Netio, dev.url(https=True), auth_rw=("x", "y"), verify=True)
