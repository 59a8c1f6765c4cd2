"""Fault injection: misbehaviour a test or the control API can switch on at runtime.

Faults are set globally or for one protocol; a server asks `faults.for_protocol(name)` on every
request and gets the merged view. Reboot is not a standing fault: it is
`SimulatedDevice.reboot()`, and credential changes just change `SimulatedDevice.credentials`.
"""

from dataclasses import asdict, dataclass, fields, replace
from typing import Final

PROTOCOLS: Final = frozenset({"json", "xml", "url", "modbus", "snmp", "kshell", "discovery"})


@dataclass(frozen=True, slots=True)
class EffectiveFaults:
    """What applies to one protocol right now.

    - latency_s: wait this long before answering (global and per-protocol values add up).
    - drop: close the connection without a reply (UDP: no reply).
    - hang: accept and never answer, until the server stops.
    - http_500: answer HTTP 500 (HTTP APIs only).
    - malformed: a garbage body (invalid JSON/XML; random bytes on binary protocols).
    - truncated: the body is cut (Content-Length promises more, then the connection closes).
    - wrong_types: numbers sent as strings and some fields null (JSON/XML).
    - api_disabled: JSON/XML/URL answer 403 with a non-JSON body; Modbus/KSHELL refuse the
      connection; SNMP does not answer.
    - read_only: writes are refused (403, SNMP notWritable, KSHELL 505, Modbus exception 0x01).
    """

    latency_s: float = 0.0
    drop: bool = False
    hang: bool = False
    http_500: bool = False
    malformed: bool = False
    truncated: bool = False
    wrong_types: bool = False
    api_disabled: bool = False
    read_only: bool = False

    @property
    def any(self) -> bool:
        """Whether anything differs from normal behaviour."""
        return self != NO_FAULTS


NO_FAULTS: Final = EffectiveFaults()
FAULT_NAMES: Final = frozenset(f.name for f in fields(EffectiveFaults))


def _check(changes: dict[str, object]) -> dict[str, object]:
    unknown = set(changes) - FAULT_NAMES
    if unknown:
        raise ValueError(f"unknown fault(s) {sorted(unknown)}; known: {sorted(FAULT_NAMES)}")
    checked: dict[str, object] = {}
    for name, value in changes.items():
        if name == "latency_s":
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError("latency_s must be a number >= 0")
            checked[name] = float(value)
        else:
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be true or false")
            checked[name] = value
    return checked


class Faults:
    """The faults of one device: a global set plus one set per protocol."""

    def __init__(self) -> None:
        """Start with no faults."""
        self._global = NO_FAULTS
        self._per_protocol: dict[str, EffectiveFaults] = {}
        self._cache: dict[str, EffectiveFaults] = {}

    def set(self, protocol: str | None = None, **changes: object) -> None:
        """Change faults, e.g. `set(drop=True)` or `set("json", latency_s=0.5)`.

        Unnamed faults keep their value. Raises ValueError for an unknown protocol/fault or a
        value of the wrong type.
        """
        checked = _check(changes)
        if protocol is None:
            self._global = replace(self._global, **checked)  # type: ignore[arg-type]
        else:
            if protocol not in PROTOCOLS:
                raise ValueError(f"unknown protocol {protocol!r}; known: {sorted(PROTOCOLS)}")
            current = self._per_protocol.get(protocol, NO_FAULTS)
            self._per_protocol[protocol] = replace(current, **checked)  # type: ignore[arg-type]
        self._cache.clear()

    def clear(self, protocol: str | None = None) -> None:
        """Remove faults: those of one protocol, or (no argument) every fault."""
        if protocol is None:
            self._global = NO_FAULTS
            self._per_protocol.clear()
        else:
            self._per_protocol.pop(protocol, None)
        self._cache.clear()

    def for_protocol(self, name: str) -> EffectiveFaults:
        """Global faults merged with the protocol's own (flags OR-ed, latencies added)."""
        cached = self._cache.get(name)
        if cached is not None:
            return cached
        own = self._per_protocol.get(name, NO_FAULTS)
        glob = self._global
        merged = EffectiveFaults(
            latency_s=glob.latency_s + own.latency_s,
            **{
                f.name: getattr(glob, f.name) or getattr(own, f.name)
                for f in fields(EffectiveFaults)
                if f.name != "latency_s"
            },
        )
        self._cache[name] = merged
        return merged

    def snapshot(self) -> dict[str, dict[str, object]]:
        """Plain data for the control API: {"global": {...}, "<protocol>": {...}}."""
        data: dict[str, dict[str, object]] = {"global": asdict(self._global)}
        for protocol, faults in sorted(self._per_protocol.items()):
            data[protocol] = asdict(faults)
        return data
