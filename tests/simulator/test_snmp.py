"""SNMP agent: pysnmp's manager API against the NETIO MIB over real UDP sockets."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
import contextlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
import socket
import time
from typing import Any

from hypothesis import given, settings, strategies as st
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    Integer32,
    ObjectIdentity,
    ObjectType,
    OctetString,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    bulk_walk_cmd,
    get_cmd,
    next_cmd,
    set_cmd,
    usm3DESEDEPrivProtocol,
    usmAesCfb128Protocol,
    usmAesCfb256Protocol,
    usmDESPrivProtocol,
    usmHMAC192SHA256AuthProtocol,
    usmHMACMD5AuthProtocol,
    usmHMACSHAAuthProtocol,
    usmNoAuthProtocol,
    usmNoPrivProtocol,
    walk_cmd,
)
from pysnmp.proto.rfc1902 import ObjectName
from pysnmp.proto.rfc1905 import EndOfMibView, NoSuchInstance, NoSuchObject
import pytest

from netio_simulator.credentials import Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.metering import LoadProfile
from netio_simulator.servers.snmp import NetioMib, SnmpAgent, date_and_time, engine_id_for
from netio_simulator.testing import simulated_device

NETIO = "1.3.6.1.4.1.47952"
TABLE = f"{NETIO}.1.1.1"
MEASURE = f"{NETIO}.1.2"
SYS = "1.3.6.1.2.1.1"
V1 = 0
V2C = 1

# pysnmp's AES uses a cryptography API that warns about its future move; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::cryptography.utils.CryptographyDeprecationWarning")

ADMIN = SnmpV3User("admin", "sha", "auth-pass-1", "aes", "priv-pass-1", access="rw")
VIEWER = SnmpV3User("viewer", "sha", "auth-pass-2", "aes", "priv-pass-2", access="ro")
ADMIN_AUTH = UsmUserData(
    "admin",
    "auth-pass-1",
    "priv-pass-1",
    authProtocol=usmHMACSHAAuthProtocol,
    privProtocol=usmAesCfb128Protocol,
)
VIEWER_AUTH = UsmUserData(
    "viewer",
    "auth-pass-2",
    "priv-pass-2",
    authProtocol=usmHMACSHAAuthProtocol,
    privProtocol=usmAesCfb128Protocol,
)


class FakeClock:
    """A monotonic clock the test moves by hand, so values and pulses are deterministic."""

    def __init__(self) -> None:
        """Start at an arbitrary point in monotonic time."""
        self.now = 700.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


@dataclass
class Result:
    """What a manager call returned."""

    error_indication: Any
    error_status: Any
    error_index: int
    var_binds: list[tuple[str, Any]]

    @property
    def status(self) -> str:
        """Return the error status name ("noError" when fine)."""
        return str(self.error_status.prettyPrint()) if self.error_status else "noError"

    def values(self) -> list[Any]:
        """Return the values, asserting the request succeeded."""
        assert self.error_indication is None, self.error_indication
        assert self.status == "noError", self.status
        return [value for _name, value in self.var_binds]


def _result(answer: tuple[Any, Any, Any, Any]) -> Result:
    error_indication, error_status, error_index, var_binds = answer
    return Result(
        error_indication,
        error_status,
        int(error_index or 0),
        [(str(name), value) for name, value in var_binds],
    )


class Manager:
    """An SNMP manager bound to one agent port."""

    def __init__(self, engine: SnmpEngine, port: int) -> None:
        """Talk to 127.0.0.1:port."""
        self.engine = engine
        self.port = port

    async def _target(self, wait_s: float) -> UdpTransportTarget:
        return await UdpTransportTarget.create(("127.0.0.1", self.port), timeout=wait_s, retries=0)

    async def get(self, auth: Any, *oids: str, wait_s: float = 1.5) -> Result:
        """GET the OIDs."""
        objects = [ObjectType(ObjectIdentity(oid)) for oid in oids]
        return _result(
            await get_cmd(self.engine, auth, await self._target(wait_s), ContextData(), *objects)
        )

    async def next(self, auth: Any, oid: str) -> Result:
        """GETNEXT one OID."""
        return _result(
            await next_cmd(
                self.engine,
                auth,
                await self._target(1.5),
                ContextData(),
                ObjectType(ObjectIdentity(oid)),
            )
        )

    async def set(self, auth: Any, *pairs: tuple[str, Any], wait_s: float = 1.5) -> Result:
        """SET OID/value pairs."""
        objects = [ObjectType(ObjectIdentity(oid), value) for oid, value in pairs]
        return _result(
            await set_cmd(self.engine, auth, await self._target(wait_s), ContextData(), *objects)
        )

    async def walk(self, auth: Any, oid: str, *, bulk: bool = False) -> list[tuple[str, Any]]:
        """Walk a subtree (GETNEXT, or GETBULK with bulk=True)."""
        found: list[tuple[str, Any]] = []
        target = await self._target(1.5)
        walker = (
            bulk_walk_cmd(
                self.engine,
                auth,
                target,
                ContextData(),
                0,
                7,
                ObjectType(ObjectIdentity(oid)),
                lexicographicMode=False,
            )
            if bulk
            else walk_cmd(
                self.engine,
                auth,
                target,
                ContextData(),
                ObjectType(ObjectIdentity(oid)),
                lexicographicMode=False,
            )
        )
        async for error_indication, error_status, _index, var_binds in walker:
            assert error_indication is None, error_indication
            assert not error_status, error_status.prettyPrint()
            found.extend((str(name), value) for name, value in var_binds)
        return found


type Start = Callable[[SimulatedDevice], Awaitable[Manager]]


def is_on(device: SimulatedDevice, output_id: int) -> bool:
    """Read an output's state (a call, so the type checker does not pin it between asserts)."""
    return device.output(output_id).state


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_device(profile: str, clock: FakeClock, **kwargs: Any) -> SimulatedDevice:
    """Build a device with steady loads, a known EnergyStart and SNMP accounts."""
    probe = SimulatedDevice(profile)
    specs = [
        OutputSpec(
            name=f"socket {i}",
            load=LoadProfile.constant(50.0 * i, power_factor=0.5 + 0.1 * i),
            energy_wh=1000 * i + 7,
            delay_ms=4000,
        )
        for i in range(1, len(probe.outputs) + 1)
    ]
    kwargs.setdefault("credentials", Credentials(snmp=SnmpCredentials(v3_users=[ADMIN, VIEWER])))
    kwargs.setdefault(
        "energy_start", datetime(2024, 3, 5, 6, 7, 8, tzinfo=timezone(timedelta(hours=2)))
    )
    return SimulatedDevice(profile, outputs=specs, clock=clock, **kwargs)


