"""Fixtures of the rules tests: a configuration directory like Home Assistant's default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.config_entries import ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.netio.const import DOMAIN
from custom_components.netio.watchdog.config import SUBENTRY_TYPE

USER_AUTOMATION: dict[str, Any] = {
    "id": "user_1",
    "alias": "Mine",
    "triggers": [{"trigger": "state", "entity_id": "sun.sun"}],
    "actions": [],
}


@pytest.fixture
def expected_lingering_timers() -> bool:
    """A schedule helper keeps its next-change timer after Home Assistant stops (core's)."""
    return True


@pytest.fixture
async def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A configuration that includes automations.yaml, as Home Assistant's default one does."""
    hass.config.config_dir = str(tmp_path)
    (tmp_path / "configuration.yaml").write_text("automation: !include automations.yaml\n")
    (tmp_path / "automations.yaml").write_text(yaml.safe_dump([USER_AUTOMATION]))
    assert await async_setup_component(hass, "automation", {"automation": [USER_AUTOMATION]})
    return tmp_path


def pdu_device_id(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    """The registry ID of the power strip's device."""
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, str(entry.unique_id)), entry.entry_id
    )
    assert device is not None
    return device.id


def written(config_dir: Path) -> list[dict[str, Any]]:
    """What automations.yaml holds."""
    return yaml.safe_load((config_dir / "automations.yaml").read_text())


async def call(hass: HomeAssistant, service: str, **data: Any) -> dict[str, Any]:
    """Call a NETIO action for its response, and let what it started settle."""
    response = await hass.services.async_call(
        DOMAIN, service, data, blocking=True, return_response=True
    )
    await hass.async_block_till_done()
    assert isinstance(response, dict)
    return response


def watchdogs(hass: HomeAssistant) -> list[ConfigSubentry]:
    """The watchdog subentries of the (only) NETIO entry."""
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    return [sub for sub in entry.subentries.values() if sub.subentry_type == SUBENTRY_TYPE]


async def assert_refused(
    hass: HomeAssistant, config_dir: Path, device_id: str, rules: str, message: str
) -> None:
    """The preview names the problem, and creating refuses with it and writes nothing."""
    preview = await call(hass, "import_rules", device_id=device_id, rules=rules)
    assert preview["valid"] is False
    assert any(message in problem for problem in preview["problems"]), preview["problems"]
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=device_id, rules=rules, mode="create")
    assert err.value.translation_key == "invalid_rules"
    assert message in str(err.value)
    assert written(config_dir) == [USER_AUTOMATION]


@pytest.fixture
def profile() -> str:
    """A PowerDIN 4PZ: four metered outputs and two digital inputs."""
    return "powerdin_4pz"


@pytest.fixture
async def pdu(hass: HomeAssistant, config_dir: Path, init_integration: MockConfigEntry) -> str:
    """The PowerDIN's device ID."""
    return pdu_device_id(hass, init_integration)
