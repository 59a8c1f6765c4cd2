"""Telnet/KSHELL: NETIO's line protocol (protocol notes §6) on one kept-open connection.

The device greets with `100 HELLO <salt>`; the transport logs in with the hashed `clogin`
(falling back to plain `login` only if the device does not know `clogin`), then a poll is one
`port list` (plus `input list` where the device has inputs). Every write, for one output or
several, is one `port list <chars>` with `u` for the outputs left alone. KSHELL has no
metering, no per-request pulse time and no short ON.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
import hashlib
import re
from typing import ClassVar, Literal

import aiohttp

from ..errors import (
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
    NetioUnsupportedError,
)
from ..models import (
    Capabilities,
    ConnectionConfig,
    DeviceState,
    InputState,
    OutputAction,
    OutputCommand,
    OutputState,
    Protocol,
    SystemInfo,
)
from .base import Transport

OK = 250
HELLO = 100
BYE = 110
INVALID_VALUE = 500
INVALID_PARAMETER = 501
UNKNOWN_COMMAND = 502
INVALID_LOGIN = 503
ALREADY_LOGGED_IN = 504
FORBIDDEN = 505
MAX_OUTPUTS = 64
MAX_LINE_BYTES = 4096

_REPLY = re.compile(r"(\d{3})(?:[ -](.*))?")
_SALT = re.compile(r"HELLO\s+([0-9A-Fa-f]{8})\b")
_STATES = re.compile(r"[01]+")
_ACTION_CHARS: dict[OutputAction, str] = {
    OutputAction.OFF: "0",
    OutputAction.ON: "1",
    OutputAction.SHORT_OFF: "i",
    OutputAction.NO_CHANGE: "u",
}
_ENABLE_HINT = (
    "enable Telnet/KSHELL in the device's web interface (Settings > M2M API Protocols) "
    "and check the port"
)

type Purpose = Literal["read", "write", "login"]


def parse_reply(line: str) -> tuple[int, str]:
    """Split a reply line `<code> <text>` into its parts."""
    match = _REPLY.fullmatch(line.strip())
    if match is None:
        raise NetioProtocolError(f"Unexpected KSHELL reply {line[:60]!r}")
    return int(match.group(1)), (match.group(2) or "").strip()


def parse_salt(greeting: str) -> str | None:
    """The 8 hex digits of `100 HELLO <salt>`; None if the greeting carries none."""
    code, text = parse_reply(greeting)
    if code != HELLO:
        raise NetioProtocolError(f"Unexpected KSHELL greeting {greeting[:60]!r}")
    match = _SALT.match(text)
    return None if match is None else match.group(1)


def login_hash(username: str, password: str, salt: str) -> str:
    """The `clogin` proof: md5 hex of user + password + the greeting's salt."""
    digest = hashlib.md5((username + password + salt).encode(), usedforsecurity=False)
    return digest.hexdigest()


def parse_bits(text: str, what: str) -> list[bool]:
    """Parse `1001`-style state characters (one per output or input)."""
    value = text.strip()
    if _STATES.fullmatch(value) is None or len(value) > MAX_OUTPUTS:
        raise NetioProtocolError(f"Unexpected KSHELL {what} {text[:60]!r}")
    return [char == "1" for char in value]


def build_state(
    outputs: Sequence[bool],
    inputs: Sequence[bool] | None,
    *,
    name: str | None = None,
    firmware: str | None = None,
    fetched_at: datetime | None = None,
) -> DeviceState:
    """Build the device state from `port list` (and `input list`) characters."""
    return DeviceState(
        info=SystemInfo(
            name=name,
            firmware=firmware,
            num_outputs=len(outputs),
            num_inputs=None if inputs is None else len(inputs),
        ),
        outputs={
            output_id: OutputState(id=output_id, state=on)
            for output_id, on in enumerate(outputs, start=1)
        },
        inputs={
            input_id: InputState(id=input_id, state=on)
            for input_id, on in enumerate(inputs or (), start=1)
        },
        protocol=Protocol.KSHELL,
        fetched_at=fetched_at,
    )


def check_command(command: OutputCommand) -> None:
    """Refuse what KSHELL cannot carry before any I/O."""
    if command.duration_ms is not None:
        raise NetioUnsupportedError(
            "Telnet/KSHELL cannot give a short OFF its own duration; the output's configured "
            "time applies"
        )
    if command.action not in _ACTION_CHARS and command.action is not OutputAction.TOGGLE:
        raise NetioUnsupportedError(
            f"Telnet/KSHELL cannot do {command.action!r}; use the JSON, XML, URL, Modbus/TCP or "
            "SNMP API for a short ON"
        )
    if not 1 <= command.output_id <= MAX_OUTPUTS:
        raise NetioUnsupportedError(f"The device has no output {command.output_id}")


