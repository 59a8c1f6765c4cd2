"""Modbus/TCP server: a pymodbus client against NETIO's register map over real sockets."""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
import contextlib
import time
from typing import Any, cast

from hypothesis import given, settings, strategies as st
from pymodbus.client import AsyncModbusTcpClient
from pymodbus.constants import ExcCodes
from pymodbus.exceptions import ModbusException
from pymodbus.pdu import ModbusPDU
import pytest

from netio_simulator.credentials import Credentials
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.metering import LoadProfile
from netio_simulator.servers.modbus import ModbusServer, NetioRegisterMap
from netio_simulator.testing import simulated_device

ILLEGAL_FUNCTION = 1
ILLEGAL_ADDRESS = 2
ILLEGAL_VALUE = 3


class FakeClock:
    """A monotonic clock the test moves by hand, so values and pulses are deterministic."""

    def __init__(self) -> None:
        """Start at an arbitrary point in monotonic time."""
        self.now = 5000.0

    def __call__(self) -> float:
        """Read the clock."""
        return self.now


type DeviceFactory = Callable[[str], SimulatedDevice]
type Connect = Callable[[SimulatedDevice], Awaitable[AsyncModbusTcpClient]]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_device(clock: FakeClock) -> DeviceFactory:
    """Devices with steady loads and large energy counters (to exercise the hi/lo split)."""

    def make(profile: str) -> SimulatedDevice:
        probe = SimulatedDevice(profile)
        specs = [
            OutputSpec(
                name=f"socket {i}",
                load=LoadProfile.constant(40.0 * i, power_factor=0.5 + 0.1 * i),
                energy_wh=70_000 + i,
                delay_ms=2500 + 100 * i,
            )
            for i in range(1, len(probe.outputs) + 1)
        ]
        return SimulatedDevice(profile, outputs=specs, clock=clock, credentials=Credentials())

    return make


@pytest.fixture
async def connect(socket_enabled: None) -> AsyncIterator[Connect]:
    """Start a server for a device and return a connected client; all closed afterwards."""
    servers: list[ModbusServer] = []
    clients: list[AsyncModbusTcpClient] = []

    async def start(device: SimulatedDevice) -> AsyncModbusTcpClient:
        server = ModbusServer(device)
        servers.append(server)
        port = await server.start()
        client = AsyncModbusTcpClient(
            "127.0.0.1", port=port, timeout=1, retries=0, reconnect_delay=0
        )
        clients.append(client)
        assert await client.connect()
        return client

    try:
        yield start
    finally:
        for client in clients:
            client.close()
        for server in servers:
            await server.stop()


def expected_input_registers(device: SimulatedDevice) -> dict[int, int]:
    """The documented map (docs/protocol-notes.md §4), computed from the device model."""
    total = device.global_measure()
    assert total is not None
    regs = {
        0: round(total.frequency_hz * 100),
        1: round(total.voltage_v * 10),
        2: round(total.power_factor * 1000),
        100: total.total_current_ma,
        200: total.total_load_w,
        300: total.total_energy_wh // 65536,
        301: total.total_energy_wh % 65536,
        400: round(total.power_factor * 1000),
        500: round(total.phase_deg * 100) % 65536,
    }
    if device.profile.platform == "esp":
        regs |= {3: regs[100], 4: regs[200], 5: regs[500]}
    for out in device.outputs:
        metering = device.output_metering(out.id)
        if metering is None:
            continue
        regs |= {
            100 + out.id: metering.current_ma,
            200 + out.id: metering.load_w,
            300 + 2 * out.id: metering.energy_wh // 65536,
            301 + 2 * out.id: metering.energy_wh % 65536,
            400 + out.id: round(metering.power_factor * 1000),
            500 + out.id: round(metering.phase_deg * 100) % 65536,
        }
    return regs


def ok(response: ModbusPDU) -> ModbusPDU:
    assert not response.isError(), response
    return response


def exception_code(response: ModbusPDU) -> int:
    assert response.isError(), response
    return response.exception_code


