"""Assist: outlets are exposed to voice control and switch the real device.

How Home Assistant's default agent (2026.10) names an entity: the entity registry's computed
name, i.e. "<device name> <entity name>" for a `has_entity_name` entity ("NETIO 4All NAS"). The
device part drops out once the entity itself has an area, so an outlet placed in a room answers
to its output name alone ("NAS"). Aliases set by the user work as well.
"""

from __future__ import annotations

from homeassistant.components import conversation
from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import area_registry as ar, entity_registry as er, intent
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from netio_simulator.runner import RunningDevice

from .conftest import output_states, state_of

NAS = "switch.netio_4all_nas"


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
    for entity_id in ("switch.netio_4all_nas", "switch.netio_4all_output_3"):
        assert async_should_expose(hass, conversation.DOMAIN, entity_id)
    for entity_id in (
        "sensor.netio_4all_nas_power",
        "sensor.netio_4all_nas_pulse_duration",
        "button.netio_4all_nas_power_cycle",
    ):
        assert not async_should_expose(hass, conversation.DOMAIN, entity_id)


@pytest.mark.usefixtures("assist")
async def test_turn_off_by_device_and_output_name(
    hass: HomeAssistant, device: RunningDevice
) -> None:
    """Out of the box an outlet answers to "<device> <output>"."""
    response = await say(hass, "turn off NETIO 4All NAS")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device)[0] is False
    assert state_of(hass, NAS).state == "off"

    response = await say(hass, "turn on netio 4all nas")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device)[0] is True


@pytest.mark.usefixtures("assist")
async def test_turn_off_by_output_name_in_an_area(
    hass: HomeAssistant,
    device: RunningDevice,
    area_registry: ar.AreaRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """An outlet the user put in a room answers to the output's name alone."""
    office = area_registry.async_create("Office")
    entity_registry.async_update_entity(NAS, area_id=office.id)

    response = await say(hass, "turn off NAS")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device) == [False, True, False, True]

    response = await say(hass, "turn on the NAS in the office")
    assert response.response_type is intent.IntentResponseType.ACTION_DONE
    assert output_states(device)[0] is True


@pytest.mark.usefixtures("assist")
async def test_turn_off_by_alias(
    hass: HomeAssistant, device: RunningDevice, entity_registry: er.EntityRegistry
) -> None:
    """An alias the user gave the outlet works too, next to its full name."""
    entry = entity_registry.async_get("switch.netio_4all_router")
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
    response = await say(hass, "turn off NETIO 4All NAS")
    # Home Assistant does not speak our message; it says it could not do it.
    assert response.response_type is intent.IntentResponseType.ERROR
    assert response.error_code is intent.IntentResponseErrorCode.FAILED_TO_HANDLE
    assert output_states(device)[0] is True
