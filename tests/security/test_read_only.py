"""Read-only mode sends no write request at all, whatever the protocol and the action.

The proof is the simulated device's own request log: not one request of kind "write" arrives,
while every action Home Assistant offers is tried on every output.
"""

from __future__ import annotations

from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.netio.const import CONF_READ_ONLY, DOMAIN
from netio_simulator.runner import RunningDevice

from ..integration.conftest import device_unique_id
from .conftest import VARIANTS, make_entry, set_up, unload


def calls(
    hass: HomeAssistant, entry_id: str, device_id: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """Every action that could switch an output of the entry's device."""
    entities = [
        e
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
        if not e.disabled_by
    ]
    switches = [e.entity_id for e in entities if e.domain == Platform.SWITCH]
    buttons = [e.entity_id for e in entities if e.domain == Platform.BUTTON]
    found: list[tuple[str, str, dict[str, Any]]] = []
    for entity_id in switches:
        found += [
            ("switch", "turn_on", {"entity_id": entity_id}),
            ("switch", "turn_off", {"entity_id": entity_id}),
            ("switch", "toggle", {"entity_id": entity_id}),
            (DOMAIN, "toggle", {"entity_id": entity_id, "confirm": True}),
            (DOMAIN, "short_off", {"entity_id": entity_id, "confirm": True}),
            (DOMAIN, "short_on", {"entity_id": entity_id, "duration": {"seconds": 1}}),
        ]
    found += [("button", "press", {"entity_id": entity_id}) for entity_id in buttons]
    found += [
        (DOMAIN, "set_outputs", {"device_id": device_id, "outputs": [{"output": 1, "action": a}]})
        for a in ("on", "off", "short_off", "short_on", "toggle")
    ]
    found += [
        (DOMAIN, "all_outputs", {"device_id": device_id, "action": a, "confirm": True})
        for a in ("on", "off", "power_cycle")
    ]
    found.append(
        (DOMAIN, "all_outputs", {"device_id": device_id, "action": "on", "stagger": {"seconds": 1}})
    )
    return found


@pytest.mark.parametrize("variant", VARIANTS)
async def test_read_only_mode_sends_no_write(
    hass: HomeAssistant, secret_device: RunningDevice, variant: str
) -> None:
    """Every action is refused with a translated error and the device sees no write."""
    entry = make_entry(secret_device, variant, options={CONF_READ_ONLY: True})
    assert await set_up(hass, entry)
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, device_unique_id(secret_device)), entry.entry_id
    )
    assert device is not None
    attempts = calls(hass, entry.entry_id, device.id)
    refused: list[str] = []
    for domain, service, data in attempts:
        with pytest.raises(HomeAssistantError) as caught:
            await hass.services.async_call(domain, service, data, blocking=True)
        refused.append(str(caught.value.translation_key))
    await entry.runtime_data.async_refresh()
    await unload(hass, entry)

    assert len(attempts) > 30
    assert set(refused) == {"read_only"}
    assert secret_device.device.requests(kind="write") == []
    assert secret_device.device.requests(kind="read")  # it was read all along
