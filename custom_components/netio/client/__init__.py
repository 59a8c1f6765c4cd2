"""An asyncio client for NETIO network power strips; it imports nothing from Home Assistant.

`NetioClient` reads and switches one device over JSON, XML, Modbus/TCP, SNMP or KSHELL (with
the write-only URL API as an optional writer); `discover` finds devices with NETIO UDP
Discover. Every failure is a `NetioError`.
"""

from .device import NetioClient
from .discovery import DiscoveredDevice, discover, parse_discover_reply
from .errors import (
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioForbiddenError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnconfirmedError,
    NetioUnsupportedError,
)
from .models import (
    Capabilities,
    ConnectionConfig,
    DetectionResult,
    DeviceInfo,
    DeviceState,
    GlobalMeasure,
    InputState,
    OutputAction,
    OutputCommand,
    OutputState,
    ProbeResult,
    Protocol,
    SnmpSettings,
    SnmpVersion,
)
from .parsing import normalize_mac

__all__ = [
    "Capabilities",
    "ConnectionConfig",
    "DetectionResult",
    "DeviceInfo",
    "DeviceState",
    "DiscoveredDevice",
    "GlobalMeasure",
    "InputState",
    "NetioApiDisabledError",
    "NetioAuthenticationError",
    "NetioClient",
    "NetioConnectionError",
    "NetioError",
    "NetioForbiddenError",
    "NetioProtocolError",
    "NetioReadOnlyError",
    "NetioTimeoutError",
    "NetioUnconfirmedError",
    "NetioUnsupportedError",
    "OutputAction",
    "OutputCommand",
    "OutputState",
    "ProbeResult",
    "Protocol",
    "SnmpSettings",
    "SnmpVersion",
    "discover",
    "normalize_mac",
    "parse_discover_reply",
]
