"""Issue 12: 200 watchdogs checking every 5 s in one Home Assistant.

10 simulated NETIO 4All (JSON, polled at the default interval) in the simulator's own process.
Windows in one Home Assistant, one after another: the devices alone (the polling baseline),
the floor (the same number of bare TCP connects from a loop callback, and of echoes through
the watchdogs' shared pinger each in a bare task, 40 every second as the watchdogs' clock ticks:
nothing of Home Assistant or of the watchdogs around them, what the kernel and the loop cost at
the least), then the same entries with 20 watchdogs each (200) checking every
5 s by TCP connect to 127.0.0.1 (the device's own HTTP port, which always answers), then 200
checking by ICMP echo to 127.0.0.1. Start delays spread the checks over the interval, as
watchdogs added at different times are. All of it twice: with the entities a user gets
(default) and with every entity enabled (also the round-trip-time sensor, disabled by default,
which is written after every check). Reported: CPU of this process as a share of one core
beyond the polling baseline, and the worst and p99 lateness of a 50 ms probe (loop lag).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
import socket

from homeassistant.config_entries import ConfigSubentryData
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.watchdog.checks import IcmpPinger, async_icmp_privilege
from custom_components.netio.watchdog.config import SUBENTRY_TYPE

from .harness import Window, home_assistant, measure_window, our_entry, setup_entries
from .sim import SimDevice, group, simulator

DEVICES = 10
PER_DEVICE = 20
INTERVAL_S = 5
# Before a window: Home Assistant's registries write what a setup changed 10 s after the last
# change (SAVE_DELAY), every watchdog must be past its start delay. A one-off, not the cost of
# checking.
SETTLE_S = 12


@dataclass(frozen=True, slots=True)
class WatchdogRow:
    """One window."""

    entities: str
    label: str
    watchdogs: int
    cpu_share: float
    beyond_polling: float
    max_lag_ms: float
    p99_lag_ms: float

    @classmethod
    def of(
        cls, entities: str, label: str, watchdogs: int, window: Window, baseline: float
    ) -> WatchdogRow:
        """A row for a measured window, its CPU also as the share beyond polling alone."""
        return cls(
            entities,
            label,
            watchdogs,
            window.cpu_share,
            window.cpu_share - baseline,
            window.max_lag_ms,
            window.p99_lag_ms,
        )


async def _remove(hass: HomeAssistant, entries: list[MockConfigEntry]) -> None:
    for entry in entries:
        await hass.config_entries.async_unload(entry.entry_id)
        await hass.config_entries.async_remove(entry.entry_id)


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


def _every_second(times: int, action: Callable[[], None]) -> Callable[[], None]:
    """Call `action` `times` times every second (as the watchdogs' clock ticks) until stopped."""
    loop = asyncio.get_running_loop()
    handle: asyncio.TimerHandle | None = None

    def _tick() -> None:
        nonlocal handle
        handle = loop.call_later(1, _tick)
        for _ in range(times):
            action()

    handle = loop.call_later(1, _tick)
    return lambda: handle.cancel() if handle else None


def _tcp_floor(port: int) -> Callable[[], None]:
    """Bare non-blocking connects to `port`, closed when connected (no task, no timer)."""
    loop = asyncio.get_running_loop()

    def _connect() -> None:
        sock = socket.socket()
        sock.setblocking(False)  # noqa: FBT003  # a builtin: positional only
        try:
            sock.connect(("127.0.0.1", port))
        except BlockingIOError:
            loop.add_writer(sock, _close, sock)
        else:
            sock.close()

    def _close(sock: socket.socket) -> None:
        loop.remove_writer(sock)
        sock.close()

    return _connect


async def _floor(method: str, port: int) -> Callable[[], None]:
    """The checks' floor at the watchdogs' rate; returns the stop."""
    rate = DEVICES * PER_DEVICE // INTERVAL_S
    if method == "tcp":
        return _every_second(rate, _tcp_floor(port))
    privileged = await async_icmp_privilege()
    if privileged is None:
        raise SystemExit("ICMP is not permitted here")
    pinger = IcmpPinger(privileged=privileged)
    tasks: set[asyncio.Task[float | None]] = set()

    def _ping() -> None:
        task = asyncio.get_running_loop().create_task(pinger.async_ping("127.0.0.1", 2))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    stop = _every_second(rate, _ping)

    def _stop() -> None:
        stop()
        for task in tasks:
            task.cancel()
        pinger.close()

    return _stop


async def _windows(entities: str, window_s: float, devices: list[SimDevice]) -> list[WatchdogRow]:
    rows: list[WatchdogRow] = []
    async with home_assistant(ours=True, all_entities=entities == "all") as hass:
        entries = [_entry(device, None) for device in devices]
        await setup_entries(hass, entries)
        await measure_window(SETTLE_S)
        polling = await measure_window(window_s)
        baseline = polling.cpu_share
        rows.append(WatchdogRow.of(entities, "polling only", 0, polling, baseline))
        for method in ("tcp", "ping"):
            stop = await _floor(method, devices[0].ports["http"])
            floor = await measure_window(window_s)
            stop()
            label = f"floor: bare {method.upper()} checks, same rate"
            rows.append(WatchdogRow.of(entities, label, 0, floor, baseline))
        await _remove(hass, entries)
        for method in ("tcp", "ping"):
            entries = [_entry(device, method) for device in devices]
            await setup_entries(hass, entries)
            await measure_window(SETTLE_S)
            window = await measure_window(window_s)
            label = f"+ 200 {method.upper()} watchdogs"
            rows.append(WatchdogRow.of(entities, label, DEVICES * PER_DEVICE, window, baseline))
            await _remove(hass, entries)
    return rows


async def run(window_s: float) -> list[WatchdogRow]:
    """Measure the windows, with the default entities and with every entity."""
    with simulator(group("netio_4all", DEVICES)) as devices:
        return [
            row
            for entities in ("default", "all")
            for row in await _windows(entities, window_s, devices)
        ]
