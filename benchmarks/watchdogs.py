"""Issue 12: 200 watchdogs checking every 5 s in one Home Assistant.

10 simulated NETIO 4All (JSON, polled at the default interval) in the simulator's own process.
Three windows in one Home Assistant, one after another: the devices alone (the polling
baseline), then the same entries with 20 watchdogs each (200) checking every 5 s by TCP connect
to 127.0.0.1 (the device's own HTTP port, which always answers), then 200 checking by ICMP echo
to 127.0.0.1. Start delays spread the checks over the interval, as watchdogs added at different
times are. Reported: CPU of this process as a share of one core beyond the polling baseline, and
the worst and p99 lateness of a 50 ms probe (loop lag).
"""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigSubentryData
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.watchdog.config import SUBENTRY_TYPE

from .harness import home_assistant, measure_window, our_entry, setup_entries
from .sim import SimDevice, group, simulator

DEVICES = 10
PER_DEVICE = 20
INTERVAL_S = 5


@dataclass(frozen=True, slots=True)
class WatchdogRow:
    """One window."""

    label: str
    watchdogs: int
    cpu_share: float
    beyond_polling: float
    max_lag_ms: float
    p99_lag_ms: float


def _entry(device: SimDevice, method: str | None) -> MockConfigEntry:
    base = our_entry(device)
    subentries = [
        ConfigSubentryData(
            data={
                "output": n % 4 + 1,
                "method": method,
                "target": "127.0.0.1",
                "port": device.ports["http"],
                "interval": INTERVAL_S,
                "timeout": 2,
                "max_timeouts": 3,
                "time_to_reboot": 120,
                # spread the 200 checks over the interval
                "start_delay": (n * DEVICES) % 200 * INTERVAL_S / 200,
                "max_restarts": 1,
                "action": "report",
            },
            subentry_type=SUBENTRY_TYPE,
            title=f"watchdog {n}",
            unique_id=None,
        )
        for n in range(PER_DEVICE if method is not None else 0)
    ]
    return MockConfigEntry(
        domain=base.domain,
        title=base.title,
        unique_id=base.unique_id,
        data=dict(base.data),
        options={"background_discovery": False},
        version=base.version,
        minor_version=base.minor_version,
        subentries_data=subentries,
    )


async def run(window_s: float) -> list[WatchdogRow]:
    """Measure the three windows."""
    rows: list[WatchdogRow] = []
    with simulator(group("netio_4all", DEVICES)) as devices:
        async with home_assistant(ours=True) as hass:
            baseline = 0.0
            for label, method in (
                ("polling only", None),
                ("+ 200 TCP watchdogs", "tcp"),
                ("+ 200 ping watchdogs", "ping"),
            ):
                entries = [_entry(device, method) for device in devices]
                await setup_entries(hass, entries)
                await measure_window(INTERVAL_S)  # every watchdog past its start delay
                window = await measure_window(window_s)
                if method is None:
                    baseline = window.cpu_share
                rows.append(
                    WatchdogRow(
                        label,
                        0 if method is None else DEVICES * PER_DEVICE,
                        window.cpu_share,
                        window.cpu_share - baseline,
                        window.max_lag_ms,
                        window.p99_lag_ms,
                    )
                )
                for entry in entries:
                    await hass.config_entries.async_unload(entry.entry_id)
                    await hass.config_entries.async_remove(entry.entry_id)
    return rows
