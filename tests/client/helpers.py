"""Comparisons between what the client read and the simulated device's own state."""

import asyncio
from collections.abc import Callable
import itertools
from typing import Any

from custom_components.netio.client import ConnectionConfig, DeviceState, OutputAction
from netio_simulator.device import SimulatedDevice
from netio_simulator.runner import RunningDevice

# What each action does to an output that starts in `initial`: (action, initial, expected).
ACTION_CASES: list[tuple[OutputAction, bool, bool]] = [
    (OutputAction.OFF, True, False),
    (OutputAction.ON, False, True),
    (OutputAction.TOGGLE, True, False),
    (OutputAction.TOGGLE, False, True),
    (OutputAction.NO_CHANGE, True, True),
    (OutputAction.SHORT_OFF, True, False),
    (OutputAction.SHORT_ON, False, True),
]


def config_for(dev: RunningDevice, **options: Any) -> ConnectionConfig:
    """Point a client at every port a running simulated device listens on."""
    ports = dev.ports
    settings: dict[str, Any] = {"host": "127.0.0.1", "timeout": 5.0}
    if "http" in ports:
        settings["port"] = ports["http"]
    if "modbus" in ports:
        settings["modbus_port"] = ports["modbus"]
    if "kshell" in ports:
        settings["kshell_port"] = ports["kshell"]
    settings.update(options)
    return ConnectionConfig(**settings)


def assert_state_matches(state: DeviceState, device: SimulatedDevice) -> None:
    """Check identity, outputs, inputs and metering presence (values within their drift)."""
    info = state.info
    profile = device.profile
    assert info.model == profile.model
    assert info.name == device.name
    assert info.serial == device.serial
    assert info.mac == device.mac
    assert info.firmware == profile.firmware
    assert info.num_outputs == len(device.outputs)
    assert sorted(state.outputs) == [o.id for o in device.outputs]
    for sim_output in device.outputs:
        output = state.outputs[sim_output.id]
        assert output.name == sim_output.name
        assert output.state is sim_output.state
        assert output.pulse_delay_ms == sim_output.delay_ms
        metering = device.output_metering(sim_output.id)
        assert output.metered is (metering is not None)
        if metering is not None:
            assert output.energy_wh is not None
            assert abs(output.energy_wh - metering.energy_wh) <= 1
            assert output.power_factor is not None
    assert sorted(state.inputs) == [i.id for i in device.inputs]
    for sim_input in device.inputs:
        read = state.inputs[sim_input.id]
        assert read.name == sim_input.name
        assert read.state is sim_input.state
        if "s0" in sim_input.features:
            assert read.s0_counter == sim_input.s0_counter
    assert (state.measure is None) is (device.global_measure() is None)
    if state.measure is not None:
        assert state.measure.voltage_v is not None
        assert abs(state.measure.voltage_v - device.voltage_v) < 3


class ScriptedHttpServer:
    """A bare HTTP/1.1 server on 127.0.0.1 whose replies a test scripts per request.

    `reply(connection, request)` gets the 0-based connection number and the 0-based number of
    the request on that connection, and returns the raw response bytes, or None to close the
    connection without answering (what a device does to a keep-alive it already dropped).
    """

    def __init__(self, reply: Callable[[int, int], bytes | None]) -> None:
        """Prepare; `start()` binds."""
        self._reply = reply
        self._server: asyncio.Server | None = None
        self.connections = 0
        self.requests = 0
        self.port = 0

    async def start(self) -> int:
        """Listen on a free port and return it."""
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def stop(self) -> None:
        """Close the listener and every open connection."""
        if self._server is not None:
            self._server.close()
            self._server.close_clients()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        connection = self.connections
        self.connections += 1
        try:
            for request in itertools.count():
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length:
                    await reader.readexactly(length)
                self.requests += 1
                response = self._reply(connection, request)
                if response is None:
                    return
                writer.write(response)
                await writer.drain()
        except asyncio.IncompleteReadError, ConnectionError:
            pass
        finally:
            writer.close()


def http_response(status: str, body: bytes, headers: str = "") -> bytes:
    """Build a raw keep-alive HTTP/1.1 response."""
    return f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{headers}\r\n".encode() + body
