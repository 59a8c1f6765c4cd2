"""YAML configuration: many devices, fixed or automatic ports, discovery and control settings.

```yaml
host: 127.0.0.1
control: {port: 0}                  # leave out to run without the control API
discovery: {port: 62387, reply_port: 62386}   # leave out to run without discovery
devices:
  - id: rack-4all                   # optional; made from the name/profile otherwise
    profile: netio_4all
    count: 1                        # >1 makes copies with ids/names suffixed -1, -2, ...
    name: Rack NETIO 4All
    protocols: [json, xml, url]     # also modbus, snmp, kshell
    https: false
    ports: {http: 0}                # 0 or missing = a free port (reported back)
    credentials: {json: {read: {username: netio, password: netio}, write: {...}}}
    firmware: {version: "4.1.0", json_ver: "2.4", energy_nr_underscore: true}
    outputs:
      - {name: NAS, state: on, delay_ms: 5000, power_up: last,
         load: {kind: noisy, watts: 40, noise_w: 3}, energy_wh: 1200}
    inputs:
      - {name: Door, state: false, s0_counter: 10, s0_pulses_per_hour: 600,
         features: [s0, temperature], temperature_c: 21.5}
  - profile: powerdin_4pz           # newer platform: NETIO's rules engine
    timezone: Europe/Prague         # schedules run in the device's time zone
    hosts: {router: true}           # watchdog targets and whether they answer
    rules:                          # a NETIO rule document (quote "on"/"off": YAML 1.1)
      rules:
        CR02_RULE:
          conditions: {"INPUTS/1/STATE": "on"}
          actions: {"OUTPUTS/1/ACTION": 4, "OUTPUTS/2/ACTION": 4}
hosts:                              # simulated hosts on outputs (see hosts.py)
  - {name: Office router, device: rack-4all, output: 1, boot_s: 30, port: 0}
```
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, cast

import yaml

from .credentials import Credentials, updated_credentials
from .device import InputSpec, OutputSpec, PowerUp, SimulatedDevice
from .hosts import DEFAULT_BOOT_S, HostConfig
from .metering import LoadProfile
from .profiles import InputFeature, get_profile
from .runner import DeviceConfig, Simulator, SimulatorError

_DEVICE_KEYS: Final = frozenset(
    {
        "id",
        "profile",
        "count",
        "name",
        "protocols",
        "https",
        "ports",
        "credentials",
        "firmware",
        "outputs",
        "inputs",
        "mac",
        "serial",
        "hostname",
        "seed",
        "clock_set",
        "initial_uptime_s",
        "discoverable",
        "rules",
        "hosts",
        "timezone",
    }
)
_OUTPUT_KEYS: Final = frozenset(
    {
        "name",
        "state",
        "delay_ms",
        "power_up",
        "load",
        "energy_wh",
        "energy_nr_wh",
        "reverse_energy_wh",
        "reverse_energy_nr_wh",
    }
)
_INPUT_KEYS: Final = frozenset(
    {
        "name",
        "state",
        "s0_counter",
        "s0_pulses_per_hour",
        "features",
        "temperature_c",
        "humidity",
    }
)
_RULE_SECTIONS: Final = frozenset({"rules", "pabs", "watchdogs", "schedules"})
_FIRMWARE_KEYS: Final = frozenset(
    {"version", "json_ver", "energy_nr_underscore", "temperature_typo"}
)


class ConfigError(ValueError):
    """The configuration file is not valid; the message says where."""


@dataclass(slots=True)
class DiscoveryConfig:
    """UDP discover responder settings (request port, reply port or reply to source)."""

    port: int = 62387
    reply_port: int | None = 62386
    reply_to_source_port: bool = False


@dataclass(slots=True)
class SimulatorConfig:
    """A whole simulator setup."""

    host: str = "127.0.0.1"
    devices: list[DeviceConfig] = field(default_factory=list[DeviceConfig])
    control_port: int | None = None
    discovery: DiscoveryConfig | None = None
    hosts: list[HostConfig] = field(default_factory=list[HostConfig])


def _mapping(value: object, where: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping")
    unknown = set(value) - allowed
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(map(str, unknown))}")
    return cast("dict[str, Any]", value)


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list")
    return value


def _port(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:  # noqa: PLR2004
        raise ConfigError(f"{where}: a port must be an integer 0..65535")
    return value


def _output(data: object, where: str) -> OutputSpec:
    raw = _mapping(data, where, _OUTPUT_KEYS)
    power_up = raw.get("power_up", "last")
    if isinstance(power_up, bool):  # YAML 1.1 reads a bare on/off as a boolean
        power_up = "on" if power_up else "off"
    if power_up not in {"on", "off", "last"}:
        raise ConfigError(f"{where}.power_up: on, off or last")
    try:
        load = LoadProfile.from_mapping(raw["load"]) if "load" in raw else None
        return OutputSpec(
            name=None if raw.get("name") is None else str(raw["name"]),
            state=bool(raw.get("state", True)),
            delay_ms=None if raw.get("delay_ms") is None else int(raw["delay_ms"]),
            power_up=cast("PowerUp", power_up),
            load=load,
            energy_wh=float(raw.get("energy_wh", 0.0)),
            energy_nr_wh=None if raw.get("energy_nr_wh") is None else float(raw["energy_nr_wh"]),
            reverse_energy_wh=float(raw.get("reverse_energy_wh", 0.0)),
            reverse_energy_nr_wh=None
            if raw.get("reverse_energy_nr_wh") is None
            else float(raw["reverse_energy_nr_wh"]),
        )
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}: {err}") from None


def _input(data: object, where: str) -> InputSpec:
    raw = _mapping(data, where, _INPUT_KEYS)
    features: frozenset[InputFeature] | None = None
    if "features" in raw:
        names = _list(raw["features"], f"{where}.features")
        if not set(names) <= {"s0", "temperature", "humidity"}:
            raise ConfigError(f"{where}.features: s0, temperature, humidity")
        features = frozenset(cast("list[InputFeature]", names))
    try:
        return InputSpec(
            name=None if raw.get("name") is None else str(raw["name"]),
            state=bool(raw.get("state", False)),
            s0_counter=int(raw.get("s0_counter", 0)),
            s0_pulses_per_hour=float(raw.get("s0_pulses_per_hour", 0.0)),
            features=features,
            temperature_c=None if raw.get("temperature_c") is None else float(raw["temperature_c"]),
            humidity=None if raw.get("humidity") is None else float(raw["humidity"]),
        )
    except (TypeError, ValueError) as err:
        raise ConfigError(f"{where}: {err}") from None


def _hosts(value: object, where: str) -> dict[str, bool]:
    """`{name: true|false}`: watchdog targets and whether they answer."""
    hosts = _mapping(
        value, where, frozenset(map(str, value)) if isinstance(value, dict) else frozenset()
    )
    for name, reachable in hosts.items():
        if not isinstance(reachable, bool):
            raise ConfigError(f"{where}.{name}: true or false")
    return {str(k): v for k, v in hosts.items()}


def _firmware(raw: dict[str, Any], where: str) -> dict[str, Any]:
    data = _mapping(raw, where, _FIRMWARE_KEYS)
    result: dict[str, Any] = {}
    if "version" in data:
        result["firmware"] = str(data["version"])
    if "json_ver" in data:
        result["json_ver"] = str(data["json_ver"])
    for key in ("energy_nr_underscore", "temperature_typo"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{where}.{key}: true or false")
            result[key] = data[key]
    return result


def _credentials(raw: dict[str, Any], where: str) -> Credentials | None:
    if "credentials" not in raw:
        return None
    try:
        return updated_credentials(Credentials(), raw["credentials"])
    except ValueError as err:
        raise ConfigError(f"{where}.credentials: {err}") from None


def device_configs(data: object, where: str) -> list[DeviceConfig]:
    """Turn one `devices:` entry into DeviceConfigs (several when `count` > 1)."""
    raw = _mapping(data, where, _DEVICE_KEYS)
    if "profile" not in raw:
        raise ConfigError(f"{where}: profile is required")
    try:
        get_profile(str(raw["profile"]))
    except ValueError as err:
        raise ConfigError(f"{where}: {err}") from None
    protocols = raw.get("protocols", ["json"])
    if isinstance(protocols, str):
        protocols = [p.strip() for p in protocols.split(",")]
    ports = {
        str(k): _port(v, f"{where}.ports.{k}")
        for k, v in _mapping(
            raw.get("ports", {}),
            f"{where}.ports",
            frozenset({"http", "https", "modbus", "snmp", "kshell"}),
        ).items()
    }
    credentials = _credentials(raw, where)
    count = raw.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ConfigError(f"{where}.count: a positive integer")
    if count > 1 and any(ports.values()):
        raise ConfigError(f"{where}: fixed ports cannot be used with count > 1")
    base = DeviceConfig(
        profile=str(raw["profile"]),
        name=None if raw.get("name") is None else str(raw["name"]),
        id=None if raw.get("id") is None else str(raw["id"]),
        protocols=frozenset(str(p) for p in _list(protocols, f"{where}.protocols")),
        https=bool(raw.get("https", False)),
        credentials=credentials,
        ports=ports,
        outputs=[
            _output(o, f"{where}.outputs[{i}]")
            for i, o in enumerate(_list(raw.get("outputs", []), f"{where}.outputs"))
        ]
        or None,
        inputs=[
            _input(o, f"{where}.inputs[{i}]")
            for i, o in enumerate(_list(raw.get("inputs", []), f"{where}.inputs"))
        ]
        or None,
        mac=None if raw.get("mac") is None else str(raw["mac"]),
        serial=None if raw.get("serial") is None else str(raw["serial"]),
        hostname=None if raw.get("hostname") is None else str(raw["hostname"]),
        seed=None if raw.get("seed") is None else int(raw["seed"]),
        clock_set=bool(raw.get("clock_set", True)),
        initial_uptime_s=int(raw.get("initial_uptime_s", 0)),
        discoverable=bool(raw.get("discoverable", True)),
        rules=_mapping(raw["rules"], f"{where}.rules", _RULE_SECTIONS) if "rules" in raw else None,
        hosts=_hosts(raw["hosts"], f"{where}.hosts") if "hosts" in raw else None,
        timezone=None if raw.get("timezone") is None else str(raw["timezone"]),
        **_firmware(raw.get("firmware", {}), f"{where}.firmware"),
    )
    try:
        base.validate()
        base.apply_rules(
            SimulatedDevice(
                base.profile, outputs=base.outputs, inputs=base.inputs, timezone=base.zone()
            )
        )
    except SimulatorError as err:
        raise ConfigError(f"{where}: {err}") from None
    if count == 1:
        return [base]
    if base.mac is not None or base.serial is not None:
        raise ConfigError(f"{where}: mac/serial cannot be fixed with count > 1")
    return [
        replace(
            base,
            id=None if base.id is None else f"{base.id}-{n}",
            name=None if base.name is None else f"{base.name} {n}",
        )
        for n in range(1, count + 1)
    ]


def parse_config(data: object) -> SimulatorConfig:
    """Validate a decoded YAML document."""
    raw = _mapping(data, "config", frozenset({"host", "control", "discovery", "devices", "hosts"}))
    config = SimulatorConfig(host=str(raw.get("host", "127.0.0.1")))
    if raw.get("control") is not None:
        control = _mapping(raw["control"], "control", frozenset({"port"}))
        config.control_port = _port(control.get("port", 0), "control.port")
    if raw.get("discovery") is not None:
        disc = _mapping(
            raw["discovery"], "discovery", frozenset({"port", "reply_port", "reply_to_source_port"})
        )
        reply_port = disc.get("reply_port", 62386)
        config.discovery = DiscoveryConfig(
            port=_port(disc.get("port", 62387), "discovery.port"),
            reply_port=None if reply_port is None else _port(reply_port, "discovery.reply_port"),
            reply_to_source_port=bool(disc.get("reply_to_source_port", False)),
        )
    for index, entry in enumerate(_list(raw.get("devices", []), "devices")):
        config.devices.extend(device_configs(entry, f"devices[{index}]"))
    for index, entry in enumerate(_list(raw.get("hosts", []), "hosts")):
        config.hosts.append(host_config(entry, f"hosts[{index}]"))
    return config


def host_config(data: object, where: str) -> HostConfig:
    """One `hosts:` entry: name, device (id), output (1-based), optional boot_s and port."""
    raw = _mapping(data, where, frozenset({"name", "device", "output", "boot_s", "port"}))
    for key in ("name", "device", "output"):
        if key not in raw:
            raise ConfigError(f"{where}: {key} is required")
    output = raw["output"]
    if isinstance(output, bool) or not isinstance(output, int) or output < 1:
        raise ConfigError(f"{where}.output: a positive integer")
    boot_s = raw.get("boot_s", DEFAULT_BOOT_S)
    if isinstance(boot_s, bool) or not isinstance(boot_s, int | float) or boot_s < 0:
        raise ConfigError(f"{where}.boot_s: a number of seconds >= 0")
    return HostConfig(
        name=str(raw["name"]),
        device=str(raw["device"]),
        output=output,
        boot_s=float(boot_s),
        port=_port(raw.get("port", 0), f"{where}.port"),
    )


def load_config(path: str | Path) -> SimulatorConfig:
    """Read and validate a YAML file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"{path}: not valid YAML: {err}") from None
    return parse_config(data or {})


def config_from_mapping(data: Mapping[str, Any]) -> SimulatorConfig:
    """Validate an already-built mapping (tests, scripts)."""
    return parse_config(dict(data))


async def start_simulator(config: SimulatorConfig) -> Simulator:
    """Start every device of a config plus control API and discovery; stop all on failure."""
    sim = Simulator(config.host)
    try:
        await sim.add_devices(config.devices)
        if config.discovery is not None:
            await sim.start_discovery(
                config.discovery.port,
                reply_port=config.discovery.reply_port,
                reply_to_source_port=config.discovery.reply_to_source_port,
            )
        for host in config.hosts:
            await sim.add_host(host)
        if config.control_port is not None:
            await sim.start_control(config.control_port)
    except BaseException:
        await sim.stop()
        raise
    return sim
