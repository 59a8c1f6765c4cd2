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
import ipaddress
import socket
import time
from typing import Any

import aiohttp
from icmplib import ICMPLibError, NameLookupError, SocketPermissionError, async_ping

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


async def async_resolve(host: str) -> list[str]:
    """The addresses of a host name or IP (an empty list when it does not resolve)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError, UnicodeError:
        return []
    return sorted({str(info[4][0]) for info in infos})


async def async_check_icmp(host: str, timeout_s: float, *, privileged: bool | None) -> CheckResult:
    """One echo request; ok when the reply arrives within the timeout."""
    if privileged is None:
        raise IcmpNotPermittedError
    started = time.monotonic()
    try:
        async with asyncio.timeout(timeout_s + 1):
            reply = await async_ping(host, count=1, timeout=timeout_s, privileged=privileged)
    except SocketPermissionError as err:
        raise IcmpNotPermittedError from err
    except NameLookupError:
        return CheckResult(ok=False, error="name_not_resolved")
    except (ICMPLibError, OSError, TimeoutError) as err:
        return CheckResult(ok=False, error=type(err).__name__)
    if not reply.is_alive:
        return CheckResult(ok=False, error="timeout")
    rtt = reply.avg_rtt or (time.monotonic() - started) * 1000
    return CheckResult(ok=True, rtt_ms=round(rtt, 3))


async def _async_connect(host: str, port: int) -> None:
    """Connect to the first address of `host` that accepts, and close at once.

    A bare non-blocking socket: no transport, protocol or streams, which cost more than the
    connect itself at 40 checks a second. An IP address is not looked up.
    """
    loop = asyncio.get_running_loop()
    addresses: list[tuple[socket.AddressFamily, tuple[Any, ...]]]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        addresses = [(info[0], info[4]) for info in infos]
    else:
        family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET  # noqa: PLR2004
        addresses = [(family, (host, port))]
    error: OSError = socket.gaierror(socket.EAI_NONAME, "no address")
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)  # noqa: FBT003  # a builtin: positional only
            await loop.sock_connect(sock, address)
        except OSError as err:
            error = err
        else:
            return
        finally:
            sock.close()
    raise error


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
