"""KshellTransport against the simulator's Telnet/KSHELL server over TCP on 127.0.0.1."""

import asyncio
from collections.abc import AsyncIterator
import socket
from typing import Any

import aiohttp
import pytest

from custom_components.netio.client.errors import (
    NetioAuthenticationError,
    NetioConnectionError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
)
from custom_components.netio.client.models import (
    ConnectionConfig,
    DeviceState,
    OutputAction,
    OutputCommand,
    Protocol,
)
from custom_components.netio.client.transports.kshell import KshellTransport
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.runner import RunningDevice
from netio_simulator.servers.kshell import KshellServer
from netio_simulator.testing import simulated_device

pytestmark = pytest.mark.usefixtures("socket_enabled")

CREDENTIALS = Credentials(
    kshell=ApiAccounts(read=Account("viewer", "look"), write=Account("admin", "secret"))
)


def _config(dev: RunningDevice, **options: Any) -> ConnectionConfig:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "kshell_port": dev.ports["kshell"],
        "username": "admin",
        "password": "secret",
        "timeout": 3.0,
    }
    settings.update(options)
    return ConnectionConfig(**settings)


def _commands(device: SimulatedDevice) -> list[str]:
    return [r.detail for r in device.requests("kshell")]


def _assert_matches(state: DeviceState, device: SimulatedDevice) -> None:
    assert state.protocol is Protocol.KSHELL
    assert state.info.name == device.name
    assert state.info.firmware == device.profile.firmware
    assert state.info.num_outputs == len(device.outputs)
    assert sorted(state.outputs) == [o.id for o in device.outputs]
    for sim in device.outputs:
        assert state.outputs[sim.id].state is sim.state
        assert not state.outputs[sim.id].metered
    assert state.measure is None
    assert sorted(state.inputs) == [i.id for i in device.inputs]
    for sim_input in device.inputs:
        assert state.inputs[sim_input.id].state is sim_input.state


@pytest.fixture
async def four_all(
    session: aiohttp.ClientSession,
) -> AsyncIterator[tuple[RunningDevice, KshellTransport]]:
    """A NETIO 4All with KSHELL accounts and a transport logged in as the write user."""
    outputs = [OutputSpec(delay_ms=300) for _ in range(4)]
    async with simulated_device(
        "netio_4all", protocols=frozenset({"kshell"}), credentials=CREDENTIALS, outputs=outputs
    ) as dev:
        transport = KshellTransport(_config(dev), session)
        try:
            yield dev, transport
        finally:
            await transport.close()


@pytest.mark.parametrize(
    "profile", ["netio_4", "netio_4all", "powerpdu_4c", "powerpdu_8qs", "powerdin_4pz"]
)
async def test_read_matches_the_device(profile: str, session: aiohttp.ClientSession) -> None:
    async with simulated_device(
        profile, protocols=frozenset({"kshell"}), credentials=CREDENTIALS
    ) as dev:
        dev.device.apply_action(2, OutputAction.OFF)
        if dev.device.inputs:
            dev.device.inputs[0].state = True
        transport = KshellTransport(_config(dev), session)
        try:
            _assert_matches(await transport.read_state(), dev.device)
            assert _commands(dev.device)[0] == "clogin admin ***"  # the hashed login
            before = len(_commands(dev.device))
            _assert_matches(await transport.read_state(), dev.device)
            polls = _commands(dev.device)[before:]
            assert polls == (["port list", "input list"] if dev.device.inputs else ["port list"])
            capabilities = transport.capabilities
            assert not capabilities.metering
            assert capabilities.inputs is bool(dev.device.inputs)
            assert not capabilities.duration_override
            assert capabilities.multi_output_write
        finally:
            await transport.close()
        assert _commands(dev.device)[-1] == "quit"


