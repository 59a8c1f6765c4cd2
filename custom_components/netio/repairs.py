"""Repair issues: what the user has to fix on the device or in the configuration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
import probatio as vol

from .client.models import DeviceState
from .const import CONF_READ_ONLY, DOMAIN
from .rules.blueprints import blueprint_fix_flow

if TYPE_CHECKING:
    from .coordinator import NetioConfigEntry

# Devices whose clock was never set report 1970; the energy counters' start date is then wrong.
CLOCK_VALID_FROM_YEAR = 2000

FIXABLE_ISSUES = {"read_only_account"}


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
        severity=ir.IssueSeverity.WARNING if key == "clock_unset" else ir.IssueSeverity.ERROR,
        translation_key=key,
        translation_placeholders={"device": entry.title},
        data={"entry_id": entry.entry_id},
    )


@callback
def async_clear_issue(hass: HomeAssistant, entry: ConfigEntry[Any], key: str) -> None:
    """Withdraw an issue that no longer applies."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(entry, key))


def device_clock_unset(state: DeviceState) -> bool:
    """Whether the device reports a clock that was never set."""
    device_time = state.info.device_time
    return device_time is not None and device_time.year < CLOCK_VALID_FROM_YEAR


class ReadOnlyAccountFlow(RepairsFlow):
    """Offer to run the device in read-only mode when its account may not switch outputs."""

    def __init__(self, entry: NetioConfigEntry) -> None:
        """Remember which entry the fix applies to."""
        self._entry = entry

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Switch the entry to read-only mode once the user agrees."""
        if user_input is not None:
            self.hass.config_entries.async_update_entry(
                self._entry, options={**self._entry.options, CONF_READ_ONLY: True}
            )
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"device": self._entry.title},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Create the flow that fixes a fixable issue."""
    if (flow := blueprint_fix_flow(issue_id, data)) is not None:
        return flow
    entry = hass.config_entries.async_get_entry(str((data or {}).get("entry_id")))
    if entry is None:
        raise data_entry_flow.UnknownFlow
    return ReadOnlyAccountFlow(entry)
