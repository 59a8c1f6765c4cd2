"""The configuration API (`POST /api`) over real sockets, on the device's manual clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
import json
from typing import Any

import aiohttp
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest

from netio_simulator.config import ConfigError, config_from_mapping
from netio_simulator.credentials import Account, ApiAccounts, Credentials
from netio_simulator.device import SimulatedDevice
from netio_simulator.servers.config_api import (
    MAX_SESSIONS,
    SESSION_IDLE_S,
    config_api_for,
)
from netio_simulator.servers.http import HttpServer

ADMIN = "admin"  # NETIO's factory default admin account: admin/admin
NEWER = ["powerpdu_4ps", "powerpdu_8qs", "powerdin_4pz", "powercable_101x"]


class Clock:
    """The device's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        """Start at an arbitrary moment."""
        self.now = 1000.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


class Api:
    """A device with its HTTP server and a client of its `/api`."""

    def __init__(self, device: SimulatedDevice, url: str, http: aiohttp.ClientSession) -> None:
        """Keep the parts."""
        self.device = device
        self.url = url
        self.http = http
        self.session_id = ""

    async def raw(self, body: bytes | str) -> tuple[int, Any]:
        """Post a raw body; return the status and the decoded reply."""
        async with self.http.post(self.url, data=body) as response:
            return response.status, await response.json(content_type=None)

    async def call(self, action: str, data: object = None, session: str | None = None) -> Any:
        """Send one action with the current session; return the whole reply."""
        body: dict[str, Any] = {
            "sessionId": self.session_id if session is None else session,
            "action": action,
        }
        if data is not None:
            body["data"] = data
        status, reply = await self.raw(json.dumps(body))
        assert status == 200
        return reply

    async def login(self, username: str = ADMIN, password: str = ADMIN) -> Any:
        """Log in; keep the session."""
        reply = await self.call("login", {"username": username, "password": password})
        if "data" in reply:
            self.session_id = reply["data"]["sessionId"]
        return reply


