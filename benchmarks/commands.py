"""Issue 8.2: from `switch.turn_on` to the new state in the state machine, and a power cycle.

The floor is one device round trip: a bare aiohttp POST of the same JSON command and reading
the reply. Ours and the built-in integration switch the same kind of simulated device, each in
its own Home Assistant. The power cycle (ours: netio.short_off with a duration) is timed from
the end of the pulse (the device's reply plus the duration) until the switch shows on again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
import json
import statistics
import time
from typing import Any

import aiohttp
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant, callback

from .harness import builtin_entry, entity_ids, home_assistant, our_entry, setup_entries
from .sim import PASSWORD, USERNAME, SimDevice, group, simulator

PROFILE = "netio_4all"
PULSE_S = 0.5


@dataclass(frozen=True, slots=True)
class CommandRow:
    """Median and worst latency of one way to switch an output, in ms."""

    name: str
    median_ms: float
    max_ms: float
    samples: int


def _row(name: str, samples: list[float]) -> CommandRow:
    return CommandRow(name, statistics.median(samples) * 1000, max(samples) * 1000, len(samples))


async def _floor(device: SimDevice, count: int) -> list[float]:
    url = f"http://127.0.0.1:{device.ports['http']}/netio.json"
    auth = aiohttp.BasicAuth(USERNAME, PASSWORD)
    samples = []
    async with aiohttp.ClientSession() as session:
        for i in range(count + 3):
            body = json.dumps({"Outputs": [{"ID": 2, "Action": i % 2}]})
            start = time.perf_counter()
            async with session.post(url, data=body, auth=auth) as response:
                json.loads(await response.read())
            if i >= 3:
                samples.append(time.perf_counter() - start)
    return samples


async def _until_state(hass: HomeAssistant, entity_id: str, state: str) -> float:
    """Wait until the entity shows `state`; return when (perf_counter)."""
    seen: asyncio.Future[float] = hass.loop.create_future()

    @callback
    def _changed(event: Event[Any]) -> None:
        new = event.data["new_state"]
        if (
            event.data["entity_id"] == entity_id
            and new is not None
            and new.state == state
            and not seen.done()
        ):
            seen.set_result(time.perf_counter())

    unsub = hass.bus.async_listen(EVENT_STATE_CHANGED, _changed)
    try:
        return await asyncio.wait_for(seen, 60)
    finally:
        unsub()


async def _switching(hass: HomeAssistant, entity_id: str, count: int) -> list[float]:
    samples = []
    state = hass.states.get(entity_id)
    turn_on = state is None or state.state != "on"
    for i in range(count + 3):
        service, target = ("turn_on", "on") if turn_on else ("turn_off", "off")
        turn_on = not turn_on
        start = time.perf_counter()
        shown = hass.async_create_task(_until_state(hass, entity_id, target))
        await asyncio.sleep(0)
        await hass.services.async_call("switch", service, {"entity_id": entity_id}, blocking=True)
        done = await shown
        if i >= 3:
            samples.append(done - start)
    return samples


async def _power_cycles(hass: HomeAssistant, entity_id: str, count: int) -> list[float]:
    samples = []
    await hass.services.async_call("switch", "turn_on", {"entity_id": entity_id}, blocking=True)
    for _ in range(count):
        back_on = hass.async_create_task(_until_state(hass, entity_id, "on"))
        await hass.services.async_call(
            "netio",
            "short_off",
            {"entity_id": entity_id, "duration": timedelta(seconds=PULSE_S)},
            blocking=True,
        )
        pulse_end = time.perf_counter() + PULSE_S
        samples.append(await back_on - pulse_end)
    return samples


async def _switch_of(hass: HomeAssistant, entry: Any) -> str:
    switches = sorted(entity_ids(hass, entry, "switch"))
    return switches[1]


async def run(count: int, cycles: int) -> list[CommandRow]:
    """Switch an output `count` times each way, power-cycle it `cycles` times."""
    with simulator(group(PROFILE, 2)) as devices:
        rows = [_row("floor: bare POST round trip", await _floor(devices[0], count))]
        async with home_assistant(ours=True) as hass:
            entry = our_entry(devices[0])
            await setup_entries(hass, [entry])
            entity_id = await _switch_of(hass, entry)
            rows.append(
                _row("ours: turn_on/off -> state", await _switching(hass, entity_id, count))
            )
            rows.append(
                _row(
                    f"ours: power cycle {PULSE_S:g} s, pulse end -> on",
                    await _power_cycles(hass, entity_id, cycles),
                )
            )
            await hass.config_entries.async_unload(entry.entry_id)
        async with home_assistant(ours=False) as hass:
            entry = builtin_entry(devices[1])
            await setup_entries(hass, [entry])
            entity_id = await _switch_of(hass, entry)
            rows.append(
                _row("built-in: turn_on/off -> state", await _switching(hass, entity_id, count))
            )
            await hass.config_entries.async_unload(entry.entry_id)
    return rows
