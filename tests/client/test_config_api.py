"""The configuration API client against the simulator over real sockets, every newer profile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
import contextlib
from dataclasses import dataclass
import json
from typing import Any, Self

import aiohttp
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from custom_components.netio.client import (
    ConnectionConfig,
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioUnsupportedError,
)
from custom_components.netio.client.config_api import (
    ConfigApiClient,
    ConfigEndpoint,
    OutputSettings,
    PowerUpState,
)
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import SimulatedDevice
from netio_simulator.servers.config_api import SESSION_IDLE_S, config_api_for
from netio_simulator.servers.http import HttpServer

NEWER = ("powerpdu_4ps", "powerpdu_8qs", "powerdin_4pz", "powercable_101x")
ADMIN_USER = "root"
ADMIN_PASSWORD = "t0p-secret"


class Clock:
    """The device's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        """Start at an arbitrary moment."""
        self.now = 5000.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


@dataclass
class Served:
    """A simulated device, its clock and a client logged in as its administrator."""

    device: SimulatedDevice
    clock: Clock
    config: ConnectionConfig
    client: ConfigApiClient


@pytest.fixture(params=NEWER)
async def served(
    request: pytest.FixtureRequest, session: aiohttp.ClientSession, socket_enabled: None
) -> AsyncIterator[Served]:
    """A newer-platform device with an admin account and M2M accounts of its own."""
    clock = Clock()
    device = SimulatedDevice(
        request.param,
        clock=clock,
        credentials=Credentials(
            json=ApiAccounts.both("netio", "netio"), admin=Account(ADMIN_USER, ADMIN_PASSWORD)
        ),
    )
    server = HttpServer(device)
    port = await server.start()
    config = ConnectionConfig(host="127.0.0.1", port=port, username="netio", password="netio")
    client = ConfigApiClient(config, session, ADMIN_USER, ADMIN_PASSWORD)
    try:
        yield Served(device, clock, config, client)
    finally:
        await client.close()
        await server.stop()


async def test_output_settings_read_back_what_the_device_holds(served: Served) -> None:
    settings = await served.client.get_output_settings()
    assert served.client.logged_in
    assert settings == {
        out.id: OutputSettings(
            output_id=out.id,
            name=out.name,
            delay_ms=out.delay_ms,
            power_up=PowerUpState(out.power_up),
            power_up_interval_s=0,
        )
        for out in served.device.outputs
    }


