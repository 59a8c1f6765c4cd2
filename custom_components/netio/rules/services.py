"""The actions `netio.import_rules` and `netio.export_rule` (both admin only, with response data).

import_rules: a NETIO rule document (pasted JSON, or read from the device through its
configuration API) → automations for one device. `preview` shows
what each rule becomes (automations as YAML and as dicts, warnings, untranslatable parts, the
watchdogs it would create, or the problems of a bad document); `create` writes them like the
automation editor and reloads them, after creating or reusing the schedule helpers and
watchdogs (subentries) they need. Nothing is written unless the whole document is valid and
every automation passes Home Assistant's own validation.

export_rule: one automation (made by the import, or an instance of our blueprints) → NETIO rule
JSON, with the PABs, watchdogs and schedules it uses, to paste into the device's web interface.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
import json
from typing import Any, Final

from homeassistant.components.automation.config import async_validate_config_item
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID, CONF_ID
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.service import async_register_admin_service
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util.yaml import dump
import probatio as vol

from ..client.rules import (
    RuleDocument,
    Schedule,
    Variable,
    dump_document,
    parse_document,
    parse_schedule,
)
from ..const import DOMAIN
from ..coordinator import NetioCoordinator
from .export import ExportError, export_automation
from .model import Note, RuleTranslation, id_prefix
from .storage import (
    WatchdogPlan,
    async_remove_schedules,
    async_schedule_entities,
    async_schedule_items,
    async_write_automations,
    automations_included,
    create_watchdogs,
    device_entities,
    helper_name,
    installed_blueprints,
    plan_watchdogs,
    read_automations,
    remove_created_watchdogs,
    schedule_from_helper,
)
from .translate import DEFAULT_TEXTS, device_problems, translate_document
from .watchdogs import referenced_watchdogs, watchdog_problems

SERVICE_IMPORT_RULES: Final = "import_rules"
SERVICE_EXPORT_RULE: Final = "export_rule"
ATTR_RULES: Final = "rules"
ATTR_FROM_DEVICE: Final = "from_device"
ATTR_MODE: Final = "mode"
MODE_PREVIEW: Final = "preview"
MODE_CREATE: Final = "create"

IMPORT_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_DEVICE_ID): cv.string,
        vol.Optional(ATTR_RULES): vol.Any(cv.string, dict),
        vol.Optional(ATTR_FROM_DEVICE, default=False): cv.boolean,
        vol.Optional(ATTR_MODE, default=MODE_PREVIEW): vol.In([MODE_PREVIEW, MODE_CREATE]),
    }
)
EXPORT_SCHEMA = vol.Schema({vol.Required(ATTR_ENTITY_ID): cv.entity_id})

type Render = Callable[[str, Mapping[str, str]], str]


async def _async_renderer(hass: HomeAssistant) -> Render:
    """Render our translated strings (exceptions section) in Home Assistant's language."""
    strings = await async_get_translations(hass, hass.config.language, "exceptions", [DOMAIN])
    if hass.config.language != "en":
        english = await async_get_translations(hass, "en", "exceptions", [DOMAIN])
        strings = {**english, **strings}

    def render(key: str, placeholders: Mapping[str, str]) -> str:
        template = strings.get(f"component.{DOMAIN}.exceptions.{key}.message", key)
        try:
            return template.format(**placeholders)
        except KeyError, IndexError, ValueError:
            return template

    return render


def _note(render: Render, note: Note) -> str:
    return render(f"rule_note_{note.code}", note.placeholders)


def _referenced_schedules(document: RuleDocument) -> list[str]:
    return list(
        dict.fromkeys(
            str(item.name)
            for rule in document.rules.values()
            for item in rule.filters
            if item.variable is Variable.SCHEDULE_ACTIVE
        )
    )


def _invalid(mode: str, problems: list[str]) -> dict[str, Any]:
    """A bad document: refuse to create; a preview shows every problem."""
    if mode == MODE_CREATE:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="invalid_rules",
            translation_placeholders={"problems": "; ".join(problems)},
        )
    return {"valid": False, "problems": problems, "rules": [], "automations": [], "yaml": ""}


def _coordinator(hass: HomeAssistant, device_id: str) -> NetioCoordinator:
    # Imported here: the integration's services module imports this one.
    from ..services import coordinator_for_device  # noqa: PLC0415

    return coordinator_for_device(hass, device_id)


