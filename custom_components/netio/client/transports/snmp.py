"""SNMP: NETIO-PRODUCTS-NETIO-MIB (protocol notes §5) over pysnmp's asyncio API.

The first read walks the `netioOutputID` column once to learn the outputs and the instance form
the agent uses (`.N`, or `.N.0` as NETIO's application notes write it). Every poll after that is
ONE GET carrying the global scalars and each output's columns; objects the agent does not have
(an unmetered device, an unmetered output) are dropped from later polls after their first
noSuchObject/noSuchInstance. Writes are one SET of `netioOutputAction` for all the outputs.

SNMPv1 and v2c messages are written and read directly (`snmp_message`) over one connected UDP
socket: no SNMP engine, no MIB lookups, so a poll costs a fraction of what pysnmp's engine did,
and an agent that is not there (port unreachable) fails at once instead of after the timeout.
SNMPv3 uses pysnmp's engine, built with every MIB module it reads in a worker thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from enum import IntEnum
import secrets
import socket
from typing import Any, ClassVar, Literal

import aiohttp
from pyasn1.type import univ
from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch.asyncio import (
    CommunityData,
    ContextData,
    Integer,
    ObjectIdentity,
    ObjectType,
    SnmpEngine,
    Udp6TransportTarget,
    UdpTransportTarget,
    UsmUserData,
    bulk_cmd,
    get_cmd,
    next_cmd,
    set_cmd,
    usm3DESEDEPrivProtocol,
    usmAesCfb128Protocol,
    usmAesCfb192Protocol,
    usmAesCfb256Protocol,
    usmDESPrivProtocol,
    usmHMAC128SHA224AuthProtocol,
    usmHMAC192SHA256AuthProtocol,
    usmHMAC256SHA384AuthProtocol,
    usmHMAC384SHA512AuthProtocol,
    usmHMACMD5AuthProtocol,
    usmHMACSHAAuthProtocol,
    usmNoAuthProtocol,
    usmNoPrivProtocol,
)
from pysnmp.proto import errind

from ..errors import (
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
)
from ..models import (
    Capabilities,
    ConnectionConfig,
    DeviceState,
    GlobalMeasure,
    OutputAction,
    OutputCommand,
    OutputState,
    Protocol,
    SnmpVersion,
    SystemInfo,
)
from .base import Transport
from .snmp_message import (
    Oid,
    PduType,
    Response,
    SnmpDecodeError,
    SnmpValue,
    decode_response,
    encode_request,
)

NETIO_MIB: Oid = (1, 3, 6, 1, 4, 1, 47952, 1)
OUTPUT_ENTRY: Oid = (*NETIO_MIB, 1, 1)
"""netioOutputEntry; column C of output N is OUTPUT_ENTRY + (C, N) (or (C, N, 0))."""
GLOBAL_MEASURE: Oid = (*NETIO_MIB, 2)
SYSTEM: Oid = (1, 3, 6, 1, 2, 1, 1)


class Group(IntEnum):
    """Where a polled object lives."""

    OUTPUT = 1
    GLOBAL = 2
    SYSTEM = 3


class Column(IntEnum):
    """netioOutputEntry columns."""

    ID = 1
    NAME = 2
    STATE = 3
    ACTION = 5
    LOAD = 25
    """W."""
    ENERGY = 26
    """Wh."""
    CURRENT = 28
    """mA."""
    POWER_FACTOR = 29
    """x 1000."""


class Scalar(IntEnum):
    """netioGlobalMeasure scalars."""

    VOLTAGE = 1
    """mV."""
    FREQUENCY = 2
    """mHz."""
    TOTAL_CURRENT = 3
    """mA."""
    POWER_FACTOR = 4
    """x 1000."""
    TOTAL_LOAD = 5
    """W."""
    TOTAL_ENERGY = 6
    """Wh."""
    ENERGY_START = 7
    """DateAndTime."""


class SystemObject(IntEnum):
    """SNMPv2-MIB system group objects worth a varbind."""

    UPTIME = 3
    """sysUpTime, hundredths of a second."""
    NAME = 5
    """sysName."""


type Key = tuple[Group, int, int]
"""(group, column or scalar number, output id or 0): what a varbind means, whatever its OID."""

POLLED_COLUMNS = (
    Column.NAME,
    Column.STATE,
    Column.LOAD,
    Column.ENERGY,
    Column.CURRENT,
    Column.POWER_FACTOR,
)
METERING_COLUMNS = frozenset({Column.LOAD, Column.ENERGY, Column.CURRENT, Column.POWER_FACTOR})
MAX_OUTPUTS = 64
WALK_REPETITIONS = 16
DEFAULT_MAX_VARBINDS = 64
MIN_V3_KEY_LENGTH = 8

_AUTH_PROTOCOLS: dict[str, Any] = {
    "md5": usmHMACMD5AuthProtocol,
    "sha": usmHMACSHAAuthProtocol,
    "sha1": usmHMACSHAAuthProtocol,
    "sha224": usmHMAC128SHA224AuthProtocol,
    "sha256": usmHMAC192SHA256AuthProtocol,
    "sha384": usmHMAC256SHA384AuthProtocol,
    "sha512": usmHMAC384SHA512AuthProtocol,
}
_PRIV_PROTOCOLS: dict[str, Any] = {
    "des": usmDESPrivProtocol,
    "3des": usm3DESEDEPrivProtocol,
    "aes": usmAesCfb128Protocol,
    "aes128": usmAesCfb128Protocol,
    "aes192": usmAesCfb192Protocol,
    "aes256": usmAesCfb256Protocol,
}
_AUTH_INDICATIONS: tuple[type[Exception], ...] = (
    errind.UnknownUserName,
    errind.WrongDigest,
    errind.DecryptionError,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel,
    errind.NotInTimeWindow,
)


class Status(IntEnum):
    """SNMP PDU error-status values the transport acts on."""

    NO_ERROR = 0
    TOO_BIG = 1
    NO_SUCH_NAME = 2
    READ_ONLY = 4
    NO_ACCESS = 6
    AUTHORIZATION_ERROR = 16
    NOT_WRITABLE = 17


_REFUSED_WRITE = frozenset(
    {
        Status.READ_ONLY,
        Status.NO_ACCESS,
        Status.AUTHORIZATION_ERROR,
        Status.NOT_WRITABLE,
    }
)


def plain_value(value: object) -> SnmpValue:
    """Turn a pysnmp value into int, bytes, or None (noSuch*, endOfMibView, Null).

    Values of the direct v1/v2c path are plain already and pass through.
    """
    if value is None or isinstance(value, (int, bytes)):
        return value
    if isinstance(value, univ.Null):
        return None
    if isinstance(value, univ.OctetString):
        return bytes(value.asOctets())
    if isinstance(value, univ.Integer):
        return int(value)
    return None


def decode_date_and_time(octets: SnmpValue) -> datetime | None:
    """SNMPv2-TC DateAndTime (8 or 11 octets); no time zone means UTC; None if not a time."""
    if not isinstance(octets, bytes) or len(octets) not in {8, 11}:
        return None
    year = int.from_bytes(octets[0:2])
    month, day, hour, minute, second, decisecond = octets[2:8]
    zone = UTC
    if len(octets) == 11:  # noqa: PLR2004  # with the UTC offset
        sign = {ord("+"): 1, ord("-"): -1}.get(octets[8])
        if sign is None or octets[9] > 13 or octets[10] > 59:  # noqa: PLR2004
            return None
        zone = timezone(sign * timedelta(hours=octets[9], minutes=octets[10]))
    if year == 0 or decisecond > 9:  # noqa: PLR2004
        return None
    try:
        return datetime(
            year, month, day, hour, minute, min(second, 59), decisecond * 100_000, tzinfo=zone
        )
    except ValueError:
        return None


def _number(value: SnmpValue, divisor: float = 1) -> float | None:
    return value / divisor if isinstance(value, int) else None


def _text(value: SnmpValue) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return None


def _state(value: SnmpValue, output_id: int) -> bool | None:
    if value is None:
        return None
    if value not in {0, 1}:
        raise NetioProtocolError(f"netioOutputState of output {output_id} is {value!r}")
    return value == 1


def decode_state(
    output_ids: Iterable[int],
    values: Mapping[Key, SnmpValue],
    *,
    fetched_at: datetime | None = None,
) -> DeviceState:
    """Build the device state from one GET's values (absent keys are unknown)."""
    ids = sorted(set(output_ids))
    outputs: dict[int, OutputState] = {}
    for output_id in ids:

        def column(number: Column, output_id: int = output_id) -> SnmpValue:
            return values.get((Group.OUTPUT, number, output_id))

        outputs[output_id] = OutputState(
            id=output_id,
            name=_text(column(Column.NAME)),
            state=_state(column(Column.STATE), output_id),
            current_a=_number(column(Column.CURRENT), 1000),
            power_w=_number(column(Column.LOAD)),
            energy_wh=_number(column(Column.ENERGY)),
            power_factor=_number(column(Column.POWER_FACTOR), 1000),
        )

    def scalar(number: Scalar) -> SnmpValue:
        return values.get((Group.GLOBAL, number, 0))

    measure = GlobalMeasure(
        voltage_v=_number(scalar(Scalar.VOLTAGE), 1000),
        frequency_hz=_number(scalar(Scalar.FREQUENCY), 1000),
        total_current_a=_number(scalar(Scalar.TOTAL_CURRENT), 1000),
        total_power_w=_number(scalar(Scalar.TOTAL_LOAD)),
        total_energy_wh=_number(scalar(Scalar.TOTAL_ENERGY)),
        power_factor=_number(scalar(Scalar.POWER_FACTOR), 1000),
        energy_start=decode_date_and_time(scalar(Scalar.ENERGY_START)),
    )
    uptime = values.get((Group.SYSTEM, SystemObject.UPTIME, 0))
    return DeviceState(
        info=SystemInfo(
            name=_text(values.get((Group.SYSTEM, SystemObject.NAME, 0))) or None,
            uptime_s=uptime // 100 if isinstance(uptime, int) and uptime >= 0 else None,
            num_outputs=len(ids),
        ),
        outputs=outputs,
        measure=None if measure == GlobalMeasure() else measure,
        protocol=Protocol.SNMP,
        fetched_at=fetched_at,
    )


