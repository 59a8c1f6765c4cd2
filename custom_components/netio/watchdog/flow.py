"""Adding, changing and removing watchdogs: config subentries of a NETIO entry.

A watchdog is a subentry (type `watchdog`) of the device whose output it restarts; Home
Assistant's entry page lists it with its own add, reconfigure and delete. The form can be
prefilled from a NETIO `WDT` definition pasted from the device's rules page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.config_entries import (
    ConfigEntryState,
    ConfigSubentryFlow,
    SubentryFlowResult,
)
from homeassistant.const import CONF_NAME
from homeassistant.helpers import selector
import probatio as vol

from ..const import DOMAIN
from ..output_devices import output_device_name
from .checks import async_resolve
from .config import (
    CONF_ACTION,
    CONF_INTERVAL,
    CONF_MAX_RESTARTS,
    CONF_MAX_TIMEOUTS,
    CONF_METHOD,
    CONF_NETIO_JSON,
    CONF_OUTPUT,
    CONF_PORT,
    CONF_PULSE,
    CONF_START_DELAY,
    CONF_TARGET,
    CONF_TIME_TO_REBOOT,
    CONF_TIMEOUT,
    DEFAULTS,
    INTERVAL_RANGE,
    MAX_RESTARTS_RANGE,
    MAX_TIMEOUTS_RANGE,
    METHOD_HTTP,
    METHOD_TCP,
    METHODS,
    PULSE_RANGE,
    START_DELAY_RANGE,
    TIME_TO_REBOOT_RANGE,
    TIMEOUT_RANGE,
    NetioJsonError,
    from_netio,
    host_of,
)
from .machine import FailureAction

# field -> (min, max, step, unit)
NUMBERS: dict[str, tuple[float, float, float, str]] = {
    CONF_INTERVAL: (*INTERVAL_RANGE, 1, "s"),
    CONF_TIMEOUT: (*TIMEOUT_RANGE, 1, "s"),
    CONF_MAX_TIMEOUTS: (*MAX_TIMEOUTS_RANGE, 1, ""),
    CONF_TIME_TO_REBOOT: (*TIME_TO_REBOOT_RANGE, 1, "s"),
    CONF_START_DELAY: (*START_DELAY_RANGE, 1, "s"),
    CONF_MAX_RESTARTS: (*MAX_RESTARTS_RANGE, 1, ""),
    CONF_PULSE: (*PULSE_RANGE, 0.1, "s"),
}
INTEGER_FIELDS = frozenset({CONF_MAX_TIMEOUTS, CONF_MAX_RESTARTS, CONF_PORT})
PORT_RANGE = (1, 65535)


def _number(unit: str, step: float) -> selector.NumberSelector:
    # No min/max here: out-of-range values get the form's translated error, not a schema error.
    config = selector.NumberSelectorConfig(mode=selector.NumberSelectorMode.BOX, step=step)
    if unit:
        config["unit_of_measurement"] = unit
    return selector.NumberSelector(config)


def _select(options: list[str], key: str) -> selector.SelectSelector:
    return selector.SelectSelector(
        selector.SelectSelectorConfig(
            options=options, translation_key=key, mode=selector.SelectSelectorMode.DROPDOWN
        )
    )


def _suggest(key: str, values: Mapping[str, Any]) -> dict[str, Any]:
    value = values.get(key, DEFAULTS.get(key))
    return {} if value is None else {"suggested_value": value}


class WatchdogSubentryFlow(ConfigSubentryFlow):
    """Add or change one watchdog of a NETIO device."""

    def __init__(self) -> None:
        """Start with the defaults."""
        self._values: dict[str, Any] = {}

    # Entry points -----------------------------------------------------------------------------

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> SubentryFlowResult:
        """A new watchdog: fill in the form or start from NETIO's JSON."""
        if (abort := self._abort_if_not_loaded()) is not None:
            return abort
        return self.async_show_menu(step_id="user", menu_options=["settings", "netio_json"])

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Change a watchdog: the same form, filled with its settings."""
        if (abort := self._abort_if_not_loaded()) is not None:
            return abort
        subentry = self._get_reconfigure_subentry()
        self._values = {CONF_NAME: subentry.title, **subentry.data}
        return await self.async_step_settings()

    async def async_step_netio_json(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Prefill the form from a NETIO WatchDog definition."""
        errors: dict[str, str] = {}
        if user_input is not None:
            try:
                self._values = from_netio(user_input[CONF_NETIO_JSON])
            except NetioJsonError:
                errors[CONF_NETIO_JSON] = "invalid_netio_json"
            else:
                return await self.async_step_settings()
        return self.async_show_form(
            step_id="netio_json",
            data_schema=vol.Schema(
                {
                    vol.Required(CONF_NETIO_JSON): selector.TextSelector(
                        selector.TextSelectorConfig(multiline=True)
                    )
                }
            ),
            errors=errors,
        )

    # The form ---------------------------------------------------------------------------------

    async def async_step_settings(
        self, user_input: dict[str, Any] | None = None
    ) -> SubentryFlowResult:
        """Every setting of the watchdog, checked before anything is saved."""
        errors: dict[str, str] = {}
        if user_input is not None:
            self._values = dict(user_input)
            errors = await self._async_validate(user_input)
            if not errors:
                return self._async_finish(user_input)
        return self.async_show_form(
            step_id="settings",
            data_schema=self._schema(),
            errors=errors,
            description_placeholders={"device": self._get_entry().title},
        )

    def _schema(self) -> vol.Schema:
        coordinator = self._get_entry().runtime_data
        outputs = [
            selector.SelectOptionDict(
                value=str(output_id),
                label=f"{output_id}: {output_device_name(coordinator, output_id)}",
            )
            for output_id in sorted(coordinator.data.outputs)
        ]
        values = self._values
        if CONF_OUTPUT in values:
            values = {**values, CONF_OUTPUT: str(values[CONF_OUTPUT])}
        schema: dict[vol.Marker, Any] = {
            vol.Required(CONF_NAME, description=_suggest(CONF_NAME, values)): str,
            vol.Required(CONF_OUTPUT, description=_suggest(CONF_OUTPUT, values)): (
                selector.SelectSelector(
                    selector.SelectSelectorConfig(
                        options=outputs, mode=selector.SelectSelectorMode.DROPDOWN
                    )
                )
            ),
            vol.Required(CONF_METHOD, description=_suggest(CONF_METHOD, values)): _select(
                list(METHODS), "watchdog_method"
            ),
            vol.Required(CONF_TARGET, description=_suggest(CONF_TARGET, values)): str,
            vol.Optional(CONF_PORT, description=_suggest(CONF_PORT, values)): _number("", 1),
        }
        for key in (
            CONF_INTERVAL,
            CONF_TIMEOUT,
            CONF_MAX_TIMEOUTS,
            CONF_TIME_TO_REBOOT,
            CONF_START_DELAY,
            CONF_MAX_RESTARTS,
        ):
            _low, _high, step, unit = NUMBERS[key]
            schema[vol.Required(key, description=_suggest(key, values))] = _number(unit, step)
        schema[vol.Required(CONF_ACTION, description=_suggest(CONF_ACTION, values))] = _select(
            [action.value for action in FailureAction], "watchdog_action"
        )
        _low, _high, step, unit = NUMBERS[CONF_PULSE]
        schema[vol.Optional(CONF_PULSE, description=_suggest(CONF_PULSE, values))] = _number(
            unit, step
        )
        return vol.Schema(schema)

    async def _async_validate(self, user_input: Mapping[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if not str(user_input[CONF_NAME]).strip():
            errors[CONF_NAME] = "name_required"
        elif self._name_taken(str(user_input[CONF_NAME]).strip()):
            errors[CONF_NAME] = "name_taken"
        coordinator = self._get_entry().runtime_data
        if int(user_input[CONF_OUTPUT]) not in coordinator.data.outputs:
            errors[CONF_OUTPUT] = "output_missing"
        ranges = {key: (low, high) for key, (low, high, _s, _u) in NUMBERS.items()}
        ranges[CONF_PORT] = PORT_RANGE
        for key, (low, high) in ranges.items():
            value = user_input.get(key)
            if value is None:
                continue
            if not low <= value <= high or (key in INTEGER_FIELDS and value != int(value)):
                errors[key] = "out_of_range"
        if (
            CONF_TIMEOUT not in errors
            and CONF_INTERVAL not in errors
            and user_input[CONF_TIMEOUT] > user_input[CONF_INTERVAL]
        ):
            errors[CONF_TIMEOUT] = "timeout_above_interval"
        errors.update(await self._async_validate_target(user_input))
        return errors

    async def _async_validate_target(self, user_input: Mapping[str, Any]) -> dict[str, str]:
        target = str(user_input[CONF_TARGET]).strip()
        method = user_input[CONF_METHOD]
        if "://" in target:
            if method != METHOD_HTTP:
                return {CONF_TARGET: "url_needs_http"}
            try:
                host = host_of(target)
            except ValueError:
                host = ""
            if not host or not target.startswith(("http://", "https://")):
                return {CONF_TARGET: "invalid_url"}
        else:
            host = target
        if method == METHOD_TCP and user_input.get(CONF_PORT) is None:
            return {CONF_PORT: "port_required"}
        if not host or not await async_resolve(host):
            return {CONF_TARGET: "cannot_resolve"}
        return {}

    def _name_taken(self, name: str) -> bool:
        own = self._get_reconfigure_subentry().subentry_id if self.source == "reconfigure" else None
        return any(
            sub.title.casefold() == name.casefold()
            for sub in self._get_entry().subentries.values()
            if sub.subentry_type == "watchdog" and sub.subentry_id != own
        )

    def _async_finish(self, user_input: Mapping[str, Any]) -> SubentryFlowResult:
        data: dict[str, Any] = {
            key: value
            for key, value in user_input.items()
            if key != CONF_NAME and value is not None
        }
        data[CONF_OUTPUT] = int(user_input[CONF_OUTPUT])
        data[CONF_TARGET] = str(user_input[CONF_TARGET]).strip()
        for key in INTEGER_FIELDS & data.keys():
            data[key] = int(data[key])
        title = str(user_input[CONF_NAME]).strip()
        if self.source == "reconfigure":
            return self.async_update_and_abort(
                self._get_entry(), self._get_reconfigure_subentry(), title=title, data=data
            )
        return self.async_create_entry(title=title, data=data)

    def _abort_if_not_loaded(self) -> SubentryFlowResult | None:
        if self._get_entry().state is not ConfigEntryState.LOADED:
            return self.async_abort(reason="entry_not_loaded")
        return None


__all__ = ["DOMAIN", "WatchdogSubentryFlow"]
