"""Home Assistant in-process (without pytest), config entries for simulated devices, probes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager, nullcontext
from dataclasses import dataclass, field
import gc
import importlib
from pathlib import Path
import statistics
import sys
import tempfile
import time
from types import ModuleType
from typing import Any
from unittest.mock import patch

import aiohttp
from homeassistant import config_entries, loader
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    EVENT_STATE_CHANGED,
    EVENT_STATE_REPORTED,
)
from homeassistant.core import Event, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_test_home_assistant,
)

from .sim import PASSWORD, USERNAME, SimDevice

DOMAIN = "netio"


def _stub_pynetio() -> None:
    """The built-in switch module imports pynetio (Telnet, YAML platform only) at import time.

    pynetio needs telnetlib, gone since Python 3.13, so it cannot be installed here; the config
    entry path we measure never uses it, so an empty stand-in lets the module import.
    """
    if "pynetio" not in sys.modules:
        stub = ModuleType("pynetio")
        stub.Netio = object  # type: ignore[attr-defined]
        sys.modules["pynetio"] = stub


def _register_flow(*, ours: bool) -> None:
    """Make the right integration's config flow the handler of the domain.

    Flows register in a global table when their module is imported, once per process; both
    integrations have the domain netio, so the last one imported would answer for both.
    """
    module = importlib.import_module(
        "custom_components.netio.config_flow"
        if ours
        else "homeassistant.components.netio.config_flow"
    )
    config_entries.HANDLERS[DOMAIN] = module.NetioConfigFlow


def _resolver() -> aiohttp.ThreadedResolver:
    """Aiohttp's resolver; Home Assistant closes its own resolver through `real_close`."""
    resolver = aiohttp.ThreadedResolver()
    resolver.real_close = resolver.close  # type: ignore[attr-defined]
    return resolver


@asynccontextmanager
async def home_assistant(*, ours: bool, all_entities: bool = True) -> AsyncIterator[HomeAssistant]:
    """A running Home Assistant; `ours` loads this repository's integration, else the built-in one.

    Every entity is enabled, also those disabled by default, as the issue asks (`all_entities`
    False: only those enabled by default, as a user gets them).
    """
    with (
        tempfile.TemporaryDirectory() as config_dir,
        patch(
            "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
            return_value=True,
        )
        if all_entities
        else nullcontext(),
        # Home Assistant resolves names through zeroconf, which needs the network integration;
        # every device here is an IP address, so aiohttp's plain resolver does.
        patch(
            "homeassistant.helpers.aiohttp_client._async_make_resolver",
            return_value=_resolver(),
        ),
    ):
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            _register_flow(ours=ours)
            if ours:
                # as the harness' enable_custom_integrations: custom_components/ is on sys.path
                hass.data.pop(loader.DATA_CUSTOM_COMPONENTS)
            else:
                _stub_pynetio()
                hass.config.components.add("http")  # its API view is not measured
            try:
                yield hass
            finally:
                await hass.async_stop(force=True)


def _always_new() -> object:
    return object()


@contextmanager
def writing_every_poll(hass: HomeAssistant) -> Iterator[None]:
    """Our entities as they were before issue 8: a state write on every poll (for comparison).

    Every entity's shown value is made new on each poll, so each poll writes every state again.
    """
    from homeassistant.helpers.entity_platform import async_get_platforms  # noqa: PLC0415

    from custom_components.netio.entity import NetioEntity  # noqa: PLC0415

    entities = [
        entity
        for platform in async_get_platforms(hass, DOMAIN)
        for entity in platform.entities.values()
        if isinstance(entity, NetioEntity)
    ]
    for entity in entities:
        entity.shown_value = _always_new  # type: ignore[method-assign]
    try:
        yield
    finally:
        for entity in entities:
            del entity.shown_value


def our_entry(device: SimDevice, protocol: str = "json") -> MockConfigEntry:
    """A config entry of our integration for a simulated device, as the config flow makes it."""
    ports = device.ports
    data: dict[str, Any] = {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: ports.get("http"),
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        "protocol": protocol,
    }
    for key, port in (("modbus_port", "modbus"), ("kshell_port", "kshell"), ("snmp_port", "snmp")):
        if port in ports:
            data[key] = ports[port]
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"{device.profile} {protocol}",
        unique_id=device.serial,
        data=data,
        version=2,
        minor_version=1,
    )