def port_list_chars(commands: Sequence[OutputCommand], states: Sequence[bool]) -> str:
    """The `port list` argument for commands on distinct outputs; TOGGLE uses `states`."""
    chars = ["u"] * len(states)
    for command in commands:
        if not 1 <= command.output_id <= len(states):
            raise NetioUnsupportedError(f"The device has no output {command.output_id}")
        if command.action is OutputAction.TOGGLE:
            chars[command.output_id - 1] = "0" if states[command.output_id - 1] else "1"
        else:
            chars[command.output_id - 1] = _ACTION_CHARS[command.action]
    return "".join(chars)


def reply_error(code: int, text: str, command: str, purpose: Purpose) -> NetioError:
    """Map a KSHELL error code to the error taxonomy."""
    if code == INVALID_LOGIN:
        return NetioAuthenticationError(
            "The device rejected the Telnet/KSHELL user name or password (503 INVALID LOGIN)"
        )
    if code == FORBIDDEN:
        if purpose == "write":
            return NetioReadOnlyError(
                "The Telnet/KSHELL account may not switch outputs (505 FORBIDDEN); use an "
                "account with write access"
            )
        return NetioAuthenticationError(
            "The device needs a Telnet/KSHELL login to read (505 FORBIDDEN); enter the "
            "user name and password"
        )
    return NetioProtocolError(f"The device answered {code} {text} to {command!r}")


class _ConnectionLostError(Exception):
    """The connection ended before a reply began (the caller may retry on a fresh one)."""


