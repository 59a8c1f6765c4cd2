"""What the soak found in the integration, pinned as tests.

A command whose reply is lost after the device acted is taken, not failed; a command that timed
out may or may not have been taken: each gets its own message, and Home Assistant reads the device
again. A read-only-account repair goes once the device switches again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from unittest.mock import patch

from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.client.errors import NetioTimeoutError, NetioUnconfirmedError
from custom_components.netio.const import CONF_PROTOCOL, DOMAIN
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from ..integration.conftest import device_unique_id
from .chaos import SOAK_TIMEOUT_S


@pytest.fixture
async def device(socket_enabled: None) -> AsyncIterator[RunningDevice]:
    """A JSON device."""
    accounts = ApiAccounts.both("netio", "netio-pw")
    async with simulated_device("netio_4all", credentials=Credentials(json=accounts)) as dev:
        yield dev


@pytest.fixture
def short_timeout() -> Iterator[None]:
    """Let the client give up quickly."""
    with patch("custom_components.netio.connection.REQUEST_TIMEOUT_S", SOAK_TIMEOUT_S):
        yield


@pytest.fixture
async def switch(hass: HomeAssistant, device: RunningDevice) -> AsyncIterator[str]:
    """The integration set up with the device; the switch of output 1."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Findings",
        unique_id=device_unique_id(device),
        data={
            CONF_HOST: "127.0.0.1",
            CONF_PORT: device.ports["http"],
            CONF_USERNAME: "netio",
            CONF_PASSWORD: "netio-pw",
            CONF_SSL: False,
            CONF_VERIFY_SSL: True,
            CONF_PROTOCOL: "json",
        },
        version=2,
        minor_version=1,
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    entity_id = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{device_unique_id(device)}_1"
    )
    assert entity_id is not None
    yield entity_id
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


async def turn_off(hass: HomeAssistant, entity_id: str) -> HomeAssistantError:
    """Switch off and return the error Home Assistant raised."""
    with pytest.raises(HomeAssistantError) as caught:
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": entity_id}, blocking=True
        )
    return caught.value


async def test_a_cut_off_reply_is_reported_as_taken_by_the_client(
    hass: HomeAssistant, device: RunningDevice, switch: str
) -> None:
    """The client says the device took the command (it did), and sent it exactly once."""
    device.device.faults.set(truncated=True)
    error = await turn_off(hass, switch)
    assert isinstance(error.__cause__, NetioUnconfirmedError)
    assert device.device.outputs[0].state is False
    applied = [r for r in device.device.requests(kind="write") if " -> 200" in r.detail]
    assert len(applied) == 1


async def test_a_command_taken_without_a_readable_state_is_not_called_failed(
    hass: HomeAssistant, device: RunningDevice, switch: str
) -> None:
    """The device switched; the message must say so and Home Assistant must read it again."""
    device.device.faults.set(truncated=True)
    error = await turn_off(hass, switch)
    assert device.device.outputs[0].state is False
    assert error.translation_key == "command_unconfirmed"


@pytest.mark.usefixtures("short_timeout")
async def test_a_timed_out_command_is_reported_as_unknown(
    hass: HomeAssistant, device: RunningDevice, switch: str
) -> None:
    """No answer in time: the device may have switched, so 'did not take' would be a guess."""
    device.device.faults.set(latency_s=SOAK_TIMEOUT_S * 3)
    error = await turn_off(hass, switch)
    assert isinstance(error.__cause__, NetioTimeoutError)
    assert error.translation_key == "command_outcome_unknown"


async def test_the_read_only_account_issue_goes_once_the_device_switches_again(
    hass: HomeAssistant, device: RunningDevice, switch: str
) -> None:
    """The account got write access back on the device: the repair no longer applies."""
    device.device.faults.set(read_only=True)
    error = await turn_off(hass, switch)
    assert error.translation_key == "read_only_account"
    issues = ir.async_get(hass)
    assert issues.async_get_issue(DOMAIN, f"read_only_account_{error_entry_id(hass)}")
    device.device.faults.clear()
    await hass.services.async_call("switch", "turn_off", {"entity_id": switch}, blocking=True)
    assert device.device.outputs[0].state is False
    assert not issues.async_get_issue(DOMAIN, f"read_only_account_{error_entry_id(hass)}")


def error_entry_id(hass: HomeAssistant) -> str:
    """The one NETIO entry's ID."""
    (entry,) = hass.config_entries.async_entries(DOMAIN)
    return entry.entry_id
