"""Modbus/TCP: NETIO's register map (protocol notes §4) in as few requests as it allows.

All addresses are wire (0-based) addresses. Holding 0..2 hold the input, output and metered
output counts; they are read once and cached. A poll then reads the wanted blocks of each table,
bridging the undocumented gaps between blocks in one request while the device tolerates that
(4 requests instead of 8 for a metered 4-output device), and falling back to exact blocks for
good when it answers with an exception.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from functools import lru_cache
from typing import ClassVar

import aiohttp

from ..document import plain_output
from ..errors import (
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
    InputState,
    OutputAction,
    OutputCommand,
    OutputState,
    Protocol,
    SystemInfo,
)
from .base import Transport
from .modbus_link import (
    ExceptionAnswerError,
    ExceptionCode as ExcCodes,
    FrameError,
    LinkClosedError,
    ModbusLink,
)

COUNTS = 0
"""Holding 0, 1, 2: number of digital inputs, outputs, metered outputs."""
OUTPUT_STATE = 100
"""Holding 100+N: output N state on read, action 0..5 on write."""
OUTPUT_DELAY = 200
"""Holding 200+N: output N short ON/OFF time in tenths of a second."""
FREQUENCY = 0
"""Input 0: grid frequency, Hz x 100 (then 1: voltage V x 10, 2: power factor x 1000)."""
VOLTAGE = 1
POWER_FACTOR = 2
CURRENT = 100
"""Input 100: all outputs' current in mA; 100+N: output N."""
POWER = 200
"""Input 200: all outputs' power in W; 200+N: output N."""
ENERGY = 300
"""Input 300/301: all outputs' energy in Wh (high, low word); 300+2N/301+2N: output N."""
OUTPUT_POWER_FACTOR = 400
"""Input 400: all outputs' true power factor x 1000; 400+N: output N."""
PHASE = 500
"""Input 500: all outputs' phase shift, signed degrees x 100; 500+N: output N."""
DIGITAL_INPUT = 800
"""Discrete input 800+N: digital input N."""

MAX_REGISTERS_PER_READ = 125
MAX_BITS_PER_READ = 2000
MAX_OUTPUTS = 64
MAX_INPUTS = 32
_WORD = 0x10000
_SIGN_BIT = 0x8000
_ACTION_NAMES = {action: action.name for action in OutputAction}
_TRANSIENT_CODES = frozenset(
    {
        ExcCodes.DEVICE_FAILURE,
        ExcCodes.ACKNOWLEDGE,
        ExcCodes.DEVICE_BUSY,
        ExcCodes.GATEWAY_PATH_UNAVAILABLE,
        ExcCodes.GATEWAY_NO_RESPONSE,
    }
)
_ENABLE_HINT = (
    "enable Modbus/TCP in the device's web interface (Settings > M2M API Protocols) "
    "and check the port and the IP filter"
)
_CLOSED_MESSAGE = f"The device closed the Modbus/TCP connection: {_ENABLE_HINT}"


class Table(IntEnum):
    """The Modbus data tables NETIO uses."""

    HOLDING = 3
    INPUT = 4
    DISCRETE = 2


type RegisterImage = Mapping[tuple[Table, int], int]
"""Values read so far, by table and wire address (bits as 0/1)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A run of addresses a poll wants; an optional block may be missing on some models."""

    table: Table
    start: int
    count: int
    optional: bool = True

    @property
    def end(self) -> int:
        """First address after the block."""
        return self.start + self.count


@dataclass(frozen=True, slots=True)
class Span:
    """One read request: one or more blocks of a table, with any gaps between them."""

    table: Table
    start: int
    count: int
    blocks: tuple[Block, ...]

    @property
    def end(self) -> int:
        """First address after the span."""
        return self.start + self.count


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterLayout:
    """The counts a device reports in holding 0..2, which fix every other address."""

    num_inputs: int
    num_outputs: int
    num_metered: int

    @property
    def metered_ids(self) -> range:
        """Metered outputs: the first `num_metered` (the 8QS meters output 1, the 4PZ 1-2)."""
        return range(1, self.num_metered + 1)

    def blocks(self) -> tuple[Block, ...]:
        """Every block one poll of this device reads."""
        outputs, metered = self.num_outputs, self.num_metered
        blocks = [
            Block(Table.HOLDING, OUTPUT_STATE + 1, outputs, optional=False),
            Block(Table.HOLDING, OUTPUT_DELAY + 1, outputs),
        ]
        if self.num_inputs:
            blocks.append(Block(Table.DISCRETE, DIGITAL_INPUT + 1, self.num_inputs))
        if metered:
            blocks += [
                Block(Table.INPUT, FREQUENCY, 3),
                Block(Table.INPUT, CURRENT, metered + 1),
                Block(Table.INPUT, POWER, metered + 1),
                Block(Table.INPUT, ENERGY, 2 * (metered + 1)),
                Block(Table.INPUT, OUTPUT_POWER_FACTOR, metered + 1),
                Block(Table.INPUT, PHASE, metered + 1),
            ]
        return tuple(blocks)


