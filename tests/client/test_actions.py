"""Output actions 0-6, with and without a pulse duration, through JSON, XML and the URL API."""

from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.netio.client import (
    NetioClient,
    NetioUnsupportedError,
    OutputAction,
    OutputCommand,
    Protocol,
)
from netio_simulator.credentials import Credentials
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .helpers import config_for

ALL_HTTP = frozenset({"json", "xml", "url"})


@dataclass(frozen=True)
class Route:
    """Which protocol reads and which one writes (the simulator's log names)."""

    reader: Protocol
    writer: Protocol | None

    @property
    def log_name(self) -> str:
        """The simulator's log name of the writing protocol."""
        return (self.writer or self.reader).value


ROUTES = [
    Route(Protocol.JSON, None),
    Route(Protocol.XML, None),
    Route(Protocol.JSON, Protocol.URL),
    Route(Protocol.XML, Protocol.URL),
]
ROUTE_IDS = ["json", "xml", "url+json", "url+xml"]


def client_for(
    dev: RunningDevice, session: aiohttp.ClientSession, route: Route, **options: object
) -> NetioClient:
    return NetioClient(
        config_for(dev, **{"url_password": "secret", **options}),
        session=session,
        protocol=route.reader,
        write_protocol=route.writer,
    )


def writes(dev: RunningDevice, route: Route) -> list[str]:
    """The command part of each logged write ("1:0", "2:2/300ms" ...)."""
    return [r.detail.split(" -> 200 ", 1)[1] for r in dev.device.requests(route.log_name, "write")]


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
async def test_deterministic_actions(
    socket_enabled: None, session: aiohttp.ClientSession, route: Route
) -> None:
    credentials = Credentials(url_password="secret")
    async with simulated_device("netio_4all", protocols=ALL_HTTP, credentials=credentials) as dev:
        client = client_for(dev, session, route)
        output = dev.device.outputs[0]
        assert output.state is True
        expected = {
            OutputAction.OFF: False,
            OutputAction.ON: True,
            OutputAction.TOGGLE: False,
            OutputAction.NO_CHANGE: False,
        }
        for action, on in expected.items():
            state = await client.set_output(1, action)
            assert output.state is on, action
            assert state.outputs[1].state is on, action
            assert client.last_state is state
        state = await client.set_output(1, OutputAction.TOGGLE)
        assert state.outputs[1].state is True
        assert writes(dev, route) == ["1:0", "1:1", "1:4", "1:5", "1:4"]
        reads = dev.device.requests(route.reader.value, "read")
        if route.writer is None:
            # The POST reply is the new state: no read after a command.
            assert len(reads) == 1
        else:
            # The URL API answers "OK": every command is followed by one read.
            assert len(reads) == 1 + 5


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
async def test_pulses_with_and_without_duration(
    socket_enabled: None, session: aiohttp.ClientSession, route: Route
) -> None:
    credentials = Credentials(url_password="secret")
    async with simulated_device("netio_4", protocols=ALL_HTTP, credentials=credentials) as dev:
        client = client_for(dev, session, route)
        outputs = dev.device.outputs
        dev.device.apply_action(3, OutputAction.OFF)

        state = await client.set_output(2, OutputAction.SHORT_OFF, 300)
        assert state.outputs[2].state is False
        assert outputs[1].pulse_active
        assert 0.2 < outputs[1].pulse_remaining_s <= 0.3  # the pulse length is the one sent

        state = await client.set_output(3, OutputAction.SHORT_ON, 250)  # rounded up to 300
        assert state.outputs[3].state is True
        assert 0.2 < outputs[2].pulse_remaining_s <= 0.3

        state = await client.set_output(4, OutputAction.SHORT_OFF)  # the output's own Delay
        assert state.outputs[4].state is False
        assert 4.5 < outputs[3].pulse_remaining_s <= 5.0

        assert writes(dev, route) == ["2:2/300ms", "3:3/300ms", "4:2"]


@pytest.mark.parametrize("route", ROUTES, ids=ROUTE_IDS)
async def test_several_outputs_in_one_request(
    socket_enabled: None, session: aiohttp.ClientSession, route: Route
) -> None:
    credentials = Credentials(url_password="secret")
    async with simulated_device("netio_4", protocols=ALL_HTTP, credentials=credentials) as dev:
        client = client_for(dev, session, route)
        state = await client.send(
            [
                OutputCommand(1, OutputAction.OFF),
                OutputCommand(2, OutputAction.TOGGLE),
                OutputCommand(4, OutputAction.SHORT_OFF, 1000),
            ]
        )
        assert [o.state for o in state.outputs.values()] == [False, False, True, False]
        assert [o.state for o in dev.device.outputs] == [False, False, True, False]
        assert writes(dev, route) == ["1:0 2:4 4:2/1000ms"]
        assert client.capabilities.multi_output_write
        assert client.capabilities.duration_override


