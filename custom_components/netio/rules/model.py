"""What the translator knows of a device and what it reports back; free of Home Assistant.

The Home Assistant side fills `DeviceEntities` from the entity registry; the translator and the
exporter only read it, so both run (and are tested) without Home Assistant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import re
from typing import Any, Final

from ..client.rules import Watchdog

POWER_UP_EVENT: Final = "netio_device_power_up"
"""Fired on the bus (data: device_id, serial) when a device's uptime went back: it booted."""

BLUEPRINT_FOLDER: Final = "netio"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceEntities:
    """One device's entities the translation uses, by NETIO's numbering (1-based)."""

    serial: str
    device_id: str
    name: str
    switches: Mapping[int, str]
    """Output → switch entity ID."""
    power: Mapping[int, str] = field(default_factory=dict)
    """Output → power sensor (W)."""
    current: Mapping[int, str] = field(default_factory=dict)
    """Output → current sensor (A)."""
    inputs: Mapping[int, str] = field(default_factory=dict)
    """Input → binary sensor (on = contact closed)."""
    total_power: str | None = None
    total_current: str | None = None
    last_boot: str | None = None
    """The device's boot time sensor (timestamp), for `bootDelay`."""
    critical_outputs: frozenset[int] = frozenset()
    """Outputs the integration refuses to cut without confirmation."""
    home: tuple[float, float] | None = None
    """Home Assistant's latitude and longitude (sun triggers are computed there)."""
    schedules: Mapping[str, str] = field(default_factory=dict)
    """NETIO schedule name → the schedule helper's entity ID (existing or to be created)."""
    watchdogs: Mapping[str, str] = field(default_factory=dict)
    """NETIO watchdog name → the problem binary sensor of its Home Assistant watchdog."""
    watchdog_definitions: Mapping[str, Watchdog] = field(default_factory=dict)
    """NETIO watchdog name → its parameters as the Home Assistant watchdog holds them (export)."""
    blueprints: frozenset[str] = frozenset()
    """Blueprint paths (`netio/<file>.yaml`) installed; rules matching one use it."""


@dataclass(frozen=True, slots=True)
class Note:
    """A warning or an untranslatable part: a translation key and its placeholders."""

    code: str
    placeholders: Mapping[str, str] = field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class RuleTranslation:
    """What one rule became."""

    rule: str
    automation: dict[str, Any] | None = None
    """The automation configuration; None when the rule could not be translated."""
    blueprint: str | None = None
    warnings: list[Note] = field(default_factory=list)
    untranslatable: list[Note] = field(default_factory=list)
    schedules: list[str] = field(default_factory=list)
    """NETIO schedules the automation needs as schedule helpers."""

    @property
    def outcome(self) -> str:
        """`translated`, `partial` (something left out) or `not_translated`."""
        if self.automation is None:
            return "not_translated"
        return "partial" if self.untranslatable else "translated"


def slug(text: str) -> str:
    """Lower-case letters, digits and underscores, for stable IDs."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "rule"


def automation_id(serial: str, rule: str) -> str:
    """The stable ID of the automation a rule becomes: `netio_<serial>_<rule>`."""
    return f"netio_{slug(serial)}_{slug(rule)}"


def id_prefix(serial: str) -> str:
    """The start of every automation ID imported for a device."""
    return f"netio_{slug(serial)}_"
