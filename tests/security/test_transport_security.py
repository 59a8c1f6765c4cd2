"""HTTPS verifies certificates unless the user opts out; SNMPv3 authPriv works end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_HOST, CONF_PORT, CONF_SSL, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest

from custom_components.netio.connection import connection_config
from custom_components.netio.const import CONF_SNMP_PRIV_KEY, DOMAIN
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from ..integration.conftest import device_unique_id
from .conftest import credentials, make_entry, set_up, unload


@pytest.fixture
async def https_device(socket_enabled: None) -> AsyncIterator[RunningDevice]:
    """A device serving its JSON API over HTTPS with a self-signed certificate."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"json"}), https=True, credentials=credentials()
    ) as dev:
        yield dev


def test_certificates_are_verified_unless_turned_off() -> None:
    """An entry that says nothing about verification verifies."""
    settings = connection_config({CONF_HOST: "pdu.example", CONF_SSL: True})
    assert settings.use_tls
    assert settings.verify_tls


async def test_a_self_signed_certificate_is_refused_by_default(
    hass: HomeAssistant, https_device: RunningDevice
) -> None:
    """Verification on: setup is retried later, and the reason names the certificate."""
    entry = make_entry(
        https_device, "json", **{CONF_PORT: https_device.ports["https"], CONF_SSL: True}
    )
    # In debug mode asyncio reports the handshake the client aborted as a server-side loop
    # error (the simulator's, not the integration's); a real loop stays quiet.
    debug = hass.loop.get_debug()
    hass.loop.set_debug(False)
    try:
        assert not await set_up(hass, entry)
    finally:
        hass.loop.set_debug(debug)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "certificate" in str(entry.reason)
    assert https_device.device.requests() == []  # nothing reached the device's API
    await unload(hass, entry)


async def test_a_self_signed_certificate_with_verification_off(
    hass: HomeAssistant, https_device: RunningDevice
) -> None:
    """The explicit opt-out reads and switches over HTTPS."""
    entry = make_entry(
        https_device,
        "json",
        **{CONF_PORT: https_device.ports["https"], CONF_SSL: True, CONF_VERIFY_SSL: False},
    )
    assert await set_up(hass, entry)
    switch = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{device_unique_id(https_device)}_1"
    )
    assert switch is not None
    await hass.services.async_call("switch", "turn_off", {"entity_id": switch}, blocking=True)
    assert https_device.device.outputs[0].state is False
    assert https_device.device.requests(protocol="json", kind="write")
    await unload(hass, entry)


@pytest.mark.parametrize("variant", ["snmp_v3"])
async def test_snmpv3_auth_priv_end_to_end(
    hass: HomeAssistant, secret_device: RunningDevice, variant: str
) -> None:
    """SHA-256 authentication with AES privacy: read, switch, and the state follows."""
    entry = make_entry(secret_device, variant)
    assert await set_up(hass, entry)
    assert entry.runtime_data.protocol == "snmp"
    switch = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{device_unique_id(secret_device)}_2"
    )
    assert switch is not None
    await hass.services.async_call("switch", "turn_off", {"entity_id": switch}, blocking=True)
    assert secret_device.device.outputs[1].state is False
    state = hass.states.get(switch)
    assert state is not None
    assert state.state == "off"
    assert secret_device.device.requests(protocol="snmp", kind="write")
    await unload(hass, entry)


@pytest.mark.usefixtures("short_timeout")
@pytest.mark.parametrize("variant", ["snmp_v3"])
async def test_snmpv3_wrong_privacy_key_gets_nothing(
    hass: HomeAssistant, secret_device: RunningDevice, variant: str
) -> None:
    """The privacy key really encrypts: with a wrong one the device cannot be read."""
    entry = make_entry(secret_device, variant, **{CONF_SNMP_PRIV_KEY: "not-the-priv-key"})
    assert not await set_up(hass, entry)
    assert entry.state in {ConfigEntryState.SETUP_RETRY, ConfigEntryState.SETUP_ERROR}
    assert secret_device.device.requests(protocol="snmp", kind="write") == []
    await unload(hass, entry)
