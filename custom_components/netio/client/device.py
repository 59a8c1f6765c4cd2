"""`NetioClient`: one device, whichever protocol it speaks.

The facade picks a transport (or detects the richest one that works), validates commands before
any I/O, and turns whatever a transport lets slip into the client's error taxonomy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
import logging

import aiohttp

from .errors import (
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioForbiddenError,
    NetioProtocolError,
    NetioTimeoutError,
    NetioUnconfirmedError,
    NetioUnsupportedError,
)
from .models import (
    PULSE_MAX_MS,
    PULSE_MIN_MS,
    Capabilities,
    ConnectionConfig,
    DetectionResult,
    DeviceState,
    OutputAction,
    OutputCommand,
    ProbeResult,
    Protocol,
    pulse_in_range,
    round_pulse_ms,
)
from .transports.base import Transport

_LOGGER = logging.getLogger(__name__)

PROBE_ORDER = (Protocol.JSON, Protocol.XML, Protocol.MODBUS, Protocol.SNMP, Protocol.KSHELL)
"""Richest first: JSON and XML read everything in one request, KSHELL reads only states."""

_GUARD_FACTOR = 3
"""A transport call may take at most this many `timeout`s (a safety net over its own)."""

_NO_PROTOCOL = Capabilities(read=False, write=False)

SNMP_PROBE_S = 1.5
"""How long the search gives SNMP. Over UDP silence is the only "no" of a filtered port or an
agent that ignores the community, so without a limit a device without SNMP would cost the full
timeout (and its retry) before KSHELL is tried; a NETIO agent answers in milliseconds. A closed
port answers "unreachable" at once. Choosing SNMP explicitly keeps the full timeout."""


def transport_class(protocol: Protocol) -> type[Transport]:
    """Return the transport class of a protocol, importing its module on first use.

    pysnmp (SNMPv3) and the other transports load on first use, so a JSON-only client never loads
    them. (An application that must not import in its event loop can import
    `transports.modbus`/`snmp`/`kshell` ahead of time.)
    """
    # Each import is local so that only the protocols in use are loaded.
    if protocol is Protocol.JSON:
        from .transports.json_api import JsonTransport  # noqa: PLC0415

        return JsonTransport
    if protocol is Protocol.XML:
        from .transports.xml_api import XmlTransport  # noqa: PLC0415

        return XmlTransport
    if protocol is Protocol.URL:
        from .transports.url_api import UrlTransport  # noqa: PLC0415

        return UrlTransport
    if protocol is Protocol.MODBUS:
        from .transports.modbus import ModbusTransport  # noqa: PLC0415

        return ModbusTransport
    if protocol is Protocol.SNMP:
        from .transports.snmp import SnmpTransport  # noqa: PLC0415

        return SnmpTransport
    from .transports.kshell import KshellTransport  # noqa: PLC0415

    return KshellTransport


def _error_rank(error: NetioError) -> int:
    """How much an error tells the user when no protocol worked (higher = more telling)."""
    # Authentication errors never get here: they end the search at once.
    if isinstance(error, NetioForbiddenError):
        return 3
    if isinstance(error, NetioProtocolError):
        return 2
    if isinstance(error, NetioConnectionError):
        return 1
    return 0


def _expected_state(command: OutputCommand, previous: DeviceState | None) -> bool | None:
    """Return the state a deterministic action leads to (for a pulse: while it lasts)."""
    output = previous.outputs.get(command.output_id) if previous is not None else None
    return command.action.resulting_state(output.state if output is not None else None)


def _shows(
    state: DeviceState, commands: Sequence[OutputCommand], previous: DeviceState | None
) -> bool:
    """Whether a state already shows the effect of every deterministic command."""
    for command in commands:
        expected = _expected_state(command, previous)
        if expected is None:
            continue
        output = state.outputs.get(command.output_id)
        if output is None or output.state is not expected:
            return False
    return True


class NetioClient:
    """Reads and switches one NETIO device through the best protocol it has enabled."""

    def __init__(
        self,
        config: ConnectionConfig,
        *,
        session: aiohttp.ClientSession,
        protocol: Protocol | None = None,
        write_protocol: Protocol | None = None,
    ) -> None:
        """Set up without I/O; `protocol` None means `detect()` (or the first read) chooses.

        `write_protocol` sends commands through another protocol than the one that reads,
        e.g. `Protocol.URL` (pass phrase `config.url_password`) next to a read-only reader.
        """
        if protocol is Protocol.URL:
            raise NetioUnsupportedError(
                "The URL API cannot read the device; use it as write_protocol next to a "
                "protocol that reads"
            )
        self._config = config
        self._session = session
        self._protocol: Protocol | None = protocol
        self._write_protocol = write_protocol
        self._transport: Transport | None = self._create(protocol) if protocol is not None else None
        self._writer: Transport | None = None
        self._last_state: DeviceState | None = None
        self._guard_s = max(config.timeout * _GUARD_FACTOR, config.timeout + 5)

    @property
    def config(self) -> ConnectionConfig:
        """The connection settings the client was made with."""
        return self._config

    @property
    def protocol(self) -> Protocol | None:
        """The protocol that reads the device; None until `detect()` chose one."""
        return self._protocol

    @property
    def write_protocol(self) -> Protocol | None:
        """The protocol that switches outputs; None until one is known."""
        return self._write_protocol or self._protocol

    @property
    def capabilities(self) -> Capabilities:
        """What the active transport(s) can do; nothing before a protocol is known."""
        reader = self._transport
        if reader is None:
            return _NO_PROTOCOL
        caps = reader.capabilities
        writer = self._write_transport()
        if writer is reader:
            return caps
        wcaps = writer.capabilities
        return Capabilities(
            read=caps.read,
            write=wcaps.write,
            metering=caps.metering,
            inputs=caps.inputs,
            duration_override=wcaps.duration_override,
            multi_output_write=wcaps.multi_output_write,
        )

    @property
    def last_state(self) -> DeviceState | None:
        """The state the last read or command returned."""
        return self._last_state

    def _create(self, protocol: Protocol) -> Transport:
        return transport_class(protocol)(self._config, self._session)

    def _write_transport(self) -> Transport:
        """Return the transport that switches: the reader unless `write_protocol` names another."""
        reader = self._transport
        if reader is None:  # pragma: no cover  # callers make sure a reader exists
            raise NetioUnsupportedError("No protocol chosen yet")
        if self._write_protocol is None or self._write_protocol is self._protocol:
            return reader
        if self._writer is None:
            self._writer = self._create(self._write_protocol)
        return self._writer

    async def _guarded[T](
        self, transport: Transport, call: Awaitable[T], *, deadline_s: float | None = None
    ) -> T:
        """Await a transport call with a hard deadline; map anything foreign into NetioError.

        A transport that `keeps_deadlines` gets no extra one unless the caller asks for a shorter
        limit (skipping it saves a timer per poll on the hot path).
        """
        limit_s = self._guard_s if deadline_s is None else deadline_s
        try:
            if transport.keeps_deadlines and deadline_s is None:
                return await call
            async with asyncio.timeout(limit_s):
                return await call
        except NetioError:
            raise
        except TimeoutError as err:
            raise NetioTimeoutError(
                f"The device at {self._config.host} did not answer within {limit_s:g} s; "
                "check that it is on and reachable"
            ) from err
        except OSError as err:
            raise NetioConnectionError(
                f"Talking to {self._config.host} failed ({err}); check that the device is on"
            ) from err
        except Exception as err:  # a transport bug must not reach the caller as a foreign type
            _LOGGER.debug("Unexpected error from a transport", exc_info=True)
            raise NetioProtocolError(
                f"The device's reply could not be handled ({type(err).__name__}: {err})"
            ) from err

    async def detect(self, preferred: Protocol | None = None) -> DetectionResult:
        """Find the richest protocol that reads the device and make it the active one.

        With `preferred`, only that protocol is tried and its error propagates. Otherwise
        JSON, XML, Modbus, SNMP and KSHELL are probed in that order until one reads; wrong
        credentials stop the search (a richer API is on, its account is wrong). When none
        works, the most telling error is raised: authentication, then forbidden (API
        disabled), then protocol, then connection/timeout.
        """
        if preferred is Protocol.URL:
            raise NetioUnsupportedError(
                "The URL API cannot read the device; choose JSON, XML, Modbus, SNMP or KSHELL"
            )
        candidates = PROBE_ORDER if preferred is None else (preferred,)
        probes: list[ProbeResult] = []
        errors: list[NetioError] = []
        http_unreachable: NetioError | None = None
        for protocol in candidates:
            if protocol is Protocol.XML and http_unreachable is not None:
                # Same port as JSON: when that cannot be reached, neither can this.
                probes.append(ProbeResult(protocol=protocol, ok=False, error=str(http_unreachable)))
                continue
            try:
                state = await self._probe(protocol, searching=preferred is None)
            except NetioError as err:
                if preferred is not None or isinstance(err, NetioAuthenticationError):
                    raise
                _LOGGER.debug("Probing %s on %s failed: %s", protocol, self._config.host, err)
                probes.append(ProbeResult(protocol=protocol, ok=False, error=str(err)))
                errors.append(err)
                if protocol is Protocol.JSON and type(err) in (
                    NetioConnectionError,
                    NetioTimeoutError,
                ):
                    http_unreachable = err
                continue
            probes.append(ProbeResult(protocol=protocol, ok=True))
            return DetectionResult(
                protocol=protocol,
                state=state,
                capabilities=self.capabilities,
                probes=tuple(probes),
            )
        raise max(errors, key=_error_rank)

    async def _probe(self, protocol: Protocol, *, searching: bool = False) -> DeviceState:
        """Read the device through one protocol; on success make that transport active.

        While `searching`, SNMP gets one short try (`SNMP_PROBE_S`).
        """
        transport = self._create(protocol)
        deadline_s = None
        if searching and protocol is Protocol.SNMP:
            deadline_s = min(SNMP_PROBE_S, self._guard_s)
        try:
            state = await self._guarded(transport, transport.read_state(), deadline_s=deadline_s)
        except NetioError:
            await self._close_transport(transport)
            raise
        previous = self._transport
        self._transport = transport
        self._protocol = protocol
        self._last_state = state
        if previous is not None:
            await self._close_transport(previous)
        if self._writer is not None and self._write_protocol is protocol:
            await self._close_transport(self._writer)
            self._writer = None
        return state

    async def get_state(self) -> DeviceState:
        """Read the device's state (detecting the protocol first if none is chosen)."""
        transport = self._transport
        if transport is None:
            return (await self.detect()).state
        state = await self._guarded(transport, transport.read_state())
        self._last_state = state
        return state

    async def set_output(
        self, output_id: int, action: OutputAction, duration_ms: int | None = None
    ) -> DeviceState:
        """Apply one action to one output; see `send`."""
        return await self.send([OutputCommand(output_id, action, duration_ms)])

    async def send(self, commands: Sequence[OutputCommand]) -> DeviceState:
        """Apply actions (validated before any write) and return the device's state after them.

        A duration is allowed only with short OFF/ON, 100..3 600 000 ms, and is rounded up to
        whole 100 ms. When the transport's reply does not show what a deterministic action
        must have done (or carries no state), the state is read once more; when that read
        fails, `NetioUnconfirmedError` says the command was taken all the same.
        """
        if self._last_state is None:
            await self.get_state()
        previous = self._last_state
        reader = self._transport
        if previous is None or reader is None:  # pragma: no cover  # get_state() set both
            raise NetioUnsupportedError("No protocol chosen yet")
        writer = self._write_transport()
        normalized = self._validate(commands, previous, writer.capabilities)
        reply = await self._guarded(writer, writer.send_actions(normalized))
        if reply is None or not _shows(reply, normalized, previous):
            try:
                reply = await self._guarded(reader, reader.read_state())
            except NetioError as err:
                raise NetioUnconfirmedError(
                    "The device took the command, but reading its state afterwards failed "
                    f"({err}); its state is unknown until the next successful read"
                ) from err
        self._last_state = reply
        return reply

    def _validate(
        self, commands: Sequence[OutputCommand], state: DeviceState, caps: Capabilities
    ) -> list[OutputCommand]:
        """Check and normalise commands; every problem is a `NetioUnsupportedError`."""
        if not caps.write:
            raise NetioUnsupportedError(
                f"{self.write_protocol} cannot switch outputs on this device; choose a "
                "protocol with write access"
            )
        if not commands:
            raise NetioUnsupportedError("No output action was given")
        if len(commands) > 1 and not caps.multi_output_write:
            raise NetioUnsupportedError(
                f"{self.write_protocol} switches one output per request; send one command at a time"
            )
        normalized: list[OutputCommand] = []
        seen: set[int] = set()
        for command in commands:
            output_id = command.output_id
            if (
                not isinstance(output_id, int)
                or isinstance(output_id, bool)
                or output_id not in state.outputs
            ):
                known = ", ".join(str(i) for i in state.outputs)
                raise NetioUnsupportedError(
                    f"The device has no output {output_id!r}; its outputs are {known}"
                )
            if output_id in seen:
                raise NetioUnsupportedError(f"Output {output_id} is given more than one action")
            seen.add(output_id)
            action = self._validate_action(command.action)
            duration = self._validate_duration(command.duration_ms, action, caps)
            normalized.append(OutputCommand(output_id, action, duration))
        return normalized

    @staticmethod
    def _validate_action(value: object) -> OutputAction:
        try:
            action = OutputAction(value)  # type: ignore[arg-type]
        except ValueError, TypeError:
            action = None
        if action is None or action is OutputAction.IGNORE or isinstance(value, bool):
            raise NetioUnsupportedError(
                f"{value!r} is no output action; use 0 (off) to 5 (no change)"
            )
        return action

    def _validate_duration(
        self, duration: object, action: OutputAction, caps: Capabilities
    ) -> int | None:
        if duration is None:
            return None
        if not action.is_pulse:
            raise NetioUnsupportedError(
                "A duration applies only to short OFF and short ON; leave it out"
            )
        if (
            not isinstance(duration, int)
            or isinstance(duration, bool)
            or not pulse_in_range(duration)
        ):
            raise NetioUnsupportedError(
                f"The duration must be {PULSE_MIN_MS} to {PULSE_MAX_MS} ms, not {duration!r}"
            )
        if not caps.duration_override:
            raise NetioUnsupportedError(
                f"{self.write_protocol} cannot set the pulse length per command; leave the "
                "duration out to use the output's configured delay"
            )
        return round_pulse_ms(duration)

    async def check_write_access(self) -> None:
        """Send a harmless write (no change on output 1) to learn whether writes are allowed.

        Raises `NetioReadOnlyError`, `NetioApiDisabledError` or `NetioAuthenticationError`
        when the device refuses it, `NetioUnsupportedError` when the protocol cannot write.
        """
        if self._transport is None:
            await self.detect()
        writer = self._write_transport()
        if not writer.capabilities.write:
            raise NetioUnsupportedError(
                f"{self.write_protocol} cannot switch outputs; choose a protocol with write access"
            )
        await self._guarded(writer, writer.send_actions([OutputCommand(1, OutputAction.NO_CHANGE)]))

    async def close(self) -> None:
        """Close the transports' own connections; the injected session stays open."""
        for transport in (self._transport, self._writer):
            if transport is not None:
                await self._close_transport(transport)

    async def _close_transport(self, transport: Transport) -> None:
        try:
            await self._guarded(transport, transport.close())
        except NetioError as err:
            _LOGGER.debug("Closing the %s transport failed: %s", transport.protocol, err)
