"""Installing the bundled blueprints into `<config>/blueprints/automation/netio/` at setup.

They go in through Home Assistant's blueprint API (the automation integration's
`DomainBlueprints.async_add_blueprint`, which validates them and writes what it validated). A
fingerprint of every file written is kept in `.storage/netio.blueprints`, so a file the user
changed is never overwritten: when the bundled version is newer than the one the user changed, a
fixable repair issue offers to replace it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Final

from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.automation.helpers import async_get_blueprints
from homeassistant.components.blueprint import Blueprint
from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.storage import Store
from homeassistant.util.hass_dict import HassKey
from homeassistant.util.yaml import parse_yaml
import probatio as vol

from ..const import DOMAIN, LOGGER
from .model import BLUEPRINT_FOLDER

BUNDLED: Final = Path(__file__).parent.parent / "blueprints" / "automation" / BLUEPRINT_FOLDER
STORAGE_KEY: Final = f"{DOMAIN}.blueprints"
STORAGE_VERSION: Final = 1
ISSUE_PREFIX: Final = "blueprint_outdated_"
INSTALLED: HassKey[bool] = HassKey(f"{DOMAIN}_blueprints_installed")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _read_bundled() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(BUNDLED.glob("*.yaml"))}


def _read_installed(folder: Path, names: list[str]) -> dict[str, str | None]:
    return {
        name: (folder / name).read_text(encoding="utf-8") if (folder / name).is_file() else None
        for name in names
    }


def bundled_blueprint(text: str, name: str) -> Blueprint:
    """A bundled blueprint, validated by Home Assistant's automation blueprint schema."""
    data = parse_yaml(text)
    if not isinstance(data, dict):  # pragma: no cover - the bundled files are tested
        raise HomeAssistantError(f"{name} is not a blueprint")
    return Blueprint(
        data,
        path=f"{BLUEPRINT_FOLDER}/{name}",
        expected_domain="automation",
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


class _Installer:
    def __init__(self, hass: HomeAssistant) -> None:
        self.hass = hass
        self.store: Store[dict[str, dict[str, str]]] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
        self.folder = Path(hass.config.path("blueprints", "automation", BLUEPRINT_FOLDER))

    async def async_write(self, name: str, text: str, record: dict[str, dict[str, str]]) -> None:
        blueprint = bundled_blueprint(text, name)
        await async_get_blueprints(self.hass).async_add_blueprint(
            blueprint, f"{BLUEPRINT_FOLDER}/{name}", allow_override=True
        )
        record[name] = {"bundled": _sha(text), "written": _sha(blueprint.yaml())}
        ir.async_delete_issue(self.hass, DOMAIN, ISSUE_PREFIX + name)

    async def async_install(self, only: str | None = None, *, force: bool = False) -> None:
        record = await self.store.async_load() or {}
        bundled = await self.hass.async_add_executor_job(_read_bundled)
        if only is not None:
            bundled = {only: bundled[only]}
        installed = await self.hass.async_add_executor_job(
            _read_installed, self.folder, list(bundled)
        )
        for name, text in bundled.items():
            current = installed[name]
            known = record.get(name)
            expected = bundled_blueprint(text, name).yaml()
            if force or current is None:
                await self.async_write(name, text, record)
            elif current == expected:
                record[name] = {"bundled": _sha(text), "written": _sha(current)}
            elif known is not None and _sha(current) == known["written"]:
                # Ours, unchanged by the user, and the bundled version moved on: update it.
                await self.async_write(name, text, record)
            else:
                # The user changed it (or wrote their own): keep theirs, offer ours.
                ir.async_create_issue(
                    self.hass,
                    DOMAIN,
                    ISSUE_PREFIX + name,
                    is_fixable=True,
                    is_persistent=False,
                    severity=ir.IssueSeverity.WARNING,
                    translation_key="blueprint_outdated",
                    translation_placeholders={"blueprint": f"{BLUEPRINT_FOLDER}/{name}"},
                    data={"blueprint": name},
                )
        await self.store.async_save(record)


async def async_install_blueprints(hass: HomeAssistant) -> None:
    """Install or update the bundled blueprints, once per run; never overwrite a user's change."""
    if hass.data.get(INSTALLED):
        return
    hass.data[INSTALLED] = True
    try:
        await _Installer(hass).async_install()
    except (HomeAssistantError, OSError) as err:
        # Blueprints are a convenience: a read-only configuration must not stop the devices.
        LOGGER.warning("The NETIO blueprints could not be installed: %s", err)


class BlueprintOutdatedFlow(RepairsFlow):
    """Replace a blueprint the user changed with the bundled version, once they agree."""

    def __init__(self, name: str) -> None:
        """Remember which blueprint."""
        self._name = name

    async def async_step_init(self, user_input: dict[str, str] | None = None) -> RepairsFlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, str] | None = None
    ) -> RepairsFlowResult:
        """Write the bundled version over the user's."""
        if user_input is not None:
            await _Installer(self.hass).async_install(self._name, force=True)
            return self.async_create_entry(data={})
        return self.async_show_form(
            step_id="confirm",
            data_schema=vol.Schema({}),
            description_placeholders={"blueprint": f"{BLUEPRINT_FOLDER}/{self._name}"},
        )


def blueprint_fix_flow(issue_id: str, data: dict[str, Any] | None) -> RepairsFlow | None:
    """The fix flow of a blueprint issue, or None for other issues."""
    if not issue_id.startswith(ISSUE_PREFIX):
        return None
    return BlueprintOutdatedFlow(str((data or {}).get("blueprint")))