@pytest.mark.parametrize("profile", ["netio_4all", "powerpdu_4c", "powerpdu_8qs", "powerdin_4pz"])
async def test_reads_every_register_of_a_metered_device(
    profile: str, make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device(profile)
    client = await connect(device)
    n = len(device.outputs)
    device.apply_action(2, 0)

    coils = ok(await client.read_coils(101, count=n)).bits[:n]
    assert coils == [out.state for out in device.outputs]
    assert coils[1] is False

    holding = ok(await client.read_holding_registers(0, count=3)).registers
    assert holding == [len(device.inputs), n, len(device.profile.metered_outputs)]
    states = ok(await client.read_holding_registers(101, count=n)).registers
    assert states == [int(out.state) for out in device.outputs]
    delays = ok(await client.read_holding_registers(201, count=n)).registers
    assert delays == [out.delay_ms // 100 for out in device.outputs]
    assert delays[0] == 26  # 2600 ms = 2.6 s = 26 tenths

    if device.inputs:
        m = len(device.inputs)
        bits = ok(await client.read_discrete_inputs(801, count=m)).bits[:m]
        assert bits == [inp.state for inp in device.inputs]
        regs = ok(await client.read_holding_registers(801, count=m)).registers
        assert regs == [int(inp.state) for inp in device.inputs]

    expected = expected_input_registers(device)
    read: dict[int, int] = {}
    for address in sorted(expected):
        read[address] = ok(await client.read_input_registers(address, count=1)).registers[0]
    assert read == expected
    # Output 1: 40 W at power factor 0.6, 70001 Wh = 1 * 65536 + 4465.
    assert read[201] == 40
    assert read[401] == 600
    assert (read[302], read[303]) == (1, 4465)
    assert read[501] == round(53.1 * 100)
    assert 2200 <= read[1] <= 2400  # about 230 V
    assert 4990 <= read[0] <= 5010  # about 50 Hz

    metered = sorted(device.profile.metered_outputs)
    block = ok(await client.read_input_registers(101, count=len(metered))).registers
    assert block == [expected[100 + i] for i in metered]


async def test_partly_metered_device_has_registers_only_for_metered_outputs(
    make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device("powerpdu_8qs")
    client = await connect(device)
    assert device.profile.metered_outputs == {1}
    assert ok(await client.read_input_registers(101, count=1)).registers == [
        device.output_metering(1).current_ma  # type: ignore[union-attr]
    ]
    for address in (102, 202, 304, 305, 402, 502):
        assert exception_code(await client.read_input_registers(address)) == ILLEGAL_ADDRESS
    assert exception_code(await client.read_input_registers(101, count=2)) == ILLEGAL_ADDRESS
    # ESP models repeat the totals at 3, 4, 5.
    regs = ok(await client.read_input_registers(0, count=6)).registers
    assert (
        regs[3:]
        == ok(await client.read_input_registers(100, count=1)).registers
        + ok(await client.read_input_registers(200, count=1)).registers
        + ok(await client.read_input_registers(500, count=1)).registers
    )


@pytest.mark.parametrize("profile", ["netio_4", "powerpdu_4ps"])
async def test_device_without_metering_has_no_input_registers(
    profile: str, make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device(profile)
    client = await connect(device)
    assert ok(await client.read_holding_registers(2)).registers == [0]
    for address in (0, 1, 100, 101, 200, 300):
        assert exception_code(await client.read_input_registers(address)) == ILLEGAL_ADDRESS
    assert ok(await client.read_coils(101, count=4)).bits[:4] == [True] * 4


async def test_netio4x_has_no_esp_duplicate_registers(
    make_device: DeviceFactory, connect: Connect
) -> None:
    client = await connect(make_device("netio_4all"))
    assert len(ok(await client.read_input_registers(0, count=3)).registers) == 3
    assert exception_code(await client.read_input_registers(3)) == ILLEGAL_ADDRESS
    assert exception_code(await client.read_input_registers(0, count=4)) == ILLEGAL_ADDRESS


async def test_values_are_live(make_device: DeviceFactory, connect: Connect) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    before = ok(await client.read_input_registers(201)).registers[0]
    device.set_load(1, LoadProfile.constant(123.0, power_factor=1.0))
    assert ok(await client.read_input_registers(201)).registers[0] == 123
    assert before == 40
    device.apply_action(1, 0)
    assert ok(await client.read_input_registers(201)).registers[0] == 0
    assert ok(await client.read_coils(101)).bits[0] is False


async def test_write_register_actions(
    make_device: DeviceFactory, connect: Connect, clock: FakeClock
) -> None:
    device = make_device("powerpdu_4c")
    client = await connect(device)

    def on() -> bool:
        return device.outputs[2].state

    response = ok(await client.write_register(103, 0))
    assert response.registers == [0]
    assert not on()
    ok(await client.write_register(103, 1))
    assert on()
    ok(await client.write_register(103, 4))  # toggle
    assert not on()
    ok(await client.write_register(103, 4))
    assert on()
    ok(await client.write_register(103, 5))  # no change
    assert on()

    # Short OFF uses the Modbus short time (holding 201..), here set to 1.5 s.
    ok(await client.write_register(203, 15))
    assert ok(await client.read_holding_registers(203)).registers == [15]
    echo = ok(await client.write_register(103, 2))
    assert echo.registers == [2]  # FC06 echoes the request; reading gives the state
    assert ok(await client.read_holding_registers(103)).registers == [0]
    clock.now += 1.4
    assert not on()
    clock.now += 0.2
    assert on()
    assert ok(await client.read_holding_registers(103)).registers == [1]
    # The device's own delay is untouched: the Modbus short time is separate.
    assert device.outputs[2].delay_ms == 2800

    ok(await client.write_register(103, 0))
    ok(await client.write_register(103, 3))  # short ON
    assert on()
    clock.now += 1.6
    assert not on()


async def test_write_coil_switches_one_output(make_device: DeviceFactory, connect: Connect) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    response = ok(await client.write_coil(104, value=False))
    assert response.bits[0] is False
    assert [o.state for o in device.outputs] == [True, True, True, False]
    ok(await client.write_coil(104, value=True))
    assert device.outputs[3].state is True
    assert exception_code(await client.write_coil(105, value=True)) == ILLEGAL_ADDRESS
    assert exception_code(await client.write_coil(100, value=True)) == ILLEGAL_ADDRESS


async def test_write_multiple_coils_only_with_all_outputs(
    make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device("powerpdu_8qs")
    client = await connect(device)
    pattern = [True, False, True, False, False, True, True, False]
    ok(await client.write_coils(101, pattern))
    assert [o.state for o in device.outputs] == pattern
    assert exception_code(await client.write_coils(101, [False] * 7)) == ILLEGAL_ADDRESS
    assert exception_code(await client.write_coils(102, [False] * 7)) == ILLEGAL_ADDRESS
    assert exception_code(await client.write_coils(101, [False] * 9)) == ILLEGAL_ADDRESS
    assert [o.state for o in device.outputs] == pattern


async def test_write_multiple_registers_is_all_or_nothing(
    make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    ok(await client.write_registers(101, [0, 0, 1, 0]))
    assert [o.state for o in device.outputs] == [False, False, True, False]
    assert exception_code(await client.write_registers(101, [1, 1, 9, 1])) == ILLEGAL_VALUE
    assert exception_code(await client.write_registers(103, [1, 1, 1])) == ILLEGAL_ADDRESS
    assert [o.state for o in device.outputs] == [False, False, True, False]
    ok(await client.write_registers(201, [10, 20, 30, 40]))
    assert ok(await client.read_holding_registers(201, count=4)).registers == [10, 20, 30, 40]


@pytest.mark.parametrize(
    ("function", "address", "count"),
    [
        ("coils", 100, 1),
        ("coils", 105, 1),
        ("coils", 101, 5),
        ("coils", 0, 1),
        ("discrete_inputs", 801, 1),
        ("holding", 3, 1),
        ("holding", 0, 4),
        ("holding", 100, 1),
        ("holding", 105, 1),
        ("holding", 205, 1),
        ("holding", 801, 1),
        ("input", 6, 1),
        ("input", 105, 1),
        ("input", 310, 1),
        ("input", 600, 1),
        ("input", 65000, 10),
    ],
)
async def test_bad_read_addresses(
    function: str, address: int, count: int, make_device: DeviceFactory, connect: Connect
) -> None:
    client = await connect(make_device("netio_4all"))
    readers = {
        "coils": client.read_coils,
        "discrete_inputs": client.read_discrete_inputs,
        "holding": client.read_holding_registers,
        "input": client.read_input_registers,
    }
    response = await readers[function](address, count=count)
    assert exception_code(response) == ILLEGAL_ADDRESS


async def test_bad_writes(make_device: DeviceFactory, connect: Connect) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    assert exception_code(await client.write_register(0, 1)) == ILLEGAL_ADDRESS
    assert exception_code(await client.write_register(105, 1)) == ILLEGAL_ADDRESS
    assert exception_code(await client.write_register(101, 6)) == ILLEGAL_VALUE
    assert exception_code(await client.write_register(101, 65535)) == ILLEGAL_VALUE
    assert exception_code(await client.write_register(201, 0)) == ILLEGAL_VALUE
    assert all(out.state for out in device.outputs)
    # The server answers normally afterwards.
    assert ok(await client.read_holding_registers(1)).registers == [4]


@pytest.mark.parametrize("unit", [0, 1, 17, 255])
async def test_any_unit_id_is_accepted(
    unit: int, make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device("powerpdu_4c")
    client = await connect(device)
    assert ok(await client.read_holding_registers(1, device_id=unit)).registers == [4]
    ok(await client.write_coil(101, value=False, device_id=unit))
    assert device.outputs[0].state is False


async def test_read_only_fault_refuses_writes(make_device: DeviceFactory, connect: Connect) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    device.faults.set("modbus", read_only=True)
    assert exception_code(await client.write_register(101, 0)) == ILLEGAL_FUNCTION
    assert exception_code(await client.write_coil(101, value=False)) == ILLEGAL_FUNCTION
    assert exception_code(await client.write_coils(101, [False] * 4)) == ILLEGAL_FUNCTION
    assert exception_code(await client.write_registers(201, [1, 1])) == ILLEGAL_FUNCTION
    assert all(out.state for out in device.outputs)
    assert ok(await client.read_coils(101, count=4)).bits[:4] == [True] * 4
    device.faults.clear()
    ok(await client.write_register(101, 0))
    assert device.outputs[0].state is False


async def _raw_exchange(port: int, request: bytes) -> bytes:
    """Send bytes on a fresh connection; return what comes back before EOF/reset/timeout."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        with contextlib.suppress(ConnectionError, TimeoutError):
            writer.write(request)
            await writer.drain()
            return await asyncio.wait_for(reader.read(256), timeout=1)
        return b""
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()


READ_HOLDING_1 = bytes.fromhex("0007 0000 0006 01 03 0001 0001".replace(" ", ""))


@pytest.fixture
async def running(make_device: DeviceFactory, socket_enabled: None) -> AsyncIterator[ModbusServer]:
    server = ModbusServer(make_device("netio_4all"))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def _port(server: ModbusServer) -> int:
    assert server._listener is not None
    port: int = server._listener.sockets[0].getsockname()[1]
    return port


async def test_raw_frame_and_echo_of_transaction_and_unit(running: ModbusServer) -> None:
    reply = await _raw_exchange(_port(running), READ_HOLDING_1)
    # tid 7, protocol 0, length 5, unit 1, FC3, 2 bytes, value 4 (outputs)
    assert reply == bytes.fromhex("0007000000050103020004")


async def test_api_disabled_refuses_connections(running: ModbusServer) -> None:
    running.device.faults.set("modbus", api_disabled=True)
    assert await _raw_exchange(_port(running), READ_HOLDING_1) == b""
    running.device.faults.set("modbus", api_disabled=False)
    assert len(await _raw_exchange(_port(running), READ_HOLDING_1)) == 11


async def test_api_disabled_with_pymodbus_client(
    make_device: DeviceFactory, connect: Connect
) -> None:
    device = make_device("netio_4all")
    device.faults.set(api_disabled=True)
    client = await connect(device)
    with pytest.raises(ModbusException):
        await client.read_holding_registers(1)
    assert device.requests("modbus") == []


async def test_drop_closes_without_answer(running: ModbusServer) -> None:
    running.device.faults.set("modbus", drop=True)
    assert await _raw_exchange(_port(running), READ_HOLDING_1) == b""
    assert running.device.requests("modbus", "read")  # it was received and logged


async def test_hang_never_answers_and_stop_still_completes(running: ModbusServer) -> None:
    running.device.faults.set("modbus", hang=True)
    port = _port(running)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(READ_HOLDING_1)
    await writer.drain()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(reader.read(256), timeout=0.3)
    await running.stop()
    assert await reader.read(256) == b""  # stop() closed the connection
    writer.close()


async def test_latency_delays_the_answer(running: ModbusServer) -> None:
    running.device.faults.set(latency_s=0.3)
    started = time.monotonic()
    reply = await _raw_exchange(_port(running), READ_HOLDING_1)
    assert time.monotonic() - started >= 0.3
    assert reply.endswith(bytes.fromhex("03020004"))


async def test_latency_requests_are_cancelled_by_stop(running: ModbusServer) -> None:
    running.device.faults.set(latency_s=30)
    reader, writer = await asyncio.open_connection("127.0.0.1", _port(running))
    writer.write(READ_HOLDING_1)
    await writer.drain()
    await asyncio.sleep(0.05)
    assert running._tasks
    await running.stop()
    assert not running._tasks
    assert await reader.read(256) == b""
    writer.close()


async def test_malformed_and_truncated_answers(running: ModbusServer) -> None:
    running.device.faults.set("modbus", malformed=True)
    garbage = await _raw_exchange(_port(running), READ_HOLDING_1)
    assert len(garbage) == 11  # as long as the real answer
    assert garbage != bytes.fromhex("0007000000050103020004")
    running.device.faults.set("modbus", malformed=False, truncated=True)
    cut = await _raw_exchange(_port(running), READ_HOLDING_1)
    assert 0 < len(cut) < 11
    assert bytes.fromhex("0007000000050103020004").startswith(cut)


@pytest.mark.parametrize(
    "junk",
    [
        b"\xff" * 300,
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        bytes.fromhex("0001 0000 0000 01".replace(" ", "")),  # length 0
        bytes(range(256)) * 8,
    ],
)
async def test_garbage_does_not_hurt_the_server(junk: bytes, running: ModbusServer) -> None:
    await _raw_exchange(_port(running), junk)
    assert all(out.state for out in running.device.outputs)
    assert len(await _raw_exchange(_port(running), READ_HOLDING_1)) == 11


@pytest.mark.parametrize(
    ("request_hex", "reply_hex"),
    [
        # unknown function code 0x41 -> exception 01, same transaction and unit
        ("0a0b 0000 0002 11 41", "0a0b 0000 0003 11 c1 01"),
        # an exception code sent as a request is not a request
        ("0a0c 0000 0003 11 83 02", "0a0c 0000 0003 11 83 01"),
        # FC03 without its address and count -> exception 03
        ("0a0d 0000 0003 11 03 00", "0a0d 0000 0003 11 83 03"),
        # FC03 for 126 registers: more than a response can hold -> exception 03
        ("0a0e 0000 0006 11 03 0065 007e", "0a0e 0000 0003 11 83 03"),
        # FC01 for 2001 coils -> exception 03
        ("0a0f 0000 0006 11 01 0065 07d1", "0a0f 0000 0003 11 81 03"),
    ],
)
async def test_bad_requests_get_exception_responses(
    request_hex: str, reply_hex: str, running: ModbusServer
) -> None:
    request = bytes.fromhex(request_hex.replace(" ", ""))
    assert await _raw_exchange(_port(running), request) == bytes.fromhex(reply_hex.replace(" ", ""))


async def test_every_function_code_with_junk_gets_one_answer(running: ModbusServer) -> None:
    """Short, long and random PDUs for all 256 function codes: an answer each, no crash."""
    port = _port(running)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for func_code in range(256):
            for body in (b"", b"\x00", bytes(range(9)), b"\xff" * 40):
                pdu = bytes([func_code]) + body
                tid = func_code * 4 + len(body) % 4
                writer.write(tid.to_bytes(2) + b"\0\0" + (len(pdu) + 1).to_bytes(2) + b"\x01" + pdu)
                header = await asyncio.wait_for(reader.readexactly(7), timeout=2)
                assert int.from_bytes(header[:2]) == tid
                await reader.readexactly(int.from_bytes(header[4:6]) - 1)
    finally:
        writer.close()
    assert len(await _raw_exchange(port, READ_HOLDING_1)) == 11


async def test_unknown_function_code_and_abrupt_disconnect(running: ModbusServer) -> None:
    port = _port(running)
    await _raw_exchange(port, bytes.fromhex("0001 0000 0002 01 41".replace(" ", "")))
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(READ_HOLDING_1[:5])
    await writer.drain()
    writer.transport.abort()
    await asyncio.sleep(0.05)
    assert len(await _raw_exchange(port, READ_HOLDING_1)) == 11


async def test_requests_are_logged(make_device: DeviceFactory, connect: Connect) -> None:
    device = make_device("netio_4all")
    client = await connect(device)
    ok(await client.read_coils(101, count=4))
    ok(await client.write_register(101, 0))
    log = device.requests("modbus")
    assert [entry.kind for entry in log] == ["read", "write"]
    assert "fc=1" in log[0].detail
    assert "fc=6" in log[1].detail


async def test_stop_closes_open_connections(
    make_device: DeviceFactory, socket_enabled: None
) -> None:
    server = ModbusServer(make_device("netio_4all"))
    port = await server.start()
    client = AsyncModbusTcpClient("127.0.0.1", port=port, timeout=1, retries=0, reconnect_delay=0)
    try:
        assert await client.connect()
        ok(await client.read_coils(101))
        assert server.connections == 1
        await server.stop()
        assert server.connections == 0
        with pytest.raises(ModbusException):
            await client.read_coils(101)
    finally:
        client.close()
        await server.stop()


async def test_through_the_simulator(socket_enabled: None) -> None:
    async with simulated_device("powerdin_4pz", protocols=frozenset({"modbus"})) as running:
        client = AsyncModbusTcpClient(
            "127.0.0.1", port=running.ports["modbus"], timeout=1, retries=0, reconnect_delay=0
        )
        try:
            assert await client.connect()
            assert ok(await client.read_holding_registers(0, count=3)).registers == [2, 4, 2]
            ok(await client.write_coil(102, value=False))
            assert running.device.outputs[1].state is False
        finally:
            client.close()


async def test_pipelined_requests_are_all_answered(running: ModbusServer) -> None:
    second = bytes.fromhex("0008 0000 0006 01 01 0065 0004".replace(" ", ""))
    reader, writer = await asyncio.open_connection("127.0.0.1", _port(running))
    try:
        writer.write(READ_HOLDING_1 + second)
        await writer.drain()
        replies = await asyncio.wait_for(reader.readexactly(11 + 10), timeout=2)
    finally:
        writer.close()
    assert replies[:11] == bytes.fromhex("0007000000050103020004")
    # tid 8, FC1, one byte of coil bits: all four outputs on
    assert replies[11:] == bytes.fromhex("00080000000401010" + "10f")


async def test_no_answer_while_rebooting(clock: FakeClock, running: ModbusServer) -> None:
    running.device.reboot(downtime_s=30)
    assert await _raw_exchange(_port(running), READ_HOLDING_1) == b""
    clock.now += 31
    assert len(await _raw_exchange(_port(running), READ_HOLDING_1)) == 11


def _run_sync[T](coroutine: Coroutine[Any, Any, T]) -> T:
    """Drive a coroutine that never suspends (the register map's methods) to its result."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast("T", done.value)
    coroutine.close()
    raise AssertionError("the register map suspended")


_FUNCTION_CODES = st.sampled_from([1, 2, 3, 4, 5, 6, 15, 16, 22, 23, 0, 7, 43, 99])
_ADDRESSES = st.one_of(st.integers(0, 1000), st.integers(0, 65535))


@settings(max_examples=400, deadline=None)
@given(
    profile=st.sampled_from(["netio_4", "powerpdu_8qs", "powerdin_4pz", "powercable_101x"]),
    func_code=_FUNCTION_CODES,
    address=_ADDRESSES,
    count=st.integers(1, 125),
    values=st.lists(st.integers(0, 65535), min_size=1, max_size=10),
)
def test_register_map_never_fails(
    profile: str, func_code: int, address: int, count: int, values: list[int]
) -> None:
    """Any request gets values of the asked length or a Modbus exception code, never an error."""
    device = SimulatedDevice(profile, clock=FakeClock())
    registers = NetioRegisterMap(device)
    read = _run_sync(registers.async_getValues(1, func_code, address, count))
    assert isinstance(read, ExcCodes) or len(read) == count
    written = _run_sync(registers.async_setValues(1, func_code, address, values))
    assert written is None or isinstance(written, ExcCodes)
    if written is not None:
        assert all(out.state for out in device.outputs)  # a refused write changes nothing
