"""SNMP agent: NETIO-PRODUCTS-NETIO-MIB (enterprise 47952) answered live from the device.

Built on pysnmp's agent engine (v1, v2c and v3 USM with MD5/SHA/SHA-2 and DES/3DES/AES) with
a MIB instrumentation of our own, so GET, GETNEXT, GETBULK and SET compute values from the
device model at the moment they are asked (docs/protocol-notes.md §5):

- netioOutputTable .1.3.6.1.4.1.47952.1.1.1.<column>.<output>: 1 ID, 2 Name, 3 State (0/1),
  4 StateString ("on"/"off"), 5 Action (read-write 0..5; reads answer idle(5)), and on
  metered outputs only 25 Load W, 26 Energy Wh, 27 EnergyStart (DateAndTime), 28 Current mA,
  29 PowerFactor x1000. Columns answer at `.<output>` and, as NETIO's application notes
  write them, at `.<output>.0`; walks return the `.<output>` form.
- netioGlobalMeasure scalars .1.3.6.1.4.1.47952.1.2.<n>.0 (metered devices only): 1 voltage mV,
  2 frequency mHz, 3 total current mA, 4 overall power factor x1000, 5 total load W,
  6 total energy Wh, 7 EnergyStart.
- The MIB-II system group (sysDescr, sysObjectID, sysUpTime, sysContact, sysName, sysLocation,
  sysServices), which every agent answers.

Access: the read community reads, the write community also sets; v3 users read, and set when
their access is "rw". A wrong community gets no answer; an unknown v3 user or a bad key gets
the USM report RFC 3414 prescribes. Credentials are re-read from the device on every datagram,
so changing them at runtime takes effect at once.
"""

import asyncio
from bisect import bisect_right
from collections.abc import Callable
import contextlib
from dataclasses import dataclass
from datetime import datetime
import importlib.util
import logging
import marshal
import os
from pathlib import Path
import socket
import struct
import tempfile
from typing import Any, ClassVar, Final

from pyasn1.type import univ
from pysnmp.carrier.asyncio.dgram import udp
from pysnmp.carrier.asyncio.dispatch import AsyncioDispatcher
from pysnmp.entity import config, engine
from pysnmp.entity.rfc3413 import cmdrsp, context
from pysnmp.proto import rfc1902, rfc1905
from pysnmp.proto.api import v2c
from pysnmp.proto.rfc3412 import MsgAndPduDispatcher
from pysnmp.smi import builder, error as smi_error
from pysnmp.smi.instrum import AbstractMibInstrumController, MibInstrumController

from ..credentials import SnmpCredentials, SnmpV3User
from ..device import GlobalMeasure, OutputMetering, SimulatedDevice
from ..faults import EffectiveFaults

_LOGGER = logging.getLogger(__name__)

PROTOCOL: Final = "snmp"
type Oid = tuple[int, ...]

NETIO_ENTERPRISE: Final[Oid] = (1, 3, 6, 1, 4, 1, 47952)
OUTPUT_ENTRY: Final[Oid] = (*NETIO_ENTERPRISE, 1, 1, 1)
GLOBAL_MEASURE: Final[Oid] = (*NETIO_ENTERPRISE, 1, 2)
SYSTEM: Final[Oid] = (1, 3, 6, 1, 2, 1, 1)

BASIC_COLUMNS: Final = (1, 2, 3, 4, 5)
METERING_COLUMNS: Final = (25, 26, 27, 28, 29)
ACTION_COLUMN: Final = 5
MAX_SNMP_ACTION: Final = 5
IDLE_ACTION: Final = 5
GLOBAL_SCALARS: Final = (1, 2, 3, 4, 5, 6, 7)
SYSTEM_SCALARS: Final = (1, 2, 3, 4, 5, 6, 7)
_INT32_MIN: Final = -(2**31)
_INT32_MAX: Final = 2**31 - 1
_TIMER_RESOLUTION_S: Final = 10.0
_REQUEST_CONTEXT: Final = "rfc3412.receiveMessage:request"
_COMMUNITY_RO: Final = "community-ro"
_COMMUNITY_RW: Final = "community-rw"
_V1_MODELS: Final = frozenset({1, 2})