async def test_several_outputs_in_one_port_list(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    before = len(_commands(dev.device))
    await transport.send_actions(
        [OutputCommand(1, OutputAction.OFF), OutputCommand(4, OutputAction.SHORT_OFF)]
    )
    assert _commands(dev.device)[before:] == ["port list 0uui"]
    assert [o.state for o in dev.device.outputs] == [False, True, True, False]


async def test_toggle_reads_the_states_first_and_repeats_are_sequenced(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    before = len(_commands(dev.device))
    await transport.send_actions(
        [OutputCommand(2, OutputAction.TOGGLE), OutputCommand(2, OutputAction.TOGGLE)]
    )
    assert _commands(dev.device)[before:] == [
        "port list",
        "port list u0uu",
        "port list",
        "port list u1uu",
    ]
    assert dev.device.outputs[1].state


async def test_commands_kshell_cannot_carry_fail_before_any_request(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    before = len(_commands(dev.device))
    for command in (
        OutputCommand(1, OutputAction.SHORT_ON),
        OutputCommand(1, OutputAction.SHORT_OFF, 1000),
        OutputCommand(1, OutputAction.IGNORE),
    ):
        with pytest.raises(NetioUnsupportedError):
            await transport.send_actions([OutputCommand(2, OutputAction.OFF), command])
    assert len(_commands(dev.device)) == before
    with pytest.raises(NetioUnsupportedError):
        await transport.send_actions([OutputCommand(5, OutputAction.ON)])
    assert dev.device.outputs[1].state
    assert await transport.send_actions([]) is None


async def test_write_before_any_read_learns_the_output_count(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.send_actions([OutputCommand(4, OutputAction.OFF)])
    assert not dev.device.outputs[3].state


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"password": "wrong"}, NetioAuthenticationError),
        ({"username": "nobody"}, NetioAuthenticationError),
        ({"username": "", "password": ""}, NetioAuthenticationError),
    ],
    ids=["wrong password", "unknown user", "no login on a protected device"],
)
async def test_rejected_credentials(
    four_all: tuple[RunningDevice, KshellTransport],
    session: aiohttp.ClientSession,
    options: dict[str, str],
    error: type[Exception],
) -> None:
    dev, _transport = four_all
    transport = KshellTransport(_config(dev, **options), session)
    try:
        with pytest.raises(error):
            await transport.read_state()
    finally:
        await transport.close()


