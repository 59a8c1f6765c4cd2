"""Fix flows of the repair issues that Home Assistant can fix for the user (see issues.py)."""

from __future__ import annotations

from typing import Any

from homeassistant import data_entry_flow
from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
import probatio as vol

from .const import CONF_READ_ONLY
from .coordinator import NetioConfigEntry
from .rules.blueprints import blueprint_fix_flow


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
