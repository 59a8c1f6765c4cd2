"""Diagnostics and the device registry, as a user (or a support request) sees them."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from netio_simulator.runner import RunningDevice

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
