"""WDT/<name>/FAIL through netio.import_rules and netio.export_rule: the watchdog subentry."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest

from custom_components.netio.const import DOMAIN
from custom_components.netio.watchdog.config import SUBENTRY_TYPE

from .conftest import USER_AUTOMATION, assert_refused, call, watchdogs, written

ROUTER: dict[str, Any] = {
    "target": "127.0.0.1",
    "pingInterval": 30,
    "timeout": 5,
    "maxTimeouts": 2,
    "timeToReboot": 120,
    "maxRestarts": 3,
}
RULE: dict[str, Any] = {
    "conditions": {"WDT/ROUTER/FAIL": True},
    "actions": {"OUTPUTS/2/ACTION": 2},
}
DOCUMENT: dict[str, Any] = {"rules": {"Router": RULE}, "watchdogs": {"ROUTER": ROUTER}}
PROBLEM = "binary_sensor.power_output_2_netio_router"
SETTINGS = {
    "output": 2,
    "method": "ping",
    "target": "127.0.0.1",
    "port": 80,
    "interval": 30,
    "timeout": 5,
    "max_timeouts": 2,
    "time_to_reboot": 120,
    "start_delay": 0,
    "max_restarts": 3,
    "action": "announce",
}


async def test_create_reuse_reconfigure_export(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    text = json.dumps(DOCUMENT)
    preview = await call(hass, "import_rules", device_id=pdu, rules=text)
    planned = {
        "watchdog": "ROUTER",
        "title": "NETIO ROUTER",
        "output": 2,
        "entity_id": PROBLEM,
        "settings": SETTINGS,
        "matches_document": True,
    }
    assert preview["watchdogs"] == [{**planned, "status": "new"}]
    assert preview["automations"][0]["triggers"][0]["entity_id"] == PROBLEM
    assert watchdogs(hass) == []

    created = await call(hass, "import_rules", device_id=pdu, rules=text, mode="create")
    assert created["watchdogs"] == [{**planned, "status": "created"}]
    (subentry,) = watchdogs(hass)
    assert (subentry.title, subentry.unique_id, dict(subentry.data)) == (
        "NETIO ROUTER",
        "WDT/ROUTER",
        SETTINGS,
    )
    automations = written(config_dir)
    assert automations[1]["triggers"][0]["entity_id"] == PROBLEM
    assert automations[1]["actions"] == [
        {"action": "netio.short_off", "target": {"entity_id": "switch.power_output_2"}}
    ]
    # The watchdog's entities run, on the device of the output the rule restarts.
    registry = er.async_get(hass)
    problem = registry.async_get(PROBLEM)
    assert problem is not None
    assert problem.device_id is not None
    device = dr.async_get(hass).async_get(problem.device_id)
    assert device is not None
    assert device.name == "Power output 2"
    assert hass.states.get(PROBLEM) is not None
    event = hass.states.get("event.power_output_2_netio_router")
    assert event is not None
    assert "failed" in event.attributes["event_types"]

    # The user changes the check; importing again reuses the watchdog as it is.
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    flow = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_TYPE),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": subentry.subentry_id},
    )
    result = await hass.config_entries.subentries.async_configure(
        flow["flow_id"], {**SETTINGS, "name": "NETIO ROUTER", "output": "2", "method": "tcp"}
    )
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    again = await call(hass, "import_rules", device_id=pdu, rules=text, mode="create")
    assert [item["status"] for item in again["watchdogs"]] == ["reused"]
    assert again["watchdogs"][0]["matches_document"] is True  # the check is not NETIO's
    changed = json.dumps({**DOCUMENT, "watchdogs": {"ROUTER": {**ROUTER, "timeout": 6}}})
    differs = await call(hass, "import_rules", device_id=pdu, rules=changed)
    assert differs["watchdogs"][0]["matches_document"] is False
    (subentry,) = watchdogs(hass)
    assert subentry.data["method"] == "tcp"
    assert written(config_dir) == automations
    assert hass.states.get(f"{PROBLEM}_2") is None  # no second watchdog

    # Export: the WDT rule and the watchdog definition, to paste into the device.
    automation = registry.async_get_entity_id("automation", "automation", automations[1]["id"])
    exported = await call(hass, "export_rule", entity_id=automation)
    assert exported["rules"]["Router"]["conditions"] == RULE["conditions"]
    assert exported["rules"]["Router"]["actions"] == RULE["actions"]
    assert exported["watchdogs"] == {"ROUTER": {**ROUTER, "startDelay": 0}}
    assert json.loads(exported["json"])["watchdogs"] == exported["watchdogs"]


def _document(**watchdog: Any) -> str:
    return json.dumps({"rules": {"Router": RULE}, "watchdogs": {"ROUTER": {**ROUTER, **watchdog}}})


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            json.dumps({"rules": {"Router": RULE}}),
            "names the watchdog 'ROUTER', which the rules do not define",
        ),
        (_document(pingInterval=100_000), "pingInterval 100000 is out of range (1 to 86400)"),
        (_document(maxRestarts=5000), "maxRestarts 5000 is out of range (-1 to 1000)"),
        (_document(timeout=60), "the timeout may not be longer than pingInterval"),
        (_document(target=""), "target"),
    ],
)
async def test_bad_watchdogs_write_nothing(
    hass: HomeAssistant, config_dir: Path, pdu: str, rules: str, message: str
) -> None:
    await assert_refused(hass, config_dir, pdu, rules, message)
    assert watchdogs(hass) == []


async def test_a_hand_made_watchdog_with_the_name_is_refused(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    mine = ConfigSubentry(
        data=MappingProxyType({**SETTINGS, "action": "power_cycle"}),
        subentry_type=SUBENTRY_TYPE,
        title="netio router",
        unique_id=None,
    )
    hass.config_entries.async_add_subentry(entry, mine)
    await hass.async_block_till_done()
    with pytest.raises(ServiceValidationError) as err:
        await call(hass, "import_rules", device_id=pdu, rules=json.dumps(DOCUMENT), mode="create")
    assert "NETIO ROUTER" in str(err.value)
    assert watchdogs(hass) == [mine]
    assert written(config_dir) == [USER_AUTOMATION]


async def test_disabled_on_the_device_is_said(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    preview = await call(hass, "import_rules", device_id=pdu, rules=_document(enabled=False))
    (outcome,) = preview["rules"]
    assert outcome["warnings"][-1] == (
        "The watchdog ROUTER is disabled on the device, but its Home Assistant watchdog runs: "
        "switch it off there if the rule should stay idle."
    )


async def test_no_watchdog_for_a_rule_left_out(
    hass: HomeAssistant, config_dir: Path, pdu: str
) -> None:
    rules = json.dumps(
        {
            "rules": {
                "Router": {
                    "conditions": {"WDT/ROUTER/FAIL": True, "SYSTEM/DEVICE_POWER_UP": True},
                    "actions": {"OUTPUTS/2/ACTION": 2},
                },
                "Button": {
                    "conditions": {"INPUTS/1/STATE": "on"},
                    "actions": {"OUTPUTS/1/ACTION": 4},
                },
            },
            "watchdogs": {"ROUTER": ROUTER},
        }
    )
    response = await call(hass, "import_rules", device_id=pdu, rules=rules, mode="create")
    assert [item["outcome"] for item in response["rules"]] == ["not_translated", "translated"]
    assert response["watchdogs"] == []
    assert watchdogs(hass) == []


async def test_a_file_that_cannot_be_written_takes_everything_back(
    hass: HomeAssistant, config_dir: Path, pdu: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schedule helper and the watchdog made for the automations go when the file fails."""
    document = {
        **DOCUMENT,
        "rules": {"Router": {**RULE, "filters": {"SCHEDULE/Office hours/ACTIVE": True}}},
        "schedules": {"Office hours": {"mon": [["08:00", "17:30"]]}},
    }
    before = written(config_dir)

    def disk_full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("custom_components.netio.rules.storage.write_utf8_file_atomic", disk_full)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, "import_rules", device_id=pdu, rules=json.dumps(document), mode="create")
    assert err.value.translation_key == "automations_not_written"
    assert "No space left on device" in str(err.value)
    await hass.async_block_till_done()
    assert watchdogs(hass) == []
    assert er.async_get(hass).async_get(PROBLEM) is None
    assert hass.states.async_entity_ids("schedule") == []
    assert written(config_dir) == before
