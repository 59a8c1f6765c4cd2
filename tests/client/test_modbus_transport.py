"""ModbusTransport against the simulator's Modbus/TCP server over real sockets on 127.0.0.1."""

import asyncio
from collections.abc import AsyncIterator
import socket
from typing import Any, override

import aiohttp
from pymodbus.constants import ExcCodes
import pytest

from custom_components.netio.client.errors import (
    NetioConnectionError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
)
from custom_components.netio.client.models import (
    ConnectionConfig,
    DeviceState,
    OutputAction,
    OutputCommand,
    Protocol,
)
from custom_components.netio.client.transports.modbus import ModbusTransport
from netio_simulator.device import OutputSpec, SimulatedDevice
from netio_simulator.metering import LoadProfile
from netio_simulator.runner import RunningDevice
from netio_simulator.servers.modbus import ModbusServer, NetioRegisterMap
from netio_simulator.testing import simulated_device

pytestmark = pytest.mark.usefixtures("socket_enabled")

METERED_PROFILES = ("netio_4all", "powerpdu_4c", "powerpdu_8qs", "powerdin_4pz")
STEADY_REQUESTS = {
    "netio_4": 2,  # holding states, holding delays
    "netio_4all": 8,  # + input 0..2, 100.., 200.., 300.., 400.., 500..
    "powerpdu_4c": 8,
    "powerpdu_8qs": 9,  # + discrete input 801
    "powerdin_4pz": 9,
}


def _outputs(count: int) -> list[OutputSpec]:
    """Steady loads so that values read a moment apart agree closely."""
    return [
        OutputSpec(load=LoadProfile.constant(10.0 * i, 0.9), energy_wh=1000.0 * i, delay_ms=300)
        for i in range(1, count + 1)
    ]


def _config(dev: RunningDevice, **options: Any) -> ConnectionConfig:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "modbus_port": dev.ports["modbus"],
        "timeout": 3.0,
    }
    settings.update(options)
    return ConnectionConfig(**settings)


def _server(dev: RunningDevice) -> ModbusServer:
    server = dev.servers["modbus"]
    assert isinstance(server, ModbusServer)
    return server


def _requests(device: SimulatedDevice) -> int:
    return len(device.requests("modbus"))


def _assert_matches(state: DeviceState, device: SimulatedDevice) -> None:
    assert state.protocol is Protocol.MODBUS
    assert state.fetched_at is not None
    assert state.info.num_outputs == len(device.outputs)
    assert state.info.num_inputs == len(device.inputs)
    assert sorted(state.outputs) == [o.id for o in device.outputs]
    for sim in device.outputs:
        read = state.outputs[sim.id]
        assert read.state is sim.state
        assert read.name is None  # Modbus carries no names
        assert read.pulse_delay_ms == sim.delay_ms
        metering = device.output_metering(sim.id)
        assert read.metered is (metering is not None)
        if metering is not None:
            assert read.power_w == metering.load_w
            assert read.current_a is not None
            assert abs(read.current_a * 1000 - metering.current_ma) <= 2
            assert read.energy_wh is not None
            assert abs(read.energy_wh - metering.energy_wh) <= 1
            assert read.power_factor == pytest.approx(metering.power_factor, abs=0.001)
            assert read.phase_deg == pytest.approx(metering.phase_deg, abs=0.01)
    assert sorted(state.inputs) == [i.id for i in device.inputs]
    for sim_input in device.inputs:
        assert state.inputs[sim_input.id].state is sim_input.state
    total = device.global_measure()
    assert (state.measure is None) is (total is None)
    if state.measure is not None and total is not None:
        assert state.measure.voltage_v == pytest.approx(total.voltage_v, abs=2)
        assert state.measure.frequency_hz == pytest.approx(total.frequency_hz, abs=0.1)
        assert state.measure.total_power_w == total.total_load_w
        assert state.measure.total_energy_wh is not None
        assert abs(state.measure.total_energy_wh - total.total_energy_wh) <= 1
        assert state.measure.power_factor == pytest.approx(total.power_factor, abs=0.001)


