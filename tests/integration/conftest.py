"""Fixtures of the integration tests: a real Home Assistant and simulated devices on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
    Platform,
)
from homeassistant.core import HomeAssistant, State
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.netio import PLATFORMS
from custom_components.netio.const import CONF_MODBUS_PORT, CONF_PROTOCOL, DOMAIN
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.device import InputSpec, OutputSpec, SimulatedDevice
from netio_simulator.metering import LoadProfile, ManualClock
from netio_simulator.profiles import get_profile
from netio_simulator.runner import DeviceConfig, RunningDevice
from netio_simulator.servers.http import HttpServer
from netio_simulator.testing import simulated_device

USERNAME = "netio"
PASSWORD = "netio-secret"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every integration test."""


@pytest.fixture(autouse=True)
def fail_on_deprecated_use(caplog: pytest.LogCaptureFixture) -> Generator[None]:
    """Fail a test during which Home Assistant reports use that a coming release breaks.

    (For example an update listener next to `async_update_reload_and_abort`, which Home
    Assistant 2026.12 no longer accepts.)
    """
    yield
    reports = [
        record.getMessage()
        for phase in ("setup", "call")
        for record in caplog.get_records(phase)
        if "will stop working in Home Assistant" in record.getMessage()
    ]
    assert not reports, reports


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create entities that are disabled by default enabled (to test them)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        return_value=True,
    ):
        yield


@pytest.fixture
def profile() -> str:
    """The simulated device's profile; tests parametrize it."""
    return "netio_4all"


@pytest.fixture
def protocols() -> frozenset[str]:
    """The protocols the simulated device speaks; tests parametrize it."""
    return frozenset({"json"})


@pytest.fixture
async def device(
    socket_enabled: None, profile: str, protocols: frozenset[str]
) -> AsyncIterator[RunningDevice]:
    """A simulated NETIO device with a read-write JSON account."""
    credentials = Credentials(
        json=ApiAccounts.both(USERNAME, PASSWORD), xml=ApiAccounts.both(USERNAME, PASSWORD)
    )
    async with simulated_device(profile, protocols=protocols, credentials=credentials) as dev:
        yield dev


def entry_data(device: RunningDevice, **overrides: Any) -> dict[str, Any]:
    """Config entry data that reaches the simulated device over JSON."""
    return {
        CONF_HOST: "127.0.0.1",
        CONF_PORT: device.ports["http"],
        CONF_USERNAME: USERNAME,
        CONF_PASSWORD: PASSWORD,
        CONF_SSL: False,
        CONF_VERIFY_SSL: True,
        CONF_PROTOCOL: "json",
        **overrides,
    }


def modbus_entry(device: RunningDevice, **options: Any) -> MockConfigEntry:
    """A config entry that reaches the simulated device over Modbus/TCP only."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="NETIO 4All",
        unique_id=device_unique_id(device),
        data={
            CONF_HOST: "127.0.0.1",
            CONF_MODBUS_PORT: device.ports["modbus"],
            CONF_PROTOCOL: "modbus",
        },
        options=options,
        version=2,
        minor_version=1,
    )


def device_unique_id(device: RunningDevice) -> str:
    """The unique ID the integration gives the simulated device."""
    sim = device.device
    if sim.serial:
        return sim.serial
    return sim.mac.lower()


@pytest.fixture
def config_entry(device: RunningDevice) -> MockConfigEntry:
    """A config entry for the simulated device, as the config flow creates it."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(device),
        version=2,
        minor_version=1,
    )


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, config_entry: MockConfigEntry
) -> AsyncIterator[MockConfigEntry]:
    """The integration set up with the simulated device; unloaded again at the end."""
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    yield config_entry
    await hass.config_entries.async_unload(config_entry.entry_id)
    await hass.async_block_till_done()


# Steady devices: the same readings on every run, for snapshots and exact assertions. ----------


