"""The checks against real sockets on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import socket
from typing import Any

from aiohttp import ClientSession, web
import pytest

from custom_components.netio.watchdog import checks
from custom_components.netio.watchdog.checks import (
    IcmpNotPermittedError,
    IcmpPinger,
    async_check_http,
    async_check_icmp,
    async_check_tcp,
    async_icmp_privilege,
    async_resolve,
)


@pytest.fixture
async def http_server(socket_enabled: None) -> AsyncIterator[int]:
    """A small HTTP server: / answers 200, /broken 500, /slow never within a second."""

    async def ok(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def broken(_request: web.Request) -> web.Response:
        return web.Response(status=500)

    release = asyncio.Event()

    async def slow(_request: web.Request) -> web.Response:
        await release.wait()
        return web.Response()

    app = web.Application()
    app.router.add_get("/", ok)
    app.router.add_get("/broken", broken)
    app.router.add_get("/slow", slow)
    runner = web.AppRunner(app, shutdown_timeout=0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield port
    release.set()
    await runner.cleanup()


@pytest.fixture
async def pinger(socket_enabled: None) -> AsyncIterator[IcmpPinger]:
    """The shared pinger with the privilege this system allows."""
    privileged = await async_icmp_privilege()
    assert privileged is not None, "this system must allow ICMP for the watchdog tests"
    pinger = IcmpPinger(privileged=privileged)
    yield pinger
    pinger.close()


async def test_icmp_to_loopback(pinger: IcmpPinger) -> None:
    result = await async_check_icmp("127.0.0.1", 1, pinger=pinger)
    assert result.ok
    assert result.rtt_ms is not None


async def test_icmp_many_at_once_through_one_socket(pinger: IcmpPinger) -> None:
    """Concurrent echoes to IPv4 and IPv6 loopback each get their own reply."""
    results = await asyncio.gather(
        *(async_check_icmp(host, 1, pinger=pinger) for host in ["127.0.0.1", "::1"] * 20)
    )
    assert all(result.ok for result in results)
    assert len(pinger._sockets) == 2


async def test_icmp_ignores_what_is_not_its_reply(pinger: IcmpPinger) -> None:
    """Replies from another source, of another identifier or sequence, or too short."""
    await async_check_icmp("127.0.0.1", 1, pinger=pinger)  # opens the IPv4 socket
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    try:
        stranger = raw if pinger.privileged else None
        for packet in (b"\x00\x00", b"\x00\x00\x00\x00\x00\x00\xff\xff"):
            if stranger is not None:
                stranger.sendto(packet, ("127.0.0.1", 0))
        # a reply to the pinger's sequence from 127.0.0.2 does not answer a ping of 127.0.0.1
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[float] = loop.create_future()
        pinger._waiting[(socket.AF_INET, 7)] = ("127.0.0.1", answered)
        reply = pinger._packet(socket.AF_INET, 7)
        if stranger is not None:
            stranger.bind(("127.0.0.2", 0))
            stranger.sendto(b"\x00" + reply[1:], ("127.0.0.1", 0))
        result = await async_check_icmp("127.0.0.1", 0.2, pinger=pinger)
        assert result.ok
        assert not answered.done()
        del pinger._waiting[(socket.AF_INET, 7)]
    finally:
        raw.close()


async def test_icmp_timeout(pinger: IcmpPinger, monkeypatch: pytest.MonkeyPatch) -> None:
    """No reply within the timeout is a failed check (here the request is never sent)."""

    class Silent:
        def sendto(self, *_args: object) -> None:
            pass

    monkeypatch.setitem(pinger._sockets, socket.AF_INET, Silent())
    result = await async_check_icmp("127.0.0.1", 0.05, pinger=pinger)
    assert result.error == "timeout"
    assert not pinger._waiting


async def test_icmp_not_permitted(socket_enabled: None) -> None:
    with pytest.raises(IcmpNotPermittedError):
        await async_check_icmp("127.0.0.1", 1, pinger=None)


async def test_icmp_privilege_fallbacks(
    socket_enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse_raw(*_args: object, privileged: bool, **_kwargs: object) -> None:
        if privileged:
            raise checks.SocketPermissionError(privileged)

    monkeypatch.setattr(checks, "async_ping", refuse_raw)
    assert await async_icmp_privilege() is False

    async def refuse_all(*_args: object, privileged: bool, **_kwargs: object) -> None:
        raise checks.SocketPermissionError(privileged)

    monkeypatch.setattr(checks, "async_ping", refuse_all)
    assert await async_icmp_privilege() is None

    def refuse_socket(*, privileged: bool) -> None:
        raise checks.SocketPermissionError(privileged)

    monkeypatch.setattr(checks, "ICMPv4Socket", refuse_socket)
    pinger = IcmpPinger(privileged=True)
    with pytest.raises(IcmpNotPermittedError):
        await async_check_icmp("127.0.0.1", 1, pinger=pinger)
    pinger.close()


async def test_icmp_unresolvable_and_errors(
    pinger: IcmpPinger, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def getaddrinfo(host: str, *_args: object, **_kwargs: object) -> list[Any]:
        if host == "nowhere.test":
            raise socket.gaierror(socket.EAI_NONAME, "no such name")
        return [
            (socket.AF_INET6, socket.SOCK_DGRAM, 0, "", ("::1", 0, 0, 0)),
            (socket.AF_INET, socket.SOCK_DGRAM, 0, "", ("127.0.0.1", 0)),
        ]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", getaddrinfo)
    missing = await async_check_icmp("nowhere.test", 1, pinger=pinger)
    assert missing.error == "name_not_resolved"
    assert (await async_check_icmp("router.test", 1, pinger=pinger)).ok
    assert list(pinger._sockets) == [socket.AF_INET]  # IPv4 first

    def unreachable(*_args: object) -> None:
        raise OSError("network unreachable")

    monkeypatch.setattr(pinger, "_packet", unreachable)
    assert (await async_check_icmp("127.0.0.1", 1, pinger=pinger)).error == "OSError"
    assert not pinger._waiting


async def test_tcp(socket_enabled: None) -> None:
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        assert (await async_check_tcp("127.0.0.1", port, 1)).ok
    result = await async_check_tcp("127.0.0.1", port, 1)
    assert not result.ok
    assert result.error == "ConnectionRefusedError"


async def test_tcp_handshake_that_never_ends(socket_enabled: None) -> None:
    """A listener whose queue is full drops the SYN: the connect runs into the timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    queued = [socket.socket() for _ in range(3)]
    try:
        for sock in queued:
            sock.setblocking(False)  # noqa: FBT003  # a builtin: positional only
            sock.connect_ex(("127.0.0.1", port))
        result = await async_check_tcp("127.0.0.1", port, 0.2)
        assert result.error == "timeout"
    finally:
        for sock in queued:
            sock.close()
        server.close()


