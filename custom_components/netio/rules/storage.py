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
from dataclasses import dataclass
from pathlib import Path
import re
from types import MappingProxyType
from typing import Any, Final

from homeassistant.config import AUTOMATION_CONFIG_PATH, YAML_CONFIG_FILE
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import CONF_ID
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.collection import DictStorageCollection
from homeassistant.setup import async_setup_component
from homeassistant.util import slugify
from homeassistant.util.file import write_utf8_file_atomic
from homeassistant.util.yaml import dump, load_yaml

from ..client.rules import DAYS, RuleDocument, Schedule, Watchdog, format_time
from ..const import CONF_CRITICAL_OUTPUTS, DOMAIN
from ..coordinator import NetioCoordinator
from ..output_devices import output_device_name
from ..watchdog.config import CONF_OUTPUT, SUBENTRY_TYPE as WATCHDOG_SUBENTRY
from ..watchdog.runtime import problem_sensor_unique_id
from .model import BLUEPRINT_FOLDER, DeviceEntities, Note
from .watchdogs import (
    netio_name,
    referenced_watchdogs,
    subentry_data,
    watchdog_from_subentry,
    watchdog_output,
    watchdog_title,
    watchdog_unique_id,
)

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
    watchdogs: Mapping[str, str] | None = None,
) -> DeviceEntities:
    """The entities of a device, found in the entity registry by their unique IDs.

    Imported watchdogs are found by their subentries; `watchdogs` adds (or overrides) the
    problem sensors of ones still to be created.
    """
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
    found, definitions = imported_watchdogs(hass, coordinator)
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
        watchdogs={**found, **(watchdogs or {})},
        watchdog_definitions=definitions,
    )


def imported_watchdogs(
    hass: HomeAssistant, coordinator: NetioCoordinator
) -> tuple[dict[str, str], dict[str, Watchdog]]:
    """Watchdogs an import created: (NETIO name → problem sensor, NETIO name → definition)."""
    registry = er.async_get(hass)
    sensors: dict[str, str] = {}
    definitions: dict[str, Watchdog] = {}
    for subentry in coordinator.config_entry.subentries.values():
        name = netio_name(subentry.unique_id)
        if subentry.subentry_type != WATCHDOG_SUBENTRY or name is None:
            continue
        definitions[name] = watchdog_from_subentry(name, subentry.data)
        unique_id = problem_sensor_unique_id(coordinator.serial, subentry.subentry_id)
        if entity_id := registry.async_get_entity_id("binary_sensor", DOMAIN, unique_id):
            sensors[name] = entity_id
    return sensors, definitions


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


async def async_remove_schedules(hass: HomeAssistant, names: Iterable[str]) -> None:
    """Delete the helpers `NETIO <schedule>` an import has just created (it failed later)."""
    collection = await _async_schedule_collection(hass)
    wanted = {helper_name(name) for name in names}
    for item in list(collection.async_items()):
        if item["name"] in wanted:
            await collection.async_delete_item(item[CONF_ID])


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


# --- watchdogs ---------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class WatchdogPlan:
    """A NETIO watchdog a rule names: the Home Assistant watchdog that is (or will be) it."""

    name: str
    title: str
    output: int
    data: dict[str, Any]
    entity_id: str
    """Its problem binary sensor (predicted while it does not exist yet)."""
    subentry_id: str | None = None
    """The existing subentry it reuses (None: to be created)."""
    status: str = "new"
    matches_document: bool = True
    """A reused watchdog has the document's WatchDog parameters (it is reused as it is)."""

    def as_dict(self) -> dict[str, Any]:
        """What the action's response shows."""
        return {
            "watchdog": self.name,
            "title": self.title,
            "status": self.status,
            "output": self.output,
            "entity_id": self.entity_id,
            "settings": dict(self.data),
            "matches_document": self.matches_document,
        }


