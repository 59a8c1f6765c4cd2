"""Assist: outlets are exposed to voice control and switch the real device.

Home Assistant's default agent (2026.10) knows an entity by its computed name, "<device name>
<entity name>". Each output is a device of its own, named after the output, and its switch has
no name of its own, so the outlet is just "NAS", with or without an area. Aliases set by the
user work as well.
"""

from __future__ import annotations

from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, intent
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from netio_simulator.runner import RunningDevice

from .conftest import output_states, state_of

NAS = "switch.nas"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device: output 1 is called "NAS", output 2 "Router"."""
    return steady_device


@pytest.fixture
async def assist(hass: HomeAssistant, init_integration: MockConfigEntry) -> None:
    """Home Assistant's default conversation agent, with our device set up."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    await hass.async_block_till_done()


async def say(hass: HomeAssistant, text: str) -> intent.IntentResponse:
    """Give the default agent a sentence and return its answer."""
    result = await conversation.async_converse(hass, text, None, Context(), language="en")
    return result.response


@pytest.mark.usefixtures("assist")
async def test_exposed_by_default(hass: HomeAssistant) -> None:
    """Outlets are exposed to Assist; measurements and diagnostics are not."""
    for entity_id in ("switch.nas", "switch.output_3"):
        assert async_should_expose(hass, conversation.DOMAIN, entity_id)
    for entity_id in (
        "sensor.nas_power",
        "sensor.nas_pulse_duration",
        "button.nas_power_cycle",
    ):
        assert not async_should_expose(hass, conversation.DOMAIN, entity_id)


@pytest.mark.usefixtures("assist")
async def test_turn_off_by_output_name(hass: HomeAssistant, device: RunningDevice) -> None:
    """Out of the box, without an area, an outlet answers to the output's name alone."""
    response = await say(hass, "turn off NAS")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device) == [False, True, False, True]
    assert state_of(hass, NAS).state == "off"

    response = await say(hass, "turn on the nas")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device)[0] is True
    assert state_of(hass, NAS).state == "on"


@pytest.mark.usefixtures("assist")
async def test_turn_off_by_alias(
    hass: HomeAssistant, device: RunningDevice, entity_registry: er.EntityRegistry
) -> None:
    """An alias the user gave the outlet works too, next to its full name."""
    entry = entity_registry.async_get("switch.router")
    assert entry is not None
    entity_registry.async_update_entity(entry.entity_id, aliases=[er.COMPUTED_NAME, "internet"])

    response = await say(hass, "turn off the internet")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device)[1] is False


@pytest.mark.usefixtures("assist")
async def test_critical_output_is_not_turned_off_by_voice(
    hass: HomeAssistant,
    device: RunningDevice,
    init_integration: MockConfigEntry,
) -> None:
    """A critical output refuses a voice "turn off" like any other turn-off without confirm."""
    hass.config_entries.async_update_entry(init_integration, options={"critical_outputs": ["1"]})
    await hass.async_block_till_done()
    response = await say(hass, "turn off NAS")
    # Home Assistant does not speak our message; it says it could not do it.
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
    assert output_states(device)[0] is True
