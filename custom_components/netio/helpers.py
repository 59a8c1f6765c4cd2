"""Small helpers the platforms share."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from homeassistant.core import callback
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import NetioConfigEntry


@callback
def async_add_dynamic_entities[K](
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    keys: Callable[[], Iterable[K]],
    create: Callable[[K], Iterable[Entity]],
) -> None:
    """Add entities for every key now, and for keys the device reports later (dynamic devices).

    `keys` lists what the device has now (output IDs, or (output ID, value) pairs for values
    that appear later); `create` makes the entities of one key. A key is added once.
    """
    coordinator = entry.runtime_data
    known: set[K] = set()

    @callback
    def _add_new() -> None:
        new = [key for key in keys() if key not in known]
        if not new:
            return
        known.update(new)
        async_add_entities([entity for key in new for entity in create(key)])

    _add_new()
    entry.async_on_unload(coordinator.async_add_listener(_add_new))
