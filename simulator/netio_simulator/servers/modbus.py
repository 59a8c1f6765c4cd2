"""Modbus/TCP server: NETIO's register map computed live from the device model.

Built on pymodbus' TCP server. A custom datastore answers every read from the device at that
instant and turns writes into device actions; a custom connection handler applies the faults
(latency, drop, hang, malformed, truncated, api_disabled, read_only) and logs each request.

Register map (wire addresses, docs/protocol-notes.md §4):
- coils 101..100+n: output states; FC05 switches one output off/on, FC15 only with all outputs.
- discrete inputs 801..800+m: input states.
- holding 0/1/2: number of inputs / outputs / metered outputs; 101..: output state (read) or
  action 0..5 (write); 201..: short ON/OFF delay in sx10 (Modbus-specific, AN27); 801..: inputs.
- input registers (metered devices only): 0 frequency Hzx100, 1 voltage Vx10, 2 overall true
  power factor x1000, 3/4/5 total mA / W / phase (ESP models); 100/200/300-301/400/500 the
  totals and 101../201../302-303../401../501.. each metered output's mA, W, Wh (hi, lo), TPFx1000
  and phase deg x100 (Int16). Registers of outputs without metering do not exist.
Any unit id is accepted. Addresses outside the map answer exception 02 (illegal data address).
"""

import asyncio
from collections.abc import Coroutine
import contextlib
import logging
import os
import socket
import struct
from typing import Final, override

from pymodbus.constants import ExcCodes
from pymodbus.datastore import ModbusServerContext
from pymodbus.pdu import ExceptionResponse, ModbusPDU
from pymodbus.pdu.bit_message import WriteSingleCoilResponse
from pymodbus.pdu.register_message import WriteSingleRegisterResponse
from pymodbus.server import ModbusTcpServer
from pymodbus.server.requesthandler import ServerRequestHandler

from ..device import SimulatedDevice
from ..faults import EffectiveFaults

_LOGGER = logging.getLogger(__name__)

PROTOCOL: Final = "modbus"

COIL_BASE: Final = 100
DISCRETE_INPUT_BASE: Final = 800
HOLDING_OUTPUT_BASE: Final = 100
HOLDING_DELAY_BASE: Final = 200
HOLDING_INPUT_BASE: Final = 800
MAX_MODBUS_ACTION: Final = 5
MAX_READ_BITS: Final = 2000
MAX_READ_REGISTERS: Final = 125
_UINT16_MAX: Final = 0xFFFF
_UINT32_MAX: Final = 0xFFFFFFFF
_MBAP_HEADER: Final = 7
_MAX_ADU: Final = 260

_BIT_READS: Final = frozenset({1, 2})
_COIL_FUNCTIONS: Final = frozenset({1, 5, 15})
_HOLDING_FUNCTIONS: Final = frozenset({3, 6, 16, 22, 23})
_WRITE_FUNCTIONS: Final = frozenset({5, 6, 15, 16, 22, 23})
_KNOWN_FUNCTIONS: Final = frozenset({1, 2, 3, 4}) | _WRITE_FUNCTIONS


def _u16(value: float) -> int:
    """Encode a number as a register: negatives in two's complement, overflow clamped."""
    number = round(value)
    if number < 0:
        return max(number, -0x8000) & _UINT16_MAX
    return min(number, _UINT16_MAX)


