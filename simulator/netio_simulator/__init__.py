"""A NETIO device on loopback, written from the public sources apart from the client.

Core model: `netio_simulator.device.SimulatedDevice`; many devices with servers:
`netio_simulator.runner.Simulator`; helpers for tests: `netio_simulator.testing`.
"""

from .credentials import Account, ApiAccounts, Credentials, SnmpCredentials, SnmpV3User
from .device import InputSpec, OutputAction, OutputSpec, SimulatedDevice
from .faults import EffectiveFaults, Faults
from .metering import LoadProfile
from .profiles import PROFILES, Profile, get_profile

__all__ = [
    "PROFILES",
    "Account",
    "ApiAccounts",
    "Credentials",
    "EffectiveFaults",
    "Faults",
    "InputSpec",
    "LoadProfile",
    "OutputAction",
    "OutputSpec",
    "Profile",
    "SimulatedDevice",
    "SnmpCredentials",
    "SnmpV3User",
    "get_profile",
]