STEADY_NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STEADY_ENERGY_START = datetime(2026, 1, 1, tzinfo=UTC)
STEADY_UPTIME_S = 3 * 86_400
STEADY_OUTPUTS = (
    OutputSpec(
        name="NAS",
        load=LoadProfile.constant(40.0, 0.95),
        energy_wh=12_345,
        energy_nr_wh=22_345,
    ),
    OutputSpec(name="Router", load=LoadProfile.constant(12.0, 0.9), energy_wh=678),
    OutputSpec(state=False, load=LoadProfile.constant(100.0, 1.0), energy_wh=5),
    OutputSpec(load=LoadProfile.constant(60.0, 0.8), delay_ms=2000),
)


def steady_outputs(profile: str) -> list[OutputSpec]:
    """Outputs with constant loads: two named, one off, the rest with factory names."""
    count = get_profile(profile).num_outputs
    return [replace(spec) for spec in STEADY_OUTPUTS[:count]]


def steady_inputs(profile: str) -> list[InputSpec]:
    """Inputs with fixed counters and no pulses arriving."""
    count = get_profile(profile).num_inputs
    return [InputSpec(s0_counter=4321)][:count]


@pytest.fixture
def sim_clock() -> ManualClock:
    """The steady device's clock."""
    return ManualClock()


@pytest.fixture
def steady_outputs_spec(profile: str) -> list[OutputSpec]:
    """The steady device's outputs; tests override this fixture for other loads or names."""
    return steady_outputs(profile)


@pytest.fixture
def steady_inputs_spec(profile: str) -> list[InputSpec]:
    """The steady device's inputs; tests override this fixture for other sensors."""
    return steady_inputs(profile)


@pytest.fixture
async def steady_device(
    *,
    socket_enabled: None,
    freezer: FrozenDateTimeFactory,
    profile: str,
    protocols: frozenset[str],
    sim_clock: ManualClock,
    steady_outputs_spec: list[OutputSpec],
    steady_inputs_spec: list[InputSpec],
) -> AsyncIterator[RunningDevice]:
    """A simulated device whose readings never drift: constant loads, a manual clock, frozen time.

    It serves the HTTP APIs of `protocols` (JSON by default). Wall time is frozen at
    `STEADY_NOW` (move it with `freezer`); the device's own clock moves with `sim_clock.advance`.
    """
    freezer.move_to(STEADY_NOW)
    sim = SimulatedDevice(
        profile,
        credentials=Credentials(
            json=ApiAccounts.both(USERNAME, PASSWORD), xml=ApiAccounts.both(USERNAME, PASSWORD)
        ),
        outputs=steady_outputs_spec,
        inputs=steady_inputs_spec,
        seed=1,
        clock=sim_clock,
        timezone=UTC,
        initial_uptime_s=STEADY_UPTIME_S,
        energy_start=STEADY_ENERGY_START,
    )
    server = HttpServer(sim, apis=protocols & frozenset({"json", "xml", "url"}))
    port = await server.start("127.0.0.1", 0)
    running = RunningDevice(
        id="steady",
        config=DeviceConfig(profile=profile, protocols=protocols),
        device=sim,
        host="127.0.0.1",
        ports={"http": port},
        servers={"http": server},
    )
    sim.ports = running.ports
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
def platforms() -> list[Platform]:
    """The platforms `init_platforms` sets up; snapshot tests narrow it to one."""
    return list(PLATFORMS)


@pytest.fixture
async def init_platforms(
    hass: HomeAssistant, config_entry: MockConfigEntry, platforms: list[Platform]
) -> AsyncIterator[MockConfigEntry]:
    """The integration set up with only `platforms`; unloaded again at the end."""
    with patch("custom_components.netio.PLATFORMS", platforms):
        config_entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(config_entry.entry_id)
        await hass.async_block_till_done()
        yield config_entry
        await hass.config_entries.async_unload(config_entry.entry_id)
        await hass.async_block_till_done()


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots with Home Assistant's serializer, stored in `snapshots/` next to the tests."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """The entity's state; fails the test when the entity does not exist."""
    state = hass.states.get(entity_id)
    assert state is not None, f"{entity_id} does not exist"
    return state


def output_states(device: RunningDevice) -> list[bool]:
    """Every output of the simulated device: True = on."""
    return [output.state for output in device.device.outputs]


def writes(device: RunningDevice) -> list[str]:
    """What the simulated device was asked to switch, one entry per request."""
    return [request.detail for request in device.device.requests(kind="write")]