@pytest.fixture
def clock() -> Clock:
    """The device's clock."""
    return Clock()


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """A client session, closed after the test."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield session


async def _serve(
    profile: str, clock: Clock, http: aiohttp.ClientSession, **kwargs: Any
) -> AsyncIterator[Api]:
    device = SimulatedDevice(profile, clock=clock, **kwargs)
    server = HttpServer(device)
    port = await server.start()
    try:
        yield Api(device, f"http://127.0.0.1:{port}/api", http)
    finally:
        await server.stop()


@pytest.fixture(params=NEWER)
async def api(
    request: pytest.FixtureRequest, clock: Clock, http: aiohttp.ClientSession
) -> AsyncIterator[Api]:
    """A newer-platform device with the factory admin account, logged in."""
    async for served_api in _serve(request.param, clock, http):
        assert "data" in await served_api.login()
        yield served_api


def _error_code(reply: Any) -> int:
    return int(reply["errors"][0]["code"])


async def test_output_details_show_the_device(api: Api) -> None:
    reply = await api.call("getOutputDetailList")
    outputs = api.device.outputs
    assert [o["outputId"] for o in reply["data"]] == [o.id for o in outputs]
    first = reply["data"][0]
    assert first["name"] == outputs[0].name
    assert first["on"] is outputs[0].state
    assert first["interruptDelay"] == outputs[0].delay_ms
    assert first["default"] == "last"
    assert first["powerUpInterval"] == 0
    assert first["schedule"] == {"id": None, "name": None, "enabled": False}


async def test_set_output_base_changes_how_the_device_behaves(api: Api, clock: Clock) -> None:
    data = {"id": 1, "name": "NAS", "resetDelay": 1500, "default": "off", "powerUpInterval": 3}
    assert await api.call("setOutputBase", data) == {"data": {}}
    detail = (await api.call("getOutputDetailList"))["data"][0]
    assert detail | {"on": None} == {
        "outputId": 1,
        "name": "NAS",
        "on": None,
        "interruptDelay": 1500,
        "default": "off",
        "powerUpInterval": 3,
        "schedule": {"id": None, "name": None, "enabled": False},
    }
    out = api.device.outputs[0]
    assert out.name == "NAS"
    api.device.set_state(1, on=True)
    api.device.apply_action(1, 2)  # short OFF takes the new delay
    states = [out.state]
    clock.now += 1.4
    states.append(out.state)
    clock.now += 0.2
    states.append(out.state)
    api.device.reboot()  # power-up state off
    states.append(out.state)
    assert states == [False, False, True, False]


async def test_set_output_base_keeps_fields_it_is_not_given(api: Api) -> None:
    before = api.device.outputs[0].delay_ms
    assert "data" in await api.call("setOutputBase", {"id": 1, "default": "on"})
    assert api.device.outputs[0].power_up == "on"
    assert api.device.outputs[0].delay_ms == before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X"}, "id"),
        ({"id": 0, "name": "X"}, "id"),
        ({"id": True}, "id"),
        ({"id": 1, "name": ""}, "name"),
        ({"id": 1, "name": "x" * 33}, "name"),
        ({"id": 1, "name": 5}, "name"),
        ({"id": 1, "name": "ok", "resetDelay": 99}, "resetDelay"),
        ({"id": 1, "name": "ok", "resetDelay": 3_600_001}, "resetDelay"),
        ({"id": 1, "name": "ok", "resetDelay": "500"}, "resetDelay"),
        ({"id": 1, "name": "ok", "default": "maybe"}, "default"),
        ({"id": 1, "name": "ok", "powerUpInterval": -1}, "powerUpInterval"),
    ],
)
async def test_invalid_output_base_names_the_field_and_changes_nothing(
    api: Api, data: dict[str, Any], field: str
) -> None:
    out = api.device.outputs[0]
    before = (out.name, out.delay_ms, out.power_up)
    reply = await api.call("setOutputBase", data)
    assert _error_code(reply) == 1003
    assert field in reply["errors"][0]["message"]
    assert (out.name, out.delay_ms, out.power_up) == before


async def test_set_output_schedule_needs_a_known_schedule(api: Api) -> None:
    reply = await api.call("setOutputSchedule", {"id": 1, "scheduleId": "7", "enable": True})
    assert _error_code(reply) == 1003
    assert "scheduleId" in reply["errors"][0]["message"]
    reply = await api.call("setOutputSchedule", {"id": 1, "scheduleId": None})
    assert _error_code(reply) == 1003


async def test_m2m_accounts_cannot_log_in(clock: Clock, http: aiohttp.ClientSession) -> None:
    credentials = Credentials(json=ApiAccounts.both("netio", "netio"), admin=Account("boss", "pw"))
    async for api in _serve("powerpdu_8qs", clock, http, credentials=credentials):
        assert _error_code(await api.login("netio", "netio")) == 1001
        assert _error_code(await api.login("admin", "admin")) == 1001
        assert _error_code(await api.login("boss", 5)) == 1003  # type: ignore[arg-type]
        assert "data" in await api.login("boss", "pw")


async def test_requests_without_a_session_get_code_1000(api: Api) -> None:
    for session in ("", "nonsense"):
        assert _error_code(await api.call("getOutputDetailList", session=session)) == 1000
    status, reply = await api.raw(json.dumps({"action": "getRules"}))
    assert (status, _error_code(reply)) == (200, 1000)


async def test_a_session_expires_after_idling_on_the_device_clock(api: Api, clock: Clock) -> None:
    clock.now += SESSION_IDLE_S - 1
    assert "data" in await api.call("ping")  # a request keeps it alive
    clock.now += SESSION_IDLE_S - 1
    assert "data" in await api.call("getFeatures")
    clock.now += SESSION_IDLE_S
    assert _error_code(await api.call("ping")) == 1000
    assert config_api_for(api.device).sessions == 0


async def test_logout_ends_the_session(api: Api) -> None:
    assert await api.call("logout") == {"data": {}}
    assert _error_code(await api.call("ping")) == 1000


async def test_a_reboot_ends_every_session(api: Api, clock: Clock) -> None:
    clock.now += 5
    assert "data" in await api.call("ping")
    api.device.reboot()
    assert _error_code(await api.call("ping")) == 1000


async def test_too_many_logins_end_the_oldest_session(api: Api) -> None:
    first = api.session_id
    for _ in range(MAX_SESSIONS):
        await api.login()
    assert config_api_for(api.device).sessions == MAX_SESSIONS
    assert _error_code(await api.call("ping", session=first)) == 1000
    assert "data" in await api.call("ping")


async def test_device_information(api: Api) -> None:
    version = (await api.call("getVersion"))["data"]
    assert version["version"] == api.device.profile.firmware
    assert version["hostname"] == api.device.hostname
    features = (await api.call("getFeatures"))["data"]
    assert features["outputCount"] == len(api.device.outputs)
    user = (await api.call("getCurrentUser"))["data"]
    assert user["username"] == "admin"
    assert "can_alter_outputs" in user["privileges"]


async def test_unknown_actions_and_bad_requests(api: Api) -> None:
    assert _error_code(await api.call("formatDisk")) == 1002
    assert _error_code(await api.call("ping", data=[1])) == 1003
    body = {"sessionId": api.session_id, "action": "ping", "data": None}
    assert await api.raw(json.dumps(body)) == (200, {"data": {}})
    status, reply = await api.raw(json.dumps({"action": 5}))
    assert (status, _error_code(reply)) == (200, 1003)
    for body in (b"\xff\x00", b"[1, 2]", b"", b"{" * 5000):
        status, reply = await api.raw(body)
        assert (status, _error_code(reply)) == (400, 1003)
    async with api.http.get(api.url) as response:
        assert response.status == 405


async def test_a_device_that_is_down_drops_requests(api: Api) -> None:
    api.device.reboot(downtime_s=30)
    with pytest.raises(aiohttp.ClientError):
        await api.call("ping")


async def test_netio_4x_devices_have_no_configuration_api(
    clock: Clock, http: aiohttp.ClientSession
) -> None:
    async for api in _serve("netio_4all", clock, http):
        async with http.post(api.url, json={"action": "login"}) as response:
            assert response.status == 404


def test_yaml_sets_the_admin_account() -> None:
    config = config_from_mapping(
        {
            "devices": [
                {
                    "profile": "powerpdu_8qs",
                    "credentials": {"admin": {"username": "root", "password": "s3cret"}},
                }
            ]
        }
    )
    credentials = config.devices[0].credentials
    assert credentials is not None
    assert credentials.admin == Account("root", "s3cret")
    with pytest.raises(ConfigError, match="account must be a mapping"):
        config_from_mapping(
            {"devices": [{"profile": "powerpdu_8qs", "credentials": {"admin": "root"}}]}
        )


RULES: dict[str, Any] = {
    "rules": {
        "Restart": {"conditions": {"WDT/Ping/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}},
        "Off": {
            "enabled": False,
            "conditions": {"PAB/Day/DAY": True},
            "actions": {"OUTPUTS/1/ACTION": 0},
        },
    },
    "pabs": {"Day": {"type": "DAYLIGHT", "latitude": "50.0N", "longitude": "14.4E"}},
    "watchdogs": {
        "Ping": {
            "target": "router",
            "pingInterval": 60,
            "timeout": 5,
            "maxTimeouts": 1,
            "timeToReboot": 120,
            "maxRestarts": 2,
        }
    },
    "schedules": {"Office": {"mon": [["08:00", "17:00"]]}},
}


async def test_rule_lists_come_from_the_rules_engine(api: Api) -> None:
    engine = api.device.rules
    assert engine is not None
    engine.load(RULES)
    rules = (await api.call("getRules"))["data"]
    assert [(r["name"], r["enabled"]) for r in rules] == [("Restart", True), ("Off", False)]
    assert rules[0]["actions"] == {"OUTPUTS/1/ACTION": 2}
    pabs = (await api.call("getPABList"))["data"]
    assert pabs == [{"name": "Day", **RULES["pabs"]["Day"], "enabled": True}]
    watchdogs = (await api.call("getWatchdogs"))["data"]
    assert watchdogs[0]["name"] == "Ping"
    assert watchdogs[0]["maxRestarts"] == 2
    schedules = (await api.call("getScheduleList"))["data"]
    names = [item["name"] for item in schedules]
    assert "Office" in names
    assert {"Always", "Weekend", "Work days"} <= set(names)
    by_name = {item["name"]: item for item in schedules}
    assert by_name["Always"]["active"] is True
    assert by_name["Office"]["mon"] == [["08:00", "17:00"]]
    assert [item["id"] for item in schedules] == list(range(1, len(schedules) + 1))


async def test_an_output_follows_the_schedule_it_is_bound_to(
    clock: Clock, http: aiohttp.ClientSession
) -> None:
    """The binding is the output's Scheduler/Timer: enabled, it switches at the edges."""
    async for api in _serve("powerpdu_8qs", clock, http, timezone=UTC):
        await api.login()
        engine = api.device.rules
        assert engine is not None
        engine.set_wall_time(datetime(2026, 12, 11, 23, 0, tzinfo=UTC))  # a Friday, 23:00
        schedules = (await api.call("getScheduleList"))["data"]
        weekend = next(item["id"] for item in schedules if item["name"] == "Weekend")
        reply = await api.call("setOutputSchedule", {"id": 1, "scheduleId": str(weekend)})
        assert reply == {"data": {}}
        detail = (await api.call("getOutputDetailList"))["data"][0]
        assert detail["schedule"] == {"id": weekend, "name": "Weekend", "enabled": True}
        assert detail["on"] is False  # not the weekend yet
        clock.now += 3600  # Saturday 00:00
        assert api.device.outputs[0].state is True
        await api.login()  # the hour outlived the session
        reply = await api.call("setOutputSchedule", {"id": 1, "scheduleId": weekend, "enable": 0})
        assert _error_code(reply) == 1003
        assert "enable" in reply["errors"][0]["message"]
        await api.call("setOutputSchedule", {"id": 1, "scheduleId": weekend, "enable": False})
        detail = (await api.call("getOutputDetailList"))["data"][0]
        assert detail["schedule"] == {"id": weekend, "name": "Weekend", "enabled": False}
        assert detail["on"] is True  # a disabled timer leaves the output as it is


