"""The device's web configuration API, `POST /api`, on the newer (ESP) platform only.

Written from how NETIO's configuration library (PyNetioConf) talks to a device: every request
is a JSON object `{"sessionId": ..., "action": ..., "data": {...}}`, a reply is `{"data": ...}`
or `{"errors": [{"code": ..., "message": ...}]}`, code 1000 means the session has expired (the
library logs in again and repeats the request once). `login` takes the web administrator's
username and password (not an M2M account) and answers `{"data": {"sessionId": ...}}`.

Shapes taken from that library: `getOutputDetailList` items carry `outputId`, `name`, `on`,
`interruptDelay`, `default`, `powerUpInterval` and `schedule` (with its `id`); `setOutputBase`
takes `id`, `name`, `resetDelay`, `default`, `powerUpInterval`; `setOutputSchedule` takes `id`,
`scheduleId` (sent as a string) and `enable`; rule, watchdog and PAB items carry `name` and
`enabled`; schedule items `id`, `name` and `active`.

Where the library is silent, this simulator chooses (the project's choices, not NETIO facts):

- HTTP status 200 for every reply to a JSON object, errors included; a body that is not a JSON
  object gets 400 with the same error shape. Codes besides 1000: 1001 wrong username or
  password, 1002 unknown action, 1003 invalid parameter (the message names the field).
- A session lives `SESSION_IDLE_S` (300 s) after its last request, on the device's clock; at
  most `MAX_SESSIONS` (8) at once (a new login ends the oldest); a reboot ends them all.
- `default` (power-up state) is one of "on", "off", "last"; `interruptDelay`/`resetDelay` is
  the short ON/OFF delay in ms, `RESET_DELAY_MS` inclusive; `powerUpInterval` is in seconds
  (the manual's "output start interval"), `POWER_UP_INTERVAL_S` inclusive, stored only; a
  name has 1 to `NAME_MAX` characters. `setOutputBase` needs `id`; the other fields are
  optional (unchanged when missing); one invalid field changes nothing.
- `schedule` in `getOutputDetailList` is `{"id", "name", "enabled"}` (id and name null while
  the output is bound to none). The binding is the rules engine's output Scheduler/Timer, so an
  enabled one switches the output at the schedule's edges.
- A rule, watchdog or PAB item is the object as the rules page writes it plus `name` (and
  `enabled`, true when the object does not say); a schedule item is the schedule's object plus
  `id` (its position in the device's list, from 1), `name` and `active`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
import json
import secrets
from typing import Any, Final, cast
import weakref

from ..device import PowerUp, SimulatedDevice

SESSION_IDLE_S: Final = 300.0
MAX_SESSIONS: Final = 8
NAME_MAX: Final = 32
RESET_DELAY_MS: Final = (100, 3_600_000)
POWER_UP_INTERVAL_S: Final = (0, 3600)

ERROR_SESSION_EXPIRED: Final = 1000
ERROR_LOGIN_FAILED: Final = 1001
ERROR_UNKNOWN_ACTION: Final = 1002
ERROR_INVALID_PARAMETER: Final = 1003

_POWER_UP: Final = frozenset({"on", "off", "last"})
_PRIVILEGES: Final = (
    "can_login",
    "can_alter_users",
    "can_alter_settings",
    "can_use_tunnels",
    "can_browse_logs",
    "can_alter_outputs",
    "can_control_outputs",
    "can_view_settings",
    "can_alter_rules",
)

type Reply = tuple[int, dict[str, Any]]


class ApiError(Exception):
    """An error reply: NETIO's error code and a message."""

    def __init__(self, code: int, message: str) -> None:
        """Keep the code next to the message."""
        super().__init__(message)
        self.code = code


def _invalid(message: str) -> ApiError:
    return ApiError(ERROR_INVALID_PARAMETER, f"Invalid parameter: {message}")


def _error(code: int, message: str) -> dict[str, Any]:
    return {"errors": [{"code": code, "message": message}]}


def served(device: SimulatedDevice) -> bool:
    """Whether the device has the configuration API (the ESP platform has, NETIO 4x has not)."""
    return device.profile.platform == "esp"


@dataclass(slots=True)
class _OutputExtras:
    """The output start interval: the one output setting neither the device nor its rules hold."""

    power_up_interval_s: int = 0


def _int(data: Mapping[str, Any], key: str, bounds: tuple[int, int]) -> int:
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _invalid(f"{key} must be an integer")
    low, high = bounds
    if not low <= value <= high:
        raise _invalid(f"{key} must be {low}..{high}, not {value}")
    return value


