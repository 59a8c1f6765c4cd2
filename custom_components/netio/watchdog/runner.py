"""Drives one `Watchdog` machine: timers, checks and restarts, through injected functions.

The runner owns no clock and no timer of its own: `now` reads the time and `call_at` schedules
a callback (Home Assistant's time helpers in the integration, so the test harness's time travel
moves it; a plain event loop elsewhere). At most one check and one restart run at a time, each as
a task of `spawn`; the machine ignores results that arrive after a pause or a newer decision.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
import logging
from typing import Any

from .checks import CheckFn, IcmpNotPermittedError
from .machine import (
    Check,
    FailureAction,
    Outcome,
    PauseReason,
    Restart,
    Watchdog,
    WatchdogEvent,
)

_LOGGER = logging.getLogger(__package__)

type Scheduler = Callable[[datetime, Callable[[], None]], Callable[[], None]]
type Spawn = Callable[[Coroutine[Any, Any, None]], asyncio.Task[None]]
type RestartFn = Callable[[FailureAction], Awaitable[None]]


class WatchdogRunner:
    """Carries out what the machine decides and tells listeners about every change."""

    def __init__(
        self,
        name: str,
        machine: Watchdog,
        *,
        check: CheckFn,
        restart: RestartFn,
        now: Callable[[], datetime],
        call_at: Scheduler,
        spawn: Spawn,
    ) -> None:
        """Wire the machine to its check, its restart and the time."""
        self.name = name
        self.machine = machine
        self._check = check
        self._restart = restart
        self._now = now
        self._call_at = call_at
        self._spawn = spawn
        self._cancel_timer: Callable[[], None] | None = None
        self._timer_at: datetime | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._restarts: set[asyncio.Task[None]] = set()
        self._listeners: list[Callable[[], None]] = []
        self._check_listeners: list[Callable[[], None]] = []
        self.version = 0
        """Goes up whenever what listeners see changed (a cache key for status snapshots)."""
        self._event_listeners: list[Callable[[WatchdogEvent], None]] = []
        self._icmp_blocked = False
        self._last_logged_error: str | None = None
        self.restart_error: str | None = None
        """Why the last restart failed (None after a restart that worked)."""
        self._last_shown: object = None

    def _shown(self) -> object:
        """Everything listeners see; they are called only when it changed.

        The round-trip time, which changes with every check, is for `add_check_listener`.
        """
        m = self.machine
        return (
            m.state,
            m.failed,
            m.gave_up,
            m.enabled,
            m.connected,
            m.restarts,
            m.last_restart,
            m.last_error,
            m.pauses,
            self.restart_error,
        )

    # Subscriptions ----------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every change of the watchdog; returns the unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def add_check_listener(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every check (the round-trip time changes each time)."""
        self._check_listeners.append(listener)
        return lambda: self._check_listeners.remove(listener)

    def add_event_listener(self, listener: Callable[[WatchdogEvent], None]) -> Callable[[], None]:
        """Call `listener` with each event (restarted, gave_up, recovered)."""
        self._event_listeners.append(listener)
        return lambda: self._event_listeners.remove(listener)

    @property
    def icmp_blocked(self) -> bool:
        """Whether the last check found ICMP forbidden to this process."""
        return self._icmp_blocked

    # Inputs -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin watching."""
        self._apply(self.machine.start(self._now()))

    def stop(self) -> None:
        """Stop timers and running checks (the entry unloads); a running restart finishes.

        A restart is one command to the device: cutting it short could leave the output off.
        """
        self._set_timer()
        for task in self._tasks:
            task.cancel()
        self._tasks.clear()

    def set_pauses(self, pauses: frozenset[PauseReason]) -> None:
        """Tell the machine why it must not check now (empty: it may)."""
        if self._icmp_blocked:
            pauses |= {PauseReason.ICMP_NOT_PERMITTED}
        if pauses != self.machine.pauses:
            self._apply(self.machine.set_pauses(pauses, self._now()))

    def set_enabled(self, enabled: bool) -> None:
        """Enable or disable the watchdog."""
        self._apply(self.machine.set_enabled(enabled, self._now()))

    def reset(self) -> None:
        """Clear the restart count."""
        self._apply(self.machine.reset())

    # Machinery --------------------------------------------------------------------------------

    def _apply(self, outcome: Outcome) -> None:
        for effect in outcome.effects:
            if isinstance(effect, Check):
                self._start_task(self._run_check(effect.token))
            elif isinstance(effect, Restart):
                self._start_task(self._run_restart(effect), self._restarts)
        self._set_timer(self.machine.wake_at)
        shown = self._shown()
        if shown != self._last_shown:
            self._last_shown = shown
            self.version += 1
            for listener in list(self._listeners):
                listener()
        for event in outcome.events:
            for event_listener in list(self._event_listeners):
                event_listener(event)

    def _start_task(
        self, coro: Coroutine[Any, Any, None], tasks: set[asyncio.Task[None]] | None = None
    ) -> None:
        tasks = self._tasks if tasks is None else tasks
        task = self._spawn(coro)
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    def _set_timer(self, when: datetime | None = None) -> None:
        if when == self._timer_at and (when is None or self._cancel_timer is not None):
            return
        if self._cancel_timer is not None:
            self._cancel_timer()
            self._cancel_timer = None
        self._timer_at = when
        if when is not None:
            self._cancel_timer = self._call_at(when, self._on_timer)

    def _on_timer(self) -> None:
        self._cancel_timer = None
        self._timer_at = None
        self._apply(self.machine.on_timer(self._now()))

    async def _run_check(self, token: int) -> None:
        try:
            result = await self._check()
        except IcmpNotPermittedError:
            self._icmp_blocked = True
            _LOGGER.warning(
                "Watchdog %s: this system does not allow ICMP; paused until it does", self.name
            )
            self.set_pauses(self.machine.pauses | {PauseReason.ICMP_NOT_PERMITTED})
            return
        if not result.ok and result.error != self._last_logged_error:
            _LOGGER.info("Watchdog %s: check failed (%s)", self.name, result.error)
        self._last_logged_error = None if result.ok else result.error
        self._apply(
            self.machine.on_check(
                token, self._now(), ok=result.ok, rtt_ms=result.rtt_ms, error=result.error
            )
        )
        for listener in list(self._check_listeners):
            listener()

    async def _run_restart(self, effect: Restart) -> None:
        try:
            await self._restart(effect.action)
        except Exception as err:  # noqa: BLE001  # any refusal is reported, never fatal
            self.restart_error = str(err) or type(err).__name__
            _LOGGER.error(  # noqa: TRY400  # the device's refusal, not a bug: no traceback
                "Watchdog %s: the device did not take the %s (%s); trying again at the next"
                " failure",
                self.name,
                effect.action.value,
                self.restart_error,
            )
            self._apply(self.machine.on_restart_done(effect.token, self._now(), ok=False))
            return
        self.restart_error = None
        _LOGGER.warning("Watchdog %s: target failed, output %s", self.name, effect.action.value)
        self._apply(self.machine.on_restart_done(effect.token, self._now(), ok=True))
