"""Control HTTP API: look at and steer the simulator from outside (demo, benchmarks, manual tests).

Endpoints (JSON in, JSON out; `{id}` is the device id from GET /devices):

- GET  /devices                  every device with its ports
- GET  /devices/{id}             full state: outputs (+metering), inputs, global measure, faults
- GET  /devices/{id}/log         request log; query `protocol`, `kind`, `limit`
- POST /devices/{id}/faults      {"protocol": "json"|null, "clear": bool, <fault>: value, ...}
- POST /devices/{id}/actions     {"outputs": [{"id", "action", "delay_ms", "state", "name",
                                   "default_delay_ms", "power_up", "load"}], "inputs": [{"id",
                                   "state", "s0_counter", "s0_pulses_per_hour", "temperature_c",
                                   "humidity", "name"}], "reset_energy": bool, "name": str}
- POST /devices/{id}/reboot      {"downtime_s": float}
- POST /devices/{id}/credentials see `credentials.updated_credentials`
- GET  /hosts                    simulated hosts on outputs (name, output, port, hung, answering)
- POST /hosts/{name}/hang         {"hung": true|false} hangs or revives a simulated host
- POST /devices/{id}/firmware    {"firmware", "json_ver", "energy_nr_underscore",
                                   "temperature_typo", "reboot"}
- /devices/{id}/rules...         NETIO's rules engine: see `control_rules.py`

A request is validated completely before anything changes; errors are 400 {"error": "..."},
an unknown device 404.
"""

from collections.abc import Callable
from dataclasses import asdict
from functools import partial
import json
from typing import TYPE_CHECKING, Any, Final

from aiohttp import web

from ..credentials import updated_credentials
from ..device import OutputAction, SimulatedDevice
from ..metering import LoadProfile
from .control_rules import RulesControl

if TYPE_CHECKING:
    from ..runner import RunningDevice, Simulator

type Change = Callable[[], None]
_POWER_UP: Final = frozenset({"on", "off", "last"})


class ControlError(ValueError):
    """A control request is malformed (400)."""


def _fail(message: str) -> web.Response:
    return web.json_response({"error": message}, status=400)


