"""SnmpTransport against the simulator's SNMP agent (v1, v2c, v3) over UDP on 127.0.0.1."""

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from pysnmp.proto import rfc1905
import pytest

from custom_components.netio.client.errors import (
    NetioAuthenticationError,
    NetioError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
)
from custom_components.netio.client.models import (
    ConnectionConfig,
    DeviceState,
    OutputAction,
    OutputCommand,
    Protocol,
    SnmpSettings,
    SnmpVersion,
)
from custom_components.netio.client.transports.snmp import SnmpTransport
from netio_simulator.credentials import Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.metering import LoadProfile
from netio_simulator.runner import RunningDevice
from netio_simulator.servers import snmp as snmp_agent
from netio_simulator.testing import simulated_device

pytestmark = [
    pytest.mark.usefixtures("socket_enabled"),
    pytest.mark.filterwarnings("ignore:CFB has been moved"),
]

NETIO_ENTRY = (1, 3, 6, 1, 4, 1, 47952, 1, 1, 1)
V3_USERS = [
    SnmpV3User("admin", "sha256", "auth-secret", "aes", "priv-secret", "rw"),
    SnmpV3User("viewer", "md5", "auth-secret", "none", "", "ro"),
]
CREDENTIALS = Credentials(snmp=SnmpCredentials("public", "private", V3_USERS))
ADMIN: dict[str, Any] = {
    "version": SnmpVersion.V3,
    "username": "admin",
    "auth_protocol": "sha256",
    "auth_key": "auth-secret",
    "priv_protocol": "aes",
    "priv_key": "priv-secret",
}


def _outputs(count: int) -> list[OutputSpec]:
    return [
        OutputSpec(
            name=f"Socket {i}",
            load=LoadProfile.constant(10.0 * i, 0.9),
            energy_wh=1000.0 * i,
            delay_ms=300,
        )
        for i in range(1, count + 1)
    ]


def _config(dev: RunningDevice, timeout: float = 2.0, **snmp: Any) -> ConnectionConfig:
    return ConnectionConfig(
        host="127.0.0.1", timeout=timeout, snmp=SnmpSettings(port=dev.ports["snmp"], **snmp)
    )


def _gets(device: SimulatedDevice) -> int:
    return len(device.requests("snmp", "read"))


def _assert_matches(state: DeviceState, device: SimulatedDevice) -> None:
    assert state.protocol is Protocol.SNMP
    assert state.info.name == device.name
    assert state.info.uptime_s is not None
    assert state.info.num_outputs == len(device.outputs)
    assert state.inputs == {}
    assert sorted(state.outputs) == [o.id for o in device.outputs]
    for sim in device.outputs:
        read = state.outputs[sim.id]
        assert read.name == sim.name
        assert read.state is sim.state
        metering = device.output_metering(sim.id)
        assert read.metered is (metering is not None)
        if metering is not None:
            assert read.power_w == metering.load_w
            assert read.current_a is not None
            assert abs(read.current_a * 1000 - metering.current_ma) <= 2
            assert read.energy_wh is not None
            assert abs(read.energy_wh - metering.energy_wh) <= 1
            assert read.power_factor == pytest.approx(metering.power_factor, abs=0.001)
    total = device.global_measure()
    assert (state.measure is None) is (total is None)
    if state.measure is not None and total is not None:
        assert state.measure.voltage_v == pytest.approx(total.voltage_v, abs=2)
        assert state.measure.frequency_hz == pytest.approx(total.frequency_hz, abs=0.1)
        assert state.measure.total_power_w == total.total_load_w
        assert state.measure.total_energy_wh is not None
        assert abs(state.measure.total_energy_wh - total.total_energy_wh) <= 1
        assert state.measure.power_factor == pytest.approx(total.power_factor, abs=0.001)
        assert state.measure.energy_start == total.energy_start