def builtin_entry(device: SimDevice) -> MockConfigEntry:
    """A config entry of the built-in integration (version 1) for the same kind of device."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=device.profile,
        unique_id=device.serial,
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: PASSWORD,
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
        },
        version=1,
    )


async def setup_entries(hass: HomeAssistant, entries: list[MockConfigEntry]) -> float:
    """Set up entries concurrently, as Home Assistant does at startup; return the seconds taken."""
    for entry in entries:
        entry.add_to_hass(hass)
    start = time.perf_counter()
    results = await asyncio.gather(
        *(hass.config_entries.async_setup(entry.entry_id) for entry in entries)
    )
    await hass.async_block_till_done()
    elapsed = time.perf_counter() - start
    if not all(results):
        raise SystemExit("a config entry did not set up")
    return elapsed


def entity_ids(hass: HomeAssistant, entry: MockConfigEntry, domain: str | None = None) -> list[str]:
    """The entity IDs of one config entry (optionally of one platform)."""
    from homeassistant.helpers import entity_registry as er  # noqa: PLC0415

    return [
        e.entity_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if domain is None or e.domain == domain
    ]


def rss_kib() -> int:
    """This process' resident memory."""
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def settled_rss_kib() -> int:
    """Resident memory after a full garbage collection."""
    gc.collect()
    return rss_kib()


@dataclass(slots=True)
class StateCounter:
    """Counts state writes: `changed` (state_changed) and `reported` (the same state again)."""

    changed: int = 0
    reported: int = 0
    value_unchanged: int = 0
    """state_changed events whose state string stayed the same (only attributes moved)."""
    changed_entities: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        """Start counting again."""
        self.changed = self.reported = self.value_unchanged = 0
        self.changed_entities.clear()


@contextmanager
def count_states(hass: HomeAssistant) -> Iterator[StateCounter]:
    """Count every state write on the bus while the block runs."""
    counter = StateCounter()

    @callback
    def _changed(event: Event[Any]) -> None:
        counter.changed += 1
        old, new = event.data["old_state"], event.data["new_state"]
        if old is not None and new is not None and old.state == new.state:
            counter.value_unchanged += 1
        entity_id = event.data["entity_id"]
        counter.changed_entities[entity_id] = counter.changed_entities.get(entity_id, 0) + 1

    @callback
    def _reported(_data: Any) -> bool:
        counter.reported += 1
        return False

    unsubs = [
        hass.bus.async_listen(EVENT_STATE_CHANGED, _changed),
        hass.bus.async_listen(EVENT_STATE_REPORTED, lambda _e: None, event_filter=_reported),
    ]
    try:
        yield counter
    finally:
        for unsub in unsubs:
            unsub()


@dataclass(slots=True)
class LoopProbe:
    """A task that wakes every `period` s and records how late the loop let it run."""

    period: float = 0.05
    lags: list[float] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.period
            await asyncio.sleep(self.period)
            self.lags.append(max(0.0, loop.time() - due))

    def start(self) -> None:
        """Start probing."""
        self.lags = []
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop probing."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


@dataclass(frozen=True, slots=True)
class Window:
    """CPU and loop lag over a stretch of wall time."""

    wall_s: float
    cpu_s: float
    max_lag_ms: float
    p99_lag_ms: float

    @property
    def cpu_share(self) -> float:
        """CPU seconds per wall second (1.0 = one core busy)."""
        return self.cpu_s / self.wall_s


async def measure_window(seconds: float) -> Window:
    """Let the loop run for `seconds` and record process CPU and loop lag."""
    probe = LoopProbe()
    probe.start()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    await probe.stop()
    lags = sorted(probe.lags) or [0.0]
    return Window(
        wall,
        cpu,
        lags[-1] * 1000,
        lags[min(len(lags) - 1, int(len(lags) * 0.99))] * 1000,
    )


@dataclass(slots=True)
class Timing:
    """Wall and CPU times of repeated runs of one thing."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def wall_ms(self) -> float:
        """Median wall time in ms."""
        return statistics.median(self.wall) * 1000

    @property
    def cpu_us(self) -> float:
        """Mean CPU time in µs."""
        return statistics.fmean(self.cpu) * 1e6


async def timed(work: Callable[[], Any], timing: Timing, runs: int) -> None:
    """Await `work()` `runs` times, adding each run's wall and CPU time to `timing`."""
    for _ in range(runs):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await work()
        timing.wall.append(time.perf_counter() - wall0)
        timing.cpu.append(time.process_time() - cpu0)