def decode_layout(registers: Sequence[int]) -> RegisterLayout:
    """Check and keep the counts of holding 0..2."""
    if len(registers) < 3:  # noqa: PLR2004  # three count registers
        raise NetioProtocolError("The device sent too few Modbus count registers")
    num_inputs, num_outputs, num_metered = registers[0], registers[1], registers[2]
    if not 1 <= num_outputs <= MAX_OUTPUTS:
        raise NetioProtocolError(f"The device reports {num_outputs} outputs over Modbus/TCP")
    if not 0 <= num_inputs <= MAX_INPUTS:
        raise NetioProtocolError(f"The device reports {num_inputs} inputs over Modbus/TCP")
    if not 0 <= num_metered <= num_outputs:
        raise NetioProtocolError(
            f"The device reports {num_metered} metered of {num_outputs} outputs over Modbus/TCP"
        )
    return RegisterLayout(num_inputs=num_inputs, num_outputs=num_outputs, num_metered=num_metered)


def plan_reads(blocks: Iterable[Block], *, bridge_gaps: bool) -> list[Span]:
    """Group blocks into as few read requests as the size limits (and gap policy) allow."""
    spans: list[Span] = []
    for block in sorted(blocks, key=lambda item: (item.table, item.start)):
        limit = MAX_BITS_PER_READ if block.table is Table.DISCRETE else MAX_REGISTERS_PER_READ
        last = spans[-1] if spans else None
        if (
            last is not None
            and last.table is block.table
            and (bridge_gaps or block.start <= last.end)
            and max(block.end, last.end) - last.start <= limit
        ):
            end = max(block.end, last.end)
            spans[-1] = Span(block.table, last.start, end - last.start, (*last.blocks, block))
        else:
            spans.append(Span(block.table, block.start, block.count, (block,)))
    return spans


def _word(value: int | None, address: int) -> int | None:
    """A register's unsigned 16-bit value (None if it was not read)."""
    if value is None or 0 <= value < _WORD:
        return value
    raise NetioProtocolError(f"Modbus register {address} holds {value}, not a 16-bit value")


def _bit(value: int | None, address: int) -> bool | None:
    """A state read as a bit or a 0/1 register (None if it was not read)."""
    if value is None:
        return None
    if value == 1 or value == 0:  # noqa: PLR1714  # an int compare, no set built per call
        return value == 1
    _word(value, address)
    raise NetioProtocolError(f"Modbus address {address} reads {value}, not 0 or 1")


def _scaled(value: int | None, address: int, divisor: float) -> float | None:
    return None if _word(value, address) is None else value / divisor  # type: ignore[operator]


def _signed(value: int | None, address: int, divisor: float) -> float | None:
    if _word(value, address) is None:
        return None
    assert value is not None  # noqa: S101  # checked by _word
    return (value - _WORD if value & _SIGN_BIT else value) / divisor


def _double(high: int | None, low: int | None, address: int) -> float | None:
    """A 32-bit counter kept as high word, low word."""
    _word(high, address)
    _word(low, address + 1)
    if high is None or low is None:
        return None
    return float(high * _WORD + low)


@lru_cache(maxsize=128, typed=True)
def _input_state(input_id: int, state: bool | None) -> InputState:
    """An input as read; one immutable object while it reads the same (see `plain_output`)."""
    return InputState(id=input_id, state=state)


@lru_cache(maxsize=32)
def _system_info(num_outputs: int, num_inputs: int) -> SystemInfo:
    """All Modbus tells of the device: its counts, the same on every poll."""
    return SystemInfo(num_outputs=num_outputs, num_inputs=num_inputs)


