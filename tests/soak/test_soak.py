"""Chaos soak: 20 misbehaving devices, thousands of actions through Home Assistant, nothing lost.

CI size runs in the normal suite (about a minute). `NETIO_SOAK_SCALE=10` runs ten times the
steps; `NETIO_SOAK_REPORT=<file>` appends the figures to a Markdown file.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterator
import gc
import logging
import os
from pathlib import Path
import random
import time
from unittest.mock import patch

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import psutil
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.const import CONF_PROTOCOL, DOMAIN
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.device import OutputSpec
from netio_simulator.profiles import get_profile
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator
from netio_simulator.testing import simulated_devices

from ..integration.conftest import device_unique_id
from .chaos import MAX_DOWNTIME_S, SOAK_TIMEOUT_S
from .driver import DeviceDriver
from .ledger import ActionRecord, Ledger, Outcome

DEVICES = 20
ROUNDS = 4
STEPS_PER_ROUND = 25
PROFILES = ("netio_4all", "powerpdu_8qs", "powerpdu_4c", "netio_4all", "netio_4")
SEED = 20261121
# How long the count waits for the client's ends of closed connections: 200 x 5 ms at most.
QUIESCE_POLLS = 200
QUIESCE_POLL_S = 0.005


def soak_scale() -> float:
    """How many times the CI size to run (NETIO_SOAK_SCALE, default 1)."""
    return float(os.environ.get("NETIO_SOAK_SCALE", "1"))


def secret(index: int) -> str:
    """A distinctive password per device, so a leak would name its device."""
    return f"soak-secret-{index:02d}-7Qx"


def device_config(index: int) -> DeviceConfig:
    """Devices of several families; some outputs power up off, so reboots change states."""
    profile = PROFILES[index % len(PROFILES)]
    outputs = [
        OutputSpec(state=bool(n % 2), power_up="off" if n == 2 else "last")
        for n in range(1, get_profile(profile).num_outputs + 1)
    ]
    accounts = ApiAccounts.both("netio", secret(index))
    return DeviceConfig(
        profile=profile,
        protocols=frozenset({"json", "xml"}),
        credentials=Credentials(json=accounts, xml=accounts),
        outputs=outputs,
        seed=index,
    )


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """The soak's 20 devices on 127.0.0.1."""
    async with simulated_devices(*(device_config(i) for i in range(DEVICES))) as sim:
        yield sim


@pytest.fixture
def short_timeout() -> Iterator[None]:
    """Let the client give up quickly, so timeouts cost little time."""
    with patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", SOAK_TIMEOUT_S):
        yield


def entry_for(index: int, device: RunningDevice) -> MockConfigEntry:
    """An entry per device: every fifth one reads and writes over XML, the others JSON."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=f"Soak {index}",
        unique_id=device_unique_id(device),
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: "netio",
            CONF_PASSWORD: secret(index),
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
            CONF_PROTOCOL: "xml" if index % 5 == 4 else "json",
        },
        # Polls are driven by the soak itself; Home Assistant's own would only blur the timing.
        options={CONF_SCAN_INTERVAL: 3600},
        version=2,
        minor_version=1,
    )


def open_connections() -> list[str]:
    """The process's established TCP connections (both ends of each loopback connection)."""
    return [
        f"{c.laddr.port}->{c.raddr.port}"
        for c in psutil.Process().net_connections(kind="inet")
        if c.status == psutil.CONN_ESTABLISHED and c.raddr
    ]


def in_flight() -> list[str]:
    """What is running or open right now: every task with its coroutine, every connection."""
    tasks = sorted(f"task {task.get_coro()!r}".split(" at 0x")[0] for task in asyncio.all_tasks())
    return tasks + [f"connection {c}" for c in open_connections()]


async def quiesce(hass: HomeAssistant, simulator: Simulator) -> None:
    """Bring everything to rest, so a count shows only what is left behind.

    Between rounds the shared HTTP session keeps a connection alive per request that overlapped
    another on the same device (a poll during a pulse re-read), and the simulator keeps a
    handler task per such connection: how many depends on timing, not on a leak. The devices
    close their kept-alive connections, as they do when their keep-alive time runs out; the
    client's end closes when the loop reads the end of stream. A connection that does not close
    stays in the count.
    """
    await hass.async_block_till_done()
    await simulator.close_idle_connections()
    for _ in range(QUIESCE_POLLS):
        if not open_connections():
            break
        await asyncio.sleep(QUIESCE_POLL_S)
    await hass.async_block_till_done()