@pytest.fixture
async def start(socket_enabled: None) -> AsyncIterator[Start]:
    """Start an agent for a device and give a manager for it; everything closed afterwards."""
    agents: list[SnmpAgent] = []
    engines: list[SnmpEngine] = []

    async def run(device: SimulatedDevice) -> Manager:
        agent = SnmpAgent(device)
        agents.append(agent)
        port = await agent.start()
        engine = SnmpEngine()
        engines.append(engine)
        return Manager(engine, port)

    try:
        yield run
    finally:
        for engine in engines:
            dispatcher = engine.transport_dispatcher
            timer = getattr(dispatcher, "loopingcall", None)
            engine.close_dispatcher()
            if isinstance(timer, asyncio.Task):
                with contextlib.suppress(asyncio.CancelledError):
                    await timer
        for agent in agents:
            await agent.stop()


def expected_objects(device: SimulatedDevice) -> dict[str, Any]:
    """Every instance the MIB defines for this device, with the documented units."""
    objects: dict[str, Any] = {}
    start_octets = date_and_time(device.energy_start)
    for out in device.outputs:
        objects[f"{TABLE}.1.{out.id}"] = out.id
        objects[f"{TABLE}.2.{out.id}"] = out.name.encode()
        objects[f"{TABLE}.3.{out.id}"] = int(out.state)
        objects[f"{TABLE}.4.{out.id}"] = b"on" if out.state else b"off"
        objects[f"{TABLE}.5.{out.id}"] = 5
        metering = device.output_metering(out.id)
        if metering is not None:
            objects[f"{TABLE}.25.{out.id}"] = metering.load_w
            objects[f"{TABLE}.26.{out.id}"] = metering.energy_wh
            objects[f"{TABLE}.27.{out.id}"] = start_octets
            objects[f"{TABLE}.28.{out.id}"] = metering.current_ma
            objects[f"{TABLE}.29.{out.id}"] = round(metering.power_factor * 1000)
    total = device.global_measure()
    if total is not None:
        objects |= {
            f"{MEASURE}.1.0": round(total.voltage_v * 1000),
            f"{MEASURE}.2.0": round(total.frequency_hz * 1000),
            f"{MEASURE}.3.0": total.total_current_ma,
            f"{MEASURE}.4.0": round(total.power_factor * 1000),
            f"{MEASURE}.5.0": total.total_load_w,
            f"{MEASURE}.6.0": total.total_energy_wh,
            f"{MEASURE}.7.0": start_octets,
        }
    return objects