AUTH_PROTOCOLS: Final[dict[str, Any]] = {
    "none": config.USM_AUTH_NONE,
    "md5": config.USM_AUTH_HMAC96_MD5,
    "sha": config.USM_AUTH_HMAC96_SHA,
    "sha224": config.USM_AUTH_HMAC128_SHA224,
    "sha256": config.USM_AUTH_HMAC192_SHA256,
    "sha384": config.USM_AUTH_HMAC256_SHA384,
    "sha512": config.USM_AUTH_HMAC384_SHA512,
}
PRIV_PROTOCOLS: Final[dict[str, Any]] = {
    "none": config.USM_PRIV_NONE,
    "des": config.USM_PRIV_CBC56_DES,
    "3des": config.USM_PRIV_CBC168_3DES,
    "aes": config.USM_PRIV_CFB128_AES,
    "aes192": config.USM_PRIV_CFB192_AES,
    "aes256": config.USM_PRIV_CFB256_AES,
}


def _int32(value: float) -> Any:
    return rfc1902.Integer32(max(_INT32_MIN, min(_INT32_MAX, round(value))))


def date_and_time(moment: datetime) -> bytes:
    """Encode SNMPv2-TC DateAndTime: 11 octets with the UTC offset, 8 without one."""
    head = struct.pack(
        ">HBBBBBB",
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
        moment.microsecond // 100_000,
    )
    offset = moment.utcoffset()
    if offset is None:
        return head
    minutes = int(offset.total_seconds()) // 60
    sign = b"+" if minutes >= 0 else b"-"
    return head + sign + bytes(divmod(abs(minutes), 60))


def engine_id_for(mac: str) -> bytes:
    """Return an RFC 3411 engine ID: NETIO's enterprise number and the device's MAC."""
    octets = bytes.fromhex(mac.replace(":", "").replace("-", ""))
    return bytes((0x80, 0x00, 0xBB, 0x50, 0x03)) + octets


class _Reading:
    """One request's view of the device: each measurement is taken once."""

    def __init__(self, device: SimulatedDevice) -> None:
        self.device = device
        self._metering: dict[int, OutputMetering | None] = {}
        self._total: GlobalMeasure | None = None
        self._total_read = False

    def metering(self, output_id: int) -> OutputMetering | None:
        if output_id not in self._metering:
            self._metering[output_id] = self.device.output_metering(output_id)
        return self._metering[output_id]

    def total(self) -> GlobalMeasure | None:
        if not self._total_read:
            self._total = self.device.global_measure()
            self._total_read = True
        return self._total


def _cell(reading: _Reading, column: int, output_id: int) -> Any:
    """Return the value of a table cell, or None when the instance does not exist."""
    device = reading.device
    try:
        out = device.output(output_id)
    except ValueError:
        return None
    if column in BASIC_COLUMNS:
        basic: dict[int, Callable[[], Any]] = {
            1: lambda: rfc1902.Integer32(out.id),
            2: lambda: rfc1902.OctetString(out.name.encode()),
            3: lambda: rfc1902.Integer32(int(out.state)),
            4: lambda: rfc1902.OctetString(b"on" if out.state else b"off"),
            5: lambda: rfc1902.Integer32(IDLE_ACTION),
        }
        return basic[column]()
    metering = reading.metering(output_id)
    if metering is None or column not in METERING_COLUMNS:
        return None
    if column == 27:  # noqa: PLR2004 - netioOutputEnergyStart
        return rfc1902.OctetString(date_and_time(device.energy_start))
    numbers = {
        25: metering.load_w,
        26: metering.energy_wh,
        28: metering.current_ma,
        29: metering.power_factor * 1000,
    }
    return _int32(numbers[column])


def _global(reading: _Reading, scalar: int) -> Any:
    """Return a netioGlobalMeasure value, or None on a device without metering."""
    total = reading.total()
    if total is None:
        return None
    if scalar == 7:  # noqa: PLR2004 - netioEnergyStart
        return rfc1902.OctetString(date_and_time(total.energy_start))
    numbers = {
        1: total.voltage_v * 1000,
        2: total.frequency_hz * 1000,
        3: total.total_current_ma,
        4: total.power_factor * 1000,
        5: total.total_load_w,
        6: total.total_energy_wh,
    }
    return _int32(numbers[scalar])


def _system(reading: _Reading, scalar: int) -> Any:
    device = reading.device
    values: dict[int, Callable[[], Any]] = {
        1: lambda: rfc1902.OctetString(
            f"{device.profile.model}, firmware {device.profile.firmware}".encode()
        ),
        2: lambda: rfc1902.ObjectIdentifier(NETIO_ENTERPRISE),
        3: lambda: rfc1902.TimeTicks(min(device.uptime_s * 100, 2**32 - 1)),
        4: lambda: rfc1902.OctetString(b""),
        5: lambda: rfc1902.OctetString(device.name.encode()),
        6: lambda: rfc1902.OctetString(b""),
        7: lambda: rfc1902.Integer32(72),
    }
    return values[scalar]()