@pytest.fixture
async def four_all(
    session: aiohttp.ClientSession,
) -> AsyncIterator[tuple[RunningDevice, ModbusTransport]]:
    """A NETIO 4All with Modbus/TCP and a transport pointed at it (closed afterwards)."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"modbus"}), outputs=_outputs(4)
    ) as dev:
        transport = ModbusTransport(_config(dev), session)
        try:
            yield dev, transport
        finally:
            await transport.close()


@pytest.mark.parametrize("profile", ["netio_4", *METERED_PROFILES])
async def test_read_matches_the_device(profile: str, session: aiohttp.ClientSession) -> None:
    count = {"powerpdu_8qs": 8}.get(profile, 4)
    async with simulated_device(
        profile, protocols=frozenset({"modbus"}), outputs=_outputs(count)
    ) as dev:
        dev.device.apply_action(2, OutputAction.OFF)
        transport = ModbusTransport(_config(dev), session)
        try:
            _assert_matches(await transport.read_state(), dev.device)
            before = _requests(dev.device)
            _assert_matches(await transport.read_state(), dev.device)
            assert _requests(dev.device) - before == STEADY_REQUESTS[profile]
            capabilities = transport.capabilities
            assert capabilities.metering is (profile != "netio_4")
            assert capabilities.inputs is bool(dev.device.inputs)
            assert not capabilities.duration_override
            assert not capabilities.multi_output_write
        finally:
            await transport.close()


async def test_the_8qs_meters_output_1_only(session: aiohttp.ClientSession) -> None:
    async with simulated_device("powerpdu_8qs", protocols=frozenset({"modbus"})) as dev:
        transport = ModbusTransport(_config(dev), session)
        try:
            state = await transport.read_state()
        finally:
            await transport.close()
    assert [o.id for o in state.outputs.values() if o.metered] == [1]
    assert state.measure is not None


async def test_several_commands_are_written_in_order(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    before = len(dev.device.requests("modbus", "write"))
    await transport.send_actions(
        [
            OutputCommand(1, OutputAction.OFF),
            OutputCommand(2, OutputAction.OFF),
            OutputCommand(1, OutputAction.ON),
        ]
    )
    assert [o.state for o in dev.device.outputs] == [True, False, True, True]
    assert len(dev.device.requests("modbus", "write")) - before == 3


async def test_commands_modbus_cannot_carry_fail_before_any_request(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    before = _requests(dev.device)
    for command in (
        OutputCommand(1, OutputAction.SHORT_OFF, 1000),
        OutputCommand(1, OutputAction.IGNORE),
        OutputCommand(5, OutputAction.ON),
    ):
        with pytest.raises(NetioUnsupportedError):
            await transport.send_actions([OutputCommand(2, OutputAction.OFF), command])
    assert _requests(dev.device) == before
    assert dev.device.outputs[1].state


async def test_read_only_device_refuses_writes(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    dev.device.faults.set("modbus", read_only=True)
    assert (await transport.read_state()).outputs[1].state
    with pytest.raises(NetioReadOnlyError):
        await transport.send_actions([OutputCommand(1, OutputAction.NO_CHANGE)])
    assert dev.device.outputs[0].state


async def test_disabled_modbus_is_a_connection_error_naming_the_setting(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    dev.device.faults.set("modbus", api_disabled=True)
    with pytest.raises(NetioConnectionError, match="Modbus/TCP") as caught:
        await transport.read_state()
    assert not isinstance(caught.value, NetioTimeoutError)
    fresh = ModbusTransport(transport._config, transport._session)
    try:
        with pytest.raises(NetioConnectionError, match="enable Modbus/TCP"):
            await fresh.read_state()
    finally:
        await fresh.close()
    dev.device.faults.clear()
    assert (await transport.read_state()).outputs[1].state


async def test_refused_connection(session: aiohttp.ClientSession) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    transport = ModbusTransport(ConnectionConfig(host="127.0.0.1", modbus_port=port), session)
    try:
        with pytest.raises(NetioConnectionError, match="enable Modbus/TCP") as caught:
            await transport.read_state()
        assert not isinstance(caught.value, NetioTimeoutError)
    finally:
        await transport.close()


async def test_a_hanging_device_times_out(
    four_all: tuple[RunningDevice, ModbusTransport], session: aiohttp.ClientSession
) -> None:
    dev, _transport = four_all
    dev.device.faults.set("modbus", hang=True)
    transport = ModbusTransport(_config(dev, timeout=0.5), session)
    try:
        with pytest.raises(NetioTimeoutError):
            await transport.read_state()
        dev.device.faults.clear()
        assert (await transport.read_state()).outputs[1].state  # a new connection
    finally:
        await transport.close()


@pytest.mark.parametrize("fault", ["malformed", "truncated", "drop"])
async def test_broken_replies_are_typed_errors(
    four_all: tuple[RunningDevice, ModbusTransport], session: aiohttp.ClientSession, fault: str
) -> None:
    dev, _transport = four_all
    transport = ModbusTransport(_config(dev, timeout=0.5), session)
    try:
        await transport.read_state()
        dev.device.faults.set("modbus", **{fault: True})
        with pytest.raises((NetioConnectionError, NetioProtocolError)):
            await transport.read_state()
        dev.device.faults.clear()
        assert (await transport.read_state()).outputs[1].state
    finally:
        await transport.close()


async def test_a_stale_connection_is_retried_once(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    pymodbus_server = _server(dev)._server
    assert pymodbus_server is not None
    for connection in list(pymodbus_server.active_connections.values()):
        connection.close()  # the device forgets the idle connection
    state = await transport.read_state()
    assert state.outputs[1].state


async def test_close_twice_and_read_again(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    _dev, transport = four_all
    await transport.read_state()
    await transport.close()
    await transport.close()
    assert (await transport.read_state()).outputs[1].state


class _GapTolerantRegisters(NetioRegisterMap):
    """A register map that answers the gaps between NETIO's blocks with zeros."""

    @override
    async def async_getValues(
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> Any:
        table = self._table(func_code)
        if table is None or (func_code == 3 and address == 0 and count == 3):
            return await super().async_getValues(device_id, func_code, address, count)
        values = [int(table.get(address + offset, 0)) for offset in range(count)]
        return [bool(v) for v in values] if func_code in {1, 2} else values


async def test_a_device_that_answers_across_gaps_is_read_in_four_requests(
    session: aiohttp.ClientSession,
) -> None:
    async with simulated_device(
        "netio_4all", protocols=frozenset({"modbus"}), outputs=_outputs(4)
    ) as dev:
        server = _server(dev)
        server.registers = _GapTolerantRegisters(dev.device)
        transport = ModbusTransport(_config(dev), session)
        try:
            await transport.read_state()
            before = _requests(dev.device)
            _assert_matches(await transport.read_state(), dev.device)
            assert _requests(dev.device) - before == 4
        finally:
            await transport.close()


async def test_cancelling_a_read_propagates_and_drops_the_connection(
    four_all: tuple[RunningDevice, ModbusTransport],
) -> None:
    dev, transport = four_all
    await transport.read_state()
    dev.device.faults.set("modbus", hang=True)
    task = asyncio.create_task(transport.read_state())
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    dev.device.faults.clear()
    assert (await transport.read_state()).outputs[1].state


async def test_no_commands_no_request(four_all: tuple[RunningDevice, ModbusTransport]) -> None:
    dev, transport = four_all
    assert await transport.send_actions([]) is None
    assert _requests(dev.device) == 0


class _RefusingRegisters(NetioRegisterMap):
    """A register map that refuses one input block (and, when asked, the output states)."""

    refuse_states = False

    @override
    async def async_getValues(
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> Any:
        if func_code == 4 and address == 400:  # no true power factor registers
            return ExcCodes.ILLEGAL_ADDRESS
        if self.refuse_states and func_code == 3 and address == 101:
            return ExcCodes.ILLEGAL_ADDRESS
        return await super().async_getValues(device_id, func_code, address, count)


def _reads(device: SimulatedDevice, since: int) -> list[str]:
    return [r.detail for r in device.requests("modbus")[since:]]


async def test_an_optional_block_the_device_refuses_is_skipped_from_then_on(
    session: aiohttp.ClientSession,
) -> None:
    """The reads after a refused one go on in order; the next poll leaves it out."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"modbus"}), outputs=_outputs(4)
    ) as dev:
        registers = _RefusingRegisters(dev.device)
        _server(dev).registers = registers
        transport = ModbusTransport(_config(dev), session)
        try:
            first = await transport.read_state()
            assert first.outputs[1].power_factor is None
            assert first.outputs[1].phase_deg is not None  # read after the refused block
            before = _requests(dev.device)
            second = await transport.read_state()
            reads = _reads(dev.device, before)
            assert len(reads) == STEADY_REQUESTS["netio_4all"] - 1
            assert not any("fc=4" in read and "address=400 " in read for read in reads)
            assert second.outputs[1].phase_deg is not None
            registers.refuse_states = True
            with pytest.raises(NetioProtocolError, match=r"holding registers 101\.\.104"):
                await transport.read_state()
        finally:
            await transport.close()


async def test_after_a_refused_bridged_read_the_blocks_follow_in_order(
    session: aiohttp.ClientSession,
) -> None:
    """Bridging ends at the first refusal; that span's blocks, then the rest, one by one."""
    async with simulated_device(
        "netio_4all", protocols=frozenset({"modbus"}), outputs=_outputs(4)
    ) as dev:
        transport = ModbusTransport(_config(dev), session)
        try:
            before = _requests(dev.device)
            _assert_matches(await transport.read_state(), dev.device)
            addresses = [
                read.split("address=")[1].split()[0] for read in _reads(dev.device, before)
            ]
            # counts, the refused bridged holding read, then each block
            assert addresses == ["0", "101", "101", "201", "0", "100", "200", "300", "400", "500"]
        finally:
            await transport.close()
