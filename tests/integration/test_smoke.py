"""First end-to-end run: Home Assistant, the integration and a simulated device."""

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from netio_simulator.runner import RunningDevice


async def test_setup_and_switch(
    hass: HomeAssistant, device: RunningDevice, init_integration: MockConfigEntry
) -> None:
    assert init_integration.state is ConfigEntryState.LOADED
    states = hass.states.async_all("switch")
    assert len(states) == 4
    entity_id = states[0].entity_id
    await hass.services.async_call("switch", "turn_off", {"entity_id": entity_id}, blocking=True)
    assert hass.states.get(entity_id).state == "off"
    assert device.device.outputs[0].state is False
