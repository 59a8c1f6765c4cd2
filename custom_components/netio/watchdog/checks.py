"""The checks a watchdog runs: ICMP echo (as Home Assistant's `ping` integration), TCP, HTTP.

Each check answers within its timeout with a `CheckResult` and never raises for an unreachable
target: a target that does not answer, refuses, resolves to nothing or returns an error status
is a failed check. The only exception is `IcmpNotPermittedError`: the operating system forbids
ICMP sockets, which says nothing about the target (the watchdog pauses instead of failing).

No Home Assistant imports: the HTTP check takes any aiohttp session (Home Assistant's shared one).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import errno
import functools
import ipaddress
import os
import random
import socket
import struct
import time
from typing import Any

import aiohttp
from icmplib import (
    ICMPLibError,
    ICMPv4Socket,
    ICMPv6Socket,
    SocketPermissionError,
    async_ping,
)

HTTP_OK_BELOW = 400


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check: answered or not, how fast, and why not."""

    ok: bool
    rtt_ms: float | None = None
    error: str | None = None


class IcmpNotPermittedError(Exception):
    """Neither privileged nor unprivileged ICMP sockets are allowed to this process."""


type CheckFn = Callable[[], Awaitable[CheckResult]]


async def async_icmp_privilege() -> bool | None:
    """How ICMP may be sent: True raw sockets, False datagram sockets, None not at all.

    The same probe as Home Assistant's `ping` integration: a zero-count ping of 127.0.0.1 only
    opens the socket.
    """
    try:
        await async_ping("127.0.0.1", count=0, timeout=0, privileged=True)
    except SocketPermissionError:
        try:
            await async_ping("127.0.0.1", count=0, timeout=0, privileged=False)
        except SocketPermissionError:
            return None
        return False
    return True


