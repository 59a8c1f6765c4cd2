"""The watchdogs of one NETIO entry at run time: one runner per subentry, bound to the device.

What Home Assistant adds to the HA-free runner:
- time: one `WatchdogClock` for every watchdog of this Home Assistant: they wake on whole
  seconds of the wall clock, all those due in the same second from one plain loop timer (so the
  test harness's time travel moves them, as Home Assistant's own time trackers). A timer and a
  wake-up of the loop per check cost more than the check itself;
- checks: ICMP with the privilege Home Assistant may use (probed once, as the `ping`
  integration does) through one shared `IcmpPinger` for every ping watchdog of this Home
  Assistant, TCP, HTTP with Home Assistant's shared session;
- restarts: the coordinator's command path (`NetioCoordinator.async_send`), one restart of an
  output at a time; the user configured the watchdog for this output, which is the
  confirmation the critical-output check asks actions for;
- pauses: the coordinator's availability, the output's state, pulses on the output;
- memory: restart count, last restart, failure and enabled flag in a `Store`, so a Home
  Assistant restart continues the outage where it was (no restart storm);
- a repair issue when the system forbids ICMP.

The public API for other parts (entities, diagnostics, a panel): `watchdogs_of(entry)` gives the
`WatchdogManager`; `manager.statuses()` lists every watchdog's `WatchdogStatus`;
`manager.async_subscribe(callback)` calls back with a subentry ID on every change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
import math
import time
from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey
from yarl import URL

from ..client.models import OutputAction, OutputCommand
from ..const import DOMAIN, LOGGER
from ..coordinator import NetioConfigEntry, NetioCoordinator
from ..issues import async_clear_issue, async_raise_issue
from .checks import (
    CheckResult,
    IcmpPinger,
    async_check_http,
    async_check_icmp,
    async_check_tcp,
    async_icmp_privilege,
)
from .config import METHOD_HTTP, METHOD_PING, METHOD_TCP, SUBENTRY_TYPE, WatchdogConfig
from .machine import FailureAction, PauseReason, Watchdog, WatchdogMemory, WatchdogState
from .runner import WatchdogRunner

STORAGE_VERSION = 1
SAVE_DELAY_S = 2
ICMP_ISSUE = "icmp_not_permitted"
# Our own pulse keeps the output off for its length; the read after it may come this much later.
OWN_PULSE_MARGIN_S = 2.0

DATA_MANAGERS: HassKey[dict[str, WatchdogManager]] = HassKey(f"{DOMAIN}_watchdogs")
DATA_ICMP: HassKey[bool | None] = HassKey(f"{DOMAIN}_watchdog_icmp")
DATA_PINGER: HassKey[SharedPinger] = HassKey(f"{DOMAIN}_watchdog_pinger")
DATA_CLOCK: HassKey[WatchdogClock] = HassKey(f"{DOMAIN}_watchdog_clock")


class WatchdogClock:
    """Wakes the watchdogs on whole seconds, every one due in a second from one loop timer.

    NETIO's times are whole seconds (the flow takes nothing finer), so a watchdog's first check
    after a start or a pause moves to the next whole second, and from then on every check is on
    one. During a tick `now` is the tick's second, so the next wake-up (tick + interval) lands
    on a whole second again instead of drifting by the loop's lateness.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        """No timer until a watchdog asks for one."""
        self._loop = loop
        self._due: dict[int, dict[int, Callable[[], None]]] = {}
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._serial = 0
        self._tick: datetime | None = None

    def now(self) -> datetime:
        """The second being ticked, else the wall clock."""
        return self._tick or dt_util.utcnow()

    def call_at(self, when: datetime, action: Callable[[], None]) -> Callable[[], None]:
        """Call `action` at the first whole second not before `when`; returns the cancel.

        A tick a little early (the loop's clock and the wall clock drift) is harmless: the
        machine ignores a wake-up before its time and the runner asks again.
        """
        second = math.ceil(when.timestamp())
        due = self._due.get(second)
        if due is None:
            due = self._due[second] = {}
            loop = self._loop
            self._timers[second] = loop.call_at(
                loop.time() + second - time.time(), self._on_tick, second
            )
        self._serial = key = self._serial + 1
        due[key] = action

        def cancel() -> None:
            due.pop(key, None)
            if not due and self._due.get(second) is due:
                del self._due[second]
                self._timers.pop(second).cancel()

        return cancel

    def _on_tick(self, second: int) -> None:
        due = self._due.pop(second, {})
        self._timers.pop(second, None)
        self._tick = dt_util.utc_from_timestamp(second)
        try:
            for action in due.values():
                try:
                    action()
                except Exception:  # noqa: BLE001  # one must not stop the others of its second
                    LOGGER.exception("Watchdog tick failed")
        finally:
            self._tick = None