def output_id_from_walk(column: Oid, oid: Oid) -> tuple[int, Oid] | None:
    """Output id and instance suffix of a walked netioOutputID varbind; None past the column."""
    if oid[: len(column)] != column:
        return None
    suffix = oid[len(column) :]
    if len(suffix) not in {1, 2} or (len(suffix) == 2 and suffix[1] != 0):  # noqa: PLR2004
        raise NetioProtocolError(f"Unexpected netioOutputTable instance {'.'.join(map(str, oid))}")
    if not 1 <= suffix[0] <= MAX_OUTPUTS:
        raise NetioProtocolError(f"The SNMP agent lists output {suffix[0]}")
    return suffix[0], suffix


def check_command(command: OutputCommand) -> None:
    """Refuse what SNMP cannot carry before any I/O."""
    if command.action not in OutputAction or command.action is OutputAction.IGNORE:
        raise NetioUnsupportedError(
            f"SNMP takes actions 0-5, not {command.action!r} (output {command.output_id})"
        )
    if command.duration_ms is not None:
        raise NetioUnsupportedError(
            "SNMP cannot give a short ON/OFF its own duration; the output's configured time applies"
        )
    if not 1 <= command.output_id <= MAX_OUTPUTS:
        raise NetioUnsupportedError(f"The device has no output {command.output_id}")


