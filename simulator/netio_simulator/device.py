"""The device model: outputs, inputs, metering, identity, uptime and the request log.

Protocol servers translate their wire format into calls on `SimulatedDevice`; they never keep
state of their own, so every protocol sees the same device. Pulses (short OFF/ON) and energy are
evaluated against a monotonic clock when read, so there is nothing to tick and no timer to cancel.

Newer-platform devices also run NETIO's rules (`device.rules`, see `netio_simulator.rules`).
Timed things (pulse ends, the end of a reboot's downtime, the rules' timers) are events: before
every read or change the device catches up to its clock (`sync`), running each event at its own
moment, so what a client sees does not depend on when it looks.
"""

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from enum import IntEnum
import hashlib
import math
import random
import time
from typing import Final, Literal

from .credentials import Credentials
from .faults import Faults
from .metering import (
    Clock,
    GlobalMeasure,
    LoadProfile,
    OutputMeter,
    OutputMetering,
    default_load,
    mains_frequency,
    mains_voltage,
)
from .profiles import InputFeature, Profile, get_profile, with_firmware
from .rules import RulesEngine

__all__ = [
    "GlobalMeasure",
    "InputSpec",
    "LoggedRequest",
    "OutputAction",
    "OutputMetering",
    "OutputSpec",
    "PowerUp",
    "SimInput",
    "SimOutput",
    "SimulatedDevice",
]

type PowerUp = Literal["on", "off", "last"]
type RequestKind = Literal["read", "write"]
type OutputListener = Callable[[int, bool, float], None]
"""Called with (output id, new state, device clock time) whenever an output's relay changes."""

REQUEST_LOG_SIZE: Final = 10_000
MAX_EVENTS_AT_ONE_MOMENT: Final = 100_000
NETIO_OUI: Final = "24:A4:2C"


class OutputAction(IntEnum):
    """Output action codes shared by every NETIO M2M protocol."""

    OFF = 0
    ON = 1
    SHORT_OFF = 2
    SHORT_ON = 3
    TOGGLE = 4
    NO_CHANGE = 5
    IGNORE = 6


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request a server handled: wall time, protocol, read or write, free-form detail."""

    time: float
    protocol: str
    kind: RequestKind
    detail: str


@dataclass(slots=True)
class OutputSpec:
    """How an output starts; None fields take the profile's defaults."""

    name: str | None = None
    state: bool = True
    delay_ms: int | None = None
    power_up: PowerUp = "last"
    load: LoadProfile | None = None
    energy_wh: float = 0.0
    energy_nr_wh: float | None = None
    reverse_energy_wh: float = 0.0
    reverse_energy_nr_wh: float | None = None


@dataclass(slots=True)
class InputSpec:
    """How an input starts. `features` None = the profile's input features.

    temperature_c / humidity None with the feature present = "no sensor" (reported as 999).
    """

    name: str | None = None
    state: bool = False
    s0_counter: int = 0
    s0_pulses_per_hour: float = 0.0
    features: frozenset[InputFeature] | None = None
    temperature_c: float | None = None
    humidity: float | None = None


