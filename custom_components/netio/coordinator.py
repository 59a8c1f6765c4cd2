"""One coordinator per NETIO device: polling, and the fast path for commands."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
import time
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_HOST, CONF_MODEL, CONF_SCAN_INTERVAL
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import (
    ConfigEntryAuthFailed,
    HomeAssistantError,
    ServiceValidationError,
)
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed

from .client.device import NetioClient
from .client.discovery import DiscoveredDevice
from .client.errors import (
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnconfirmedError,
    NetioUnsupportedError,
)
from .client.models import DEFAULT_PULSE_MS, DeviceState, OutputAction, OutputCommand, Protocol
from .client.parsing import normalize_mac
from .client.products import product_name
from .connection import connection_config, preferred_protocol
from .const import (
    CONF_READ_ONLY,
    DEFAULT_SCAN_INTERVAL,
    DOMAIN,
    LOGGER,
    MANUFACTURER,
    PULSE_REREAD_MARGIN_S,
)
from .discovery import async_identify_host
from .issues import async_clear_issue, async_raise_issue, async_set_issue
from .rules.model import POWER_UP_EVENT

if TYPE_CHECKING:
    from .client.rules import RuleDocument
    from .settings import NetioSettingsCoordinator

type NetioConfigEntry = ConfigEntry[NetioCoordinator]

# A change of an output within this long after a command of ours is ours, not an outside one.
COMMAND_SETTLE_S = 5.0
# The first read after a pulse; a device that ends the pulse later gets PULSE_REREAD_MARGIN_S.
PULSE_REREAD_FIRST_S = 0.05


@dataclass(frozen=True, slots=True)
class ErrorRule:
    """How one kind of client error reaches the user in one situation.

    `issue` raises that repair issue, `reauth` starts a reauthentication, `refresh` reads the
    device again (a command whose outcome is unknown).
    """

    error: type[NetioError]
    raises: type[HomeAssistantError]
    key: str
    issue: str | None = None
    reauth: bool = False
    refresh: bool = False


# The first rule whose error class matches wins; each table ends with the catch-all NetioError.
SETUP_ERRORS = (
    ErrorRule(NetioAuthenticationError, ConfigEntryAuthFailed, "authentication_failed"),
    ErrorRule(NetioApiDisabledError, UpdateFailed, "api_disabled", issue="api_disabled"),
    ErrorRule(NetioError, UpdateFailed, "cannot_connect"),
)
REFRESH_ERRORS = (
    ErrorRule(NetioAuthenticationError, ConfigEntryAuthFailed, "authentication_failed"),
    ErrorRule(NetioError, UpdateFailed, "update_failed"),
)
COMMAND_ERRORS = (
    ErrorRule(NetioAuthenticationError, HomeAssistantError, "authentication_failed", reauth=True),
    ErrorRule(
        NetioReadOnlyError, HomeAssistantError, "read_only_account", issue="read_only_account"
    ),
    ErrorRule(NetioUnsupportedError, ServiceValidationError, "unsupported"),
    # The device took the command; only its new state is unknown: read it again.
    ErrorRule(NetioUnconfirmedError, HomeAssistantError, "command_unconfirmed", refresh=True),
    # No answer: the device may or may not have switched; the next read tells.
    ErrorRule(NetioTimeoutError, HomeAssistantError, "command_outcome_unknown", refresh=True),
    ErrorRule(NetioError, HomeAssistantError, "command_failed"),
)


class NetioCoordinator(DataUpdateCoordinator[DeviceState]):
    """Polls one device and sends its commands, one at a time."""

    config_entry: NetioConfigEntry

    def __init__(self, hass: HomeAssistant, entry: NetioConfigEntry, client: NetioClient) -> None:
        """Set up the coordinator; the device is first contacted in `_async_setup`."""
        interval = entry.options.get(CONF_SCAN_INTERVAL)
        super().__init__(
            hass,
            LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=(
                timedelta(seconds=interval) if interval is not None else DEFAULT_SCAN_INTERVAL
            ),
        )
        self.client = client
        self.device_info = DeviceInfo(identifiers={(DOMAIN, self.serial)})
        self.device_id: str | None = None
        """The PDU's device registry ID, the parent of the outputs' devices; set at setup."""
        self.external_changes: dict[int, bool] = {}
        """Outputs that changed in the last update without a command from Home Assistant."""
        self._command_lock = asyncio.Lock()
        self._ours_until: dict[int, float] = {}
        self._pulse_until: dict[int, float] = {}
        self._detected_state: DeviceState | None = None
        self._pending_rereads: set[CALLBACK_TYPE] = set()
        self._discovered: DiscoveredDevice | None = None
        """The device's answer to NETIO discover, for what its protocol does not report."""
        self.settings: NetioSettingsCoordinator | None = None
        """The output settings through the configuration API; None without configuration access."""

    @property
    def serial(self) -> str:
        """The device's ID: the config entry's unique ID, which is the device serial."""
        return str(self.config_entry.unique_id)

    @property
    def read_only(self) -> bool:
        """Whether outputs may not be switched from Home Assistant."""
        return bool(self.config_entry.options.get(CONF_READ_ONLY)) or (
            not self.client.capabilities.write
        )

    @property
    def protocol(self) -> Protocol | None:
        """The protocol the device is read with."""
        return self.client.protocol

    async def _async_setup(self) -> None:
        """Find the device's protocol once; its first state saves the first poll."""
        try:
            result = await self.client.detect(preferred_protocol(self.config_entry.data))
        except NetioError as err:
            raise await self._async_translate(err, SETUP_ERRORS) from err
        async_clear_issue(self.hass, self.config_entry, "api_disabled")
        self._detected_state = result.state
        self.device_info = self._build_device_info(result.state)
        info = result.state.info
        if info.model is None or info.firmware is None:
            # Modbus, SNMP and Telnet do not tell the model or firmware; NETIO discover does.
            self.config_entry.async_create_background_task(
                self.hass, self._async_identify(), f"Identify {self.config_entry.title}"
            )
        async_set_issue(self.hass, self.config_entry, "clock_unset", result.state.info.clock_unset)

    async def _async_translate(
        self, err: NetioError, rules: tuple[ErrorRule, ...]
    ) -> HomeAssistantError:
        """The translated Home Assistant error for a client error, after its side effects."""
        rule = next(rule for rule in rules if isinstance(err, rule.error))
        entry = self.config_entry
        if rule.issue is not None:
            async_raise_issue(self.hass, entry, rule.issue)
        if rule.reauth:
            entry.async_start_reauth(self.hass)
        if rule.refresh:
            await self.async_request_refresh()
        return rule.raises(
            translation_domain=DOMAIN,
            translation_key=rule.key,
            translation_placeholders={"error": str(err), "device": entry.title},
        )

    def _model_id(self, state: DeviceState | None) -> str | None:
        """The model as the device (or else NETIO discover) reports it, e.g. "8QS"."""
        if state is not None and state.info.model:
            return state.info.model
        found = self._discovered
        return (found.pretty_name or found.product) if found else None

    def _model(self, state: DeviceState | None) -> str | None:
        """NETIO's product name of the device, e.g. "PowerPDU 8QS"."""
        return product_name(self._model_id(state)) or self.config_entry.data.get(CONF_MODEL)

    @property
    def model(self) -> str | None:
        """NETIO's product name of the device as last read."""
        return self._model(self.data)

    def _build_device_info(self, state: DeviceState) -> DeviceInfo:
        """The power strip's device: what its protocol reports, completed by NETIO discover."""
        info = state.info
        found = self._discovered
        model = self._model(state)
        device_info = DeviceInfo(
            identifiers={(DOMAIN, self.serial)},
            manufacturer=MANUFACTURER,
            model=model,
            model_id=self._model_id(state),
            name=info.name or model or self.config_entry.title,
            serial_number=info.serial,
            sw_version=info.firmware or (found.firmware if found else None),
            configuration_url=connection_config(self.config_entry.data).base_url,
        )
        # The unique ID is the serial or the MAC, and a NETIO serial is the MAC as well.
        if mac := info.mac or normalize_mac(self.serial):
            device_info["connections"] = {(dr.CONNECTION_NETWORK_MAC, dr.format_mac(mac))}
        return device_info

    async def _async_identify(self) -> None:
        """Ask NETIO discover for the model and firmware, and show them on the device page."""
        found = await async_identify_host(self.hass, self.config_entry.data[CONF_HOST])
        mac = found and normalize_mac(found.mac)
        if found is None or mac is None or mac != normalize_mac(self.serial):
            return  # no answer, or another device answered
        self._discovered = found
        state = self.data or self._detected_state
        if state is None:  # pragma: no cover  # set up before this task starts
            return
        self.device_info = self._build_device_info(state)
        dr.async_get(self.hass).async_get_or_create(
            config_entry_id=self.config_entry.entry_id, **self.device_info
        )

    async def _async_update_data(self) -> DeviceState:
        """Read the device once; errors make the entities unavailable until it answers."""
        if (state := self._detected_state) is not None:
            self._detected_state = None
            return self._accept(state)
        try:
            state = await self.client.get_state()
        except NetioError as err:
            raise await self._async_translate(err, REFRESH_ERRORS) from err
        return self._accept(state)

    def _accept(self, state: DeviceState) -> DeviceState:
        """Note which outputs changed without a command of ours, then take the state."""
        self.external_changes = {}
        if self.data is not None:
            self._notice_power_up(self.data, state)
            now = time.monotonic()
            for output_id, output in state.outputs.items():
                before = self.data.outputs.get(output_id)
                if (
                    before is None
                    or output.state is None
                    or before.state is None
                    or before.state == output.state
                    or self._ours_until.get(output_id, 0.0) > now
                ):
                    continue
                self.external_changes[output_id] = output.state
        return state

    def _notice_power_up(self, before: DeviceState, state: DeviceState) -> None:
        """Fire `netio_device_power_up` when the device's uptime went back: it booted.

        NETIO's `SYSTEM/DEVICE_POWER_UP` rules (and our blueprint) trigger on this event; its
        data names the device (`device_id`, `serial`) and the new uptime in seconds.
        """
        old, new = before.info.uptime_s, state.info.uptime_s
        if old is not None and new is not None and new < old:
            self.hass.bus.async_fire(
                POWER_UP_EVENT,
                {"device_id": self.device_id, "serial": self.serial, "uptime_s": new},
            )

    def check_writable(self) -> None:
        """Refuse commands while the entry is in read-only mode (or cannot write)."""
        if self.read_only:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="read_only",
                translation_placeholders={"device": self.config_entry.title},
            )

    async def async_send(self, commands: Sequence[OutputCommand]) -> None:
        """Send commands to the device; its reply becomes the data at once.

        Raises a translated error, and changes nothing in Home Assistant, when the device did
        not take the commands.
        """
        self.check_writable()
        async with self._command_lock:
            self._mark_ours(commands)
            try:
                state = await self.client.send(commands)
            except NetioError as err:
                raise await self._async_translate(err, COMMAND_ERRORS) from err
        async_clear_issue(self.hass, self.config_entry, "read_only_account")
        self.async_set_updated_data(self._accept(state))
        self._schedule_pulse_reread(commands)

    def pulse_length_ms(self, command: OutputCommand) -> int:
        """How long a pulse command lasts on the device: its own duration, else the output's."""
        if command.duration_ms is not None:
            return command.duration_ms
        output = self.data.outputs.get(command.output_id) if self.data else None
        if output is not None and output.pulse_delay_ms is not None:
            return output.pulse_delay_ms
        return DEFAULT_PULSE_MS

    def _mark_ours(self, commands: Sequence[OutputCommand]) -> None:
        now = time.monotonic()
        for command in commands:
            settle = COMMAND_SETTLE_S
            if command.action.is_pulse:
                settle += self.pulse_length_ms(command) / 1000
            self._ours_until[command.output_id] = max(
                self._ours_until.get(command.output_id, 0.0), now + settle
            )
            if command.action.is_pulse:
                self._pulse_until[command.output_id] = now + self.pulse_length_ms(command) / 1000

    def pulse_running(self, output_id: int) -> bool:
        """Whether a pulse sent from Home Assistant is still running on the output."""
        return self._pulse_until.get(output_id, 0.0) > time.monotonic()

    def _schedule_pulse_reread(self, commands: Sequence[OutputCommand]) -> None:
        """Read the device right after the longest pulse ends, so 'back on' shows at once.

        The first read comes just after the end; if an output still shows its pulse state (the
        device ended it a little late), one more read follows at the full margin.
        """
        pulses = [c for c in commands if c.action.is_pulse]
        if not pulses:
            return
        end_s = max(self.pulse_length_ms(c) for c in pulses) / 1000
        # the state each output has while its pulse lasts
        during = {c.output_id: c.action is OutputAction.SHORT_ON for c in pulses}

        def _still_pulsing() -> bool:
            outputs = self.data.outputs if self.data else {}
            return any(
                (output := outputs.get(output_id)) is not None and output.state is state
                for output_id, state in during.items()
            )

        def _schedule(delay_s: float, *, last: bool) -> None:
            unsub: CALLBACK_TYPE

            async def _async_pulse_ended(_now: object) -> None:
                self._pending_rereads.discard(unsub)
                await self.async_refresh()
                if not last and self.last_update_success and _still_pulsing():
                    _schedule(PULSE_REREAD_MARGIN_S - PULSE_REREAD_FIRST_S, last=True)

            unsub = async_call_later(
                self.hass, delay_s, HassJob(_async_pulse_ended, cancel_on_shutdown=True)
            )
            self._pending_rereads.add(unsub)

        _schedule(end_s + PULSE_REREAD_FIRST_S, last=False)

    async def async_read_rule_document(self) -> RuleDocument:
        """Read the device's rules, PABs, watchdogs and schedules (for importing them).

        Raises a translated HomeAssistantError when the entry has no configuration access.
        """
        if self.settings is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="no_configuration_access",
                translation_placeholders={"device": self.config_entry.title},
            )
        return await self.settings.async_read_rule_document()

    @callback
    def async_cancel_pending(self) -> None:
        """Cancel scheduled re-reads (the entry is unloading)."""
        for unsub in self._pending_rereads:
            unsub()
        self._pending_rereads.clear()

    async def async_shutdown(self) -> None:
        """Stop polling, drop pending re-reads and close the device connection."""
        self.async_cancel_pending()
        await super().async_shutdown()
        await self.client.close()
