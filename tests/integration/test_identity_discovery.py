"""Device identity across serial and MAC spellings, and discovery on an unusable network."""

import socket
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.client.models import SystemInfo
from custom_components.netio.const import DOMAIN
from custom_components.netio.discovery import (
    DISCOVERY_SETTINGS,
    DiscoverySettings,
    async_discover,
    async_identify_host,
)
from custom_components.netio.identity import same_device, unique_id_candidates, unique_id_for


def test_unique_id_spellings() -> None:
    """Serials are kept as the device writes them; devices without one use the MAC."""
    assert unique_id_for(SystemInfo(serial="24A42C399D27")) == "24A42C399D27"
    assert unique_id_for(SystemInfo(mac="24:A4:2C:39:9D:27")) == "24:a4:2c:39:9d:27"
    assert unique_id_for(SystemInfo(), "24A42C399D27") == "24:a4:2c:39:9d:27"
    assert unique_id_for(SystemInfo()) is None
    assert unique_id_candidates("24a42c399d27") == {
        "24:A4:2C:39:9D:27",
        "24A42C399D27",
        "24:a4:2c:39:9d:27",
    }
    assert unique_id_candidates("not a mac") == set()
    assert same_device("24:A4:2C:39:9D:27", SystemInfo(serial="24A42C399D27"))
    assert not same_device("24:A4:2C:00:00:01", SystemInfo(serial="24A42C399D27"))


async def test_discovery_on_unusable_network(hass: HomeAssistant, socket_enabled: None) -> None:
    """A reply port that cannot be used gives no devices instead of an error."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("0.0.0.0", 0))  # noqa: S104  # discover listens on every interface too
        port = busy.getsockname()[1]
        hass.data[DISCOVERY_SETTINGS] = DiscoverySettings("127.0.0.1", 9, port)
        assert await async_discover(hass) == []
        assert await async_identify_host(hass, "127.0.0.1") is None


@pytest.mark.usefixtures("socket_enabled")
async def test_minor_version_migration(hass: HomeAssistant) -> None:
    """Entries of an older minor version migrate without changes, then set up as usual."""
    entry = MockConfigEntry(
        domain=DOMAIN, unique_id="x", version=2, minor_version=0, data={"host": "127.0.0.1"}
    )
    entry.add_to_hass(hass)
    with patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", 0.2):
        await hass.config_entries.async_setup(entry.entry_id)
    assert entry.minor_version == 0
    assert entry.state is ConfigEntryState.SETUP_RETRY