async def test_tcp_by_name(socket_enabled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A host name is looked up; its addresses are tried in turn; none is a failed check."""
    server = await asyncio.start_server(lambda _r, w: w.close(), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    answers: list[list[tuple[Any, ...]]] = [
        [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", closed_port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ],
        [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", closed_port))],
        [],
    ]

    async def getaddrinfo(*_args: object, **_kwargs: object) -> list[tuple[Any, ...]]:
        return answers.pop(0)

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", getaddrinfo)
    async with server:
        assert (await async_check_tcp("router.test", 0, 1)).ok
        assert (await async_check_tcp("router.test", 0, 1)).error == "ConnectionRefusedError"
        assert (await async_check_tcp("router.test", 0, 1)).error == "gaierror"
    closed.close()


async def test_http(http_server: int) -> None:
    async with ClientSession() as session:
        base = f"http://127.0.0.1:{http_server}"
        assert (await async_check_http(session, f"{base}/", 1)).ok
        assert (await async_check_http(session, f"{base}/broken", 1)).error == "http_500"
        assert (await async_check_http(session, f"{base}/slow", 0.05)).error == "timeout"
        refused = await async_check_http(session, "http://127.0.0.1:1/", 1)
        assert refused.error == "ClientConnectorError"


async def test_resolve(socket_enabled: None) -> None:
    assert await async_resolve("127.0.0.1") == ["127.0.0.1"]
    assert await async_resolve("") == []
