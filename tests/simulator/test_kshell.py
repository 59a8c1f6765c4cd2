"""Telnet/KSHELL server: a raw asyncio TCP client walks the protocol over real sockets."""

import asyncio
from collections.abc import AsyncIterator, Awaitable
import contextlib
import hashlib
import re
import time
from typing import Protocol

from hypothesis import given, settings, strategies as st
import pytest

from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.servers.kshell import KshellServer, KshellSession
from netio_simulator.testing import simulated_device

GREETING = re.compile(r"^100 HELLO ([0-9A-F]{8}) - KSHELL V1\.5\r\n$")


class FakeClock:
    """A monotonic clock the test moves by hand (pulse ends are checked against it)."""

    def __init__(self) -> None:
        """Start at an arbitrary point in monotonic time."""
        self.now = 100.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


class Telnet:
    """A minimal KSHELL client: one command line out, one reply line back."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Wrap an open connection."""
        self.reader = reader
        self.writer = writer
        self.greeting = ""

    @property
    def salt(self) -> str:
        """Return the 8 hex digits of the greeting."""
        match = GREETING.match(self.greeting)
        assert match is not None, self.greeting
        return match.group(1)

    async def line(self, limit_s: float = 2.0) -> str:
        """Read one reply line; it must end in CRLF."""
        raw = await asyncio.wait_for(self.reader.readline(), limit_s)
        text = raw.decode()
        assert text.endswith("\r\n"), raw
        return text[:-2]

    async def send_raw(self, data: bytes) -> None:
        """Send bytes as they are."""
        self.writer.write(data)
        await self.writer.drain()

    async def cmd(self, command: str) -> str:
        """Send a command with CRLF and return the reply line."""
        await self.send_raw(command.encode() + b"\r\n")
        return await self.line()

    async def eof(self, limit_s: float = 2.0) -> bool:
        """Whether the server closed (or reset) the connection."""
        try:
            return await asyncio.wait_for(self.reader.read(1), limit_s) == b""
        except ConnectionError:
            return True


class Connect(Protocol):
    """Open a session; with `greet` the greeting line is read first."""

    def __call__(self, greet: bool = True) -> Awaitable[Telnet]:
        """Connect to the server under test."""
        ...


READER = Account("guest", "guest-pass")
WRITER = Account("admin", "s3cret")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def device(clock: FakeClock) -> SimulatedDevice:
    return SimulatedDevice(
        "powerpdu_8qs",
        credentials=Credentials(kshell=ApiAccounts(READER, WRITER)),
        outputs=[OutputSpec(delay_ms=3000)],
        clock=clock,
    )


@pytest.fixture
async def server(device: SimulatedDevice, socket_enabled: None) -> AsyncIterator[KshellServer]:
    kshell = KshellServer(device)
    await kshell.start()
    try:
        yield kshell
    finally:
        await kshell.stop()


def _port(server: KshellServer) -> int:
    assert server._server is not None
    port: int = server._server.sockets[0].getsockname()[1]
    return port


@pytest.fixture
async def connect(server: KshellServer) -> AsyncIterator[Connect]:
    """Open sessions (greeting already read); all closed after the test."""
    sessions: list[Telnet] = []

    async def open_session(greet: bool = True) -> Telnet:
        reader, writer = await asyncio.open_connection("127.0.0.1", _port(server))
        session = Telnet(reader, writer)
        sessions.append(session)
        if greet:
            session.greeting = (await asyncio.wait_for(reader.readline(), 2)).decode()
        return session

    try:
        yield open_session
    finally:
        for session in sessions:
            session.writer.close()
            with contextlib.suppress(ConnectionError):
                await session.writer.wait_closed()


async def test_greeting_has_a_fresh_salt_each_time(connect: Connect) -> None:
    first, second = await connect(), await connect()
    assert GREETING.match(first.greeting)
    assert GREETING.match(second.greeting)
    assert first.salt != second.salt