def decode_state(
    layout: RegisterLayout, image: RegisterImage, *, fetched_at: datetime | None = None
) -> DeviceState:
    """Build the device state from the registers one poll read.

    Every value is checked in the order the state lists it, so a bad register is reported the
    same way however the image was read.
    """
    get = image.get
    holding, inputs_table = Table.HOLDING, Table.INPUT
    num_metered = layout.num_metered
    outputs: dict[int, OutputState] = {}
    for output_id in range(1, layout.num_outputs + 1):
        delay = _word(get((holding, OUTPUT_DELAY + output_id)), OUTPUT_DELAY + output_id)
        state = _bit(get((holding, OUTPUT_STATE + output_id)), OUTPUT_STATE + output_id)
        if output_id > num_metered:
            outputs[output_id] = plain_output(
                output_id, None, state, None if delay is None else delay * 100
            )
            continue
        energy = ENERGY + 2 * output_id
        outputs[output_id] = OutputState(
            id=output_id,
            state=state,
            pulse_delay_ms=None if delay is None else delay * 100,
            current_a=_scaled(get((inputs_table, CURRENT + output_id)), CURRENT + output_id, 1000),
            power_w=_scaled(get((inputs_table, POWER + output_id)), POWER + output_id, 1),
            energy_wh=_double(get((inputs_table, energy)), get((inputs_table, energy + 1)), energy),
            power_factor=_scaled(
                get((inputs_table, OUTPUT_POWER_FACTOR + output_id)),
                OUTPUT_POWER_FACTOR + output_id,
                1000,
            ),
            phase_deg=_signed(get((inputs_table, PHASE + output_id)), PHASE + output_id, 100),
        )
    inputs = {
        input_id: _input_state(
            input_id,
            _bit(get((Table.DISCRETE, DIGITAL_INPUT + input_id)), DIGITAL_INPUT + input_id),
        )
        for input_id in range(1, layout.num_inputs + 1)
    }
    measure = None
    if num_metered:
        power_factor = _scaled(get((inputs_table, POWER_FACTOR)), POWER_FACTOR, 1000)
        if power_factor is None:
            power_factor = _scaled(
                get((inputs_table, OUTPUT_POWER_FACTOR)), OUTPUT_POWER_FACTOR, 1000
            )
        total_current = _scaled(get((inputs_table, CURRENT)), CURRENT, 1000)
        measure = GlobalMeasure(
            voltage_v=_scaled(get((inputs_table, VOLTAGE)), VOLTAGE, 10),
            frequency_hz=_scaled(get((inputs_table, FREQUENCY)), FREQUENCY, 100),
            total_current_a=total_current,
            total_power_w=_scaled(get((inputs_table, POWER)), POWER, 1),
            total_energy_wh=_double(
                get((inputs_table, ENERGY)), get((inputs_table, ENERGY + 1)), ENERGY
            ),
            power_factor=power_factor,
            phase_deg=_signed(get((inputs_table, PHASE)), PHASE, 100),
        )
    return DeviceState(
        info=_system_info(layout.num_outputs, layout.num_inputs),
        outputs=outputs,
        inputs=inputs,
        measure=measure,
        protocol=Protocol.MODBUS,
        fetched_at=fetched_at,
    )


def _one_by_one(spans: Iterable[Span]) -> list[Span]:
    """The spans with each block read on its own."""
    return [
        span if len(span.blocks) == 1 else Span(block.table, block.start, block.count, (block,))
        for span in spans
        for block in span.blocks
    ]


def check_command(command: OutputCommand, layout: RegisterLayout | None) -> None:
    """Refuse what Modbus cannot carry before any I/O."""
    if command.action not in OutputAction or command.action is OutputAction.IGNORE:
        raise NetioUnsupportedError(
            f"Modbus/TCP takes actions 0-5, not {command.action!r} (output {command.output_id})"
        )
    if command.duration_ms is not None:
        raise NetioUnsupportedError(
            "Modbus/TCP cannot give a short ON/OFF its own duration; the output's "
            "configured time applies"
        )
    if command.output_id < 1 or (layout is not None and command.output_id > layout.num_outputs):
        raise NetioUnsupportedError(f"The device has no output {command.output_id}")


_ConnectionLostError = LinkClosedError
"""The connection broke during a request (the caller may retry on a fresh one)."""
_ExceptionResponseError = ExceptionAnswerError