def _texts(render: Render) -> dict[str, str]:
    """The words the translator writes into automations, in Home Assistant's language."""
    texts: dict[str, str] = {}
    for key, default in DEFAULT_TEXTS.items():
        # Rendered without placeholders, a template comes back as it is (its fields intact).
        value = render(f"rules_text_{key}", {})
        texts[key] = default if value == f"rules_text_{key}" else value
    return texts


async def async_import_rules(call: ServiceCall) -> ServiceResponse:  # noqa: C901
    """Translate a NETIO rule document for a device; preview it or create the automations."""
    hass = call.hass
    coordinator = _coordinator(hass, call.data[ATTR_DEVICE_ID])
    mode = call.data[ATTR_MODE]
    render = await _async_renderer(hass)
    if call.data[ATTR_FROM_DEVICE]:
        if coordinator.settings is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="needs_configuration_access",
                translation_placeholders={"device": coordinator.config_entry.title},
            )
        document = await coordinator.async_read_rule_document()
    elif ATTR_RULES in call.data:
        document = parse_document(call.data[ATTR_RULES])
    else:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="rules_missing")
    if document.problems:
        return _invalid(
            mode,
            [
                render(
                    f"rule_problem_{problem.code.value}",
                    {"path": problem.path or "-", "detail": problem.detail},
                )
                for problem in document.problems
            ],
        )
    if mode == MODE_CREATE and not await hass.async_add_executor_job(automations_included, hass):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="automations_not_included",
            translation_placeholders={"file": "automations.yaml"},
        )
    names = _referenced_schedules(document)
    schedules: dict[str, str] = {}
    reused: list[str] = []
    if names:
        schedules, _, reused = await async_schedule_entities(hass, names)
    blueprints = await hass.async_add_executor_job(installed_blueprints, hass)
    watchdogs, notes = plan_watchdogs(hass, coordinator, document)
    entities = device_entities(
        hass,
        coordinator,
        schedules=schedules,
        blueprints=blueprints,
        watchdogs={plan.name: plan.entity_id for plan in watchdogs},
    )
    notes = [*device_problems(document, entities), *watchdog_problems(document), *notes]
    if notes:
        return _invalid(mode, [_note(render, note) for note in notes])
    texts = _texts(render)
    translations = translate_document(document, entities, texts)
    if errors := await _async_validation_errors(hass, render, translations):
        return _invalid(mode, errors)
    # Only watchdogs an automation will trigger on are created.
    needed = referenced_watchdogs(
        document, {item.rule for item in translations if item.automation is not None}
    )
    watchdogs = [plan for plan in watchdogs if plan.name in needed]
    created: list[str] = []
    if mode == MODE_CREATE and any(item.automation for item in translations):
        if names:
            schedules, created, reused = await async_schedule_entities(
                hass, names, create=_schedule_definitions(document, names)
            )
        create_watchdogs(hass, coordinator, watchdogs)
        # Again with the entity IDs the helpers and watchdogs got (normally the planned ones).
        entities = device_entities(
            hass,
            coordinator,
            schedules=schedules,
            blueprints=blueprints,
            watchdogs={plan.name: plan.entity_id for plan in watchdogs},
        )
        translations = translate_document(document, entities, texts)
        await _async_write_or_take_back(hass, coordinator, translations, created, watchdogs)
    automations = [item.automation for item in translations if item.automation is not None]
    return {
        "valid": True,
        "mode": mode,
        "created": mode == MODE_CREATE and bool(automations),
        "rules": [_outcome(render, item) for item in translations],
        "automations": automations,
        "yaml": dump(automations) if automations else "",
        "schedules": {
            "created": [helper_name(name) for name in created],
            "reused": [helper_name(name) for name in reused],
        },
        "watchdogs": [plan.as_dict() for plan in watchdogs],
        "problems": [],
    }


def _schedule_definitions(document: RuleDocument, names: Iterable[str]) -> dict[str, Schedule]:
    """The NETIO schedules behind the helpers an import creates."""
    definitions: dict[str, Schedule] = {}
    for name in names:
        schedule = document.schedule(name)
        assert schedule is not None  # noqa: S101 - the parser checked the reference
        definitions[name] = schedule
    return definitions


