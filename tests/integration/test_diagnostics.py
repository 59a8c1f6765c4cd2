"""Diagnostics and the device registry, as a user (or a support request) sees them."""

from __future__ import annotations

from unittest.mock import patch

from homeassistant.const import CONF_HOST, CONF_MODEL, Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.netio.const import (
    CONF_DISCOVERY_ADDRESS,
    CONF_DISCOVERY_PORT,
    CONF_DISCOVERY_REPLY_PORT,
    CONF_PROTOCOL,
    CONF_SNMP_PORT,
    DOMAIN,
)
from netio_simulator.runner import DeviceConfig, RunningDevice
from netio_simulator.testing import simulated_devices

from .conftest import PASSWORD, USERNAME, device_unique_id

SNAPSHOT_PROFILES = ["netio_4all", "powerpdu_4ps", "powerpdu_8qs"]


@pytest.fixture
def device(steady_device: RunningDevice) -> RunningDevice:
    """The steady simulated device (constant loads, a manual clock, frozen time)."""
    return steady_device


@pytest.fixture
def platforms() -> list[Platform]:
    """The switches are enough to create every output's device."""
    return [Platform.SWITCH]


@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
async def test_diagnostics(
    hass: HomeAssistant,
    device: RunningDevice,
    init_platforms: MockConfigEntry,
    hass_client: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """The entry's settings and the device's last state, without secrets or identity.

    (`hass_client` comes after the steady device, whose frozen clock its token must share.)
    """
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, init_platforms)
    text = str(diagnostics)
    for secret in (PASSWORD, USERNAME, device.device.mac, device_unique_id(device), "127.0.0.1"):
        assert secret not in text
    assert diagnostics["entry"]["data"]["port"] == device.ports["http"]
    assert diagnostics == snapshot(exclude=props("port"))


@pytest.mark.parametrize("profile", SNAPSHOT_PROFILES)
async def test_device_registry(
    hass: HomeAssistant,
    device: RunningDevice,
    device_registry: dr.DeviceRegistry,
    init_platforms: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """The power strip is a device; every outlet is a device of its own under it."""
    devices = sorted(
        dr.async_entries_for_config_entry(device_registry, init_platforms.entry_id),
        key=lambda entry: sorted(entry.identifiers),
    )
    pdu, *outlets = devices
    assert pdu.configuration_url == f"http://127.0.0.1:{device.ports['http']}"
    assert {outlet.via_device_id for outlet in outlets} == {pdu.id}
    assert devices == snapshot(exclude=props("configuration_url"))


@pytest.mark.filterwarnings("ignore:CFB has been moved")
async def test_snmp_only_device_page(
    hass: HomeAssistant, socket_enabled: None, device_registry: dr.DeviceRegistry
) -> None:
    """A PowerPDU 4C read over SNMP shows the model, firmware and MAC that discover tells."""
    async with simulated_devices(
        DeviceConfig(profile="powerpdu_4c", protocols=frozenset({"snmp"})), discovery=True
    ) as sim:
        assert sim.discovery_port is not None
        discovery = {
            CONF_DISCOVERY_ADDRESS: "127.0.0.1",
            CONF_DISCOVERY_PORT: sim.discovery_port,
            CONF_DISCOVERY_REPLY_PORT: 0,
        }
        assert await async_setup_component(hass, DOMAIN, {DOMAIN: discovery})
        device = sim.devices[0]
        mac = device.device.mac
        entry = MockConfigEntry(
            domain=DOMAIN,
            title="Rack",
            unique_id=mac.lower(),
            data={
                CONF_HOST: "127.0.0.1",
                CONF_SNMP_PORT: device.ports["snmp"],
                CONF_PROTOCOL: "snmp",
                CONF_MODEL: "PowerPDU 4C",
            },
            version=2,
            minor_version=1,
        )
        entry.add_to_hass(hass)
        with patch("custom_components.netio.discovery.DISCOVERY_TIMEOUT_S", 0.3):
            assert await hass.config_entries.async_setup(entry.entry_id)
            await hass.async_block_till_done(wait_background_tasks=True)
        pdu = device_registry.async_get_device_by_identifier((DOMAIN, mac.lower()), entry.entry_id)
        assert pdu is not None
        assert (pdu.model, pdu.model_id) == ("PowerPDU 4C", "PowerPDU 4C")
        assert pdu.sw_version == device.device.profile.firmware
        assert pdu.connections == {(dr.CONNECTION_NETWORK_MAC, mac.lower())}
        assert pdu.name == device.device.name
        await hass.config_entries.async_unload(entry.entry_id)
