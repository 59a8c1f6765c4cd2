"""Issue 8.4: state writes and state_changed events per poll when nothing changed on the device.

A quiet device (every output at a constant 0 W, no S0 pulses: only the uptime moves) must cause
no state_changed at all; a live device (the profile's varying loads) is reported for contrast,
with the state_changed events whose state stayed the same (attribute-only changes) counted apart.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from .harness import (
    count_states,
    entity_ids,
    home_assistant,
    our_entry,
    setup_entries,
    writing_every_poll,
)
from .sim import group, simulator

PROFILE = "powerpdu_8qs"
OUTPUTS = 8


@dataclass(frozen=True, slots=True)
class ChurnRow:
    """Writes per poll of one device."""

    device: str
    entities: int
    polls: int
    changed_per_poll: float
    value_unchanged_per_poll: float
    writes_per_poll: float


async def run(polls: int) -> list[ChurnRow]:
    """Poll a quiet and a live device `polls` times each and count state writes."""
    with simulator(group(PROFILE, quiet=True, outputs=OUTPUTS), group(PROFILE)) as (quiet, live):
        async with home_assistant(ours=True) as hass:
            entries = {"quiet (0 W)": our_entry(quiet), "live loads": our_entry(live)}
            await setup_entries(hass, list(entries.values()))
            rows = []
            for (name, entry), before in (
                *((item, True) for item in entries.items()),
                *((item, False) for item in entries.items()),
            ):
                coordinator = entry.runtime_data
                coordinator.update_interval = None
                await coordinator.async_refresh()  # settle after setup
                await hass.async_block_till_done()
                with (
                    writing_every_poll(hass) if before else contextlib.nullcontext(),
                    count_states(hass) as counter,
                ):
                    for _ in range(polls):
                        await coordinator.async_refresh()
                        await hass.async_block_till_done()
                rows.append(
                    ChurnRow(
                        f"{name}, writing every poll (before)" if before else name,
                        len(entity_ids(hass, entry)),
                        polls,
                        counter.changed / polls,
                        counter.value_unchanged / polls,
                        (counter.changed + counter.reported) / polls,
                    )
                )
            for entry in entries.values():
                await hass.config_entries.async_unload(entry.entry_id)
    return rows
