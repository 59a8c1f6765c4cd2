"""Issue 8.1: the cost of one poll per device, ours per transport against the floor and built-in.

Rows: the floor (bare aiohttp GET + json.loads of /netio.json), our client alone per transport,
our coordinator refresh (request, parse and every entity's update) per transport, NETIO's
Netio library in an executor thread (the built-in way, client alone) and the built-in
integration's coordinator refresh. The floor is measured in both Home Assistants, interleaved
with what it is compared to, so ratios come from the same stretch of time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import contextlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
import json
from typing import Any

import aiohttp
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator

from .harness import (
    Timing,
    builtin_entry,
    entity_ids,
    home_assistant,
    our_entry,
    setup_entries,
    timed,
    writing_every_poll,
)
from .sim import ALL_PROTOCOLS, PASSWORD, USERNAME, SimDevice, group, simulator

PROFILE = "powerpdu_8qs"

type Work = Callable[[], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class PollRow:
    """One measured way to poll a device."""

    name: str
    entities: int
    wall_ms: float
    cpu_us: float
    floor_wall_ms: float
    floor_cpu_us: float

    @property
    def wall_x(self) -> float:
        """Latency as a multiple of the floor's."""
        return self.wall_ms / self.floor_wall_ms

    @property
    def cpu_x(self) -> float:
        """CPU time as a multiple of the floor's."""
        return self.cpu_us / self.floor_cpu_us


def _floor(session: aiohttp.ClientSession, device: SimDevice) -> Work:
    url = f"http://127.0.0.1:{device.ports['http']}/netio.json"
    auth = aiohttp.BasicAuth(USERNAME, PASSWORD)

    async def poll() -> object:
        async with session.get(url, auth=auth) as response:
            return json.loads(await response.read())

    return poll


async def _interleaved(
    works: dict[str, Work],
    polls: int,
    rounds: int,
    modes: dict[str, Callable[[], AbstractContextManager[None]]] | None = None,
) -> dict[str, Timing]:
    """Warm every way up, then measure them in turns so drifts of the machine hit all alike.

    `modes` holds a context a way runs in (entered outside the timed polls).
    """
    modes = modes or {}
    for name, work in works.items():
        with modes.get(name, contextlib.nullcontext)():
            for _ in range(10):
                await work()
    timings = {name: Timing() for name in works}
    per_round = max(1, polls // rounds)
    for _ in range(rounds):
        for name, work in works.items():
            with modes.get(name, contextlib.nullcontext)():
                await timed(work, timings[name], per_round)
    return timings


def _stop_polling(coordinator: DataUpdateCoordinator[Any]) -> None:
    """Only our calls poll during the measurement (the next refresh cancels the schedule)."""
    coordinator.update_interval = None


async def _ours(devices: list[SimDevice], polls: int, rounds: int) -> list[PollRow]:
    async with home_assistant(ours=True) as hass, aiohttp.ClientSession() as session:
        entries = {
            protocol: our_entry(device, protocol)
            for protocol, device in zip(ALL_PROTOCOLS, devices, strict=True)
        }
        await setup_entries(hass, list(entries.values()))
        works: dict[str, Work] = {"floor": _floor(session, devices[0])}
        modes: dict[str, Callable[[], AbstractContextManager[None]]] = {}
        for protocol, entry in entries.items():
            coordinator = entry.runtime_data
            _stop_polling(coordinator)
            works[f"ours client {protocol}"] = coordinator.client.get_state
            works[f"ours refresh {protocol}"] = coordinator.async_refresh
            if protocol == "json":
                before = "ours refresh json, writing every poll (before)"
                works[before] = coordinator.async_refresh
                modes[before] = lambda: writing_every_poll(hass)
        timings = await _interleaved(works, polls, rounds, modes)
        counts = {protocol: len(entity_ids(hass, entry)) for protocol, entry in entries.items()}
        for entry in entries.values():
            await hass.config_entries.async_unload(entry.entry_id)
    floor = timings.pop("floor")
    return [
        PollRow(
            name,
            counts[name.split(",")[0].rsplit(" ", 1)[1]] if "refresh" in name else 0,
            timing.wall_ms,
            timing.cpu_us,
            floor.wall_ms,
            floor.cpu_us,
        )
        for name, timing in timings.items()
    ]


async def _builtin(device: SimDevice, polls: int, rounds: int) -> list[PollRow]:
    async with home_assistant(ours=False) as hass, aiohttp.ClientSession() as session:
        entry = builtin_entry(device)
        await setup_entries(hass, [entry])
        coordinator = entry.runtime_data
        _stop_polling(coordinator)
        netio = coordinator.device

        async def library() -> object:
            return await hass.async_add_executor_job(netio.get_outputs)

        timings = await _interleaved(
            {
                "floor": _floor(session, device),
                "built-in client (Netio lib, executor)": library,
                "built-in refresh json": coordinator.async_refresh,
            },
            polls,
            rounds,
        )
        entities = len(entity_ids(hass, entry))
        await hass.config_entries.async_unload(entry.entry_id)
    floor = timings.pop("floor")
    return [
        PollRow(
            name,
            entities if "refresh" in name else 0,
            timing.wall_ms,
            timing.cpu_us,
            floor.wall_ms,
            floor.cpu_us,
        )
        for name, timing in timings.items()
    ]


async def run(polls: int, rounds: int) -> list[PollRow]:
    """Measure ours (every transport) and the built-in integration against the floor."""
    with simulator(group(PROFILE, len(ALL_PROTOCOLS), protocols=ALL_PROTOCOLS)) as devices:
        rows = await _ours(devices, polls, rounds)
        rows += await _builtin(devices[0], polls, rounds)
    return rows
