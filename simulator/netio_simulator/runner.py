"""Many simulated devices in one process, each with the protocol servers it was asked for.

The Modbus, SNMP and KSHELL servers are imported only when a device asks for them, so a JSON-only
setup never loads pymodbus or pysnmp.
"""

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
import importlib
import re
import time
from typing import Any, Final, Self, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .credentials import Credentials
from .device import InputSpec, OutputSpec, SimulatedDevice
from .hosts import HostConfig, SimulatedHost
from .metering import Clock
from .servers import ProtocolServer

PROTOCOLS: Final = frozenset({"json", "xml", "url", "modbus", "snmp", "kshell"})
HTTP_PROTOCOLS: Final = frozenset({"json", "xml", "url"})
PORT_KEYS: Final = frozenset({"http", "https", "modbus", "snmp", "kshell"})
DISCOVERY_REQUEST_PORT: Final = 62387
DISCOVERY_REPLY_PORT: Final = 62386
_LAZY_SERVERS: Final = {
    "modbus": ("netio_simulator.servers.modbus", "ModbusServer"),
    "snmp": ("netio_simulator.servers.snmp", "SnmpAgent"),
    "kshell": ("netio_simulator.servers.kshell", "KshellServer"),
}


class SimulatorError(RuntimeError):
    """A device cannot be set up as asked (unknown protocol, server not available, ...)."""


@dataclass(slots=True)
class DeviceConfig:
    """Everything needed to start one simulated device.

    `protocols`: any of "json", "xml", "url" (served by one HTTP listener), "modbus", "snmp",
    "kshell". `https=True` adds an HTTPS listener for the HTTP APIs (self-signed certificate).
    `ports`: fixed ports by key ("http", "https", "modbus", "snmp", "kshell"); missing or 0 =
    a free port. `seed` None = the device's position in the simulator (distinct MACs and loads).
    Firmware fields switch key presence and spellings (see `profiles.with_firmware`).
    `rules` is a NETIO rule document loaded into the device's rules engine (newer platform
    only), `hosts` sets watchdog targets reachable or not, `timezone` (IANA name) is the
    device's time zone (schedules); None = the host's.
    """

    profile: str
    name: str | None = None
    id: str | None = None
    protocols: frozenset[str] = frozenset({"json"})
    https: bool = False
    credentials: Credentials | None = None
    ports: Mapping[str, int] = field(default_factory=dict[str, int])
    outputs: Sequence[OutputSpec] | None = None
    inputs: Sequence[InputSpec] | None = None
    mac: str | None = None
    serial: str | None = None
    hostname: str | None = None
    firmware: str | None = None
    json_ver: str | None = None
    energy_nr_underscore: bool | None = None
    temperature_typo: bool | None = None
    seed: int | None = None
    clock_set: bool = True
    initial_uptime_s: int = 0
    discoverable: bool = True
    clock: Clock | None = None
    """The device's monotonic time source (a `ManualClock` in tests); None = real time."""
    rules: Mapping[str, Any] | None = None
    hosts: Mapping[str, bool] | None = None
    timezone: str | None = None

    def validate(self) -> None:
        """Raise SimulatorError for unknown protocols or port keys."""
        unknown = set(self.protocols) - PROTOCOLS
        if unknown:
            raise SimulatorError(
                f"unknown protocol(s) {sorted(unknown)}; known: {sorted(PROTOCOLS)}"
            )
        bad_ports = set(self.ports) - PORT_KEYS
        if bad_ports:
            raise SimulatorError(
                f"unknown port key(s) {sorted(bad_ports)}; known: {sorted(PORT_KEYS)}"
            )
        if self.https and not self.protocols & HTTP_PROTOCOLS:
            raise SimulatorError("https needs at least one of json, xml, url")
        self.zone()

    def zone(self) -> ZoneInfo | None:
        """The device's time zone; SimulatorError for an unknown name."""
        if self.timezone is None:
            return None
        try:
            return ZoneInfo(self.timezone)
        except ZoneInfoNotFoundError, ValueError:
            raise SimulatorError(f"unknown time zone {self.timezone!r}") from None

    def apply_rules(self, device: SimulatedDevice) -> None:
        """Load `rules` and set `hosts` on a device; SimulatorError when it cannot take them."""
        if self.rules is None and self.hosts is None:
            return
        engine = device.rules
        if engine is None:
            raise SimulatorError(f"{device.profile.model} has no rules engine (NETIO 4x)")
        for name, reachable in (self.hosts or {}).items():
            engine.set_host_reachable(str(name), bool(reachable))
        if self.rules is not None:
            try:
                engine.load(self.rules)
            except ValueError as err:
                raise SimulatorError(f"rules: {err}") from None