def _name(data: Mapping[str, Any]) -> str:
    value = data["name"]
    if not isinstance(value, str) or not value.strip() or len(value) > NAME_MAX:
        raise _invalid(f"name must be text of 1..{NAME_MAX} characters")
    return value


def _power_up(data: Mapping[str, Any]) -> PowerUp:
    value = data["default"]
    if value not in _POWER_UP:
        raise _invalid("default must be on, off or last")
    return cast("PowerUp", value)


def _rule_document(device: SimulatedDevice) -> Mapping[str, Any]:
    """The device's rules, PABs, watchdogs and schedules (empty on a device without rules)."""
    return {} if device.rules is None else device.rules.document()


class ConfigApi:
    """One device's configuration API: sessions and the per-output settings it adds.

    Shared by the device's HTTP and HTTPS listeners (`config_api_for`), so a session opened on
    one is valid on the other, as on the device.
    """

    def __init__(self, device: SimulatedDevice) -> None:
        """Start without sessions; outputs have the API's defaults."""
        self._device = device
        self._sessions: dict[str, float] = {}
        self._boot_uptime = device.uptime_s
        self._extras: dict[int, _OutputExtras] = {}
        self.session_idle_s = SESSION_IDLE_S
        """How long a session lives after its last request; tests may shorten it."""
        self._actions: dict[str, Callable[[Mapping[str, Any]], Any]] = {
            "ping": lambda _data: {},
            "getVersion": self._version,
            "getFeatures": lambda _data: {"outputCount": len(device.outputs), "wifi": "no"},
            "getCurrentUser": lambda _data: {
                "username": device.credentials.admin.username,
                "privileges": list(_PRIVILEGES),
            },
            "getOutputDetailList": lambda _data: self.output_details(),
            "setOutputBase": self._set_output_base,
            "setOutputSchedule": self._set_output_schedule,
            "getRules": lambda _data: self._named("rules", enabled=True),
            "getWatchdogs": lambda _data: self._named("watchdogs", enabled=True),
            "getPABList": lambda _data: self._named("pabs", enabled=True),
            "getScheduleList": lambda _data: self.schedules(),
        }

    # Sessions -------------------------------------------------------------------------

    @property
    def sessions(self) -> int:
        """How many sessions are open right now."""
        self._expire()
        return len(self._sessions)

    def _expire(self) -> None:
        device = self._device
        if device.uptime_s < self._boot_uptime:  # rebooted since: every session is gone
            self._sessions.clear()
        self._boot_uptime = device.uptime_s
        now = device.now()
        for session_id in [s for s, until in self._sessions.items() if until <= now]:
            del self._sessions[session_id]

    def _login(self, data: Mapping[str, Any]) -> dict[str, Any]:
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise _invalid("username and password must be text")
        if not self._device.credentials.admin.matches(username, password):
            raise ApiError(ERROR_LOGIN_FAILED, "Invalid username or password")
        while len(self._sessions) >= MAX_SESSIONS:
            del self._sessions[next(iter(self._sessions))]
        session_id = secrets.token_hex(16)
        self._sessions[session_id] = self._device.now() + self.session_idle_s
        return {"sessionId": session_id}

    # Request handling -----------------------------------------------------------------

    def handle(self, raw: bytes) -> Reply:
        """Answer one request body; never raises."""
        try:
            body = json.loads(raw)
        except ValueError, UnicodeDecodeError, RecursionError:
            return 400, _error(ERROR_INVALID_PARAMETER, "Invalid request: the body is not JSON")
        if not isinstance(body, dict):
            return 400, _error(ERROR_INVALID_PARAMETER, "Invalid request: not a JSON object")
        try:
            return 200, {"data": self._dispatch(cast("dict[str, Any]", body))}
        except ApiError as err:
            return 200, _error(err.code, str(err))

    def _dispatch(self, body: dict[str, Any]) -> Any:
        action = body.get("action")
        data = body.get("data", {})
        if data is None:
            data = {}
        if not isinstance(action, str):
            raise _invalid("action must be text")
        if not isinstance(data, dict):
            raise _invalid("data must be an object")
        self._expire()
        if action == "login":
            return self._login(data)
        session_id = body.get("sessionId")
        if not isinstance(session_id, str) or session_id not in self._sessions:
            raise ApiError(ERROR_SESSION_EXPIRED, "Session expired")
        if action == "logout":
            del self._sessions[session_id]
            return {}
        self._sessions[session_id] = self._device.now() + self.session_idle_s
        handler = self._actions.get(action)
        if handler is None:
            raise ApiError(ERROR_UNKNOWN_ACTION, f"Unknown action {action[:40]!r}")
        return handler(cast("Mapping[str, Any]", data))

    # Device information ---------------------------------------------------------------

    def _version(self, _data: Mapping[str, Any]) -> dict[str, Any]:
        device = self._device
        return {
            "version": device.profile.firmware,
            "platform": "ESP",
            "deviceSN": device.serial or "",
            "revision": "1",
            "hostname": device.hostname,
        }

    # Outputs --------------------------------------------------------------------------

    def extras(self, output_id: int) -> _OutputExtras:
        """The API's own settings of an output (start interval, schedule binding)."""
        return self._extras.setdefault(output_id, _OutputExtras())

    def output_details(self) -> list[dict[str, Any]]:
        """`getOutputDetailList`: every output's state and settings."""
        ids = {item["name"]: item["id"] for item in self.schedules()}
        engine = self._device.rules
        details: list[dict[str, Any]] = []
        for out in self._device.outputs:
            extras = self.extras(out.id)
            name, enabled = (None, False) if engine is None else engine.output_schedule(out.id)
            details.append(
                {
                    "outputId": out.id,
                    "name": out.name,
                    "on": out.state,
                    "interruptDelay": out.delay_ms,
                    "default": out.power_up,
                    "powerUpInterval": extras.power_up_interval_s,
                    "schedule": {"id": ids.get(name or ""), "name": name, "enabled": enabled},
                }
            )
        return details

    def _output_id(self, data: Mapping[str, Any]) -> int:
        if "id" not in data:
            raise _invalid("id (the output) is required")
        return _int(data, "id", (1, len(self._device.outputs)))

    def _set_output_base(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Validate every field first, then apply them all: nothing is half-applied."""
        out = self._device.output(self._output_id(data))
        name = _name(data) if "name" in data else out.name
        delay_ms = _int(data, "resetDelay", RESET_DELAY_MS) if "resetDelay" in data else None
        power_up = _power_up(data) if "default" in data else out.power_up
        interval = (
            _int(data, "powerUpInterval", POWER_UP_INTERVAL_S)
            if "powerUpInterval" in data
            else None
        )
        out.name = name
        if delay_ms is not None:
            out.delay_ms = delay_ms
        out.power_up = power_up
        if interval is not None:
            self.extras(out.id).power_up_interval_s = interval
        self._device.log_request("config", "write", f"setOutputBase {out.id}")
        return {}

    def _set_output_schedule(self, data: Mapping[str, Any]) -> dict[str, Any]:
        output_id = self._output_id(data)
        raw = data.get("scheduleId")
        if isinstance(raw, bool) or not isinstance(raw, int | str):
            raise _invalid("scheduleId must be a schedule id")
        names = {item["id"]: item["name"] for item in self.schedules()}
        schedule_id = int(raw) if isinstance(raw, str) and raw.isdecimal() else raw
        engine = self._device.rules
        if engine is None or schedule_id not in names:
            raise _invalid(f"scheduleId {str(raw)[:20]!r} is not a schedule of this device")
        enable = data.get("enable", True)
        if not isinstance(enable, bool):
            raise _invalid("enable must be true or false")
        # the output's Scheduler/Timer runs in the rules engine: enabled, it follows the schedule
        engine.set_output_schedule(output_id, names[schedule_id], enabled=enable)
        self._device.log_request("config", "write", f"setOutputSchedule {output_id}")
        return {}

    # Rules ----------------------------------------------------------------------------

    def _named(self, section: str, *, enabled: bool) -> list[dict[str, Any]]:
        objects = _rule_document(self._device).get(section) or {}
        items: list[dict[str, Any]] = []
        for name, body in objects.items():
            item = {"name": name, **body}
            item.setdefault("enabled", enabled)
            items.append(item)
        return items

    def schedules(self) -> list[dict[str, Any]]:
        """`getScheduleList`: every schedule with its id, name and whether it is active now."""
        engine = self._device.rules
        if engine is None:
            return []
        objects = engine.document()["schedules"]
        return [
            {**body, "id": index, "name": name, "active": engine.schedule_active(name)}
            for index, (name, body) in enumerate(objects.items(), start=1)
        ]


_APIS: weakref.WeakKeyDictionary[SimulatedDevice, ConfigApi] = weakref.WeakKeyDictionary()


def config_api_for(device: SimulatedDevice) -> ConfigApi:
    """The configuration API of a device (one per device, shared by its listeners)."""
    api = _APIS.get(device)
    if api is None:
        api = _APIS[device] = ConfigApi(device)
    return api