@pytest.fixture
async def four_all(
    session: aiohttp.ClientSession,
) -> AsyncIterator[tuple[RunningDevice, SnmpTransport]]:
    """A NETIO 4All with SNMP and a v2c transport (closed afterwards)."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"snmp"}), outputs=_outputs(4), credentials=CREDENTIALS
    ) as dev:
        transport = SnmpTransport(_config(dev), session)
        try:
            yield dev, transport
        finally:
            await transport.close()


@pytest.mark.parametrize(
    "profile", ["netio_4", "netio_4all", "powerpdu_4c", "powerpdu_8qs", "powerdin_4pz"]
)
@pytest.mark.parametrize(
    "snmp", [{"version": SnmpVersion.V1}, {"version": SnmpVersion.V2C}, ADMIN], ids=str
)
async def test_read_matches_the_device(
    profile: str, snmp: dict[str, Any], session: aiohttp.ClientSession
) -> None:
    count = {"powerpdu_8qs": 8}.get(profile, 4)
    async with simulated_device(
        profile, protocols=frozenset({"snmp"}), outputs=_outputs(count), credentials=CREDENTIALS
    ) as dev:
        dev.device.apply_action(2, OutputAction.OFF)
        transport = SnmpTransport(_config(dev, **snmp), session)
        try:
            _assert_matches(await transport.read_state(), dev.device)
            before = _gets(dev.device)
            _assert_matches(await transport.read_state(), dev.device)
            assert _gets(dev.device) - before == 1  # one GET per poll
            assert transport.output_ids == list(range(1, count + 1))
            capabilities = transport.capabilities
            assert capabilities.metering is (profile != "netio_4")
            assert not capabilities.inputs
            assert not capabilities.duration_override
            assert capabilities.multi_output_write
        finally:
            await transport.close()


async def test_several_outputs_in_one_set(four_all: tuple[RunningDevice, SnmpTransport]) -> None:
    dev, transport = four_all
    await transport.read_state()
    await transport.send_actions(
        [OutputCommand(1, OutputAction.OFF), OutputCommand(4, OutputAction.TOGGLE)]
    )
    assert [o.state for o in dev.device.outputs] == [False, True, True, False]
    sets = dev.device.requests("snmp", "write")
    assert len(sets) == 1
    assert sets[0].detail.count("1.3.6.1.4.1.47952.1.1.1.5.") == 2


async def test_repeated_outputs_are_set_in_order(
    four_all: tuple[RunningDevice, SnmpTransport],
) -> None:
    dev, transport = four_all
    await transport.send_actions(
        [OutputCommand(1, OutputAction.OFF), OutputCommand(1, OutputAction.ON)]
    )
    assert dev.device.outputs[0].state
    assert len(dev.device.requests("snmp", "write")) == 2


async def test_v3_user_writes(session: aiohttp.ClientSession) -> None:
    async with simulated_device(
        "powerpdu_8qs", protocols=frozenset({"snmp"}), credentials=CREDENTIALS
    ) as dev:
        transport = SnmpTransport(_config(dev, **ADMIN), session)
        try:
            await transport.send_actions([OutputCommand(8, OutputAction.OFF)])
        finally:
            await transport.close()
        assert not dev.device.outputs[7].state


async def test_commands_snmp_cannot_carry_fail_before_any_request(
    four_all: tuple[RunningDevice, SnmpTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    before = len(dev.device.requests("snmp"))
    for command in (
        OutputCommand(1, OutputAction.SHORT_ON, 1000),
        OutputCommand(1, OutputAction.IGNORE),
        OutputCommand(5, OutputAction.ON),
        OutputCommand(0, OutputAction.ON),
    ):
        with pytest.raises(NetioUnsupportedError):
            await transport.send_actions([OutputCommand(2, OutputAction.OFF), command])
    assert len(dev.device.requests("snmp")) == before
    assert dev.device.outputs[1].state


async def test_wrong_community_times_out_naming_the_community(
    four_all: tuple[RunningDevice, SnmpTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    transport = SnmpTransport(_config(dev, timeout=0.6, community_read="wrong"), session)
    try:
        with pytest.raises(NetioTimeoutError, match="read community"):
            await transport.read_state()
    finally:
        await transport.close()


async def test_read_community_cannot_write(
    four_all: tuple[RunningDevice, SnmpTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    transport = SnmpTransport(_config(dev, community_write="public"), session)
    try:
        with pytest.raises(NetioReadOnlyError):
            await transport.send_actions([OutputCommand(1, OutputAction.OFF)])
    finally:
        await transport.close()
    assert dev.device.outputs[0].state


@pytest.mark.parametrize(
    "snmp",
    [
        {**ADMIN, "auth_key": "wrong-secret"},
        {**ADMIN, "username": "nobody"},
        {**ADMIN, "auth_protocol": "md5"},
    ],
    ids=["wrong key", "unknown user", "wrong protocol"],
)
async def test_v3_credentials_rejected(
    four_all: tuple[RunningDevice, SnmpTransport],
    session: aiohttp.ClientSession,
    snmp: dict[str, Any],
) -> None:
    dev, _transport = four_all
    transport = SnmpTransport(_config(dev, **snmp), session)
    try:
        with pytest.raises(NetioAuthenticationError):
            await transport.read_state()
    finally:
        await transport.close()


async def test_v3_read_only_user(
    four_all: tuple[RunningDevice, SnmpTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    viewer: dict[str, Any] = {
        "version": SnmpVersion.V3,
        "username": "viewer",
        "auth_protocol": "md5",
        "auth_key": "auth-secret",
    }
    transport = SnmpTransport(_config(dev, **viewer), session)
    try:
        assert (await transport.read_state()).outputs[1].state
        with pytest.raises(NetioReadOnlyError):
            await transport.send_actions([OutputCommand(1, OutputAction.NO_CHANGE)])
    finally:
        await transport.close()


@pytest.mark.parametrize(
    ("snmp", "error"),
    [
        ({**ADMIN, "auth_protocol": "rot13"}, NetioUnsupportedError),
        ({**ADMIN, "priv_protocol": "xor"}, NetioUnsupportedError),
        ({**ADMIN, "auth_key": None}, NetioAuthenticationError),
        ({**ADMIN, "username": None}, NetioAuthenticationError),
        ({**ADMIN, "auth_key": "short"}, NetioAuthenticationError),
        ({**ADMIN, "priv_key": "short"}, NetioAuthenticationError),
    ],
)
async def test_unusable_v3_settings(
    four_all: tuple[RunningDevice, SnmpTransport],
    session: aiohttp.ClientSession,
    snmp: dict[str, Any],
    error: type[NetioError],
) -> None:
    dev, _transport = four_all
    transport = SnmpTransport(_config(dev, timeout=0.6, **snmp), session)
    try:
        with pytest.raises(error):
            await transport.read_state()
    finally:
        await transport.close()


async def test_read_only_fault(four_all: tuple[RunningDevice, SnmpTransport]) -> None:
    dev, transport = four_all
    dev.device.faults.set("snmp", read_only=True)
    assert (await transport.read_state()).outputs[1].state
    with pytest.raises(NetioReadOnlyError):
        await transport.send_actions([OutputCommand(1, OutputAction.OFF)])
    assert dev.device.outputs[0].state


@pytest.mark.parametrize("fault", ["api_disabled", "drop", "hang", "malformed", "truncated"])
async def test_no_usable_answer_is_a_timeout(
    four_all: tuple[RunningDevice, SnmpTransport], session: aiohttp.ClientSession, fault: str
) -> None:
    dev, _transport = four_all
    transport = SnmpTransport(_config(dev, timeout=0.6), session)
    try:
        await transport.read_state()
        dev.device.faults.set("snmp", **{fault: True})
        with pytest.raises(NetioTimeoutError, match="SNMP is enabled"):
            await transport.read_state()
        dev.device.faults.clear()
        assert (await transport.read_state()).outputs[1].state
    finally:
        await transport.close()


async def test_close_is_idempotent_and_a_closed_transport_starts_afresh(
    four_all: tuple[RunningDevice, SnmpTransport],
) -> None:
    _dev, transport = four_all
    await transport.close()  # never opened
    await transport.read_state()
    await transport.close()
    await transport.close()
    assert (await transport.read_state()).outputs[1].state


def _table_oid(oid: tuple[int, ...]) -> bool:
    return oid[: len(NETIO_ENTRY)] == NETIO_ENTRY


async def test_agent_answering_only_the_dot_zero_form(
    four_all: tuple[RunningDevice, SnmpTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """AN11 writes the table instances as `.N.0`; an agent that walks and answers only those."""
    dev, transport = four_all
    lookup, object_ids = snmp_agent._lookup, snmp_agent.object_ids

    def dot_zero_lookup(reading: Any, oid: tuple[int, ...]) -> Any:
        if _table_oid(oid) and len(oid) == len(NETIO_ENTRY) + 2:
            return rfc1905.noSuchInstance
        return lookup(reading, oid)

    def dot_zero_ids(device: SimulatedDevice) -> list[tuple[int, ...]]:
        return sorted((*oid, 0) if _table_oid(oid) else oid for oid in object_ids(device))

    monkeypatch.setattr(snmp_agent, "_lookup", dot_zero_lookup)
    monkeypatch.setattr(snmp_agent, "object_ids", dot_zero_ids)
    _assert_matches(await transport.read_state(), dev.device)
    gets = [r.detail for r in dev.device.requests("snmp", "read") if r.detail.startswith("get ")]
    assert len(gets) == 1  # the walk taught the form: no failed GET first
    assert transport._forms.table_zero
    await transport.send_actions([OutputCommand(2, OutputAction.OFF)])
    assert not dev.device.outputs[1].state
    assert "1.3.6.1.4.1.47952.1.1.1.5.2.0" in dev.device.requests("snmp", "write")[0].detail


async def test_agent_walking_dot_n_but_answering_dot_zero(
    four_all: tuple[RunningDevice, SnmpTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The instance form is corrected once after a GET of noSuchInstance, then remembered."""
    dev, transport = four_all
    lookup = snmp_agent._lookup
    column_id = len(NETIO_ENTRY)

    def picky_lookup(reading: Any, oid: tuple[int, ...]) -> Any:
        if _table_oid(oid) and len(oid) == column_id + 2 and oid[column_id] != 1:
            return rfc1905.noSuchInstance
        return lookup(reading, oid)

    monkeypatch.setattr(snmp_agent, "_lookup", picky_lookup)
    _assert_matches(await transport.read_state(), dev.device)
    assert transport._forms.table_zero
    before = _gets(dev.device)
    _assert_matches(await transport.read_state(), dev.device)
    assert _gets(dev.device) - before == 1


async def test_an_agent_without_the_netio_table(
    four_all: tuple[RunningDevice, SnmpTransport], monkeypatch: pytest.MonkeyPatch
) -> None:
    _dev, transport = four_all
    monkeypatch.setattr(snmp_agent, "object_ids", lambda _device: [])
    with pytest.raises(NetioError, match="no outputs"):
        await transport.read_state()


async def test_v3_silence_points_at_the_user_and_keys(
    four_all: tuple[RunningDevice, SnmpTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    dev.device.faults.set("snmp", api_disabled=True)
    transport = SnmpTransport(_config(dev, timeout=0.6, **ADMIN), session)
    try:
        with pytest.raises(NetioTimeoutError, match="SNMPv3 user"):
            await transport.read_state()
    finally:
        await transport.close()
