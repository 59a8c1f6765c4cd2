"""Which config entry a device belongs to, whatever protocol or discovery names it.

The unique ID of an entry is the device serial as the built-in integration stores it: the MAC
with colons on NETIO 4x (`24:A4:2C:39:3F:05`), 12 hex digits on newer devices (`24A42C399D27`).
Devices that report no serial are known by their normalised MAC (`24:a4:2c:39:9d:27`).
"""

from __future__ import annotations

from homeassistant.helpers.device_registry import format_mac

from .client.models import SystemInfo
from .client.parsing import normalize_mac


def unique_id_for(info: SystemInfo, mac: str | None = None) -> str | None:
    """The unique ID of a device: its serial, else its MAC (from the device or from discovery)."""
    if info.serial:
        return info.serial
    if mac := info.mac or mac:
        return format_mac(mac)
    return None


def unique_id_candidates(mac: str) -> set[str]:
    """Every unique ID a device with this MAC can have been given."""
    if (normalized := normalize_mac(mac)) is None:
        return set()
    return {
        normalized,  # NETIO 4x serial
        normalized.replace(":", ""),  # serial of newer devices
        normalized.lower(),  # normalised MAC
    }


def same_device(unique_id: str, info: SystemInfo) -> bool:
    """Whether a device's reported identity matches an entry's unique ID."""
    if unique_id_for(info) == unique_id:
        return True
    macs = [value for value in (info.serial, info.mac) if value]
    return any(unique_id in unique_id_candidates(value) for value in macs)
