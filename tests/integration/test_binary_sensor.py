"""Binary sensors: the digital inputs of the devices that have them."""

from __future__ import annotations

from homeassistant.components.binary_sensor import DOMAIN as BINARY_SENSOR_DOMAIN
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from netio_simulator.device import InputSpec
from netio_simulator.runner import RunningDevice

from .conftest import state_of


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """Only the binary sensor platform."""
    return [Platform.BINARY_SENSOR]


@pytest.mark.parametrize("profile", ["powerpdu_8qs", "powerdin_4pz"])
async def test_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    init_platforms: MockConfigEntry,
) -> None:
    """One binary sensor per digital input, named after the input."""
    await snapshot_platform(hass, entity_registry, snapshot, init_platforms.entry_id)


@pytest.mark.parametrize("profile", ["netio_4all", "powerpdu_4ps", "powercable_101x"])
@pytest.mark.usefixtures("init_platforms")
async def test_no_inputs_no_entities(hass: HomeAssistant) -> None:
    """Devices without digital inputs get no binary sensors."""
    assert hass.states.async_all(BINARY_SENSOR_DOMAIN) == []


@pytest.mark.parametrize("profile", ["powerpdu_8qs"])
@pytest.mark.usefixtures("init_platforms")
async def test_input_follows_the_device(
    hass: HomeAssistant, device: RunningDevice, init_platforms: MockConfigEntry
) -> None:
    """A closed contact is on after the next poll; a dead device makes it unavailable."""
    entity_id = "binary_sensor.powerpdu_8qs_input_1"
    assert state_of(hass, entity_id).state == STATE_OFF
    device.device.inputs[0].state = True
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, entity_id).state == STATE_ON

    device.device.faults.set(drop=True)
    await init_platforms.runtime_data.async_refresh()
    assert state_of(hass, entity_id).state == STATE_UNAVAILABLE


@pytest.mark.parametrize(
    ("profile", "steady_inputs_spec", "platforms"),
    [
        (
            "powerdin_4pz",
            [InputSpec(name="Door"), InputSpec()],
            [Platform.BINARY_SENSOR, Platform.SENSOR],
        )
    ],
)
@pytest.mark.usefixtures("init_platforms")
async def test_input_names(hass: HomeAssistant) -> None:
    """A named input is called by its name; a factory-named one is the translated "Input N"."""
    assert state_of(hass, "binary_sensor.powerdin_4pz_door").name == "PowerDIN 4PZ Door"
    assert state_of(hass, "binary_sensor.powerdin_4pz_input_2").name == "PowerDIN 4PZ Input 2"
    assert state_of(hass, "sensor.powerdin_4pz_door_s0_counter").state == "0"
    assert state_of(hass, "sensor.powerdin_4pz_input_2_s0_counter").state == "0"