async def test_login_and_switch(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "250 OK"
    assert await telnet.cmd("port list") == "250 11111111"
    assert await telnet.cmd("port 3 0") == "250 OK"
    assert device.outputs[2].state is False
    assert await telnet.cmd("port 3") == "250 0"
    assert await telnet.cmd("port list") == "250 11011111"
    assert await telnet.cmd("port 3 1") == "250 OK"
    assert await telnet.cmd("port 3") == "250 1"
    assert await telnet.cmd("port 3 u") == "250 OK"
    assert await telnet.cmd("port list 0u1u0u1u") == "250 OK"
    assert [o.state for o in device.outputs] == [False, True, True, True, False, True, True, True]
    assert await telnet.cmd("quit") == "110 BYE"
    assert await telnet.eof()


async def test_interrupt_power_cycles_with_the_configured_delay(
    connect: Connect, device: SimulatedDevice, clock: FakeClock
) -> None:
    telnet = await connect()
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "250 OK"
    assert await telnet.cmd("port 1 i") == "250 OK"
    assert await telnet.cmd("port 1") == "250 0"
    clock.now += 2.9
    assert await telnet.cmd("port 1") == "250 0"
    clock.now += 0.2  # output 1 has a 3 s delay
    assert await telnet.cmd("port 1") == "250 1"
    assert await telnet.cmd("port list uiuuuuuu") == "250 OK"
    assert await telnet.cmd("port list") == "250 10111111"
    clock.now += 5.1  # the profile's default delay for output 2
    assert await telnet.cmd("port list") == "250 11111111"
    assert await telnet.cmd("port 2 int") == "250 OK"
    assert await telnet.cmd("port 2") == "250 0"


async def test_clogin_uses_the_md5_of_user_password_and_salt(connect: Connect) -> None:
    telnet = await connect()
    digest = hashlib.md5(  # noqa: S324 - the protocol's hash
        (WRITER.username + WRITER.password + telnet.salt).encode()
    ).hexdigest()
    other_salt = hashlib.md5(  # noqa: S324
        (WRITER.username + WRITER.password + "00000000").encode()
    ).hexdigest()
    assert await telnet.cmd(f"clogin {WRITER.username} {other_salt}") == "503 INVALID LOGIN"
    assert await telnet.cmd(f"clogin {WRITER.username} {digest.upper()}") == "250 OK"
    assert await telnet.cmd("port 1 0") == "250 OK"


async def test_bad_logins(connect: Connect) -> None:
    telnet = await connect()
    assert await telnet.cmd("login admin wrong") == "503 INVALID LOGIN"
    assert await telnet.cmd("login nobody s3cret") == "503 INVALID LOGIN"
    assert await telnet.cmd("login admin") == "501 INVALID PARAMETER"
    assert await telnet.cmd("clogin admin 1234") == "503 INVALID LOGIN"
    assert await telnet.cmd("clogin admin \u00e9t\u00e9") == "503 INVALID LOGIN"
    assert await telnet.cmd("port list") == "505 FORBIDDEN"
    assert await telnet.cmd(f"login {READER.username} {READER.password}") == "250 OK"
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "504 ALREADY LOGGED IN"


async def test_not_logged_in_is_forbidden(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    for command in ("port list", "port 1", "port 1 0", "port list 00000000", "uptime"):
        assert await telnet.cmd(command) == "505 FORBIDDEN", command
    for command in ("version", "alias", "input list"):
        assert await telnet.cmd(command) == "505 FORBIDDEN", command
    assert all(out.state for out in device.outputs)
    assert await telnet.cmd("quit") == "110 BYE"


async def test_read_account_reads_but_may_not_switch(
    connect: Connect, device: SimulatedDevice
) -> None:
    telnet = await connect()
    assert await telnet.cmd(f"login {READER.username} {READER.password}") == "250 OK"
    assert await telnet.cmd("port list") == "250 11111111"
    assert await telnet.cmd("port 8") == "250 1"
    assert await telnet.cmd("port 1 0") == "505 FORBIDDEN"
    assert await telnet.cmd("port list 00000000") == "505 FORBIDDEN"
    assert await telnet.cmd("uptime") == f"250 {device.uptime_s}"
    assert await telnet.cmd("version") == "250 5.3.1"
    assert await telnet.cmd("alias") == f"250 {device.name}"
    assert await telnet.cmd("input list") == "250 0"
    device.inputs[0].state = True
    assert await telnet.cmd("input list") == "250 1"
    assert all(out.state for out in device.outputs)


async def test_read_only_fault_forbids_writes(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "250 OK"
    device.faults.set("kshell", read_only=True)
    assert await telnet.cmd("port 1 0") == "505 FORBIDDEN"
    assert await telnet.cmd("port list 00000000") == "505 FORBIDDEN"
    assert await telnet.cmd("port list") == "250 11111111"
    device.faults.clear("kshell")
    assert await telnet.cmd("port 1 0") == "250 OK"


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("foo", "502 UNKNOWN COMMAND"),
        ("portlist", "502 UNKNOWN COMMAND"),
        ("port", "501 INVALID PARAMETER"),
        ("port 0", "501 INVALID PARAMETER"),
        ("port 9", "501 INVALID PARAMETER"),
        ("port x 1", "501 INVALID PARAMETER"),
        ("port 1 x", "500 INVALID VALUE"),
        ("port 1 2", "500 INVALID VALUE"),
        ("port 1 1 1", "501 INVALID PARAMETER"),
        ("port list 101", "501 INVALID PARAMETER"),
        ("port list 1111111x", "500 INVALID VALUE"),
        ("port list 1111 1111", "501 INVALID PARAMETER"),
        ("uptime now", "501 INVALID PARAMETER"),
        ("input", "501 INVALID PARAMETER"),
        ("PORT LIST", "250 11111111"),
        ("Port 2", "250 1"),
    ],
)
async def test_errors_and_case(
    command: str, reply: str, connect: Connect, device: SimulatedDevice
) -> None:
    telnet = await connect()
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "250 OK"
    assert await telnet.cmd(command) == reply
    assert all(out.state for out in device.outputs)


async def test_open_accounts_need_no_login(socket_enabled: None) -> None:
    device = SimulatedDevice("netio_4")  # empty usernames: both levels open
    kshell = KshellServer(device)
    port = await kshell.start()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        telnet = Telnet(reader, writer)
        telnet.greeting = (await reader.readline()).decode()
        assert await telnet.cmd("port list") == "250 1111"
        assert await telnet.cmd("port 4 0") == "250 OK"
        assert await telnet.cmd("input list") == "250 "
        assert device.outputs[3].state is False
        assert await telnet.cmd("login any thing") == "503 INVALID LOGIN"
    finally:
        writer.close()
        await kshell.stop()


async def test_lf_line_endings_and_empty_lines(connect: Connect) -> None:
    telnet = await connect()
    await telnet.send_raw(f"\r\n\nlogin {WRITER.username} {WRITER.password}\n".encode())
    assert await telnet.line() == "250 OK"
    await telnet.send_raw(b"port 1\nport 2\r\n")
    assert [await telnet.line(), await telnet.line()] == ["250 1", "250 1"]


async def test_garbage_is_survived(
    connect: Connect, device: SimulatedDevice, server: KshellServer
) -> None:
    telnet = await connect()
    await telnet.send_raw(bytes(range(256)) + b"\r\n")
    assert await telnet.line() == "502 UNKNOWN COMMAND"
    await telnet.send_raw(b"\xff\xfb\x01\xff\xfd\x03")  # telnet negotiation, then a command
    assert await telnet.cmd(f"login {WRITER.username} {WRITER.password}") == "250 OK"
    await telnet.send_raw(b"port list " + b"1" * 100_000 + b"\r\n")
    assert await telnet.line() == "502 UNKNOWN COMMAND"
    assert await telnet.cmd("port list") == "250 11111111"
    await telnet.send_raw("port 1 \u00e9\r\n".encode())
    assert await telnet.line() == "500 INVALID VALUE"
    # Abrupt disconnects in the middle of a line.
    for _ in range(3):
        rude = await connect()
        await rude.send_raw(b"port li")
        rude.writer.transport.abort()
    await asyncio.sleep(0.05)
    assert await telnet.cmd("port 1") == "250 1"
    assert all(out.state for out in device.outputs)
    fresh = await connect()
    assert GREETING.match(fresh.greeting)
    assert server.connections >= 2


async def test_api_disabled_refuses(
    connect: Connect, device: SimulatedDevice, server: KshellServer
) -> None:
    device.faults.set("kshell", api_disabled=True)
    telnet = await connect(greet=False)
    assert await telnet.eof()
    device.faults.clear()
    again = await connect()
    assert GREETING.match(again.greeting)


async def test_drop_closes_without_reply(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    device.faults.set(drop=True)
    await telnet.send_raw(b"port list\r\n")
    assert await telnet.eof()
    assert device.requests("kshell")  # the command arrived and was logged


async def test_hang_never_answers_until_stop(
    connect: Connect, device: SimulatedDevice, server: KshellServer
) -> None:
    telnet = await connect()
    device.faults.set("kshell", hang=True)
    await telnet.send_raw(b"version\r\n")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(telnet.reader.readline(), 0.3)
    await server.stop()
    assert await telnet.eof()


async def test_latency_delays_each_reply(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    device.faults.set("kshell", latency_s=0.25)
    started = time.monotonic()
    assert await telnet.cmd("quit") == "110 BYE"
    assert time.monotonic() - started >= 0.25


async def test_latency_sessions_are_cancelled_by_stop(
    connect: Connect, device: SimulatedDevice, server: KshellServer
) -> None:
    telnet = await connect()
    device.faults.set(latency_s=60)
    await telnet.send_raw(b"version\r\n")
    await asyncio.sleep(0.05)
    await server.stop()
    assert server.connections == 0
    assert await telnet.eof()


async def test_malformed_and_truncated(connect: Connect, device: SimulatedDevice) -> None:
    telnet = await connect()
    device.faults.set("kshell", malformed=True)
    await telnet.send_raw(b"quit\r\n")
    garbage = await asyncio.wait_for(telnet.reader.readline(), 2)
    assert garbage != b"110 BYE\r\n"
    assert garbage.endswith(b"\r\n")
    other = await connect()
    device.faults.set("kshell", malformed=False, truncated=True)
    await other.send_raw(b"foo\r\n")
    assert await asyncio.wait_for(other.reader.read(), 2) == b"502 UNKNOW"  # 10 of 21 bytes


async def test_requests_are_logged_without_secrets(
    connect: Connect, device: SimulatedDevice
) -> None:
    telnet = await connect()
    await telnet.cmd(f"login {WRITER.username} {WRITER.password}")
    await telnet.cmd("port list")
    await telnet.cmd("port 1 0")
    log = device.requests("kshell")
    assert [entry.kind for entry in log] == ["read", "read", "write"]
    assert all(WRITER.password not in entry.detail for entry in log)
    assert log[2].detail == "port 1 0"


async def test_through_the_simulator(socket_enabled: None) -> None:
    async with simulated_device(
        "powerpdu_4c",
        protocols=frozenset({"kshell"}),
        credentials=Credentials(kshell=ApiAccounts.both("netio", "netio")),
    ) as running:
        reader, writer = await asyncio.open_connection("127.0.0.1", running.ports["kshell"])
        try:
            telnet = Telnet(reader, writer)
            telnet.greeting = (await reader.readline()).decode()
            assert await telnet.cmd("login netio netio") == "250 OK"
            assert await telnet.cmd("port 2 0") == "250 OK"
            assert running.device.outputs[1].state is False
        finally:
            writer.close()


async def test_refused_while_rebooting(
    connect: Connect, device: SimulatedDevice, clock: FakeClock
) -> None:
    device.reboot(downtime_s=20)
    assert await (await connect(greet=False)).eof()
    clock.now += 21
    assert GREETING.match((await connect()).greeting)


_WORDS = st.sampled_from(
    ["port", "list", "login", "clogin", "admin", "s3cret", "1", "0", "i", "u", "int", "9", "-1"]
)
_LINES = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
    st.text(min_size=1, max_size=60).filter(str.strip),
    st.tuples(_WORDS, st.text(min_size=1, max_size=20), st.text(min_size=1, max_size=40)).map(
        " ".join
    ),
)


@settings(max_examples=500, deadline=None)
@given(lines=st.lists(_LINES, min_size=1, max_size=8))
def test_session_answers_any_line_with_a_status(lines: list[str]) -> None:
    """Whatever arrives, each line gets one KSHELL status line and the session goes on."""
    device = SimulatedDevice(
        "netio_4", credentials=Credentials(kshell=ApiAccounts(READER, WRITER)), clock=FakeClock()
    )
    session = KshellSession(device, "0123ABCD")
    for line in lines:
        text = " ".join(line.split())
        reply = session.handle(text)
        assert re.fullmatch(r"(110|250|50[0-5]) .*", reply.line), (line, reply)
        assert "\n" not in reply.line
        assert "\r" not in reply.line
