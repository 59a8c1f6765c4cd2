"""The bundled blueprints: valid, installed without overwriting a user's change, and working."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.netio.const import DOMAIN
from custom_components.netio.rules import blueprints as module
from custom_components.netio.rules.blueprints import BUNDLED, bundled_blueprint
from custom_components.netio.rules.model import POWER_UP_EVENT
from netio_simulator.runner import RunningDevice

from .conftest import pdu_device_id

ROOT = Path(__file__).parents[3]
TOP_LEVEL = ROOT / "blueprints" / "automation" / "netio"
NAMES = sorted(path.name for path in TOP_LEVEL.glob("*.yaml"))


def test_bundled_copy_equals_the_top_level_one() -> None:
    assert sorted(path.name for path in BUNDLED.glob("*.yaml")) == NAMES
    assert len(NAMES) == 9
    for name in NAMES:
        assert (TOP_LEVEL / name).read_bytes() == (BUNDLED / name).read_bytes(), name


@pytest.mark.parametrize("name", NAMES)
def test_blueprint_schema(name: str) -> None:
    blueprint = bundled_blueprint((TOP_LEVEL / name).read_text(), name)
    assert blueprint.validate() is None
    metadata = blueprint.metadata
    assert metadata["source_url"].endswith(f"/blueprints/automation/netio/{name}")
    assert metadata["homeassistant"]["min_version"] == "2026.10.0"
    netio_filtered = [
        item
        for spec in metadata["input"].values()
        for selector in spec["selector"].values()
        if isinstance(selector, dict)
        for item in selector.get("filter", [])
        if item.get("integration") == DOMAIN
    ]
    assert netio_filtered, name


async def test_installed_at_setup_and_user_changes_kept(
    hass: HomeAssistant, config_dir: Path, init_integration: MockConfigEntry
) -> None:
    folder = config_dir / "blueprints" / "automation" / "netio"
    assert sorted(path.name for path in folder.glob("*.yaml")) == NAMES
    # A file the user changed stays theirs; a newer bundled version raises a fixable issue.
    changed = folder / "push_button_toggle.yaml"
    changed.write_text(changed.read_text().replace("mode: queued", "mode: restart"))
    installer = module._Installer(hass)
    record = await installer.store.async_load()
    assert record is not None
    record["push_button_toggle.yaml"]["bundled"] = "older"
    await installer.store.async_save(record)
    await installer.async_install()
    assert "mode: restart" in changed.read_text()
    issue_id = "blueprint_outdated_push_button_toggle.yaml"
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    # An unchanged file of ours follows the bundled version.
    record = await installer.store.async_load()
    assert record is not None
    record["daylight_on_off.yaml"]["bundled"] = "older"
    (folder / "after_power_up.yaml").unlink()
    await installer.store.async_save(record)
    await installer.async_install()
    assert (folder / "after_power_up.yaml").is_file()

    # The repair replaces the user's file with the bundled version.
    flow = module.blueprint_fix_flow(issue_id, dict(issue.data or {}))
    assert flow is not None
    assert module.blueprint_fix_flow("other", None) is None
    flow.hass = hass
    form = await flow.async_step_init()
    assert form["type"] == "form"
    assert form["description_placeholders"] == {"blueprint": "netio/push_button_toggle.yaml"}
    done = await flow.async_step_confirm({})
    assert done["type"] == "create_entry"
    assert "mode: restart" not in changed.read_text()
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


def instance(path: str, inputs: dict[str, Any], alias: str) -> dict[str, Any]:
    return {"id": alias, "alias": alias, "use_blueprint": {"path": path, "input": inputs}}


async def test_every_blueprint_instantiates_and_works(
    hass: HomeAssistant,
    config_dir: Path,
    init_integration: MockConfigEntry,
    device: RunningDevice,
) -> None:
    switches = {n: f"switch.power_output_{n}" for n in range(1, 5)}
    button = "binary_sensor.powerdin_4pz_input_1"
    device_id = pdu_device_id(hass, init_integration)
    assert await async_setup_component(hass, "schedule", {"schedule": {"work": {"name": "Work"}}})
    configs = [
        instance(
            "netio/push_button_toggle.yaml", {"button": button, "outlets": [switches[1]]}, "b1"
        ),
        instance(
            "netio/load_watchdog.yaml",
            {
                "sensor": "sensor.power_output_1_power",
                "lower": 1,
                "upper": 20,
                "hysteresis": 120,
                "outlets": [switches[2]],
                "action": "short_off",
            },
            "b2",
        ),
        instance(
            "netio/power_zones.yaml",
            {
                "sensor": "sensor.power_output_1_power",
                "thresholds": "50, 100",
                "zone": 2,
                "outlets": [switches[2]],
                "action": "off",
            },
            "b3",
        ),
        instance("netio/daylight_on_off.yaml", {"outlets": [switches[3]]}, "b4"),
        instance(
            "netio/after_power_up.yaml",
            {"device": device_id, "outlets": [switches[4]], "action": "off"},
            "b5",
        ),
        instance(
            "netio/repeat_sequence.yaml",
            {"trigger_entity": switches[3], "outlet": switches[2], "repeat": 2},
            "b6",
        ),
        instance(
            "netio/outputs_follow_schedule.yaml",
            {"schedule": "schedule.work", "outlets": [switches[3]], "confirm_off": True},
            "b7",
        ),
        instance(
            "netio/overload_protection.yaml",
            {"sensor": "sensor.powerdin_4pz_total_power", "limit": 3000, "outlets": [switches[4]]},
            "b8",
        ),
        instance(
            "netio/ping_watchdog_restart.yaml",
            {"connectivity": "binary_sensor.router", "outlet": switches[2]},
            "b9",
        ),
    ]
    (config_dir / "automations.yaml").write_text(yaml.safe_dump(configs))
    await hass.services.async_call(AUTOMATION_DOMAIN, "reload", blocking=True)
    await hass.async_block_till_done()
    registry = er.async_get(hass)
    for config in configs:
        entity_id = registry.async_get_entity_id(AUTOMATION_DOMAIN, AUTOMATION_DOMAIN, config["id"])
        assert entity_id is not None, config["id"]
        state = hass.states.get(entity_id)
        assert state is not None
        assert state.state == STATE_ON, config["id"]

    # The push button toggles output 1 on the device.
    sim = device.device
    before = sim.output(1).state
    sim.input(1).state = False
    await init_integration.runtime_data.async_refresh()
    sim.input(1).state = True
    await init_integration.runtime_data.async_refresh()
    await hass.async_block_till_done()
    assert sim.output(1).state is not before

    # A power-up event of this device switches output 4 off.
    sim.set_state(4, on=True)
    hass.bus.async_fire(POWER_UP_EVENT, {"device_id": device_id})
    await hass.async_block_till_done()
    assert sim.output(4).state is False
    assert hass.states.get(switches[4]).state == STATE_OFF