class _StatusError(Exception):
    """The agent answered with a non-zero error-status."""

    def __init__(self, status: int, index: int) -> None:
        super().__init__(status, index)
        self.status = status
        self.index = index


@dataclass(slots=True)
class _Forms:
    """Instance suffixes the agent uses, learnt (and corrected) as it answers."""

    table_zero: bool = False
    """Table instances are `.N.0` instead of `.N`."""
    table_switched: bool = False
    scalar_zero: bool = True
    """Scalars are `.0` (SNMP convention) instead of bare."""
    scalar_switched: bool = False


class _Datagrams(asyncio.DatagramProtocol):
    """The v1/v2c socket: each answer goes to the request with its request-id.

    Datagrams that are not a response of our version, or answer no waiting request, are
    dropped (a late answer to a request that timed out, a stray or malformed datagram).
    """

    def __init__(self, version: int) -> None:
        self.version = version
        self.transport: asyncio.DatagramTransport | None = None
        self.waiting: dict[int, asyncio.Future[Response]] = {}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)  # noqa: S101 - asyncio's contract
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        try:
            response = decode_response(data, self.version)
        except SnmpDecodeError:
            return
        future = self.waiting.get(response.request_id)
        if future is not None and not future.done():
            future.set_result(response)

    def error_received(self, exc: Exception) -> None:
        """An ICMP error on the connected socket (no agent on that port): fail every request."""
        self._fail(exc)

    def connection_lost(self, exc: Exception | None) -> None:
        self._fail(exc or ConnectionResetError("SNMP socket closed"))

    def _fail(self, exc: Exception) -> None:
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(exc)