@dataclass(slots=True)
class RunningDevice:
    """A device with its servers running: `ports` maps "http"/"https"/"modbus"/... to ports."""

    id: str
    config: DeviceConfig
    device: SimulatedDevice
    host: str
    ports: dict[str, int]
    servers: dict[str, ProtocolServer]

    def url(self, api: str = "json", *, https: bool = False) -> str:
        """Return the URL of an HTTP API: "json" -> http://127.0.0.1:<port>/netio.json."""
        path = {"json": "/netio.json", "xml": "/netio.xml", "url": "/netio.cgi"}[api]
        scheme = "https" if https else "http"
        return f"{scheme}://{self.host}:{self.ports[scheme]}{path}"

    def describe(self) -> dict[str, Any]:
        """Plain data for the CLI listing and the control API."""
        device = self.device
        return {
            "id": self.id,
            "profile": device.profile.key,
            "model": device.profile.model,
            "name": device.name,
            "mac": device.mac,
            "serial": device.serial,
            "host": self.host,
            "protocols": sorted(self.config.protocols),
            "ports": dict(self.ports),
        }

    async def close_idle_connections(self) -> None:
        """Close the HTTP servers' kept-alive connections (`HttpServer.close_idle_connections`)."""
        from .servers.http import HttpServer  # noqa: PLC0415 - keeps `import runner` light

        for server in self.servers.values():
            if isinstance(server, HttpServer):
                await server.close_idle_connections()

    async def stop(self) -> None:
        """Stop this device's servers and pulses."""
        servers, self.servers = self.servers, {}
        for server in servers.values():
            await server.stop()
        self.device.close()


def _load_server_class(protocol: str) -> type[Any]:
    module_name, class_name = _LAZY_SERVERS[protocol]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as err:
        if err.name != module_name:
            raise
        raise SimulatorError(
            f"protocol {protocol!r} needs {module_name}, which is not available"
        ) from err
    try:
        return cast("type[Any]", getattr(module, class_name))
    except AttributeError:
        raise SimulatorError(f"{module_name} has no {class_name}") from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "device"


