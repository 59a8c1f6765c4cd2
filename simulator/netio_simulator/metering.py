"""Load profiles and energy counters that advance with real (monotonic) time.

Nothing ticks in the background: a meter integrates its load profile analytically between the
last time it was looked at and now, so counters are exact whatever the polling rate and no
timer outlives a test.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
import math
import random
from typing import Literal

type LoadKind = Literal["constant", "noisy", "periodic", "inrush"]
type Clock = Callable[[], float]


class ManualClock:
    """A monotonic clock that only its owner moves: pulses end and counters grow on `advance`.

    Pass it as a device's `clock` so a test lets time pass without waiting for it.
    """

    def __init__(self, start: float = 100_000.0) -> None:
        """Start at an arbitrary moment; only differences matter to a device."""
        self.now = start

    def __call__(self) -> float:
        """Read the clock."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds


@dataclass(frozen=True, slots=True)
class LoadProfile:
    """What an appliance on an output draws while the output is on.

    Every term applies whatever `kind` says; `kind` names the preset the profile was made from.
    `watts` is the mean active power; a negative value means the appliance feeds energy back
    (counted as reverse energy). `noise_w` only jitters the reported Load (zero mean), so the
    counters grow with the mean. Periodic and inrush terms are integrated exactly.
    """

    kind: LoadKind = "constant"
    watts: float = 0.0
    power_factor: float = 0.95
    noise_w: float = 0.0
    amplitude_w: float = 0.0
    period_s: float = 60.0
    inrush_w: float = 0.0
    inrush_tau_s: float = 0.5

    @classmethod
    def constant(cls, watts: float, power_factor: float = 0.95) -> LoadProfile:
        """Make a steady load, e.g. a router."""
        return cls("constant", watts, power_factor)

    @classmethod
    def noisy(cls, watts: float, noise_w: float, power_factor: float = 0.9) -> LoadProfile:
        """Make a load that jitters around its mean, e.g. a PC."""
        return cls("noisy", watts, power_factor, noise_w=noise_w)

    @classmethod
    def periodic(
        cls, watts: float, amplitude_w: float, period_s: float, power_factor: float = 0.9
    ) -> LoadProfile:
        """Make a load swinging as a sine around its mean, e.g. a compressor."""
        return cls("periodic", watts, power_factor, amplitude_w=amplitude_w, period_s=period_s)

    @classmethod
    def inrush(
        cls, watts: float, inrush_w: float, tau_s: float = 0.5, power_factor: float = 0.85
    ) -> LoadProfile:
        """Make a load with a decaying surge after switch-on, e.g. a motor."""
        return cls("inrush", watts, power_factor, inrush_w=inrush_w, inrush_tau_s=tau_s)

    @classmethod
    def from_mapping(cls, data: dict[str, object]) -> LoadProfile:
        """Build from a config mapping (`kind`, `watts`, ...); unknown keys are an error."""
        allowed = {
            "kind",
            "watts",
            "power_factor",
            "noise_w",
            "amplitude_w",
            "period_s",
            "inrush_w",
            "inrush_tau_s",
        }
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown load profile keys: {sorted(unknown)}")
        kind = str(data.get("kind", "constant"))
        if kind not in {"constant", "noisy", "periodic", "inrush"}:
            raise ValueError(f"unknown load profile kind {kind!r}")
        numbers = {k: float(v) for k, v in data.items() if k != "kind"}  # type: ignore[arg-type]
        return cls(kind=kind, **numbers)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class OutputMetering:
    """One output's measurements at one instant, in the units the JSON API uses."""

    current_ma: int
    load_w: int
    power_factor: float
    phase_deg: float
    energy_wh: int
    energy_nr_wh: int
    reverse_energy_wh: int
    reverse_energy_nr_wh: int


@dataclass(frozen=True, slots=True)
class GlobalMeasure:
    """Whole-device measurements (GlobalMeasure in JSON)."""

    voltage_v: float
    frequency_hz: float
    total_current_ma: int
    total_load_w: int
    total_energy_wh: int
    total_energy_nr_wh: int
    total_reverse_energy_wh: int
    total_reverse_energy_nr_wh: int
    power_factor: float
    phase_deg: float
    energy_start: datetime