def test_a_device_without_rules_lists_none() -> None:
    """The API object itself copes with a device without rules (NETIO 4x never serves it)."""
    api = config_api_for(SimulatedDevice("netio_4all"))
    status, reply = api.handle(
        b'{"action": "login", "data": {"username": "admin", "password": "admin"}}'
    )
    assert status == 200
    session = reply["data"]["sessionId"]
    for action in ("getRules", "getWatchdogs", "getPABList", "getScheduleList"):
        body = json.dumps({"sessionId": session, "action": action}).encode()
        assert api.handle(body) == (200, {"data": []})


# Fuzzing ----------------------------------------------------------------------------------

ACTIONS = [
    "login", "logout", "ping", "getVersion", "getFeatures", "getCurrentUser",
    "getOutputDetailList", "setOutputBase", "setOutputSchedule", "getRules", "getWatchdogs",
    "getPABList", "getScheduleList", "",
]  # fmt: skip
FIELDS = [
    "id", "name", "resetDelay", "default", "powerUpInterval", "scheduleId", "enable",
    "username", "password",
]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["on", "off", "last", "admin", "1", "0"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner),
    max_leaves=8,
)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "sessionId": st.sampled_from(["$session", ""]) | scalars,
        "action": st.sampled_from(ACTIONS) | scalars,
        "data": st.dictionaries(st.sampled_from(FIELDS), values, max_size=6) | values,
    },
)
raw_bodies = bodies.map(json.dumps) | st.binary(max_size=200).map(lambda b: b.decode("latin-1"))


@pytest.mark.usefixtures("socket_enabled")
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(requests=st.lists(raw_bodies, min_size=1, max_size=6))
def test_garbage_on_api_never_crashes_the_simulator(requests: list[str]) -> None:
    """Every reply is an error or data in NETIO's shape, and the device answers afterwards."""

    async def scenario() -> None:
        async with aiohttp.ClientSession() as http:
            async for api in _serve("powerpdu_8qs", Clock(), http):
                await api.login()
                for body in requests:
                    status, reply = await api.raw(body.replace("$session", api.session_id))
                    assert status in {200, 400}
                    assert set(reply) in ({"data"}, {"errors"})
                await api.login()
                reply = await api.call("getOutputDetailList")
                assert len(reply["data"]) == 8

    asyncio.run(scenario())