class SimOutput:
    """One power output. Read `state`; switch through `SimulatedDevice` methods."""

    def __init__(
        self,
        output_id: int,
        spec: OutputSpec,
        profile: Profile,
        clock: Clock,
        meter: OutputMeter | None,
        *,
        sync: Callable[[], None] = lambda: None,
        changed: OutputListener = lambda _id, _on, _at: None,
        note_event: Callable[[float], None] = lambda _at: None,
    ) -> None:
        """Set up from a spec; a None meter means the output is not metered.

        `sync` lets the device catch up before a read; `changed` hears every relay change.
        """
        self.id = output_id
        self.name = spec.name if spec.name is not None else profile.default_output_name(output_id)
        self.delay_ms = spec.delay_ms if spec.delay_ms is not None else profile.default_delay_ms
        self.power_up: PowerUp = spec.power_up
        self.meter = meter
        self._clock = clock
        self._sync = sync
        self._changed = changed
        self._note_event = note_event
        self._state = spec.state
        self._pulse_end: float | None = None
        self._pulse_final = False
        self.switch_hooks: list[Callable[[bool, float], None]] = []
        """Called with (on, when) after every switch of the relay (simulated hosts use it)."""

    @property
    def clock(self) -> Clock:
        """The device's monotonic clock (simulated hosts boot on it)."""
        return self._clock

    @property
    def pulse_end(self) -> float | None:
        """Device clock time when the running pulse ends (None when none runs)."""
        return self._pulse_end

    def settle(self) -> None:
        """Let a pulse whose time is up take effect (called by every read)."""
        self._sync()
        if self._pulse_end is not None and self._clock() >= self._pulse_end:
            end = self._pulse_end
            self._pulse_end = None
            self.switch(self._pulse_final, at=end)

    def switch(self, on: bool, at: float | None = None) -> None:
        """Set the relay now, without NETIO rules; servers use SimulatedDevice methods."""
        if self.meter is not None:
            self.meter.set_on(on, at)
        when = self._clock() if at is None else at
        if on != self._state:
            self._state = on
            self._changed(self.id, on, when)
            for hook in list(self.switch_hooks):
                hook(on, when)

    @property
    def state(self) -> bool:
        """True = on. A finished pulse has already taken effect."""
        self.settle()
        return self._state

    @property
    def pulse_active(self) -> bool:
        """Whether a short OFF/ON is running (other switching is ignored meanwhile)."""
        self.settle()
        return self._pulse_end is not None

    @property
    def pulse_remaining_s(self) -> float:
        """Seconds until the running pulse ends (0 when none)."""
        self.settle()
        if self._pulse_end is None:
            return 0.0
        return max(0.0, self._pulse_end - self._clock())

    def begin_pulse(self, during: bool, delay_ms: int) -> None:
        """Hold `during` for delay_ms, then flip back (device model use)."""
        self.switch(during)
        self._pulse_final = not during
        self._pulse_end = self._clock() + delay_ms / 1000.0
        self._note_event(self._pulse_end)

    def cancel_pulse(self) -> None:
        """Forget a running pulse, leaving the relay as it is."""
        self._pulse_end = None


class SimInput:
    """One digital input (contact state, S0 pulse counter, optional sensors)."""

    def __init__(
        self,
        input_id: int,
        spec: InputSpec,
        profile: Profile,
        clock: Clock,
        change: Callable[[Callable[[], None]], None] = lambda apply: apply(),
    ) -> None:
        """Set up from a spec; `change` wraps a state change (the device's rules see it)."""
        self.id = input_id
        self.name = spec.name if spec.name is not None else profile.default_input_name(input_id)
        self._state = spec.state
        self._change = change
        self.features: frozenset[InputFeature] = (
            spec.features if spec.features is not None else profile.input_features
        )
        self.temperature_c = spec.temperature_c
        self.humidity = spec.humidity
        self.s0_pulses_per_hour = spec.s0_pulses_per_hour
        self._clock = clock
        self._s0_base = spec.s0_counter
        self._s0_since = clock()

    @property
    def state(self) -> bool:
        """Contact closed (True) or open."""
        return self._state

    @state.setter
    def state(self, value: bool) -> None:
        def apply() -> None:
            self._state = bool(value)

        self._change(apply)

    @property
    def s0_counter(self) -> int:
        """Pulses counted so far (grows with `s0_pulses_per_hour`)."""
        elapsed = self._clock() - self._s0_since
        return self._s0_base + math.floor(elapsed * self.s0_pulses_per_hour / 3600.0)

    @s0_counter.setter
    def s0_counter(self, value: int) -> None:
        self._s0_base = value
        self._s0_since = self._clock()


def _mac_for(seed_text: str) -> str:
    digest = hashlib.sha256(seed_text.encode()).digest()
    return NETIO_OUI + "".join(f":{b:02X}" for b in digest[:3])


