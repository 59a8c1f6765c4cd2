"""KshellTransport against scripted KSHELL peers on 127.0.0.1 that end sessions abruptly."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import socket
import struct

import aiohttp
import pytest

from custom_components.netio.client.errors import NetioConnectionError
from custom_components.netio.client.models import ConnectionConfig
from custom_components.netio.client.transports.kshell import KshellTransport
from netio_simulator.runner import RunningDevice

from .test_kshell_transport import _assert_matches, _commands, four_all  # noqa: F401

pytestmark = pytest.mark.usefixtures("socket_enabled")

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
READS = {
    "alias": "250 Lab",
    "version": "250 3.1.0",
    "port list": "250 1010",
    "input list": "250 01",
}


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset, as a device that reboots mid-session does."""
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _serve(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    *,
    greeting: str,
    replies: dict[str, str],
    log: list[str],
    cut_after: int | None = None,
) -> None:
    """Answer scripted replies; reset the connection after `cut_after` commands."""
    writer.write(greeting.encode() + b"\r\n")
    count = 0
    while line := (await reader.readline()).decode().strip():
        log.append(line)
        count += 1
        if cut_after is not None and count > cut_after:
            _reset(writer)
            return
        if line == "quit":
            writer.write(b"110 BYE\r\n")
            break
        key = next((k for k in replies if line.startswith(k)), None)
        writer.write((replies[key] if key else "502 UNKNOWN COMMAND").encode() + b"\r\n")
        await writer.drain()
    writer.close()


@pytest.fixture
async def peer() -> AsyncIterator[Callable[[Handler], Awaitable[int]]]:
    """Start scripted servers on 127.0.0.1 (closed afterwards); return their port."""
    servers: list[asyncio.Server] = []

    async def start(handler: Handler) -> int:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        servers.append(server)
        return int(server.sockets[0].getsockname()[1])

    yield start
    for server in servers:
        server.close()
        await server.wait_closed()


def _config(port: int) -> ConnectionConfig:
    return ConnectionConfig(
        host="127.0.0.1", kshell_port=port, username="admin", password="secret", timeout=2.0
    )


async def test_login_without_salt_accepts_already_logged_in(
    peer: Callable[[Handler], Awaitable[int]], session: aiohttp.ClientSession
) -> None:
    """A greeting without a salt means plain `login`; 504 to it means the session is usable."""
    log: list[str] = []
    replies = {**READS, "login": "504 ALREADY LOGGED IN"}
    port = await peer(lambda r, w: _serve(r, w, greeting="100 HELLO", replies=replies, log=log))
    transport = KshellTransport(_config(port), session)
    try:
        state = await transport.read_state()
    finally:
        await transport.close()
    assert log[0] == "login admin secret"
    assert not any(line.startswith("clogin") for line in log)
    assert [o.state for o in state.outputs.values()] == [True, False, True, False]
    assert [i.state for i in state.inputs.values()] == [False, True]
    assert state.info.name == "Lab"


async def test_a_reset_on_a_fresh_connection_is_not_retried(
    peer: Callable[[Handler], Awaitable[int]], session: aiohttp.ClientSession
) -> None:
    log: list[str] = []
    replies = {**READS, "clogin": "250 OK"}
    port = await peer(
        lambda r, w: _serve(
            r, w, greeting="100 HELLO 0A1B2C3D", replies=replies, log=log, cut_after=1
        )
    )
    transport = KshellTransport(_config(port), session)
    try:
        with pytest.raises(NetioConnectionError, match="closed the Telnet/KSHELL connection"):
            await transport.read_state()
    finally:
        await transport.close()
    assert log[0].startswith("clogin admin ")
    assert log[1:] == ["alias"]


async def test_a_stale_connection_whose_retry_also_fails(
    peer: Callable[[Handler], Awaitable[int]], session: aiohttp.ClientSession
) -> None:
    """A kept session that died is retried once; a second loss is reported, not looped."""
    log: list[str] = []
    sessions: list[asyncio.StreamWriter] = []
    replies = {**READS, "clogin": "250 OK"}

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sessions.append(writer)
        first = len(sessions) == 1
        await _serve(
            reader,
            writer,
            greeting="100 HELLO 0A1B2C3D",
            replies=replies,
            log=log,
            cut_after=None if first else 1,
        )

    port = await peer(handler)
    transport = KshellTransport(_config(port), session)
    try:
        await transport.read_state()
        sessions[0].close()  # the device ends the idle session
        await asyncio.sleep(0.05)
        with pytest.raises(NetioConnectionError, match="closed the Telnet/KSHELL connection"):
            await transport.read_state()
        assert len(sessions) == 2
    finally:
        await transport.close()


async def test_close_while_busy_skips_quit(
    four_all: tuple[RunningDevice, KshellTransport],  # noqa: F811
) -> None:
    """A close during an operation must not interleave `quit` with that operation's replies."""
    dev, transport = four_all
    _assert_matches(await transport.read_state(), dev.device)
    async with transport._lock:
        await transport.close()
    assert "quit" not in _commands(dev.device)
    assert transport._writer is None