async def _async_write_or_take_back(
    hass: HomeAssistant,
    coordinator: NetioCoordinator,
    translations: list[RuleTranslation],
    created_schedules: list[str],
    watchdogs: list[WatchdogPlan],
) -> None:
    """Write the automations; if the file cannot be written, remove what the import created."""
    try:
        await async_write_automations(
            hass, [item.automation for item in translations if item.automation is not None]
        )
    except OSError as err:
        remove_created_watchdogs(hass, coordinator, watchdogs)
        await async_remove_schedules(hass, created_schedules)
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="automations_not_written",
            translation_placeholders={"file": "automations.yaml", "error": str(err)},
        ) from err


async def _async_validation_errors(
    hass: HomeAssistant, render: Render, translations: list[RuleTranslation]
) -> list[str]:
    """Home Assistant's own validation of every automation (the editor's)."""
    errors: list[str] = []
    for item in translations:
        if item.automation is None:
            continue
        validated = await async_validate_config_item(
            hass, item.automation[CONF_ID], item.automation
        )
        if validated is None or validated.validation_error:
            error = validated.validation_error if validated is not None else ""
            errors.append(
                render("rule_invalid_automation", {"rule": item.rule, "error": str(error)})
            )
    return errors


def _outcome(render: Render, item: RuleTranslation) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "outcome": item.outcome,
        "automation_id": item.automation[CONF_ID] if item.automation else None,
        "blueprint": item.blueprint,
        "warnings": [_note(render, note) for note in item.warnings],
        "untranslatable": [_note(render, note) for note in item.untranslatable],
    }


def _loaded_coordinators(hass: HomeAssistant) -> list[NetioCoordinator]:
    return [
        entry.runtime_data
        for entry in hass.config_entries.async_entries(DOMAIN)
        if entry.state is ConfigEntryState.LOADED
    ]


async def async_export_rule(call: ServiceCall) -> ServiceResponse:
    """One automation → NETIO rule JSON (with the PABs and schedules it needs)."""
    hass = call.hass
    entity_id = call.data[ATTR_ENTITY_ID]
    entry = er.async_get(hass).async_get(entity_id)
    configs = await hass.async_add_executor_job(read_automations, hass)
    config = next(
        (
            item
            for item in configs
            if entry is not None
            and entry.domain == "automation"
            and item.get(CONF_ID) == entry.unique_id
        ),
        None,
    )
    if config is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="export_not_found",
            translation_placeholders={"entity": entity_id},
        )
    items = await async_schedule_items(hass)
    schedules = {str(item["name"]).removeprefix("NETIO "): entity for entity, item in items.items()}
    text = json.dumps(config)
    coordinator = next(
        (
            candidate
            for candidate in _loaded_coordinators(hass)
            if str(config[CONF_ID]).startswith(id_prefix(candidate.serial))
        ),
        None,
    )
    if coordinator is None:
        coordinator = next(
            (
                candidate
                for candidate in _loaded_coordinators(hass)
                if any(
                    f'"{switch}"' in text
                    for switch in device_entities(hass, candidate).switches.values()
                )
                or f'"{candidate.device_id}"' in text
            ),
            None,
        )
    if coordinator is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="export_no_device",
            translation_placeholders={"entity": entity_id},
        )
    entities = device_entities(hass, coordinator, schedules=schedules)
    try:
        exported = export_automation(config, entities)
    except ExportError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=err.code,
            translation_placeholders=err.placeholders,
        ) from err
    document = RuleDocument(
        rules={exported.rule.name: exported.rule},
        pabs=exported.pabs,
        watchdogs=exported.watchdogs,
        schedules={
            name: parse_schedule(name, schedule_from_helper(items[schedules[name]]))
            for name in exported.schedules
        },
    )
    dumped = dump_document(document)
    return {**dumped, "json": json.dumps(dumped, indent=2)}


def async_setup_rule_services(hass: HomeAssistant) -> None:
    """Register the rule actions (admin only)."""
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_IMPORT_RULES,
        async_import_rules,
        IMPORT_SCHEMA,
        SupportsResponse.ONLY,
    )
    async_register_admin_service(
        hass,
        DOMAIN,
        SERVICE_EXPORT_RULE,
        async_export_rule,
        EXPORT_SCHEMA,
        SupportsResponse.ONLY,
    )
