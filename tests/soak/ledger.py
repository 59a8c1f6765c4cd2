"""Bookkeeping of the soak: what every action did on the device, and the figures of a run.

An action's outcome is decided by comparing what Home Assistant told the caller with the
writes the simulated device applied while the action ran (its request log):

- confirmed: the call returned and the device applied the command exactly once;
- failed: the call raised a translated error and the device applied nothing;
- unconfirmed: the call raised a translated error caused by `NetioUnconfirmedError` (the device
  took the command, its state could not be read after it) and the device applied it once;
  Home Assistant must show the truth after the next poll;
- ambiguous: the call raised an error that does not say the command was taken, yet the device
  applied it (never seen with the simulator, whose late requests are cancelled);
- skipped: the call returned without a request because the entity was unavailable (Home
  Assistant does not call unavailable entities);
- lost: the call returned, or said the command was taken, but the device applied nothing;
- doubled: the device applied the command more than once (never acceptable for a toggle);
- untranslated: the call raised something that is not a translated Home Assistant error.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from netio_simulator.device import LoggedRequest


class Outcome(StrEnum):
    """How one action ended (see the module docstring)."""

    CONFIRMED = "confirmed"
    FAILED = "failed"
    UNCONFIRMED = "unconfirmed"
    AMBIGUOUS = "ambiguous"
    SKIPPED = "skipped"
    LOST = "lost"
    DOUBLED = "doubled"
    UNTRANSLATED = "untranslated"


HTTP_APIS = frozenset({"json", "xml"})


def applied_writes(requests: list[LoggedRequest]) -> list[LoggedRequest]:
    """The requests that switched outputs: JSON/XML POSTs the device answered with 200."""
    return [
        r
        for r in requests
        if r.kind == "write" and r.protocol in HTTP_APIS and " -> 200" in r.detail
    ]


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One action as the driver saw it."""

    device: int
    action: str
    outcome: Outcome
    applied: int
    fault: str
    error: str = ""


def classify(
    *,
    raised: BaseException | None,
    translated: bool,
    taken: bool,
    applied: int,
    entity_available: bool,
    repeatable: bool,
) -> Outcome:
    """Decide an action's outcome from the caller's result and the device's applied writes."""
    if raised is not None and not translated:
        return Outcome.UNTRANSLATED
    if applied > 1 and not repeatable:
        return Outcome.DOUBLED
    if raised is None:
        if applied:
            return Outcome.CONFIRMED
        return Outcome.LOST if entity_available else Outcome.SKIPPED
    if taken:
        return Outcome.UNCONFIRMED if applied else Outcome.LOST
    return Outcome.AMBIGUOUS if applied else Outcome.FAILED


@dataclass(slots=True)
class Ledger:
    """Everything the soak counted."""

    actions: list[ActionRecord] = field(default_factory=list)
    faults: Counter[str] = field(default_factory=Counter)
    polls: int = 0
    repeated_writes: int = 0
    """Idempotent commands the device applied twice (a POST retried after a reset)."""
    availability_violations: list[str] = field(default_factory=list)
    truth_violations: list[str] = field(default_factory=list)
    recovery_s: list[float] = field(default_factory=list)

    def outcomes(self) -> Counter[Outcome]:
        """Actions by outcome."""
        return Counter(record.outcome for record in self.actions)

    def by_fault(self, outcome: Outcome) -> Counter[str]:
        """Actions of one outcome by the fault active when they ran."""
        return Counter(r.fault for r in self.actions if r.outcome is outcome)

    def errors(self) -> Counter[str]:
        """Translation keys of the errors callers got."""
        return Counter(r.error for r in self.actions if r.error)

    def summary(self) -> str:
        """The figures, as Markdown lines."""
        outcomes = self.outcomes()
        lines = [
            f"- actions issued: {len(self.actions)}",
            *(f"- {o.value}: {outcomes.get(o, 0)}" for o in Outcome),
            (
                "- idempotent commands applied twice (POST retried after a reset): "
                f"{self.repeated_writes}"
            ),
            f"- polls: {self.polls}",
            "- faults injected: " + ", ".join(f"{k} {n}" for k, n in sorted(self.faults.items())),
            "- unconfirmed by fault: "
            + ", ".join(f"{k} {n}" for k, n in sorted(self.by_fault(Outcome.UNCONFIRMED).items())),
            "- failed by fault: "
            + ", ".join(f"{k} {n}" for k, n in sorted(self.by_fault(Outcome.FAILED).items())),
            "- errors by translation key: "
            + ", ".join(f"{k} {n}" for k, n in sorted(self.errors().items())),
            (
                "- worst recovery (fault cleared -> entities available, truth shown): "
                f"{max(self.recovery_s, default=0.0) * 1000:.0f} ms "
                f"over {len(self.recovery_s)} recoveries"
            ),
        ]
        return "\n".join(lines)
