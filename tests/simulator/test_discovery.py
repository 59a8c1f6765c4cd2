"""NETIO UDP Discover: a UDP client finds simulated devices."""

import asyncio
from typing import Any

import pytest

from netio_simulator.runner import DeviceConfig, Simulator
from netio_simulator.servers.discovery import (
    F_DEVICE_NAME,
    F_FIRMWARE,
    F_IP,
    F_MAC,
    F_PRODUCT,
    F_SIM_PORTS,
    REQUEST,
    DiscoveryResponder,
    parse_reply,
)


class Collector(asyncio.DatagramProtocol):
    """Collects every datagram it receives."""

    def __init__(self) -> None:
        """Start empty."""
        self.received: list[bytes] = []
        self.changed = asyncio.Event()

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        """Keep the datagram and wake up waiters."""
        self.received.append(data)
        self.changed.set()


async def _open(port: int = 0) -> tuple[asyncio.DatagramTransport, Collector]:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.create_datagram_endpoint(
        Collector, local_addr=("127.0.0.1", port)
    )
    return transport, protocol


async def _wait_for(collector: Collector, count: int) -> None:
    async with asyncio.timeout(2.0):
        while len(collector.received) < count:
            collector.changed.clear()
            await collector.changed.wait()


async def _three_devices(simulator: Simulator) -> None:
    for profile, name in (
        ("netio_4all", "Office"),
        ("powerpdu_8qs", "Rack"),
        ("powercable_101x", "Cable"),
    ):
        await simulator.add_device(DeviceConfig(profile=profile, name=name))


async def test_discovers_three_devices_replying_to_the_source_port(simulator: Simulator) -> None:
    await _three_devices(simulator)
    port = await simulator.start_discovery(reply_to_source_port=True)
    transport, collector = await _open()
    try:
        transport.sendto(REQUEST, ("127.0.0.1", port))
        await _wait_for(collector, 3)
    finally:
        transport.close()
    replies = [parse_reply(data) for data in collector.received]
    assert sorted(r[F_DEVICE_NAME].decode() for r in replies) == ["Cable", "Office", "Rack"]
    by_name = {r[F_DEVICE_NAME].decode(): r for r in replies}
    office = simulator.get("office")
    assert by_name["Office"][F_IP] == bytes([127, 0, 0, 1])
    assert by_name["Office"][F_MAC].hex(":").upper() == office.device.mac
    assert by_name["Office"][F_PRODUCT] == b"Netio4"
    assert by_name["Rack"][F_FIRMWARE] == b"5.3.1"
    assert by_name["Office"][F_SIM_PORTS] == f"http={office.ports['http']}".encode()


async def test_replies_go_to_the_configured_reply_port(simulator: Simulator) -> None:
    await _three_devices(simulator)
    receiver, collector = await _open()
    sender, sender_collector = await _open()
    try:
        reply_port = receiver.get_extra_info("sockname")[1]
        port = await simulator.start_discovery(reply_port=reply_port)
        sender.sendto(REQUEST, ("127.0.0.1", port))
        await _wait_for(collector, 3)
        await asyncio.sleep(0.05)
    finally:
        receiver.close()
        sender.close()
    assert len(collector.received) == 3
    assert sender_collector.received == []


async def test_garbage_and_faults(simulator: Simulator) -> None:
    await _three_devices(simulator)
    port = await simulator.start_discovery(reply_to_source_port=True)
    simulator.get("rack").device.faults.set("discovery", drop=True)
    simulator.get("cable").device.faults.set("discovery", latency_s=0.2)
    transport, collector = await _open()
    try:
        transport.sendto(b"\x01\xec", ("127.0.0.1", port))
        transport.sendto(b"PCEdit" + bytes(58), ("127.0.0.1", port))
        transport.sendto(REQUEST, ("127.0.0.1", port))
        await _wait_for(collector, 1)
        assert len(collector.received) == 1
        await _wait_for(collector, 2)
        await asyncio.sleep(0.05)
    finally:
        transport.close()
    names = [parse_reply(d)[F_DEVICE_NAME] for d in collector.received]
    assert names == [b"Office", b"Cable"]


async def test_a_standalone_responder_and_an_undiscoverable_device(
    simulator: Simulator,
) -> None:
    hidden = await simulator.add_device(DeviceConfig(profile="netio_4", discoverable=False))
    await simulator.add_device(DeviceConfig(profile="netio_4", name="Seen"))
    port = await simulator.start_discovery(reply_port=None)
    single = DiscoveryResponder(hidden.device, reply_port=None)
    single_port = await single.start()
    transport, collector = await _open()
    try:
        transport.sendto(REQUEST, ("127.0.0.1", port))
        transport.sendto(REQUEST, ("127.0.0.1", single_port))
        await _wait_for(collector, 2)
    finally:
        transport.close()
        await single.stop()
    names = sorted(parse_reply(d)[F_DEVICE_NAME] for d in collector.received)
    assert names == [hidden.device.name.encode(), b"Seen"]


def test_parse_reply_rejects_non_replies() -> None:
    with pytest.raises(ValueError, match="not a discover reply"):
        parse_reply(b"\x01\xec\x00")
