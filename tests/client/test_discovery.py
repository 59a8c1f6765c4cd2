"""NETIO UDP Discover: reply parsing and a real exchange with the simulator's responder."""

import socket

import pytest

from custom_components.netio.client import (
    DiscoveredDevice,
    NetioConnectionError,
    NetioProtocolError,
    discover,
    parse_discover_reply,
)
from netio_simulator.runner import DeviceConfig
from netio_simulator.testing import simulated_devices

MAC_TLV = bytes.fromhex("0206 24a42c399d27")


def tlv(field_type: int, data: bytes | str) -> bytes:
    raw = data.encode() if isinstance(data, str) else data
    return bytes((field_type, len(raw))) + raw


def test_the_wiki_example_with_a_mac() -> None:
    # docs/protocol-notes.md §8: `02 AB 6B | 03 04 C0 A8 65 23 | 09 06 'Netio4'`, plus a MAC field.
    data = bytes.fromhex("02ab6b 0304c0a86523") + tlv(0x09, "Netio4") + MAC_TLV
    device = parse_discover_reply(data, "192.168.101.35")
    assert device == DiscoveredDevice(
        mac="24:A4:2C:39:9D:27", host="192.168.101.35", product="Netio4", ip="192.168.101.35"
    )


def test_every_field() -> None:
    data = b"".join(
        [
            bytes.fromhex("02ab6b"),
            tlv(0x01, "3.4.2"),
            MAC_TLV,
            tlv(0x03, bytes([10, 0, 0, 7])),
            tlv(0x04, bytes([255, 255, 255, 0])),
            tlv(0x05, "netio-rack1\x00"),
            tlv(0x06, b"\x00"),
            tlv(0x09, "Netio4"),
            tlv(0x0A, "NETIO products a.s."),
            tlv(0x0E, bytes([10, 0, 0, 1])),
            tlv(0x10, "field 0x10 is not known: skipped"),
            tlv(0x12, "NETIO 4All"),
            tlv(0x13, "Rack 1 \u2013 top".encode()),
            tlv(0xF0, "http=8080"),  # past the known types: the rest is ignored
            tlv(0x05, "not-the-hostname"),
        ]
    )
    device = parse_discover_reply(data, "10.0.0.7")
    assert device == DiscoveredDevice(
        mac="24:A4:2C:39:9D:27",
        host="10.0.0.7",
        product="Netio4",
        pretty_name="NETIO 4All",
        firmware="3.4.2",
        hostname="netio-rack1",
        device_name="Rack 1 \u2013 top",
        ip="10.0.0.7",
        netmask="255.255.255.0",
        gateway="10.0.0.1",
        dhcp=False,
        manufacturer="NETIO products a.s.",
    )


def test_an_unset_sender_uses_the_reported_address() -> None:
    data = bytes.fromhex("02ab6b") + MAC_TLV + tlv(0x03, bytes([192, 168, 1, 20]))
    assert parse_discover_reply(data, "0.0.0.0").host == "192.168.1.20"  # noqa: S104
    # A truncated last field is dropped; what came before it counts.
    cut = data + bytes.fromhex("0910") + b"Net"
    assert parse_discover_reply(cut, "192.168.1.20").product is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes.fromhex("01ec00"),
        bytes.fromhex("02ab"),
        bytes.fromhex("02ab6b") + tlv(0x09, "Netio4"),
        bytes.fromhex("02ab6b 0205 24a42c399d"),
        bytes.fromhex("02ab6b f001 00") + MAC_TLV,
    ],
)
def test_replies_without_a_mac_are_rejected(data: bytes) -> None:
    with pytest.raises(NetioProtocolError):
        parse_discover_reply(data, "127.0.0.1")


async def test_discover_on_loopback(socket_enabled: None) -> None:
    async with simulated_devices(
        DeviceConfig(profile="netio_4all", name="Rack A"),
        DeviceConfig(profile="powerpdu_8qs", name="Rack B"),
        DeviceConfig(profile="netio_4", name="hidden", discoverable=False),
        discovery=True,
    ) as sim:
        assert sim.discovery_port is not None
        found = await discover(
            timeout=0.5,
            target=["127.0.0.1", "127.0.0.1"],  # asked twice, listed once
            request_port=sim.discovery_port,
            reply_port=0,
            bind_host="127.0.0.1",
        )
        by_name = {device.device_name: device for device in found}
        assert set(by_name) == {"Rack A", "Rack B"}
        assert len(found) == 2
        for running in sim.devices[:2]:
            sim_device = running.device
            device = by_name[sim_device.name]
            assert device.mac == sim_device.mac
            assert device.host == "127.0.0.1"
            assert device.product == sim_device.profile.discover_product
            assert device.pretty_name == sim_device.profile.discover_pretty_name
            assert device.firmware == sim_device.profile.firmware
            assert device.hostname == sim_device.hostname
            assert device.dhcp is True


async def test_discover_on_a_fixed_reply_port_ignores_broken_replies(
    socket_enabled: None,
) -> None:
    reply_port = _free_udp_port()
    async with simulated_devices(
        "netio_4all", "powerpdu_4ps", "powercable_101x", discovery=True, reply_port=reply_port
    ) as sim:
        assert sim.discovery_port is not None
        sim.devices[0].device.faults.set("discovery", malformed=True)
        sim.devices[1].device.faults.set("discovery", drop=True)
        found = await discover(
            timeout=0.5,
            target="127.0.0.1",
            request_port=sim.discovery_port,
            reply_port=reply_port,
            bind_host="127.0.0.1",
        )
        assert [device.mac for device in found] == [sim.devices[2].device.mac]
        assert found[0].pretty_name == "PowerCable 101F/E/G/J/S/B"


async def test_a_busy_reply_port_is_a_connection_error(socket_enabled: None) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        with pytest.raises(NetioConnectionError, match=f"UDP port {port}"):
            await discover(timeout=0.1, reply_port=port, bind_host="127.0.0.1")


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_our_own_request_heard_back_is_ignored(socket_enabled: None) -> None:
    port = _free_udp_port()
    found = await discover(
        timeout=0.2, target="127.0.0.1", request_port=port, reply_port=port, bind_host="127.0.0.1"
    )
    assert found == []


async def test_an_unusable_target_is_no_crash(
    socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="custom_components.netio.client.discovery")
    found = await discover(
        timeout=0.1,
        target="127.0.0.1",
        request_port=0,  # the kernel refuses to send there
        reply_port=0,
        bind_host="127.0.0.1",
    )
    assert found == []
    assert "socket error" in caplog.text


async def test_a_host_name_target_is_resolved(socket_enabled: None) -> None:
    async with simulated_devices("netio_4all", discovery=True) as sim:
        assert sim.discovery_port is not None
        found = await discover(
            timeout=0.3,
            target="localhost",
            request_port=sim.discovery_port,
            reply_port=0,
            bind_host="127.0.0.1",
        )
        assert [device.mac for device in found] == [sim.devices[0].device.mac]