class Simulator:
    """Devices, their servers, and the optional discovery responder and control API.

    Use as `async with Simulator() as sim:` or call `stop()`; everything it started is stopped.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        """Serve on `host` (loopback by default)."""
        self.host = host
        self._devices: dict[str, RunningDevice] = {}
        self._discovery: ProtocolServer | None = None
        self._control: ProtocolServer | None = None
        self.discovery_port: int | None = None
        self.control_port: int | None = None
        self.hosts: dict[str, SimulatedHost] = {}
        """Simulated hosts by name (see hosts.py); `host_answering(name)` asks one."""

    async def __aenter__(self) -> Self:
        """Return the simulator itself."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop everything."""
        await self.stop()

    @property
    def devices(self) -> list[RunningDevice]:
        """Running devices in the order they were added."""
        return list(self._devices.values())

    def get(self, device_id: str) -> RunningDevice:
        """Look a running device up by id; KeyError when there is none."""
        return self._devices[device_id]

    def _new_id(self, config: DeviceConfig) -> str:
        if config.id is not None:
            if config.id in self._devices:
                raise SimulatorError(f"duplicate device id {config.id!r}")
            return config.id
        base = _slug(config.name or config.profile)
        candidate, n = base, 1
        while candidate in self._devices:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    async def add_device(self, config: DeviceConfig) -> RunningDevice:
        """Create a device and start its servers; on failure nothing is left running."""
        config.validate()
        device_id = self._new_id(config)
        seed = config.seed if config.seed is not None else len(self._devices)
        device = SimulatedDevice(
            config.profile,
            name=config.name,
            hostname=config.hostname,
            mac=config.mac,
            serial=config.serial,
            outputs=config.outputs,
            inputs=config.inputs,
            credentials=config.credentials,
            seed=seed,
            clock_set=config.clock_set,
            initial_uptime_s=config.initial_uptime_s,
            clock=time.monotonic if config.clock is None else config.clock,
            timezone=config.zone(),
        )
        if any(
            v is not None
            for v in (
                config.firmware,
                config.json_ver,
                config.energy_nr_underscore,
                config.temperature_typo,
            )
        ):
            device.switch_firmware(
                firmware=config.firmware,
                json_ver=config.json_ver,
                energy_nr_underscore=config.energy_nr_underscore,
                temperature_typo=config.temperature_typo,
            )
        config.apply_rules(device)
        running = RunningDevice(device_id, config, device, self.host, {}, {})
        try:
            await self._start_servers(running)
        except BaseException:
            await running.stop()
            raise
        device.ports = running.ports
        self._devices[device_id] = running
        return running

    async def _start_servers(self, running: RunningDevice) -> None:
        from .servers.http import HttpServer  # noqa: PLC0415 - keeps `import runner` light

        config, device = running.config, running.device
        http_apis = frozenset(config.protocols & HTTP_PROTOCOLS)
        plan: list[tuple[str, ProtocolServer]] = []
        if http_apis:
            plan.append(("http", HttpServer(device, apis=http_apis)))
            if config.https:
                plan.append(("https", HttpServer(device, apis=http_apis, tls=True)))
        for protocol in ("modbus", "snmp", "kshell"):
            if protocol in config.protocols:
                server_class = _load_server_class(protocol)
                plan.append((protocol, cast("ProtocolServer", server_class(device))))
        for key, server in plan:
            running.servers[key] = server
            running.ports[key] = await server.start(self.host, config.ports.get(key, 0))

    async def add_devices(self, configs: Iterable[DeviceConfig]) -> list[RunningDevice]:
        """Add several devices in order."""
        return [await self.add_device(config) for config in configs]

    async def remove_device(self, device_id: str) -> None:
        """Stop one device and forget it."""
        running = self._devices.pop(device_id)
        await running.stop()

    async def start_discovery(
        self,
        port: int = 0,
        *,
        reply_port: int | None = DISCOVERY_REPLY_PORT,
        reply_to_source_port: bool = False,
    ) -> int:
        """Answer NETIO UDP discover requests for every discoverable device; return the port.

        Replies go to the requester's address on `reply_port` (the real 62386), or to the
        request's source port with `reply_to_source_port=True` (or `reply_port=None`).
        """
        from .servers.discovery import DiscoveryResponder  # noqa: PLC0415

        if self._discovery is not None:
            raise SimulatorError("discovery is already running")
        responder = DiscoveryResponder(
            lambda: [r.device for r in self._devices.values() if r.config.discoverable],
            reply_port=reply_port,
            reply_to_source_port=reply_to_source_port,
        )
        self.discovery_port = await responder.start(self.host, port)
        self._discovery = responder
        return self.discovery_port

    async def start_control(self, port: int = 0) -> int:
        """Start the control HTTP API (see servers/control.py); return its port."""
        from .servers.control import ControlServer  # noqa: PLC0415

        if self._control is not None:
            raise SimulatorError("control API is already running")
        control = ControlServer(self)
        self.control_port = await control.start(self.host, port)
        self._control = control
        return self.control_port

    async def add_host(self, config: HostConfig) -> SimulatedHost:
        """Plug a simulated host into an output of a running device and open its port."""
        if config.name in self.hosts:
            raise SimulatorError(f"host {config.name!r} already exists")
        running = self.get(config.device)
        outputs = running.device.outputs
        if not 1 <= config.output <= len(outputs):
            raise SimulatorError(f"device {config.device!r} has no output {config.output}")
        host = SimulatedHost(
            config.name,
            outputs[config.output - 1],
            boot_s=config.boot_s,
            host=self.host,
            port=config.port,
        )
        await host.start()
        self.hosts[config.name] = host
        return host

    def host_answering(self, name: str) -> bool:
        """Whether the host called `name` answers now (KeyError for an unknown host)."""
        return self.hosts[name].answering

    def describe(self) -> dict[str, Any]:
        """Plain data: every device with its ports, plus the discovery and control ports."""
        return {
            "host": self.host,
            "control_port": self.control_port,
            "discovery_port": self.discovery_port,
            "devices": [r.describe() for r in self._devices.values()],
        }

    async def close_idle_connections(self) -> None:
        """Close every device's kept-alive HTTP connections; return when they are closed."""
        await asyncio.gather(*(running.close_idle_connections() for running in self.devices))

    async def stop(self) -> None:
        """Stop every device, the discovery responder and the control API."""
        for extra in (self._control, self._discovery):
            if extra is not None:
                await extra.stop()
        self._control = self._discovery = None
        hosts, self.hosts = list(self.hosts.values()), {}
        for host in hosts:
            await host.stop()
        devices, self._devices = list(self._devices.values()), {}
        for running in devices:
            await running.stop()