class OutputMeter:
    """Energy counters of one output, advanced on demand."""

    def __init__(
        self,
        load: LoadProfile,
        clock: Clock,
        rng: random.Random,
        *,
        on: bool,
        energy_wh: float = 0.0,
        energy_nr_wh: float | None = None,
        reverse_energy_wh: float = 0.0,
        reverse_energy_nr_wh: float | None = None,
    ) -> None:
        """Start counting now; NR counters default to the resettable ones."""
        self._clock = clock
        self._rng = rng
        self._load = load
        now = clock()
        self._origin = now
        self._last = now
        self._on = on
        self._on_since = now if on else None
        self._energy = float(energy_wh)
        self._energy_nr = float(energy_nr_wh if energy_nr_wh is not None else energy_wh)
        self._reverse = float(reverse_energy_wh)
        self._reverse_nr = float(
            reverse_energy_nr_wh if reverse_energy_nr_wh is not None else reverse_energy_wh
        )

    @property
    def load(self) -> LoadProfile:
        """The load profile in use."""
        return self._load

    @load.setter
    def load(self, load: LoadProfile) -> None:
        self.advance()
        self._load = load

    def _integral_ws(self, start: float, end: float) -> float:
        """Exact integral of the mean power (W·s) over [start, end] while on."""
        lp = self._load
        total = lp.watts * (end - start)
        if lp.amplitude_w and lp.period_s > 0:
            w = 2 * math.pi / lp.period_s
            a, b = start - self._origin, end - self._origin
            total += lp.amplitude_w / w * (math.cos(w * a) - math.cos(w * b))
        if lp.inrush_w and lp.inrush_tau_s > 0 and self._on_since is not None:
            tau = lp.inrush_tau_s
            a, b = start - self._on_since, end - self._on_since
            total += lp.inrush_w * tau * (math.exp(-a / tau) - math.exp(-b / tau))
        return total

    def advance(self, until: float | None = None) -> None:
        """Add the energy used since the last look (up to `until`, default now)."""
        now = self._clock() if until is None else until
        if now <= self._last:
            return
        if self._on:
            wh = self._integral_ws(self._last, now) / 3600.0
            if wh >= 0:
                self._energy += wh
                self._energy_nr += wh
            else:
                self._reverse -= wh
                self._reverse_nr -= wh
        self._last = now

    def set_on(self, on: bool, at: float | None = None) -> None:
        """Switch the appliance at time `at` (default now), counting up to that moment first."""
        when = self._clock() if at is None else at
        self.advance(when)
        if on and not self._on:
            self._on_since = when
        if not on:
            self._on_since = None
        self._on = on

    def instant_power_w(self, now: float | None = None) -> float:
        """Mean-model power at `now` (no noise); 0 while off."""
        if not self._on:
            return 0.0
        t = self._clock() if now is None else now
        lp = self._load
        power = lp.watts
        if lp.amplitude_w and lp.period_s > 0:
            power += lp.amplitude_w * math.sin(2 * math.pi * (t - self._origin) / lp.period_s)
        if lp.inrush_w and lp.inrush_tau_s > 0 and self._on_since is not None:
            power += lp.inrush_w * math.exp(-(t - self._on_since) / lp.inrush_tau_s)
        return power

    def reset(self) -> None:
        """Zero the resettable counters (the NR ones keep counting)."""
        self.advance()
        self._energy = 0.0
        self._reverse = 0.0

    def energies(self) -> tuple[float, float, float, float]:
        """(energy, energy NR, reverse, reverse NR) in Wh, as floats, advanced to now."""
        self.advance()
        return self._energy, self._energy_nr, self._reverse, self._reverse_nr

    def sample(self, voltage_v: float) -> OutputMetering:
        """Measure now: the reported Load carries the noise, counters the exact integral."""
        now = self._clock()
        self.advance(now)
        power = self.instant_power_w(now)
        if self._on and self._load.noise_w:
            jitter = self._rng.gauss(0.0, self._load.noise_w)
            power = power + jitter if power >= 0 else power - jitter
            if (power < 0) != (self._load.watts < 0):
                power = 0.0
        load_w = round(power)
        if load_w == 0:
            pf, phase = 0.0, 0.0
        else:
            pf = max(0.01, min(1.0, self._load.power_factor))
            phase = math.degrees(math.acos(pf))
            if load_w < 0:
                phase = 180.0 - phase
        current = abs(power) / (voltage_v * pf) * 1000 if pf else 0.0
        return OutputMetering(
            current_ma=round(current),
            load_w=load_w,
            power_factor=round(pf, 2),
            phase_deg=round(phase, 1),
            energy_wh=math.floor(self._energy),
            energy_nr_wh=math.floor(self._energy_nr),
            reverse_energy_wh=math.floor(self._reverse),
            reverse_energy_nr_wh=math.floor(self._reverse_nr),
        )


def mains_voltage(clock_s: float, nominal: float = 230.0) -> float:
    """Slowly wandering RMS voltage, 0.1 V resolution, deterministic in time."""
    return round(nominal + 1.2 * math.sin(clock_s / 37.0) + 0.4 * math.sin(clock_s / 5.3), 1)


def mains_frequency(clock_s: float, nominal: float = 50.0) -> float:
    """Grid frequency within ±0.03 Hz, 0.01 Hz resolution."""
    return round(nominal + 0.03 * math.sin(clock_s / 23.0), 2)


def default_load(output_id: int, seed: int) -> LoadProfile:
    """Pick a plausible appliance for an output, so fresh devices show varied numbers."""
    rng = random.Random(seed * 1000 + output_id)  # noqa: S311 - simulation, not security
    choice = (output_id - 1) % 4
    if choice == 0:
        return LoadProfile.noisy(round(rng.uniform(20, 60), 1), noise_w=2.0)
    if choice == 1:
        return LoadProfile.constant(round(rng.uniform(5, 15), 1))
    if choice == 2:  # noqa: PLR2004 - the third of four presets
        return LoadProfile.periodic(round(rng.uniform(60, 120), 1), amplitude_w=30.0, period_s=90.0)
    return LoadProfile.inrush(round(rng.uniform(80, 150), 1), inrush_w=400.0, tau_s=0.8)
