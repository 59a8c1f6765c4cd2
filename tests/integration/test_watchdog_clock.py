"""The watchdogs' shared clock: whole seconds, one loop timer per second, the tick as now."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
import logging

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed_exact

from custom_components.netio.watchdog.runtime import WatchdogClock

START = datetime(2026, 11, 20, 12, 0, 0, 250000, tzinfo=UTC)


def _timers(hass: HomeAssistant, clock: WatchdogClock) -> list[asyncio.TimerHandle]:
    """The clock's pending loop timers."""
    return [
        handle
        for handle in hass.loop._scheduled  # type: ignore[attr-defined]
        if not handle.cancelled() and getattr(handle._callback, "__self__", None) is clock
    ]


async def _advance(hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float) -> None:
    freezer.tick(timedelta(seconds=seconds))
    async_fire_time_changed_exact(hass)
    await hass.async_block_till_done()


async def test_one_tick_per_second_at_the_whole_second(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    freezer.move_to(START)
    clock = WatchdogClock(hass.loop)
    seen: list[tuple[str, datetime]] = []
    clock.call_at(START + timedelta(seconds=0.5), lambda: seen.append(("a", clock.now())))
    clock.call_at(START + timedelta(seconds=0.7), lambda: seen.append(("b", clock.now())))
    clock.call_at(START + timedelta(seconds=1.2), lambda: seen.append(("c", clock.now())))
    assert len(_timers(hass, clock)) == 2  # 12:00:01 and 12:00:02
    await _advance(hass, freezer, 0.5)  # 12:00:00.75: nothing is due before 12:00:01
    assert seen == []
    await _advance(hass, freezer, 0.25)
    second = datetime(2026, 11, 20, 12, 0, 1, tzinfo=UTC)
    assert seen == [("a", second), ("b", second)]
    await _advance(hass, freezer, 1.1)
    assert seen[-1] == ("c", second + timedelta(seconds=1))
    assert clock.now() == dt_util.utcnow() == second + timedelta(seconds=1.1)  # outside a tick
    assert _timers(hass, clock) == []


async def test_cancel(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    freezer.move_to(START)
    clock = WatchdogClock(hass.loop)
    seen: list[str] = []
    cancel_a = clock.call_at(START, lambda: seen.append("a"))
    clock.call_at(START, lambda: seen.append("b"))
    cancel_c = clock.call_at(START + timedelta(seconds=3), lambda: seen.append("c"))
    cancel_a()
    cancel_c()
    cancel_c()  # twice is harmless
    assert len(_timers(hass, clock)) == 1  # the last one of 12:00:04 took its timer along
    await _advance(hass, freezer, 5)
    assert seen == ["b"]


async def test_a_failing_watchdog_does_not_stop_the_others(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, caplog: pytest.LogCaptureFixture
) -> None:
    freezer.move_to(START)
    clock = WatchdogClock(hass.loop)
    seen: list[str] = []

    def broken() -> None:
        raise RuntimeError("bug")

    clock.call_at(START, broken)
    clock.call_at(START, lambda: seen.append("ok"))
    with caplog.at_level(logging.ERROR):
        await _advance(hass, freezer, 1)
    assert seen == ["ok"]
    assert "Watchdog tick failed" in caplog.text
