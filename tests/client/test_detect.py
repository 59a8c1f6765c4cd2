"""NetioClient.detect(): the richest working protocol, fall-backs, and the most telling error."""

import asyncio
from collections.abc import Sequence
import socket

import aiohttp
import pytest

from custom_components.netio.client import (
    Capabilities,
    ConnectionConfig,
    DeviceState,
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioClient,
    NetioConnectionError,
    NetioProtocolError,
    NetioTimeoutError,
    NetioUnsupportedError,
    OutputAction,
    OutputCommand,
    Protocol,
    SnmpSettings,
    device as device_module,
)
from custom_components.netio.client.transports.base import Transport
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .helpers import config_for

EVERYTHING = frozenset({"json", "xml", "url", "modbus", "snmp", "kshell"})


def free_port() -> int:
    """A TCP/UDP port nobody listens on (bound once, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def client_for(
    dev: RunningDevice, session: aiohttp.ClientSession, **options: object
) -> NetioClient:
    """Point a client at every port of the device; closed ports for what it does not serve."""
    ports = {key: dev.ports.get(key) or free_port() for key in ("http", "modbus", "kshell", "snmp")}
    settings: dict[str, object] = {
        "port": ports["http"],
        "modbus_port": ports["modbus"],
        "kshell_port": ports["kshell"],
        "snmp": SnmpSettings(port=ports["snmp"]),
        "timeout": 1.0,
    }
    settings.update(options)
    return NetioClient(config_for(dev, **settings), session=session)


async def test_json_wins_when_enabled(
    socket_enabled: None, session: aiohttp.ClientSession, profile: str
) -> None:
    async with simulated_device(profile, protocols=EVERYTHING) as dev:
        client = client_for(dev, session)
        result = await client.detect()
        assert result.protocol is Protocol.JSON
        assert client.protocol is Protocol.JSON
        assert [(p.protocol, p.ok) for p in result.probes] == [(Protocol.JSON, True)]
        assert result.state.info.model == dev.device.profile.model
        assert result.capabilities == client.capabilities
        assert client.last_state is result.state
        assert dev.device.requests("modbus") == dev.device.requests("snmp") == []
        await client.close()


@pytest.mark.parametrize(
    ("enabled", "expected", "failed"),
    [
        ("xml", Protocol.XML, [Protocol.JSON]),
        ("modbus", Protocol.MODBUS, [Protocol.JSON, Protocol.XML]),
        ("snmp", Protocol.SNMP, [Protocol.JSON, Protocol.XML, Protocol.MODBUS]),
        (
            "kshell",
            Protocol.KSHELL,
            [Protocol.JSON, Protocol.XML, Protocol.MODBUS, Protocol.SNMP],
        ),
    ],
)
@pytest.mark.parametrize("web_server", [True, False], ids=["api-off", "no-web-server"])
async def test_falls_back_to_the_one_protocol_enabled(
    *,
    socket_enabled: None,
    session: aiohttp.ClientSession,
    enabled: str,
    expected: Protocol,
    failed: Sequence[Protocol],
    web_server: bool,
) -> None:
    # With `web_server` the device's web server runs (the URL API is on) and the JSON and
    # XML APIs answer 403; without it nothing listens on the HTTP port.
    protocols = frozenset({enabled, "url"} if web_server else {enabled})
    async with simulated_device("powerdin_4pz", protocols=protocols) as dev:
        client = client_for(dev, session)
        result = await client.detect()
        assert result.protocol is expected
        assert [p.protocol for p in result.probes] == [*failed, expected]
        assert [p.ok for p in result.probes] == [False] * len(failed) + [True]
        assert all(p.error for p in result.probes[:-1])
        if web_server and enabled != "xml":
            assert "enable the JSON API" in (result.probes[0].error or "")
        # The chosen transport reads and switches.
        assert [o.state for o in result.state.outputs.values()] == [
            o.state for o in dev.device.outputs
        ]
        state = await client.set_output(2, OutputAction.OFF)
        assert state.outputs[2].state is False
        assert dev.device.outputs[1].state is False
        assert (await client.get_state()).protocol is expected
        await client.close()


async def test_wrong_credentials_stop_the_search(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    accounts = ApiAccounts.both("netio", "netio")
    credentials = Credentials(json=accounts, xml=accounts, kshell=accounts)
    async with simulated_device("netio_4all", protocols=EVERYTHING, credentials=credentials) as dev:
        client = client_for(dev, session, username="netio", password="typo")
        with pytest.raises(NetioAuthenticationError, match="JSON API"):
            await client.detect()
        # A richer API is on with another account: no silent fall-back to Modbus.
        assert dev.device.requests("modbus") == []
        assert client.protocol is None
        good = client_for(dev, session, username="netio", password="netio")
        assert (await good.detect()).protocol is Protocol.JSON


async def test_wrong_kshell_credentials(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    credentials = Credentials(kshell=ApiAccounts.both("admin", "secret"))
    async with simulated_device(
        "netio_4", protocols=frozenset({"kshell"}), credentials=credentials
    ) as dev:
        client = client_for(dev, session, username="admin", password="wrong")
        with pytest.raises(NetioAuthenticationError):
            await client.detect()


async def test_only_a_write_only_api_gives_api_disabled(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=frozenset({"url"})) as dev:
        client = client_for(dev, session)
        with pytest.raises(NetioApiDisabledError, match="enable the JSON API"):
            await client.detect()


async def test_nothing_listening_is_a_connection_error(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=frozenset({"url"})) as dev:
        pass
    client = client_for(dev, session, port=free_port())
    with pytest.raises(NetioConnectionError):
        await client.detect()
    with pytest.raises(NetioConnectionError):
        await client.get_state()  # no protocol yet: detects again


async def test_a_preferred_protocol_is_the_only_one_tried(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4all", protocols=frozenset({"json", "modbus"})) as dev:
        client = client_for(dev, session)
        with pytest.raises(NetioApiDisabledError, match="enable the XML API"):
            await client.detect(Protocol.XML)
        assert dev.device.requests("json") == []
        result = await client.detect(Protocol.MODBUS)
        assert result.protocol is Protocol.MODBUS
        assert [p.protocol for p in result.probes] == [Protocol.MODBUS]
        assert not client.capabilities.duration_override
        with pytest.raises(NetioUnsupportedError, match="pulse length"):
            await client.set_output(1, OutputAction.SHORT_OFF, 500)
        with pytest.raises(NetioUnsupportedError, match="one output per request"):
            await client.send(
                [OutputCommand(1, OutputAction.ON), OutputCommand(2, OutputAction.ON)]
            )
        # Switching protocols closes the previous transport.
        assert (await client.detect(Protocol.JSON)).protocol is Protocol.JSON
        await client.close()
        with pytest.raises(NetioUnsupportedError, match="cannot read"):
            await client.detect(Protocol.URL)


class _BrokenTransport(Transport):
    """A transport with a bug: it lets a foreign exception escape."""

    protocol = Protocol.JSON
    error: BaseException = KeyError("Outputs")

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities()

    async def read_state(self) -> DeviceState:
        raise self.error

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (KeyError("Outputs"), NetioProtocolError),
        (TypeError("bad"), NetioProtocolError),
        (ValueError("bad"), NetioProtocolError),
        (ConnectionResetError(104, "reset"), NetioConnectionError),
        (TimeoutError(), NetioTimeoutError),
    ],
)
async def test_foreign_exceptions_never_escape(
    session: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    expected: type[Exception],
) -> None:
    monkeypatch.setattr(_BrokenTransport, "error", error)
    monkeypatch.setattr(device_module, "transport_class", lambda _protocol: _BrokenTransport)
    config = ConnectionConfig(host="127.0.0.1", timeout=1.0)
    client = NetioClient(config, session=session, protocol=Protocol.JSON)
    with pytest.raises(expected):
        await client.get_state()
    with pytest.raises(expected):
        await client.check_write_access()


class SilentAgent(asyncio.DatagramProtocol):
    """A UDP port that takes every datagram and answers none (a filter, a wrong community)."""

    def __init__(self) -> None:
        """Count what arrives."""
        self.received = 0

    def datagram_received(self, data: bytes, addr: tuple[str | int, ...]) -> None:
        """Swallow it."""
        self.received += 1


async def test_a_closed_snmp_port_costs_one_datagram(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    """No agent on the SNMP port: the port-unreachable answer ends the probe, no timeout."""
    accounts = ApiAccounts.both("admin", "secret")
    async with simulated_device(
        "netio_4", protocols=frozenset({"kshell"}), credentials=Credentials(kshell=accounts)
    ) as dev:
        client = client_for(dev, session, username="admin", password="secret", timeout=30.0)
        result = await client.detect()
        await client.close()
    assert result.protocol is Protocol.KSHELL
    snmp = next(probe for probe in result.probes if probe.protocol is Protocol.SNMP)
    assert not snmp.ok
    assert "No SNMP agent" in str(snmp.error)


async def test_a_silent_snmp_port_gets_one_short_try(
    socket_enabled: None, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SNMP port that swallows requests: the search moves on after SNMP_PROBE_S, not timeout."""
    monkeypatch.setattr(device_module, "SNMP_PROBE_S", 0.2)
    loop = asyncio.get_running_loop()
    udp, agent = await loop.create_datagram_endpoint(
        SilentAgent, local_addr=("127.0.0.1", 0), family=socket.AF_INET
    )
    accounts = ApiAccounts.both("admin", "secret")
    try:
        async with simulated_device(
            "netio_4", protocols=frozenset({"kshell"}), credentials=Credentials(kshell=accounts)
        ) as dev:
            client = client_for(
                dev,
                session,
                username="admin",
                password="secret",
                timeout=30.0,
                snmp=SnmpSettings(port=udp.get_extra_info("sockname")[1]),
            )
            result = await client.detect()
            await client.close()
    finally:
        udp.close()
    assert result.protocol is Protocol.KSHELL
    snmp = next(probe for probe in result.probes if probe.protocol is Protocol.SNMP)
    assert "within 0.2 s" in str(snmp.error)
    assert agent.received == 1  # one request, no retry within the short try


async def test_snmp_chosen_explicitly_keeps_its_timeout(
    socket_enabled: None, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the search is short: SNMP chosen by the user waits its configured timeout."""
    monkeypatch.setattr(device_module, "SNMP_PROBE_S", 0.01)
    loop = asyncio.get_running_loop()
    udp, _agent = await loop.create_datagram_endpoint(
        SilentAgent, local_addr=("127.0.0.1", 0), family=socket.AF_INET
    )
    try:
        config = ConnectionConfig(
            host="127.0.0.1",
            timeout=0.3,
            snmp=SnmpSettings(port=udp.get_extra_info("sockname")[1]),
        )
        client = NetioClient(config, session=session)
        with pytest.raises(NetioTimeoutError, match=r"within 0\.3 s"):
            await client.detect(Protocol.SNMP)
        await client.close()
    finally:
        udp.close()
