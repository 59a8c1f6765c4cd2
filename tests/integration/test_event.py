"""Events: an output switched without a command from Home Assistant."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.event import ATTR_EVENT_TYPE
from homeassistant.components.switch import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import DOMAIN
from netio_simulator.runner import RunningDevice

from .conftest import ManualClock, state_of

SNAPSHOT_PROFILES = ["netio_4all", "powerpdu_4ps", "powerpdu_8qs", "powercable_101x"]
NAS_EVENT = "event.nas_switched_outside_home_assistant"
ROUTER_EVENT = "event.router_switched_outside_home_assistant"
NAS_SWITCH = "switch.nas"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """Events, and switches to command the outputs."""
    return [Platform.EVENT, Platform.SWITCH]


@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
@pytest.mark.parametrize("platforms", [[Platform.EVENT]])
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """One event entity per output, with "turned on" and "turned off" events."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


async def test_switched_on_the_device(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A button on the device, a rule, another client: the next poll fires the event."""
    freezer.tick(timedelta(minutes=1))
    device.device.apply_action(1, 0)
    await init_platforms.runtime_data.async_refresh()
    state = state_of(hass, NAS_EVENT)
    assert state.state == dt_util.utcnow().isoformat(timespec="milliseconds")
    assert state.attributes[ATTR_EVENT_TYPE] == "turned_off"
    assert state_of(hass, ROUTER_EVENT).state == STATE_UNKNOWN

    freezer.tick(timedelta(minutes=1))
    device.device.apply_action(1, 1)
    await init_platforms.runtime_data.async_refresh()
    state = state_of(hass, NAS_EVENT)
    assert state.state == dt_util.utcnow().isoformat(timespec="milliseconds")
    assert state.attributes[ATTR_EVENT_TYPE] == "turned_on"


async def test_regular_poll_fires_the_event(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """No refresh by hand: the polling interval finds the change by itself."""
    device.device.apply_action(2, 0)
    freezer.tick(timedelta(seconds=11))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert state_of(hass, ROUTER_EVENT).attributes[ATTR_EVENT_TYPE] == "turned_off"


async def test_commands_from_home_assistant_do_not_fire(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    sim_clock: ManualClock,
) -> None:
    """Switching and power-cycling from Home Assistant, pulse end included, fire nothing."""
    await hass.services.async_call(
        SWITCH_DOMAIN, SERVICE_TURN_OFF, {ATTR_ENTITY_ID: NAS_SWITCH}, blocking=True
    )
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, NAS_EVENT).state == STATE_UNKNOWN

    await hass.services.async_call(
        DOMAIN, "short_off", {ATTR_ENTITY_ID: "switch.router"}, blocking=True
    )
    sim_clock.advance(5)
    freezer.tick(timedelta(seconds=5.5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert device.device.outputs[1].state is True
    assert state_of(hass, "switch.router").state == "on"
    assert state_of(hass, ROUTER_EVENT).state == STATE_UNKNOWN

    # Once the command has settled, a change on the device is an outside one again.
    freezer.tick(timedelta(seconds=10))
    device.device.apply_action(1, 1)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, NAS_EVENT).attributes[ATTR_EVENT_TYPE] == "turned_on"


async def test_unavailable_while_the_device_is_away(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """The event entity follows the device's availability, and fires nothing for it."""
    device.device.faults.set(drop=True)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, NAS_EVENT).state == STATE_UNAVAILABLE
    device.device.faults.clear()
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, NAS_EVENT).state == STATE_UNKNOWN
