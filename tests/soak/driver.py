"""One driver per simulated device: faults at random, actions through Home Assistant, polls.

Every device is driven by one coroutine, so the writes a device applies between the start of
one action and the start of the next belong to that action (a late write of a timed-out request
included). The 20 drivers run concurrently on Home Assistant's loop, as do the devices.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
import random
import time
from typing import Any

from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.netio.client.errors import NetioUnconfirmedError
from custom_components.netio.const import DOMAIN
from custom_components.netio.coordinator import NetioCoordinator
from netio_simulator.credentials import ApiAccounts
from netio_simulator.runner import RunningDevice

from .chaos import ActiveFault, FaultKind, clear, inject, still_hiding
from .ledger import ActionRecord, Ledger, applied_writes, classify

REQUEST_LOG_KEPT = 64
FAULT_RATE = 0.12
"""Chance per step that a healthy device starts misbehaving."""

# Actions the driver issues, and whether repeating one has the effect of doing it once.
ACTIONS: dict[str, bool] = {
    "turn_on": True,
    "turn_off": True,
    "toggle": False,
    "short_off": True,
    "short_on": True,
    "set_outputs": True,
}


@dataclass(slots=True)
class WriteTap:
    """Counts the writes a simulated device applied, however long its log would grow."""

    count: int = 0

    def attach(self, device: RunningDevice) -> None:
        """Wrap the device's request log so every applied write is counted here.

        The device keeps only its newest requests, so the soak's memory stays flat.
        """
        sim = device.device
        sim.request_log = deque(maxlen=REQUEST_LOG_KEPT)
        original: Callable[..., None] = sim.log_request

        def tap(protocol: str, kind: Any, detail: str = "") -> None:
            original(protocol, kind, detail)
            self.count += len(applied_writes([sim.request_log[-1]]))

        sim.log_request = tap  # type: ignore[method-assign]


@dataclass(slots=True)
class PendingAction:
    """An action whose writes are still being counted (until the device's next action)."""

    action: str
    start: int
    raised: BaseException | None
    entity_available: bool
    fault: str


@dataclass(slots=True)
class DeviceDriver:
    """Drives one device and checks what Home Assistant shows of it."""

    hass: HomeAssistant
    index: int
    device: RunningDevice
    entry: MockConfigEntry
    accounts: ApiAccounts
    device_id: str
    switches: dict[int, str]
    """Output ID -> switch entity ID."""
    ledger: Ledger
    rng: random.Random
    tap: WriteTap = field(default_factory=WriteTap)
    fault: ActiveFault | None = None
    cleared_at: float | None = None
    pending: PendingAction | None = None

    @property
    def coordinator(self) -> NetioCoordinator:
        """The device's coordinator in Home Assistant."""
        coordinator: NetioCoordinator = self.entry.runtime_data
        return coordinator

    async def run(self, steps: int) -> None:
        """Fault, act, poll, `steps` times."""
        for _ in range(steps):
            self._step_fault()
            await self._act()
            await self.poll()

    # Faults -------------------------------------------------------------------------------

    def _step_fault(self) -> None:
        fault = self.fault
        if fault is not None:
            fault.steps_left -= 1
            if fault.steps_left <= 0 and not self.device.device.is_down:
                self.end_fault()
            return
        if self.rng.random() < FAULT_RATE:
            kind = self.rng.choice(list(FaultKind))
            inject(self.device, kind, self.rng)
            self.ledger.faults[kind.value] += 1
            self.fault = ActiveFault(kind, self.rng.randint(1, 3))

    def end_fault(self) -> None:
        """Let the device behave again; its next poll must show it as it is."""
        if self.fault is None:
            return
        clear(self.device, self.fault.kind, self.accounts)
        self.fault = None
        self.cleared_at = time.monotonic()

    # Actions ------------------------------------------------------------------------------

    async def _act(self) -> None:
        self.finish_pending()
        rng = self.rng
        action = rng.choice(list(ACTIONS))
        output_id = rng.choice(sorted(self.switches))
        entity_id = self.switches[output_id]
        state = self.hass.states.get(entity_id)
        available = state is not None and state.state != STATE_UNAVAILABLE
        domain, service, data = self._call(action, output_id, entity_id)
        start = self.tap.count
        raised: BaseException | None = None
        try:
            await self.hass.services.async_call(domain, service, data, blocking=True)
        except Exception as err:  # noqa: BLE001 - every failure is recorded and judged
            raised = err
        self.pending = PendingAction(
            action=action,
            start=start,
            raised=raised,
            entity_available=available or action == "set_outputs",
            fault=self.fault.kind.value if self.fault else "none",
        )

    def _call(self, action: str, output_id: int, entity_id: str) -> tuple[str, str, dict[str, Any]]:
        rng = self.rng
        duration = timedelta(milliseconds=rng.choice([100, 200, 300]))
        if action in {"turn_on", "turn_off"}:
            return "switch", action, {"entity_id": entity_id}
        if action == "toggle":
            return DOMAIN, "toggle", {"entity_id": entity_id}
        if action in {"short_off", "short_on"}:
            return DOMAIN, action, {"entity_id": entity_id, "duration": duration}
        others = [o for o in sorted(self.switches) if o != output_id]
        outputs = [
            {"output": o, "action": rng.choice(["on", "off"])}
            for o in [output_id, *rng.sample(others, k=min(1, len(others)))]
        ]
        return DOMAIN, "set_outputs", {"device_id": self.device_id, "outputs": outputs}

    def finish_pending(self) -> None:
        """Judge the last action by the writes the device applied since it started."""
        pending, self.pending = self.pending, None
        if pending is None:
            return
        applied = self.tap.count - pending.start
        raised = pending.raised
        translated = isinstance(raised, HomeAssistantError) and bool(raised.translation_key)
        repeatable = ACTIONS[pending.action]
        outcome = classify(
            raised=raised,
            translated=translated,
            taken=isinstance(getattr(raised, "__cause__", None), NetioUnconfirmedError),
            applied=applied,
            entity_available=pending.entity_available,
            repeatable=repeatable,
        )
        if applied > 1 and repeatable:
            self.ledger.repeated_writes += 1
        error = ""
        if raised is not None:
            error = (
                str(raised.translation_key)
                if isinstance(raised, HomeAssistantError) and raised.translation_key
                else f"{type(raised).__name__}: {raised}"
            )
        self.ledger.actions.append(
            ActionRecord(self.index, pending.action, outcome, applied, pending.fault, error)
        )

    # Polls --------------------------------------------------------------------------------

    def _sim_states(self) -> tuple[dict[int, bool], bool]:
        sim = self.device.device
        pulsing = any(output.pulse_active for output in sim.outputs)
        return {o.id: o.state for o in sim.outputs}, pulsing

    def _ha_states(self) -> dict[int, bool | None]:
        states: dict[int, bool | None] = {}
        for output_id, entity_id in self.switches.items():
            state = self.hass.states.get(entity_id)
            if state is None or state.state == STATE_UNAVAILABLE:
                states[output_id] = None
            else:
                states[output_id] = state.state == STATE_ON
        return states

    async def poll(self) -> None:
        """Read the device once, then check availability and the shown states."""
        hiding_before = still_hiding(self.device, self.fault)
        before, pulsing_before = self._sim_states()
        await self.coordinator.async_refresh()
        self.ledger.polls += 1
        after, pulsing_after = self._sim_states()
        hiding = hiding_before or still_hiding(self.device, self.fault)
        shown = self._ha_states()
        available = all(value is not None for value in shown.values())
        where = f"device {self.index} ({self.fault.kind if self.fault else 'no fault'})"
        if not available and not hiding:
            self.ledger.availability_violations.append(
                f"{where}: unavailable ({self.coordinator.last_exception}), {shown}"
            )
        settled = before == after and not pulsing_before and not pulsing_after
        if available and settled and shown != after:
            self.ledger.truth_violations.append(f"{where}: shows {shown}, device has {after}")
        if self.cleared_at is not None and not hiding:
            if available and (shown == after or not settled):
                self.ledger.recovery_s.append(time.monotonic() - self.cleared_at)
            else:
                self.ledger.availability_violations.append(
                    f"{where}: not back one poll after the fault ended: {shown} vs {after}"
                )
            self.cleared_at = None
