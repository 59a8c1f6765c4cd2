"""A watchdog's settings: the subentry's keys, their ranges, and NETIO's `WDT` JSON.

The subentry stores our names; `from_netio` reads NETIO's (`pingInterval`, `maxTimeouts`, ...)
so a watchdog copied from a NETIO device's rules page prefills the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
import json
from typing import Any, Final

from .machine import FailureAction, WatchdogParams

SUBENTRY_TYPE: Final = "watchdog"

CONF_OUTPUT: Final = "output"
CONF_METHOD: Final = "method"
CONF_TARGET: Final = "target"
CONF_PORT: Final = "port"
CONF_INTERVAL: Final = "interval"
CONF_TIMEOUT: Final = "timeout"
CONF_MAX_TIMEOUTS: Final = "max_timeouts"
CONF_TIME_TO_REBOOT: Final = "time_to_reboot"
CONF_START_DELAY: Final = "start_delay"
CONF_MAX_RESTARTS: Final = "max_restarts"
CONF_ACTION: Final = "action"
CONF_PULSE: Final = "pulse"
CONF_NETIO_JSON: Final = "netio_json"

METHOD_PING: Final = "ping"
METHOD_TCP: Final = "tcp"
METHOD_HTTP: Final = "http"
METHODS: Final = (METHOD_PING, METHOD_TCP, METHOD_HTTP)

# Ranges the form accepts (seconds unless said otherwise).
INTERVAL_RANGE: Final = (1, 86_400)
TIMEOUT_RANGE: Final = (1, 600)
MAX_TIMEOUTS_RANGE: Final = (0, 100)
TIME_TO_REBOOT_RANGE: Final = (0, 86_400)
START_DELAY_RANGE: Final = (0, 86_400)
MAX_RESTARTS_RANGE: Final = (-1, 1000)
PULSE_RANGE: Final = (0.1, 3600.0)

DEFAULTS: Final[dict[str, Any]] = {
    CONF_METHOD: METHOD_PING,
    CONF_PORT: 80,
    CONF_INTERVAL: 30,
    CONF_TIMEOUT: 5,
    CONF_MAX_TIMEOUTS: 3,
    CONF_TIME_TO_REBOOT: 120,
    CONF_START_DELAY: 60,
    CONF_MAX_RESTARTS: 3,
    CONF_ACTION: FailureAction.POWER_CYCLE.value,
}

# NETIO's WDT field -> ours.
NETIO_FIELDS: Final = {
    "target": CONF_TARGET,
    "pingInterval": CONF_INTERVAL,
    "timeout": CONF_TIMEOUT,
    "maxTimeouts": CONF_MAX_TIMEOUTS,
    "timeToReboot": CONF_TIME_TO_REBOOT,
    "maxRestarts": CONF_MAX_RESTARTS,
    "startDelay": CONF_START_DELAY,
}


class NetioJsonError(ValueError):
    """The pasted text is not a NETIO WatchDog definition."""


def from_netio(text: str) -> dict[str, Any]:
    """Our fields from a NETIO `WDT` object (the rules page's JSON); unknown keys are ignored.

    Accepts the object itself or one wrapped as `{"<name>": {...}}` (the name becomes ours).
    """
    try:
        data = json.loads(text)
    except ValueError as err:
        raise NetioJsonError(str(err)) from err
    if not isinstance(data, dict):
        raise NetioJsonError("not an object")
    name: str | None = None
    if "target" not in data and len(data) == 1:
        ((name, data),) = data.items()
        if not isinstance(data, dict):
            raise NetioJsonError("not an object")
    fields = _netio_fields(data)
    if name is None and isinstance(data.get("name"), str):
        name = data["name"]
    if name:
        fields["name"] = name
    return fields


def _netio_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Our fields from the WDT object's own keys."""
    if not isinstance(data.get("target"), str) or not data["target"].strip():
        raise NetioJsonError("no target")
    fields: dict[str, Any] = {}
    for netio_key, key in NETIO_FIELDS.items():
        if netio_key not in data:
            continue
        value = data[netio_key]
        if key == CONF_TARGET:
            fields[key] = value.strip()
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise NetioJsonError(f"{netio_key} is not a number")
        else:
            fields[key] = value
    return fields


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchdogConfig:
    """One watchdog's settings, as stored in its subentry."""

    name: str
    output_id: int
    method: str
    target: str
    port: int
    params: WatchdogParams
    pulse_ms: int | None

    @classmethod
    def from_subentry(cls, title: str, data: Mapping[str, Any]) -> WatchdogConfig:
        """Read a subentry's data (defaults for what older versions did not store)."""

        def get(key: str) -> Any:
            return data.get(key, DEFAULTS.get(key))

        pulse = data.get(CONF_PULSE)
        return cls(
            name=title,
            output_id=int(data[CONF_OUTPUT]),
            method=str(get(CONF_METHOD)),
            target=str(data[CONF_TARGET]),
            port=int(get(CONF_PORT)),
            params=WatchdogParams(
                interval_s=float(get(CONF_INTERVAL)),
                timeout_s=float(get(CONF_TIMEOUT)),
                max_timeouts=int(get(CONF_MAX_TIMEOUTS)),
                time_to_reboot_s=float(get(CONF_TIME_TO_REBOOT)),
                start_delay_s=float(get(CONF_START_DELAY)),
                max_restarts=int(get(CONF_MAX_RESTARTS)),
                action=FailureAction(get(CONF_ACTION)),
            ),
            pulse_ms=None if pulse is None else round(float(pulse) * 1000),
        )

    @property
    def url(self) -> str:
        """The HTTP check's URL: the target itself, or `http://<target>:<port>/`."""
        if "://" in self.target:
            return self.target
        return f"http://{self.target}:{self.port}/"

    @property
    def host(self) -> str:
        """The host the target names (for resolving, ICMP and TCP)."""
        return host_of(self.target)


def host_of(target: str) -> str:
    """The host name or IP of a target that may be a URL."""
    if "://" not in target:
        return target.strip()
    from yarl import URL  # noqa: PLC0415  # only URLs need it

    return URL(target).host or ""
