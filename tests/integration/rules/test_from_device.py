"""netio.import_rules with from_device: the rules read through the configuration API."""

from __future__ import annotations

from pathlib import Path

from homeassistant.const import CONF_SCAN_INTERVAL
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.const import (
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    CONF_BACKGROUND_DISCOVERY,
    DOMAIN,
)
from netio_simulator.credentials import Account
from netio_simulator.runner import RunningDevice

from ..conftest import device_unique_id, entry_data
from .conftest import pdu_device_id

ADMIN_USER = "root"
ADMIN_PASSWORD = "adm1n-secret"


@pytest.fixture
def profile() -> str:
    """A newer NETIO device with the configuration API and a rules engine."""
    return "powerpdu_8qs"


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady device with an administrator account and one rule of its own."""
    steady_device.device.credentials.admin = Account(ADMIN_USER, ADMIN_PASSWORD)
    assert steady_device.device.rules is not None
    steady_device.device.rules.load(
        {
            "rules": {
                "Toggle": {
                    "conditions": {"OUTPUTS/2/STATE": "off"},
                    "actions": {"OUTPUTS/1/ACTION": 4},
                    "enabled": True,
                }
            }
        }
    )
    return steady_device


@pytest.fixture
def config_entry(device: RunningDevice) -> MockConfigEntry:
    """An entry with configuration access."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=device.device.name,
        unique_id=device_unique_id(device),
        data=entry_data(
            device, **{CONF_ADMIN_USERNAME: ADMIN_USER, CONF_ADMIN_PASSWORD: ADMIN_PASSWORD}
        ),
        options={CONF_BACKGROUND_DISCOVERY: False, CONF_SCAN_INTERVAL: 10},
        version=2,
        minor_version=1,
    )


async def test_rules_read_from_the_device(
    hass: HomeAssistant, config_dir: Path, init_integration: MockConfigEntry
) -> None:
    response = await hass.services.async_call(
        DOMAIN,
        "import_rules",
        {"device_id": pdu_device_id(hass, init_integration), "from_device": True},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["valid"] is True
    (rule,) = response["rules"]
    assert rule["rule"] == "Toggle"
    assert rule["outcome"] == "translated"
    assert rule["warnings"] == [
        (
            "The rule Toggle may still be enabled on the device: disable it there, or the device "
            "and Home Assistant both act."
        )
    ]
    assert response["automations"][0]["triggers"][0]["entity_id"].startswith("switch.")
