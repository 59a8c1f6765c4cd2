"""NETIO UDP Discover: find NETIO devices on the local network.

The request `01 ec 00` goes (normally as a broadcast) to UDP port 62387; devices answer, as a
broadcast to port 62386, with `02`, two magic bytes and TLV fields `type(1) length(1) data`.
Ports and the target address are parameters so that tests can run the exchange on loopback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address
import logging
import socket

from .errors import NetioConnectionError, NetioProtocolError
from .parsing import format_mac

_LOGGER = logging.getLogger(__name__)

DISCOVER_REQUEST = bytes.fromhex("01ec00")
REQUEST_PORT = 62387
REPLY_PORT = 62386
_REPLY_MARKER = 0x02
_HEADER_LENGTH = 3
_MAC_LENGTH = 6
_IPV4_LENGTH = 4

_FIRMWARE = 0x01
_MAC = 0x02
_IP = 0x03
_NETMASK = 0x04
_HOSTNAME = 0x05
_DHCP = 0x06
_PRODUCT = 0x09
_MANUFACTURER = 0x0A
_GATEWAY = 0x0E
_PRETTY_NAME = 0x12
_DEVICE_NAME = 0x13
_LAST_KNOWN_TYPE = 0x13
"""Types past the last known one end the reply: "ignore the rest of the data"."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscoveredDevice:
    """One device's answer to NETIO UDP Discover."""

    mac: str
    """`24:A4:2C:39:9D:27`."""
    host: str
    """Address to reach the device at: the reply's sender (the reported IP if that is unset)."""
    product: str | None = None
    """Product family, e.g. `Netio4`, `PowerPDU 4PS`, `COBRA`."""
    pretty_name: str | None = None
    """Model name for people, e.g. `NETIO 4All`, `PowerCable 101F/E/G/J/S/B`."""
    firmware: str | None = None
    hostname: str | None = None
    device_name: str | None = None
    ip: str | None = None
    """The IP address the device reports for itself."""
    netmask: str | None = None
    gateway: str | None = None
    dhcp: bool | None = None
    manufacturer: str | None = None


def _text(data: bytes) -> str | None:
    return data.decode("utf-8", "replace").rstrip("\x00").strip() or None


def _ipv4(data: bytes) -> str | None:
    return str(IPv4Address(data)) if len(data) == _IPV4_LENGTH else None


def _fields(data: bytes) -> dict[int, bytes]:
    """Split the TLV part; a truncated field or an unknown type past the known ones ends it."""
    fields: dict[int, bytes] = {}
    position = _HEADER_LENGTH
    end = len(data)
    while position + 2 <= end:
        field_type = data[position]
        length = data[position + 1]
        if field_type > _LAST_KNOWN_TYPE or position + 2 + length > end:
            break
        fields.setdefault(field_type, data[position + 2 : position + 2 + length])
        position += 2 + length
    return fields


def parse_discover_reply(data: bytes, sender_ip: str) -> DiscoveredDevice:
    """Parse one reply datagram; `NetioProtocolError` if it is not a NETIO discover reply."""
    if len(data) < _HEADER_LENGTH or data[0] != _REPLY_MARKER:
        raise NetioProtocolError("Not a NETIO discover reply")
    fields = _fields(data)
    raw_mac = fields.get(_MAC)
    if raw_mac is None or len(raw_mac) != _MAC_LENGTH:
        raise NetioProtocolError("The NETIO discover reply carries no MAC address")
    reported_ip = _ipv4(fields.get(_IP, b""))
    host = sender_ip
    if reported_ip is not None and sender_ip in {"", "0.0.0.0"}:  # noqa: S104  # unset sender
        host = reported_ip
    dhcp = fields.get(_DHCP)
    return DiscoveredDevice(
        mac=format_mac(raw_mac),
        host=host,
        product=_text(fields.get(_PRODUCT, b"")),
        pretty_name=_text(fields.get(_PRETTY_NAME, b"")),
        firmware=_text(fields.get(_FIRMWARE, b"")),
        hostname=_text(fields.get(_HOSTNAME, b"")),
        device_name=_text(fields.get(_DEVICE_NAME, b"")),
        ip=reported_ip,
        netmask=_ipv4(fields.get(_NETMASK, b"")),
        gateway=_ipv4(fields.get(_GATEWAY, b"")),
        dhcp=bool(dhcp[0]) if dhcp else None,
        manufacturer=_text(fields.get(_MANUFACTURER, b"")),
    )


class _ReplyCollector(asyncio.DatagramProtocol):
    """Keeps the first valid reply per MAC."""

    def __init__(self) -> None:
        self.devices: dict[str, DiscoveredDevice] = {}

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        if data == DISCOVER_REQUEST:  # our own broadcast, heard back
            return
        try:
            device = parse_discover_reply(data, str(addr[0]))
        except NetioProtocolError:
            _LOGGER.debug("Ignoring a UDP datagram from %s that is no NETIO reply", addr[0])
            return
        self.devices.setdefault(device.mac, device)

    def error_received(self, exc: Exception) -> None:
        _LOGGER.debug("NETIO discover socket error: %s", exc)


def _open_socket(bind_host: str, reply_port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        sock.setblocking(False)  # noqa: FBT003  # socket API
        sock.bind((bind_host, reply_port))
    except OSError:
        sock.close()
        raise
    return sock


async def _resolve(targets: list[str]) -> list[str]:
    """Turn host names into IPv4 addresses without blocking; a name that fails is skipped."""
    loop = asyncio.get_running_loop()
    addresses: list[str] = []
    for target in targets:
        try:
            addresses.append(str(IPv4Address(target)))
            continue
        except ValueError:
            pass
        try:
            infos = await loop.getaddrinfo(target, None, family=socket.AF_INET)
        except OSError as err:
            _LOGGER.debug("Cannot resolve %s for NETIO discover: %s", target, err)
            continue
        addresses.extend(str(info[4][0]) for info in infos[:1])
    return addresses


async def discover(
    *,
    timeout: float = 2.0,  # noqa: ASYNC109  # the listening window, not a deadline
    target: str | Sequence[str] = "255.255.255.255",
    request_port: int = REQUEST_PORT,
    reply_port: int = REPLY_PORT,
    bind_host: str = "0.0.0.0",  # noqa: S104  # replies are broadcasts: listen on every interface
) -> list[DiscoveredDevice]:
    """Broadcast NETIO UDP Discover and return the devices that answered within `timeout`.

    `target` may name several addresses (e.g. each interface's broadcast address, or one
    device's address or host name, resolved without blocking). The request
    is sent from the socket that listens on `reply_port`, so devices that answer the sender
    directly are heard as well as those that broadcast. Replies are deduplicated by MAC.
    """
    loop = asyncio.get_running_loop()
    targets = await _resolve([target] if isinstance(target, str) else list(target))
    try:
        sock = _open_socket(bind_host, reply_port)
    except OSError as err:
        raise NetioConnectionError(
            f"Cannot listen for NETIO discover replies on UDP port {reply_port} ({err})"
        ) from err
    transport, collector = await loop.create_datagram_endpoint(_ReplyCollector, sock=sock)
    try:
        for address in targets:
            transport.sendto(DISCOVER_REQUEST, (address, request_port))
        await asyncio.sleep(timeout)
    finally:
        transport.close()
        await asyncio.sleep(0)  # let the transport release its socket now
    return list(collector.devices.values())
