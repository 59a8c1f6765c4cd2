"""Shared helpers of the rules engine tests: a manual clock, a device and a relay recorder."""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from netio_simulator import OutputSpec, SimulatedDevice
from netio_simulator.rules import RulesEngine

START = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
"""A Monday."""


class ManualClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        """Start at an arbitrary moment."""
        self.start = start
        self.now = start

    def __call__(self) -> float:
        """Read the clock."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds

    @property
    def elapsed(self) -> float:
        """Seconds since the start."""
        return self.now - self.start


@dataclass
class Bench:
    """A device with rules, its clock and every relay change (seconds from the start)."""

    clock: ManualClock
    device: SimulatedDevice
    changes: list[tuple[float, int, bool]] = field(default_factory=list)

    @property
    def rules(self) -> RulesEngine:
        """The device's engine."""
        assert self.device.rules is not None
        return self.device.rules

    def at(self, seconds: float) -> None:
        """Move the clock to `seconds` from the start and let the device catch up."""
        assert seconds >= self.clock.elapsed
        self.clock.now = self.clock.start + seconds
        self.device.sync()

    def state(self, output_id: int) -> bool:
        """An output's state now."""
        return self.device.output(output_id).state

    def timeline(self, output_id: int | None = None) -> list[tuple[float, int, str]]:
        """Recorded changes as (seconds, output, "on"/"off"), rounded to 0.1 s."""
        return [
            (round(t, 1), o, "on" if on else "off")
            for t, o, on in self.changes
            if output_id is None or o == output_id
        ]


def bench(
    profile: str = "powerdin_4pz",
    *,
    outputs: list[OutputSpec] | None = None,
    document: dict[str, Any] | None = None,
    wall: datetime = START,
    **kwargs: Any,
) -> Bench:
    """A device on a manual clock, wall time at `wall`, optionally with a document loaded."""
    clock = ManualClock()
    kwargs.setdefault("timezone", UTC)
    device = SimulatedDevice(profile, clock=clock, outputs=outputs, **kwargs)
    result = Bench(clock, device)
    device.add_output_listener(
        lambda output, on, at: result.changes.append((at - clock.start, output, on))
    )
    assert device.rules is not None
    device.rules.set_wall_time(wall)
    if document is not None:
        device.rules.load(document)
    return result
