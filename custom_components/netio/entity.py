"""Base entities: device info, unique IDs and availability in one place."""

from __future__ import annotations

from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client.models import InputState, OutputState
from .coordinator import NetioCoordinator


class NetioEntity(CoordinatorEntity[NetioCoordinator]):
    """An entity of one NETIO device; `key` makes its unique ID `{serial}_{key}`."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: NetioCoordinator, key: str) -> None:
        """Attach the entity to the device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{coordinator.serial}_{key}"
        self._attr_device_info = coordinator.device_info


class NetioOutputEntity(NetioEntity):
    """An entity of one output; unavailable while the device does not report that output."""

    def __init__(self, coordinator: NetioCoordinator, output_id: int, key: str | None) -> None:
        """Attach the entity to output `output_id`; key None gives `{serial}_{output_id}`."""
        super().__init__(coordinator, str(output_id) if key is None else f"{output_id}_{key}")
        self.output_id = output_id
        self._attr_translation_placeholders = {"output": self.output_label}

    @property
    def output(self) -> OutputState | None:
        """The output's latest state."""
        return self.coordinator.data.outputs.get(self.output_id)

    @property
    def output_label(self) -> str:
        """The output's name on the device, else its number."""
        output = self.coordinator.data.outputs.get(self.output_id)
        if output is not None and output.name:
            return output.name
        return str(self.output_id)

    @property
    def available(self) -> bool:
        """Available while the device answers and still has this output."""
        return super().available and self.output_id in self.coordinator.data.outputs


class NetioInputEntity(NetioEntity):
    """An entity of one digital input."""

    def __init__(self, coordinator: NetioCoordinator, input_id: int, key: str) -> None:
        """Attach the entity to input `input_id`."""
        super().__init__(coordinator, f"input{input_id}_{key}")
        self.input_id = input_id
        inp = coordinator.data.inputs.get(input_id)
        self._attr_translation_placeholders = {
            "input": inp.name if inp is not None and inp.name else str(input_id)
        }

    @property
    def input(self) -> InputState | None:
        """The input's latest state."""
        return self.coordinator.data.inputs.get(self.input_id)

    @property
    def available(self) -> bool:
        """Available while the device answers and still has this input."""
        return super().available and self.input_id in self.coordinator.data.inputs
