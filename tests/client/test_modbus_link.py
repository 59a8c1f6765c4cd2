"""ModbusLink against a scripted Modbus/TCP server: framing edges a NETIO device never shows."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
import socket
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


@asynccontextmanager
async def paired_link() -> AsyncIterator[tuple[ModbusLink, socket.socket]]:
    """A link and the device's end of its socket pair, for feeding the link frames by hand."""
    client_socket, device_socket = socket.socketpair()
    device_socket.settimeout(0)
    _transport, link = await asyncio.get_running_loop().create_connection(
        ModbusLink, sock=client_socket
    )
    try:
        yield link, device_socket
    finally:
        link.close()
        device_socket.close()


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


async def test_an_exchange_stops_at_the_first_refused_read() -> None:
    """The reads before a refusal come back; the reads after it are never sent."""
    seen: list[int] = []

    def answer(transaction: int, pdu: bytes) -> bytes:
        address = struct.unpack_from(">H", pdu, 1)[0]
        seen.append(address)
        if address == 201:
            return frame(transaction, b"\x83\x02")
        return frame(transaction, b"\x03\x02\x00" + bytes([address % 256]))

    reads = [(3, 101, 1), (3, 201, 1), (3, 301, 1)]
    assert await run_with(answer, lambda link: link.read_many(1, reads)) == ([[101]], 2)
    assert seen == [101, 201]
    both = await run_with(answer, lambda link: link.read_many(1, [(3, 101, 1), (3, 301, 1)]))
    assert both == ([[101], [301 % 256]], None)


async def test_an_exception_answer_to_a_write() -> None:
    """A refused write raises its exception code."""
    with pytest.raises(ExceptionAnswerError) as caught:
        await run_with(
            lambda t, _pdu: frame(t, b"\x86\x01"), lambda link: link.write_register(1, 101, 1)
        )
    assert caught.value.code == 1


async def test_a_frame_in_parts_and_two_frames_in_one_segment() -> None:
    """TCP keeps no message boundaries: frames are cut from the stream as it comes."""
    loop = asyncio.get_running_loop()
    async with paired_link() as (link, device_socket):
        reading = asyncio.ensure_future(link.read_many(1, [(3, 101, 1), (3, 102, 1)]))
        request = await loop.sock_recv(device_socket, 64)
        first = frame(struct.unpack_from(">H", request)[0], b"\x03\x02\x00\x07")
        link.data_received(first[:8])  # the header and a part of the PDU
        link.data_received(first[8:])
        request = await loop.sock_recv(device_socket, 64)
        second = frame(struct.unpack_from(">H", request)[0], b"\x03\x02\x00\x08")
        stale = frame(0x4242, b"\x03\x02\x00\x09")
        link.data_received(second + stale)
        assert await reading == ([[7], [8]], None)


async def test_each_request_of_an_exchange_has_its_own_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The one timer follows the request in flight: it fails only a request overdue itself."""
    loop = asyncio.get_running_loop()
    now = [1000.0]
    monkeypatch.setattr(loop, "time", lambda: now[0])
    answered: list[int] = []
    second_sent = asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            header = await reader.readexactly(7)
            transaction = struct.unpack_from(">H", header)[0]
            pdu = await reader.readexactly(struct.unpack_from(">H", header, 4)[0] - 1)
            answered.append(transaction)
            if len(answered) <= 2:  # the first two requests only; the third hangs
                writer.write(frame(transaction, b"\x03\x02\x00\x01"))
                await writer.drain()
            else:
                second_sent.set()
            del pdu

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    _transport, link = await loop.create_connection(lambda: ModbusLink(5.0), "127.0.0.1", port)
    try:
        assert await link.read(3, 1, 101, 1) == [1]  # sent at 1000: the timer is due at 1005
        now[0] = 1005.5  # the timer fires with nothing in flight and is not armed again
        for _ in range(5):
            await asyncio.sleep(0)
        now[0] = 1006.0
        assert await link.read(3, 1, 101, 1) == [1]  # a new timer, due at 1011
        now[0] = 1009.0
        hanging = asyncio.ensure_future(link.read(3, 1, 102, 1))  # due at 1014
        await second_sent.wait()
        now[0] = 1011.5  # the timer fires for the answered request: it waits on for 1014
        for _ in range(5):
            await asyncio.sleep(0)
        assert not hanging.done()
        now[0] = 1014.5
        with pytest.raises(TimeoutError):
            await hanging
    finally:
        link.close()
        server.close()
        await server.wait_closed()


async def test_closing_an_unconnected_link_and_answers_after_close() -> None:
    """close() before a connection is harmless; an exchange cannot go on on a closed link."""
    ModbusLink().close()
    loop = asyncio.get_running_loop()
    async with paired_link() as (link, device_socket):
        reading = asyncio.ensure_future(link.read_many(1, [(3, 101, 1), (3, 102, 1)]))
        request = await loop.sock_recv(device_socket, 64)
        link.close()  # closing; the answer below is taken before the connection is gone
        link.data_received(frame(struct.unpack_from(">H", request)[0], b"\x03\x02\x00\x07"))
        with pytest.raises(LinkClosedError):
            await reading