async def test_output_base_writes_round_trip(served: Served) -> None:
    last = len(served.device.outputs)
    await served.client.set_output_base(
        last, name="Router", delay_ms=2500, power_up=PowerUpState.ON, power_up_interval_s=7
    )
    settings = (await served.client.get_output_settings())[last]
    assert (settings.name, settings.delay_ms, settings.power_up) == (
        "Router",
        2500,
        PowerUpState.ON,
    )
    assert settings.power_up_interval_s == 7
    out = served.device.outputs[-1]
    assert (out.name, out.delay_ms, out.power_up) == ("Router", 2500, "on")
    await served.client.set_output_base(last, power_up=PowerUpState.LAST)
    settings = (await served.client.get_output_settings())[last]
    assert (settings.name, settings.power_up) == ("Router", PowerUpState.LAST)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 33}, "name"),
        ({"delay_ms": 99}, "delay_ms"),
        ({"delay_ms": 3_600_001}, "delay_ms"),
        ({"delay_ms": True}, "delay_ms"),
        ({"power_up_interval_s": 3601}, "power_up_interval_s"),
    ],
)
async def test_out_of_range_settings_are_refused_before_sending(
    served: Served, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        await served.client.set_output_base(1, **changes)
    assert not served.device.requests("config")
    assert not served.client.logged_in


async def test_the_device_names_what_it_refuses(served: Served) -> None:
    with pytest.raises(NetioProtocolError, match="id must be"):
        await served.client.set_output_base(99, name="nope")
    with pytest.raises(NetioProtocolError, match="scheduleId"):
        await served.client.set_output_schedule(1, 42)


async def test_an_expired_session_is_renewed_once(served: Served) -> None:
    await served.client.login()
    served.clock.now += SESSION_IDLE_S + 1
    assert config_api_for(served.device).sessions == 0
    await served.client.set_output_base(1, name="After expiry")
    assert served.device.outputs[0].name == "After expiry"
    assert config_api_for(served.device).sessions == 1


async def test_a_session_that_expires_again_at_once_is_an_error(served: Served) -> None:
    config_api_for(served.device).session_idle_s = 0.0  # every session is dead on arrival
    with pytest.raises(NetioProtocolError, match="ended the new configuration session"):
        await served.client.get_output_settings()
    assert not served.client.logged_in


async def test_wrong_admin_credentials(served: Served, session: aiohttp.ClientSession) -> None:
    for username, password in (("netio", "netio"), (ADMIN_USER, "wrong")):
        client = ConfigApiClient(served.config, session, username, password)
        with pytest.raises(NetioAuthenticationError, match="administrator"):
            await client.login()
        with pytest.raises(NetioAuthenticationError):
            await client.get_output_settings()
        assert not client.logged_in


async def test_logout_and_close(served: Served) -> None:
    await served.client.login()
    assert config_api_for(served.device).sessions == 1
    await served.client.logout()
    assert config_api_for(served.device).sessions == 0
    await served.client.logout()  # nothing to do
    await served.client.login()
    served.device.reboot(downtime_s=60)
    await served.client.close()  # unreachable: the session is forgotten all the same
    assert not served.client.logged_in


DOCUMENT: dict[str, Any] = {
    "rules": {
        "Restart router": {
            "conditions": {"WDT/Router/FAIL": True},
            "filters": {"SCHEDULE/Office/ACTIVE": True},
            "actions": {
                "OUTPUTS/1/ACTION": 2,
                "sequence": {"repeat": 3, "actions": [{"OUTPUTS/1/ACTION": 1, "delay": 1000}]},
            },
            "bootDelay": 30,
        },
        "Lights": {
            "enabled": False,
            "conditions": {"PAB/Sun/DAY": False, "operator": "AND"},
            "actions": {"OUTPUTS/1/ACTION": "${COND_RESULT}"},
        },
    },
    "pabs": {"Sun": {"type": "DAYLIGHT", "latitude": "50.0058144N", "longitude": "14.4129433E"}},
    "watchdogs": {
        "Router": {
            "target": "router.lan",
            "pingInterval": 60,
            "timeout": 5,
            "maxTimeouts": 2,
            "timeToReboot": 120,
            "maxRestarts": -1,
        }
    },
    "schedules": {"Office": {"mon": [["08:00", "17:00"]], "fri": [["08:00", "12:30"]]}},
}


async def test_rule_document_reads_back_everything(served: Served) -> None:
    engine = served.device.rules
    assert engine is not None
    engine.load(DOCUMENT)
    raw = await served.client.get_raw_rule_document()
    assert raw == engine.document()
    assert raw["rules"]["Lights"]["enabled"] is False
    assert {"Always", "Weekend", "Work days", "Office"} <= set(raw["schedules"])
    parsed = await served.client.get_rule_document()
    assert parsed.problems == ()
    assert set(parsed.rules) == {"Restart router", "Lights"}
    assert parsed.rules["Lights"].enabled is False
    assert set(parsed.pabs) == {"Sun"}
    assert parsed.watchdogs["Router"].target == "router.lan"
    assert "Office" in parsed.schedules


async def test_output_schedule_binding_round_trips(served: Served) -> None:
    engine = served.device.rules
    assert engine is not None
    engine.load({"schedules": DOCUMENT["schedules"]})
    raw = await served.client.get_raw_rule_document()
    office_id = list(raw["schedules"]).index("Office") + 1
    await served.client.set_output_schedule(1, office_id, enable=True)
    settings = (await served.client.get_output_settings())[1]
    assert (settings.schedule_id, settings.schedule_name, settings.schedule_enabled) == (
        office_id,
        "Office",
        True,
    )
    await served.client.set_output_schedule(1, office_id, enable=False)
    assert not (await served.client.get_output_settings())[1].schedule_enabled


@pytest.mark.usefixtures("socket_enabled")
async def test_a_device_without_the_api(session: aiohttp.ClientSession) -> None:
    device = SimulatedDevice("netio_4all")
    server = HttpServer(device)
    port = await server.start()
    try:
        client = ConfigApiClient(
            ConnectionConfig(host="127.0.0.1", port=port), session, "admin", "admin"
        )
        with pytest.raises(NetioUnsupportedError, match="no configuration API"):
            await client.login()
    finally:
        await server.stop()


@pytest.mark.usefixtures("socket_enabled")
async def test_nothing_listening(session: aiohttp.ClientSession) -> None:
    server = HttpServer(SimulatedDevice("powerpdu_8qs"))
    port = await server.start()
    await server.stop()
    client = ConfigApiClient(
        ConnectionConfig(host="127.0.0.1", port=port, timeout=2), session, "admin", "admin"
    )
    with pytest.raises(NetioConnectionError):
        await client.get_rule_document()


# Replies a real device should never send ------------------------------------------------


class OddDevice:
    """An HTTP server that answers `/api` with canned bodies, in order."""

    def __init__(self, replies: list[object]) -> None:
        """Keep the replies (objects are sent as JSON, bytes as they are)."""
        self.replies = replies
        self.runner: aiohttp.web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> Self:
        """Serve on a free loopback port."""
        app = aiohttp.web.Application()
        app.router.add_post("/api", self._handle)
        self.runner = aiohttp.web.AppRunner(app)
        await self.runner.setup()
        site = aiohttp.web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = self.runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop serving."""
        assert self.runner is not None
        await self.runner.cleanup()

    async def _handle(self, _request: aiohttp.web.Request) -> aiohttp.web.Response:
        reply = self.replies.pop(0) if self.replies else {"data": {}}
        if isinstance(reply, int):
            return aiohttp.web.Response(status=reply, text="error")
        body = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
        return aiohttp.web.Response(body=body, content_type="application/json")


LOGIN = {"data": {"sessionId": "abc"}}


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize(
    ("replies", "error", "match"),
    [
        ([b"<html>"], NetioProtocolError, "not JSON"),
        ([500], NetioConnectionError, "HTTP 500"),
        ([b"[1]"], NetioProtocolError, "not a JSON object"),
        ([{"ok": 1}], NetioProtocolError, "has no data"),
        ([{"data": {}}], NetioProtocolError, "no session ID"),
        ([LOGIN, {"data": {}}], NetioProtocolError, "not a list"),
        ([LOGIN, {"data": [5]}], NetioProtocolError, "not an object"),
        ([LOGIN, {"data": [{"outputId": 1}]}], NetioProtocolError, "lacks a valid"),
        (
            [LOGIN, {"data": [{"outputId": "1", "name": 1, "interruptDelay": 1, "default": "on"}]}],
            NetioProtocolError,
            "wrong types",
        ),
        ([LOGIN, {"errors": [{"code": 1002}]}], NetioUnsupportedError, "firmware"),
        ([LOGIN, {"errors": "x"}], NetioProtocolError, "error None"),
    ],
)
async def test_odd_replies_are_protocol_errors(
    session: aiohttp.ClientSession, replies: list[object], error: type[Exception], match: str
) -> None:
    async with OddDevice(replies) as odd:
        client = ConfigApiClient(
            ConnectionConfig(host="127.0.0.1", port=odd.port), session, "admin", "admin"
        )
        with pytest.raises(error, match=match):
            await client.get_output_settings()


@pytest.mark.usefixtures("socket_enabled")
@pytest.mark.parametrize(
    "replies",
    [
        [LOGIN, {"data": {}}],
        [LOGIN, {"data": [{"enabled": True}]}],
    ],
)
async def test_odd_rule_lists_are_protocol_errors(
    session: aiohttp.ClientSession, replies: list[object]
) -> None:
    async with OddDevice(replies) as odd:
        client = ConfigApiClient(
            ConnectionConfig(host="127.0.0.1", port=odd.port), session, "admin", "admin"
        )
        with pytest.raises(NetioProtocolError):
            await client.get_rule_document()


@pytest.mark.usefixtures("socket_enabled")
async def test_optional_output_fields_may_be_missing(session: aiohttp.ClientSession) -> None:
    item = {"outputId": 1, "name": "A", "interruptDelay": 500, "default": "off", "schedule": 3}
    async with OddDevice([LOGIN, {"data": [item]}]) as odd:
        client = ConfigApiClient(
            ConnectionConfig(host="127.0.0.1", port=odd.port), session, "admin", "admin"
        )
        assert await client.get_output_settings() == {
            1: OutputSettings(output_id=1, name="A", delay_ms=500, power_up=PowerUpState.OFF)
        }


async def test_the_endpoint_is_no_status_transport(session: aiohttp.ClientSession) -> None:
    endpoint = ConfigEndpoint(ConnectionConfig(host="127.0.0.1"), session)
    assert not endpoint.capabilities.read
    assert not endpoint.capabilities.write
    with pytest.raises(NetioUnsupportedError):
        await endpoint.read_state()
    with pytest.raises(NetioUnsupportedError):
        await endpoint.send_actions([])


# Fuzzing: whatever the device answers, only NetioError (or ValueError for bad input) escapes.

reply_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(
        st.sampled_from(
            ["data", "errors", "code", "message", "sessionId", "outputId", "name",
             "interruptDelay", "default", "schedule", "id", "enabled"]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=10,
)  # fmt: skip
replies = st.one_of(
    st.fixed_dictionaries({"data": reply_values}),
    st.fixed_dictionaries({"errors": reply_values}),
    reply_values,
    st.binary(max_size=40),
    st.sampled_from([404, 500, 401, 403]),
)


@pytest.mark.usefixtures("socket_enabled")
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(answers=st.lists(replies, min_size=1, max_size=6))
def test_odd_devices_only_raise_netio_errors(answers: list[object]) -> None:
    """Random replies to every call: the client raises its own errors and nothing else."""

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http, OddDevice([LOGIN, *answers]) as odd:
            client = ConfigApiClient(
                ConnectionConfig(host="127.0.0.1", port=odd.port, timeout=2), http, "a", "b"
            )
            calls = (
                client.get_output_settings,
                client.get_rule_document,
                lambda: client.set_output_base(1, name="x"),
                client.close,
            )
            for call in calls:
                with contextlib.suppress(NetioError):
                    await call()

    asyncio.run(scenario())
