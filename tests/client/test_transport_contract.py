"""What every reading transport promises, checked against the simulator on 127.0.0.1.

One suite for JSON, XML, Modbus/TCP, SNMP and KSHELL: each action leaves the output as the
device documents it, the next read shows that, and a pulse ends by itself. Time passes on the
simulated device's own clock, so no test waits for a pulse to end.
"""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aiohttp
import pytest

from custom_components.netio.client.device import transport_class
from custom_components.netio.client.models import (
    ConnectionConfig,
    OutputAction,
    OutputCommand,
    Protocol,
    SnmpSettings,
)
from custom_components.netio.client.transports.base import Transport
from netio_simulator.credentials import Account, ApiAccounts, Credentials, SnmpCredentials
from netio_simulator.device import OutputSpec
from netio_simulator.metering import ManualClock
from netio_simulator.runner import RunningDevice
from netio_simulator.testing import simulated_device

from .helpers import ACTION_CASES

pytestmark = [
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.filterwarnings("ignore:CFB has been moved"),
]

PULSE_MS = 300
CREDENTIALS = Credentials(
    json=ApiAccounts.both("admin", "secret"),
    xml=ApiAccounts.both("admin", "secret"),
    kshell=ApiAccounts(read=Account("viewer", "look"), write=Account("admin", "secret")),
    snmp=SnmpCredentials("public", "private", []),
)


@dataclass(frozen=True)
class TransportCase:
    """How to reach one protocol of a simulated device, and what that protocol can do."""

    protocol: Protocol
    config: Callable[[RunningDevice], ConnectionConfig]
    actions: frozenset[OutputAction]
    returns_state: bool
    """Whether a write answers with the device's new state (else the caller reads again)."""


def _http(dev: RunningDevice) -> ConnectionConfig:
    return ConnectionConfig(
        host="127.0.0.1", port=dev.ports["http"], username="admin", password="secret"
    )


ALL_ACTIONS = frozenset(case[0] for case in ACTION_CASES)
CASES = [
    TransportCase(Protocol.JSON, _http, ALL_ACTIONS, returns_state=True),
    TransportCase(Protocol.XML, _http, ALL_ACTIONS, returns_state=True),
    TransportCase(
        Protocol.MODBUS,
        lambda dev: ConnectionConfig(host="127.0.0.1", modbus_port=dev.ports["modbus"]),
        ALL_ACTIONS,
        returns_state=False,
    ),
    TransportCase(
        Protocol.SNMP,
        lambda dev: ConnectionConfig(host="127.0.0.1", snmp=SnmpSettings(port=dev.ports["snmp"])),
        ALL_ACTIONS,
        returns_state=False,
    ),
    TransportCase(
        Protocol.KSHELL,
        lambda dev: ConnectionConfig(
            host="127.0.0.1", kshell_port=dev.ports["kshell"], username="admin", password="secret"
        ),
        ALL_ACTIONS - {OutputAction.SHORT_ON},  # KSHELL has no short ON
        returns_state=False,
    ),
]


@pytest.fixture
def clock() -> ManualClock:
    """The simulated device's clock."""
    return ManualClock()


ACTION_PARAMS = [
    pytest.param(case, *action_case, id=f"{case.protocol}-{action_case[0].name}-{action_case[1]}")
    for case in CASES
    for action_case in ACTION_CASES
    if action_case[0] in case.actions
]


@pytest.fixture
async def four_all(
    case: TransportCase, clock: ManualClock, session: aiohttp.ClientSession
) -> AsyncIterator[tuple[RunningDevice, Transport]]:
    """A NETIO 4All speaking the case's protocol, and a transport pointed at it.

    (`case` comes from the test's parameters.)
    """
    protocol = case.protocol.value
    async with simulated_device(
        "netio_4all",
        protocols=frozenset({protocol}),
        credentials=CREDENTIALS,
        outputs=[OutputSpec(delay_ms=PULSE_MS) for _ in range(4)],
        clock=clock,
    ) as dev:
        transport = transport_class(case.protocol)(case.config(dev), session)
        try:
            yield dev, transport
        finally:
            await transport.close()


@pytest.mark.parametrize(("case", "action", "initial", "expected"), ACTION_PARAMS)
async def test_actions_switch_the_device(
    *,
    case: TransportCase,
    four_all: tuple[RunningDevice, Transport],
    clock: ManualClock,
    action: OutputAction,
    initial: bool,
    expected: bool,
) -> None:
    """Each action does what NETIO documents; a pulse ends after the output's own delay."""
    dev, transport = four_all
    output = dev.device.outputs[2]
    dev.device.set_state(3, initial)
    await transport.read_state()

    reply = await transport.send_actions([OutputCommand(3, action)])

    assert output.state is expected
    assert (reply is not None) is case.returns_state
    if reply is not None:
        assert reply.outputs[3].state is expected
    assert (await transport.read_state()).outputs[3].state is expected
    if action.is_pulse:
        assert output.pulse_active
        clock.advance(PULSE_MS / 1000 - 0.001)
        assert (await transport.read_state()).outputs[3].state is expected
        clock.advance(0.002)
        assert not output.pulse_active
        assert (await transport.read_state()).outputs[3].state is initial
