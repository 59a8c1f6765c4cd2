"""The faults the soak injects into simulated devices, and whether each one hides the device."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
import random

from netio_simulator.credentials import ApiAccounts
from netio_simulator.runner import RunningDevice

# The client gives up after this long in the soak (patched into the integration).
SOAK_TIMEOUT_S = 0.5
MAX_DOWNTIME_S = 0.8


class FaultKind(StrEnum):
    """What goes wrong with a device for a few steps."""

    TIMEOUT = "timeout"  # answers later than the client waits
    HANG = "hang"  # accepts and never answers
    RESET = "reset"  # closes the connection without a reply
    HTTP_500 = "http_500"
    MALFORMED = "malformed"  # a garbage body (after applying a write)
    TRUNCATED = "truncated"  # half the body, then the connection closes (after applying)
    WRONG_TYPES = "wrong_types"  # numbers as strings, some fields null
    SLOW = "slow"  # answers late, but within the client's timeout
    REBOOT = "reboot"  # down for a while; outputs take their power-up state
    CREDENTIALS = "credentials"  # the account's password changed on the device
    READ_ONLY = "read_only"  # the account may no longer switch
    API_DISABLED = "api_disabled"  # the M2M API switched off in the web interface


# Faults during which a read may fail, so the entities may be unavailable.
HIDING = frozenset(
    {
        FaultKind.TIMEOUT,
        FaultKind.HANG,
        FaultKind.RESET,
        FaultKind.HTTP_500,
        FaultKind.MALFORMED,
        FaultKind.TRUNCATED,
        FaultKind.REBOOT,
        FaultKind.CREDENTIALS,
        FaultKind.API_DISABLED,
    }
)


@dataclass(slots=True)
class ActiveFault:
    """A fault on one device: what, and how many more steps it lasts."""

    kind: FaultKind
    steps_left: int


# Faults that are one switch of the simulator's fault set.
SIMPLE: dict[FaultKind, dict[str, object]] = {
    # Well beyond the client's timeout, so the server's handler is cancelled before it acts.
    FaultKind.TIMEOUT: {"latency_s": SOAK_TIMEOUT_S * 3},
    FaultKind.HANG: {"hang": True},
    FaultKind.RESET: {"drop": True},
    FaultKind.HTTP_500: {"http_500": True},
    FaultKind.MALFORMED: {"malformed": True},
    FaultKind.TRUNCATED: {"truncated": True},
    FaultKind.WRONG_TYPES: {"wrong_types": True},
    FaultKind.READ_ONLY: {"read_only": True},
    FaultKind.API_DISABLED: {"api_disabled": True},
}


def inject(device: RunningDevice, kind: FaultKind, rng: random.Random) -> None:
    """Make the device misbehave in the given way."""
    sim = device.device
    if kind in SIMPLE:
        sim.faults.set(**SIMPLE[kind])
    elif kind is FaultKind.SLOW:
        sim.faults.set(latency_s=rng.uniform(0.02, SOAK_TIMEOUT_S / 4))
    elif kind is FaultKind.REBOOT:
        sim.reboot(downtime_s=rng.uniform(0.2, MAX_DOWNTIME_S))
    elif kind is FaultKind.CREDENTIALS:
        flipped = ApiAccounts.both("netio", "changed-on-the-device")
        sim.credentials.json = flipped
        sim.credentials.xml = flipped


def clear(device: RunningDevice, kind: FaultKind, accounts: ApiAccounts) -> None:
    """End the fault: the device behaves again (a reboot ends by itself)."""
    sim = device.device
    sim.faults.clear()
    if kind is FaultKind.CREDENTIALS:
        sim.credentials.json = accounts
        sim.credentials.xml = accounts


def still_hiding(device: RunningDevice, fault: ActiveFault | None) -> bool:
    """Whether the device may fail a read right now."""
    if device.device.is_down:
        return True
    return fault is not None and fault.kind in HIDING