def resources() -> dict[str, float]:
    """Tasks, open file descriptors (sockets included) and resident memory right now."""
    gc.collect()
    process = psutil.Process()
    return {
        "tasks": len(asyncio.all_tasks()),
        "fds": process.num_fds(),
        "sockets": len(process.net_connections(kind="inet")),
        "rss_mb": process.memory_info().rss / 2**20,
    }


async def settle(hass: HomeAssistant, drivers: list[DeviceDriver]) -> None:
    """End every fault, wait out reboots and pulses, poll every device once."""
    for driver in drivers:
        driver.end_fault()
    sims = [driver.device.device for driver in drivers]
    wait_s = max(output.pulse_remaining_s for sim in sims for output in sim.outputs)
    if any(sim.is_down for sim in sims):
        wait_s = max(wait_s, MAX_DOWNTIME_S)
    await asyncio.sleep(wait_s + 0.02)
    for driver in drivers:
        driver.finish_pending()
        # The poll below reads the truth; a re-read still waiting for a pulse's end would only
        # start work after the count (one that already started finishes in block_till_done).
        driver.coordinator.async_cancel_pending()
    await hass.async_block_till_done()
    await asyncio.gather(*(driver.poll() for driver in drivers))
    await hass.async_block_till_done()


def unhandled(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Warnings and errors with a traceback, and any foreign exception a transport raised.

    Home Assistant's coordinator adds the full error of a failed poll at debug level; that is
    the translated error on its way, not an unhandled one.
    """
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if (r.exc_info is not None and r.levelno >= logging.WARNING)
        or "Unexpected error" in r.getMessage()
        or "Traceback" in r.getMessage()
    ]


def forget_logs(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> None:
    """Drop the records captured so far (already judged): they keep their errors alive."""
    caplog.clear()
    logging_plugin = request.config.pluginmanager.get_plugin("logging-plugin")
    if logging_plugin is not None:
        logging_plugin.report_handler.clear()


async def set_up_drivers(
    hass: HomeAssistant, simulator: Simulator, ledger: Ledger
) -> list[DeviceDriver]:
    """Add an entry per device and a driver that knows its switches and device ID."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible chaos, not security
    entities = er.async_get(hass)
    devices = dr.async_get(hass)
    drivers: list[DeviceDriver] = []
    for index, running in enumerate(simulator.devices):
        entry = entry_for(index, running)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        serial = device_unique_id(running)
        switches = {
            output.id: entities.async_get_entity_id("switch", DOMAIN, f"{serial}_{output.id}")
            for output in running.device.outputs
        }
        device = devices.async_get_device_by_identifier((DOMAIN, serial), entry.entry_id)
        assert device is not None
        driver = DeviceDriver(
            hass=hass,
            index=index,
            device=running,
            entry=entry,
            accounts=ApiAccounts.both("netio", secret(index)),
            device_id=device.id,
            switches={k: v for k, v in switches.items() if v is not None},
            ledger=ledger,
            rng=random.Random(rng.random()),  # noqa: S311
        )
        assert len(driver.switches) == len(running.device.outputs)
        driver.tap.attach(running)
        drivers.append(driver)
    await hass.async_block_till_done()
    return drivers


def check_ledger(ledger: Ledger, drivers: list[DeviceDriver]) -> None:
    """Exactly once or reported: the invariants over every action of the run."""
    outcomes = ledger.outcomes()

    def of(outcome: Outcome) -> list[ActionRecord]:
        return [a for a in ledger.actions if a.outcome is outcome][:10]

    assert outcomes[Outcome.LOST] == 0, of(Outcome.LOST)
    assert outcomes[Outcome.DOUBLED] == 0, of(Outcome.DOUBLED)
    assert outcomes[Outcome.UNTRANSLATED] == 0, of(Outcome.UNTRANSLATED)
    # A command the device applied is never reported as failed: when its reply is lost after
    # the device acted, the error says the command was taken (NetioUnconfirmedError).
    assert outcomes[Outcome.AMBIGUOUS] == 0, of(Outcome.AMBIGUOUS)
    assert ledger.by_fault(Outcome.UNCONFIRMED).get("none", 0) == 0
    assert ledger.by_fault(Outcome.FAILED).get("none", 0) == 0
    assert outcomes[Outcome.CONFIRMED] > len(ledger.actions) // 2
    assert outcomes[Outcome.FAILED] > 0  # the faults did bite
    # No write of the device escaped the accounting (e.g. applied after its action's window).
    assert sum(d.tap.count for d in drivers) == sum(a.applied for a in ledger.actions)
    assert not ledger.availability_violations, ledger.availability_violations[:10]
    assert not ledger.truth_violations, ledger.truth_violations[:10]


# Objects whose number is bounded by design but not flat between two rounds: the soak's own
# results, and asyncio's debug-mode creation tracebacks of cancelled timers the loop purges
# lazily (every refresh cancels and replaces the coordinator's next-poll timer).
BOOKKEEPING = frozenset({"ActionRecord", "FrameSummary", "StackSummary", "TimerHandle"})


def object_growth(before: Counter[str], after: Counter[str]) -> tuple[int, list[str]]:
    """Growth of live objects (bookkeeping excluded): the total and the types that grew most."""
    diff = after.copy()
    diff.subtract(before)
    for name in BOOKKEEPING:
        diff.pop(name, None)
    biggest = [f"{name} {count:+d}" for name, count in diff.most_common(5) if count > 0]
    return diff.total(), biggest


def live_objects() -> Counter[str]:
    """Live container objects by type (a leak of tasks, states, replies or errors shows here)."""
    gc.collect()
    return Counter(type(obj).__qualname__ for obj in gc.get_objects())


async def write_report(hass: HomeAssistant, figures: str) -> None:
    """Print the figures; append them to NETIO_SOAK_REPORT when it names a file."""
    print(figures)  # noqa: T201 - the figures for benchmarks/SOAK.md
    if report := os.environ.get("NETIO_SOAK_REPORT"):

        def append() -> None:
            with Path(report).open("a", encoding="utf-8") as file:
                file.write(figures)

        await hass.async_add_executor_job(append)


@pytest.mark.timeout(600)
async def test_chaos_soak(
    hass: HomeAssistant,
    simulator: Simulator,
    short_timeout: None,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    """Every action is applied exactly once or reported failed; Home Assistant shows the truth."""
    # Every captured record stays alive until the test ends: keep to warnings, plus the client's
    # debug records that report a foreign exception from a transport.
    caplog.set_level(logging.WARNING)
    caplog.set_level(logging.DEBUG, logger="custom_components.netio.client.device")
    started = time.monotonic()
    ledger = Ledger()
    drivers = await set_up_drivers(hass, simulator, ledger)
    steps = max(1, round(STEPS_PER_ROUND * soak_scale()))
    samples: list[dict[str, float]] = []
    problems: list[str] = []
    objects: list[Counter[str]] = []
    left: list[list[str]] = []
    for _ in range(ROUNDS):
        await asyncio.gather(*(driver.run(steps) for driver in drivers))
        await settle(hass, drivers)
        # Captured records would grow memory by themselves: judge them round by round.
        problems.extend(unhandled(caplog))
        forget_logs(request, caplog)
        await quiesce(hass, simulator)
        samples.append(resources())
        left.append(in_flight())
        objects.append(live_objects())
    runtime = time.monotonic() - started
    # From the end of the second round: the first fills pools and caches, and the entity
    # registry is saved (dynamic sensors) during the second.
    object_diff, object_types = object_growth(objects[1], objects[-1])
    for entry in hass.config_entries.async_entries(DOMAIN):
        assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    problems.extend(unhandled(caplog))

    await write_report(
        hass,
        f"{ledger.summary()}\n"
        "- resources after each round: "
        + "; ".join(f"{k} " + " -> ".join(f"{x[k]:.0f}" for x in samples) for k in samples[0])
        + f"\n- live objects (bookkeeping excluded) growth from round 2 to the end: "
        f"{object_diff:+d} ({', '.join(object_types) or 'no type grew'})"
        + "\n- running or open at the end: "
        + ("; ".join(left[-1]) or "nothing")
        + f"\n- runtime: {runtime:.1f} s ({DEVICES} devices, {ROUNDS} rounds x {steps} steps)\n",
    )
    assert len(ledger.actions) == DEVICES * ROUNDS * steps
    check_ledger(ledger, drivers)
    assert not problems, problems[:10]
    # After a warm-up round (pools and caches filled) nothing may keep growing.
    baseline, final = samples[0], samples[-1]
    growth = {key: final[key] - baseline[key] for key in final}
    assert growth["tasks"] <= 2, (growth, left[-1])
    assert growth["fds"] <= 8, (growth, left[-1])
    assert growth["sockets"] <= 8, (growth, left[-1])
    # Memory: what stays alive may not grow with the number of actions. Objects that come and go
    # with pending pulse re-reads, reauth flows, repair issues and Home Assistant's bounded context
    # caches move the count by up to about +-900 from run to run at CI size.
    actions_measured = DEVICES * (ROUNDS - 2) * steps
    assert object_diff < max(1500, actions_measured // 4), (object_diff, object_types)
