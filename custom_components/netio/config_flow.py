"""Adding a NETIO device: by hand, from a network search, DHCP or background discovery."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    ConfigSubentryFlow,
    OptionsFlow,
)
from homeassistant.const import (
    CONF_HOST,
    CONF_MODEL,
    CONF_NAME,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers import selector
from homeassistant.helpers.device_registry import format_mac
from homeassistant.helpers.service_info.dhcp import DhcpServiceInfo
import probatio as vol

from .client.discovery import DiscoveredDevice
from .client.errors import (
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioError,
    NetioReadOnlyError,
)
from .client.models import (
    DEFAULT_KSHELL_PORT,
    DEFAULT_MODBUS_PORT,
    DEFAULT_SNMP_COMMUNITY_READ,
    DEFAULT_SNMP_COMMUNITY_WRITE,
    DEFAULT_SNMP_PORT,
    DetectionResult,
    Protocol,
    SnmpVersion,
)
from .connection import create_client, preferred_protocol
from .const import (
    CONF_ADMIN_PASSWORD,
    CONF_ADMIN_USERNAME,
    CONF_BACKGROUND_DISCOVERY,
    CONF_CRITICAL_OUTPUTS,
    CONF_KSHELL_PORT,
    CONF_MODBUS_PORT,
    CONF_PROTOCOL,
    CONF_READ_ONLY,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_AUTH_PROTOCOL,
    CONF_SNMP_COMMUNITY_READ,
    CONF_SNMP_COMMUNITY_WRITE,
    CONF_SNMP_PORT,
    CONF_SNMP_PRIV_KEY,
    CONF_SNMP_PRIV_PROTOCOL,
    CONF_SNMP_USERNAME,
    CONF_SNMP_VERSION,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    MAX_SCAN_INTERVAL_S,
    MIN_SCAN_INTERVAL_S,
    PROTOCOL_AUTO,
)
from .discovery import async_discover, async_identify_host
from .identity import same_device, unique_id_candidates, unique_id_for
from .settings import async_check_configuration_access
from .watchdog.config import SUBENTRY_TYPE as WATCHDOG_SUBENTRY
from .watchdog.flow import WatchdogSubentryFlow

SECTION_ADVANCED = "advanced"
SECTION_ACCESS = "configuration_access"
CONF_DEVICE = "device"
MANUAL_ENTRY = "manual"

PROTOCOL_OPTIONS = [PROTOCOL_AUTO, *(p.value for p in Protocol if p is not Protocol.URL)]
ADVANCED_FIELDS = (
    CONF_MODBUS_PORT,
    CONF_KSHELL_PORT,
    CONF_SNMP_PORT,
    CONF_SNMP_VERSION,
    CONF_SNMP_COMMUNITY_READ,
    CONF_SNMP_COMMUNITY_WRITE,
    CONF_SNMP_USERNAME,
    CONF_SNMP_AUTH_PROTOCOL,
    CONF_SNMP_AUTH_KEY,
    CONF_SNMP_PRIV_PROTOCOL,
    CONF_SNMP_PRIV_KEY,
)
PASSWORD = selector.TextSelector(
    selector.TextSelectorConfig(type=selector.TextSelectorType.PASSWORD)
)
PORT = vol.All(vol.Coerce(int), vol.Range(min=1, max=65535))


def _select(options: list[str], key: str) -> selector.SelectSelector:
    return selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=options, translation_key=key, mode=selector.SelectSelectorMode.DROPDOWN
        )
    )


def credentials_schema() -> dict[vol.Marker, Any]:
    """The account fields (optional: an empty username means no authentication)."""
    return {
        vol.Optional(CONF_USERNAME, default=""): str,
        vol.Optional(CONF_PASSWORD, default=""): PASSWORD,
    }


def connection_schema() -> vol.Schema:
    """Every field needed to reach a device."""
    return vol.Schema(
        {
            vol.Required(CONF_HOST): str,
            vol.Optional(CONF_PORT): PORT,
            **credentials_schema(),
            vol.Required(CONF_PROTOCOL, default=PROTOCOL_AUTO): _select(
                PROTOCOL_OPTIONS, CONF_PROTOCOL
            ),
            vol.Required(CONF_SSL, default=False): bool,
            vol.Required(CONF_VERIFY_SSL, default=True): bool,
            vol.Required(SECTION_ADVANCED): section(
                vol.Schema(
                    {
                        vol.Optional(CONF_MODBUS_PORT, default=DEFAULT_MODBUS_PORT): PORT,
                        vol.Optional(CONF_KSHELL_PORT, default=DEFAULT_KSHELL_PORT): PORT,
                        vol.Optional(CONF_SNMP_PORT, default=DEFAULT_SNMP_PORT): PORT,
                        vol.Optional(CONF_SNMP_VERSION, default=SnmpVersion.V2C.value): _select(
                            [v.value for v in SnmpVersion], CONF_SNMP_VERSION
                        ),
                        vol.Optional(
                            CONF_SNMP_COMMUNITY_READ, default=DEFAULT_SNMP_COMMUNITY_READ
                        ): str,
                        vol.Optional(
                            CONF_SNMP_COMMUNITY_WRITE, default=DEFAULT_SNMP_COMMUNITY_WRITE
                        ): PASSWORD,
                        vol.Optional(CONF_SNMP_USERNAME): str,
                        vol.Optional(CONF_SNMP_AUTH_PROTOCOL): _select(
                            ["md5", "sha", "sha256", "sha512"], CONF_SNMP_AUTH_PROTOCOL
                        ),
                        vol.Optional(CONF_SNMP_AUTH_KEY): PASSWORD,
                        vol.Optional(CONF_SNMP_PRIV_PROTOCOL): _select(
                            ["des", "aes", "aes256"], CONF_SNMP_PRIV_PROTOCOL
                        ),
                        vol.Optional(CONF_SNMP_PRIV_KEY): PASSWORD,
                    }
                ),
                {"collapsed": True},
            ),
        }
    )


def flatten(user_input: Mapping[str, Any]) -> dict[str, Any]:
    """Config entry data from a form: the advanced section's fields at the top level."""
    data = {key: value for key, value in user_input.items() if key != SECTION_ADVANCED}
    data.update(user_input.get(SECTION_ADVANCED, {}))
    return data