def plain(value: Any) -> Any:
    """Turn a pyasn1 value into int or bytes for comparison."""
    if isinstance(value, OctetString):
        return bytes(value)
    return int(value)


def oid_key(oid: str) -> tuple[int, ...]:
    return tuple(int(part) for part in oid.split("."))


@pytest.mark.parametrize("profile", ["netio_4all", "powerpdu_4c", "powerpdu_8qs", "powerdin_4pz"])
@pytest.mark.parametrize("version", ["v2c", "v3"])
async def test_get_every_object_in_both_instance_forms(
    profile: str, version: str, clock: FakeClock, start: Start
) -> None:
    device = make_device(profile, clock)
    manager = await start(device)
    auth = CommunityData("public", mpModel=V2C) if version == "v2c" else ADMIN_AUTH
    expected = expected_objects(device)
    oids = list(expected)
    for chunk in range(0, len(oids), 10):
        names = oids[chunk : chunk + 10]
        result = await manager.get(auth, *names)
        assert [plain(v) for v in result.values()] == [expected[n] for n in names]
        table_names = [n for n in names if n.startswith(TABLE)]
        if table_names:
            aliased = await manager.get(auth, *(f"{n}.0" for n in table_names))
            assert [plain(v) for v in aliased.values()] == [expected[n] for n in table_names]
    # Units: 50 W at power factor 0.6 on output 1, energy counters as configured.
    assert expected[f"{TABLE}.25.1"] == 50
    assert expected[f"{TABLE}.29.1"] == 600
    assert expected[f"{TABLE}.26.1"] == 1007
    voltage_mv = expected[f"{MEASURE}.1.0"]
    assert 225_000 < voltage_mv < 235_000
    assert 49_900 < expected[f"{MEASURE}.2.0"] < 50_100