async def test_ignore_and_bad_requests_never_reach_the_device(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("netio_4", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session, protocol=Protocol.JSON)
        bad: list[tuple[list[OutputCommand], str]] = [
            ([OutputCommand(1, OutputAction.IGNORE)], "no output action"),
            ([OutputCommand(1, 7)], "no output action"),  # type: ignore[arg-type]
            ([OutputCommand(1, True)], "no output action"),  # type: ignore[arg-type]  # noqa: FBT003
            ([OutputCommand(5, OutputAction.ON)], "no output 5; its outputs are 1, 2, 3, 4"),
            ([OutputCommand(0, OutputAction.ON)], "no output 0"),
            ([OutputCommand("1", OutputAction.ON)], "no output '1'"),  # type: ignore[arg-type]
            ([OutputCommand(1, OutputAction.ON, 1000)], "only to short OFF and short ON"),
            ([OutputCommand(1, OutputAction.SHORT_ON, 99)], "100 to 3600000 ms"),
            ([OutputCommand(1, OutputAction.SHORT_ON, 3_600_001)], "100 to 3600000 ms"),
            ([OutputCommand(1, OutputAction.SHORT_ON, 1.5)], "not 1.5"),  # type: ignore[arg-type]
            (
                [OutputCommand(1, OutputAction.ON), OutputCommand(1, OutputAction.OFF)],
                "more than one action",
            ),
            ([], "No output action"),
        ]
        for commands, message in bad:
            with pytest.raises(NetioUnsupportedError, match=message):
                await client.send(commands)
        assert dev.device.requests("json", "write") == []
        # The largest duration is allowed, and the request went through.
        state = await client.set_output(1, OutputAction.SHORT_OFF, 3_600_000)
        assert state.outputs[1].state is False
        assert writes(dev, Route(Protocol.JSON, None)) == ["1:2/3600000ms"]


async def test_first_command_reads_the_outputs_first(
    socket_enabled: None, session: aiohttp.ClientSession
) -> None:
    async with simulated_device("powercable_101x", protocols=ALL_HTTP) as dev:
        client = NetioClient(config_for(dev), session=session)
        assert not client.capabilities.read  # no protocol chosen yet
        state = await client.set_output(1, OutputAction.OFF)
        assert client.protocol is Protocol.JSON
        assert state.outputs[1].state is False
        assert [r.kind for r in dev.device.requests("json")] == ["read", "write"]
        with pytest.raises(NetioUnsupportedError, match="no output 2"):
            await client.set_output(2, OutputAction.ON)


async def test_url_api_errors(socket_enabled: None, session: aiohttp.ClientSession) -> None:
    from custom_components.netio.client import (  # noqa: PLC0415
        NetioApiDisabledError,
        NetioAuthenticationError,
        NetioProtocolError,
    )

    credentials = Credentials(url_password="secret")
    async with simulated_device("netio_4", protocols=ALL_HTTP, credentials=credentials) as dev:
        route = Route(Protocol.JSON, Protocol.URL)
        wrong = client_for(dev, session, route, url_password="guess")
        with pytest.raises(NetioAuthenticationError):
            await wrong.set_output(1, OutputAction.OFF)
        missing = NetioClient(
            config_for(dev), session=session, protocol=Protocol.JSON, write_protocol=Protocol.URL
        )
        with pytest.raises(NetioAuthenticationError, match="No URL API pass phrase"):
            await missing.check_write_access()
        client = client_for(dev, session, route)
        await client.check_write_access()
        dev.device.faults.set("url", malformed=True)
        with pytest.raises(NetioProtocolError, match="did not confirm"):
            await client.set_output(1, OutputAction.OFF)
        dev.device.faults.set("url", malformed=False, api_disabled=True)
        with pytest.raises(NetioApiDisabledError, match="URL API"):
            await client.set_output(1, OutputAction.OFF)
        assert client.capabilities.read
        assert client.write_protocol is Protocol.URL
        assert dev.device.outputs[0].state is False  # the malformed reply came after the switch
    with pytest.raises(NetioUnsupportedError, match="cannot read"):
        NetioClient(config_for(dev), session=session, protocol=Protocol.URL)
