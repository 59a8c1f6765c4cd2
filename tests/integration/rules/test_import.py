"""netio.import_rules and netio.export_rule through Home Assistant's public surface."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID, ATTR_ENTITY_ID
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import entity_registry as er
import pytest
import yaml

from custom_components.netio.const import DOMAIN

from .conftest import USER_AUTOMATION, assert_refused, call, watchdogs, written

DOCUMENT: dict[str, Any] = {
    "rules": {
        "Button": {"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/1/ACTION": 4}},
        "Office": {
            "conditions": {"INPUTS/2/STATE": "on", "OUTPUTS/3/STATE": "on"},
            "filters": {"SCHEDULE/Office hours/ACTIVE": True},
            "actions": {"OUTPUTS/2/ACTION": 1, "CLOUD/OUTPUT/2/ALARM": "${COND_RESULT}"},
            "enabled": False,
        },
        "Idle": {"conditions": {"PAB/IDLE/IN": True}, "actions": {"OUTPUTS/3/ACTION": 2}},
        "Router": {"conditions": {"WDT/ROUTER/FAIL": True}, "actions": {"OUTPUTS/1/ACTION": 2}},
    },
    "pabs": {
        "IDLE": {
            "type": "RANGE",
            "source": "OUTPUTS/1/LOAD",
            "lowerBound": 1,
            "upperBound": 20,
            "timeHysteresis": 120,
        }
    },
    "watchdogs": {
        "ROUTER": {
            "target": "127.0.0.1",
            "pingInterval": 10,
            "timeout": 2,
            "maxTimeouts": 3,
            "timeToReboot": 60,
            "maxRestarts": 1,
        }
    },
    "schedules": {"Office hours": {"mon": [["08:00", "17:30"]], "fri": [["08:00", "24:00"]]}},
}


async def test_preview_writes_nothing(hass: HomeAssistant, config_dir: Path, pdu: str) -> None:
    response = await call(hass, "import_rules", device_id=pdu, rules=json.dumps(DOCUMENT))
    assert response["valid"] is True
    assert response["created"] is False
    outcomes = {item["rule"]: item for item in response["rules"]}
    assert {name: item["outcome"] for name, item in outcomes.items()} == {
        "Button": "translated",
        "Office": "translated",
        "Idle": "translated",
        "Router": "translated",
    }
    assert outcomes["Router"]["untranslatable"] == []
    assert outcomes["Button"]["warnings"] == [
        (
            "The rule Button may still be enabled on the device: disable it there, or the device "
            "and Home Assistant both act."
        )
    ]
    assert outcomes["Office"]["warnings"] == []
    assert {name: item["blueprint"] for name, item in outcomes.items()} == {
        "Button": "netio/push_button_toggle.yaml",
        "Office": None,
        "Idle": "netio/load_watchdog.yaml",
        "Router": None,
    }
    assert [a["id"] for a in response["automations"]] == [
        outcomes[name]["automation_id"] for name in ("Button", "Office", "Idle", "Router")
    ]
    assert yaml.safe_load(response["yaml"]) == response["automations"]
    assert response["schedules"] == {"created": [], "reused": []}
    (watchdog,) = response["watchdogs"]
    assert watchdog["status"] == "new"
    assert watchdog["title"] == "NETIO ROUTER"
    assert response["automations"][3]["triggers"][0]["entity_id"] == watchdog["entity_id"]
    assert watchdogs(hass) == []
    assert written(config_dir) == [USER_AUTOMATION]
    assert hass.states.get("schedule.netio_office_hours") is None


async def test_create_writes_like_the_editor_and_replaces_only_its_own(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    response = await call(
        hass, "import_rules", device_id=pdu, rules=json.dumps(DOCUMENT), mode="create"
    )
    assert response["created"] is True
    assert response["schedules"] == {"created": ["NETIO Office hours"], "reused": []}
    automations = written(config_dir)
    assert automations[0] == USER_AUTOMATION
    ids = [item["id"] for item in automations[1:]]
    assert all(item.startswith("netio_") for item in ids)
    assert len(ids) == 4
    registry = er.async_get(hass)
    for automation_id in ids:
        entity_id = registry.async_get_entity_id("automation", "automation", automation_id)
        assert entity_id is not None
        assert hass.states.get(entity_id) is not None
    schedule = hass.states.get("schedule.netio_office_hours")
    assert schedule is not None
    office = next(item for item in automations if item["alias"] == "Office")
    assert {"condition": "state", "entity_id": "schedule.netio_office_hours", "state": "on"} in (
        office["conditions"]
    )

    # Again, after the user changed the schedule: ours are replaced, the schedule is reused.
    again = await call(
        hass, "import_rules", device_id=pdu, rules=json.dumps(DOCUMENT), mode="create"
    )
    assert again["schedules"] == {"created": [], "reused": ["NETIO Office hours"]}
    assert written(config_dir) == automations
    assert len(hass.states.async_entity_ids("schedule")) == 1
    assert [item["status"] for item in again["watchdogs"]] == ["reused"]
    assert len(watchdogs(hass)) == 1

    # Export gives the rule back.
    office_entity = registry.async_get_entity_id("automation", "automation", office["id"])
    exported = await call(hass, "export_rule", entity_id=office_entity)
    rule = exported["rules"]["Office"]
    assert rule["conditions"] == {"INPUTS/2/STATE": "on", "OUTPUTS/3/STATE": "on", "operator": "OR"}
    assert rule["filters"] == {"SCHEDULE/Office hours/ACTIVE": True}
    assert rule["actions"] == {"OUTPUTS/2/ACTION": 1, "CLOUD/OUTPUT/2/ALARM": "${COND_RESULT}"}
    assert exported["schedules"]["Office hours"]["mon"] == [["08:00", "17:30"]]
    assert exported["schedules"]["Office hours"]["fri"] == [["08:00", "24:00"]]
    assert json.loads(exported["json"])["rules"]["Office"] == rule
    idle = registry.async_get_entity_id("automation", "automation", ids[2])
    exported = await call(hass, "export_rule", entity_id=idle)
    # A blueprint instance keeps the PAB's parameters; the PAB is named after the rule.
    assert exported["pabs"] == {"Idle_LOAD": DOCUMENT["pabs"]["IDLE"]}
    assert exported["rules"]["Idle"]["conditions"] == {"PAB/Idle_LOAD/IN": True}


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("{", "not valid JSON"),
        ('{"rules": {"R": {"conditions": {"X/1": 1}, "actions": {}}}}', "X/1"),
        (
            '{"conditions": {"INPUTS/9/STATE": "on"}, "actions": {"OUTPUTS/7/ACTION": 1}}',
            "output 7",
        ),
        ('{"conditions": {"PAB/NONE/IN": true}, "actions": {"OUTPUTS/1/ACTION": 1}}', "NONE"),
    ],
)
async def test_bad_documents(
    hass: HomeAssistant, config_dir: Path, pdu: str, rules: str, message: str
) -> None:
    await assert_refused(hass, config_dir, pdu, rules, message)


async def test_refusals(
    hass: HomeAssistant, config_dir: Path, pdu: str, hass_read_only_user: Any
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=pdu, from_device=True)
    assert err.value.translation_key == "needs_configuration_access"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=pdu)
    assert err.value.translation_key == "rules_missing"
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "import_rules",
            {ATTR_DEVICE_ID: pdu, "rules": "{}"},
            blocking=True,
            return_response=True,
            context=Context(user_id=hass_read_only_user.id),
        )
    (config_dir / "configuration.yaml").write_text("automation: []\n")
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=pdu, rules=json.dumps(DOCUMENT), mode="create")
    assert err.value.translation_key == "automations_not_included"
    assert written(config_dir) == [USER_AUTOMATION]
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "export_rule", **{ATTR_ENTITY_ID: "automation.mine"})
    assert err.value.translation_key == "export_no_device"
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "export_rule", **{ATTR_ENTITY_ID: "automation.nothing"})
    assert err.value.translation_key == "export_not_found"


async def test_problems_in_home_assistants_language(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    hass.config.language = "cs"
    preview = await call(
        hass,
        "import_rules",
        device_id=pdu,
        rules='{"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/9/ACTION": 1}}',
    )
    assert preview["problems"] == ["Zařízení nemá výstup 9."]


async def test_export_refuses_what_netio_cannot_run(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    foreign = {
        "id": "user_2",
        "alias": "Lamp",
        "triggers": [{"trigger": "state", "entity_id": "switch.power_output_1", "to": "on"}],
        "actions": [{"action": "light.turn_on", "target": {"entity_id": "light.lamp"}}],
    }
    (config_dir / "automations.yaml").write_text(yaml.safe_dump([USER_AUTOMATION, foreign]))
    await hass.services.async_call("automation", "reload", blocking=True)
    entity_id = er.async_get(hass).async_get_entity_id("automation", "automation", "user_2")
    assert entity_id is not None
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "export_rule", entity_id=entity_id)
    assert err.value.translation_key == "export_unsupported_action"
    assert "light.turn_on" in str(err.value)


async def test_create_without_configuration_or_automations_file(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    rules = '{"conditions": {"INPUTS/1/STATE": "on"}, "actions": {"OUTPUTS/2/ACTION": 1}}'
    (config_dir / "configuration.yaml").unlink()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=pdu, rules=rules, mode="create")
    assert err.value.translation_key == "automations_not_included"
    (config_dir / "configuration.yaml").write_text("automation: !include automations.yaml\n")
    (config_dir / "automations.yaml").unlink()
    response = await call(hass, "import_rules", device_id=pdu, rules=rules, mode="create")
    assert response["created"] is True
    assert [item["id"] for item in written(config_dir)] == [response["automations"][0]["id"]]