class KshellTransport(Transport):
    """Reads and switches a NETIO device over Telnet/KSHELL."""

    protocol: ClassVar[Protocol] = Protocol.KSHELL

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Keep the settings; the connection opens on the first request."""
        super().__init__(config, session)
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._num_outputs: int | None = None
        self._has_inputs: bool | None = None
        self._identity: tuple[str | None, str | None] | None = None
        self._lock = asyncio.Lock()

    @property
    def capabilities(self) -> Capabilities:
        """ON/OFF/short OFF (and TOGGLE by reading first) for several outputs at once."""
        return Capabilities(
            metering=False,
            inputs=bool(self._has_inputs),
            duration_override=False,
            multi_output_write=True,
        )

    async def read_state(self) -> DeviceState:
        """`port list` (and `input list`); alias and version once per transport."""
        async with self._lock:
            return await self._run(self._read_state, retry_safe=True)

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """One `port list <chars>` per run of distinct outputs; returns None (caller re-reads)."""
        for command in commands:
            check_command(command)
        if not commands:
            return None
        idempotent = all(command.action in _ACTION_CHARS for command in commands) and not any(
            command.action is OutputAction.SHORT_OFF for command in commands
        )

        async def write_all() -> None:
            batch: dict[int, OutputCommand] = {}
            for command in commands:
                if command.output_id in batch:
                    await self._write_batch(list(batch.values()))
                    batch = {}
                batch[command.output_id] = command
            await self._write_batch(list(batch.values()))

        async with self._lock:
            await self._run(write_all, retry_safe=idempotent)
        return None

    async def close(self) -> None:
        """Say `quit` when idle, then close the connection."""
        writer = self._writer
        if writer is None:
            return
        if not self._lock.locked():
            with suppress(NetioError, _ConnectionLostError):
                await self._exchange(
                    "quit", "read", expect=BYE, wait_s=min(1.0, self._config.timeout)
                )
        self._disconnect()
        with suppress(OSError, TimeoutError):
            async with asyncio.timeout(1):
                await writer.wait_closed()

    # -- operations ------------------------------------------------------------------------

    async def _run[T](self, operation: Callable[[], Awaitable[T]], *, retry_safe: bool) -> T:
        """Run with a logged-in connection; retry once if a kept connection went stale."""
        reused = await self._ensure_connected()
        try:
            return await operation()
        except _ConnectionLostError as err:
            self._disconnect()
            if not (reused and retry_safe):
                raise NetioConnectionError(
                    f"The device closed the Telnet/KSHELL connection; {_ENABLE_HINT}"
                ) from err
        await self._ensure_connected()
        try:
            return await operation()
        except _ConnectionLostError as err:
            self._disconnect()
            raise NetioConnectionError(
                f"The device closed the Telnet/KSHELL connection; {_ENABLE_HINT}"
            ) from err

    async def _read_state(self) -> DeviceState:
        if self._identity is None:
            self._identity = (await self._optional("alias"), await self._optional("version"))
        outputs = parse_bits(await self._exchange("port list", "read"), "port list")
        if not outputs:
            raise NetioProtocolError("The device lists no outputs over Telnet/KSHELL")
        self._num_outputs = len(outputs)
        inputs: list[bool] | None = None
        if self._has_inputs is None:
            text = await self._optional("input list")
            self._has_inputs = bool(text and _STATES.fullmatch(text))
            inputs = parse_bits(text, "input list") if self._has_inputs and text else None
        elif self._has_inputs:
            inputs = parse_bits(await self._exchange("input list", "read"), "input list")
        name, firmware = self._identity
        return build_state(
            outputs, inputs, name=name, firmware=firmware, fetched_at=datetime.now(UTC)
        )

    async def _optional(self, command: str) -> str | None:
        """A read the device may not know: None on 500/501/502 (and on an empty answer)."""
        code, text = await self._command(command)
        if code in {INVALID_VALUE, INVALID_PARAMETER, UNKNOWN_COMMAND}:
            return None
        if code != OK:
            raise reply_error(code, text, command, "read")
        return text or None

    async def _write_batch(self, commands: Sequence[OutputCommand]) -> None:
        needs_states = self._num_outputs is None or any(
            command.action is OutputAction.TOGGLE for command in commands
        )
        if needs_states:
            states = parse_bits(await self._exchange("port list", "read"), "port list")
            self._num_outputs = len(states)
        else:
            states = [False] * (self._num_outputs or 0)
        await self._exchange(f"port list {port_list_chars(commands, states)}", "write")

    # -- connection and line I/O -----------------------------------------------------------

    async def _ensure_connected(self) -> bool:
        """Connect and log in unless connected; return whether the connection was reused."""
        if self._writer is not None and not self._writer.is_closing():
            return True
        self._disconnect()
        config = self._config
        where = f"{config.host}:{config.kshell_port}"
        try:
            async with asyncio.timeout(config.timeout):
                self._reader, self._writer = await asyncio.open_connection(
                    config.host, config.kshell_port, limit=MAX_LINE_BYTES
                )
        except TimeoutError as err:
            raise NetioTimeoutError(
                f"No Telnet/KSHELL answer from {where} within {config.timeout:g} s; "
                f"check the address, or {_ENABLE_HINT}"
            ) from err
        except OSError as err:
            raise NetioConnectionError(
                f"Cannot connect to Telnet/KSHELL at {where}: {_ENABLE_HINT}"
            ) from err
        logged_in = False
        try:
            greeting = await self._read_line(config.timeout)
            await self._login(parse_salt(greeting))
            logged_in = True
        except _ConnectionLostError as err:
            raise NetioConnectionError(
                f"The device closed the Telnet/KSHELL connection at once: {_ENABLE_HINT}"
            ) from err
        finally:
            if not logged_in:  # failed or cancelled: never reuse a session without login
                self._disconnect()
        return False

    async def _login(self, salt: str | None) -> None:
        user, password = self._config.username, self._config.password
        if not user:
            return  # an open device: no login
        if salt is not None:
            code, text = await self._command(f"clogin {user} {login_hash(user, password, salt)}")
            if code in {OK, ALREADY_LOGGED_IN}:
                return
            if code != UNKNOWN_COMMAND:
                raise reply_error(code, text, "clogin", "login")
        await self._exchange(f"login {user} {password}", "login", shown="login")

    async def _exchange(
        self,
        command: str,
        purpose: Purpose,
        *,
        expect: int = OK,
        wait_s: float | None = None,
        shown: str | None = None,
    ) -> str:
        """Send a command, return the text of its `expect` reply or raise the mapped error."""
        code, text = await self._command(command, wait_s=wait_s)
        if code == ALREADY_LOGGED_IN and purpose == "login":
            return text
        if code != expect:
            raise reply_error(code, text, shown or command, purpose)
        return text

    async def _command(self, command: str, *, wait_s: float | None = None) -> tuple[int, str]:
        writer = self._writer
        if writer is None:
            raise _ConnectionLostError
        try:
            writer.write(command.encode() + b"\r\n")
            await writer.drain()
            line = await self._read_line(wait_s or self._config.timeout)
        except OSError as err:
            raise _ConnectionLostError from err
        except asyncio.CancelledError:
            self._disconnect()  # a late reply must not answer the next command
            raise
        try:
            return parse_reply(line)
        except NetioProtocolError:
            self._disconnect()  # the session is out of step: start afresh next time
            raise

    async def _read_line(self, wait_s: float) -> str:
        """One reply line; a cut line or garbage is a protocol error, EOF a lost connection."""
        reader = self._reader
        if reader is None:
            raise _ConnectionLostError
        try:
            async with asyncio.timeout(wait_s):
                raw = await reader.readline()
        except TimeoutError as err:
            self._disconnect()
            raise NetioTimeoutError(
                f"The device did not answer over Telnet/KSHELL within {wait_s:g} s"
            ) from err
        except (ValueError, asyncio.LimitOverrunError) as err:
            self._disconnect()
            raise NetioProtocolError("The device sent an over-long Telnet/KSHELL line") from err
        except OSError as err:
            raise _ConnectionLostError from err
        if not raw:
            raise _ConnectionLostError
        if not raw.endswith(b"\n"):
            self._disconnect()
            raise NetioProtocolError("The device cut its Telnet/KSHELL reply short")
        text = raw.decode("utf-8", errors="replace")
        return "".join(char for char in text if char.isprintable())

    def _disconnect(self) -> None:
        writer, self._writer, self._reader = self._writer, None, None
        if writer is not None:
            writer.close()
