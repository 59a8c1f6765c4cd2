"""Buttons: power cycle, short ON and toggle for every output."""

from __future__ import annotations

from datetime import timedelta

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.button import DOMAIN as BUTTON_DOMAIN, SERVICE_PRESS
from homeassistant.const import ATTR_ENTITY_ID, STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.netio.const import CONF_CRITICAL_OUTPUTS, CONF_READ_ONLY
from netio_simulator.runner import RunningDevice

from .conftest import ManualClock, output_states, state_of, writes

SNAPSHOT_PROFILES = ["netio_4all", "powerpdu_4ps", "powerpdu_8qs", "powercable_101x"]
NAS_SWITCH = "switch.nas"
OUTPUT_3_SWITCH = "switch.output_3"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (its pulses end when `sim_clock` says so)."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """Buttons, and switches to see the outputs."""
    return [Platform.BUTTON, Platform.SWITCH]


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press a button and wait for the device's answer."""
    await hass.services.async_call(
        BUTTON_DOMAIN, SERVICE_PRESS, {ATTR_ENTITY_ID: entity_id}, blocking=True
    )


async def end_pulse(
    hass: HomeAssistant, sim_clock: ManualClock, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Let a pulse run out on the device and in Home Assistant (which re-reads it then)."""
    sim_clock.advance(seconds)
    freezer.tick(timedelta(seconds=seconds + 0.5))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
@pytest.mark.parametrize("platforms", [[Platform.BUTTON]])
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """Three buttons per output; power cycle is a restart button."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


@pytest.mark.usefixtures("init_platforms")
async def test_short_on_and_toggle_disabled_by_default(
    hass: HomeAssistant, entity_registry: er.EntityRegistry
) -> None:
    """Power cycle is there for everyone; short ON and toggle wait until enabled."""
    assert state_of(hass, "button.nas_power_cycle")
    for key in ("short_on", "toggle"):
        entry = entity_registry.async_get(f"button.nas_{key}")
        assert entry is not None
        assert entry.disabled_by is er.RegistryEntryDisabler.INTEGRATION


@pytest.mark.usefixtures("init_platforms")
async def test_power_cycle(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Off at once, on again when the pulse (5 s) ends; both shown without waiting for a poll."""
    await press(hass, "button.nas_power_cycle")
    assert writes(device) == ["POST /netio.json -> 200 1:2"]
    assert output_states(device)[0] is False
    assert state_of(hass, NAS_SWITCH).state == STATE_OFF

    await end_pulse(hass, sim_clock, freezer, 5)
    assert output_states(device)[0] is True
    assert state_of(hass, NAS_SWITCH).state == STATE_ON


@pytest.mark.usefixtures("entity_registry_enabled_by_default", "init_platforms")
async def test_short_on_and_toggle(
    hass: HomeAssistant,
    device: RunningDevice,
    sim_clock: ManualClock,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Short ON lights an off output for its pulse; toggle inverts on the device."""
    await press(hass, "button.output_3_short_on")
    assert output_states(device)[2] is True
    assert state_of(hass, OUTPUT_3_SWITCH).state == STATE_ON
    await end_pulse(hass, sim_clock, freezer, 5)
    assert output_states(device)[2] is False
    assert state_of(hass, OUTPUT_3_SWITCH).state == STATE_OFF

    await press(hass, "button.output_3_toggle")
    assert output_states(device)[2] is True
    assert state_of(hass, OUTPUT_3_SWITCH).state == STATE_ON
    assert writes(device)[-1] == "POST /netio.json -> 200 3:4"


@pytest.mark.parametrize(
    "config_entry_options", [{CONF_CRITICAL_OUTPUTS: ["1"]}, {CONF_READ_ONLY: True}]
)
async def test_refused(
    hass: HomeAssistant,
    device: RunningDevice,
    config_entry: MockConfigEntry,
    config_entry_options: dict[str, object],
) -> None:
    """A critical output is not power-cycled from a button; nothing is in read-only mode.

    The refused press is not recorded as a press.
    """
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, options=config_entry_options)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    before = state_of(hass, "button.nas_power_cycle")
    with pytest.raises(ServiceValidationError) as err:
        await press(hass, "button.nas_power_cycle")
    assert err.value.translation_key in {"critical_output", "read_only"}
    if err.value.translation_key == "critical_output":
        # Said in a dashboard user's terms: where to confirm, not an action's field name.
        assert str(err.value).startswith("NAS is a critical output")
        assert "NETIO panel or card" in str(err.value)
    assert output_states(device)[0] is True
    assert writes(device) == []
    # Not recorded as pressed: no new state, so no "Pressed" in the logbook.
    assert state_of(hass, "button.nas_power_cycle") == before
    assert await hass.config_entries.async_unload(config_entry.entry_id)
