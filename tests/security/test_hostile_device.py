"""A hostile device: whatever arrives over the wire, only the client's typed errors come out.

The parser fuzz tests (tests/client) feed documents to the decoders; here random replies travel
through real sockets into the whole transport (HTTP framing, KSHELL sessions, Modbus/TCP frames,
SNMP datagrams), reading and switching, so the connection handling is fuzzed too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
import contextlib
import json
import socket
import struct
from typing import Self

import aiohttp
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.netio.client import (
    ConnectionConfig,
    NetioClient,
    NetioError,
    OutputAction,
    Protocol,
    SnmpSettings,
)

from ..client.test_fuzz import documents

HOSTILE = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Datagram and Modbus examples mostly end in a timeout: fewer of them keep the suite quick.
SLOW_HOSTILE = settings(HOSTILE, max_examples=20)
TIMEOUT_S = 0.1

type Reply = Callable[[bytes], bytes]
"""What the hostile device answers to one request (it sees the request's bytes)."""

# HTTP ---------------------------------------------------------------------------------------

bodies = st.one_of(
    st.binary(max_size=200),
    documents.map(lambda doc: json.dumps(doc).encode()),
    st.sampled_from([b"", b"{}", b"[]", b"null", b'{"Outputs":[{"ID":1,"State":0}]}']),
)
http_replies = st.one_of(
    st.binary(max_size=200),
    st.builds(
        lambda status, headers, body, lie: (
            f"HTTP/1.1 {status}\r\n".encode()
            + headers
            + b"Content-Length: "
            + str(len(body) + lie).encode()
            + b"\r\nConnection: keep-alive\r\n\r\n"
            + body
        ),
        st.sampled_from(["200 OK", "204 No Content", "302 Found", "401 No", "403 No", "500 X"]),
        st.sampled_from([b"", b"Location: https://x/\r\n", b"Content-Type: text/xml\r\n"]),
        bodies,
        st.sampled_from([0, 0, 0, 5, -1]),
    ),
)

# KSHELL -------------------------------------------------------------------------------------

kshell_lines = st.one_of(
    st.sampled_from(
        [
            b"100 HELLO 0123ABCD - KSHELL V1.5",
            b"100 HELLO",
            b"250 OK",
            b"250 1 0 1 1",
            b"250 1 0",
            b"250 ",
            b"503 INVALID LOGIN",
            b"502 UNKNOWN COMMAND",
            b"505 FORBIDDEN",
            b"110 BYE",
        ]
    ),
    st.binary(max_size=60).map(lambda raw: raw.replace(b"\n", b"")),
).map(lambda line: line + b"\r\n")

# Modbus/TCP ---------------------------------------------------------------------------------


def modbus_frame(pdu: bytes, unit: int, length_lie: int) -> Reply:
    """A reply with the request's transaction ID and a random PDU."""

    def reply(request: bytes) -> bytes:
        tid = request[:2] if len(request) >= 2 else b"\x00\x01"
        return tid + struct.pack(">HHB", 0, max(0, len(pdu) + 1 + length_lie), unit) + pdu

    return reply


modbus_replies = st.one_of(
    st.binary(max_size=40).map(lambda raw: lambda _request: raw),
    st.builds(
        modbus_frame,
        st.one_of(
            st.binary(max_size=40),
            st.builds(
                lambda fc, count, data: bytes([fc, count]) + data,
                st.sampled_from([1, 2, 3, 4, 5, 6, 15, 16, 0x83, 0x86]),
                st.integers(0, 255),
                st.binary(max_size=30),
            ),
        ),
        st.integers(0, 255),
        st.sampled_from([0, 0, 3, -2]),
    ),
)


class HostileServer:
    """Answers each request on a TCP connection with the next scripted reply; then hangs up."""

    def __init__(self, replies: list[Reply], greeting: bytes = b"") -> None:
        """Script the replies (used in turn, round and round) and an optional greeting."""
        self._replies = replies
        self._greeting = greeting
        self._server: asyncio.Server | None = None
        self.port = 0

    async def __aenter__(self) -> Self:
        """Listen on a free loopback port."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *_exc: object) -> None:
        """Stop listening and drop every connection."""
        assert self._server is not None
        self._server.close()
        self._server.close_clients()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, TimeoutError):
            if self._greeting:
                writer.write(self._greeting)
            for reply in self._replies * 3:
                request = await asyncio.wait_for(reader.read(4096), TIMEOUT_S * 2)
                if not request:
                    break
                writer.write(reply(request))
                await writer.drain()
        writer.close()


async def read_and_switch(config: ConnectionConfig, protocol: Protocol) -> None:
    """Read, then switch an output; any outcome but a foreign exception is fine."""
    async with aiohttp.ClientSession() as session:
        client = NetioClient(config, session=session, protocol=protocol)
        try:
            for call in (client.get_state, lambda: client.set_output(1, OutputAction.OFF)):
                with contextlib.suppress(NetioError):
                    await call()
        finally:
            await client.close()


def run(coro_factory: Callable[[], object]) -> None:
    """Run one scenario on a fresh loop (hypothesis calls the test synchronously)."""
    asyncio.run(coro_factory())  # type: ignore[arg-type]


@pytest.mark.usefixtures("socket_enabled")
@HOSTILE
@given(replies=st.lists(http_replies.map(lambda raw: lambda _r: raw), min_size=1, max_size=3))
@pytest.mark.parametrize("protocol", [Protocol.JSON, Protocol.XML])
def test_hostile_http(protocol: Protocol, replies: list[Reply]) -> None:
    """Random status lines, headers, lengths and bodies over HTTP."""

    async def scenario() -> None:
        async with HostileServer(replies) as server:
            config = ConnectionConfig(host="127.0.0.1", port=server.port, timeout=TIMEOUT_S)
            await read_and_switch(config, protocol)

    run(scenario)


@pytest.mark.usefixtures("socket_enabled")
@HOSTILE
@given(greeting=kshell_lines, lines=st.lists(kshell_lines, min_size=1, max_size=4))
def test_hostile_kshell(greeting: bytes, lines: list[bytes]) -> None:
    """A random greeting, then random status lines to every command."""
    replies: list[Reply] = [(lambda _r, line=line: line) for line in lines]

    async def scenario() -> None:
        async with HostileServer(replies, greeting) as server:
            config = ConnectionConfig(
                host="127.0.0.1",
                kshell_port=server.port,
                username="u",
                password="p",
                timeout=TIMEOUT_S,
            )
            await read_and_switch(config, Protocol.KSHELL)

    run(scenario)


@pytest.mark.usefixtures("socket_enabled")
@SLOW_HOSTILE
@given(replies=st.lists(modbus_replies, min_size=1, max_size=4))
def test_hostile_modbus(replies: list[Reply]) -> None:
    """Random frames, some with the right transaction ID and a plausible function code."""

    async def scenario() -> None:
        async with HostileServer(replies) as server:
            config = ConnectionConfig(host="127.0.0.1", modbus_port=server.port, timeout=TIMEOUT_S)
            await read_and_switch(config, Protocol.MODBUS)

    run(scenario)


class HostileAgent(asyncio.DatagramProtocol):
    """Answers every SNMP request with the next random datagram."""

    def __init__(self, replies: list[bytes]) -> None:
        """Script the datagrams (used in turn, round and round)."""
        self._replies = replies
        self._sent = 0
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the socket to answer on."""
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        """Answer with a random datagram, or with the request echoed back."""
        assert self.transport is not None
        reply = self._replies[self._sent % len(self._replies)]
        self._sent += 1
        self.transport.sendto(reply or data, addr)


@pytest.mark.usefixtures("socket_enabled")
@SLOW_HOSTILE
@given(replies=st.lists(st.binary(max_size=120), min_size=1, max_size=3))
def test_hostile_snmp(replies: list[bytes]) -> None:
    """Random datagrams (an empty one echoes the request) answer SNMP GETs and SETs."""

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        transport, _agent = await loop.create_datagram_endpoint(
            lambda: HostileAgent(replies), local_addr=("127.0.0.1", 0), family=socket.AF_INET
        )
        try:
            port = transport.get_extra_info("sockname")[1]
            config = ConnectionConfig(
                host="127.0.0.1", snmp=SnmpSettings(port=port), timeout=TIMEOUT_S
            )
            await read_and_switch(config, Protocol.SNMP)
        finally:
            transport.close()

    run(scenario)