def _lookup(reading: _Reading, oid: Oid) -> Any:
    """GET semantics: the value, noSuchInstance for a known object, else noSuchObject."""
    base = len(OUTPUT_ENTRY)
    if oid[:base] == OUTPUT_ENTRY and len(oid) > base:
        if oid[base] not in BASIC_COLUMNS and oid[base] not in METERING_COLUMNS:
            return rfc1905.noSuchObject
        instance = oid[base + 1 :]
        if len(instance) == 2 and instance[1] == 0:  # noqa: PLR2004 - the `.N.0` form
            instance = instance[:1]
        value = _cell(reading, oid[base], instance[0]) if len(instance) == 1 else None
        return rfc1905.noSuchInstance if value is None else value
    for prefix, scalars, reader in (
        (GLOBAL_MEASURE, GLOBAL_SCALARS, _global),
        (SYSTEM, SYSTEM_SCALARS, _system),
    ):
        base = len(prefix)
        if oid[:base] == prefix and len(oid) > base:
            if oid[base] not in scalars:
                return rfc1905.noSuchObject
            value = reader(reading, oid[base]) if oid[base + 1 :] == (0,) else None
            return rfc1905.noSuchInstance if value is None else value
    return rfc1905.noSuchObject


def object_ids(device: SimulatedDevice) -> list[Oid]:
    """List, in walk order, the instances this device answers (canonical forms)."""
    oids: list[Oid] = [(*SYSTEM, scalar, 0) for scalar in SYSTEM_SCALARS]
    for column in BASIC_COLUMNS:
        oids.extend((*OUTPUT_ENTRY, column, out.id) for out in device.outputs)
    metered = sorted(device.profile.metered_outputs)
    for column in METERING_COLUMNS:
        oids.extend((*OUTPUT_ENTRY, column, output_id) for output_id in metered)
    if device.profile.metered:
        oids.extend((*GLOBAL_MEASURE, scalar, 0) for scalar in GLOBAL_SCALARS)
    oids.sort()
    return oids


@dataclass(frozen=True, slots=True)
class _Principal:
    """Who sent the request being answered, and whether they may set."""

    may_write: bool


