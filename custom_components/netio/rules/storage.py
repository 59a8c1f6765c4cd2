"""Where imported rules land in Home Assistant: automations.yaml, schedule helpers, entities.

Automations are written the way the automation editor writes them (homeassistant/components/
config/automation.py): read `automations.yaml`, replace or append by `id`, write the file
atomically with Home Assistant's YAML dumper, then reload each automation by its id. Schedules
become schedule helpers through the schedule integration's own storage collection (the one its
UI edits), named `NETIO <schedule>` and reused by that name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from pathlib import Path
import re
from typing import Any, Final

from homeassistant.config import AUTOMATION_CONFIG_PATH, YAML_CONFIG_FILE
from homeassistant.const import CONF_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.collection import DictStorageCollection
from homeassistant.setup import async_setup_component
from homeassistant.util import slugify
from homeassistant.util.file import write_utf8_file_atomic
from homeassistant.util.yaml import dump, load_yaml

from ..client.rules import DAYS, Schedule, format_time
from ..const import CONF_CRITICAL_OUTPUTS, DOMAIN
from ..coordinator import NetioCoordinator
from .model import BLUEPRINT_FOLDER, DeviceEntities

SCHEDULE_DOMAIN: Final = "schedule"
HA_DAYS: Final = dict(
    zip(
        DAYS,
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        strict=True,
    )
)
_INCLUDE = re.compile(
    rf"^automation[^:\n]*:\s*!include\s+['\"]?{re.escape(AUTOMATION_CONFIG_PATH)}['\"]?\s*$",
    re.MULTILINE,
)
_LOCK: Final = asyncio.Lock()


# --- the device's entities ---------------------------------------------------------------------


def device_entities(
    hass: HomeAssistant,
    coordinator: NetioCoordinator,
    *,
    schedules: Mapping[str, str] | None = None,
    blueprints: Iterable[str] = (),
) -> DeviceEntities:
    """The entities of a device, found in the entity registry by their unique IDs."""
    registry = er.async_get(hass)
    serial = coordinator.serial

    def find(domain: str, key: str) -> str | None:
        return registry.async_get_entity_id(domain, DOMAIN, f"{serial}_{key}")

    def per_output(domain: str, suffix: str) -> dict[int, str]:
        found = {number: find(domain, f"{number}{suffix}") for number in coordinator.data.outputs}
        return {number: entity for number, entity in found.items() if entity}

    inputs = {
        number: find("binary_sensor", f"input{number}_state") for number in coordinator.data.inputs
    }
    options = coordinator.config_entry.options
    return DeviceEntities(
        serial=serial,
        device_id=str(coordinator.device_id),
        name=coordinator.config_entry.title,
        switches=per_output("switch", ""),
        power=per_output("sensor", "_power"),
        current=per_output("sensor", "_current"),
        inputs={number: entity for number, entity in inputs.items() if entity},
        total_power=find("sensor", "total_power"),
        total_current=find("sensor", "total_current"),
        last_boot=find("sensor", "last_boot"),
        critical_outputs=frozenset(int(o) for o in options.get(CONF_CRITICAL_OUTPUTS, [])),
        home=(hass.config.latitude, hass.config.longitude),
        schedules=dict(schedules or {}),
        blueprints=frozenset(blueprints),
    )


def installed_blueprints(hass: HomeAssistant) -> set[str]:
    """Our blueprints present in the configuration (`netio/<file>.yaml`), read in the executor."""
    folder = Path(hass.config.path("blueprints", "automation", BLUEPRINT_FOLDER))
    if not folder.is_dir():
        return set()
    return {f"{BLUEPRINT_FOLDER}/{path.name}" for path in folder.glob("*.yaml")}


# --- schedule helpers --------------------------------------------------------------------------


def helper_name(schedule: str) -> str:
    """The name of the schedule helper a NETIO schedule becomes."""
    return f"NETIO {schedule}"


def helper_data(schedule: Schedule) -> dict[str, Any]:
    """A NETIO schedule as the schedule helper's storage item (without id)."""
    data: dict[str, Any] = {"name": helper_name(schedule.name)}
    for day, intervals in schedule.days:
        data[HA_DAYS[day]] = [
            {
                "from": format_time(item.start_s) + ("" if item.start_s % 60 else ":00"),
                "to": format_time(item.end_s) + ("" if item.end_s % 60 else ":00"),
            }
            for item in intervals
        ]
    return data


