"""NetioClient beyond detection: paired writers, write checks, and transports that misbehave."""

from collections.abc import Sequence

import aiohttp
import pytest

from custom_components.netio.client import (
    Capabilities,
    ConnectionConfig,
    DeviceState,
    NetioApiDisabledError,
    NetioClient,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioTimeoutError,
    NetioUnsupportedError,
    OutputAction,
    OutputCommand,
    OutputState,
    Protocol,
    SystemInfo,
    device as device_module,
)
from custom_components.netio.client.transports.base import Transport
from netio_simulator.testing import simulated_device

from .helpers import config_for

ALL_HTTP = frozenset({"json", "xml", "url"})


async def test_a_writer_of_another_protocol_and_a_later_detect(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("powerpdu_8qs", protocols=ALL_HTTP) as dev:
        client = NetioClient(
            config_for(dev), session=session, protocol=Protocol.XML, write_protocol=Protocol.JSON
        )
        assert client.write_protocol is Protocol.JSON
        state = await client.set_output(3, OutputAction.OFF)
        assert state.protocol is Protocol.JSON  # the JSON POST reply is the new state
        assert [r.kind for r in dev.device.requests("xml")] == ["read"]
        assert [r.kind for r in dev.device.requests("json")] == ["write"]
        assert client.capabilities.metering
        result = await client.detect()  # JSON now reads too: one transport does both
        assert result.protocol is Protocol.JSON
        await client.set_output(3, OutputAction.ON)
        assert [r.kind for r in dev.device.requests("json")] == ["write", "read", "write"]
        await client.close()


async def test_check_write_access_detects_first(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session)
        await client.check_write_access()
        assert client.protocol is Protocol.JSON
        assert [r.detail.rsplit(" ", 1)[-1] for r in dev.device.requests("json", "write")] == [
            "1:5"
        ]
        assert dev.device.outputs[0].state is True


class _ReadOnlyTransport(Transport):
    """A transport that reads one output and cannot write; closing it fails."""

    protocol = Protocol.JSON

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(write=False)

    async def read_state(self) -> DeviceState:
        return DeviceState(info=SystemInfo(num_outputs=1), outputs={1: OutputState(id=1)})

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        raise AssertionError("never called")  # pragma: no cover

    async def close(self) -> None:
        raise NetioConnectionError("already gone")


async def test_a_transport_that_cannot_write(
    session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(device_module, "transport_class", lambda _protocol: _ReadOnlyTransport)
    client = NetioClient(ConnectionConfig(host="127.0.0.1"), session=session)
    assert (await client.detect()).protocol is Protocol.JSON
    with pytest.raises(NetioUnsupportedError, match="cannot switch outputs"):
        await client.set_output(1, OutputAction.ON)
    with pytest.raises(NetioUnsupportedError, match="cannot switch outputs"):
        await client.check_write_access()
    await client.close()  # the transport's close error is logged, not raised


@pytest.mark.parametrize(
    ("error", "rank"),
    [
        (NetioApiDisabledError("off"), 3),
        (NetioProtocolError("odd"), 2),
        (NetioTimeoutError("slow"), 1),
        (NetioUnsupportedError("no"), 0),
    ],
)
def test_error_ranking(error: NetioError, rank: int) -> None:
    assert device_module._error_rank(error) == rank