class NetioMib(AbstractMibInstrumController):  # type: ignore[misc]
    """MIB instrumentation pysnmp's command responders call: values come from the device."""

    def __init__(self, agent: SnmpAgent) -> None:
        """Answer for `agent`'s device."""
        self._agent = agent
        self._layout: tuple[int, frozenset[int]] | None = None
        self._oids: list[Oid] = []

    def _walk_order(self) -> list[Oid]:
        device = self._agent.device
        layout = (len(device.outputs), device.profile.metered_outputs)
        if layout != self._layout:
            self._oids = object_ids(device)
            self._layout = layout
        return self._oids

    def read_variables(self, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        """GET: every requested instance, or its noSuchObject/noSuchInstance exception."""
        reading = _Reading(self._agent.device)
        return [(name, _lookup(reading, tuple(name))) for name, _value in var_binds]

    def read_next_variables(self, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        """GETNEXT (and each GETBULK repetition): the next instance in walk order."""
        reading = _Reading(self._agent.device)
        order = self._walk_order()
        answers: list[Any] = []
        for name, _value in var_binds:
            position = bisect_right(order, tuple(name))
            if position >= len(order):
                answers.append((name, rfc1905.endOfMibView))
                continue
            following = order[position]
            answers.append((rfc1902.ObjectName(following), _lookup(reading, following)))
        return answers

    def write_variables(self, *var_binds: tuple[Any, Any], **_context: Any) -> list[Any]:
        """SET: netioOutputAction only; all var-binds are checked before any output moves."""
        principal = self._agent.principal()
        faults = self._agent.faults()
        device = self._agent.device
        plan: list[tuple[int, int]] = []
        for idx, (name, value) in enumerate(var_binds):
            if not principal.may_write:
                raise smi_error.NoAccessError(name=name, idx=idx)
            output_id = self._action_target(tuple(name))
            if output_id is None or faults.read_only:
                raise smi_error.NotWritableError(name=name, idx=idx)
            if value.getTagSet() != rfc1902.Integer32.tagSet:
                raise smi_error.WrongTypeError(name=name, idx=idx)
            action = int(value)
            if not 0 <= action <= MAX_SNMP_ACTION:
                raise smi_error.WrongValueError(name=name, idx=idx)
            plan.append((output_id, action))
        for output_id, action in plan:
            device.apply_action(output_id, action)
        return [
            (name, rfc1902.Integer32(action))
            for (name, _value), (_output, action) in zip(var_binds, plan, strict=True)
        ]

    def _action_target(self, oid: Oid) -> int | None:
        """Return the output a netioOutputAction instance names (either form), else None."""
        base = len(OUTPUT_ENTRY)
        if oid[: base + 1] != (*OUTPUT_ENTRY, ACTION_COLUMN):
            return None
        instance = oid[base + 1 :]
        if len(instance) == 2 and instance[1] == 0:  # noqa: PLR2004 - the `.N.0` form
            instance = instance[:1]
        if len(instance) != 1 or not 1 <= instance[0] <= len(self._agent.device.outputs):
            return None
        return instance[0]


class _LoggingResponder:
    """Mixin: record each PDU a responder handles in the device's request log."""

    KIND: str = "read"
    OPERATION: str = "get"

    def handle_management_operation(
        self, snmp_engine: Any, state_reference: Any, context_name: Any, pdu: Any
    ) -> None:
        agent: SnmpAgent = self.cbCtx  # type: ignore[attr-defined]
        names = [str(name) for name, _value in _var_binds(pdu)]
        agent.device.log_request(
            PROTOCOL,
            self.KIND,  # type: ignore[arg-type]
            f"{self.OPERATION} {' '.join(names)[:200]}",
        )
        super().handle_management_operation(  # type: ignore[misc]
            snmp_engine, state_reference, context_name, pdu
        )


def _var_binds(pdu: Any) -> list[Any]:
    return list(v2c.apiPDU.get_varbinds(pdu))


class _Get(_LoggingResponder, cmdrsp.GetCommandResponder):  # type: ignore[misc]
    OPERATION = "get"


class _Next(_LoggingResponder, cmdrsp.NextCommandResponder):  # type: ignore[misc]
    OPERATION = "getnext"


class _Bulk(_LoggingResponder, cmdrsp.BulkCommandResponder):  # type: ignore[misc]
    OPERATION = "getbulk"


class _Set(_LoggingResponder, cmdrsp.SetCommandResponder):  # type: ignore[misc]
    KIND = "write"
    OPERATION = "set"


class _AgentTransport(udp.UdpAsyncioTransport):  # type: ignore[misc]
    """UDP endpoint that applies the device's faults before pysnmp sees a datagram."""

    def __init__(self, agent: SnmpAgent) -> None:
        super().__init__()
        self._agent = agent

    def datagram_received(self, datagram: bytes, transport_address: Any) -> None:
        self._agent.receive(self, datagram, transport_address)

    def deliver(self, datagram: bytes, transport_address: Any) -> None:
        """Hand a datagram to pysnmp; hostile input never escapes into the event loop."""
        callback = self._callback_function
        if callback is None:
            return
        try:
            callback(self, transport_address, datagram)
        except Exception:  # pysnmp can raise anything on hostile input: drop the datagram
            _LOGGER.debug("SNMP datagram from %s dropped", transport_address, exc_info=True)

    def send_message(self, outgoing_message: bytes, transport_address: Any) -> None:
        faults = self._agent.faults()
        if faults.malformed:
            outgoing_message = os.urandom(len(outgoing_message))
        elif faults.truncated:
            outgoing_message = outgoing_message[: max(1, len(outgoing_message) // 2)]
        super().send_message(outgoing_message, transport_address)


class _CompiledMibSource(builder.DirMibSource):  # type: ignore[misc]
    """A pysnmp MIB directory whose modules are compiled once per process, not per engine.

    pysnmp compiles the Python source of its ~13 core MIB modules for every `SnmpEngine`
    (about 45 ms each time). With 200 simulated devices that is most of the start-up, so this
    source compiles each module once, writes the bytecode to a private temporary directory and
    points pysnmp there; pysnmp then only unmarshals it.
    """

    _compiled: ClassVar[dict[tuple[str, str], tuple[Any, str]]] = {}
    _directory: ClassVar[tempfile.TemporaryDirectory[str] | None] = None

    def read(self, f: str) -> tuple[Any, str]:
        """Return (code, ".pyc") for module `f`, compiling it on first use."""
        key = (self._srcName, f)
        if key not in self._compiled:
            code, _where = super().read(f)
            directory = _CompiledMibSource._directory
            if directory is None:
                directory = tempfile.TemporaryDirectory(prefix="netio-simulator-mibs-")
                _CompiledMibSource._directory = directory
            target = Path(directory.name) / f"{len(self._compiled)}-{f}.pyc"
            header = importlib.util.MAGIC_NUMBER + bytes(12)  # flags, mtime, size: unused
            target.write_bytes(header + marshal.dumps(code))
            self._compiled[key] = (code, str(target))
        return self._compiled[key][0], ".pyc"

    def full_path(self, f: str = "", sfx: str = "") -> str:
        """Point pysnmp at the bytecode file for modules this source has compiled."""
        compiled = self._compiled.get((self._srcName, f))
        if sfx == ".pyc" and compiled is not None:
            return compiled[1]
        path: str = super().full_path(f, sfx)
        return path


def _new_engine(engine_id: bytes) -> Any:
    """Create a pysnmp engine whose core MIB modules load from process-wide bytecode."""
    mib_builder = builder.MibBuilder()
    mib_builder.set_mib_sources(
        *(
            _CompiledMibSource(source._srcName)  # noqa: SLF001 - the source's directory
            if type(source) is builder.DirMibSource
            else source
            for source in mib_builder.get_mib_sources()
        )
    )
    dispatcher = MsgAndPduDispatcher(MibInstrumController(mib_builder))
    return engine.SnmpEngine(snmpEngineID=univ.OctetString(engine_id), msgAndPduDsp=dispatcher)


_MASTER_KEYS: dict[tuple[object, ...], Any] = {}


def _master_key(kind: str, protocol: Any, auth: Any, passphrase: str) -> Any:
    """Return the engine-independent USM master key (RFC 3414 A.2.1), computed once.

    Turning a passphrase into a key hashes a megabyte; every device with the same user would
    otherwise repeat that. Only the cheap localisation to each engine ID stays per device.
    """
    key = (kind, protocol, auth, passphrase)
    if key not in _MASTER_KEYS:
        secret = univ.OctetString(passphrase.encode())
        if kind == "auth":
            _MASTER_KEYS[key] = config.AUTH_SERVICES[protocol].hash_passphrase(secret)
        else:
            _MASTER_KEYS[key] = config.PRIV_SERVICES[protocol].hash_passphrase(auth, secret)
    return _MASTER_KEYS[key]


def _credentials_key(creds: SnmpCredentials) -> tuple[object, ...]:
    return (
        creds.community_read,
        creds.community_write,
        tuple(
            (u.username, u.auth_protocol, u.auth_key, u.priv_protocol, u.priv_key, u.access)
            for u in creds.v3_users
        ),
    )


class SnmpAgent:
    """NETIO SNMP agent (UDP) for one simulated device."""

    def __init__(self, device: SimulatedDevice) -> None:
        """Serve `device`; call `start()` to listen."""
        self.device = device
        self._engine: Any = None
        self._transport: _AgentTransport | None = None
        self._configured_key: tuple[object, ...] | None = None
        self._communities: list[str] = []
        self._users: dict[str, str] = {}
        self._delayed: set[asyncio.TimerHandle] = set()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Bind the UDP socket (0 = any free port) and answer; return the bound port."""
        if self._engine is not None:
            raise RuntimeError("SNMP agent already started")
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((host, port))
            sock.setblocking(False)  # noqa: FBT003 - the socket API
            snmp_engine = _new_engine(engine_id_for(self.device.mac))
            dispatcher = AsyncioDispatcher()
            dispatcher.set_timer_resolution(_TIMER_RESOLUTION_S)
            snmp_engine.register_transport_dispatcher(dispatcher)
            transport = _AgentTransport(self)
            config.add_transport(
                snmp_engine, udp.DOMAIN_NAME, transport.open_server_mode(sock=sock)
            )
        except BaseException:
            sock.close()
            raise
        self._engine = snmp_engine
        self._transport = transport
        try:
            await transport._lport  # noqa: SLF001 - pysnmp's endpoint creation future
            self._configure()
            snmp_context = context.SnmpContext(snmp_engine)
            snmp_context.unregister_context_name(b"")
            snmp_context.register_context_name(b"", NetioMib(self))
            for responder in (_Get, _Next, _Bulk, _Set):
                responder(snmp_engine, snmp_context, self)
        except BaseException:
            await self.stop()
            raise
        bound: int = sock.getsockname()[1]
        return bound

    async def stop(self) -> None:
        """Close the socket and release pysnmp's dispatcher (and its timer task)."""
        snmp_engine, self._engine = self._engine, None
        self._transport = None
        for handle in self._delayed:
            handle.cancel()
        self._delayed.clear()
        if snmp_engine is None:
            return
        dispatcher = snmp_engine.transport_dispatcher
        timer_task = getattr(dispatcher, "loopingcall", None)
        snmp_engine.close_dispatcher()
        if isinstance(timer_task, asyncio.Task):
            with contextlib.suppress(asyncio.CancelledError):
                await timer_task

    # Request path ------------------------------------------------------------------------

    def faults(self) -> EffectiveFaults:
        """Return the faults that apply to SNMP right now."""
        return self.device.faults.for_protocol(PROTOCOL)

    def receive(self, transport: _AgentTransport, datagram: bytes, address: Any) -> None:
        """Decide what happens to a datagram: dropped, delayed or handed to pysnmp now."""
        faults = self.faults()
        if faults.api_disabled or faults.drop or faults.hang or self.device.is_down:
            return
        self._configure()
        if faults.latency_s > 0:
            loop = asyncio.get_running_loop()
            handle: asyncio.TimerHandle

            def later() -> None:
                self._delayed.discard(handle)
                if self._engine is not None:
                    transport.deliver(datagram, address)

            handle = loop.call_later(faults.latency_s, later)
            self._delayed.add(handle)
            return
        transport.deliver(datagram, address)

    def principal(self) -> _Principal:
        """Identify the sender of the request being processed (pysnmp's execution context)."""
        request = self._engine.observer.get_execution_context(_REQUEST_CONTEXT)
        name = str(request["securityName"])
        if int(request["securityModel"]) in _V1_MODELS:
            return _Principal(may_write=name == _COMMUNITY_RW)
        return _Principal(may_write=self._users.get(name) == "rw")

    # Accounts ----------------------------------------------------------------------------

    def _configure(self) -> None:
        """Bring pysnmp's community and user tables in line with the device's credentials.

        A community or user pysnmp rejects (e.g. an empty user name) is left out with a
        warning; it never stops the agent.
        """
        creds = self.device.credentials.snmp
        key = _credentials_key(creds)
        if key == self._configured_key:
            return
        snmp_engine = self._engine
        for index in self._communities:
            _attempt(f"removing community {index}", config.delete_v1_system, snmp_engine, index)
        for username in self._users:
            _attempt(f"removing user {username!r}", config.delete_v3_user, snmp_engine, username)
        self._communities, self._users = [], {}
        communities = [(_COMMUNITY_RW, creds.community_write)]
        if creds.community_read != creds.community_write:
            communities.append((_COMMUNITY_RO, creds.community_read))
        for index, name in communities:
            if name and _attempt(
                f"community {index}", config.add_v1_system, snmp_engine, index, name
            ):
                self._communities.append(index)
        for user in creds.v3_users:
            auth = AUTH_PROTOCOLS.get(user.auth_protocol.lower())
            priv = PRIV_PROTOCOLS.get(user.priv_protocol.lower())
            if auth is None or priv is None or user.username in self._users:
                _LOGGER.warning("SNMPv3 user %r skipped: unsupported settings", user.username)
                continue
            if _attempt(f"SNMPv3 user {user.username!r}", _add_user, snmp_engine, user, auth, priv):
                self._users[user.username] = user.access
        self._configured_key = key


def _attempt(what: str, step: Callable[..., object], *args: object) -> bool:
    """Run one pysnmp configuration step; False (and a warning) when pysnmp rejects it."""
    try:
        step(*args)
    except Exception:  # pysnmp and pyasn1 validate with exception types of their own
        _LOGGER.warning("SNMP agent: %s failed", what, exc_info=True)
        return False
    return True


def _add_user(snmp_engine: Any, user: SnmpV3User, auth: Any, priv: Any) -> None:
    auth_key = priv_key = None
    if user.auth_key and auth != config.USM_AUTH_NONE:
        auth_key = _master_key("auth", auth, None, user.auth_key)
    if user.priv_key and priv != config.USM_PRIV_NONE:
        priv_key = _master_key("priv", priv, auth, user.priv_key)
    config.add_v3_user(
        snmp_engine,
        user.username,
        auth,
        auth_key,
        priv,
        priv_key,
        authKeyType=config.USM_KEY_TYPE_MASTER,
        privKeyType=config.USM_KEY_TYPE_MASTER,
    )