async def _async_schedule_collection(hass: HomeAssistant) -> DictStorageCollection:
    """The schedule integration's storage collection (what its UI creates helpers with)."""
    if not await async_setup_component(hass, SCHEDULE_DOMAIN, {}):
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="schedule_unavailable")
    handlers: Mapping[str, Any] = hass.data.get("websocket_api", {})
    handler = handlers.get(f"{SCHEDULE_DOMAIN}/list", (None,))[0]
    collection = getattr(getattr(handler, "__self__", None), "storage_collection", None)
    if not isinstance(collection, DictStorageCollection):
        raise HomeAssistantError(translation_domain=DOMAIN, translation_key="schedule_unavailable")
    return collection


async def async_schedule_entities(
    hass: HomeAssistant, names: Iterable[str], *, create: Mapping[str, Schedule] | None = None
) -> tuple[dict[str, str], list[str], list[str]]:
    """Schedule helpers for NETIO schedules: (name → entity ID, created, reused).

    Existing helpers named `NETIO <schedule>` are reused as they are (the user may have edited
    them). Missing ones are created from `create` when given; otherwise their entity ID is the
    one the helper will get.
    """
    collection = await _async_schedule_collection(hass)
    registry = er.async_get(hass)
    by_name = {item["name"]: item for item in collection.async_items()}
    result: dict[str, str] = {}
    created: list[str] = []
    reused: list[str] = []
    for name in dict.fromkeys(names):
        item = by_name.get(helper_name(name))
        if item is None and create is not None:
            item = await collection.async_create_item(helper_data(create[name]))
            created.append(name)
        elif item is not None:
            reused.append(name)
        entity_id = (
            registry.async_get_entity_id(SCHEDULE_DOMAIN, SCHEDULE_DOMAIN, item[CONF_ID])
            if item is not None
            else None
        )
        result[name] = entity_id or f"{SCHEDULE_DOMAIN}.{slugify(helper_name(name))}"
    return result, created, reused


async def async_schedule_items(hass: HomeAssistant) -> dict[str, dict[str, Any]]:
    """Schedule helper items by entity ID (for the export of schedules)."""
    collection = await _async_schedule_collection(hass)
    registry = er.async_get(hass)
    items: dict[str, dict[str, Any]] = {}
    for item in collection.async_items():
        entity_id = registry.async_get_entity_id(SCHEDULE_DOMAIN, SCHEDULE_DOMAIN, item[CONF_ID])
        if entity_id:
            items[entity_id] = item
    return items


def schedule_from_helper(item: Mapping[str, Any]) -> dict[str, Any]:
    """A schedule helper's item as a NETIO schedule (HH:MM[:SS], 24:00 at the end of a day)."""

    def short(value: str) -> str:
        return value[:5] if value.endswith(":00") and len(value) == 8 else value  # noqa: PLR2004

    return {
        day: [[short(str(r["from"])), short(str(r["to"]))] for r in item.get(HA_DAYS[day], [])]
        for day in DAYS
    }


# --- automations.yaml --------------------------------------------------------------------------


def automations_included(hass: HomeAssistant) -> bool:
    """Whether configuration.yaml includes automations.yaml (the editor's file); executor."""
    path = Path(hass.config.path(YAML_CONFIG_FILE))
    try:
        return bool(_INCLUDE.search(path.read_text(encoding="utf-8")))
    except OSError:
        return False


def read_automations(hass: HomeAssistant) -> list[dict[str, Any]]:
    """The automations in automations.yaml (executor)."""
    path = hass.config.path(AUTOMATION_CONFIG_PATH)
    if not Path(path).is_file():
        return []
    current = load_yaml(path)
    return list(current) if isinstance(current, list) else []


def _write(path: str, automations: list[dict[str, Any]]) -> None:
    contents = dump(automations)  # before opening: a dump error must not truncate the file
    write_utf8_file_atomic(path, contents)


async def async_write_automations(hass: HomeAssistant, configs: list[dict[str, Any]]) -> None:
    """Replace (same id) or append each automation, write the file, reload each by id."""
    if not await hass.async_add_executor_job(automations_included, hass):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="automations_not_included",
            translation_placeholders={"file": AUTOMATION_CONFIG_PATH},
        )
    async with _LOCK:
        current = await hass.async_add_executor_job(read_automations, hass)
        by_id = {str(item.get(CONF_ID)): index for index, item in enumerate(current)}
        for config in configs:
            index = by_id.get(config[CONF_ID])
            if index is None:
                current.append(config)
            else:
                current[index] = config
        await hass.async_add_executor_job(_write, hass.config.path(AUTOMATION_CONFIG_PATH), current)
    for config in configs:
        await hass.services.async_call(
            "automation", "reload", {CONF_ID: config[CONF_ID]}, blocking=True
        )