class SnmpTransport(Transport):
    """Reads and switches a NETIO device over SNMP v1, v2c or v3 with one engine."""

    protocol: ClassVar[Protocol] = Protocol.SNMP

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Keep the settings; the engine starts on the first request."""
        super().__init__(config, session)
        self._engine: Any = None
        self._targets: dict[bool, Any] = {}
        self._datagrams: _Datagrams | None = None
        self._request_id = secrets.randbelow(_REQUEST_IDS)
        self._outputs: list[int] | None = None
        self._forms = _Forms()
        self._missing: set[Key] = set()
        self._max_varbinds = DEFAULT_MAX_VARBINDS
        self._metered = False
        self._lock = asyncio.Lock()

    @property
    def capabilities(self) -> Capabilities:
        """One SET switches several outputs; no inputs and no per-request pulse time."""
        return Capabilities(
            metering=self._metered,
            inputs=False,
            duration_override=False,
            multi_output_write=True,
        )

    @property
    def output_ids(self) -> list[int] | None:
        """The outputs the agent listed, once the first read walked them."""
        return None if self._outputs is None else list(self._outputs)

    async def read_state(self) -> DeviceState:
        """One GET of everything (after a one-time walk of the output table)."""
        async with self._lock:
            outputs = await self._learn_outputs()
            values = await self._poll(outputs)
            state = decode_state(outputs, values, fetched_at=datetime.now(UTC))
            self._metered = state.measure is not None or any(
                output.metered for output in state.outputs.values()
            )
            return state

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """SET netioOutputAction for every command; one SET per run of distinct outputs."""
        for command in commands:
            check_command(command)
        async with self._lock:
            outputs = await self._learn_outputs()
            for command in commands:
                if command.output_id not in outputs:
                    raise NetioUnsupportedError(f"The device has no output {command.output_id}")
            batch: dict[int, OutputCommand] = {}
            for command in commands:
                if command.output_id in batch:
                    await self._set(list(batch.values()))
                    batch = {}
                batch[command.output_id] = command
            if batch:
                await self._set(list(batch.values()))
        return None

    async def close(self) -> None:
        """Close the v1/v2c socket, or the engine's socket and its timer task."""
        datagrams, self._datagrams = self._datagrams, None
        if datagrams is not None and datagrams.transport is not None:
            datagrams.transport.close()
        engine, self._engine = self._engine, None
        self._targets = {}
        if engine is None:
            return
        dispatcher = engine.transport_dispatcher
        timer = getattr(dispatcher, "loopingcall", None)
        with suppress(PySnmpError):  # already closed
            engine.close_dispatcher()
        if isinstance(timer, asyncio.Future) and not timer.done():
            await asyncio.wait([timer])

    # -- discovery and polling ------------------------------------------------------------

    async def _learn_outputs(self) -> list[int]:
        """Walk netioOutputID once: the output ids and the agent's instance form."""
        if self._outputs is not None:
            return self._outputs
        column = (*OUTPUT_ENTRY, Column.ID)
        found: dict[int, Oid] = {}
        cursor = column
        for _ in range(MAX_OUTPUTS + 1):
            rows = await self._walk_step(cursor)
            if not rows:
                break
            ended = False
            for oid, _value in rows:
                entry = output_id_from_walk(column, oid)
                if entry is None:
                    ended = True
                    break
                if oid <= cursor:
                    raise NetioProtocolError("The SNMP agent's walk does not advance")
                found[entry[0]] = entry[1]
                cursor = oid
            if ended:
                break
        if not found:
            raise NetioProtocolError(
                "The SNMP agent lists no outputs (netioOutputTable is empty or missing)"
            )
        self._forms.table_zero = all(len(suffix) == 2 for suffix in found.values())  # noqa: PLR2004
        self._outputs = sorted(found)
        return self._outputs

    async def _walk_step(self, cursor: Oid) -> list[tuple[Oid, SnmpValue]]:
        """The varbinds after `cursor`: GETBULK on v2c/v3, GETNEXT on v1; [] at the end."""
        try:
            if self._config.snmp.version is SnmpVersion.V1:
                rows = await self._request("next", [(cursor, None)])
            else:
                rows = await self._request("bulk", [(cursor, None)])
        except _StatusError as err:
            if err.status == Status.NO_SUCH_NAME:  # v1's end of the MIB
                return []
            raise _read_status_error(err) from err
        return [(oid, plain_value(value)) for oid, value in rows if plain_value(value) is not None]

    def _oid(self, key: Key) -> Oid:
        group, number, output_id = key
        if group is Group.OUTPUT:
            suffix = (output_id, 0) if self._forms.table_zero else (output_id,)
            return (*OUTPUT_ENTRY, number, *suffix)
        if group is Group.GLOBAL:
            return (*GLOBAL_MEASURE, number, *((0,) if self._forms.scalar_zero else ()))
        return (*SYSTEM, number, 0)

    def _wanted(self, outputs: Sequence[int]) -> list[Key]:
        keys: list[Key] = [(Group.SYSTEM, number, 0) for number in SystemObject]
        keys += [(Group.GLOBAL, number, 0) for number in Scalar]
        keys += [
            (Group.OUTPUT, number, output_id) for output_id in outputs for number in POLLED_COLUMNS
        ]
        return [key for key in keys if key not in self._missing]

    async def _poll(self, outputs: Sequence[int]) -> dict[Key, SnmpValue]:
        """GET everything; correct a wrong instance form once; forget objects the agent lacks."""
        forms = self._forms
        while True:
            keys = self._wanted(outputs)
            values = await self._get(keys)
            states = [values.get((Group.OUTPUT, Column.STATE, output)) for output in outputs]
            scalars = [key for key in keys if key[0] is Group.GLOBAL]
            retry = False
            if all(state is None for state in states):
                if forms.table_switched:
                    raise NetioProtocolError("The SNMP agent does not report the output states")
                forms.table_zero = not forms.table_zero
                forms.table_switched = retry = True
            if scalars and all(values.get(key) is None for key in scalars):
                if forms.scalar_switched:
                    self._missing.update(scalars)
                    forms.scalar_zero = True
                else:
                    forms.scalar_zero = not forms.scalar_zero
                    forms.scalar_switched = retry = True
            if not retry:
                break
        self._missing.update(
            key
            for key in keys
            if values.get(key) is None and not (key[0] is Group.OUTPUT and key[1] == Column.STATE)
        )
        return values

    async def _get(self, keys: Sequence[Key]) -> dict[Key, SnmpValue]:
        """GET the keys, in as few requests as the agent's message size allows."""
        values: dict[Key, SnmpValue] = {}
        pending = list(keys)
        while pending:
            chunk = pending[: self._max_varbinds]
            try:
                rows = await self._request("get", [(self._oid(key), None) for key in chunk])
            except _StatusError as err:
                if err.status == Status.TOO_BIG and len(chunk) > 1:
                    self._max_varbinds = max(1, len(chunk) // 2)
                    continue
                if err.status == Status.NO_SUCH_NAME and 1 <= err.index <= len(chunk):
                    # SNMPv1 fails the whole GET for one unknown object: drop it, ask again.
                    values[chunk[err.index - 1]] = None
                    pending.remove(chunk[err.index - 1])
                    continue
                raise _read_status_error(err) from err
            if len(rows) != len(chunk):
                raise NetioProtocolError(
                    f"The SNMP agent answered {len(rows)} of {len(chunk)} objects"
                )
            values.update(zip(chunk, (plain_value(value) for _oid, value in rows), strict=True))
            pending = pending[len(chunk) :]
        return values

    async def _set(self, commands: Sequence[OutputCommand]) -> None:
        varbinds = [
            (self._oid((Group.OUTPUT, Column.ACTION, command.output_id)), int(command.action))
            for command in commands
        ]
        try:
            await self._request("set", varbinds, write=True)
        except _StatusError as err:
            outputs = ", ".join(str(command.output_id) for command in commands)
            if err.status in _REFUSED_WRITE:
                raise NetioReadOnlyError(
                    f"The SNMP agent refused to switch output {outputs}: use the write community "
                    "or a read-write SNMPv3 user (NETIO 4x allow writes over SNMPv3 only)"
                ) from err
            raise NetioProtocolError(
                f"The SNMP agent rejected the action for output {outputs} (error-status "
                f"{err.status})"
            ) from err

    # -- pysnmp plumbing -------------------------------------------------------------------

    async def _request(
        self,
        kind: Literal["get", "set", "next", "bulk"],
        varbinds: Sequence[tuple[Oid, int | None]],
        *,
        write: bool = False,
    ) -> list[tuple[Oid, Any]]:
        """Send one PDU; return (oid, value) pairs or raise a mapped error / _StatusError."""
        if self._config.snmp.version is SnmpVersion.V3:
            return await self._engine_request(kind, varbinds, write=write)
        return await self._community_request(kind, varbinds, write=write)

    async def _community_request(
        self,
        kind: Literal["get", "set", "next", "bulk"],
        varbinds: Sequence[tuple[Oid, int | None]],
        *,
        write: bool,
    ) -> list[tuple[Oid, Any]]:
        """v1/v2c: one message, answered or not within the timeout (reads are sent twice)."""
        snmp = self._config.snmp
        datagrams = await self._open_datagrams()
        transport = datagrams.transport
        if transport is None:  # pragma: no cover - set by connection_made before it returns
            raise NetioConnectionError("The SNMP socket is not open")
        self._request_id = request_id = (self._request_id + 1) % _REQUEST_IDS
        message = encode_request(
            datagrams.version,
            (snmp.community_write if write else snmp.community_read).encode(),
            _PDU_TYPES[kind],
            request_id,
            varbinds,
            max_repetitions=WALK_REPETITIONS,
        )
        # UDP may lose a datagram: reads get one retry; a write is never repeated.
        attempts = 1 if write else 2
        future: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        datagrams.waiting[request_id] = future
        try:
            for _ in range(attempts):
                transport.sendto(message)
                done, _pending = await asyncio.wait(
                    {future}, timeout=self._config.timeout / attempts
                )
                if done:
                    break
            else:
                raise self._timeout_error(write=write)
            response = future.result()
        except OSError as err:
            raise NetioConnectionError(
                f"No SNMP agent at {self._config.host}:{snmp.port} ({err.strerror or err}); "
                "check that SNMP is enabled in the device's web interface and the port"
            ) from err
        finally:
            datagrams.waiting.pop(request_id, None)
            if not future.done():
                future.cancel()
        if response.error_status:
            raise _StatusError(response.error_status, response.error_index)
        return response.varbinds

    async def _open_datagrams(self) -> _Datagrams:
        if self._datagrams is None:
            config = self._config
            version = 0 if config.snmp.version is SnmpVersion.V1 else 1
            family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
            try:
                _transport, datagrams = await asyncio.get_running_loop().create_datagram_endpoint(
                    lambda: _Datagrams(version),
                    remote_addr=(config.host, config.snmp.port),
                    family=family,
                )
            except OSError as err:
                raise NetioConnectionError(
                    f"Cannot reach {config.host} for SNMP: {err.strerror or err}"
                ) from err
            self._datagrams = datagrams
        return self._datagrams

    async def _engine_request(
        self,
        kind: Literal["get", "set", "next", "bulk"],
        varbinds: Sequence[tuple[Oid, int | None]],
        *,
        write: bool,
    ) -> list[tuple[Oid, Any]]:
        """v3 through pysnmp's engine."""
        engine = await self._ready_engine()
        target = await self._target(write=write)
        auth = self._auth(write=write)
        objects = [
            ObjectType(ObjectIdentity(oid))
            if value is None
            else ObjectType(ObjectIdentity(oid), Integer(value))
            for oid, value in varbinds
        ]
        context = ContextData()
        try:
            async with asyncio.timeout(self._config.timeout + 1):
                if kind == "get":
                    result = await get_cmd(engine, auth, target, context, *objects, lookupMib=False)
                elif kind == "set":
                    result = await set_cmd(engine, auth, target, context, *objects, lookupMib=False)
                elif kind == "next":
                    result = await next_cmd(
                        engine, auth, target, context, *objects, lookupMib=False
                    )
                else:
                    result = await bulk_cmd(
                        engine,
                        auth,
                        target,
                        context,
                        0,
                        WALK_REPETITIONS,
                        *objects,
                        lookupMib=False,
                    )
        except TimeoutError as err:
            raise self._timeout_error(write=write) from err
        except PySnmpError as err:
            raise NetioProtocolError(f"SNMP request failed: {err}") from err
        error_indication, error_status, error_index, rows = result
        if error_indication:
            raise self._indication_error(error_indication, write=write)
        if int(error_status):
            raise _StatusError(int(error_status), int(error_index))
        try:
            return [(tuple(int(part) for part in row[0]), row[1]) for row in rows]
        except (TypeError, ValueError, IndexError) as err:
            raise NetioProtocolError("The SNMP agent sent a malformed varbind") from err

    async def _ready_engine(self) -> Any:
        if self._engine is None:
            # Building an engine, and pysnmp's first request, load MIB modules from disk: do all
            # of that in a worker thread, so the event loop never waits on the file system.
            loop = asyncio.get_running_loop()
            self._engine = await loop.run_in_executor(None, _engine_with_mibs)
        return self._engine

    async def _target(self, *, write: bool) -> Any:
        if write not in self._targets:
            config = self._config
            # UDP may lose a datagram: reads get one retry; a write is never repeated.
            retries = 0 if write else 1
            timeout = config.timeout / (retries + 1)
            target_class = UdpTransportTarget if ":" not in config.host else Udp6TransportTarget
            try:
                self._targets[write] = await target_class.create(
                    (config.host, config.snmp.port), timeout=timeout, retries=retries
                )
            except PySnmpError as err:
                raise NetioConnectionError(f"Cannot resolve {config.host} for SNMP: {err}") from err
        return self._targets[write]

    def _auth(self, *, write: bool) -> Any:
        snmp = self._config.snmp
        if snmp.version is not SnmpVersion.V3:
            community = snmp.community_write if write else snmp.community_read
            return CommunityData(community, mpModel=0 if snmp.version is SnmpVersion.V1 else 1)
        if not snmp.username:
            raise NetioAuthenticationError("SNMPv3 needs a user name")
        auth_protocol = usmNoAuthProtocol
        priv_protocol = usmNoPrivProtocol
        if snmp.auth_protocol:
            auth_protocol = _AUTH_PROTOCOLS.get(snmp.auth_protocol.lower())
            if auth_protocol is None:
                raise NetioUnsupportedError(f"Unknown SNMPv3 auth protocol {snmp.auth_protocol}")
        if snmp.priv_protocol:
            priv_protocol = _PRIV_PROTOCOLS.get(snmp.priv_protocol.lower())
            if priv_protocol is None:
                raise NetioUnsupportedError(f"Unknown SNMPv3 privacy protocol {snmp.priv_protocol}")
        if (snmp.auth_protocol and not snmp.auth_key) or (
            snmp.priv_protocol and not (snmp.priv_key and snmp.auth_protocol)
        ):
            raise NetioAuthenticationError(
                "SNMPv3 needs an auth key with an auth protocol, and authentication with privacy"
            )
        keys = [
            key
            for protocol, key in (
                (snmp.auth_protocol, snmp.auth_key),
                (snmp.priv_protocol, snmp.priv_key),
            )
            if protocol and key is not None
        ]
        if any(len(key) < MIN_V3_KEY_LENGTH for key in keys):
            raise NetioAuthenticationError(
                f"SNMPv3 keys have at least {MIN_V3_KEY_LENGTH} characters (RFC 3414)"
            )
        try:
            return UsmUserData(
                snmp.username,
                authKey=snmp.auth_key if snmp.auth_protocol else None,
                privKey=snmp.priv_key if snmp.priv_protocol else None,
                authProtocol=auth_protocol,
                privProtocol=priv_protocol,
            )
        except PySnmpError as err:
            raise NetioAuthenticationError(f"Unusable SNMPv3 credentials: {err}") from err

    def _timeout_error(self, *, write: bool) -> NetioTimeoutError:
        config = self._config
        if config.snmp.version is SnmpVersion.V3:
            hint = "the SNMPv3 user and keys"
        else:
            hint = f"the {'write' if write else 'read'} community"
        return NetioTimeoutError(
            f"No SNMP answer from {config.host}:{config.snmp.port} within {config.timeout:g} s; "
            f"check that SNMP is enabled in the device's web interface and {hint}"
        )

    def _indication_error(self, indication: object, *, write: bool) -> NetioError:
        if isinstance(indication, errind.RequestTimedOut):
            return self._timeout_error(write=write)
        if isinstance(indication, _AUTH_INDICATIONS):
            return NetioAuthenticationError(
                f"The SNMP agent rejected the SNMPv3 credentials ({indication}); check the "
                "user name, protocols and keys"
            )
        return NetioProtocolError(f"SNMP request failed: {indication}")


def _read_status_error(err: _StatusError) -> NetioError:
    if err.status in {Status.AUTHORIZATION_ERROR, Status.NO_ACCESS}:
        return NetioAuthenticationError(
            "The SNMP agent does not let this community or user read the NETIO objects"
        )
    return NetioProtocolError(f"The SNMP agent answered error-status {err.status}")


_REQUEST_IDS = 2**31
_PDU_TYPES: dict[str, PduType] = {
    "get": PduType.GET,
    "set": PduType.SET,
    "next": PduType.GET_NEXT,
    "bulk": PduType.GET_BULK,
}

# The MIB modules pysnmp loads on the first request of an engine (targets, communities, USM),
# with the instance modules (`__` prefix) its USM and its statistics read when a user is added.
_REQUEST_MIBS = (
    "__PYSNMP-USM-MIB",
    "__SNMP-USER-BASED-SM-MIB",
    "__SNMPv2-MIB",
    "PYSNMP-SOURCE-MIB",
    "PYSNMP-USM-MIB",
    "SNMP-COMMUNITY-MIB",
    "SNMP-MPD-MIB",
    "SNMP-TARGET-MIB",
    "SNMP-USER-BASED-SM-MIB",
    "SNMP-VIEW-BASED-ACM-MIB",
    "SNMPv2-TM",
)


def _engine_with_mibs() -> Any:
    """A new SNMP engine with every MIB module its requests need already loaded."""
    engine = SnmpEngine()
    engine.get_mib_builder().load_modules(*_REQUEST_MIBS)
    return engine
