"""Control API for NETIO's rules engine of a simulated device (newer platform only).

Endpoints (JSON in, JSON out; `{id}` is the device id):

- GET  /devices/{id}/rules          {"document": {...}, "state": {...}, "wall_time", "time_zone"}
                                    state: rules (enabled), pabs (values), watchdogs (status),
                                    alarms (cloud alarm per output)
- POST /devices/{id}/rules          a NETIO rule document: validated, then replaces everything
- POST /devices/{id}/rules/enabled  {"<rule>": true|false, ...}
- POST /devices/{id}/rules/hosts    {"<target>": true|false|null, ...} (null: the simulated
                                    hosts decide again)
- POST /devices/{id}/rules/time     {"time": "2026-12-07T09:00:00+01:00"} sets the wall clock
- POST /devices/{id}/rules/outputs  {"<output>": {"schedule": "Work days"|null, "enabled": bool}}
                                    the outputs' Scheduler/Timer
- GET  /devices/{id}/rules/log      the device log (rule actions, cloud alarms, watchdogs)

A request is validated completely before anything changes; errors are 400 {"error": "..."},
a device without a rules engine (NETIO 4x) 400 as well, an unknown device 404.
"""

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from ..rules import RulesEngine
    from ..runner import RunningDevice

type Lookup = Callable[[web.Request], RunningDevice]


class RulesControlError(ValueError):
    """A rules control request is malformed (400)."""


def _fail(message: str) -> web.Response:
    return web.json_response({"error": message}, status=400)


async def _body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw.strip() else {}
    except ValueError, UnicodeDecodeError:
        raise RulesControlError("body is not JSON") from None
    if not isinstance(body, dict):
        raise RulesControlError("body must be a JSON object")
    return body


def _check_enabled(body: dict[str, Any], known: dict[str, Any]) -> None:
    for name, enabled in body.items():
        if name not in known:
            raise RulesControlError(f"rules.{name}: no such rule")
        if not isinstance(enabled, bool):
            raise RulesControlError(f"{name}: true or false")


def _check_hosts(body: dict[str, Any]) -> None:
    for name, reachable in body.items():
        if reachable is not None and not isinstance(reachable, bool):
            raise RulesControlError(f"{name}: true, false or null")


def _timers(body: dict[str, Any], engine: RulesEngine) -> list[tuple[int, str | None, bool]]:
    timers: list[tuple[int, str | None, bool]] = []
    schedules = engine.schedule_ids()
    for key, entry in body.items():
        outputs = len(engine.device.outputs)
        if not key.isdigit() or not 1 <= int(key) <= outputs:
            raise RulesControlError(f"{key}: no such output (1..{outputs})")
        if not isinstance(entry, dict) or set(entry) - {"schedule", "enabled"}:
            raise RulesControlError(f"{key}: an object with schedule and enabled")
        schedule, enabled = entry.get("schedule"), entry.get("enabled", False)
        if schedule is not None and schedule not in schedules:
            raise RulesControlError(f"{key}.schedule: no such schedule {schedule!r}")
        if not isinstance(enabled, bool) or (enabled and schedule is None):
            raise RulesControlError(f"{key}.enabled: true (with a schedule) or false")
        timers.append((int(key), schedule, enabled))
    return timers


def _moment(body: dict[str, Any]) -> datetime:
    unknown = set(body) - {"time"}
    if unknown:
        raise RulesControlError(f"unknown keys {sorted(unknown)}")
    text = body.get("time")
    if not isinstance(text, str):
        raise RulesControlError("time must be an ISO 8601 string with an offset")
    return datetime.fromisoformat(text)


def rules_state(engine: RulesEngine) -> dict[str, Any]:
    """The engine's document and live state as plain data."""
    document = engine.document()
    return {
        "document": document,
        "state": {
            "rules": {name: engine.rule_enabled(name) for name in document["rules"]},
            "pabs": {name: engine.pab_value(name) for name in document["pabs"]},
            "watchdogs": {
                name: asdict(engine.watchdog_status(name)) for name in document["watchdogs"]
            },
            "alarms": {str(k): v for k, v in sorted(engine.alarms.items())},
            "output_schedules": {
                str(n): dict(zip(("schedule", "enabled"), engine.output_schedule(n), strict=True))
                for n in range(1, len(engine.device.outputs) + 1)
            },
            "schedule_ids": engine.schedule_ids(),
        },
        "wall_time": engine.local_time().isoformat(),
    }


class RulesControl:
    """The rules endpoints of the control API."""

    def __init__(self, lookup: Lookup) -> None:
        """Find devices with `lookup` (raises HTTPNotFound for unknown ids)."""
        self._lookup = lookup

    def register(self, app: web.Application) -> None:
        """Add the routes to the control application."""
        app.router.add_get("/devices/{id}/rules", self._get)
        app.router.add_post("/devices/{id}/rules", self._load)
        app.router.add_post("/devices/{id}/rules/enabled", self._enabled)
        app.router.add_post("/devices/{id}/rules/hosts", self._hosts)
        app.router.add_post("/devices/{id}/rules/time", self._time)
        app.router.add_get("/devices/{id}/rules/log", self._log)
        app.router.add_post("/devices/{id}/rules/outputs", self._outputs)

    def _engine(self, request: web.Request) -> RulesEngine:
        engine = self._lookup(request).device.rules
        if engine is None:
            raise web.HTTPBadRequest(
                text=json.dumps({"error": "this device has no rules engine (NETIO 4x)"}),
                content_type="application/json",
            )
        return engine

    async def _get(self, request: web.Request) -> web.Response:
        return web.json_response(rules_state(self._engine(request)))

    async def _load(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        try:
            engine.load(await _body(request))
        except ValueError as err:
            return _fail(str(err))
        self._lookup(request).device.log_request("control", "write", "rules loaded")
        return web.json_response(rules_state(engine))

    async def _enabled(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        try:
            body = await _body(request)
            _check_enabled(body, engine.document()["rules"])
        except ValueError as err:
            return _fail(str(err))
        for name, enabled in body.items():
            engine.set_rule_enabled(name, enabled)
        return web.json_response(rules_state(engine))

    async def _hosts(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        try:
            body = await _body(request)
            _check_hosts(body)
        except ValueError as err:
            return _fail(str(err))
        for name, reachable in body.items():
            engine.set_host_reachable(name, reachable)
        return web.json_response({name: engine.host_reachable(name) for name in body})

    async def _time(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        try:
            engine.set_wall_time(_moment(await _body(request)))
        except ValueError as err:
            return _fail(str(err))
        return web.json_response(rules_state(engine))

    async def _outputs(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        try:
            timers = _timers(await _body(request), engine)
        except ValueError as err:
            return _fail(str(err))
        for output_id, schedule, enabled in timers:
            engine.set_output_schedule(output_id, schedule, enabled)
        return web.json_response(rules_state(engine))

    async def _log(self, request: web.Request) -> web.Response:
        engine = self._engine(request)
        return web.json_response(
            [
                {
                    "time": entry.time,
                    "wall_time": entry.wall.isoformat(),
                    "source": entry.source,
                    "message": entry.message,
                }
                for entry in engine.log
            ]
        )
