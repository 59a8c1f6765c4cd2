"""Each output is a device of its own under the PDU, so it answers to its own name (Assist)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, translation
from homeassistant.helpers.device_registry import DeviceInfo

from .const import DOMAIN
from .coordinator import NetioConfigEntry, NetioCoordinator


def translated_entity_name(
    hass: HomeAssistant, platform: str, key: str, **placeholders: str
) -> str | None:
    """The translated name of one of our entity kinds, e.g. "Output 3" (entity.switch.output).

    The platforms load the integration's entity translations before they create entities.
    """
    translations = translation.async_get_cached_translations(
        hass, hass.config.language, "entity", DOMAIN
    )
    template = translations.get(f"component.{DOMAIN}.entity.{platform}.{key}.name")
    return None if template is None else template.format(**placeholders)


def output_device_identifier(serial: str, output_id: int) -> tuple[str, str]:
    """The device registry identifier of one output's device."""
    return (DOMAIN, f"{serial}_{output_id}")


def output_device_name(coordinator: NetioCoordinator, output_id: int) -> str:
    """The output's name on the device, else the translated "Output N"."""
    output = coordinator.data.outputs.get(output_id)
    if output is not None and output.name:
        return output.name
    number = str(output_id)
    return translated_entity_name(coordinator.hass, "switch", "output", output=number) or number


def output_device_info(coordinator: NetioCoordinator, output_id: int) -> DeviceInfo:
    """The device of one output, shown under the PDU it belongs to."""
    # No manufacturer (None also clears one an older version stored): an outlet powers
    # someone else's appliance, and the actions' device pickers (services.yaml) offer only
    # devices with NETIO as manufacturer, the power strips.
    device_info = DeviceInfo(
        identifiers={output_device_identifier(coordinator.serial, output_id)},
        name=output_device_name(coordinator, output_id),
        manufacturer=None,
        model=coordinator.model,
    )
    if coordinator.device_id is not None:
        # Home Assistant 2026.10 links a device to its parent by the parent's registry ID
        # (the (domain, identifier) form, via_device, is deprecated).
        device_info["via_device_id"] = coordinator.device_id
    return device_info


@callback
def async_track_output_names(entry: NetioConfigEntry) -> None:
    """Rename an output's device when the output is renamed on the NETIO device.

    A poll only compares names; the registry is touched when a name changed, and a name the
    user gave the device in Home Assistant (name_by_user) always wins.
    """
    coordinator = entry.runtime_data
    applied: dict[int, str] = {}

    @callback
    def _rename_changed() -> None:
        registry: dr.DeviceRegistry | None = None
        for output_id in coordinator.data.outputs:
            name = output_device_name(coordinator, output_id)
            if applied.get(output_id) == name:
                continue
            registry = registry or dr.async_get(coordinator.hass)
            device = registry.async_get_device_by_identifier(
                output_device_identifier(coordinator.serial, output_id), entry.entry_id
            )
            if device is None:
                continue  # its entities create it, with this name, when they are added
            applied[output_id] = name
            if device.name != name and device.name_by_user is None:
                registry.async_update_device(device.id, name=name)

    entry.async_on_unload(coordinator.async_add_listener(_rename_changed))
