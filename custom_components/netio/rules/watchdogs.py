"""NETIO WatchDogs of imported rules → Home Assistant watchdogs (subentries), and back; HA-free.

A rule's `WDT/<name>/FAIL` becomes a watchdog subentry of the device with NETIO's parameters and
the action "only announce": the watchdog acts on nothing, its problem sensor is NETIO's FAIL
(re-armed after `timeToReboot` as often as `maxRestarts` allows, see `watchdog/machine.py`) and
the rule's automation triggers on it and does the restarting, as the rule does on the device.

The project's choices (NETIO's sources are silent):
- Identity: the subentry's unique ID is NETIO's own key, `WDT/<name>`, so importing again finds
  and reuses it as it is (the user may have changed it, e.g. the check method), like schedule
  helpers. Its title is `NETIO <name>`.
- Only watchdogs a rule names are created (on the device an unused WatchDog acts on nothing).
- Output: a NETIO WatchDog belongs to no output. Its entities are shown on the device of the
  output the first rule naming it acts on (the appliance that rule restarts), else on the lowest
  output; announcing watchdogs ignore that output's state (no output pauses).
- Check: ping (ICMP) as NETIO does; a target written as a URL is checked with HTTP GET.
  `startDelay` missing = 0 (the device starts pinging at once).
- Ranges: the watchdog form's ranges, and the timeout may not exceed `pingInterval`; anything
  else is refused before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from ..client.rules import RuleDocument, Variable, Watchdog
from ..watchdog.config import (
    CONF_ACTION,
    CONF_INTERVAL,
    CONF_MAX_RESTARTS,
    CONF_MAX_TIMEOUTS,
    CONF_METHOD,
    CONF_OUTPUT,
    CONF_PORT,
    CONF_START_DELAY,
    CONF_TARGET,
    CONF_TIME_TO_REBOOT,
    CONF_TIMEOUT,
    DEFAULTS,
    INTERVAL_RANGE,
    MAX_RESTARTS_RANGE,
    MAX_TIMEOUTS_RANGE,
    METHOD_HTTP,
    METHOD_PING,
    START_DELAY_RANGE,
    TIME_TO_REBOOT_RANGE,
    TIMEOUT_RANGE,
)
from ..watchdog.machine import FailureAction
from .model import Note

UNIQUE_ID_PREFIX: Final = "WDT/"
TITLE_PREFIX: Final = "NETIO "

# NETIO's field, how to read it from a Watchdog, its range.
_RANGES: Final[tuple[tuple[str, str, tuple[int, int]], ...]] = (
    ("pingInterval", "ping_interval_s", INTERVAL_RANGE),
    ("timeout", "timeout_s", TIMEOUT_RANGE),
    ("maxTimeouts", "max_timeouts", MAX_TIMEOUTS_RANGE),
    ("timeToReboot", "time_to_reboot_s", TIME_TO_REBOOT_RANGE),
    ("maxRestarts", "max_restarts", MAX_RESTARTS_RANGE),
    ("startDelay", "start_delay_s", START_DELAY_RANGE),
)


def watchdog_unique_id(name: str) -> str:
    """The unique ID of the subentry a NETIO watchdog becomes."""
    return f"{UNIQUE_ID_PREFIX}{name}"


def netio_name(unique_id: str | None) -> str | None:
    """The NETIO watchdog a subentry was imported from (None: made by hand)."""
    if unique_id is None or not unique_id.startswith(UNIQUE_ID_PREFIX):
        return None
    return unique_id.removeprefix(UNIQUE_ID_PREFIX)


def watchdog_title(name: str) -> str:
    """The title (entity name) of the watchdog a NETIO watchdog becomes."""
    return f"{TITLE_PREFIX}{name}"


def referenced_watchdogs(document: RuleDocument, rules: Iterable[str] | None = None) -> list[str]:
    """The watchdogs the document's rules (or only `rules`, by name) name, in rule order."""
    return list(
        dict.fromkeys(
            str(condition.name)
            for name, rule in document.rules.items()
            if rules is None or name in rules
            for condition in rule.conditions
            if condition.variable is Variable.WDT_FAIL
        )
    )


def watchdog_output(document: RuleDocument, name: str, outputs: Iterable[int]) -> int:
    """The output whose device shows the watchdog (see the module docstring)."""
    known = sorted(outputs)
    for rule in document.rules.values():
        if not any(c.variable is Variable.WDT_FAIL and c.name == name for c in rule.conditions):
            continue
        acted = [action.output for action in rule.actions]
        if rule.sequence is not None:
            acted += [a.output for step in rule.sequence.steps for a in step.actions]
        for output in acted:
            if output in known:
                return output
    return known[0]


def subentry_data(watchdog: Watchdog, output: int) -> dict[str, Any]:
    """The subentry data of the announcing watchdog a NETIO watchdog becomes."""
    return {
        CONF_OUTPUT: output,
        CONF_METHOD: METHOD_HTTP if "://" in watchdog.target else METHOD_PING,
        CONF_TARGET: watchdog.target,
        CONF_PORT: DEFAULTS[CONF_PORT],
        CONF_INTERVAL: watchdog.ping_interval_s,
        CONF_TIMEOUT: watchdog.timeout_s,
        CONF_MAX_TIMEOUTS: watchdog.max_timeouts,
        CONF_TIME_TO_REBOOT: watchdog.time_to_reboot_s,
        CONF_START_DELAY: watchdog.start_delay_s or 0,
        CONF_MAX_RESTARTS: watchdog.max_restarts,
        CONF_ACTION: FailureAction.ANNOUNCE.value,
    }


def watchdog_from_subentry(name: str, data: Mapping[str, Any]) -> Watchdog:
    """A watchdog subentry as NETIO's WatchDog (for the export)."""

    def get(key: str) -> int:
        return int(data.get(key, DEFAULTS.get(key, 0)))

    return Watchdog(
        name=name,
        target=str(data[CONF_TARGET]),
        ping_interval_s=get(CONF_INTERVAL),
        timeout_s=get(CONF_TIMEOUT),
        max_timeouts=get(CONF_MAX_TIMEOUTS),
        time_to_reboot_s=get(CONF_TIME_TO_REBOOT),
        max_restarts=get(CONF_MAX_RESTARTS),
        start_delay_s=get(CONF_START_DELAY),
    )


def watchdog_problems(document: RuleDocument) -> list[Note]:
    """Parameters a Home Assistant watchdog cannot take (bad input: nothing is written)."""
    notes: list[Note] = []
    for name, watchdog in document.watchdogs.items():
        for key, attribute, (low, high) in _RANGES:
            value = getattr(watchdog, attribute)
            if value is not None and not low <= value <= high:
                notes.append(
                    Note(
                        "watchdog_out_of_range",
                        {
                            "watchdog": name,
                            "field": key,
                            "value": str(value),
                            "low": str(low),
                            "high": str(high),
                        },
                    )
                )
        if watchdog.timeout_s > watchdog.ping_interval_s:
            notes.append(Note("watchdog_timeout_above_interval", {"watchdog": name}))
    return notes
