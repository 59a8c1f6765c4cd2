"""Simulated hosts: a router or server "plugged into" an output of a simulated NETIO device.

A host serves one TCP port on 127.0.0.1 that is also an HTTP endpoint (`GET /` answers 200 with
the host's name). It answers only while

- its output is on, and has been on for `boot_s` seconds of the device's clock (a restart makes
  it boot again), and
- it is not hung (`hang()` / `unhang()`, or the control API's `POST /hosts/<name>/hang`).

While it does not answer, its port is closed (a TCP connect is refused, so a watchdog's TCP and
HTTP checks fail at once, without waiting for a timeout); a request that still arrives gets 503.
Power-cycling the output un-hangs it: a restart is a fresh boot.

Lookup for other parts of the simulator (e.g. a NETIO rules engine whose `WDT/<name>/FAIL`
condition needs to know whether a target answers): `simulator.hosts[name].answering` (a property
evaluated on the device's clock at the moment it is read) or `simulator.host_answering(name)`;
`SimulatedHost.address` is "127.0.0.1:<port>" and `.port` the port.

The port is opened and closed when something changes: a switch of the output, hang/unhang, and
(with the real clock) a timer at the end of the boot time. With a manual device clock, call
`await host.async_refresh()` after moving the clock so the port follows.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
import time

from aiohttp import web

from .device import SimOutput
from .metering import Clock

DEFAULT_BOOT_S = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class HostConfig:
    """A host: its name, the device (id) and output (1-based) it hangs on, its boot time."""

    name: str
    device: str
    output: int
    boot_s: float = DEFAULT_BOOT_S
    port: int = 0


class SimulatedHost:
    """One host on an output; see the module docstring."""

    def __init__(
        self,
        name: str,
        output: SimOutput,
        *,
        clock: Clock | None = None,
        boot_s: float = DEFAULT_BOOT_S,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        """Plug the host into `output` (on the device's clock unless `clock` is given).

        An output that is on now counts as booted long ago.
        """
        self.name = name
        self.output = output
        self.boot_s = boot_s
        self.host = host
        self.port = port
        self.hung = False
        self._clock = clock = clock or output.clock
        self._on_since: float | None = clock() - boot_s if output.state else None
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self._lock = asyncio.Lock()
        self._boot_timer: asyncio.TimerHandle | None = None
        self._pending: set[asyncio.Task[None]] = set()
        output.switch_hooks.append(self._switched)

    @property
    def address(self) -> str:
        """host:port of the host's TCP/HTTP endpoint."""
        return f"{self.host}:{self.port}"

    @property
    def answering(self) -> bool:
        """Whether the host answers now (output on, booted, not hung)."""
        on = self.output.state  # lets a finished pulse take effect first
        return (
            on
            and not self.hung
            and self._on_since is not None
            and self._clock() - self._on_since >= self.boot_s
        )

    def hang(self) -> None:
        """The host stops answering until unhung or power-cycled."""
        self.hung = True
        self._schedule_refresh()

    def unhang(self) -> None:
        """The host answers again (when its output is on and it has booted)."""
        self.hung = False
        self._schedule_refresh()

    def describe(self) -> dict[str, object]:
        """Plain data for the control API."""
        return {
            "name": self.name,
            "output": self.output.id,
            "port": self.port,
            "boot_s": self.boot_s,
            "hung": self.hung,
            "answering": self.answering,
        }

    # Life cycle -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind the port (kept for the host's life) and open it if the host answers."""
        app = web.Application()
        app.router.add_get("/", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # noqa: SLF001
        self._site = site
        await self.async_refresh()

    async def stop(self) -> None:
        """Close the port and forget the output."""
        if self._switched in self.output.switch_hooks:
            self.output.switch_hooks.remove(self._switched)
        if self._boot_timer is not None:
            self._boot_timer.cancel()
        for task in list(self._pending):
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
        self._runner = self._site = None

    async def async_refresh(self) -> None:
        """Open or close the port to match `answering`."""
        async with self._lock:
            if self._runner is None:
                return
            answering = self.answering
            if answering and self._site is None:
                site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
                await site.start()
                self._site = site
            elif not answering and self._site is not None:
                site, self._site = self._site, None
                await site.stop()

    # Internals --------------------------------------------------------------------------------

    def _switched(self, on: bool, when: float) -> None:
        if on and self._on_since is None:
            self._on_since = when
            self.hung = False  # a power cycle is a fresh boot
        elif not on:
            self._on_since = None
        self._schedule_refresh()
        if on and self._clock is time.monotonic:
            self._schedule_boot_timer(when)

    def _schedule_boot_timer(self, since: float) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self._boot_timer is not None:
            self._boot_timer.cancel()
        delay = max(0.0, since + self.boot_s - time.monotonic())
        self._boot_timer = loop.call_later(delay, self._schedule_refresh)

    def _schedule_refresh(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self.async_refresh())
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _handle(self, _request: web.Request) -> web.Response:
        if not self.answering:
            return web.Response(status=503, text="not answering")
        return web.Response(text=self.name)