async def test_energy_start_is_date_and_time(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    (raw,) = (await manager.get(CommunityData("public"), f"{MEASURE}.7.0")).values()
    octets = bytes(raw)
    assert len(octets) == 11
    year = int.from_bytes(octets[:2])
    assert (year, *octets[2:8]) == (2024, 3, 5, 6, 7, 8, 0)
    assert octets[8:] == b"+\x02\x00"
    naive = date_and_time(datetime(2024, 3, 5, 6, 7, 8, 300_000))  # noqa: DTZ001 - no offset
    assert naive == bytes((0x07, 0xE8, 3, 5, 6, 7, 8, 3))
    west = date_and_time(datetime(2024, 1, 1, tzinfo=timezone(-timedelta(hours=5, minutes=30))))
    assert west[8:] == b"-\x05\x1e"
    assert date_and_time(datetime(2024, 1, 1, tzinfo=UTC))[8:] == b"+\x00\x00"


async def test_system_group(clock: FakeClock, start: Start) -> None:
    device = make_device("powerpdu_4c", clock, initial_uptime_s=125)
    manager = await start(device)
    values = (
        await manager.get(CommunityData("public"), *(f"{SYS}.{n}.0" for n in (1, 2, 3, 5)))
    ).values()
    assert bytes(values[0]) == b"PowerPDU 4C, firmware 3.4.2"
    assert str(values[1]) == NETIO
    assert int(values[2]) == 12500
    assert bytes(values[3]) == device.name.encode()


@pytest.mark.parametrize(
    ("profile", "count"),
    [("netio_4", 7 + 4 * 5), ("netio_4all", 7 + 4 * 10 + 7), ("powerpdu_8qs", 7 + 8 * 5 + 5 + 7)],
)
@pytest.mark.parametrize("bulk", [False, True])
async def test_walk_returns_every_object_in_order(
    profile: str, count: int, bulk: bool, clock: FakeClock, start: Start
) -> None:
    device = make_device(profile, clock)
    manager = await start(device)
    auth = CommunityData("public")
    walked = await manager.walk(auth, NETIO, bulk=bulk)
    expected = expected_objects(device)
    assert [name for name, _v in walked] == sorted(expected, key=oid_key)
    assert {name: plain(value) for name, value in walked} == expected
    system = await manager.walk(auth, SYS, bulk=bulk)
    assert [name for name, _v in system] == [f"{SYS}.{n}.0" for n in range(1, 8)]
    assert len(walked) + len(system) == count


async def test_walk_with_snmpv1(clock: FakeClock, start: Start) -> None:
    device = make_device("powerpdu_8qs", clock)
    manager = await start(device)
    walked = await manager.walk(CommunityData("public", mpModel=V1), NETIO)
    assert [name for name, _v in walked] == sorted(expected_objects(device), key=oid_key)
    beyond = await manager.next(CommunityData("public", mpModel=V1), f"{MEASURE}.7.0")
    assert beyond.status == "noSuchName"


async def test_end_of_mib_view(clock: FakeClock, start: Start) -> None:
    manager = await start(make_device("netio_4all", clock))
    result = await manager.next(CommunityData("public"), f"{MEASURE}.7.0")
    assert isinstance(result.values()[0], EndOfMibView)


async def test_metering_objects_only_for_metered_outputs(clock: FakeClock, start: Start) -> None:
    manager = await start(make_device("powerpdu_8qs", clock))
    result = await manager.get(
        CommunityData("public"),
        f"{TABLE}.25.1",
        f"{TABLE}.25.2",
        f"{TABLE}.29.8.0",
        f"{TABLE}.3.9",
        f"{MEASURE}.1",
        f"{MEASURE}.8.0",
        f"{NETIO}.2",
        f"{TABLE}.6.1",
        "1.3.6.1.2.1.2.1.0",
    )
    values = result.values()
    assert int(values[0]) == 50
    assert [type(v) for v in values[1:]] == [
        NoSuchInstance,
        NoSuchInstance,
        NoSuchInstance,
        NoSuchInstance,
        NoSuchObject,
        NoSuchObject,
        NoSuchObject,
        NoSuchObject,
    ]


@pytest.mark.parametrize("profile", ["netio_4", "powerpdu_4ps"])
async def test_device_without_metering(profile: str, clock: FakeClock, start: Start) -> None:
    manager = await start(make_device(profile, clock))
    values = (
        await manager.get(
            CommunityData("public"), f"{MEASURE}.1.0", f"{TABLE}.25.1", f"{TABLE}.3.1"
        )
    ).values()
    assert [type(v) for v in values[:2]] == [NoSuchInstance, NoSuchInstance]
    assert int(values[2]) == 1


async def test_unknown_object_with_snmpv1_is_no_such_name(clock: FakeClock, start: Start) -> None:
    manager = await start(make_device("netio_4all", clock))
    result = await manager.get(CommunityData("public", mpModel=V1), f"{TABLE}.3.1", f"{TABLE}.25.9")
    assert result.status == "noSuchName"
    assert result.error_index == 2


@pytest.mark.parametrize("form", ["", ".0"])
async def test_set_switches_an_output(form: str, clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    write = CommunityData("private")
    result = await manager.set(write, (f"{TABLE}.5.2{form}", Integer32(0)))
    assert [int(v) for v in result.values()] == [0]
    assert not is_on(device, 2)
    (state,) = (await manager.get(CommunityData("public"), f"{TABLE}.3.2")).values()
    assert int(state) == 0
    await manager.set(write, (f"{TABLE}.5.2{form}", Integer32(4)))
    assert is_on(device, 2)
    # reset(2): off for the delay (4 s), then on again
    await manager.set(write, (f"{TABLE}.5.2{form}", Integer32(2)))
    assert not is_on(device, 2)
    clock.now += 4.1
    assert is_on(device, 2)
    # several outputs in one SET
    await manager.set(write, (f"{TABLE}.5.1", Integer32(0)), (f"{TABLE}.5.3", Integer32(0)))
    assert [o.state for o in device.outputs] == [False, True, False, True]


async def test_set_is_refused_properly(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    write = CommunityData("private")

    read_only = await manager.set(CommunityData("public"), (f"{TABLE}.5.1", Integer32(0)))
    assert read_only.status == "noAccess"
    v1_read_only = await manager.set(
        CommunityData("public", mpModel=V1), (f"{TABLE}.5.1", Integer32(0))
    )
    assert v1_read_only.status == "noSuchName"
    assert (await manager.set(write, (f"{TABLE}.3.1", Integer32(0)))).status == "notWritable"
    assert (await manager.set(write, (f"{TABLE}.5.9", Integer32(0)))).status == "notWritable"
    assert (await manager.set(write, (f"{NETIO}.7", Integer32(0)))).status == "notWritable"
    assert (await manager.set(write, (f"{TABLE}.5.1", Integer32(6)))).status == "wrongValue"
    assert (await manager.set(write, (f"{TABLE}.5.1", OctetString("on")))).status == "wrongType"
    both = await manager.set(write, (f"{TABLE}.5.1", Integer32(0)), (f"{TABLE}.5.2", Integer32(9)))
    assert both.status == "wrongValue"
    assert both.error_index == 2
    assert all(out.state for out in device.outputs)  # nothing moved

    device.faults.set("snmp", read_only=True)
    assert (await manager.set(write, (f"{TABLE}.5.1", Integer32(0)))).status == "notWritable"
    assert (await manager.set(ADMIN_AUTH, (f"{TABLE}.5.1", Integer32(0)))).status == "notWritable"
    assert all(out.state for out in device.outputs)
    device.faults.clear()
    await manager.set(write, (f"{TABLE}.5.1", Integer32(0)))
    assert not is_on(device, 1)


async def test_v3_users_read_and_only_rw_users_set(clock: FakeClock, start: Start) -> None:
    device = make_device("powerpdu_4c", clock)
    manager = await start(device)
    (state,) = (await manager.get(VIEWER_AUTH, f"{TABLE}.3.1")).values()
    assert int(state) == 1
    denied = await manager.set(VIEWER_AUTH, (f"{TABLE}.5.1", Integer32(0)))
    assert denied.status == "noAccess"
    assert is_on(device, 1)
    await manager.set(ADMIN_AUTH, (f"{TABLE}.5.1.0", Integer32(0)))
    assert not is_on(device, 1)
    walked = await manager.walk(ADMIN_AUTH, NETIO, bulk=True)
    assert len(walked) == 4 * 10 + 7


@pytest.mark.parametrize(
    ("user", "auth"),
    [
        (
            SnmpV3User("plain", access="rw"),
            UsmUserData("plain", authProtocol=usmNoAuthProtocol, privProtocol=usmNoPrivProtocol),
        ),
        (
            SnmpV3User("md5", "md5", "md5-auth-key", access="rw"),
            UsmUserData("md5", "md5-auth-key", authProtocol=usmHMACMD5AuthProtocol),
        ),
        (
            SnmpV3User("md5des", "md5", "md5-auth-key", "des", "des-priv-key", access="rw"),
            UsmUserData(
                "md5des",
                "md5-auth-key",
                "des-priv-key",
                authProtocol=usmHMACMD5AuthProtocol,
                privProtocol=usmDESPrivProtocol,
            ),
        ),
        (
            SnmpV3User("sha3des", "sha", "sha-auth-key", "3des", "3des-priv-key", access="rw"),
            UsmUserData(
                "sha3des",
                "sha-auth-key",
                "3des-priv-key",
                authProtocol=usmHMACSHAAuthProtocol,
                privProtocol=usm3DESEDEPrivProtocol,
            ),
        ),
        (
            SnmpV3User("sha256", "sha256", "sha2-auth-key", "aes256", "aes-priv-key", access="rw"),
            UsmUserData(
                "sha256",
                "sha2-auth-key",
                "aes-priv-key",
                authProtocol=usmHMAC192SHA256AuthProtocol,
                privProtocol=usmAesCfb256Protocol,
            ),
        ),
    ],
    ids=[
        "noAuthNoPriv",
        "authNoPriv-md5",
        "authPriv-md5-des",
        "authPriv-sha-3des",
        "sha256-aes256",
    ],
)
async def test_v3_security_levels(
    user: SnmpV3User, auth: UsmUserData, clock: FakeClock, start: Start
) -> None:
    device = make_device(
        "netio_4all", clock, credentials=Credentials(snmp=SnmpCredentials(v3_users=[user]))
    )
    manager = await start(device)
    (name,) = (await manager.get(auth, f"{TABLE}.2.3")).values()
    assert bytes(name) == b"socket 3"
    await manager.set(auth, (f"{TABLE}.5.3", Integer32(0)))
    assert not is_on(device, 3)


async def test_wrong_community_gets_no_answer(clock: FakeClock, start: Start) -> None:
    manager = await start(make_device("netio_4all", clock))
    result = await manager.get(CommunityData("guess"), f"{SYS}.1.0", wait_s=0.5)
    assert "timeout" in str(result.error_indication).lower()
    assert result.var_binds == []


async def test_wrong_v3_credentials_get_no_data(clock: FakeClock, start: Start) -> None:
    """USM answers unknown users and bad keys with a report (RFC 3414), never with data."""
    manager = await start(make_device("netio_4all", clock))
    stranger = UsmUserData(
        "stranger",
        "auth-pass-1",
        "priv-pass-1",
        authProtocol=usmHMACSHAAuthProtocol,
        privProtocol=usmAesCfb128Protocol,
    )
    unknown = await manager.get(stranger, f"{SYS}.1.0", wait_s=0.5)
    assert unknown.error_indication is not None
    assert unknown.var_binds == []
    bad_key = UsmUserData(
        "admin",
        "not-the-key",
        "priv-pass-1",
        authProtocol=usmHMACSHAAuthProtocol,
        privProtocol=usmAesCfb128Protocol,
    )
    wrong = await manager.get(bad_key, f"{SYS}.1.0", wait_s=0.5)
    assert wrong.error_indication is not None
    assert wrong.var_binds == []
    # a user with privacy configured cannot be used without it
    downgraded = UsmUserData("admin", "auth-pass-1", authProtocol=usmHMACSHAAuthProtocol)
    assert (await manager.get(downgraded, f"{SYS}.1.0", wait_s=0.5)).error_indication is not None


async def test_credentials_changed_at_runtime(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    assert (await manager.get(CommunityData("public"), f"{SYS}.1.0")).values()
    device.credentials.snmp.community_read = "letmein"
    device.credentials.snmp.v3_users = [VIEWER]
    gone = await manager.get(CommunityData("public"), f"{SYS}.1.0", wait_s=0.5)
    assert gone.error_indication is not None
    assert (await manager.get(CommunityData("letmein"), f"{SYS}.1.0")).values()
    assert (await manager.get(ADMIN_AUTH, f"{SYS}.1.0", wait_s=0.5)).error_indication is not None
    assert (await manager.get(VIEWER_AUTH, f"{SYS}.1.0")).values()
    device.credentials.snmp.community_write = ""
    refused = await manager.set(
        CommunityData("private"), (f"{TABLE}.5.1", Integer32(0)), wait_s=0.5
    )
    assert refused.error_indication is not None
    assert is_on(device, 1)


@pytest.mark.parametrize("fault", ["api_disabled", "drop", "hang"])
async def test_faults_that_silence_the_agent(fault: str, clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    device.faults.set("snmp", **{fault: True})
    silent = await manager.get(CommunityData("public"), f"{SYS}.1.0", wait_s=0.5)
    assert "timeout" in str(silent.error_indication).lower()
    device.faults.clear()
    assert (await manager.get(CommunityData("public"), f"{SYS}.1.0")).values()


async def test_latency_delays_the_answer(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    device.faults.set("snmp", latency_s=0.3)
    started = time.monotonic()
    assert (await manager.get(CommunityData("public"), f"{SYS}.1.0")).values()
    assert time.monotonic() - started >= 0.3


async def test_pending_latency_is_cancelled_by_stop(clock: FakeClock, socket_enabled: None) -> None:
    device = make_device("netio_4all", clock)
    agent = SnmpAgent(device)
    port = await agent.start()
    device.faults.set(latency_s=60)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"\x30\x00", ("127.0.0.1", port))
        await asyncio.sleep(0.05)
    assert agent._delayed
    await agent.stop()
    assert not agent._delayed


@pytest.mark.parametrize("fault", ["malformed", "truncated"])
async def test_broken_answers(fault: str, clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    device.faults.set("snmp", **{fault: True})
    broken = await manager.get(CommunityData("public"), f"{SYS}.1.0", wait_s=0.5)
    assert broken.error_indication is not None
    assert device.requests("snmp")


async def _udp_exchange(port: int, payload: bytes) -> bytes | None:
    """Send one datagram and return the reply, or None when none comes within 0.5 s."""
    loop = asyncio.get_running_loop()
    received: asyncio.Future[bytes] = loop.create_future()

    class Receiver(asyncio.DatagramProtocol):
        def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
            if not received.done():
                received.set_result(data)

    transport, _protocol = await loop.create_datagram_endpoint(
        Receiver, remote_addr=("127.0.0.1", port)
    )
    try:
        transport.sendto(payload)
        try:
            return await asyncio.wait_for(received, 0.5)
        except TimeoutError:
            return None
    finally:
        transport.close()


async def test_garbage_datagrams_are_ignored(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    for junk in (
        b"",
        b"\x00",
        b"\xff" * 1500,
        b"\x30\x82\xff\xff" + b"\x02" * 50,
        bytes(range(256)),
    ):
        assert await _udp_exchange(manager.port, junk) is None
    assert (await manager.get(CommunityData("public"), f"{SYS}.3.0")).values()
    assert all(out.state for out in device.outputs)


async def test_requests_are_logged(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    await manager.get(CommunityData("public"), f"{TABLE}.3.1")
    await manager.set(CommunityData("private"), (f"{TABLE}.5.1", Integer32(1)))
    await manager.get(CommunityData("nobody"), f"{TABLE}.3.1", wait_s=0.5)
    log = device.requests("snmp")
    assert [(entry.kind, entry.detail.split()[0]) for entry in log] == [
        ("read", "get"),
        ("write", "set"),
    ]
    assert f"{TABLE}.3.1" in log[0].detail


def test_engine_id_carries_enterprise_and_mac() -> None:
    assert engine_id_for("24:A4:2C:01:02:03").hex() == "8000bb500324a42c010203"


async def test_through_the_simulator(socket_enabled: None) -> None:
    async with simulated_device("powerdin_4pz", protocols=frozenset({"snmp"})) as running:
        engine = SnmpEngine()
        try:
            manager = Manager(engine, running.ports["snmp"])
            walked = await manager.walk(CommunityData("public"), NETIO)
            assert len(walked) == 4 * 5 + 2 * 5 + 7
            await manager.set(CommunityData("private"), (f"{TABLE}.5.4", Integer32(0)))
            assert not is_on(running.device, 4)
        finally:
            timer = getattr(engine.transport_dispatcher, "loopingcall", None)
            engine.close_dispatcher()
            if isinstance(timer, asyncio.Task):
                with contextlib.suppress(asyncio.CancelledError):
                    await timer


async def test_silent_while_rebooting(clock: FakeClock, start: Start) -> None:
    device = make_device("netio_4all", clock)
    manager = await start(device)
    device.reboot(downtime_s=20)
    silent = await manager.get(CommunityData("public"), f"{SYS}.3.0", wait_s=0.5)
    assert "timeout" in str(silent.error_indication).lower()
    clock.now += 25
    (uptime,) = (await manager.get(CommunityData("public"), f"{SYS}.3.0")).values()
    assert 500 <= int(uptime) <= 600  # counted from the end of the downtime


_OIDS = st.one_of(
    st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=14),
    st.lists(st.integers(0, 40), min_size=0, max_size=5).map(
        lambda tail: [1, 3, 6, 1, 4, 1, 47952, 1, *tail]
    ),
    st.lists(st.integers(0, 9), min_size=0, max_size=4).map(
        lambda tail: [1, 3, 6, 1, 2, 1, 1, *tail]
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    profile=st.sampled_from(["netio_4", "powerpdu_8qs", "powercable_101x"]),
    oids=st.lists(_OIDS, min_size=1, max_size=6),
)
def test_mib_answers_any_oid(profile: str, oids: list[list[int]]) -> None:
    """GET gives a value or noSuch*; GETNEXT always moves forward or ends the view."""
    mib = NetioMib(SnmpAgent(SimulatedDevice(profile, clock=FakeClock())))
    requested = [(ObjectName(tuple(oid)), None) for oid in oids]
    got = mib.read_variables(*requested)
    assert [tuple(name) for name, _value in got] == [tuple(oid) for oid in oids]
    following = mib.read_next_variables(*requested)
    for oid, (name, value) in zip(oids, following, strict=True):
        if isinstance(value, EndOfMibView):
            continue
        assert tuple(name) > tuple(oid)
        assert not isinstance(value, NoSuchObject | NoSuchInstance)


async def test_accounts_pysnmp_rejects_are_left_out(
    clock: FakeClock, start: Start, caplog: pytest.LogCaptureFixture
) -> None:
    users = [SnmpV3User("", "md5", "12345678"), SnmpV3User("x", "sha", "k", "rot13", "k"), ADMIN]
    device = make_device(
        "netio_4all", clock, credentials=Credentials(snmp=SnmpCredentials(v3_users=users))
    )
    manager = await start(device)
    assert (await manager.get(ADMIN_AUTH, f"{SYS}.1.0")).values()
    assert (await manager.get(CommunityData("public"), f"{SYS}.1.0")).values()
    assert "SNMPv3 user ''" in caplog.text
    assert "'x' skipped" in caplog.text