class NetioRegisterMap(ModbusServerContext):
    """The datastore pymodbus calls: every read is computed from the device, writes act on it.

    Subclasses pymodbus' server context because that is the one hook its server offers for a
    datastore of our own; the base constructor (a deprecated block store) is deliberately
    not run.
    """

    def __init__(self, device: SimulatedDevice) -> None:  # pylint: disable=super-init-not-called
        """Serve one device; Modbus-specific short delays start as the outputs' own delays."""
        self.device = device
        self.simdevices = []
        self._delays_ds: dict[int, int] = {}

    def short_delay_ds(self, output_id: int) -> int:
        """Modbus short ON/OFF time of an output in tenths of a second."""
        if output_id in self._delays_ds:
            return self._delays_ds[output_id]
        return min(self.device.output(output_id).delay_ms // 100, _UINT16_MAX)

    @override
    def device_ids(self) -> list[int]:
        """Return the unit ids served: any id reaches the device, 0 stands for all."""
        return [0]

    # Reads --------------------------------------------------------------------------------

    def coils(self) -> dict[int, bool]:
        """Coil table: output states."""
        return {COIL_BASE + out.id: out.state for out in self.device.outputs}

    def discrete_inputs(self) -> dict[int, bool]:
        """Discrete input table: input states."""
        return {DISCRETE_INPUT_BASE + inp.id: inp.state for inp in self.device.inputs}

    def holding_registers(self) -> dict[int, int]:
        """Return the holding register table as a read sees it."""
        dev = self.device
        table = {
            0: len(dev.inputs),
            1: len(dev.outputs),
            2: len(dev.profile.metered_outputs),
        }
        for out in dev.outputs:
            table[HOLDING_OUTPUT_BASE + out.id] = int(out.state)
            table[HOLDING_DELAY_BASE + out.id] = self.short_delay_ds(out.id)
        for inp in dev.inputs:
            table[HOLDING_INPUT_BASE + inp.id] = int(inp.state)
        return table

    def input_registers(self, first: int = 0, count: int = 1000) -> dict[int, int]:
        """Input registers in [first, first + count) that exist, measured at this instant.

        Only the measurements the range touches are taken, so polling the frequency does not
        sample every output. A device without metering has no input registers at all.
        """
        dev = self.device
        if not dev.profile.metered:
            return {}
        wanted = range(first, first + count)
        table: dict[int, int] = {}
        if any(a in wanted for a in (0, 1, 2, 3, 4, 5, 100, 200, 300, 301, 400, 500)):
            total = dev.global_measure()
            if total is None:
                return {}
            energy = min(total.total_energy_wh, _UINT32_MAX)
            table = {
                0: _u16(total.frequency_hz * 100),
                1: _u16(total.voltage_v * 10),
                2: _u16(total.power_factor * 1000),
                100: _u16(total.total_current_ma),
                200: _u16(total.total_load_w),
                300: energy >> 16,
                301: energy & _UINT16_MAX,
                400: _u16(total.power_factor * 1000),
                500: _u16(total.phase_deg * 100),
            }
            if dev.profile.platform == "esp":
                table |= {3: table[100], 4: table[200], 5: table[500]}
        for n in sorted(dev.profile.metered_outputs):
            own = (100 + n, 200 + n, 300 + 2 * n, 301 + 2 * n, 400 + n, 500 + n)
            if not any(a in wanted for a in own):
                continue
            metering = dev.output_metering(n)
            if metering is None:
                continue
            energy = min(metering.energy_wh, _UINT32_MAX)
            table |= dict(
                zip(
                    own,
                    (
                        _u16(metering.current_ma),
                        _u16(metering.load_w),
                        energy >> 16,
                        energy & _UINT16_MAX,
                        _u16(metering.power_factor * 1000),
                        _u16(metering.phase_deg * 100),
                    ),
                    strict=True,
                )
            )
        return table

    def _table(
        self, func_code: int, address: int = 0, count: int = 1000
    ) -> dict[int, bool] | dict[int, int] | None:
        """Return the table a function code addresses (input registers: just the range)."""
        if func_code in _COIL_FUNCTIONS:
            return self.coils()
        if func_code == 2:  # noqa: PLR2004 - FC02 read discrete inputs
            return self.discrete_inputs()
        if func_code in _HOLDING_FUNCTIONS:
            return self.holding_registers()
        if func_code == 4:  # noqa: PLR2004 - FC04 read input registers
            return self.input_registers(address, count)
        return None

    @override
    async def async_getValues(
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> list[int] | list[bool] | ExcCodes:
        """Read `count` values from `address`; illegal address unless all of them exist."""
        bits = func_code in _BIT_READS or func_code in _COIL_FUNCTIONS
        if not 1 <= count <= (MAX_READ_BITS if bits else MAX_READ_REGISTERS):
            return ExcCodes.ILLEGAL_VALUE  # more than one response can carry
        table = self._table(func_code, address, count)
        if table is None:
            return ExcCodes.ILLEGAL_FUNCTION
        try:
            values = [table[address + offset] for offset in range(count)]
        except KeyError:
            return ExcCodes.ILLEGAL_ADDRESS
        if bits:
            return [bool(value) for value in values]
        return [int(value) for value in values]

    # Writes -------------------------------------------------------------------------------

    @override
    async def async_setValues(
        self, device_id: int, func_code: int, address: int, values: list[int] | list[bool]
    ) -> ExcCodes | None:
        """Carry out a write; nothing changes unless every value is valid."""
        if func_code in _COIL_FUNCTIONS:
            return self._write_coils(func_code, address, [bool(v) for v in values])
        if func_code in _HOLDING_FUNCTIONS:
            return self._write_registers(address, [int(v) for v in values])
        return ExcCodes.ILLEGAL_FUNCTION

    def _write_coils(self, func_code: int, address: int, values: list[bool]) -> ExcCodes | None:
        outputs = len(self.device.outputs)
        first = address - COIL_BASE
        if func_code == 15 and (first != 1 or len(values) != outputs):  # noqa: PLR2004 - FC15
            return ExcCodes.ILLEGAL_ADDRESS  # NETIO takes FC15 only with all outputs
        if first < 1 or first + len(values) - 1 > outputs:
            return ExcCodes.ILLEGAL_ADDRESS
        for offset, on in enumerate(values):
            self.device.apply_action(first + offset, int(on))
        return None

    def _write_registers(self, address: int, values: list[int]) -> ExcCodes | None:
        outputs = len(self.device.outputs)
        actions: list[tuple[int, int]] = []
        delays: dict[int, int] = {}
        for offset, value in enumerate(values):
            register = address + offset
            output_id = register - HOLDING_OUTPUT_BASE
            delay_id = register - HOLDING_DELAY_BASE
            if 1 <= output_id <= outputs:
                if not 0 <= value <= MAX_MODBUS_ACTION:
                    return ExcCodes.ILLEGAL_VALUE
                actions.append((output_id, value))
            elif 1 <= delay_id <= outputs:
                if not 1 <= value <= _UINT16_MAX:
                    return ExcCodes.ILLEGAL_VALUE
                delays[delay_id] = value
            else:
                return ExcCodes.ILLEGAL_ADDRESS
        self._delays_ds |= delays
        for output_id, action in actions:
            self._act(output_id, action)
        return None

    def _act(self, output_id: int, action: int) -> None:
        delay_ms = self._delays_ds[output_id] * 100 if output_id in self._delays_ds else None
        self.device.apply_action(output_id, action, delay_ms)


class _Connection(ServerRequestHandler):
    """One client connection: applies the device's faults around pymodbus' request handling."""

    server: _NetioTcpServer

    def __init__(self, owner: _NetioTcpServer) -> None:
        super().__init__(owner, None, None, None)  # type: ignore[no-untyped-call]

    def _faults(self) -> EffectiveFaults:
        return self.server.netio.device.faults.for_protocol(PROTOCOL)

    def _unreachable(self) -> bool:
        return self._faults().api_disabled or self.server.netio.device.is_down

    def reset(self) -> None:
        """Close the connection with a TCP reset, the way a refused connection looks."""
        if not self.is_active():
            return
        transport = self.transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()  # type: ignore[attr-defined]

    @override
    def callback_connected(self) -> None:
        super().callback_connected()
        if self._unreachable():
            self.reset()

    @override
    def callback_data(self, data: bytes, addr: tuple[str, int] | None = None) -> int:
        # pymodbus decodes one frame per call; a client may send several in one segment.
        used = 0
        while len(data) - used >= _MBAP_HEADER:
            frame = data[used:]
            length = int.from_bytes(frame[4:6]) + 6
            # A frame that is not Modbus/TCP (protocol id, length) would stall pymodbus'
            # buffer: a real device drops such a connection, and so do we.
            if frame[2:4] != b"\x00\x00" or not _MBAP_HEADER + 1 <= length <= _MAX_ADU:
                self.reset()
                return len(data)
            if len(frame) < length:
                break  # wait for the rest of the frame
            self.server.netio.track(self._answer(self._decode(frame[:length])))
            used += length
        return used

    def _decode(self, frame: bytes) -> ModbusPDU:
        """Return the request in one complete frame, or the exception response it earns."""
        func_code = frame[7]
        pdu: ModbusPDU | None = None
        try:
            # lookupPduClass reads the function code after the unit id.
            if not func_code & 0x80 and self.server.decoder.lookupPduClass(frame[6:]):
                _used, pdu = self.framer.handleFrame(frame, 0, 0)
        except Exception:  # noqa: BLE001 - pymodbus' decoders fail with IndexError, struct.error...
            _LOGGER.debug("Malformed Modbus request %s", frame.hex())
        if pdu is None:
            known = func_code in _KNOWN_FUNCTIONS
            pdu = ExceptionResponse(
                func_code & 0x7F, ExcCodes.ILLEGAL_VALUE if known else ExcCodes.ILLEGAL_FUNCTION
            )
            pdu.transaction_id = int.from_bytes(frame[0:2])
            pdu.dev_id = frame[6]
        return pdu

    @override
    def send(self, data: bytes, addr: tuple[str, int] | None = None) -> None:
        # pymodbus drops whatever it has buffered when it sends; keep a following request.
        pending = self.recv_buffer
        super().send(data, addr)
        self.recv_buffer = pending

    async def _answer(self, request: ModbusPDU) -> None:
        """Answer a decoded request (or send the exception response `_decode` built)."""
        netio = self.server.netio
        faults = self._faults()
        func_code = request.function_code & 0x7F
        is_write = func_code in _WRITE_FUNCTIONS
        netio.device.log_request(
            PROTOCOL,
            "write" if is_write else "read",
            f"fc={func_code} unit={request.dev_id} address={request.address} count={request.count}",
        )
        if faults.latency_s > 0:
            await asyncio.sleep(faults.latency_s)
            faults = self._faults()
        if faults.drop or self._unreachable():
            self.reset()
            return
        if faults.hang:
            return
        if isinstance(request, ExceptionResponse):
            response: ModbusPDU = request
        elif is_write and faults.read_only:
            response = ExceptionResponse(func_code, ExcCodes.ILLEGAL_FUNCTION)
        else:
            response = await self._execute(request)
        response.transaction_id = request.transaction_id
        response.dev_id = request.dev_id
        if not self.is_active():
            return
        try:
            frame = self.framer.buildFrame(response)
        except Exception:  # noqa: BLE001 - a response pymodbus cannot encode
            _LOGGER.debug("Modbus response %s cannot be encoded", response)
            failure = ExceptionResponse(func_code, ExcCodes.DEVICE_FAILURE)
            failure.transaction_id, failure.dev_id = request.transaction_id, request.dev_id
            frame = self.framer.buildFrame(failure)
        if faults.malformed:
            self.send(os.urandom(len(frame)))
        elif faults.truncated:
            self.send(frame[: max(1, len(frame) // 2)])
            self.transport.close()
        else:
            self.send(frame)

    async def _execute(self, request: ModbusPDU) -> ModbusPDU:
        try:
            response = await request.datastore_update(self.server.netio.registers, request.dev_id)
        except ValueError:  # the device refused the value (e.g. unknown output)
            return ExceptionResponse(request.function_code, ExcCodes.ILLEGAL_VALUE)
        # FC05/FC06 answer with an echo of the request, not with the value read back.
        if isinstance(response, WriteSingleRegisterResponse):
            response.registers = list(request.registers)
        elif isinstance(response, WriteSingleCoilResponse):
            response.bits = list(request.bits)
        return response


class _NetioTcpServer(ModbusTcpServer):
    """pymodbus TCP server whose connections are `_Connection`s."""

    def __init__(self, netio: ModbusServer, address: tuple[str, int]) -> None:
        self.netio = netio
        super().__init__(netio.registers, address=address)

    @override
    def callback_new_connection(self) -> _Connection:
        return _Connection(self)


class ModbusServer:
    """NETIO Modbus/TCP for one simulated device."""

    def __init__(self, device: SimulatedDevice) -> None:
        """Serve `device`; call `start()` to listen."""
        self.device = device
        self.registers = NetioRegisterMap(device)
        self._server: _NetioTcpServer | None = None
        self._listener: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def track(self, coroutine: Coroutine[object, object, None]) -> None:
        """Run a request handler as a task that `stop()` can cancel."""
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen on host:port (0 = any free port); return the bound port."""
        if self._server is not None:
            raise RuntimeError("Modbus server already started")
        server = _NetioTcpServer(self, (host, port))
        await server.serve_forever(background=True)
        listener = server.transport
        if not isinstance(listener, asyncio.Server):
            server.close()
            raise TypeError("pymodbus did not create a TCP listener")
        self._server = server
        self._listener = listener
        bound: int = listener.sockets[0].getsockname()[1]
        return bound

    @property
    def connections(self) -> int:
        """Open client connections (for tests and the control API)."""
        return 0 if self._server is None else len(self._server.active_connections)

    async def stop(self) -> None:
        """Close the listener and every connection; cancel request handlers."""
        server, listener = self._server, self._listener
        self._server = self._listener = None
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        if server is not None:
            await server.shutdown()  # type: ignore[no-untyped-call]
            if ModbusTcpServer.active_server is server:
                ModbusTcpServer.active_server = None  # pymodbus' class-level reference
        if listener is not None:
            listener.close()
            await listener.wait_closed()
