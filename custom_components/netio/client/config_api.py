"""The device's web configuration API (`POST /api`), as NETIO's configuration library uses it.

Newer NETIO devices (the ESP platform: PowerPDU 4PS/8QS/..., PowerDIN, PowerBOX, PowerCable)
are configured through one endpoint: every request is `{"sessionId", "action", "data"}`, every
reply `{"data": ...}` or `{"errors": [{"code", "message"}]}`. The session comes from `login`
with the web administrator's account, which is separate from the M2M API accounts. Code 1000
means the session expired: the client logs in again and repeats the request once.

Choices where NETIO's sources are silent (the device answers may differ on real firmware):
error codes besides 1000 are read as 1001 wrong credentials, 1002 unknown action (the firmware
lacks it), anything else a rejected request whose message is passed on; the power-up state is
"on", "off" or "last"; the short ON/OFF delay is checked against `DELAY_MS_RANGE` and a name
against `NAME_MAX` before anything is sent (ValueError naming the field), so a bad value never
reaches the device; rule, watchdog and PAB items are the rules page's objects plus `name`,
schedule items the schedule's object plus `id`, `name` and `active`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
import json
from typing import Any, ClassVar, Final

import aiohttp

from .errors import (
    NetioAuthenticationError,
    NetioError,
    NetioProtocolError,
    NetioUnsupportedError,
)
from .models import PULSE_MAX_MS, PULSE_MIN_MS, Capabilities, ConnectionConfig, DeviceState
from .rules import RuleDocument, parse_document
from .transports.http import HttpTransport

__all__ = [
    "DELAY_MS_RANGE",
    "NAME_MAX",
    "POWER_UP_INTERVAL_S_RANGE",
    "ConfigApiClient",
    "OutputSettings",
    "PowerUpState",
    "RawRuleDocument",
]

NAME_MAX: Final = 32
DELAY_MS_RANGE: Final = (PULSE_MIN_MS, PULSE_MAX_MS)
POWER_UP_INTERVAL_S_RANGE: Final = (0, 3600)

_SESSION_EXPIRED: Final = 1000
_LOGIN_FAILED: Final = 1001
_UNKNOWN_ACTION: Final = 1002
_HTTP_NOT_FOUND: Final = 404
_HTTP_METHOD_NOT_ALLOWED: Final = 405

type RawRuleDocument = dict[str, dict[str, dict[str, Any]]]
"""`{"rules": {name: rule}, "pabs": {...}, "watchdogs": {...}, "schedules": {...}}`."""

_RULE_SECTIONS: Final = (
    ("rules", "getRules"),
    ("pabs", "getPABList"),
    ("watchdogs", "getWatchdogs"),
    ("schedules", "getScheduleList"),
)


class PowerUpState(StrEnum):
    """The state an output takes when the device powers up."""

    ON = "on"
    OFF = "off"
    LAST = "last"


@dataclass(frozen=True, slots=True)
class OutputSettings:
    """One output's settings as the device holds them."""

    output_id: int
    name: str
    delay_ms: int
    """The short ON/OFF (pulse) duration."""
    power_up: PowerUpState
    power_up_interval_s: int | None = None
    schedule_id: int | None = None
    schedule_name: str | None = None
    schedule_enabled: bool = False


class ConfigEndpoint(HttpTransport):
    """The HTTP part: the status transports' connection and status error mapping, on `/api`.

    It is a transport only to share that mapping; it neither reads nor switches outputs.
    """

    path: ClassVar[str] = "/api"
    api_name: ClassVar[str] = "configuration API"

    @property
    def capabilities(self) -> Capabilities:
        """Not a status transport: it neither reads nor switches outputs."""
        return Capabilities(read=False, write=False)

    async def read_state(self) -> DeviceState:
        """Not a status transport."""
        raise NetioUnsupportedError("The configuration API does not read the output state")

    async def send_actions(self, commands: object) -> DeviceState | None:
        """Not a status transport."""
        raise NetioUnsupportedError("The configuration API does not switch outputs")

    async def post(self, body: Mapping[str, Any]) -> bytes:
        """Send one request; a device without `/api` is unsupported, not broken."""
        return await self._request(
            "POST",
            write=True,
            body=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )

    def _status_error(self, status: int, *, write: bool, location: str) -> NetioError:
        if status in {_HTTP_NOT_FOUND, _HTTP_METHOD_NOT_ALLOWED}:
            return NetioUnsupportedError(
                f"The device has no configuration API (HTTP {status} at /api); it needs a "
                "newer NETIO device (firmware 3.2 or later)"
            )
        return super()._status_error(status, write=write, location=location)