@dataclass(slots=True)
class SharedPinger:
    """The one ICMP pinger of this Home Assistant and the entries using it."""

    pinger: IcmpPinger
    users: set[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchdogStatus:
    """A watchdog as the user sees it right now."""

    subentry_id: str
    name: str
    output_id: int
    method: str
    target: str
    enabled: bool
    state: WatchdogState
    problem: bool
    connected: bool | None
    restarts: int
    last_restart: datetime | None
    last_rtt_ms: float | None
    last_error: str | None
    restart_error: str | None
    pauses: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (diagnostics, websocket)."""
        return {
            "subentry_id": self.subentry_id,
            "name": self.name,
            "output_id": self.output_id,
            "method": self.method,
            "target": self.target,
            "enabled": self.enabled,
            "state": self.state.value,
            "problem": self.problem,
            "connected": self.connected,
            "restarts": self.restarts,
            "last_restart": self.last_restart.isoformat() if self.last_restart else None,
            "last_rtt_ms": self.last_rtt_ms,
            "last_error": self.last_error,
            "restart_error": self.restart_error,
            "pauses": list(self.pauses),
        }


class WatchdogHandle:
    """One running watchdog: its settings and its runner."""

    def __init__(self, subentry_id: str, config: WatchdogConfig, runner: WatchdogRunner) -> None:
        """Bind the settings to the runner."""
        self.subentry_id = subentry_id
        self.config = config
        self.runner = runner
        self._status: tuple[int, float | None, WatchdogStatus] | None = None

    def status(self) -> WatchdogStatus:
        """The current status (one snapshot per change, shared by every entity)."""
        machine = self.runner.machine
        key = (self.runner.version, machine.last_rtt_ms)
        if self._status is not None and self._status[:2] == key:
            return self._status[2]
        status = WatchdogStatus(
            subentry_id=self.subentry_id,
            name=self.config.name,
            output_id=self.config.output_id,
            method=self.config.method,
            target=self.config.target,
            enabled=machine.enabled,
            state=machine.state,
            problem=machine.problem,
            connected=machine.connected,
            restarts=machine.restarts,
            last_restart=machine.last_restart,
            last_rtt_ms=machine.last_rtt_ms,
            last_error=machine.last_error,
            restart_error=self.runner.restart_error,
            pauses=tuple(sorted(machine.pauses)),
        )
        self._status = (*key, status)
        return status


def watchdogs_of(entry: NetioConfigEntry) -> WatchdogManager:
    """The watchdog manager of a loaded entry."""
    return entry.runtime_data.hass.data[DATA_MANAGERS][entry.entry_id]


class WatchdogManager:
    """Runs the watchdogs of one entry."""

    def __init__(self, hass: HomeAssistant, entry: NetioConfigEntry) -> None:
        """Nothing runs until `async_start`."""
        self.hass = hass
        self.entry = entry
        self.coordinator: NetioCoordinator = entry.runtime_data
        self.watchdogs: dict[str, WatchdogHandle] = {}
        self._store: Store[dict[str, dict[str, Any]]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.watchdogs.{entry.entry_id}"
        )
        self._memory: dict[str, dict[str, Any]] = {}
        self._remembered: dict[str, WatchdogMemory] = {}
        self._subscribers: list[Callable[[str], None]] = []
        self._restarting: set[int] = set()
        self._own_pulse_until: dict[int, float] = {}
        self._unsubs: list[CALLBACK_TYPE] = []
        self._pinger: IcmpPinger | None = None
        if DATA_CLOCK not in hass.data:
            hass.data[DATA_CLOCK] = WatchdogClock(hass.loop)
        self._clock = hass.data[DATA_CLOCK]

    # Public API -------------------------------------------------------------------------------

    def statuses(self) -> list[WatchdogStatus]:
        """Every watchdog's status, by name."""
        return sorted((h.status() for h in self.watchdogs.values()), key=lambda s: s.name)

    @callback
    def async_subscribe(self, subscriber: Callable[[str], None]) -> CALLBACK_TYPE:
        """Call `subscriber(subentry_id)` after every change of a watchdog."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber)

    # Life cycle -------------------------------------------------------------------------------

    async def async_setup(self) -> None:
        """Read the memory and create a runner per watchdog subentry (not started yet)."""
        self._memory = await self._store.async_load() or {}
        privileged = await self._async_icmp_privilege()
        for subentry in self.entry.subentries.values():
            if subentry.subentry_type == SUBENTRY_TYPE:
                self._create(subentry, privileged)
        pinging = any(h.config.method == METHOD_PING for h in self.watchdogs.values())
        if privileged is None and pinging:
            async_raise_issue(self.hass, self.entry, ICMP_ISSUE)
        else:
            async_clear_issue(self.hass, self.entry, ICMP_ISSUE)

    @callback
    def async_start(self) -> None:
        """Start every watchdog and follow the device."""
        for handle in self.watchdogs.values():
            handle.runner.set_pauses(self._pauses(handle.config.output_id))
            handle.runner.start()
        self._unsubs.append(self.coordinator.async_add_listener(self._update_pauses))

    async def async_stop(self) -> None:
        """Stop every watchdog (entry unload) and write the memory now."""
        for unsub in self._unsubs:
            unsub()
        self._unsubs.clear()
        for handle in self.watchdogs.values():
            handle.runner.stop()
        self._release_pinger()
        self._collect_memory()
        await self._store.async_save(self._memory)

    async def _async_icmp_privilege(self) -> bool | None:
        if DATA_ICMP not in self.hass.data:
            self.hass.data[DATA_ICMP] = await async_icmp_privilege()
        return self.hass.data[DATA_ICMP]

    def _acquire_pinger(self, privileged: bool) -> IcmpPinger:
        shared = self.hass.data.get(DATA_PINGER)
        if shared is None:
            shared = SharedPinger(IcmpPinger(privileged=privileged), set())
            self.hass.data[DATA_PINGER] = shared
        shared.users.add(self.entry.entry_id)
        self._pinger = shared.pinger
        return shared.pinger

    def _release_pinger(self) -> None:
        shared = self.hass.data.get(DATA_PINGER)
        if self._pinger is None or shared is None:
            return
        self._pinger = None
        shared.users.discard(self.entry.entry_id)
        if not shared.users:
            shared.pinger.close()
            del self.hass.data[DATA_PINGER]

    def _create(self, subentry: ConfigSubentry, privileged: bool | None) -> None:
        config = WatchdogConfig.from_subentry(subentry.title, subentry.data)
        stored = self._memory.get(subentry.subentry_id)
        memory = WatchdogMemory.from_dict(stored) if stored else None
        if memory is not None and memory.state is WatchdogState.RESTARTING:
            LOGGER.warning(
                "Watchdog %s: Home Assistant stopped during a restart of output %s; not"
                " restarting it again, checking after the wait",
                config.name,
                config.output_id,
            )
        subentry_id = subentry.subentry_id
        task_name = f"{DOMAIN} watchdog {config.name}"
        runner = WatchdogRunner(
            config.name,
            Watchdog(config.params, memory),
            check=self._check_fn(config, privileged),
            restart=lambda action: self._async_restart(config, action),
            now=self._clock.now,
            call_at=self._clock.call_at,
            spawn=lambda coro: self._spawn(coro, task_name),
        )
        handle = WatchdogHandle(subentry_id, config, runner)
        runner.add_listener(lambda: self._changed(handle))
        self.watchdogs[subentry_id] = handle

    # Bindings ---------------------------------------------------------------------------------

    def _check_fn(
        self, config: WatchdogConfig, privileged: bool | None
    ) -> Callable[[], Coroutine[Any, Any, CheckResult]]:
        timeout = config.params.timeout_s
        if config.method == METHOD_TCP:
            return lambda: async_check_tcp(config.host, config.port, timeout)
        if config.method == METHOD_HTTP:
            session = async_get_clientsession(self.hass, verify_ssl=False)
            return lambda: async_check_http(session, config.url, timeout)
        pinger = None if privileged is None else self._pinger or self._acquire_pinger(privileged)
        return lambda: async_check_icmp(config.host, timeout, pinger=pinger)

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        return self.entry.async_create_background_task(self.hass, coro, name)

    async def _async_restart(self, config: WatchdogConfig, action: FailureAction) -> None:
        """Send the watchdog's action to its output; raises when the device did not take it."""
        output_id = config.output_id
        if output_id in self._restarting:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="watchdog_output_busy",
                translation_placeholders={"output": str(output_id)},
            )
        if action is FailureAction.POWER_CYCLE:
            command = OutputCommand(output_id, OutputAction.SHORT_OFF, config.pulse_ms)
        else:
            command = OutputCommand(output_id, OutputAction.OFF)
        self._restarting.add(output_id)
        try:
            if command.action.is_pulse:
                self._own_pulse_until[output_id] = (
                    time.monotonic()
                    + self.coordinator.pulse_length_ms(command) / 1000
                    + OWN_PULSE_MARGIN_S
                )
            await self.coordinator.async_send([command])
        except BaseException:
            self._own_pulse_until.pop(output_id, None)
            raise
        finally:
            self._restarting.discard(output_id)

    # Following the device ---------------------------------------------------------------------

    def _pauses(self, output_id: int) -> frozenset[PauseReason]:
        coordinator = self.coordinator
        if not coordinator.last_update_success or coordinator.data is None:
            return frozenset({PauseReason.DEVICE_UNAVAILABLE})
        output = coordinator.data.outputs.get(output_id)
        if output is None or output.state is None:
            return frozenset({PauseReason.DEVICE_UNAVAILABLE})
        now = time.monotonic()
        if self._own_pulse_until.get(output_id, 0.0) > now:
            return frozenset()  # our own restart: the output is off on purpose
        self._own_pulse_until.pop(output_id, None)
        pauses: set[PauseReason] = set()
        if output.state is False:
            pauses.add(PauseReason.OUTPUT_OFF)
        if coordinator.pulse_running(output_id):
            pauses.add(PauseReason.PULSE_RUNNING)
        return frozenset(pauses)

    @callback
    def _update_pauses(self) -> None:
        for handle in self.watchdogs.values():
            handle.runner.set_pauses(self._pauses(handle.config.output_id))

    @callback
    def _changed(self, handle: WatchdogHandle) -> None:
        if handle.runner.icmp_blocked:
            async_raise_issue(self.hass, self.entry, ICMP_ISSUE)
        memory = handle.runner.machine.memory()
        if self._remembered.get(handle.subentry_id) != memory:
            self._remembered[handle.subentry_id] = memory
            self._memory[handle.subentry_id] = memory.as_dict()
            self._store.async_delay_save(lambda: self._memory, SAVE_DELAY_S)
        for subscriber in list(self._subscribers):
            subscriber(handle.subentry_id)

    def _collect_memory(self) -> None:
        self._memory = {
            subentry_id: handle.runner.machine.memory().as_dict()
            for subentry_id, handle in self.watchdogs.items()
        }