async def test_read_account_cannot_switch(
    four_all: tuple[RunningDevice, KshellTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    transport = KshellTransport(_config(dev, username="viewer", password="look"), session)
    try:
        assert (await transport.read_state()).outputs[1].state
        with pytest.raises(NetioReadOnlyError):
            await transport.send_actions([OutputCommand(1, OutputAction.NO_CHANGE)])
    finally:
        await transport.close()
    assert dev.device.outputs[0].state


async def test_read_only_fault(four_all: tuple[RunningDevice, KshellTransport]) -> None:
    dev, transport = four_all
    dev.device.faults.set("kshell", read_only=True)
    assert (await transport.read_state()).outputs[1].state
    with pytest.raises(NetioReadOnlyError):
        await transport.send_actions([OutputCommand(1, OutputAction.OFF)])
    assert dev.device.outputs[0].state


async def test_open_device_needs_no_login(session: aiohttp.ClientSession) -> None:
    async with simulated_device("netio_4", protocols=frozenset({"kshell"})) as dev:
        transport = KshellTransport(_config(dev, username="", password=""), session)
        try:
            await transport.send_actions([OutputCommand(1, OutputAction.OFF)])
            assert not (await transport.read_state()).outputs[1].state
        finally:
            await transport.close()
        assert not any(c.startswith(("login", "clogin")) for c in _commands(dev.device))


async def test_disabled_kshell_is_a_connection_error_naming_the_setting(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    dev.device.faults.set("kshell", api_disabled=True)
    with pytest.raises(NetioConnectionError, match="enable Telnet/KSHELL") as caught:
        await transport.read_state()
    assert not isinstance(caught.value, NetioTimeoutError)
    dev.device.faults.clear()
    _assert_matches(await transport.read_state(), dev.device)


async def test_refused_connection(session: aiohttp.ClientSession) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    transport = KshellTransport(ConnectionConfig(host="127.0.0.1", kshell_port=port), session)
    try:
        with pytest.raises(NetioConnectionError, match="enable Telnet/KSHELL") as caught:
            await transport.read_state()
        assert not isinstance(caught.value, NetioTimeoutError)
    finally:
        await transport.close()


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("hang", NetioTimeoutError),
        ("malformed", NetioProtocolError),
        ("truncated", NetioProtocolError),
        ("drop", NetioConnectionError),
    ],
)
async def test_broken_replies_are_typed_errors(
    four_all: tuple[RunningDevice, KshellTransport],
    session: aiohttp.ClientSession,
    fault: str,
    error: type[Exception],
) -> None:
    dev, _transport = four_all
    transport = KshellTransport(_config(dev, timeout=0.5), session)
    try:
        await transport.read_state()
        dev.device.faults.set("kshell", **{fault: True})
        with pytest.raises(error):
            await transport.read_state()
        dev.device.faults.clear()
        _assert_matches(await transport.read_state(), dev.device)
    finally:
        await transport.close()


async def test_a_stale_connection_is_retried_once_with_a_new_login(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    server = dev.servers["kshell"]
    assert isinstance(server, KshellServer)
    for task in list(server._handlers):  # the device ends the idle session
        task.cancel()
    await asyncio.sleep(0.05)
    _assert_matches(await transport.read_state(), dev.device)
    assert _commands(dev.device).count("clogin admin ***") == 2


async def test_cancelling_a_read_leaves_no_half_session(
    four_all: tuple[RunningDevice, KshellTransport],
) -> None:
    """A reply that arrives after its command was cancelled must not answer the next one."""
    dev, transport = four_all
    await transport.read_state()
    dev.device.faults.set("kshell", latency_s=0.3)
    task = asyncio.create_task(transport.read_state())
    await asyncio.sleep(0.1)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    dev.device.faults.clear()
    await asyncio.sleep(0.3)  # the late reply (all outputs on) is on its way
    dev.device.apply_action(1, OutputAction.OFF)
    state = await transport.read_state()
    assert state.outputs[1].state is False


async def _old_firmware_session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """A KSHELL without `clogin`: plain login, `port list`, `quit`."""
    writer.write(b"100 HELLO 0A1B2C3D\r\n")
    logged_in = False
    while line := (await reader.readline()).decode().strip():
        if line.startswith("clogin"):
            reply = "502 UNKNOWN COMMAND"
        elif line == "login admin secret":
            logged_in, reply = True, "250 OK"
        elif line == "port list":
            reply = "250 10" if logged_in else "505 FORBIDDEN"
        elif line in {"alias", "version", "input list"}:
            reply = "502 UNKNOWN COMMAND"
        elif line == "quit":
            writer.write(b"110 BYE\r\n")
            break
        else:
            reply = "503 INVALID LOGIN"
        writer.write(reply.encode() + b"\r\n")
    writer.close()


async def test_plain_login_when_clogin_is_unknown(session: aiohttp.ClientSession) -> None:
    server = await asyncio.start_server(_old_firmware_session, "127.0.0.1", 0)
    try:
        port = server.sockets[0].getsockname()[1]
        config = ConnectionConfig(
            host="127.0.0.1", kshell_port=port, username="admin", password="secret", timeout=2
        )
        transport = KshellTransport(config, session)
        try:
            state = await transport.read_state()
        finally:
            await transport.close()
    finally:
        server.close()
        await server.wait_closed()
    assert [o.state for o in state.outputs.values()] == [True, False]
    assert state.info.name is None
    assert state.info.firmware is None
    assert state.inputs == {}
    assert not transport.capabilities.inputs