def _check_range(field: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{field} must be a whole number from {low} to {high}, not {value!r}")


class ConfigApiClient:
    """A session with one device's configuration API.

    `config` is the device's connection (host, port, TLS); `username`/`password` the web
    administrator's account. The session is opened on the first request and renewed once when
    the device reports it expired. Requests are sent one at a time.
    """

    def __init__(
        self,
        config: ConnectionConfig,
        session: aiohttp.ClientSession,
        username: str,
        password: str,
    ) -> None:
        """Prepare; no I/O happens before the first request."""
        self._endpoint = ConfigEndpoint(replace(config, username="", password=""), session)
        self._username = username
        self._password = password
        self._session_id: str | None = None
        self._lock = asyncio.Lock()

    @property
    def logged_in(self) -> bool:
        """Whether a session is open (as far as the client knows)."""
        return self._session_id is not None

    # Session ------------------------------------------------------------------------

    async def login(self) -> None:
        """Open a session; NetioAuthenticationError for a wrong admin account."""
        async with self._lock:
            await self._login()

    async def _login(self) -> None:
        data = await self._send(
            "login", {"username": self._username, "password": self._password}, session_id=""
        )
        session_id = data.get("sessionId") if isinstance(data, dict) else None
        if not isinstance(session_id, str) or not session_id:
            raise NetioProtocolError("The device's login reply has no session ID")
        self._session_id = session_id

    async def logout(self) -> None:
        """End the session (nothing to do without one)."""
        async with self._lock:
            session_id, self._session_id = self._session_id, None
            if session_id is not None:
                await self._send("logout", {}, session_id=session_id)

    async def _call(self, action: str, data: Mapping[str, Any] | None = None) -> Any:
        """Send an action in the session, logging in first or again (once) when needed."""
        async with self._lock:
            if self._session_id is None:
                await self._login()
            try:
                return await self._send(action, data or {}, session_id=self._session_id or "")
            except _SessionExpiredError:
                await self._login()
            try:
                return await self._send(action, data or {}, session_id=self._session_id or "")
            except _SessionExpiredError:
                self._session_id = None
                raise NetioProtocolError(
                    "The device ended the new configuration session at once; try again later"
                ) from None

    async def _send(self, action: str, data: Mapping[str, Any], *, session_id: str) -> Any:
        raw = await self._endpoint.post({"sessionId": session_id, "action": action, "data": data})
        try:
            reply = json.loads(raw)
        except (ValueError, RecursionError) as err:
            raise NetioProtocolError(
                f"The device's answer to {action} is not JSON; check that the port is the "
                "device's web port"
            ) from err
        if not isinstance(reply, dict):
            raise NetioProtocolError(f"The device's answer to {action} is not a JSON object")
        errors = reply.get("errors")
        if errors:
            raise _api_error(action, errors)
        if "data" not in reply:
            raise NetioProtocolError(f"The device's answer to {action} has no data")
        return reply["data"]

    # Outputs ------------------------------------------------------------------------

    async def get_output_settings(self) -> dict[int, OutputSettings]:
        """Every output's name, short ON/OFF delay, power-up state and schedule, by output ID."""
        data = await self._call("getOutputDetailList")
        if not isinstance(data, list):
            raise NetioProtocolError("The device's output list is not a list")
        settings = [_output_settings(item) for item in data]
        return {s.output_id: s for s in settings}

    async def set_output_base(
        self,
        output_id: int,
        *,
        name: str | None = None,
        delay_ms: int | None = None,
        power_up: PowerUpState | None = None,
        power_up_interval_s: int | None = None,
    ) -> None:
        """Change an output's basic settings; fields left None keep their value.

        Raises ValueError (naming the field) before sending anything when a value is out of
        range; the device itself checks the output ID.
        """
        data: dict[str, Any] = {"id": output_id}
        if name is not None:
            if not name.strip() or len(name) > NAME_MAX:
                raise ValueError(f"name must have 1 to {NAME_MAX} characters")
            data["name"] = name
        if delay_ms is not None:
            _check_range("delay_ms", delay_ms, DELAY_MS_RANGE)
            data["resetDelay"] = delay_ms
        if power_up is not None:
            data["default"] = PowerUpState(power_up).value
        if power_up_interval_s is not None:
            _check_range("power_up_interval_s", power_up_interval_s, POWER_UP_INTERVAL_S_RANGE)
            data["powerUpInterval"] = power_up_interval_s
        await self._call("setOutputBase", data)

    async def set_output_schedule(
        self, output_id: int, schedule_id: int, *, enable: bool = True
    ) -> None:
        """Bind an output to a schedule (by its ID) and switch its scheduling on or off."""
        await self._call(
            "setOutputSchedule",
            {"id": output_id, "scheduleId": str(schedule_id), "enable": enable},
        )

    # Rules --------------------------------------------------------------------------

    async def get_rule_document(self) -> RuleDocument:
        """The device's rules, PABs, watchdogs and schedules, parsed into models.

        What the parser finds wrong (a form it does not know) is in the result's `problems`,
        nothing is dropped; `get_raw_rule_document` has the JSON as the device sent it.
        """
        return parse_document(await self.get_raw_rule_document())

    async def get_raw_rule_document(self) -> RawRuleDocument:
        """The device's rules, PABs, watchdogs and schedules in the format users paste."""
        document: RawRuleDocument = {}
        for section, action in _RULE_SECTIONS:
            items = await self._call(action)
            if not isinstance(items, list):
                raise NetioProtocolError(f"The device's answer to {action} is not a list")
            objects: dict[str, dict[str, Any]] = {}
            for item in items:
                if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                    raise NetioProtocolError(f"An item of {action} has no name")
                body = {k: v for k, v in item.items() if k != "name"}
                if section == "schedules":
                    body = {k: v for k, v in body.items() if k not in {"id", "active"}}
                objects[item["name"]] = body
            document[section] = objects
        return document

    async def close(self) -> None:
        """End the session; a device that cannot be reached is left to expire it."""
        try:
            await self.logout()
        except NetioError:
            self._session_id = None


class _SessionExpiredError(NetioError):
    """Code 1000: the session is gone (handled inside the client)."""


def _api_error(action: str, errors: object) -> NetioError:
    first = errors[0] if isinstance(errors, list) and errors else {}
    code = first.get("code") if isinstance(first, dict) else None
    message = first.get("message") if isinstance(first, dict) else None
    text = message if isinstance(message, str) and message else f"error {code}"
    if code == _SESSION_EXPIRED:
        return _SessionExpiredError(text)
    if code == _LOGIN_FAILED:
        return NetioAuthenticationError(
            "The device rejected the administrator username or password; enter the account "
            "of the device's web interface (not an M2M API account)"
        )
    if code == _UNKNOWN_ACTION:
        return NetioUnsupportedError(
            f"The device's firmware does not know {action}; update the firmware"
        )
    return NetioProtocolError(f"The device rejected {action}: {text}")


def _output_settings(item: object) -> OutputSettings:
    """One `getOutputDetailList` item; a missing or mistyped field is a protocol error."""
    if not isinstance(item, dict):
        raise NetioProtocolError("An output of the device's output list is not an object")
    try:
        output_id = item["outputId"]
        name = item["name"]
        delay_ms = item["interruptDelay"]
        power_up = PowerUpState(item["default"])
    except (KeyError, ValueError, TypeError) as err:
        raise NetioProtocolError(
            f"An output of the device's output list lacks a valid {err}"
        ) from None
    if not all(
        isinstance(v, int) and not isinstance(v, bool) for v in (output_id, delay_ms)
    ) or not isinstance(name, str):
        raise NetioProtocolError(f"Output {output_id!r} of the device's list has wrong types")
    interval = item.get("powerUpInterval")
    schedule = item.get("schedule")
    schedule = schedule if isinstance(schedule, dict) else {}
    schedule_id = schedule.get("id")
    schedule_name = schedule.get("name")
    return OutputSettings(
        output_id=output_id,
        name=name,
        delay_ms=delay_ms,
        power_up=power_up,
        power_up_interval_s=interval if isinstance(interval, int) else None,
        schedule_id=schedule_id if isinstance(schedule_id, int) else None,
        schedule_name=schedule_name if isinstance(schedule_name, str) else None,
        schedule_enabled=schedule.get("enabled") is True,
    )
