"""Repair issues of a device: raising and withdrawing them (the fix flows are in repairs.py)."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN

FIXABLE_ISSUES = {"read_only_account"}
WARNING_ISSUES = {"clock_unset"}


def issue_id(entry: ConfigEntry[Any], key: str) -> str:
    """Issues are per device, so one device's fix does not clear another's."""
    return f"{key}_{entry.entry_id}"


@callback
def async_raise_issue(hass: HomeAssistant, entry: ConfigEntry[Any], key: str) -> None:
    """Tell the user about a problem with this device."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry, key),
        is_fixable=key in FIXABLE_ISSUES,
        is_persistent=False,
        severity=ir.IssueSeverity.WARNING if key in WARNING_ISSUES else ir.IssueSeverity.ERROR,
        translation_key=key,
        translation_placeholders={"device": entry.title},
        data={"entry_id": entry.entry_id},
    )


@callback
def async_clear_issue(hass: HomeAssistant, entry: ConfigEntry[Any], key: str) -> None:
    """Withdraw an issue that no longer applies."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(entry, key))


@callback
def async_set_issue(hass: HomeAssistant, entry: ConfigEntry[Any], key: str, present: bool) -> None:
    """Raise the issue while `present`, withdraw it otherwise."""
    if present:
        async_raise_issue(hass, entry, key)
    else:
        async_clear_issue(hass, entry, key)
