"""SnmpTransport against a simulated agent that misbehaves in ways the MIB allows."""

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from pysnmp.hlapi.v3arch.asyncio import usmNoAuthProtocol, usmNoPrivProtocol
from pysnmp.proto import rfc1902, rfc1905
from pysnmp.smi import error as smi_error
import pytest

from custom_components.netio.client.errors import (
    NetioAuthenticationError,
    NetioProtocolError,
)
from custom_components.netio.client.models import (
    ConnectionConfig,
    OutputAction,
    OutputCommand,
    SnmpSettings,
    SnmpVersion,
)
from custom_components.netio.client.transports.snmp import OUTPUT_ENTRY, Column, SnmpTransport
from netio_simulator.device import SimulatedDevice
from netio_simulator.runner import RunningDevice
from netio_simulator.servers import snmp as snmp_agent
from netio_simulator.testing import simulated_device

from .test_snmp_transport import CREDENTIALS, _assert_matches, _config, _outputs

pytestmark = [
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.filterwarnings("ignore:CFB has been moved"),
]

ID_COLUMN = (*OUTPUT_ENTRY, Column.ID)
STATE_COLUMN = (*OUTPUT_ENTRY, Column.STATE)


@pytest.fixture
async def device() -> AsyncIterator[RunningDevice]:
    """A NETIO 4All answering SNMP on 127.0.0.1."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"snmp"}), outputs=_outputs(4), credentials=CREDENTIALS
    ) as dev:
        yield dev


@pytest.fixture
async def transport(
    device: RunningDevice, session: aiohttp.ClientSession
) -> AsyncIterator[SnmpTransport]:
    """A v2c transport to `device`, closed afterwards."""
    client = SnmpTransport(_config(device, timeout=1.0), session)
    try:
        yield client
    finally:
        await client.close()


async def test_no_commands_send_nothing(device: RunningDevice, transport: SnmpTransport) -> None:
    assert await transport.send_actions([]) is None
    assert device.device.requests("snmp", "write") == []


async def test_a_walk_that_does_not_advance_is_a_protocol_error(
    transport: SnmpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck = (*ID_COLUMN, 1)

    def same_next(self: Any, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        return [(rfc1902.ObjectName(stuck), rfc1902.Integer32(1))] * len(var_binds)

    monkeypatch.setattr(snmp_agent.NetioMib, "read_next_variables", same_next)
    with pytest.raises(NetioProtocolError, match="does not advance"):
        await transport.read_state()


async def test_v1_walk_ends_at_the_end_of_the_mib(
    device: RunningDevice, session: aiohttp.ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SNMPv1 says noSuchName past the last object: the walk ends there, not in an error."""
    object_ids = snmp_agent.object_ids

    def ids_only(dev: SimulatedDevice) -> list[tuple[int, ...]]:
        return [oid for oid in object_ids(dev) if oid[: len(ID_COLUMN)] == ID_COLUMN]

    monkeypatch.setattr(snmp_agent, "object_ids", ids_only)
    client = SnmpTransport(_config(device, timeout=1.0, version=SnmpVersion.V1), session)
    try:
        _assert_matches(await client.read_state(), device.device)
        assert client.output_ids == [1, 2, 3, 4]
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("failure", "error", "match"),
    [
        (smi_error.NoAccessError, NetioAuthenticationError, "does not let"),
        (smi_error.GenError, NetioProtocolError, "error-status 5"),
    ],
)
async def test_a_walk_refused_by_the_agent(
    transport: SnmpTransport,
    monkeypatch: pytest.MonkeyPatch,
    failure: type[smi_error.MibOperationError],
    error: type[Exception],
    match: str,
) -> None:
    def refuse(self: Any, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        raise failure(name=var_binds[0][0], idx=0)

    monkeypatch.setattr(snmp_agent.NetioMib, "read_next_variables", refuse)
    with pytest.raises(error, match=match):
        await transport.read_state()


async def test_a_get_refused_by_the_agent(
    transport: SnmpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Any, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        raise smi_error.GenError(name=var_binds[0][0], idx=0)

    monkeypatch.setattr(snmp_agent.NetioMib, "read_variables", refuse)
    with pytest.raises(NetioProtocolError, match="error-status 5"):
        await transport.read_state()
    assert transport.output_ids == [1, 2, 3, 4]  # the walk itself worked


async def test_an_agent_without_output_states(
    transport: SnmpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After trying both instance forms, missing states are an error, not 'all off'."""
    lookup = snmp_agent._lookup

    def no_states(reading: Any, oid: tuple[int, ...]) -> Any:
        if oid[: len(STATE_COLUMN)] == STATE_COLUMN:
            return rfc1905.noSuchInstance
        return lookup(reading, oid)

    monkeypatch.setattr(snmp_agent, "_lookup", no_states)
    with pytest.raises(NetioProtocolError, match="does not report the output states"):
        await transport.read_state()


async def test_too_big_halves_the_request_until_it_fits(
    device: RunningDevice, transport: SnmpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_variables = snmp_agent.NetioMib.read_variables
    limit = 5

    def small(self: Any, *var_binds: tuple[Any, Any], **context: Any) -> list[Any]:
        if len(var_binds) > limit:
            raise smi_error.TooBigError(name=var_binds[0][0], idx=0)
        return read_variables(self, *var_binds, **context)

    monkeypatch.setattr(snmp_agent.NetioMib, "read_variables", small)
    _assert_matches(await transport.read_state(), device.device)
    assert 1 <= transport._max_varbinds <= limit


async def test_a_set_rejected_for_another_reason(
    device: RunningDevice, transport: SnmpTransport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Any, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        raise smi_error.GenError(name=var_binds[0][0], idx=0)

    monkeypatch.setattr(snmp_agent.NetioMib, "write_variables", refuse)
    with pytest.raises(NetioProtocolError, match="rejected the action for output 2"):
        await transport.send_actions([OutputCommand(2, OutputAction.OFF)])
    assert device.device.outputs[1].state


async def test_v3_user_without_authentication(session: aiohttp.ClientSession) -> None:
    """noAuthNoPriv: a user name alone is valid; no keys are demanded."""
    config = ConnectionConfig(
        host="127.0.0.1", snmp=SnmpSettings(version=SnmpVersion.V3, username="guest")
    )
    user = SnmpTransport(config, session)._auth(write=False)
    assert user.userName == "guest"
    assert user.authentication_protocol == usmNoAuthProtocol
    assert user.privacy_protocol == usmNoPrivProtocol
