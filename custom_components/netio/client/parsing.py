"""Lenient value coercion shared by every parser.

NETIO firmware sends numbers as JSON numbers, as strings (PowerCable 101x fw 2.x, every XML
value) and sometimes as null; a sensor that is absent or broken reads 999. These helpers turn
all of that into a typed value or `None` (unknown) and never raise: one odd field must not cost
the whole poll. Structural problems are the callers' to report as `NetioProtocolError`.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from math import isfinite
import re

SENSOR_ABSENT = 999
"""NETIO's "no sensor connected / sensor failed" value for temperature and humidity."""

_MAC_HEX = re.compile(r"[0-9A-Fa-f]{12}")
_MAC_SEPARATORS = str.maketrans("", "", ":-. ")
_TRUE_WORDS = frozenset({"1", "on", "true"})
_FALSE_WORDS = frozenset({"0", "off", "false"})
_INT_STATES = {0: False, 1: True}


def to_float(value: object) -> float | None:
    """Return a finite float for a number or numeric string; None for anything else."""
    # Exact type checks: decoded JSON/XML holds only these types, and bool (an int) is no
    # number here. This runs a hundred times per poll, so the common cases come first.
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            return None
    if type(value) is float:
        return value if isfinite(value) else None
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if isfinite(number) else None
    return None


def to_int(value: object) -> int | None:
    """Return an int for an integral number or numeric string ("5000", "5000.0"); else None."""
    if type(value) is int:
        return value
    if type(value) is str:
        try:
            return int(value)
        except ValueError:
            pass
    number = to_float(value)
    if number is None or not number.is_integer():
        return None
    return int(number)


def to_sensor_float(value: object) -> float | None:
    """Like `to_float`, but NETIO's 999 "no sensor" value is None as well."""
    number = to_float(value)
    return None if number == SENSOR_ABSENT else number


def to_bool(value: object) -> bool | None:
    """Return the on/off meaning of 0/1, "0"/"1", true/false or "on"/"off"; else None."""
    if type(value) is int:
        return _INT_STATES.get(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
        return None
    number = to_int(value)
    return None if number is None else _INT_STATES.get(number)


def to_str(value: object) -> str | None:
    """Return a string value as is; numbers as their text; None for everything else."""
    if type(value) is str:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def to_datetime(value: object) -> datetime | None:
    """Parse NETIO's ISO-8601 time ("2022-10-11T15:11:46+01:00"); None when not a valid time."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def normalize_mac(value: object) -> str | None:
    """Return a MAC as `24:A4:2C:39:9D:27` from any usual spelling; None if it is not a MAC.

    Accepts colons, dashes, dots or no separators (the ESP devices' serial number is the MAC
    without colons, the NETIO 4x serial the MAC with colons).
    """
    return _mac_from_text(value) if isinstance(value, str) else None


@lru_cache(maxsize=64)
def _mac_from_text(text: str) -> str | None:
    """Normalise one spelling (cached: a device reports the same MAC on every poll)."""
    digits = text.translate(_MAC_SEPARATORS)
    if _MAC_HEX.fullmatch(digits) is None:
        return None
    digits = digits.upper()
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def format_mac(raw: bytes) -> str:
    """Format six raw bytes (as sent in the UDP discover reply) as `24:A4:2C:39:9D:27`."""
    return ":".join(f"{byte:02X}" for byte in raw)