async def async_resolve(host: str, kind: int = socket.SOCK_STREAM) -> list[str]:
    """The addresses of a host name or IP (an empty list when it does not resolve)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=kind)
    except OSError, UnicodeError:
        return []
    return sorted({str(info[4][0]) for info in infos})


class IcmpPinger:
    """ICMP echo requests of every ping watchdog through one socket per address family.

    `async_ping` opens a socket, looks the address up and adds a reader for every single echo;
    at 40 checks a second that was most of a watchdog's cost. Here the socket is opened once
    (by icmplib, privileged or not, so permission errors are icmplib's), a request is one
    `sendto`, and one reader callback hands each reply to the check waiting for it, matched by
    sequence number, identifier (a datagram socket's is set and filtered by the kernel) and
    source address.
    """

    def __init__(self, *, privileged: bool) -> None:
        """Nothing is opened until the first echo of each address family."""
        self.privileged = privileged
        self._id = random.getrandbits(16)
        self._sequence = random.getrandbits(16)
        self._icmp: list[ICMPv4Socket | ICMPv6Socket] = []
        self._sockets: dict[int, socket.socket] = {}
        self._waiting: dict[tuple[int, int], tuple[str, asyncio.Future[float]]] = {}

    def _socket(self, family: int) -> socket.socket:
        sock = self._sockets.get(family)
        if sock is None:
            kind = ICMPv4Socket if family == socket.AF_INET else ICMPv6Socket
            icmp = kind(privileged=self.privileged)
            self._icmp.append(icmp)
            sock = self._sockets[family] = icmp.sock
            sock.setblocking(False)  # noqa: FBT003  # a builtin: positional only
            asyncio.get_running_loop().add_reader(sock.fileno(), self._on_readable, family, sock)
        return sock

    def _packet(self, family: int, sequence: int) -> bytes:
        kind = _ECHO_REQUEST_V4 if family == socket.AF_INET else _ECHO_REQUEST_V6
        words = (kind << 8) + self._id + sequence + _PAYLOAD_SUM
        while words > 0xFFFF:  # noqa: PLR2004  # one's complement: fold the carries
            words = (words & 0xFFFF) + (words >> 16)
        return struct.pack("!BBHHH", kind, 0, ~words & 0xFFFF, self._id, sequence) + _PAYLOAD

    async def async_ping(self, address: str, timeout_s: float) -> float | None:
        """One echo to an IP address: the round trip in ms, or None without a reply in time.

        Raises `SocketPermissionError` when the system forbids the socket, `OSError` when the
        request cannot be sent.
        """
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = self._socket(family)
        self._sequence = sequence = (self._sequence + 1) & 0xFFFF
        key = (family, sequence)
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[float] = loop.create_future()
        self._waiting[key] = (address.split("%", 1)[0], answered)
        expire = loop.call_later(timeout_s, _expire, answered)
        try:
            started = time.perf_counter()
            sock.sendto(self._packet(family, sequence), (address, 0))
            received = await answered
        finally:
            expire.cancel()
            del self._waiting[key]
        return None if received < 0 else (received - started) * 1000

    def _on_readable(self, family: int, sock: socket.socket) -> None:
        reply = _ECHO_REPLY_V4 if family == socket.AF_INET else _ECHO_REPLY_V6
        while True:
            try:
                data, source = sock.recvfrom(2048)
            except OSError:  # nothing more to read (or an error the kernel queued: not ours)
                return
            received = time.perf_counter()
            # a raw IPv4 socket hands over the IP header too; ICMP types never start with 0x4_
            offset = (data[0] & 0x0F) * 4 if data and data[0] >> 4 == 4 else 0  # noqa: PLR2004
            if len(data) < offset + 8 or data[offset] != reply:
                continue
            ident, sequence = struct.unpack_from("!HH", data, offset + 4)
            waiting = self._waiting.get((family, sequence))
            if (
                waiting is None
                or (self.privileged and ident != self._id)
                or waiting[0] != source[0].split("%", 1)[0]
                or waiting[1].done()
            ):
                continue
            waiting[1].set_result(received)

    def close(self) -> None:
        """Close the sockets (every check still waiting gets no reply)."""
        loop = asyncio.get_running_loop()
        for icmp in self._icmp:
            loop.remove_reader(icmp.sock.fileno())
            icmp.close()
        self._sockets.clear()
        self._icmp.clear()


def _expire(answered: asyncio.Future[float]) -> None:
    if not answered.done():
        answered.set_result(-1.0)


_ECHO_REQUEST_V4, _ECHO_REPLY_V4 = 8, 0
_ECHO_REQUEST_V6, _ECHO_REPLY_V6 = 128, 129
_PAYLOAD = b"netio watchdog".ljust(56, b".")
_PAYLOAD_SUM = sum(struct.unpack(f"!{len(_PAYLOAD) // 2}H", _PAYLOAD))


@functools.lru_cache(maxsize=1024)
def _ip_literal(host: str) -> str | None:
    """The IP address `host` spells (as the socket wants it), None for a name to look up."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


async def async_check_icmp(
    host: str, timeout_s: float, *, pinger: IcmpPinger | None
) -> CheckResult:
    """One echo request; ok when the reply arrives within the timeout.

    `pinger` None: the system allows no ICMP socket (`IcmpNotPermittedError`).
    """
    if pinger is None:
        raise IcmpNotPermittedError
    if (address := _ip_literal(host)) is None:
        addresses = await async_resolve(host, socket.SOCK_DGRAM)
        if not addresses:
            return CheckResult(ok=False, error="name_not_resolved")
        # IPv4 first, as icmplib's own lookup
        address = min(addresses, key=lambda a: ":" in a)
    try:
        rtt = await pinger.async_ping(address, timeout_s)
    except SocketPermissionError as err:
        raise IcmpNotPermittedError from err
    except (ICMPLibError, OSError) as err:
        return CheckResult(ok=False, error=type(err).__name__)
    if rtt is None:
        return CheckResult(ok=False, error="timeout")
    return CheckResult(ok=True, rtt_ms=round(rtt, 3))


async def _async_connect(host: str, port: int) -> None:
    """Connect to the first address of `host` that accepts, and close at once.

    A bare non-blocking socket: no transport, protocol or streams, which cost more than the
    connect itself at 40 checks a second. An IP address is not looked up.
    """
    loop = asyncio.get_running_loop()
    addresses: list[tuple[int, tuple[Any, ...]]]
    if (ip := _ip_literal(host)) is not None:
        addresses = [(socket.AF_INET6 if ":" in ip else socket.AF_INET, (ip, port))]
    else:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [(info[0], info[4]) for info in infos]
    error: OSError = socket.gaierror(socket.EAI_NONAME, "no address")
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)  # noqa: FBT003  # a builtin: positional only
            await _async_connected(loop, sock, address)
        except OSError as err:
            error = err
        else:
            return
        finally:
            sock.close()
    raise error


async def _async_connected(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, address: tuple[Any, ...]
) -> None:
    """`loop.sock_connect` without its checks and its second look at the address.

    One `connect_ex`, and while the handshake runs a writer that wakes us when it ended.
    Raises the connect's `OSError` (its errno picks the subclass: ConnectionRefusedError, …).
    """
    code = sock.connect_ex(address)
    if code in _IN_PROGRESS:
        done: asyncio.Future[None] = loop.create_future()
        fd = sock.fileno()
        loop.add_writer(fd, _set_done, done)
        try:
            await done
        finally:
            loop.remove_writer(fd)
        code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if code:
        raise OSError(code, os.strerror(code))


_IN_PROGRESS = frozenset({errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN})


def _set_done(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


async def async_check_tcp(host: str, port: int, timeout_s: float) -> CheckResult:
    """Open a TCP connection (and close it); ok when it is accepted within the timeout."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s):
            await _async_connect(host, port)
    except TimeoutError:
        return CheckResult(ok=False, error="timeout")
    except OSError as err:
        return CheckResult(ok=False, error=type(err).__name__)
    return CheckResult(ok=True, rtt_ms=round((time.monotonic() - started) * 1000, 3))


async def async_check_http(
    session: aiohttp.ClientSession, url: str, timeout_s: float
) -> CheckResult:
    """GET the URL; ok when the status is below 400 within the timeout."""
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s):
            async with session.get(url, allow_redirects=False) as response:
                status = response.status
    except TimeoutError:
        return CheckResult(ok=False, error="timeout")
    except (aiohttp.ClientError, OSError, ValueError) as err:
        return CheckResult(ok=False, error=type(err).__name__)
    rtt = (time.monotonic() - started) * 1000
    if status >= HTTP_OK_BELOW:
        return CheckResult(ok=False, error=f"http_{status}")
    return CheckResult(ok=True, rtt_ms=round(rtt, 3))
