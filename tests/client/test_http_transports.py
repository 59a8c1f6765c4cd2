"""JSON, XML and URL transports against the simulator over real sockets: reads, faults, errors."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
import json

import aiohttp
import pytest

from custom_components.netio.client import (
    ConnectionConfig,
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioClient,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
    OutputAction,
    Protocol,
)
from custom_components.netio.client.transports.url_api import UrlTransport
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.metering import ManualClock
from netio_simulator.testing import simulated_device

from .helpers import ScriptedHttpServer, assert_state_matches, config_for, http_response

HTTP_READERS = (Protocol.JSON, Protocol.XML)
ALL_HTTP = frozenset({"json", "xml", "url"})


@pytest.mark.parametrize("protocol", HTTP_READERS)
async def test_read_equals_the_simulated_device(
    socket_enabled: None, session: aiohttp.ClientSession, profile: str, protocol: Protocol
) -> None:
    async with simulated_device(profile, protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=protocol)
        dev.device.apply_action(2 if len(dev.device.outputs) > 1 else 1, OutputAction.OFF)
        state = await client.get_state()
        assert state.protocol is protocol
        assert_state_matches(state, dev.device)
        assert client.last_state is state
        assert client.capabilities.metering is (state.measure is not None)
        assert client.capabilities.inputs is bool(dev.device.inputs)
        await client.close()


@pytest.mark.parametrize("protocol", HTTP_READERS)
async def test_wrong_types_still_read(
    socket_enabled: None, session: aiohttp.ClientSession, protocol: Protocol
) -> None:
    async with simulated_device("powerdin_4pz", protocols=ALL_HTTP) as dev:
        dev.device.faults.set(wrong_types=True)
        client = NetioClient(config_for(dev), session=session, protocol=protocol)
        state = await client.get_state()
        assert [o.state for o in state.outputs.values()] == [o.state for o in dev.device.outputs]
        assert all(o.pulse_delay_ms is None for o in state.outputs.values())  # sent as null
        assert state.outputs[1].power_w is not None
        assert state.inputs[2].s0_counter == dev.device.inputs[1].s0_counter


@pytest.mark.parametrize("protocol", HTTP_READERS)
@pytest.mark.parametrize(
    ("fault", "error", "message"),
    [
        ("http_500", NetioConnectionError, "internal error"),
        ("malformed", NetioProtocolError, "not valid"),
        ("truncated", NetioProtocolError, "cut off"),
        ("drop", NetioConnectionError, "closed the connection"),
        ("api_disabled", NetioApiDisabledError, "enable the"),
    ],
)
async def test_faults_map_to_errors(
    *,
    socket_enabled: None,
    session: aiohttp.ClientSession,
    protocol: Protocol,
    fault: str,
    error: type[NetioError],
    message: str,
) -> None:
    async with simulated_device("netio_4all", protocols=ALL_HTTP) as dev:
        dev.device.faults.set(None, **{fault: True})
        client = NetioClient(config_for(dev), session=session, protocol=protocol)
        with pytest.raises(error, match=message) as caught:
            await client.get_state()
        assert not isinstance(caught.value, NetioTimeoutError)
        # aiohttp itself repeats a GET once when the device closes the connection; nothing
        # else is retried.
        assert len(dev.device.requests(protocol.value)) == (2 if fault == "drop" else 1)


@pytest.mark.parametrize("protocol", HTTP_READERS)
async def test_hang_and_latency_time_out(
    socket_enabled: None, session: aiohttp.ClientSession, protocol: Protocol
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev, timeout=0.3), session=session, protocol=protocol)
        dev.device.faults.set(latency_s=0.1)
        assert (await client.get_state()).info.model == "NETIO 4"
        dev.device.faults.set(latency_s=1.0)
        with pytest.raises(NetioTimeoutError, match=r"within 0\.3 s"):
            await client.get_state()
        dev.device.faults.set(latency_s=0.0, hang=True)
        with pytest.raises(NetioTimeoutError):
            await client.get_state()
        # A timeout is never retried.
        assert [r.detail for r in dev.device.requests(protocol.value)][-1:] == [
            f"GET /netio.{protocol.value} -> hung"
        ]
        assert sum(r.detail.endswith("hung") for r in dev.device.requests()) == 1


@pytest.mark.parametrize("protocol", HTTP_READERS)
async def test_credentials(
    socket_enabled: None, session: aiohttp.ClientSession, protocol: Protocol
) -> None:
    accounts = ApiAccounts(read=Account("reader", "r"), write=Account("writer", "w"))
    credentials = Credentials(json=accounts, xml=accounts)
    async with simulated_device("netio_4", protocols=ALL_HTTP, credentials=credentials) as dev:
        for username, password in (("", ""), ("writer", "wrong"), ("nobody", "w")):
            client = NetioClient(
                config_for(dev, username=username, password=password),
                session=session,
                protocol=protocol,
            )
            with pytest.raises(NetioAuthenticationError, match="HTTP 401"):
                await client.get_state()
        reader = NetioClient(
            config_for(dev, username="reader", password="r"), session=session, protocol=protocol
        )
        await reader.get_state()
        with pytest.raises(NetioReadOnlyError, match="read-write account"):
            await reader.set_output(1, OutputAction.OFF)
        with pytest.raises(NetioReadOnlyError):
            await reader.check_write_access()
        assert dev.device.outputs[0].state is True
        writer = NetioClient(
            config_for(dev, username="writer", password="w"), session=session, protocol=protocol
        )
        await writer.check_write_access()
        assert (await writer.set_output(1, OutputAction.OFF)).outputs[1].state is False


async def test_read_only_fault_and_disabled_api(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=frozenset({"xml"})) as dev:
        json_client = NetioClient(config_for(dev), session=session, protocol=Protocol.JSON)
        with pytest.raises(NetioApiDisabledError, match="enable the JSON API"):
            await json_client.get_state()
        client = NetioClient(config_for(dev), session=session, protocol=Protocol.XML)
        dev.device.faults.set(read_only=True)
        await client.get_state()
        with pytest.raises(NetioReadOnlyError):
            await client.set_output(1, OutputAction.TOGGLE)


async def test_https_with_and_without_verification(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4all", protocols=ALL_HTTP, https=True) as dev:
        port = dev.ports["https"]
        insecure = NetioClient(
            config_for(dev, port=port, use_tls=True, verify_tls=False), session=session
        )
        assert (await insecure.detect()).protocol is Protocol.JSON
        assert insecure.config.base_url.startswith("https://")
        verified = NetioClient(
            config_for(dev, port=port, use_tls=True), session=session, protocol=Protocol.JSON
        )
        with pytest.raises(NetioConnectionError, match="certificate"):
            await verified.get_state()


async def test_connection_refused_and_bad_host(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4") as dev:
        port = dev.ports["http"]
    client = NetioClient(config_for(dev, port=port), session=session, protocol=Protocol.JSON)
    with pytest.raises(NetioConnectionError, match="Cannot connect"):
        await client.get_state()
    bad = NetioClient(config_for(dev, host="bad host/x"), session=session, protocol=Protocol.XML)
    with pytest.raises(NetioConnectionError, match="not a valid host"):
        await bad.get_state()
    colon = NetioClient(config_for(dev, username="a:b"), session=session, protocol=Protocol.JSON)
    with pytest.raises(NetioAuthenticationError, match="colon"):
        await colon.get_state()


@asynccontextmanager
async def scripted(reply: Callable[[int, int], bytes | None]) -> AsyncIterator[ScriptedHttpServer]:
    server = ScriptedHttpServer(reply)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


MINIMAL = json.dumps({"Agent": {"Model": "NETIO 4"}, "Outputs": [{"ID": 1, "State": 1}]}).encode()


async def test_a_stale_keep_alive_is_retried_once(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    def reply(connection: int, request: int) -> bytes | None:
        if connection == 0 and request == 1:
            return None  # the device already dropped the idle connection
        return http_response("200 OK", MINIMAL)

    async with scripted(reply) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.JSON)
        await client.get_state()
        state = await client.get_state()
        assert state.outputs[1].state is True
        assert (server.connections, server.requests) == (2, 3)


@pytest.mark.parametrize("protocol", HTTP_READERS)
@pytest.mark.parametrize(
    ("action", "attempts"),
    [(OutputAction.ON, 2), (OutputAction.SHORT_OFF, 2), (OutputAction.TOGGLE, 1)],
)
async def test_a_dropped_post_is_repeated_once_unless_it_toggles(
    socket_enabled: None,
    session: aiohttp.ClientSession,
    protocol: Protocol,
    action: OutputAction,
    attempts: int,
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=protocol)
        await client.get_state()
        dev.device.faults.set(drop=True)
        with pytest.raises(NetioConnectionError, match="closed the connection"):
            await client.set_output(1, action)
        assert len(dev.device.requests(protocol.value, "write")) == attempts


async def test_a_second_disconnect_is_not_retried(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=Protocol.JSON)
        await client.get_state()
        dev.device.faults.set(drop=True)
        with pytest.raises(NetioConnectionError):
            await client.get_state()
        assert [r.detail.endswith("dropped") for r in dev.device.requests("json")] == [
            False,
            True,
            True,
        ]


async def test_a_stale_keep_alive_under_a_post_is_retried_once(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    def reply(connection: int, request: int) -> bytes | None:
        if connection == 0 and request == 1:
            return None
        return http_response("200 OK", MINIMAL)

    async with scripted(reply) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.JSON)
        await client.get_state()
        state = await client.set_output(1, OutputAction.ON)
        assert state.outputs[1].state is True
        assert (server.connections, server.requests) == (2, 3)


@pytest.mark.parametrize(
    ("status", "headers", "error", "message"),
    [
        ("404 Not Found", "", NetioProtocolError, "HTTP 404"),
        ("302 Found", "Location: https://127.0.0.1/netio.json\r\n", NetioProtocolError, "HTTPS"),
        ("400 Bad Request", "", NetioProtocolError, "rejected the command"),
        ("503 Service Unavailable", "", NetioConnectionError, "HTTP 503"),
    ],
)
async def test_other_statuses(
    *,
    socket_enabled: None,
    session: aiohttp.ClientSession,
    status: str,
    headers: str,
    error: type[NetioError],
    message: str,
) -> None:
    async with scripted(lambda _c, _r: http_response(status, b"<html/>", headers)) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.JSON)
        with pytest.raises(error, match=message):
            await client.get_state()


async def test_a_web_page_is_not_a_netio_device(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    page = http_response("200 OK", b"<html><body>router</body></html>")
    async with scripted(lambda _c, _r: page) as server:
        client = NetioClient(config_for_port(server.port), session=session)
        with pytest.raises(NetioProtocolError) as caught:
            await client.detect()
        assert "NETIO" in str(caught.value)


async def test_post_reply_without_state_is_followed_by_a_read(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    replies = [http_response("200 OK", MINIMAL), http_response("200 OK", b""), None]

    def reply(_connection: int, request: int) -> bytes | None:
        return replies[request] if request < 2 else http_response("200 OK", MINIMAL)

    async with scripted(reply) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.JSON)
        await client.get_state()
        state = await client.set_output(1, OutputAction.ON)
        assert state.outputs[1].state is True
        assert server.requests == 3  # GET, POST with an empty reply, GET


def config_for_port(port: int) -> ConnectionConfig:
    return ConnectionConfig(host="127.0.0.1", port=port, timeout=5.0)


@pytest.mark.parametrize(
    "raw",
    [
        b"SSH-2.0-OpenSSH_9.6\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    ],
)
async def test_an_answer_that_is_not_http(
    socket_enabled: None, session: aiohttp.ClientSession, raw: bytes
) -> None:
    async with scripted(lambda _c, _r: raw) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.XML)
        with pytest.raises(NetioProtocolError, match="not valid HTTP"):
            await client.get_state()


async def test_a_post_reply_with_the_old_state_is_followed_by_one_read(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    off = json.dumps({"Agent": {}, "Outputs": [{"ID": 1, "State": 0}]}).encode()
    unknown = json.dumps({"Agent": {}, "Outputs": [{"ID": 1}]}).encode()
    bodies = [
        MINIMAL,  # GET: on
        MINIMAL,  # POST off, answered with the state from before the action
        off,  # GET: off
        unknown,  # POST toggle, answered without the output's state
        MINIMAL,  # GET: on
    ]

    def reply(_connection: int, _request: int) -> bytes:
        return http_response("200 OK", bodies[server.requests - 1])  # counted before replying

    async with scripted(reply) as server:
        client = NetioClient(config_for_port(server.port), session=session, protocol=Protocol.JSON)
        await client.get_state()
        state = await client.set_output(1, OutputAction.OFF)
        assert state.outputs[1].state is False
        assert server.requests == 3
        state = await client.set_output(1, OutputAction.TOGGLE)
        assert state.outputs[1].state is True
        assert server.requests == 5


@pytest.mark.parametrize("protocol", HTTP_READERS)
async def test_a_malformed_post_reply_still_switched(
    socket_enabled: None, session: aiohttp.ClientSession, protocol: Protocol
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=protocol)
        await client.get_state()
        dev.device.faults.set(protocol.value, malformed=True)
        with pytest.raises(NetioProtocolError):
            await client.set_output(1, OutputAction.OFF)
        assert dev.device.outputs[0].state is False
        kinds = [r.kind for r in dev.device.requests(protocol.value)]
        assert kinds == ["read", "write", "read"]  # the unreadable reply was read again


async def test_a_rebooting_device(socket_enabled: None, session: aiohttp.ClientSession) -> None:
    clock = ManualClock()
    async with simulated_device(
        "powerpdu_4c", protocols=ALL_HTTP, initial_uptime_s=5000, clock=clock
    ) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=Protocol.JSON)
        assert (await client.get_state()).info.uptime_s == 5000
        dev.device.reboot(downtime_s=0.3)
        with pytest.raises(NetioConnectionError):
            await client.get_state()
        clock.advance(0.35)
        assert (await client.get_state()).info.uptime_s == 0


async def test_the_url_transport_cannot_read(session: aiohttp.ClientSession) -> None:
    transport = UrlTransport(ConnectionConfig(host="127.0.0.1"), session)
    assert not transport.capabilities.read
    with pytest.raises(NetioUnsupportedError, match="only switch"):
        await transport.read_state()
