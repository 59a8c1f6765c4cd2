"""Typed, immutable snapshots of a NETIO device and the requests sent to it.

Units are SI with the unit in the field name. A value the device does not report is `None`,
never 0, and NETIO's "no sensor" sentinel 999 becomes `None` as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum, StrEnum
import math
from typing import Final

# Where each protocol listens unless the device was configured otherwise (NETIO's factory
# settings, see docs/protocol-notes.md).
DEFAULT_HTTP_PORT: Final = 80
DEFAULT_HTTPS_PORT: Final = 443
DEFAULT_MODBUS_PORT: Final = 502
DEFAULT_SNMP_PORT: Final = 161
DEFAULT_KSHELL_PORT: Final = 1234
DEFAULT_SNMP_COMMUNITY_READ: Final = "public"
DEFAULT_SNMP_COMMUNITY_WRITE: Final = "private"

# Pulse (short OFF / short ON) lengths the devices accept; they count in 100 ms steps.
PULSE_MIN_MS: Final = 100
PULSE_MAX_MS: Final = 3_600_000
PULSE_STEP_MS: Final = 100
DEFAULT_PULSE_MS: Final = 5000
"""The factory pulse length of an output, for a device that does not report its own."""

# Devices whose clock was never set report 1970; anything before this year is an unset clock.
CLOCK_VALID_FROM_YEAR: Final = 2000


def round_pulse_ms(duration_ms: float) -> int:
    """Round a pulse length up to the device's 100 ms step (the range is checked separately)."""
    return math.ceil(duration_ms / PULSE_STEP_MS) * PULSE_STEP_MS


def pulse_in_range(duration_ms: int) -> bool:
    """Whether the devices accept a pulse of this many (already rounded) milliseconds."""
    return PULSE_MIN_MS <= duration_ms <= PULSE_MAX_MS


class OutputAction(IntEnum):
    """The action codes every NETIO M2M protocol shares (JSON, XML, URL, Modbus, SNMP)."""

    OFF = 0
    ON = 1
    SHORT_OFF = 2
    """Off for the pulse duration, then on: a power cycle."""
    SHORT_ON = 3
    """On for the pulse duration, then off."""
    TOGGLE = 4
    NO_CHANGE = 5
    IGNORE = 6
    """Use the request's `State` instead (JSON/XML only); every read reports this."""

    @property
    def is_pulse(self) -> bool:
        """Whether the action takes the output through a timed pulse."""
        return self in (OutputAction.SHORT_OFF, OutputAction.SHORT_ON)

    def resulting_state(self, current: bool | None) -> bool | None:
        """The state the action puts an output in (for a pulse: while it lasts).

        None when that cannot be known: a toggle of an output in an unknown state, or an
        action that changes nothing.
        """
        if self in (OutputAction.ON, OutputAction.SHORT_ON):
            return True
        if self in (OutputAction.OFF, OutputAction.SHORT_OFF):
            return False
        if self is OutputAction.TOGGLE and current is not None:
            return not current
        return None

    def cuts_power(self, current: bool | None) -> bool:
        """Whether the action leaves the output without power, even for a moment.

        Off and short OFF always do. Toggle and short ON end with the output off when it is on
        now (short ON: on for the pulse, then off), so they count while it is on or unknown.
        """
        if self in (OutputAction.OFF, OutputAction.SHORT_OFF):
            return True
        if self in (OutputAction.TOGGLE, OutputAction.SHORT_ON):
            return current is not False
        return False


class Protocol(StrEnum):
    """The M2M protocols a NETIO device can have enabled."""

    JSON = "json"
    XML = "xml"
    MODBUS = "modbus"
    SNMP = "snmp"
    KSHELL = "kshell"
    URL = "url"


class SnmpVersion(StrEnum):
    """SNMP protocol versions."""

    V1 = "v1"
    V2C = "v2c"
    V3 = "v3"