def nest(data: Mapping[str, Any]) -> dict[str, Any]:
    """Form values from config entry data (the inverse of `flatten`)."""
    values = {key: value for key, value in data.items() if key not in ADVANCED_FIELDS}
    values[SECTION_ADVANCED] = {key: data[key] for key in ADVANCED_FIELDS if key in data}
    return values


def access_section() -> dict[vol.Marker, Any]:
    """The optional configuration access: the device's web administrator account."""
    return {
        vol.Optional(SECTION_ACCESS): section(
            vol.Schema(
                {
                    vol.Optional(CONF_ADMIN_USERNAME, default=""): str,
                    vol.Optional(CONF_ADMIN_PASSWORD, default=""): PASSWORD,
                }
            ),
            {"collapsed": True},
        )
    }


def access_values(data: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration access section's form values from config entry data."""
    return {
        SECTION_ACCESS: {
            key: data[key] for key in (CONF_ADMIN_USERNAME, CONF_ADMIN_PASSWORD) if key in data
        }
    }


async def async_with_access(
    hass: HomeAssistant, data: Mapping[str, Any], access: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Entry data with the configuration access of a form, checked with a login.

    No section leaves the access as it is; an empty username removes it. Raises
    CannotConnectError with the form's error key when the device refuses the account.
    """
    result = dict(data)
    if access is None:
        return result
    for key in (CONF_ADMIN_USERNAME, CONF_ADMIN_PASSWORD):
        result.pop(key, None)
    if not access.get(CONF_ADMIN_USERNAME):
        return result
    result[CONF_ADMIN_USERNAME] = access[CONF_ADMIN_USERNAME]
    result[CONF_ADMIN_PASSWORD] = access.get(CONF_ADMIN_PASSWORD, "")
    if (error := await async_check_configuration_access(hass, result)) is not None:
        raise CannotConnectError(error)
    return result


@dataclass(slots=True)
class ConnectResult:
    """A successful connection test: what was detected and whether writing is allowed."""

    detection: DetectionResult
    read_only: bool


class CannotConnectError(Exception):
    """A connection test failed; `reason` is the form's error key."""

    def __init__(self, reason: str) -> None:
        """Keep the error key."""
        super().__init__(reason)
        self.reason = reason


async def async_try_connect(flow: ConfigFlow, data: Mapping[str, Any]) -> ConnectResult:
    """Detect the device and check whether its account may switch outputs."""
    client = create_client(flow.hass, data)
    try:
        detection = await client.detect(preferred_protocol(data))
        read_only = False
        if detection.capabilities.write:
            try:
                await client.check_write_access()
            except NetioReadOnlyError:
                read_only = True
    except NetioAuthenticationError as err:
        raise CannotConnectError("invalid_auth") from err
    except NetioApiDisabledError as err:
        raise CannotConnectError("api_disabled") from err
    except NetioError as err:
        LOGGER.debug("Cannot connect to %s: %s", data[CONF_HOST], err)
        # With Automatic no API was chosen: the message speaks of the address and port.
        automatic = preferred_protocol(data) is None
        raise CannotConnectError("cannot_connect_auto" if automatic else "cannot_connect") from err
    except Exception as err:  # a config flow must not crash on the unexpected
        LOGGER.exception("Unexpected error while connecting to %s", data[CONF_HOST])
        raise CannotConnectError("unknown") from err
    finally:
        await client.close()
    return ConnectResult(detection, read_only)


class NetioConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a NETIO device."""

    VERSION = 2
    MINOR_VERSION = 1

    def __init__(self) -> None:
        """Start with nothing known about the device."""
        self._data: dict[str, Any] = {}
        self._mac: str | None = None
        self._name: str | None = None
        """The device's name and model as discovery told them (Modbus/SNMP/Telnet do not)."""
        self._model: str | None = None
        self._found: dict[str, DiscoveredDevice] = {}
        self._title = ""

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> NetioOptionsFlow:  # noqa: ARG004
        """Options: polling interval, read-only mode, discovery and critical outputs."""
        return NetioOptionsFlow()

    @classmethod
    @callback
    def async_get_supported_subentry_types(
        cls,
        config_entry: ConfigEntry,  # noqa: ARG003
    ) -> dict[str, type[ConfigSubentryFlow]]:
        """Watchdogs are subentries of the device whose outputs they restart."""
        return {WATCHDOG_SUBENTRY: WatchdogSubentryFlow}

    # Adding by hand or from a search.

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Offer a network search or entering the address."""
        return self.async_show_menu(step_id="user", menu_options=["search", "manual"])

    async def async_step_search(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """List the devices NETIO discover finds that are not set up yet."""
        if user_input is not None:
            device = self._found[user_input[CONF_DEVICE]]
            self._remember(device)
            self._data = {CONF_HOST: device.host}
            self.context["title_placeholders"] = {CONF_NAME: _device_label(device)}
            return await self.async_step_credentials()

        configured = {entry.unique_id for entry in self._async_current_entries()}
        self._found = {
            device.mac: device
            for device in await async_discover(self.hass)
            if not unique_id_candidates(device.mac) & configured
        }
        if not self._found:
            return await self.async_step_manual(errors={"base": "no_devices_found"})
        options = [
            selector.SelectOptionDict(value=mac, label=_device_label(device))
            for mac, device in self._found.items()
        ]
        return self.async_show_form(
            step_id="search",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_DEVICE): selector.SelectSelector(
                        selector.SelectSelectorConfig(options=options)
                    )
                }
            ),
        )

    async def async_step_manual(
        self,
        user_input: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
    ) -> ConfigFlowResult:
        """Enter the device's address, account and protocol."""
        errors = dict(errors or {})
        if user_input is not None:
            data = flatten(user_input)
            try:
                return await self._async_connect_and_create(data)
            except CannotConnectError as err:
                errors["base"] = err.reason
        return self.async_show_form(
            step_id="manual",
            data_schema=self.add_suggested_values_to_schema(connection_schema(), user_input),
            errors=errors,
        )

    async def _async_connect_and_create(self, data: dict[str, Any]) -> ConfigFlowResult:
        """Test the connection, identify the device, create its entry (or ask about read-only)."""
        result = await async_try_connect(self, data)
        unique_id = await self._async_identify(result, data)
        existing = await self.async_set_unique_id(unique_id, raise_on_progress=False)
        # The entry's update listener reloads it when the address changed; the message names
        # the entry, so that a user with several devices knows which one this is.
        self._abort_if_unique_id_configured(
            updates={CONF_HOST: data[CONF_HOST]},
            reload_on_update=False,
            error="already_configured_as",
            description_placeholders={"title": existing.title if existing else ""},
        )
        self._data = {**data, CONF_PROTOCOL: result.detection.protocol.value}
        if result.detection.state.info.model is None and self._model:
            self._data[CONF_MODEL] = self._model
        self._title = self._title_for(result, data)
        if result.read_only:
            return await self.async_step_read_only()
        return self.async_create_entry(title=self._title, data=self._data)

    async def _async_identify(self, result: ConnectResult, data: Mapping[str, Any]) -> str:
        """The device's unique ID; Modbus, SNMP and Telnet need NETIO discover to tell it."""
        info = result.detection.state.info
        if (unique_id := unique_id_for(info, self._mac)) is None:
            if (device := await async_identify_host(self.hass, data[CONF_HOST])) is None:
                raise CannotConnectError("cannot_identify")
            self._remember(device)
            unique_id = unique_id_for(info, device.mac)
        return str(unique_id)

    def _remember(self, device: DiscoveredDevice) -> None:
        self._mac = device.mac
        self._name = self._name or device.device_name or device.hostname
        self._model = device.pretty_name or device.product

    def _title_for(self, result: ConnectResult, data: Mapping[str, Any]) -> str:
        """The entry's title: the device's name, else its model, else its address."""
        info = result.detection.state.info
        return info.name or self._name or info.model or self._model or str(data[CONF_HOST])

    async def async_step_read_only(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """The account may only read: offer to add the device in read-only mode."""
        if user_input is not None:
            return self.async_create_entry(
                title=self._title, data=self._data, options={CONF_READ_ONLY: True}
            )
        return self.async_show_form(
            step_id="read_only", description_placeholders={"host": self._data[CONF_HOST]}
        )

    # Discovery.

    async def async_step_integration_discovery(
        self, discovery_info: dict[str, Any]
    ) -> ConfigFlowResult:
        """A device answered NETIO discover."""
        self.context["title_placeholders"] = {CONF_NAME: discovery_info[CONF_NAME]}
        self._name = discovery_info[CONF_NAME]
        self._model = discovery_info.get(CONF_MODEL)
        return await self._async_discovered(discovery_info[CONF_HOST], discovery_info["mac"])

    async def async_step_dhcp(self, discovery_info: DhcpServiceInfo) -> ConfigFlowResult:
        """A device with NETIO's MAC prefix took an address."""
        self.context["title_placeholders"] = {
            CONF_NAME: discovery_info.hostname or discovery_info.ip
        }
        return await self._async_discovered(discovery_info.ip, discovery_info.macaddress)

    async def _async_discovered(self, host: str, mac: str) -> ConfigFlowResult:
        """Update the address of a known device, or ask to add a new one."""
        candidates = unique_id_candidates(mac)
        for entry in self._async_current_entries(include_ignore=True):
            if entry.unique_id in candidates:
                await self.async_set_unique_id(entry.unique_id)
                self._abort_if_unique_id_configured(
                    updates={CONF_HOST: host}, reload_on_update=False
                )
        await self.async_set_unique_id(format_mac(mac))
        self._abort_if_unique_id_configured()
        self._mac = mac
        self._data = {CONF_HOST: host}
        return await self.async_step_credentials()

    async def async_step_credentials(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Confirm a found device and give its account."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                return await self._async_connect_and_create({**self._data, **user_input})
            except CannotConnectError as err:
                errors["base"] = err.reason
        schema = vol.Schema(
            {
                vol.Optional(CONF_PORT): PORT,
                **credentials_schema(),
                vol.Required(CONF_PROTOCOL, default=PROTOCOL_AUTO): _select(
                    PROTOCOL_OPTIONS, CONF_PROTOCOL
                ),
                vol.Required(CONF_SSL, default=False): bool,
                vol.Required(CONF_VERIFY_SSL, default=True): bool,
            }
        )
        return self.async_show_form(
            step_id="credentials",
            data_schema=self.add_suggested_values_to_schema(schema, user_input),
            description_placeholders={"host": self._data[CONF_HOST]},
            errors=errors,
        )

    # The built-in integration's YAML.

    async def async_step_import(self, import_data: dict[str, Any]) -> ConfigFlowResult:
        """Take over a `switch: - platform: netio` YAML configuration."""
        try:
            result = await async_try_connect(self, import_data)
            unique_id = await self._async_identify(result, import_data)
        except CannotConnectError as err:
            return self.async_abort(reason=err.reason)
        await self.async_set_unique_id(unique_id)
        self._abort_if_unique_id_configured()
        return self.async_create_entry(
            title=self._title_for(result, import_data),
            data={**import_data, CONF_PROTOCOL: result.detection.protocol.value},
            options={CONF_READ_ONLY: True} if result.read_only else {},
        )

    # Keeping an entry working.

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """The device rejected the stored account."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the new account and check it."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, **user_input}
            try:
                await async_try_connect(self, data)
            except CannotConnectError as err:
                errors["base"] = err.reason
            else:
                return self._async_update_and_finish(entry, {**entry.data, **user_input})
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                vol.Schema(credentials_schema()),
                {CONF_USERNAME: entry.data.get(CONF_USERNAME, "")},
            ),
            description_placeholders={"device": entry.title},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change how the device is reached (address, port, protocol, account)."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        if user_input is not None:
            access = user_input.get(SECTION_ACCESS)
            data = {
                **entry.data,
                **flatten({k: v for k, v in user_input.items() if k != SECTION_ACCESS}),
            }
            try:
                result = await async_try_connect(self, data)
                data = await async_with_access(self.hass, data, access)
            except CannotConnectError as err:
                errors["base"] = err.reason
            else:
                unique_id = str(entry.unique_id)
                if not same_device(unique_id, result.detection.state.info):
                    device = await async_identify_host(self.hass, data[CONF_HOST])
                    if device is None or unique_id not in unique_id_candidates(device.mac):
                        return self.async_abort(reason="wrong_device")
                data[CONF_PROTOCOL] = result.detection.protocol.value
                return self._async_update_and_finish(entry, data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                connection_schema().extend(access_section()),
                user_input or {**nest(entry.data), **access_values(entry.data)},
            ),
            description_placeholders={"device": entry.title},
            errors=errors,
        )

    def _async_update_and_finish(
        self, entry: ConfigEntry, data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Store new connection data; reauth and reconfigure end here.

        A loaded entry is reloaded by its update listener (the one reload path, which also
        applies option and subentry changes) when the data changed. An entry whose setup
        failed has no listener: it is set up again with the new data.
        """
        result = self.async_update_and_abort(entry, data=data)
        if entry.state is not ConfigEntryState.LOADED:
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return result


class NetioOptionsFlow(OptionsFlow):
    """Options that change how Home Assistant uses a device, not how it reaches it."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Polling interval, read-only mode, background discovery and critical outputs."""
        errors: dict[str, str] = {}
        if user_input is not None:
            options = {k: v for k, v in user_input.items() if k != SECTION_ACCESS}
            entry = self.config_entry
            try:
                data = await async_with_access(
                    self.hass, entry.data, user_input.get(SECTION_ACCESS)
                )
            except CannotConnectError as err:
                errors["base"] = err.reason
            else:
                if data != entry.data:
                    # data and options in one update: the entry reloads once
                    self.hass.config_entries.async_update_entry(entry, data=data, options=options)
                return self.async_create_entry(data=options)
        outputs: list[selector.SelectOptionDict] = []
        if (coordinator := getattr(self.config_entry, "runtime_data", None)) is not None:
            outputs = [
                selector.SelectOptionDict(value=str(output.id), label=output.name or f"{output.id}")
                for output in coordinator.data.outputs.values()
            ]
        schema = vol.Schema(
            {
                vol.Required(
                    CONF_SCAN_INTERVAL, default=int(DEFAULT_SCAN_INTERVAL.total_seconds())
                ): selector.NumberSelector(
                    selector.NumberSelectorConfig(
                        min=MIN_SCAN_INTERVAL_S,
                        max=MAX_SCAN_INTERVAL_S,
                        step=1,
                        unit_of_measurement="s",
                        mode=selector.NumberSelectorMode.BOX,
                    )
                ),
                vol.Required(CONF_READ_ONLY, default=False): bool,
                vol.Required(CONF_BACKGROUND_DISCOVERY, default=True): bool,
                vol.Optional(CONF_CRITICAL_OUTPUTS, default=[]): selector.SelectSelector(
                    selector.SelectSelectorConfig(options=outputs, multiple=True)
                ),
                **access_section(),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                schema,
                user_input
                or {**self.config_entry.options, **access_values(self.config_entry.data)},
            ),
            description_placeholders={"device": self.config_entry.title},
            errors=errors,
        )


def _device_label(device: DiscoveredDevice) -> str:
    name = device.device_name or device.hostname or device.pretty_name or device.product
    return f"{name} ({device.host})" if name else device.host