def watchdog_diagnostics(entry: NetioConfigEntry) -> list[dict[str, Any]]:
    """Every watchdog's settings and status; a password in a target URL is redacted."""
    manager = entry.runtime_data.hass.data.get(DATA_MANAGERS, {}).get(entry.entry_id)
    if manager is None:
        return []
    result = []
    for handle in manager.watchdogs.values():
        subentry = entry.subentries.get(handle.subentry_id)
        settings = dict(subentry.data) if subentry else {}
        status = handle.status().as_dict()
        if "://" in handle.config.target:
            url = URL(handle.config.target)
            if url.user or url.password:
                redacted = str(url.with_user(None))
                settings["target"] = status["target"] = redacted
        result.append({"settings": settings, "status": status})
    return result


def watchdog_unique_id_prefix(serial: str, subentry_id: str) -> str:
    """The start of the unique IDs of one watchdog's entities."""
    return f"{serial}_watchdog_{subentry_id}_"


PROBLEM_KEY = "problem"
"""The key of a watchdog's problem binary sensor (imported rules trigger on it)."""


def problem_sensor_unique_id(serial: str, subentry_id: str) -> str:
    """The unique ID of a watchdog's problem binary sensor."""
    return watchdog_unique_id_prefix(serial, subentry_id) + PROBLEM_KEY


@callback
def _async_remove_deleted(hass: HomeAssistant, entry: NetioConfigEntry) -> None:
    """Remove the entities of watchdogs whose subentry was deleted."""
    registry = er.async_get(hass)
    marker = f"{entry.runtime_data.serial}_watchdog_"
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if not entity.unique_id.startswith(marker):
            continue
        subentry_id = entity.unique_id.removeprefix(marker).split("_", 1)[0]
        if subentry_id not in entry.subentries:
            registry.async_remove(entity.entity_id)


async def async_setup_watchdogs(hass: HomeAssistant, entry: NetioConfigEntry) -> None:
    """Create the entry's watchdogs (before its platforms, which add their entities)."""
    _async_remove_deleted(hass, entry)
    manager = WatchdogManager(hass, entry)
    await manager.async_setup()
    hass.data.setdefault(DATA_MANAGERS, {})[entry.entry_id] = manager

    async def _async_unload() -> None:
        await manager.async_stop()
        hass.data[DATA_MANAGERS].pop(entry.entry_id, None)

    entry.async_on_unload(_async_unload)


@callback
def async_start_watchdogs(entry: NetioConfigEntry) -> None:
    """Start the entry's watchdogs (after its platforms are set up)."""
    watchdogs_of(entry).async_start()