def _read_error(code: int, what: str) -> NetioError:
    if code in _TRANSIENT_CODES:
        return NetioConnectionError(
            f"The device reported a temporary failure (Modbus exception {code}) reading "
            f"{what}; try again"
        )
    return NetioProtocolError(
        f"The device refused to read {what} over Modbus/TCP (exception {code})"
    )


def _write_error(code: int, command: OutputCommand) -> NetioError:
    output = command.output_id
    if code == ExcCodes.ILLEGAL_FUNCTION:
        return NetioReadOnlyError(
            f"The device does not allow switching output {output} over Modbus/TCP; "
            "allow control in its Modbus/TCP settings"
        )
    if code == ExcCodes.ILLEGAL_ADDRESS:
        return NetioUnsupportedError(f"The device has no output {output} over Modbus/TCP")
    if code in _TRANSIENT_CODES:
        return NetioConnectionError(
            f"The device reported a temporary failure (Modbus exception {code}) "
            f"switching output {output}; try again"
        )
    return NetioProtocolError(
        f"The device rejected {_ACTION_NAMES[command.action]} for output {output} "
        f"(Modbus exception {code})"
    )


class ModbusTransport(Transport):
    """Reads and switches a NETIO device over Modbus/TCP, on one kept-open connection."""

    protocol: ClassVar[Protocol] = Protocol.MODBUS
    keeps_deadlines = True  # the connect and every request of the link time out on their own

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Keep the settings; the connection opens on the first request."""
        super().__init__(config, session)
        self._client: ModbusLink | None = None
        self._layout: RegisterLayout | None = None
        self._unavailable: set[Block] = set()
        self._bridge_gaps = True
        self._plan: list[Span] | None = None
        """The spans a poll reads, kept until the device refuses one (see `_read_plan`)."""
        self._lock = asyncio.Lock()

    @property
    def layout(self) -> RegisterLayout | None:
        """The device's counts, once the first read has learnt them."""
        return self._layout

    @property
    def capabilities(self) -> Capabilities:
        """Switching one register per output; no per-request pulse time over Modbus."""
        layout = self._layout
        return Capabilities(
            metering=layout is not None and layout.num_metered > 0,
            inputs=layout is not None and layout.num_inputs > 0,
            duration_override=False,
            multi_output_write=False,
        )

    async def read_state(self) -> DeviceState:
        """Read counts (first time only), then every block of the register map."""
        return await self._run(self._read_state, retry_safe=True)

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """Write each action code to its output's holding register, in order.

        Returns None: a write reply carries no state, the caller re-reads.
        """
        for command in commands:
            check_command(command, self._layout)
        if not commands:
            return None
        idempotent = all(
            command.action in {OutputAction.ON, OutputAction.OFF, OutputAction.NO_CHANGE}
            for command in commands
        )

        async def write_all(client: ModbusLink) -> None:
            for command in commands:
                await self._write(client, command)

        await self._run(write_all, retry_safe=idempotent)
        return None

    async def close(self) -> None:
        """Close the connection."""
        self._drop_client()

    async def _run[T](
        self, operation: Callable[[ModbusLink], Awaitable[T]], *, retry_safe: bool
    ) -> T:
        """Run one operation; retry once on a fresh connection if a kept one went stale."""
        async with self._lock:
            client, reused = await self._open()
            try:
                return await operation(client)
            except _ConnectionLostError as err:
                self._drop_client()
                if not (reused and retry_safe):
                    raise NetioConnectionError(_CLOSED_MESSAGE) from err
            client, _ = await self._open()
            try:
                return await operation(client)
            except _ConnectionLostError as err:
                self._drop_client()
                raise NetioConnectionError(_CLOSED_MESSAGE) from err

    async def _open(self) -> tuple[ModbusLink, bool]:
        """Return a connected link and whether its connection was already open."""
        if self._client is not None and not self._client.closed:
            return self._client, True
        self._drop_client()
        config = self._config
        where = f"{config.host}:{config.modbus_port}"
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(config.timeout):
                _transport, link = await loop.create_connection(
                    lambda: ModbusLink(config.timeout), config.host, config.modbus_port
                )
        except TimeoutError as err:
            raise NetioTimeoutError(
                f"No Modbus/TCP answer from {where} within {config.timeout:g} s; "
                f"check the address, or {_ENABLE_HINT}"
            ) from err
        except OSError as err:
            raise NetioConnectionError(
                f"Cannot connect to Modbus/TCP at {where}: {_ENABLE_HINT}"
            ) from err
        self._client = link
        return link, False

    def _drop_client(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            client.close()

    def _link_error(self, err: TimeoutError | FrameError) -> NetioError:
        """Map a request that timed out or got no proper answer; drop its connection."""
        self._drop_client()
        if isinstance(err, TimeoutError):
            return NetioTimeoutError(
                f"The device did not answer the Modbus/TCP request within "
                f"{self._config.timeout:g} s"
            )
        return NetioProtocolError(f"Modbus/TCP request failed: {err}")

    async def _call[T](self, request: Awaitable[T]) -> T:
        """Run one request; map its failures, drop the connection after any.

        The link itself fails a request that waits longer than the configured timeout.
        """
        try:
            return await request
        except (TimeoutError, FrameError) as err:
            raise self._link_error(err) from err

    @staticmethod
    def _exact(values: list[int], start: int, count: int) -> list[int]:
        """The `count` values asked for; fewer is a protocol error (bits come padded)."""
        if len(values) != count:
            if len(values) < count:
                raise NetioProtocolError(
                    f"The device sent {len(values)} of {count} Modbus values from address {start}"
                )
            del values[count:]  # the padding bits of the last byte
        return values

    def _refused(self, block: Block, code: int) -> None:
        """The device refused to read a block: skip an optional one it lacks from now on."""
        if block.optional and code in {ExcCodes.ILLEGAL_ADDRESS, ExcCodes.ILLEGAL_FUNCTION}:
            self._unavailable.add(block)
            self._plan = None
            return
        what = f"{block.table.name.lower()} registers {block.start}..{block.end - 1}"
        raise _read_error(code, what)

    async def _read_block(
        self, client: ModbusLink, block: Block, image: dict[tuple[Table, int], int]
    ) -> None:
        """Read one exact block; an optional one the device lacks is skipped from now on."""
        await self._read_spans(
            client, [Span(block.table, block.start, block.count, (block,))], image
        )

    async def _read_spans(
        self, client: ModbusLink, spans: list[Span], image: dict[tuple[Table, int], int]
    ) -> None:
        """Read spans in order, one request at a time, into `image`.

        A span of several blocks is a bridged read; when the device refuses it, bridging ends
        for good and its blocks (and those of every later span) are read one by one. A refused
        single block is skipped from now on if optional, else an error.
        """
        unit = self._config.modbus_unit
        while spans:
            try:
                answers, refused = await client.read_many(
                    unit, [(span.table, span.start, span.count) for span in spans]
                )
            except (TimeoutError, FrameError) as err:
                raise self._link_error(err) from err
            for span, values in zip(spans, answers, strict=False):
                table, start = span.table, span.start
                for address, value in enumerate(self._exact(values, start, span.count), start):
                    image[table, address] = value
            if refused is None:
                return
            span, spans = spans[len(answers)], spans[len(answers) + 1 :]
            if len(span.blocks) > 1:
                # The device does not answer across the gaps: exact blocks from now on.
                self._bridge_gaps = False
                self._plan = None
                spans = _one_by_one([span, *spans])
            else:
                self._refused(span.blocks[0], refused)

    def _read_plan(self, layout: RegisterLayout) -> list[Span]:
        """The requests of one poll: made once, again only when the device refused a span.

        A span of several blocks stays one request only while gaps are bridged.
        """
        plan = self._plan
        if plan is None:
            wanted = [block for block in layout.blocks() if block not in self._unavailable]
            plan = plan_reads(wanted, bridge_gaps=self._bridge_gaps)
            if not self._bridge_gaps:
                plan = _one_by_one(plan)
            self._plan = plan
        return plan

    async def _read_state(self, client: ModbusLink) -> DeviceState:
        if self._layout is None:
            counts: dict[tuple[Table, int], int] = {}
            await self._read_block(client, Block(Table.HOLDING, COUNTS, 3, optional=False), counts)
            self._layout = decode_layout([counts[Table.HOLDING, i] for i in range(3)])
        layout = self._layout
        image: dict[tuple[Table, int], int] = {}
        await self._read_spans(client, self._read_plan(layout), image)
        return decode_state(layout, image, fetched_at=datetime.now(UTC))

    async def _write(self, client: ModbusLink, command: OutputCommand) -> None:
        address = OUTPUT_STATE + command.output_id
        try:
            await self._call(
                client.write_register(self._config.modbus_unit, address, int(command.action))
            )
        except _ExceptionResponseError as err:
            raise _write_error(err.code, command) from err
