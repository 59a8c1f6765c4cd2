"""Runs a corpus case's rules in Home Assistant: translated, imported, against the simulator.

The case's device is served over JSON on 127.0.0.1 with no rules of its own; the integration
polls it every second; `netio.import_rules` (mode create) writes the translated automations into
a configuration that includes automations.yaml, as a user's would. Time is simulated: every
100 ms step moves Home Assistant's frozen clock (`freezer`, exact timer firing) and the
simulator's manual clock together, so delays, `for:` holds, pulses and polls all happen at
their simulated moments.

Watchdog targets: a case names them (`"target": "router"`), and on the device the engine looks
the name up in its host table. Here each name is a simulated host (`netio_simulator.hosts`) on
127.0.0.1, plugged into a socket of its own (not a NETIO output, so a restart by a rule does
not revive it, as on the device), and the document imported names it by its URL, the HTTP
endpoint the host serves: the imported watchdog checks it with HTTP GET from its first check,
and nothing leaves 127.0.0.0/8 (ICMP would answer from any 127.x address, a name would be looked
up). `set_host` hangs the host (its port closes) or un-hangs it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
import json
from pathlib import Path
from typing import Any, Protocol

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import (
    CONF_HOST,
    CONF_PASSWORD,
    CONF_PORT,
    CONF_SCAN_INTERVAL,
    CONF_SSL,
    CONF_USERNAME,
    CONF_VERIFY_SSL,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed_exact,
)
import yaml

from custom_components.netio.const import CONF_PROTOCOL, DOMAIN
from custom_components.netio.rules.model import automation_id
from netio_simulator import OutputSpec, get_profile
from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.device import SimOutput, SimulatedDevice
from netio_simulator.hosts import SimulatedHost
from netio_simulator.servers.http import HttpServer

TICK_MS = 100
AUTOMATION_RUNS = frozenset({"AutomationEntity._async_trigger_if_enabled", "Script.async_run"})
WATCHDOG_TASKS = f"{DOMAIN} watchdog "
USERNAME = "netio"
PASSWORD = "netio-secret"
CREDENTIALS = Credentials(json=ApiAccounts.both(USERNAME, PASSWORD))


class Clock(Protocol):
    """The simulator's manual clock (seconds after the case's start)."""

    def set(self, seconds: float) -> None:
        """Move to `seconds` after the origin."""


class HomeAssistantDriver:
    """The corpus `CaseDriver` that runs a case's rules as Home Assistant automations."""

    def __init__(
        self,
        hass: HomeAssistant,
        freezer: FrozenDateTimeFactory,
        clock: Clock,
        config_dir: Path,
    ) -> None:
        """Keep the harness pieces; nothing starts before `begin`."""
        self.hass = hass
        self.freezer = freezer
        self.clock = clock
        self.config_dir = config_dir
        self.start: datetime | None = None
        self.elapsed_ms = 0
        self.server: HttpServer | None = None
        self.entry: MockConfigEntry | None = None
        self.response: dict[str, Any] = {}
        self.hosts_up: dict[str, bool] = {}
        self.hosts: dict[str, SimulatedHost] = {}

    async def prepare(self, start: datetime, time_zone: str, netio: dict[str, Any]) -> None:
        """Home Assistant's clock, zone and home before the device exists."""
        self.start = start
        self.freezer.move_to(start)
        await self.hass.config.async_set_time_zone(time_zone)
        for pab in netio.get("pabs", {}).values():
            if str(pab.get("type", "")).upper() == "DAYLIGHT":
                # Sunrise at the PAB's place: Home Assistant's home is where the device is.
                self.hass.config.latitude = _coordinate(pab["latitude"])
                self.hass.config.longitude = _coordinate(pab["longitude"])
        self.hass.config.config_dir = str(self.config_dir)
        (self.config_dir / "configuration.yaml").write_text(
            "automation: !include automations.yaml\n"
        )
        (self.config_dir / "automations.yaml").write_text("[]\n")
        assert await async_setup_component(self.hass, "automation", {"automation": []})
        assert await async_setup_component(self.hass, "sun", {"sun": {}})
        # Always loaded in Home Assistant; the cloud alarm's notifications go there.
        assert await async_setup_component(self.hass, "persistent_notification", {})

    async def begin(self, case: Any, device: SimulatedDevice) -> None:
        """Serve the device, set the integration up (1 s polls), import the rules."""
        if self.start is None:
            await self.prepare(case.start.time, case.time_zone, case.netio)
        self.server = HttpServer(device, apis=frozenset({"json"}))
        port = await self.server.start("127.0.0.1", 0)
        serial = device.serial or device.mac.lower()
        self.entry = MockConfigEntry(
            domain=DOMAIN,
            title=device.name,
            unique_id=serial,
            data={
                CONF_HOST: "127.0.0.1",
                CONF_PORT: port,
                CONF_USERNAME: USERNAME,
                CONF_PASSWORD: PASSWORD,
                CONF_SSL: False,
                CONF_VERIFY_SSL: True,
                CONF_PROTOCOL: "json",
            },
            options={CONF_SCAN_INTERVAL: 1},
            version=2,
            minor_version=1,
        )
        self.entry.add_to_hass(self.hass)
        assert await self.hass.config_entries.async_setup(self.entry.entry_id)
        await self.hass.async_block_till_done()
        pdu = dr.async_get(self.hass).async_get_device_by_identifier(
            (DOMAIN, serial), self.entry.entry_id
        )
        assert pdu is not None
        if not case.netio.get("rules"):
            return  # nothing to import: the case is about the device alone (a power cut, say)
        netio = await self._with_hosts(case, device)
        self.response = await self.hass.services.async_call(
            DOMAIN,
            "import_rules",
            {"device_id": pdu.id, "rules": json.dumps(netio), "mode": "create"},
            blocking=True,
            return_response=True,
        )  # type: ignore[assignment]
        await self.hass.async_block_till_done()
        left_out = [
            f"{item['rule']}: {'; '.join(item['untranslatable'])}"
            for item in self.response["rules"]
            if item["untranslatable"]
        ]
        assert not left_out, " | ".join(left_out)

    async def _with_hosts(self, case: Any, device: SimulatedDevice) -> dict[str, Any]:
        """Start a simulated host per watchdog target; the document naming them by URL."""
        netio = json.loads(json.dumps(case.netio))
        profile = get_profile(case.profile)
        for watchdog in netio.get("watchdogs", {}).values():
            name = str(watchdog["target"])
            if name not in self.hosts:
                clock = device.output(1).clock
                socket = SimOutput(0, OutputSpec(state=True), profile, clock, None)
                host = SimulatedHost(name, socket, boot_s=0)
                await host.start()
                self.hosts[name] = host
                await self.set_host(name, self.hosts_up.get(name, False))
            watchdog["target"] = f"http://{self.hosts[name].address}/"
        return netio

    async def advance_to(self, seconds: float) -> None:
        """Move both clocks in 100 ms steps, firing every timer that falls due."""
        assert self.start is not None
        target_ms = round(seconds * 1000)
        while self.elapsed_ms < target_ms:
            self.elapsed_ms = min(self.elapsed_ms + TICK_MS, target_ms)
            now = self.start + timedelta(milliseconds=self.elapsed_ms)
            self.clock.set(self.elapsed_ms / 1000)
            self.freezer.move_to(now)
            async_fire_time_changed_exact(self.hass, now)
            await self.settle()

    async def set_host(self, name: str, up: bool) -> None:
        """A watchdog target answers or not (remembered until its host exists)."""
        self.hosts_up[name] = up
        if (host := self.hosts.get(name)) is not None:
            if up:
                host.unhang()
            else:
                host.hang()
            await host.async_refresh()

    async def set_rule_enabled(self, name: str, enabled: bool) -> None:
        """Turn the rule's automation on or off (off stops its running actions)."""
        assert self.entry is not None
        entity_id = er.async_get(self.hass).async_get_entity_id(
            "automation", "automation", automation_id(str(self.entry.unique_id), name)
        )
        assert entity_id is not None, name
        await self.hass.services.async_call(
            "automation",
            "turn_on" if enabled else "turn_off",
            {"entity_id": entity_id},
            blocking=True,
        )

    async def settle(self) -> None:
        """Wait for everything Home Assistant started except automation runs.

        An automation run waiting in a `delay` or a `for:` only moves on when the simulated clock
        reaches it (`advance_to`); `async_block_till_done` would wait for it forever.
        """
        while True:
            for _ in range(5):
                await asyncio.sleep(0)
            pending = [
                task
                for task in self.hass._tasks
                if not task.done()
                and getattr(task.get_coro(), "__qualname__", "") not in AUTOMATION_RUNS
            ] + [
                task
                for task in self.hass._background_tasks
                if isinstance(task, asyncio.Task)
                and not task.done()
                and task.get_name().startswith(WATCHDOG_TASKS)
            ]
            if not pending:
                return
            await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)

    async def close(self) -> None:
        """Unload the integration and stop the device's server."""
        if self.entry is not None:
            await self.hass.config_entries.async_unload(self.entry.entry_id)
            await self.hass.async_block_till_done()
        if self.server is not None:
            await self.server.stop()
        for host in self.hosts.values():
            await host.stop()

    def automations(self) -> list[dict[str, Any]]:
        """What the import wrote (to read a failure)."""
        return yaml.safe_load((self.config_dir / "automations.yaml").read_text()) or []


def _coordinate(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().upper()
    sign = -1.0 if text[-1] in "SW" else 1.0
    return sign * float(text.rstrip("NSEW"))
