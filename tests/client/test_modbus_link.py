"""ModbusLink against a scripted Modbus/TCP server: framing edges a NETIO device never shows."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
import struct

import pytest

from custom_components.netio.client.transports.modbus_link import (
    ExceptionAnswerError,
    FrameError,
    LinkClosedError,
    ModbusLink,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

type Answer = Callable[[int, bytes], bytes]
"""Transaction id and request PDU -> the bytes the server sends back."""


def frame(transaction: int, pdu: bytes, *, protocol: int = 0, unit: int = 1) -> bytes:
    """An MBAP frame."""
    return struct.pack(">HHHB", transaction, protocol, len(pdu) + 1, unit) + pdu


@asynccontextmanager
async def scripted_link(answer: Answer) -> AsyncIterator[ModbusLink]:
    """A link to a server that answers each request with `answer`."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                header = await reader.readexactly(7)
                transaction, _protocol, length, _unit = struct.unpack(">HHHB", header)
                pdu = await reader.readexactly(length - 1)
                writer.write(answer(transaction, pdu))
                await writer.drain()
        except asyncio.IncompleteReadError, ConnectionError:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _transport, link = await asyncio.get_running_loop().create_connection(
        ModbusLink, "127.0.0.1", port
    )
    try:
        yield link
    finally:
        link.close()
        server.close()
        await server.wait_closed()


async def run_with(answer: Answer, request: Callable[[ModbusLink], object]) -> object:
    """Make one request of a scripted link."""
    async with scripted_link(answer) as link:
        return await asyncio.wait_for(request(link), 5)  # type: ignore[arg-type]


async def test_registers_and_bits() -> None:
    """Registers come back as words, bits LSB first."""

    def answer(transaction: int, pdu: bytes) -> bytes:
        if pdu[0] == 3:
            return frame(transaction, b"\x03\x04\x00\x01\x12\x34")
        return frame(transaction, b"\x02\x01\x05")

    assert await run_with(answer, lambda link: link.read(3, 1, 100, 2)) == [1, 0x1234]
    bits = await run_with(answer, lambda link: link.read(2, 1, 800, 3))
    assert bits[:3] == [1, 0, 1]  # type: ignore[index]


async def test_a_stale_answer_is_dropped() -> None:
    """An answer with another transaction id (a late one) is not taken for this request."""

    def answer(transaction: int, pdu: bytes) -> bytes:
        return frame(transaction - 1, b"\x03\x02\x00\x09") + frame(transaction, b"\x03\x02\x00\x07")

    assert await run_with(answer, lambda link: link.read(3, 1, 101, 1)) == [7]


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (b"\x04\x02\x00\x01", FrameError),  # another function
        (b"\x03\x03\x00\x01\x02", FrameError),  # an odd number of register bytes
        (b"\x03\x05\x00\x01", FrameError),  # a byte count that is not the data's
        (b"\x83\x02", ExceptionAnswerError),
        (b"\x83\x02\x00", FrameError),  # a malformed exception answer
    ],
)
async def test_bad_read_answers(reply: bytes, error: type[Exception]) -> None:
    """What does not answer the read raises FrameError; an exception answer its code."""
    with pytest.raises(error):
        await run_with(lambda t, _pdu: frame(t, reply), lambda link: link.read(3, 1, 101, 1))


async def test_a_write_answer_must_echo_it() -> None:
    """Function 6 is answered with the request itself."""
    await run_with(frame, lambda link: link.write_register(1, 101, 1))
    with pytest.raises(FrameError, match="echo"):
        await run_with(
            lambda t, _pdu: frame(t, b"\x06\x00\x65\x00\x00"),
            lambda link: link.write_register(1, 101, 1),
        )


async def test_not_a_modbus_frame_fails_and_closes() -> None:
    """A frame with another protocol id fails the request and closes the connection."""
    async with scripted_link(lambda t, pdu: frame(t, pdu, protocol=7)) as link:
        with pytest.raises(FrameError, match="not a Modbus/TCP frame"):
            await asyncio.wait_for(link.read(3, 1, 101, 1), 5)
        assert link.closed
        with pytest.raises(LinkClosedError):
            await link.read(3, 1, 101, 1)


async def test_the_device_closing_fails_the_request() -> None:
    """The server closing the connection mid-request fails it with LinkClosedError."""

    def answer(_transaction: int, _pdu: bytes) -> bytes:
        raise ConnectionError

    with pytest.raises(LinkClosedError):
        await run_with(answer, lambda link: link.read(3, 1, 101, 1))
