"""Output settings through the device's configuration API: a small, slow coordinator.

With configuration access (the device's web administrator, stored in the entry) every output
gets a name, a short ON/OFF delay and a power-up state entity. They change rarely and only by
hand, so they have their own coordinator polling every few minutes instead of riding on the
state poll; a write is read back at once. Without configuration access none of this exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.entity import EntityCategory
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import (
    CoordinatorEntity,
    DataUpdateCoordinator,
    UpdateFailed,
)

from .client.config_api import ConfigApiClient, OutputSettings, PowerUpState
from .client.errors import (
    NetioAuthenticationError,
    NetioError,
    NetioUnsupportedError,
)
from .client.rules import RuleDocument
from .connection import connection_config
from .const import CONF_ADMIN_PASSWORD, CONF_ADMIN_USERNAME, DOMAIN, LOGGER, SETTINGS_SCAN_INTERVAL
from .coordinator import ErrorRule
from .helpers import async_add_dynamic_entities
from .output_devices import output_device_info

if TYPE_CHECKING:
    from .coordinator import NetioConfigEntry, NetioCoordinator

# The first rule whose error class matches wins; each table ends with the catch-all NetioError.
# A refused administrator account starts no reauthentication: configuration access is optional
# and is changed in the options.
READ_ERRORS = (
    ErrorRule(NetioAuthenticationError, UpdateFailed, "configuration_access_denied"),
    ErrorRule(NetioError, UpdateFailed, "settings_update_failed"),
)
WRITE_ERRORS = (
    ErrorRule(NetioAuthenticationError, HomeAssistantError, "configuration_access_denied"),
    ErrorRule(NetioError, HomeAssistantError, "setting_failed"),
)
RULE_DOCUMENT_ERRORS = (
    ErrorRule(NetioAuthenticationError, HomeAssistantError, "configuration_access_denied"),
    ErrorRule(NetioError, HomeAssistantError, "rule_document_failed"),
)


def _translated(err: NetioError, rules: tuple[ErrorRule, ...]) -> HomeAssistantError:
    rule = next(rule for rule in rules if isinstance(err, rule.error))
    return rule.raises(
        translation_domain=DOMAIN,
        translation_key=rule.key,
        translation_placeholders={"error": str(err)},
    )


def has_configuration_access(data: Mapping[str, Any]) -> bool:
    """Whether the entry has an administrator account for the configuration API."""
    return bool(data.get(CONF_ADMIN_USERNAME))


def create_config_api(hass: HomeAssistant, data: Mapping[str, Any]) -> ConfigApiClient:
    """A configuration API client on Home Assistant's shared HTTP session."""
    return ConfigApiClient(
        connection_config(data),
        async_get_clientsession(hass),
        data.get(CONF_ADMIN_USERNAME) or "",
        data.get(CONF_ADMIN_PASSWORD) or "",
    )


async def async_check_configuration_access(
    hass: HomeAssistant, data: Mapping[str, Any]
) -> str | None:
    """Log in with the entry's administrator account; the form's error key, or None when fine."""
    client = create_config_api(hass, data)
    try:
        await client.login()
    except NetioAuthenticationError:
        return "invalid_admin_auth"
    except NetioUnsupportedError:
        return "no_configuration_api"
    except NetioError as err:
        LOGGER.debug("Configuration access to %s failed: %s", data.get("host"), err)
        return "cannot_connect"
    finally:
        await client.close()
    return None


class NetioSettingsCoordinator(DataUpdateCoordinator[dict[int, OutputSettings]]):
    """Reads every output's settings now and then, and writes them one at a time."""

    config_entry: NetioConfigEntry

    def __init__(
        self, hass: HomeAssistant, entry: NetioConfigEntry, client: ConfigApiClient
    ) -> None:
        """Poll slowly; the first read happens at setup."""
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=f"{DOMAIN} settings",
            update_interval=SETTINGS_SCAN_INTERVAL,
        )
        self.client = client

    async def _async_update_data(self) -> dict[int, OutputSettings]:
        try:
            return await self.client.get_output_settings()
        except NetioError as err:
            raise _translated(err, READ_ERRORS) from err

    async def async_set_output_base(
        self,
        output_id: int,
        *,
        name: str | None = None,
        delay_ms: int | None = None,
        power_up: PowerUpState | None = None,
    ) -> None:
        """Write one output's settings, then read them back (and the outputs, for the name)."""
        try:
            await self.client.set_output_base(
                output_id, name=name, delay_ms=delay_ms, power_up=power_up
            )
        except ValueError as err:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="invalid_setting",
                translation_placeholders={"error": str(err)},
            ) from err
        except NetioError as err:
            raise _translated(err, WRITE_ERRORS) from err
        await self.async_refresh()
        await self.config_entry.runtime_data.async_request_refresh()

    async def async_read_rule_document(self) -> RuleDocument:
        """The device's rules, PABs, watchdogs and schedules, parsed (problems included)."""
        try:
            return await self.client.get_rule_document()
        except NetioError as err:
            raise _translated(err, RULE_DOCUMENT_ERRORS) from err

    async def async_shutdown(self) -> None:
        """Stop polling and end the device session."""
        await super().async_shutdown()
        await self.client.close()


class NetioOutputSettingEntity(CoordinatorEntity[NetioSettingsCoordinator]):
    """One setting of one output, on the output's device, in the configuration category."""

    _attr_has_entity_name = True
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(
        self,
        coordinator: NetioCoordinator,
        settings: NetioSettingsCoordinator,
        output_id: int,
        key: str,
    ) -> None:
        """Attach the entity to output `output_id` of the device."""
        super().__init__(settings)
        self.output_id = output_id
        self._attr_unique_id = f"{coordinator.serial}_{output_id}_{key}"
        self._attr_device_info = output_device_info(coordinator, output_id)

    @property
    def settings(self) -> OutputSettings | None:
        """The output's settings as last read."""
        return self.coordinator.data.get(self.output_id) if self.coordinator.data else None

    @property
    def available(self) -> bool:
        """Available while the settings can be read and the device has this output."""
        return super().available and self.settings is not None


def async_add_setting_entities(
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entity_class: type[NetioOutputSettingEntity],
    key: str,
) -> None:
    """Add one `entity_class` entity per output, only when the entry has configuration access."""
    coordinator = entry.runtime_data
    if (settings := coordinator.settings) is None:
        return
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: coordinator.data.outputs,
        lambda output_id: [entity_class(coordinator, settings, output_id, key)],
    )
