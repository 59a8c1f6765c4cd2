"""Issue 8.3: 10, 50 and 200 devices (half NETIO 4All with 4 outputs, half PowerPDU 8QS with 8).

One Home Assistant per size, every entity enabled, devices on JSON in a separate simulator
process. Reported: the time the setup of all entries took (Home Assistant's startup time
added by the integration), resident memory per device, and over a window at the default
interval and at 1 s: CPU of this process (minus the same Home Assistant idle before the
entries were set up, reported too) as a share of one core, and the worst and p99 lateness
of a probe task that wakes every 50 ms (the loop lag everything else in Home Assistant sees).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from custom_components.netio.const import DEFAULT_SCAN_INTERVAL

from .harness import (
    entity_ids,
    home_assistant,
    measure_window,
    our_entry,
    settled_rss_kib,
    setup_entries,
)
from .sim import group, simulator


@dataclass(frozen=True, slots=True)
class ScaleRow:
    """One size at one interval."""

    devices: int
    entities: int
    interval_s: float
    startup_s: float
    kib_per_device: float
    cpu_share: float
    idle_share: float
    max_lag_ms: float
    p99_lag_ms: float


async def _size(count: int, window_default: float, window_fast: float) -> list[ScaleRow]:
    half = count // 2
    with simulator(group("netio_4all", half), group("powerpdu_8qs", count - half)) as devices:
        async with home_assistant(ours=True) as hass:
            idle = await measure_window(window_fast)
            rss_before = settled_rss_kib()
            entries = [our_entry(device) for device in devices]
            startup = await setup_entries(hass, entries)
            kib = (settled_rss_kib() - rss_before) / count
            entities = sum(len(entity_ids(hass, entry)) for entry in entries)
            rows = []
            for interval, window_s in (
                (DEFAULT_SCAN_INTERVAL.total_seconds(), window_default),
                (1.0, window_fast),
            ):
                coordinators = [entry.runtime_data for entry in entries]
                for coordinator in coordinators:
                    coordinator.update_interval = timedelta(seconds=interval)
                # a refresh now starts each coordinator's schedule at the new interval
                await asyncio.gather(*(c.async_refresh() for c in coordinators))
                window = await measure_window(window_s)
                rows.append(
                    ScaleRow(
                        count,
                        entities,
                        interval,
                        startup,
                        kib,
                        window.cpu_share - idle.cpu_share,
                        idle.cpu_share,
                        window.max_lag_ms,
                        window.p99_lag_ms,
                    )
                )
            for entry in entries:
                await hass.config_entries.async_unload(entry.entry_id)
    return rows


async def run(counts: list[int], window_default: float, window_fast: float) -> list[ScaleRow]:
    """Measure every size in its own Home Assistant."""
    rows = []
    for count in counts:
        rows += await _size(count, window_default, window_fast)
    return rows