@dataclass(frozen=True, slots=True, kw_only=True)
class SnmpSettings:
    """How to reach a device's SNMP agent."""

    port: int = DEFAULT_SNMP_PORT
    version: SnmpVersion = SnmpVersion.V2C
    community_read: str = DEFAULT_SNMP_COMMUNITY_READ
    community_write: str = DEFAULT_SNMP_COMMUNITY_WRITE
    username: str | None = None
    auth_protocol: str | None = None
    """`md5`, `sha`, `sha224`, `sha256`, `sha384` or `sha512`; None for noAuthNoPriv."""
    auth_key: str | None = None
    priv_protocol: str | None = None
    """`des`, `aes`, `aes192` or `aes256`; None for authNoPriv."""
    priv_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConnectionConfig:
    """Everything needed to reach one device, for every protocol it may speak.

    `username`/`password` are the HTTP (JSON/XML) and KSHELL account; `url_password` the URL API
    pass phrase. A `port` of None means the protocol's default (80/443 for HTTP).
    """

    host: str
    port: int | None = None
    username: str = ""
    password: str = ""
    use_tls: bool = False
    verify_tls: bool = True
    timeout: float = 10.0
    modbus_port: int = DEFAULT_MODBUS_PORT
    modbus_unit: int = 1
    kshell_port: int = DEFAULT_KSHELL_PORT
    url_password: str | None = None
    snmp: SnmpSettings = field(default_factory=SnmpSettings)

    @property
    def http_port(self) -> int:
        """The web port the JSON, XML and URL APIs share."""
        if self.port is not None:
            return self.port
        return DEFAULT_HTTPS_PORT if self.use_tls else DEFAULT_HTTP_PORT

    @property
    def base_url(self) -> str:
        """The device's web address (also its configuration page)."""
        scheme = "https" if self.use_tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.http_port}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Capabilities:
    """What a transport can do with a device."""

    read: bool = True
    write: bool = True
    metering: bool = False
    inputs: bool = False
    duration_override: bool = False
    """Whether a short OFF/ON can carry its own duration instead of the output's configured one."""
    multi_output_write: bool = False
    """Whether several outputs can be switched in one request."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SystemInfo:
    """A device's system information: identity, firmware, clock and size.

    (Not Home Assistant's `DeviceInfo`, which describes a device registry entry.)
    """

    model: str | None = None
    name: str | None = None
    serial: str | None = None
    """SerialNumber exactly as the device reports it (with colons on NETIO 4x); None if absent."""
    mac: str | None = None
    """MAC as `24:A4:2C:39:9D:27`; None if the device does not report it."""
    firmware: str | None = None
    api_version: str | None = None
    """JSONVer or XmlVer."""
    uptime_s: int | None = None
    device_time: datetime | None = None
    num_outputs: int = 0
    num_inputs: int | None = None

    @property
    def clock_unset(self) -> bool:
        """Whether the device reports a clock that was never set (energy start dates are off)."""
        return self.device_time is not None and self.device_time.year < CLOCK_VALID_FROM_YEAR


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputState:
    """One power output."""

    id: int
    name: str | None = None
    state: bool | None = None
    pulse_delay_ms: int | None = None
    current_a: float | None = None
    power_w: float | None = None
    power_factor: float | None = None
    phase_deg: float | None = None
    energy_wh: float | None = None
    energy_nr_wh: float | None = None
    reverse_energy_wh: float | None = None
    reverse_energy_nr_wh: float | None = None

    @property
    def metered(self) -> bool:
        """Whether the device meters this output."""
        return self.current_a is not None or self.power_w is not None or self.energy_wh is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class InputState:
    """One digital input (with its S0 counter and sensors where the device has them)."""

    id: int
    name: str | None = None
    state: bool | None = None
    s0_counter: int | None = None
    temperature_c: float | None = None
    humidity_pct: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class GlobalMeasure:
    """Whole-device measurements (metered devices only)."""

    voltage_v: float | None = None
    frequency_hz: float | None = None
    total_current_a: float | None = None
    total_power_w: float | None = None
    total_energy_wh: float | None = None
    total_energy_nr_wh: float | None = None
    total_reverse_energy_wh: float | None = None
    total_reverse_energy_nr_wh: float | None = None
    power_factor: float | None = None
    phase_deg: float | None = None
    energy_start: datetime | None = None
    """When the resettable energy counters were last reset."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceState:
    """Everything one poll learned about a device."""

    info: SystemInfo
    outputs: dict[int, OutputState]
    inputs: dict[int, InputState] = field(default_factory=dict)
    measure: GlobalMeasure | None = None
    protocol: Protocol = Protocol.JSON
    fetched_at: datetime | None = None
    """UTC time the client received the data."""


@dataclass(frozen=True, slots=True)
class OutputCommand:
    """One action for one output; `duration_ms` overrides the pulse length of a short OFF/ON."""

    output_id: int
    action: OutputAction
    duration_ms: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProbeResult:
    """How one protocol answered during detection."""

    protocol: Protocol
    ok: bool
    error: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DetectionResult:
    """What `NetioClient.detect()` found: the chosen protocol, its first state, and every probe."""

    protocol: Protocol
    state: DeviceState
    capabilities: Capabilities
    probes: tuple[ProbeResult, ...] = ()
