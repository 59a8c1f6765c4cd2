"""Secrets never reach logs, diagnostics, repairs, flows, states or error messages.

Every protocol variant is driven through the failures that produce the most text: wrong
credentials, timeouts, a read-only account, a disabled API. Then every text Home Assistant holds
about the device is searched for the passwords, communities and SNMPv3 keys.
"""

from __future__ import annotations

from base64 import b64encode
import json
import logging

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.netio.const import DOMAIN
from netio_simulator.credentials import ApiAccounts, Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.runner import RunningDevice

from ..integration.conftest import device_unique_id
from .conftest import (
    PASSWORD,
    SECRETS,
    TIMEOUT_S,
    USERNAME,
    V3_USER,
    VARIANTS,
    credentials,
    make_entry,
    set_up,
    unload,
)

BASIC_TOKEN = b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()


def wrong_credentials() -> Credentials:
    """The device's accounts after someone changed every secret on it."""
    accounts = ApiAccounts.both(USERNAME, "changed-password")
    return Credentials(
        json=accounts,
        xml=accounts,
        kshell=accounts,
        snmp=SnmpCredentials(
            "changed-ro",
            "changed-rw",
            [SnmpV3User(V3_USER, "sha256", "changed-auth-key", "aes", "changed-priv-key", "rw")],
        ),
    )


def error_texts(err: BaseException) -> list[str]:
    """Everything an error says, down its chain of causes."""
    texts: list[str] = []
    current: BaseException | None = err
    while current is not None:
        texts += [str(current), repr(current)]
        if isinstance(current, HomeAssistantError):
            texts.append(repr(current.translation_placeholders))
        current = current.__cause__ or current.__context__
    return texts


@pytest.mark.usefixtures("short_timeout")
@pytest.mark.parametrize("variant", VARIANTS)
async def test_secrets_never_leak(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    secret_device: RunningDevice,
    variant: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Wrong credentials, timeouts, refusals: no text anywhere names a secret."""
    caplog.set_level(logging.DEBUG)
    sim = secret_device.device
    entry = make_entry(secret_device, variant)
    assert await set_up(hass, entry)
    coordinator = entry.runtime_data
    device = dr.async_get(hass).async_get_device_by_identifier(
        (DOMAIN, device_unique_id(secret_device)), entry.entry_id
    )
    assert device is not None
    errors: list[BaseException] = []

    async def poll_and_switch() -> None:
        await coordinator.async_refresh()
        try:
            await hass.services.async_call(
                DOMAIN,
                "set_outputs",
                {"device_id": device.id, "outputs": [{"output": 1, "action": "toggle"}]},
                blocking=True,
            )
        except HomeAssistantError as err:
            errors.append(err)

    await poll_and_switch()  # works
    sim.credentials = wrong_credentials()
    await poll_and_switch()
    sim.credentials = credentials()
    sim.faults.set(latency_s=TIMEOUT_S * 3)
    await poll_and_switch()
    sim.faults.clear()
    sim.faults.set(read_only=True)
    await poll_and_switch()
    sim.faults.clear()
    sim.faults.set(api_disabled=True)
    await poll_and_switch()
    sim.faults.clear()
    await coordinator.async_refresh()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)  # type: ignore[arg-type]
    issues = ir.async_get(hass).issues
    texts = [
        caplog.text,
        json.dumps(diagnostics, default=str),
        repr(list(issues.values())),
        repr(hass.config_entries.flow.async_progress()),
        repr(hass.states.async_all()),
    ]
    for err in errors:
        texts += error_texts(err)
    await unload(hass, entry)

    assert len(errors) >= 3  # the faults did produce errors
    assert issues or variant != "json"  # a read-only account raises a repair issue over JSON
    for text in texts:
        for secret in (*SECRETS, BASIC_TOKEN):
            assert secret not in text, (
                f"{secret!r} leaked: …{text[text.find(secret) - 200 :][:400]}"
            )
