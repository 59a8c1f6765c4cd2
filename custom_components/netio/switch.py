"""Switches: one per output, in the built-in integration's unique ID format."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.components.switch import (
    PLATFORM_SCHEMA as SWITCH_PLATFORM_SCHEMA,
    SwitchDeviceClass,
    SwitchEntity,
)
from homeassistant.config_entries import SOURCE_IMPORT
from homeassistant.const import CONF_HOST, CONF_PASSWORD, CONF_PORT, CONF_USERNAME, Platform
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_validation as cv, issue_registry as ir
from homeassistant.helpers.entity_platform import (
    AddConfigEntryEntitiesCallback,
    AddEntitiesCallback,
)
from homeassistant.helpers.typing import ConfigType, DiscoveryInfoType
import probatio as vol

from .client.models import DEFAULT_KSHELL_PORT, OutputAction, OutputCommand
from .commands import async_output_command, pulse_duration_ms
from .const import CONF_CRITICAL_OUTPUTS, CONF_KSHELL_PORT, CONF_PROTOCOL, DOMAIN, PROTOCOL_AUTO
from .coordinator import NetioConfigEntry, NetioCoordinator
from .entity import NetioOutputEntity
from .helpers import async_add_dynamic_entities
from .watchdog.entities import async_add_watchdog_entities

PARALLEL_UPDATES = 1

# The built-in integration's old YAML (`switch: - platform: netio`, KSHELL on port 1234).
PLATFORM_SCHEMA = SWITCH_PLATFORM_SCHEMA.extend(
    {
        vol.Required(CONF_HOST): cv.string,
        vol.Optional(CONF_PORT, default=DEFAULT_KSHELL_PORT): cv.port,
        vol.Optional(CONF_USERNAME, default="admin"): cv.string,
        vol.Required(CONF_PASSWORD): cv.string,
        vol.Optional("outlets"): {cv.string: cv.string},
    }
)


async def async_setup_platform(
    hass: HomeAssistant,
    config: ConfigType,
    async_add_entities: AddEntitiesCallback,
    discovery_info: DiscoveryInfoType | None = None,
) -> None:
    """Import a YAML configuration into a config entry and ask the user to remove the YAML."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_IMPORT},
        data={
            CONF_HOST: config[CONF_HOST],
            CONF_USERNAME: config[CONF_USERNAME],
            CONF_PASSWORD: config[CONF_PASSWORD],
            CONF_KSHELL_PORT: config[CONF_PORT],
            CONF_PROTOCOL: PROTOCOL_AUTO,
        },
    )
    imported = result.get("type") is FlowResultType.CREATE_ENTRY or (
        result.get("reason") == "already_configured"
    )
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"deprecated_yaml_{config[CONF_HOST]}" if not imported else "deprecated_yaml",
        is_fixable=False,
        issue_domain=DOMAIN,
        severity=ir.IssueSeverity.WARNING,
        translation_key="deprecated_yaml" if imported else "deprecated_yaml_import_failed",
        translation_placeholders={
            "host": config[CONF_HOST],
            "reason": str(result.get("reason", "")),
        },
    )


async def async_setup_entry(
    hass: HomeAssistant,
    entry: NetioConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch for every output."""
    coordinator = entry.runtime_data
    async_add_dynamic_entities(
        entry,
        async_add_entities,
        lambda: coordinator.data.outputs,
        lambda output_id: [NetioOutputSwitch(coordinator, output_id)],
    )
    async_add_watchdog_entities(entry, async_add_entities, Platform.SWITCH)


class NetioOutputSwitch(NetioOutputEntity, SwitchEntity):
    """A power output; its unique ID `{serial}_{output}` is the built-in integration's."""

    _attr_device_class = SwitchDeviceClass.OUTLET
    _attr_name = None  # the output's device name: "NAS", so Assist knows it by that name
    _attr_translation_key = "output"  # for its icons

    def __init__(self, coordinator: NetioCoordinator, output_id: int) -> None:
        """Attach the switch to its output's device."""
        super().__init__(coordinator, output_id, None)
        if str(output_id) in coordinator.config_entry.options.get(CONF_CRITICAL_OUTPUTS, []):
            # Dashboards (the outlets card) ask before cutting a critical output's power.
            self._attr_extra_state_attributes = {"critical": True}

    @property
    def is_on(self) -> bool | None:
        """Whether the output is on; unknown while the device does not say."""
        return None if (output := self.output) is None else output.state

    def shown_value(self) -> object:
        """Whether it is on (a rename reaches the name through the output's device)."""
        output = self.output
        return None if output is None else output.state

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Switch the output on."""
        await async_output_command(self, OutputCommand(self.output_id, OutputAction.ON))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Switch the output off (refused for a critical output without confirmation)."""
        await async_output_command(self, OutputCommand(self.output_id, OutputAction.OFF))

    async def async_short_off(
        self, duration: timedelta | None = None, confirm: bool = False
    ) -> None:
        """Power-cycle the output (netio.short_off)."""
        await async_output_command(
            self,
            OutputCommand(self.output_id, OutputAction.SHORT_OFF, pulse_duration_ms(duration)),
            confirm=confirm,
        )

    async def async_short_on(
        self, duration: timedelta | None = None, confirm: bool = False
    ) -> None:
        """Switch the output on for a while (netio.short_on)."""
        await async_output_command(
            self,
            OutputCommand(self.output_id, OutputAction.SHORT_ON, pulse_duration_ms(duration)),
            confirm=confirm,
        )

    async def async_netio_toggle(self, confirm: bool = False) -> None:
        """Invert the output on the device itself (netio.toggle)."""
        await async_output_command(
            self, OutputCommand(self.output_id, OutputAction.TOGGLE), confirm=confirm
        )
