"""One Modbus/TCP connection: MBAP framing and the requests NETIO's register map needs.

A poll is a handful of register reads on one kept-open connection. pymodbus's client spends
most of a poll's CPU on its general framer, transaction manager and PDU classes; the frames
themselves are a 7-byte header and a few bytes of PDU (Modbus Application Protocol v1.1b3 and
Modbus Messaging on TCP/IP v1.0b).

One request at a time: a NETIO device is not known to take pipelined requests, so a request is
sent only once the answer to the one before it has arrived. The requests of one poll still form
one exchange (`read_many`): the link sends the next request itself when an answer arrives,
instead of waking the polling task between reads, which halves the event loop's work per read.
Answers are matched by transaction id, and a request in flight fails at once when the device
closes the connection.

Each request has its own timeout, kept without a timer per request: one timer is armed for the
first request's deadline and, when it fires, either fails the request still waiting for that
long or re-arms itself for the deadline of the request now in flight. A poll of nine reads then
schedules no timer at all (an `asyncio.timeout` per read costs a timer handle, a heap push and a
cancelled handle left in the loop's heap for the whole timeout).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from enum import IntEnum
import struct
import time
from typing import Final

_HEADER: Final = struct.Struct(">HHHB")
"""Transaction id, protocol id (0), length of what follows, unit id."""
_HEADER_SIZE: Final = _HEADER.size
_MAX_LENGTH: Final = 254
"""Largest unit id + PDU length (a PDU is at most 253 bytes)."""
_EXCEPTION_BIT: Final = 0x80
_WRITE_SINGLE_REGISTER: Final = 6
_TRANSACTION_IDS: Final = 0x10000
_CLOCK_RESOLUTION: Final = time.get_clock_info("monotonic").resolution
"""The event loop runs a timer this early at most (see `asyncio.BaseEventLoop`)."""


_REQUEST: Final = struct.Struct(">BHH")
"""Function code and two words: address and count (read) or value (write)."""


class ExceptionCode(IntEnum):
    """Modbus exception codes a device answers with."""

    ILLEGAL_FUNCTION = 1
    ILLEGAL_ADDRESS = 2
    ILLEGAL_VALUE = 3
    DEVICE_FAILURE = 4
    ACKNOWLEDGE = 5
    DEVICE_BUSY = 6
    GATEWAY_PATH_UNAVAILABLE = 10
    GATEWAY_NO_RESPONSE = 11


class LinkClosedError(Exception):
    """The device closed the connection (before or during a request)."""


class FrameError(Exception):
    """The device sent something that is not the answer to the request."""


class ExceptionAnswerError(Exception):
    """The device answered with a Modbus exception code."""

    def __init__(self, code: int) -> None:
        """Keep the code."""
        super().__init__(code)
        self.code = code


type Decoder = Callable[[bytes, bytes], list[int]]
"""Checks an answer PDU against its request PDU and returns what it carries."""


def _registers_or_bits(request: bytes, answer: bytes) -> list[int]:
    """The values a read answer (functions 1-4) carries: words, or bits LSB first."""
    function, size = request[0], len(answer)
    if size < 2 or answer[0] != function or answer[1] != size - 2:  # noqa: PLR2004
        raise FrameError("the answer does not match the read")
    if function > 2:  # noqa: PLR2004 - registers, two bytes each
        if size % 2:
            raise FrameError("an odd number of register bytes")
        return list(struct.unpack_from(f">{(size - 2) // 2}H", answer, 2))
    return [(byte >> bit) & 1 for byte in answer[2:] for bit in range(8)]


def _echo(request: bytes, answer: bytes) -> list[int]:
    """A write of one register (function 6) is answered with the request itself."""
    if answer != request:
        raise FrameError("the answer does not echo the write")
    return []


class _Exchange:
    """Requests sent one after the other on the answer to the previous one."""

    __slots__ = ("answers", "decoders", "future", "requests", "unit")

    def __init__(
        self,
        unit: int,
        requests: list[bytes],
        decoders: list[Decoder],
        future: asyncio.Future[tuple[list[list[int]], int | None]],
    ) -> None:
        self.unit = unit
        self.requests = requests
        self.decoders = decoders
        self.future = future
        self.answers: list[list[int]] = []


class ModbusLink(asyncio.Protocol):
    """A connected Modbus/TCP client; create it with `asyncio.loop.create_connection`."""

    def __init__(self, timeout: float | None = None) -> None:
        """Nothing is connected until `connection_made`.

        `timeout`: seconds each request may wait for its answer before it fails with
        `TimeoutError` (None: no limit).
        """
        self._transport: asyncio.Transport | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._buffer = bytearray()
        self._transaction = 0
        """Transaction id of the request in flight (or of the last one)."""
        self._exchange: _Exchange | None = None
        self._timeout = timeout
        self._sent_at = 0.0
        """Loop time at which the request in flight was sent."""
        self._timer: asyncio.TimerHandle | None = None
        self.closed = False

    # asyncio.Protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        assert isinstance(transport, asyncio.Transport)  # noqa: S101 - asyncio's contract
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        """Cut frames off the stream; hand the awaited one to its request, drop the others."""
        if self._buffer:  # the rest of a frame that came in parts
            self._buffer += data
            data = bytes(self._buffer)
            self._buffer.clear()
        offset, end = 0, len(data)
        while end - offset >= _HEADER_SIZE:
            transaction, protocol, length, _unit = _HEADER.unpack_from(data, offset)
            if protocol != 0 or not 2 <= length <= _MAX_LENGTH:  # noqa: PLR2004
                self._fail(FrameError(f"not a Modbus/TCP frame (protocol {protocol})"))
                self.close()
                return
            size = _HEADER_SIZE - 1 + length
            if end - offset < size:
                break
            exchange = self._exchange
            if (
                exchange is not None
                and transaction == self._transaction
                and not exchange.future.done()
            ):
                self._answer(exchange, data[offset + _HEADER_SIZE : offset + size])
            offset += size
        if offset < end:
            self._buffer += data[offset:]

    def connection_lost(self, exc: Exception | None) -> None:
        """Fail the request in flight: the device closed the connection."""
        self.closed = True
        self._disarm()
        self._fail(LinkClosedError())

    # Requests -----------------------------------------------------------------------------

    async def read(self, function: int, unit: int, start: int, count: int) -> list[int]:
        """Read `count` registers (functions 3, 4) or bits (functions 1, 2) from `start`."""
        answers, refused = await self.read_many(unit, ((function, start, count),))
        if refused is not None:
            raise ExceptionAnswerError(refused)
        return answers[0]

    async def read_many(
        self, unit: int, reads: Sequence[tuple[int, int, int]]
    ) -> tuple[list[list[int]], int | None]:
        """Make reads (function, start, count) one after the other, up to a refused one.

        Returns the values of each read answered, in order, and the exception code of the read
        after them if the device refused that one (the reads after it are not made). A frame
        that does not answer its request, a timeout or a closed connection raise.
        """
        requests = [_REQUEST.pack(*read) for read in reads]
        return await self._start(unit, requests, [_registers_or_bits] * len(requests))

    async def write_register(self, unit: int, address: int, value: int) -> None:
        """Write one holding register (function 6); the device echoes the request."""
        request = _REQUEST.pack(_WRITE_SINGLE_REGISTER, address, value)
        _answers, refused = await self._start(unit, [request], [_echo])
        if refused is not None:
            raise ExceptionAnswerError(refused)

    def _start(
        self, unit: int, requests: list[bytes], decoders: list[Decoder]
    ) -> asyncio.Future[tuple[list[list[int]], int | None]]:
        """Send the first request of an exchange; the future gets its outcome."""
        transport = self._transport
        if self.closed or transport is None or transport.is_closing():
            raise LinkClosedError
        self._loop = loop = asyncio.get_running_loop()
        future: asyncio.Future[tuple[list[list[int]], int | None]] = loop.create_future()
        # An exchange that was cancelled leaves its done future here; nothing reads it again.
        self._exchange = exchange = _Exchange(unit, requests, decoders, future)
        self._send(exchange, loop)
        return future

    def _send(self, exchange: _Exchange, loop: asyncio.AbstractEventLoop) -> None:
        """Send the exchange's next request."""
        request = exchange.requests[len(exchange.answers)]
        self._transaction = transaction = (self._transaction + 1) % _TRANSACTION_IDS
        if self._timeout is not None:
            self._sent_at = sent_at = loop.time()
            if self._timer is None:
                self._timer = loop.call_at(sent_at + self._timeout, self._deadline, loop)
        assert self._transport is not None  # noqa: S101  # connected before any request
        self._transport.write(
            _HEADER.pack(transaction, 0, len(request) + 1, exchange.unit) + request
        )

    def _answer(self, exchange: _Exchange, answer: bytes) -> None:
        """Take the answer to the request in flight; send the next request or finish."""
        index = len(exchange.answers)
        request = exchange.requests[index]
        if answer and answer[0] == request[0] | _EXCEPTION_BIT:
            if len(answer) != 2:  # noqa: PLR2004
                exchange.future.set_exception(FrameError("a malformed exception answer"))
            else:
                exchange.future.set_result((exchange.answers, answer[1]))
            return
        try:
            exchange.answers.append(exchange.decoders[index](request, answer))
        except FrameError as err:
            exchange.future.set_exception(err)
            return
        if index + 1 == len(exchange.requests):
            exchange.future.set_result((exchange.answers, None))
        elif self.closed or self._transport is None or self._transport.is_closing():
            exchange.future.set_exception(LinkClosedError())
        else:
            assert self._loop is not None  # noqa: S101  # set by _start
            self._send(exchange, self._loop)

    def _deadline(self, loop: asyncio.AbstractEventLoop) -> None:
        """The timer fired: fail the request in flight if it is overdue, else wait for it."""
        self._timer = None
        exchange, timeout = self._exchange, self._timeout
        if exchange is None or exchange.future.done() or timeout is None:
            return  # nothing in flight; the next request arms the timer again
        due = self._sent_at + timeout
        if due <= loop.time() + _CLOCK_RESOLUTION:
            exchange.future.set_exception(TimeoutError())
        else:
            self._timer = loop.call_at(due, self._deadline, loop)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fail(self, exc: Exception) -> None:
        exchange = self._exchange
        if exchange is not None and not exchange.future.done():
            exchange.future.set_exception(exc)

    def close(self) -> None:
        """Close the connection (a request in flight fails with LinkClosedError)."""
        self.closed = True
        self._disarm()
        if self._transport is not None:
            self._transport.close()
