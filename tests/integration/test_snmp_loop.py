"""An SNMP device set up, polled and switched with Home Assistant's blocking-call detection on.

pysnmp builds its engine from MIB modules it reads from disk; none of that may happen in the
event loop (Home Assistant logs a warning with a traceback for each blocking call it sees).
"""

import logging

from homeassistant import block_async_io
from homeassistant.const import CONF_HOST, SERVICE_TURN_OFF, SERVICE_TURN_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.const import (
    CONF_PROTOCOL,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_AUTH_PROTOCOL,
    CONF_SNMP_PORT,
    CONF_SNMP_PRIV_KEY,
    CONF_SNMP_PRIV_PROTOCOL,
    CONF_SNMP_USERNAME,
    CONF_SNMP_VERSION,
    DOMAIN,
)
from netio_simulator.credentials import Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .conftest import device_unique_id

V3_USER = SnmpV3User("admin", "sha", "auth-pass-1", "aes", "priv-pass-1", access="rw")


@pytest.fixture
def blocking_calls_detected(disable_block_async_io: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Home Assistant's detection of blocking calls in the event loop, as in production.

    Under pytest Home Assistant leaves out the checks of file opens and imports; they are the
    ones pysnmp's MIB loading trips, so they are on here as they are in production.
    """
    monkeypatch.setattr(block_async_io, "_IN_TESTS", False)
    block_async_io.enable()


def snmp_data(device: RunningDevice, version: str) -> dict[str, object]:
    """Entry data for the simulated device's SNMP agent."""
    data: dict[str, object] = {
        CONF_HOST: "127.0.0.1",
        CONF_PROTOCOL: "snmp",
        CONF_SNMP_PORT: device.ports["snmp"],
        CONF_SNMP_VERSION: version,
    }
    if version == "v3":
        data |= {
            CONF_SNMP_USERNAME: V3_USER.username,
            CONF_SNMP_AUTH_PROTOCOL: V3_USER.auth_protocol,
            CONF_SNMP_AUTH_KEY: V3_USER.auth_key,
            CONF_SNMP_PRIV_PROTOCOL: V3_USER.priv_protocol,
            CONF_SNMP_PRIV_KEY: V3_USER.priv_key,
        }
    return data


@pytest.mark.parametrize("version", ["v2c", "v3"])
async def test_snmp_device_never_blocks_the_loop(
    hass: HomeAssistant,
    socket_enabled: None,
    blocking_calls_detected: None,
    caplog: pytest.LogCaptureFixture,
    version: str,
) -> None:
    """Setup, polls and a switch over SNMP: no blocking call in the event loop."""
    # A blocking call seen before is reported again at debug level only.
    caplog.set_level(logging.DEBUG, logger="homeassistant.util.loop")
    credentials = Credentials(snmp=SnmpCredentials(v3_users=[V3_USER]))
    async with simulated_device(
        "powerpdu_4c", protocols=frozenset({"snmp"}), credentials=credentials
    ) as device:
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="PowerPDU 4C",
            unique_id=device_unique_id(device),
            data=snmp_data(device, version),
            version=2,
            minor_version=1,
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        switches = [
            e.entity_id
            for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
            if e.domain == "switch"
        ]
        assert switches
        for service in (SERVICE_TURN_OFF, SERVICE_TURN_ON):
            await hass.services.async_call(
                "switch", service, {"entity_id": switches[0]}, blocking=True
            )
        await entry.runtime_data.async_refresh()
        assert entry.runtime_data.last_update_success
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()
    blocking = [
        r.getMessage()
        for r in caplog.records
        if "blocking call" in r.getMessage() and f"integration '{DOMAIN}'" in r.getMessage()
    ]
    assert not blocking, blocking
