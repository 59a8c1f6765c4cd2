"""NETIO UDP Discover responder (protocol notes §8): request `01 ec 00`, one TLV reply each.

A real device listens on UDP 62387 and broadcasts its reply to port 62386. Here one socket
answers for many devices in the process; replies go unicast to the requester's address, on the
configured reply port or (for tests) on the request's source port.
"""

import asyncio
from collections.abc import Callable, Iterable
import ipaddress
from typing import Any, Final

from ..device import SimulatedDevice

REQUEST: Final = bytes.fromhex("01ec00")
REPLY_HEADER: Final = bytes.fromhex("02ab6b")  # 0x02 = response, then the wiki's two magic bytes
MANUFACTURER: Final = "NETIO products a.s."

F_FIRMWARE: Final = 0x01
F_MAC: Final = 0x02
F_IP: Final = 0x03
F_NETMASK: Final = 0x04
F_HOSTNAME: Final = 0x05
F_DHCP: Final = 0x06
F_PRODUCT: Final = 0x09
F_MANUFACTURER: Final = 0x0A
F_PLATFORM: Final = 0x0B
F_PRETTY_NAME: Final = 0x12
F_DEVICE_NAME: Final = 0x13
F_SIM_PORTS: Final = 0xF0
"""Simulator extension, always last: ASCII `http=8080,modbus=5020`. Real parsers stop at an
unknown type, so it costs them nothing; it tells a client on loopback which port is which."""

type DeviceSource = (
    SimulatedDevice | Iterable[SimulatedDevice] | Callable[[], Iterable[SimulatedDevice]]
)


def _tlv(field_type: int, data: bytes) -> bytes:
    data = data[:255]
    return bytes((field_type, len(data))) + data


def build_reply(device: SimulatedDevice, ip: str, *, include_ports: bool = True) -> bytes:
    """Encode one device's discover reply."""
    profile = device.profile
    parts = [
        REPLY_HEADER,
        _tlv(F_IP, ipaddress.IPv4Address(ip).packed),
        _tlv(F_NETMASK, ipaddress.IPv4Address("255.0.0.0").packed),
        _tlv(F_MAC, bytes.fromhex(device.mac.replace(":", ""))),
        _tlv(F_FIRMWARE, profile.firmware.encode()),
        _tlv(F_HOSTNAME, device.hostname.encode()),
        _tlv(F_DHCP, b"\x01"),
        _tlv(F_PRODUCT, profile.discover_product.encode()),
        _tlv(F_MANUFACTURER, MANUFACTURER.encode()),
        _tlv(F_PLATFORM, profile.discover_platform.encode()),
        _tlv(F_PRETTY_NAME, profile.discover_pretty_name.encode()),
        _tlv(F_DEVICE_NAME, device.name.encode()),
    ]
    if include_ports and device.ports:
        text = ",".join(f"{k}={v}" for k, v in sorted(device.ports.items()))
        parts.append(_tlv(F_SIM_PORTS, text.encode()))
    return b"".join(parts)


def parse_reply(data: bytes) -> dict[int, bytes]:
    """Decode a reply into {field type: data}; stops at a truncated field (for tests/tools)."""
    if len(data) < len(REPLY_HEADER) or data[0] != REPLY_HEADER[0]:
        raise ValueError("not a discover reply")
    fields: dict[int, bytes] = {}
    pos = len(REPLY_HEADER)
    while pos + 2 <= len(data):
        field_type, length = data[pos], data[pos + 1]
        if pos + 2 + length > len(data):
            break
        fields[field_type] = data[pos + 2 : pos + 2 + length]
        pos += 2 + length
    return fields


class _Protocol(asyncio.DatagramProtocol):
    def __init__(self, responder: DiscoveryResponder) -> None:
        self._responder = responder

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self._responder.handle(data, (str(addr[0]), int(addr[1])))


class DiscoveryResponder:
    """Answers discover requests for the devices `devices` yields at request time."""

    def __init__(
        self,
        devices: DeviceSource,
        *,
        reply_port: int | None = 62386,
        reply_to_source_port: bool = False,
        include_ports: bool = True,
    ) -> None:
        """`devices`: one device, a list, or a callable returning the current devices."""
        if isinstance(devices, SimulatedDevice):
            single = devices
            self._devices: Callable[[], Iterable[SimulatedDevice]] = lambda: [single]
        elif callable(devices):
            self._devices = devices
        else:
            fixed = list(devices)
            self._devices = lambda: fixed
        self._reply_port = reply_port
        self._reply_to_source = reply_to_source_port or reply_port is None
        self._include_ports = include_ports
        self._transport: asyncio.DatagramTransport | None = None
        self._host = "127.0.0.1"
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Bind the request port; return it."""
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: _Protocol(self), local_addr=(host, port)
        )
        self._transport = transport
        self._host = host
        self.port = int(transport.get_extra_info("sockname")[1])
        return self.port

    async def stop(self) -> None:
        """Close the socket and cancel delayed replies."""
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def handle(self, data: bytes, addr: tuple[str, int]) -> None:
        """Reply once per device to a valid request; ignore anything else."""
        if data != REQUEST or self._transport is None:
            return
        target = (addr[0], addr[1] if self._reply_to_source else int(self._reply_port or 0))
        ip = self._host if self._host not in {"0.0.0.0", ""} else "127.0.0.1"  # noqa: S104
        for device in list(self._devices()):
            faults = device.faults.for_protocol("discovery")
            device.log_request("discovery", "read", f"from {addr[0]}:{addr[1]}")
            if device.is_down or faults.drop or faults.hang or faults.api_disabled:
                continue
            reply = build_reply(device, ip, include_ports=self._include_ports)
            if faults.malformed:
                reply = b"\x02\xff" + bytes(range(7, 40))
            elif faults.truncated:
                reply = reply[: len(reply) // 2]
            if faults.latency_s:
                task = asyncio.get_running_loop().create_task(
                    self._send_later(reply, target, faults.latency_s)
                )
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            else:
                self._transport.sendto(reply, target)

    async def _send_later(self, reply: bytes, target: tuple[str, int], delay: float) -> None:
        await asyncio.sleep(delay)
        if self._transport is not None:
            self._transport.sendto(reply, target)