def _number(value: object, what: str, *, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(f"{what} must be a number")
    return float(value)


def _int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ControlError(f"{what} must be an integer")
    return value


def _bool(value: object, what: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in {0, 1} and isinstance(value, int):
        return bool(value)
    raise ControlError(f"{what} must be true or false")


def device_state(running: RunningDevice) -> dict[str, Any]:
    """Everything about a device as plain data."""
    device = running.device
    outputs = []
    for out in device.outputs:
        metering = device.output_metering(out.id)
        outputs.append(
            {
                "id": out.id,
                "name": out.name,
                "state": out.state,
                "delay_ms": out.delay_ms,
                "power_up": out.power_up,
                "pulse_remaining_s": round(out.pulse_remaining_s, 3),
                "metering": None
                if metering is None
                else metering.__dict__
                if hasattr(metering, "__dict__")
                else {f: getattr(metering, f) for f in metering.__slots__},
                "load": None if out.meter is None else _load_dict(out.meter.load),
            }
        )
    measure = device.global_measure()
    measure_data: dict[str, Any] | None = None
    if measure is not None:
        measure_data = asdict(measure)
        measure_data["energy_start"] = measure.energy_start.isoformat()
    return {
        **running.describe(),
        "firmware": device.profile.firmware,
        "json_ver": device.profile.json_ver,
        "uptime_s": device.uptime_s,
        "is_down": device.is_down,
        "outputs": outputs,
        "inputs": [
            {
                "id": inp.id,
                "name": inp.name,
                "state": inp.state,
                "s0_counter": inp.s0_counter,
                "temperature_c": inp.temperature_c,
                "humidity": inp.humidity,
                "features": sorted(inp.features),
            }
            for inp in device.inputs
        ],
        "global_measure": measure_data,
        "faults": device.faults.snapshot(),
        "requests": len(device.request_log),
    }


def _load_dict(load: LoadProfile) -> dict[str, Any]:
    return asdict(load)


def _output_settings(device: SimulatedDevice, entry: dict[str, Any]) -> list[Change]:
    """Changes to an output's configuration: name, Delay, power-up state, load."""
    out = device.output(entry["id"])
    changes: list[Change] = []
    if "name" in entry:
        name = entry["name"]
        if not isinstance(name, str):
            raise ControlError("name must be a string")
        changes.append(lambda: setattr(out, "name", name))
    if "default_delay_ms" in entry:
        delay = _int(entry["default_delay_ms"], "default_delay_ms")
        if delay < 0:
            raise ControlError("default_delay_ms must be >= 0")
        changes.append(lambda: setattr(out, "delay_ms", delay))
    if "power_up" in entry:
        power_up = entry["power_up"]
        if power_up not in _POWER_UP:
            raise ControlError("power_up must be on, off or last")
        changes.append(lambda: setattr(out, "power_up", power_up))
    if "load" in entry:
        if out.meter is None:
            raise ControlError(f"output {out.id} is not metered")
        try:
            load = LoadProfile.from_mapping(entry["load"])
        except (ValueError, TypeError) as err:
            raise ControlError(f"bad load: {err}") from None
        changes.append(lambda: device.set_load(out.id, load))
    return changes


def _output_switching(device: SimulatedDevice, entry: dict[str, Any]) -> list[Change]:
    """Switching an output: an action (with optional delay) or a State."""
    output_id: int = entry["id"]
    changes: list[Change] = []
    if "action" in entry:
        action = _int(entry["action"], "action")
        if not 0 <= action <= OutputAction.IGNORE:
            raise ControlError("action must be 0..6")
        delay_ms: int | None = None
        if entry.get("delay_ms") is not None:
            delay_ms = _int(entry["delay_ms"], "delay_ms")
            if delay_ms < 0:
                raise ControlError("delay_ms must be >= 0")
        changes.append(lambda: device.apply_action(output_id, action, delay_ms))
    if "state" in entry:
        state = _bool(entry["state"], "state")
        changes.append(lambda: device.set_state(output_id, state))
    return changes


def _output_changes(device: SimulatedDevice, entry: object) -> list[Change]:
    if not isinstance(entry, dict):
        raise ControlError("each output must be an object")
    known = {"id", "action", "delay_ms", "state", "name", "default_delay_ms", "power_up", "load"}
    unknown = set(entry) - known
    if unknown:
        raise ControlError(f"unknown output keys {sorted(unknown)}")
    try:
        device.output(_int(entry.get("id"), "id"))
    except ValueError as err:
        raise ControlError(str(err)) from None
    return _output_settings(device, entry) + _output_switching(device, entry)


def _input_changes(device: SimulatedDevice, entry: object) -> list[Change]:
    if not isinstance(entry, dict):
        raise ControlError("each input must be an object")
    known = {"id", "state", "s0_counter", "s0_pulses_per_hour", "temperature_c", "humidity", "name"}
    unknown = set(entry) - known
    if unknown:
        raise ControlError(f"unknown input keys {sorted(unknown)}")
    try:
        inp = device.input(_int(entry.get("id"), "id"))
    except ValueError as err:
        raise ControlError(str(err)) from None
    changes: list[Change] = []
    if "state" in entry:
        state = _bool(entry["state"], "state")
        changes.append(lambda: setattr(inp, "state", state))
    if "name" in entry:
        name = entry["name"]
        if not isinstance(name, str):
            raise ControlError("name must be a string")
        changes.append(lambda: setattr(inp, "name", name))
    if "s0_counter" in entry:
        counter = _int(entry["s0_counter"], "s0_counter")
        changes.append(lambda: setattr(inp, "s0_counter", counter))
    for key in ("s0_pulses_per_hour", "temperature_c", "humidity"):
        if key in entry:
            value = _number(entry[key], key, allow_none=key != "s0_pulses_per_hour")
            changes.append(partial(setattr, inp, key, value))
    return changes


class ControlServer:
    """The control API for every device of a `Simulator`."""

    def __init__(self, simulator: Simulator) -> None:
        """Serve the simulator's devices (looked up per request, so later additions show)."""
        self._simulator = simulator
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Bind and serve; return the bound port."""
        app = web.Application()
        app.router.add_get("/devices", self._list)
        app.router.add_get("/devices/{id}", self._state)
        app.router.add_get("/devices/{id}/log", self._log)
        app.router.add_post("/devices/{id}/faults", self._faults)
        app.router.add_post("/devices/{id}/actions", self._actions)
        app.router.add_post("/devices/{id}/reboot", self._reboot)
        app.router.add_post("/devices/{id}/credentials", self._credentials)
        app.router.add_post("/devices/{id}/firmware", self._firmware)
        RulesControl(self._running).register(app)
        app.router.add_get("/hosts", self._hosts)
        app.router.add_post("/hosts/{name}/hang", self._hang)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        """Close the listener and its connections."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    def _running(self, request: web.Request) -> RunningDevice:
        try:
            return self._simulator.get(request.match_info["id"])
        except KeyError:
            raise web.HTTPNotFound(
                text=json.dumps({"error": "unknown device"}), content_type="application/json"
            ) from None

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        raw = await request.read()
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError, UnicodeDecodeError:
            raise ControlError("body is not JSON") from None
        if not isinstance(body, dict):
            raise ControlError("body must be a JSON object")
        return body

    async def _list(self, request: web.Request) -> web.Response:
        return web.json_response(self._simulator.describe())

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(device_state(self._running(request)))

    async def _log(self, request: web.Request) -> web.Response:
        device = self._running(request).device
        protocol = request.query.get("protocol")
        kind = request.query.get("kind")
        if kind not in {None, "read", "write"}:
            return _fail("kind must be read or write")
        entries = device.requests(protocol, kind)  # type: ignore[arg-type]
        limit = request.query.get("limit")
        if limit is not None:
            if not limit.isdigit():
                return _fail("limit must be a number")
            entries = entries[-int(limit) :] if int(limit) else []
        return web.json_response(
            [
                {"time": e.time, "protocol": e.protocol, "kind": e.kind, "detail": e.detail}
                for e in entries
            ]
        )

    async def _faults(self, request: web.Request) -> web.Response:
        device = self._running(request).device
        try:
            body = await self._body(request)
            protocol = body.pop("protocol", None)
            clear = _bool(body.pop("clear", False), "clear")
            if protocol is not None and not isinstance(protocol, str):
                raise ControlError("protocol must be a string")
            if clear:
                device.faults.clear(protocol)
            if body:
                device.faults.set(protocol, **body)
        except ValueError as err:
            return _fail(str(err))
        return web.json_response(device.faults.snapshot())

    async def _actions(self, request: web.Request) -> web.Response:
        running = self._running(request)
        device = running.device
        try:
            body = await self._body(request)
            unknown = set(body) - {"outputs", "inputs", "reset_energy", "name"}
            if unknown:
                raise ControlError(f"unknown keys {sorted(unknown)}")
            changes: list[Change] = []
            for key, builder in (("outputs", _output_changes), ("inputs", _input_changes)):
                entries = body.get(key, [])
                if not isinstance(entries, list):
                    raise ControlError(f"{key} must be a list")
                for entry in entries:
                    changes.extend(builder(device, entry))
            if "name" in body:
                name = body["name"]
                if not isinstance(name, str):
                    raise ControlError("name must be a string")
                changes.append(lambda: setattr(device, "name", name))
            if _bool(body.get("reset_energy", False), "reset_energy"):
                changes.append(device.reset_energy)
        except ValueError as err:
            return _fail(str(err))
        for change in changes:
            change()
        device.log_request("control", "write", f"actions {len(changes)}")
        return web.json_response(device_state(running))

    async def _reboot(self, request: web.Request) -> web.Response:
        running = self._running(request)
        try:
            body = await self._body(request)
            downtime = _number(body.get("downtime_s", 0.0), "downtime_s") or 0.0
        except ValueError as err:
            return _fail(str(err))
        running.device.reboot(downtime)
        return web.json_response(device_state(running))

    async def _credentials(self, request: web.Request) -> web.Response:
        device = self._running(request).device
        try:
            body = await self._body(request)
            device.credentials = updated_credentials(device.credentials, body)
        except ValueError as err:
            return _fail(str(err))
        device.log_request("control", "write", "credentials changed")
        return web.json_response({"ok": True})

    async def _firmware(self, request: web.Request) -> web.Response:
        running = self._running(request)
        try:
            body = await self._body(request)
            unknown = set(body) - {
                "firmware",
                "json_ver",
                "energy_nr_underscore",
                "temperature_typo",
                "reboot",
            }
            if unknown:
                raise ControlError(f"unknown keys {sorted(unknown)}")
            for key in ("firmware", "json_ver"):
                if key in body and not isinstance(body[key], str):
                    raise ControlError(f"{key} must be a string")
            flags = {
                key: _bool(body[key], key)
                for key in ("energy_nr_underscore", "temperature_typo")
                if key in body
            }
            reboot = _bool(body.get("reboot", False), "reboot")
        except ValueError as err:
            return _fail(str(err))
        running.device.switch_firmware(
            firmware=body.get("firmware"),
            json_ver=body.get("json_ver"),
            reboot=reboot,
            **flags,
        )
        return web.json_response(device_state(running))

    async def _hosts(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"hosts": [host.describe() for host in self._simulator.hosts.values()]}
        )

    async def _hang(self, request: web.Request) -> web.Response:
        """`{"hung": true}` (the default) hangs the host, `{"hung": false}` revives it."""
        host = self._simulator.hosts.get(request.match_info["name"])
        if host is None:
            raise web.HTTPNotFound(
                text=json.dumps({"error": "unknown host"}), content_type="application/json"
            )
        try:
            hung = _bool((await self._body(request)).get("hung", True), "hung")
        except ControlError as err:
            return _fail(str(err))
        if hung:
            host.hang()
        else:
            host.unhang()
        await host.async_refresh()
        return web.json_response(host.describe())