def plan_watchdogs(
    hass: HomeAssistant, coordinator: NetioCoordinator, document: RuleDocument
) -> tuple[list[WatchdogPlan], list[Note]]:
    """The watchdogs the document's rules need: reused by unique ID, or to be created.

    A watchdog made by hand with the title an import would give is a problem (bad input).
    """
    entry = coordinator.config_entry
    registry = er.async_get(hass)
    by_unique_id = {
        sub.unique_id: sub
        for sub in entry.subentries.values()
        if sub.subentry_type == WATCHDOG_SUBENTRY and sub.unique_id
    }
    sensors, _ = imported_watchdogs(hass, coordinator)
    plans: list[WatchdogPlan] = []
    notes: list[Note] = []
    reserved: set[str] = set()
    for name in referenced_watchdogs(document):
        title = watchdog_title(name)
        existing = by_unique_id.get(watchdog_unique_id(name))
        if existing is not None:
            output = int(existing.data[CONF_OUTPUT])
            plans.append(
                WatchdogPlan(
                    name=name,
                    title=existing.title,
                    output=output,
                    data=dict(existing.data),
                    entity_id=sensors.get(name)
                    or _problem_entity_id(registry, coordinator, output, existing.title, reserved),
                    subentry_id=existing.subentry_id,
                    status="reused",
                    matches_document=watchdog_from_subentry(name, existing.data)
                    == watchdog_from_subentry(
                        name, subentry_data(document.watchdogs[name], output)
                    ),
                )
            )
            continue
        if any(
            sub.subentry_type == WATCHDOG_SUBENTRY and sub.title.casefold() == title.casefold()
            for sub in entry.subentries.values()
        ):
            notes.append(Note("watchdog_name_taken", {"watchdog": name, "title": title}))
            continue
        output = watchdog_output(document, name, coordinator.data.outputs)
        plans.append(
            WatchdogPlan(
                name=name,
                title=title,
                output=output,
                data=subentry_data(document.watchdogs[name], output),
                entity_id=_problem_entity_id(registry, coordinator, output, title, reserved),
            )
        )
    return plans, notes


def _problem_entity_id(
    registry: er.EntityRegistry,
    coordinator: NetioCoordinator,
    output: int,
    title: str,
    reserved: set[str],
) -> str:
    """The entity ID Home Assistant gives a new watchdog's problem sensor (output device + name)."""
    entity_id = registry.async_get_available_entity_id(
        "binary_sensor",
        f"{output_device_name(coordinator, output)} {title}",
        reserved_entity_ids=reserved,
    )
    reserved.add(entity_id)
    return entity_id


def create_watchdogs(
    hass: HomeAssistant, coordinator: NetioCoordinator, plans: list[WatchdogPlan]
) -> None:
    """Add the planned watchdogs as subentries (the entry reloads and starts them).

    Each one's problem sensor is registered with its planned entity ID at once, so the
    automations written next name the entity the watchdog will have.
    """
    entry = coordinator.config_entry
    registry = er.async_get(hass)
    for plan in plans:
        if plan.subentry_id is not None:
            continue
        subentry = ConfigSubentry(
            data=MappingProxyType(plan.data),
            subentry_type=WATCHDOG_SUBENTRY,
            title=plan.title,
            unique_id=watchdog_unique_id(plan.name),
        )
        registered = registry.async_get_or_create(
            "binary_sensor",
            DOMAIN,
            problem_sensor_unique_id(coordinator.serial, subentry.subentry_id),
            config_entry=entry,
            suggested_object_id=plan.entity_id.removeprefix("binary_sensor."),
        )
        hass.config_entries.async_add_subentry(entry, subentry)
        plan.subentry_id = subentry.subentry_id
        plan.entity_id = registered.entity_id
        plan.status = "created"


def remove_created_watchdogs(
    hass: HomeAssistant, coordinator: NetioCoordinator, plans: list[WatchdogPlan]
) -> None:
    """Take back the watchdogs `create_watchdogs` added (the import failed after it)."""
    entry = coordinator.config_entry
    registry = er.async_get(hass)
    for plan in plans:
        if plan.status != "created" or plan.subentry_id is None:
            continue
        if registry.async_get(plan.entity_id) is not None:
            registry.async_remove(plan.entity_id)
        hass.config_entries.async_remove_subentry(entry, plan.subentry_id)
