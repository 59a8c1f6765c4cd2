"""One Modbus/TCP connection: MBAP framing and the four requests NETIO's register map needs.

A poll is a handful of register reads on one kept-open connection. pymodbus's client spends
most of a poll's CPU on its general framer, transaction manager and PDU classes; the frames
themselves are a 7-byte header and a few bytes of PDU (Modbus Application Protocol v1.1b3 and
Modbus Messaging on TCP/IP v1.0b). This link sends one request at a time (a NETIO device is not
known to take pipelined requests), matches the answer by transaction id and fails a request
in flight at once when the device closes the connection.
"""

from __future__ import annotations

import asyncio
from enum import IntEnum
import struct
from typing import Final

_HEADER: Final = struct.Struct(">HHHB")
"""Transaction id, protocol id (0), length of what follows, unit id."""
_HEADER_SIZE: Final = _HEADER.size
_MAX_LENGTH: Final = 254
"""Largest unit id + PDU length (a PDU is at most 253 bytes)."""
_EXCEPTION_BIT: Final = 0x80
_WRITE_SINGLE_REGISTER: Final = 6
_TRANSACTION_IDS: Final = 0x10000


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


class ModbusLink(asyncio.Protocol):
    """A connected Modbus/TCP client; create it with `asyncio.loop.create_connection`."""

    def __init__(self) -> None:
        """Nothing is connected until `connection_made`."""
        self._transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._transaction = 0
        self._waiting: tuple[int, asyncio.Future[bytes]] | None = None
        self.closed = False

    # asyncio.Protocol ---------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        assert isinstance(transport, asyncio.Transport)  # noqa: S101 - asyncio's contract
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        """Cut frames off the stream; hand the awaited one to its request, drop the others."""
        buffer = self._buffer
        buffer += data
        while len(buffer) >= _HEADER_SIZE:
            transaction, protocol, length, _unit = _HEADER.unpack_from(buffer)
            if protocol != 0 or not 2 <= length <= _MAX_LENGTH:  # noqa: PLR2004
                self._fail(FrameError(f"not a Modbus/TCP frame (protocol {protocol})"))
                self.close()
                return
            size = _HEADER_SIZE - 1 + length
            if len(buffer) < size:
                return
            pdu = bytes(buffer[_HEADER_SIZE:size])
            del buffer[:size]
            waiting = self._waiting
            if waiting is not None and waiting[0] == transaction and not waiting[1].done():
                waiting[1].set_result(pdu)

    def connection_lost(self, exc: Exception | None) -> None:
        """Fail the request in flight: the device closed the connection."""
        self.closed = True
        self._fail(LinkClosedError())

    # Requests -----------------------------------------------------------------------------

    async def read(self, function: int, unit: int, start: int, count: int) -> list[int]:
        """Read `count` registers (functions 3, 4) or bits (functions 1, 2) from `start`."""
        pdu = await self._request(unit, struct.pack(">BHH", function, start, count))
        if len(pdu) < 2 or pdu[0] != function or pdu[1] != len(pdu) - 2:  # noqa: PLR2004
            raise FrameError("the answer does not match the read")
        data = pdu[2:]
        if function > 2:  # noqa: PLR2004 - registers, two bytes each
            if len(data) % 2:
                raise FrameError("an odd number of register bytes")
            return list(struct.unpack(f">{len(data) // 2}H", data))
        return [(byte >> bit) & 1 for byte in data for bit in range(8)]

    async def write_register(self, unit: int, address: int, value: int) -> None:
        """Write one holding register (function 6); the device echoes the request."""
        request = struct.pack(">BHH", _WRITE_SINGLE_REGISTER, address, value)
        if await self._request(unit, request) != request:
            raise FrameError("the answer does not echo the write")

    async def _request(self, unit: int, pdu: bytes) -> bytes:
        transport = self._transport
        if self.closed or transport is None or transport.is_closing():
            raise LinkClosedError
        self._transaction = transaction = (self._transaction + 1) % _TRANSACTION_IDS
        future: asyncio.Future[bytes] = asyncio.get_running_loop().create_future()
        self._waiting = (transaction, future)
        try:
            transport.write(_HEADER.pack(transaction, 0, len(pdu) + 1, unit) + pdu)
            answer = await future
        finally:
            self._waiting = None
        if answer and answer[0] == pdu[0] | _EXCEPTION_BIT:
            if len(answer) != 2:  # noqa: PLR2004
                raise FrameError("a malformed exception answer")
            raise ExceptionAnswerError(answer[1])
        return answer

    def _fail(self, exc: Exception) -> None:
        waiting = self._waiting
        if waiting is not None and not waiting[1].done():
            waiting[1].set_exception(exc)

    def close(self) -> None:
        """Close the connection (a request in flight fails with LinkClosedError)."""
        self.closed = True
        if self._transport is not None:
            self._transport.close()
