"""Base entities: device info, unique IDs, names and availability in one place."""

from __future__ import annotations

from homeassistant.core import callback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .client.models import InputState, OutputState
from .coordinator import NetioCoordinator
from .output_devices import output_device_info

_NOT_WRITTEN = object()


class NetioEntity(CoordinatorEntity[NetioCoordinator]):
    """An entity of one NETIO device; `key` makes its unique ID `{serial}_{key}`.

    A poll writes its state only when what it shows changed: most values stand still from
    poll to poll, and each write costs Home Assistant far more than comparing a value.
    """

    _attr_has_entity_name = True

    def __init__(self, coordinator: NetioCoordinator, key: str) -> None:
        """Attach the entity to the device."""
        super().__init__(coordinator)
        self._attr_unique_id = f"{coordinator.serial}_{key}"
        self._attr_device_info = coordinator.device_info
        self._shown: object = _NOT_WRITTEN

    def shown_value(self) -> object:
        """Everything of the state that polls can change besides availability."""
        return None

    @callback
    def _handle_coordinator_update(self) -> None:
        """Write the state when availability or the shown value changed since the last write."""
        shown = (self.available, self.shown_value())
        if shown != self._shown:
            self._shown = shown
            self.async_write_ha_state()


class NetioOutputEntity(NetioEntity):
    """An entity of one output, on that output's own device; unavailable while it is missing.

    Its name is its kind alone ("Power"): Home Assistant puts the output device's name (the
    output's name on the NETIO device) in front, and the switch is just that name.
    """

    def __init__(self, coordinator: NetioCoordinator, output_id: int, key: str | None) -> None:
        """Attach the entity to output `output_id`; key None gives `{serial}_{output_id}`."""
        super().__init__(coordinator, str(output_id) if key is None else f"{output_id}_{key}")
        self.output_id = output_id
        self._attr_device_info = output_device_info(coordinator, output_id)

    @property
    def output(self) -> OutputState | None:
        """The output's latest state."""
        return self.coordinator.data.outputs.get(self.output_id)

    @property
    def available(self) -> bool:
        """Available while the device answers and still has this output."""
        return super().available and self.output_id in self.coordinator.data.outputs


class NetioInputEntity(NetioEntity):
    """An entity of one digital input.

    `{input}` in its translated name is the input's own name ("Electricity meter S0 counter",
    from the `_named` strings) or, while it has the factory name "Input N", its number ("Input 1
    S0 counter"), so a name never says "Input Input 1".
    """

    def __init__(self, coordinator: NetioCoordinator, input_id: int, key: str) -> None:
        """Attach the entity to input `input_id`."""
        super().__init__(coordinator, f"input{input_id}_{key}")
        self.input_id = input_id
        self._attr_translation_placeholders = {"input": self.custom_input_name or str(input_id)}

    @property
    def input(self) -> InputState | None:
        """The input's latest state."""
        return self.coordinator.data.inputs.get(self.input_id)

    @property
    def custom_input_name(self) -> str | None:
        """The input's name on the device unless it is the factory name "Input N"."""
        inp = self.input
        if inp is None or not inp.name or inp.name.casefold() == f"input {self.input_id}":
            return None
        return inp.name

    @property
    def available(self) -> bool:
        """Available while the device answers and still has this input."""
        return super().available and self.input_id in self.coordinator.data.inputs