class SimulatedDevice:
    """A NETIO device: the state every protocol server reads and changes."""

    def __init__(
        self,
        profile: Profile | str,
        *,
        name: str | None = None,
        hostname: str | None = None,
        mac: str | None = None,
        serial: str | None = None,
        outputs: Sequence[OutputSpec] | None = None,
        inputs: Sequence[InputSpec] | None = None,
        credentials: Credentials | None = None,
        seed: int = 0,
        clock: Clock = time.monotonic,
        timezone: tzinfo | None = None,
        clock_set: bool = True,
        initial_uptime_s: int = 0,
        energy_start: datetime | None = None,
        nominal_voltage: float = 230.0,
        nominal_frequency: float = 50.0,
    ) -> None:
        """Build a device of a profile (object or name, e.g. "netio_4all").

        `seed` makes the MAC and the default loads distinct between devices of one run.
        `clock` is the monotonic time source (tests may pass a fake one).
        `clock_set=False` reports Time as 1970 plus uptime, like a device without NTP.
        """
        self.profile: Profile = get_profile(profile) if isinstance(profile, str) else profile
        self._source_clock = clock
        self._virtual_time: float | None = None
        self._clock: Clock = self.now
        self._syncing = False
        self._changing = False
        self._pending_power_up: dict[int, bool] | None = None
        self._output_listeners: list[OutputListener] = []
        self._wake_hint = -math.inf
        """No event is due before this device clock time (lowered by `note_event`)."""
        self._rng = random.Random(seed)  # noqa: S311 - simulation, not security
        self.mac = mac or _mac_for(f"{self.profile.key}/{seed}/{name}")
        self._serial_override = serial
        self.name = name or self.profile.discover_pretty_name
        self.hostname = hostname or (
            self.profile.discover_pretty_name.lower().replace(" ", "-")
            + "-"
            + self.mac.replace(":", "")[-4:].lower()
        )
        self.ports: dict[str, int] = {}
        """Where the device's servers listen ("http", "https", "modbus", ...); set by the runner."""
        self.credentials = credentials or Credentials()
        self.faults = Faults()
        self.request_log: deque[LoggedRequest] = deque(maxlen=REQUEST_LOG_SIZE)
        self.timezone = timezone
        self.clock_set = clock_set
        self.nominal_voltage = nominal_voltage
        self.nominal_frequency = nominal_frequency
        self._boot = clock() - initial_uptime_s
        self.energy_start = energy_start or datetime.now(UTC).astimezone(timezone).replace(
            microsecond=0
        )
        specs = list(outputs) if outputs is not None else []
        if len(specs) > self.profile.num_outputs:
            raise ValueError(f"{self.profile.model} has only {self.profile.num_outputs} outputs")
        specs += [OutputSpec() for _ in range(self.profile.num_outputs - len(specs))]
        self.outputs: list[SimOutput] = []
        for index, spec in enumerate(specs, start=1):
            meter = None
            if index in self.profile.metered_outputs:
                meter = OutputMeter(
                    spec.load or default_load(index, seed),
                    self._clock,
                    self._rng,
                    on=spec.state,
                    energy_wh=spec.energy_wh,
                    energy_nr_wh=spec.energy_nr_wh,
                    reverse_energy_wh=spec.reverse_energy_wh,
                    reverse_energy_nr_wh=spec.reverse_energy_nr_wh,
                )
            self.outputs.append(
                SimOutput(
                    index,
                    spec,
                    self.profile,
                    self._clock,
                    meter,
                    sync=self.sync,
                    changed=self._output_changed,
                    note_event=self.note_event,
                )
            )
        in_specs = list(inputs) if inputs is not None else []
        if len(in_specs) > self.profile.num_inputs:
            raise ValueError(f"{self.profile.model} has only {self.profile.num_inputs} inputs")
        in_specs += [InputSpec() for _ in range(self.profile.num_inputs - len(in_specs))]
        self.inputs: list[SimInput] = [
            SimInput(index, spec, self.profile, self._clock, self._change)
            for index, spec in enumerate(in_specs, 1)
        ]
        self.rules: RulesEngine | None = (
            RulesEngine(self) if self.profile.platform == "esp" else None
        )
        """NETIO's rules engine on newer-platform devices (None on NETIO 4x)."""

    # Identity and time -------------------------------------------------------------------

    @property
    def serial(self) -> str | None:
        """SerialNumber as the family writes it; None when the family sends no such key."""
        if self._serial_override is not None:
            return self._serial_override
        style = self.profile.serial_style
        if style == "colons":
            return self.mac
        if style == "plain":
            return self.mac.replace(":", "")
        return None

    def now(self) -> float:
        """Read the device's monotonic clock (while catching up: the moment being processed)."""
        if self._virtual_time is not None:
            return self._virtual_time
        return self._source_clock()

    @property
    def boot_time(self) -> float:
        """Device clock time of the last boot (in the future while a reboot's downtime lasts)."""
        return self._boot

    # Events -----------------------------------------------------------------------------

    def sync(self) -> None:
        """Catch up to the clock: run every pulse end, boot and rules timer in time order."""
        if self._syncing:
            return
        target = self._source_clock()
        if self._wake_hint > target:
            return
        self._syncing = True
        try:
            stuck = 0
            while (moment := self._next_event()) is not None and moment <= target:
                stuck = stuck + 1 if moment == self._virtual_time else 0
                if stuck > MAX_EVENTS_AT_ONE_MOMENT:
                    raise RuntimeError(f"{self!r}: events at {moment} do not settle")
                self._virtual_time = moment
                self._run_events(moment)
        finally:
            self._virtual_time = None
            self._syncing = False
            upcoming = self._next_event()
            self._wake_hint = math.inf if upcoming is None else upcoming

    def note_event(self, moment: float) -> None:
        """Something is due at `moment` (pulse end, boot, rules timer): `sync` must look."""
        self._wake_hint = min(self._wake_hint, moment)

    def _next_event(self) -> float | None:
        # An output given a clock of its own (a test moving one relay by hand) settles its
        # pulse on that clock when it is read, not as an event of the device's clock.
        moments = [
            o.pulse_end for o in self.outputs if o.pulse_end is not None and o.clock is self._clock
        ]
        if self._pending_power_up is not None:
            moments.append(self._boot)
        if self.rules is not None and (wake := self.rules.next_wake()) is not None:
            moments.append(wake)
        return min(moments) if moments else None

    def _run_events(self, moment: float) -> None:
        for out in self.outputs:
            out.settle()
        if self._pending_power_up is not None and self._boot <= moment:
            targets, self._pending_power_up = self._pending_power_up, None
            self._power_up(targets, moment)
        if self.rules is not None:
            self.rules.run_due(moment)

    def _power_up(self, targets: dict[int, bool], moment: float) -> None:
        for out in self.outputs:
            out.switch(on=targets[out.id], at=moment)
        if self.rules is not None:
            self.rules.boot(moment)

    @contextmanager
    def _changing_state(self) -> Iterator[None]:
        """Wrap a change: catch up first, let the rules see it afterwards."""
        if self._changing:
            yield
            return
        self.sync()
        self._changing = True
        try:
            yield
        finally:
            self._changing = False
        if self.rules is not None:
            self.rules.on_device_change()

    def _change(self, apply: Callable[[], None]) -> None:
        with self._changing_state():
            apply()

    def add_output_listener(self, listener: OutputListener) -> Callable[[], None]:
        """Hear every relay change (id, state, device clock time); returns a remover."""
        self._output_listeners.append(listener)
        return lambda: self._output_listeners.remove(listener)

    def _output_changed(self, output_id: int, on: bool, at: float) -> None:
        for listener in list(self._output_listeners):
            listener(output_id, on, at)

    @property
    def is_down(self) -> bool:
        """True while a reboot with downtime is in progress (servers then drop requests)."""
        self.sync()
        return self._clock() < self._boot

    @property
    def uptime_s(self) -> int:
        """Seconds since the last (re)boot."""
        return max(0, int(self.now() - self._boot))

    @property
    def device_time(self) -> datetime:
        """Local time with offset, whole seconds; 1970 + uptime when the clock is not set."""
        if self.clock_set:
            return datetime.now(UTC).astimezone(self.timezone).replace(microsecond=0)
        epoch = datetime(1970, 1, 1, tzinfo=UTC).astimezone(self.timezone)
        return epoch + timedelta(seconds=self.uptime_s)

    # Outputs ----------------------------------------------------------------------------

    def output(self, output_id: int) -> SimOutput:
        """Return the output with a 1-based id; ValueError when there is no such output."""
        if (
            isinstance(output_id, bool)
            or not isinstance(output_id, int)
            or not 1 <= output_id <= len(self.outputs)
        ):
            raise ValueError(f"unknown output {output_id!r}")
        return self.outputs[output_id - 1]

    def apply_action(self, output_id: int, action: int, delay_ms: int | None = None) -> None:
        """Carry out a NETIO action on an output.

        0 off, 1 on, 2 short OFF (off for the delay, then on; an output that is off just turns
        on), 3 short ON (the mirror image), 4 toggle, 5 and 6 nothing. `delay_ms` overrides the
        output's Delay for this action only. While a pulse runs, switching is ignored.
        Raises ValueError for an unknown output, an action outside 0..6 or a negative delay.
        """
        out = self.output(output_id)
        if isinstance(action, bool) or not isinstance(action, int) or not 0 <= action <= 6:  # noqa: PLR2004
            raise ValueError(f"action must be 0..6, not {action!r}")
        if delay_ms is not None and (
            isinstance(delay_ms, bool) or not isinstance(delay_ms, int) or delay_ms < 0
        ):
            raise ValueError(f"delay must be a non-negative integer, not {delay_ms!r}")
        act = OutputAction(action)
        with self._changing_state():
            if act in {OutputAction.NO_CHANGE, OutputAction.IGNORE} or out.pulse_active:
                return
            if self.is_down:
                return
            self._act(out, act, delay_ms)

    def _act(self, out: SimOutput, act: OutputAction, delay_ms: int | None) -> None:
        pulse_ms = out.delay_ms if delay_ms is None else delay_ms
        current = out.state
        if act is OutputAction.OFF:
            out.switch(on=False)
        elif act is OutputAction.ON:
            out.switch(on=True)
        elif act is OutputAction.TOGGLE:
            out.switch(not current)
        elif act is OutputAction.SHORT_OFF:
            if current:
                out.begin_pulse(during=False, delay_ms=pulse_ms)
            else:
                out.switch(on=True)
        elif current:  # SHORT_ON on an output that is on: it turns off
            out.switch(on=False)
        else:
            out.begin_pulse(during=True, delay_ms=pulse_ms)

    def set_state(self, output_id: int, on: bool) -> None:
        """Set the output on or off, as action 6 with State does (ignored during a pulse)."""
        out = self.output(output_id)
        with self._changing_state():
            if out.pulse_active or self.is_down:
                return
            out.switch(on=bool(on))

    def output_metering(self, output_id: int) -> OutputMetering | None:
        """Measurements of an output right now; None when the output is not metered."""
        out = self.output(output_id)
        if out.meter is None:
            return None
        out.settle()
        return out.meter.sample(self.voltage_v)

    @property
    def voltage_v(self) -> float:
        """Mains RMS voltage right now."""
        return mains_voltage(self._clock(), self.nominal_voltage)

    @property
    def frequency_hz(self) -> float:
        """Mains frequency right now."""
        return mains_frequency(self._clock(), self.nominal_frequency)

    def metering_snapshot(self) -> dict[int, OutputMetering]:
        """Measure every metered output once, so one document adds up (id -> metering)."""
        return {o.id: m for o in self.outputs if (m := self.output_metering(o.id)) is not None}

    def global_measure(
        self, snapshot: dict[int, OutputMetering] | None = None
    ) -> GlobalMeasure | None:
        """Whole-device measurements; None on a model without metering.

        Pass the `metering_snapshot()` used for the outputs of the same document so that the
        totals equal the sum of the per-output values (noise is sampled per measurement).
        """
        if not self.profile.metered:
            return None
        voltage = self.voltage_v
        if snapshot is None:
            snapshot = self.metering_snapshot()
        samples = list(snapshot.values())
        energies = [o.meter.energies() for o in self.outputs if o.meter is not None]
        current = sum(s.current_ma for s in samples)
        load = sum(s.load_w for s in samples)
        apparent = voltage * current / 1000.0
        pf = round(min(1.0, abs(load) / apparent), 2) if apparent > 0 and load else 0.0
        phase = round(math.degrees(math.acos(pf)), 1) if pf else 0.0
        if load < 0:
            phase = round(180.0 - phase, 1)
        return GlobalMeasure(
            voltage_v=voltage,
            frequency_hz=self.frequency_hz,
            total_current_ma=current,
            total_load_w=load,
            total_energy_wh=math.floor(sum(e[0] for e in energies)),
            total_energy_nr_wh=math.floor(sum(e[1] for e in energies)),
            total_reverse_energy_wh=math.floor(sum(e[2] for e in energies)),
            total_reverse_energy_nr_wh=math.floor(sum(e[3] for e in energies)),
            power_factor=pf,
            phase_deg=phase,
            energy_start=self.energy_start,
        )

    def set_load(self, output_id: int, load: LoadProfile) -> None:
        """Change what the appliance on a metered output draws from now on."""
        out = self.output(output_id)
        if out.meter is None:
            raise ValueError(f"output {output_id} is not metered")
        meter = out.meter
        with self._changing_state():
            meter.load = load

    def reset_energy(self) -> None:
        """Zero the resettable counters and move EnergyStart to now."""
        for out in self.outputs:
            if out.meter is not None:
                out.meter.reset()
        self.energy_start = datetime.now(UTC).astimezone(self.timezone).replace(microsecond=0)

    # Inputs -----------------------------------------------------------------------------

    def input(self, input_id: int) -> SimInput:
        """Return the input with a 1-based id; ValueError when there is none."""
        if (
            isinstance(input_id, bool)
            or not isinstance(input_id, int)
            or not 1 <= input_id <= len(self.inputs)
        ):
            raise ValueError(f"unknown input {input_id!r}")
        return self.inputs[input_id - 1]

    # Lifecycle --------------------------------------------------------------------------

    def reboot(self, downtime_s: float = 0.0) -> None:
        """A power cut: pulses end, outputs lose power, then take their power-up state.

        With `downtime_s` the device is unreachable (`is_down`) and every output is off for
        that long; uptime counts from when it is back. Rules stop at the cut and start again
        at power-up (SYSTEM/DEVICE_POWER_UP).
        """
        self.sync()
        now = self._clock()
        targets: dict[int, bool] = {}
        for out in self.outputs:
            last = out.state
            out.cancel_pulse()
            targets[out.id] = {"on": True, "off": False}.get(out.power_up, last)
        if self.rules is not None:
            self.rules.power_cut(now)
        downtime = max(0.0, downtime_s)
        self._boot = now + downtime
        self.log_request("device", "write", f"reboot downtime={downtime_s}s")
        if downtime > 0:
            for out in self.outputs:
                out.switch(on=False)
            self._pending_power_up = targets
            self.note_event(self._boot)
        else:
            self._pending_power_up = None
            self._power_up(targets, now)

    def switch_firmware(
        self,
        *,
        firmware: str | None = None,
        json_ver: str | None = None,
        energy_nr_underscore: bool | None = None,
        temperature_typo: bool | None = None,
        reboot: bool = False,
    ) -> None:
        """Present another firmware/JSON version (key presence and spellings follow it)."""
        self.profile = with_firmware(
            self.profile,
            firmware=firmware,
            json_ver=json_ver,
            energy_nr_underscore=energy_nr_underscore,
            temperature_typo=temperature_typo,
        )
        if reboot:
            self.reboot()

    def log_request(self, protocol: str, kind: RequestKind, detail: str = "") -> None:
        """Record a handled request (servers call this once per request)."""
        self.request_log.append(LoggedRequest(time.time(), protocol, kind, detail))

    def requests(
        self, protocol: str | None = None, kind: RequestKind | None = None
    ) -> list[LoggedRequest]:
        """Return logged requests filtered by protocol and/or kind."""
        return [
            r
            for r in self.request_log
            if (protocol is None or r.protocol == protocol) and (kind is None or r.kind == kind)
        ]

    def close(self) -> None:
        """Stop pulses. Pulses are evaluated lazily, so there is no timer to cancel."""
        for out in self.outputs:
            out.cancel_pulse()

    def __repr__(self) -> str:
        """Model, name and MAC, for test output."""
        return f"<SimulatedDevice {self.profile.model} {self.name!r} {self.mac}>"
