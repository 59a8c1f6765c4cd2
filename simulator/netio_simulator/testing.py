"""Helpers for tests in other packages: simulated devices that stop themselves.

Example (the test must request the `socket_enabled` fixture)::

    async with simulated_device("powerpdu_8qs", protocols=frozenset({"json", "modbus"})) as dev:
        url = dev.url("json")            # http://127.0.0.1:<port>/netio.json
        dev.device.faults.set("json", latency_s=0.2)
        assert dev.device.outputs[0].state

Everything started here is stopped on exit (servers, hung requests, pulses), so the Home
Assistant test harness finds no lingering tasks, timers or threads.
"""

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

from .runner import DeviceConfig, RunningDevice, Simulator

__all__ = ["DeviceConfig", "RunningDevice", "Simulator", "simulated_device", "simulated_devices"]


@asynccontextmanager
async def simulated_device(
    profile: str,
    *,
    protocols: frozenset[str] = frozenset({"json"}),
    **kwargs: Any,
) -> AsyncIterator[RunningDevice]:
    """Run one device on 127.0.0.1 and yield it.

    `profile`: "netio_4", "netio_4all", "powerpdu_4c", "powerpdu_4ps", "powerpdu_8qs",
    "powerdin_4pz" or "powercable_101x". `protocols`: any of "json", "xml", "url", "modbus",
    "snmp", "kshell". Other keyword arguments are `DeviceConfig` fields, e.g.
    `credentials=Credentials(json=ApiAccounts.both("netio", "netio"))`, `https=True`,
    `outputs=[OutputSpec(name="NAS", load=LoadProfile.constant(40))]`, `json_ver="2.4"`.

    The yielded `RunningDevice` has `.device` (the `SimulatedDevice`: state, `faults`,
    `credentials`, `request_log`, `reboot()`), `.ports` (bound ports by key: "http", "https",
    "modbus", "snmp", "kshell") and `.url(api, https=False)`.
    """
    async with Simulator() as sim:
        yield await sim.add_device(DeviceConfig(profile=profile, protocols=protocols, **kwargs))


@asynccontextmanager
async def simulated_devices(
    *devices: str | DeviceConfig,
    discovery: bool = False,
    reply_port: int | None = None,
    control: bool = False,
) -> AsyncIterator[Simulator]:
    """Run several devices (profile names or full `DeviceConfig`s) and yield the `Simulator`.

    `sim.devices` lists the `RunningDevice`s in order. With `discovery=True` a UDP discover
    responder runs on `sim.discovery_port`; it replies to the request's source port unless a
    `reply_port` is given. With `control=True` the control HTTP API runs on `sim.control_port`.
    """
    async with Simulator() as sim:
        configs: Iterable[DeviceConfig] = (
            d if isinstance(d, DeviceConfig) else DeviceConfig(profile=d) for d in devices
        )
        await sim.add_devices(configs)
        if discovery:
            await sim.start_discovery(
                reply_port=reply_port, reply_to_source_port=reply_port is None
            )
        if control:
            await sim.start_control()
        yield sim
