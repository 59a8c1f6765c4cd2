"""Telnet/KSHELL server: NETIO's line protocol for switching outputs (docs/protocol-notes.md §6).

Session: the device greets with `100 HELLO <8 hex> - KSHELL V1.5`; the client logs in with
`login <user> <pass>` or `clogin <user> <md5hex(user + pass + hex)>`; then commands, one per
CRLF-terminated line, each answered by one line `<code> <text>`:

- `port list` -> `250 1001` (one char per output); `port list <chars>` sets all outputs,
  one char each: `0` off, `1` on, `i` power-cycle with the output's delay, `u` unchanged.
- `port <n>` -> `250 0|1`; `port <n> <0|1|i|int|u>` -> `250 OK`.
- `input list` -> one char per input; `uptime` -> seconds since boot; `version` -> firmware;
  `alias` -> device name; `quit` -> `110 BYE` and the connection closes.
- Errors: 500 INVALID VALUE, 501 INVALID PARAMETER, 502 UNKNOWN COMMAND, 503 INVALID LOGIN,
  504 ALREADY LOGGED IN, 505 FORBIDDEN (not logged in, or a read account writing).

Accounts come from `credentials.kshell`: the write account may also read; an account with an
empty username leaves its level open without login. The exact texts of `uptime` and
`input list` are not documented anywhere we found; these formats are our choice.
"""

import asyncio
import contextlib
from dataclasses import dataclass
import hashlib
import hmac
import os
import re
import secrets
import socket
import struct
from typing import Final, Literal

from ..credentials import Account
from ..device import OutputAction, SimulatedDevice
from ..faults import EffectiveFaults

PROTOCOL: Final = "kshell"
KSHELL_VERSION: Final = "V1.5"
MAX_LINE_BYTES: Final = 1024
_READ_CHUNK: Final = 4096
_TELNET_COMMAND = re.compile(rb"\xff[\xfb-\xfe].|\xff[\xf0-\xfa]", re.DOTALL)

OK: Final = "250 OK"
BYE: Final = "110 BYE"
INVALID_VALUE: Final = "500 INVALID VALUE"
INVALID_PARAMETER: Final = "501 INVALID PARAMETER"
UNKNOWN_COMMAND: Final = "502 UNKNOWN COMMAND"
INVALID_LOGIN: Final = "503 INVALID LOGIN"
ALREADY_LOGGED_IN: Final = "504 ALREADY LOGGED IN"
FORBIDDEN: Final = "505 FORBIDDEN"

type Level = Literal["read", "write"]

# Port action characters: NETIO action code, or None for "leave unchanged".
_PORT_ACTIONS: Final[dict[str, int | None]] = {
    "0": OutputAction.OFF,
    "1": OutputAction.ON,
    "i": OutputAction.SHORT_OFF,
    "int": OutputAction.SHORT_OFF,
    "u": None,
}


@dataclass(slots=True)
class Reply:
    """One answer line, what the request log records, and whether the session ends."""

    line: str
    kind: Level = "read"
    close: bool = False


class KshellSession:
    """The state of one connection: the greeting's salt and who is logged in."""

    def __init__(self, device: SimulatedDevice, salt: str) -> None:
        """Start a session; `salt` is the 8 hex digits the greeting shows."""
        self.device = device
        self.salt = salt
        self.level: Level | None = None

    @property
    def greeting(self) -> str:
        """Return the line the device sends on connect."""
        return f"100 HELLO {self.salt} - KSHELL {KSHELL_VERSION}"

    def _may(self, level: Level) -> bool:
        accounts = self.device.credentials.kshell
        if self.level == "write" or accounts.write.open:
            return True
        if level == "read":
            return self.level == "read" or accounts.read.open
        return False

    def _login(self, args: list[str], hashed: bool) -> Reply:
        if self.level is not None:
            return Reply(ALREADY_LOGGED_IN)
        if len(args) != 2:  # noqa: PLR2004 - user and password (or hash)
            return Reply(INVALID_PARAMETER)
        user, secret = args
        accounts = self.device.credentials.kshell
        for level, account in (("write", accounts.write), ("read", accounts.read)):
            if self._matches(account, user, secret, hashed):
                self.level = level  # type: ignore[assignment]
                return Reply(OK)
        return Reply(INVALID_LOGIN)

    def _matches(self, account: Account, user: str, secret: str, hashed: bool) -> bool:
        if not hashed:
            return account.matches(user, secret)
        if not account.enabled or not account.username or user != account.username:
            return False
        expected = hashlib.md5(  # noqa: S324 - MD5 is what the protocol specifies
            (account.username + account.password + self.salt).encode()
        ).hexdigest()
        return hmac.compare_digest(expected.encode(), secret.lower().encode())

    def _states(self) -> str:
        return "".join("1" if out.state else "0" for out in self.device.outputs)

    def _deny(self, level: Level) -> Reply | None:
        """Return 505 when the session may not do this (read-only fault included), else None."""
        if not self._may(level) or (level == "write" and self._read_only()):
            return Reply(FORBIDDEN, level)
        return None

    def _port(self, args: list[str]) -> Reply:
        if not args:
            return Reply(INVALID_PARAMETER)
        if args[0].lower() == "list":
            return self._port_list(args[1:])
        level: Level = "write" if len(args) > 1 else "read"
        if denied := self._deny(level):
            return denied
        try:
            output = self.device.output(int(args[0]))
        except ValueError:
            return Reply(INVALID_PARAMETER, level)
        if level == "read":
            return Reply(f"250 {int(output.state)}")
        return self._switch(output.id, args[1:])

    def _switch(self, output_id: int, args: list[str]) -> Reply:
        if len(args) > 1:
            return Reply(INVALID_PARAMETER, "write")
        action_char = args[0].lower()
        if action_char not in _PORT_ACTIONS:
            return Reply(INVALID_VALUE, "write")
        if (action := _PORT_ACTIONS[action_char]) is not None:
            self.device.apply_action(output_id, action)
        return Reply(OK, "write")

    def _port_list(self, args: list[str]) -> Reply:
        level: Level = "write" if args else "read"
        if denied := self._deny(level):
            return denied
        if not args:
            return Reply(f"250 {self._states()}")
        if len(args) != 1 or len(args[0]) != len(self.device.outputs):
            return Reply(INVALID_PARAMETER, level)
        chars = args[0].lower()
        if any(ch not in _PORT_ACTIONS for ch in chars):
            return Reply(INVALID_VALUE, level)
        for output_id, ch in enumerate(chars, start=1):
            if (action := _PORT_ACTIONS[ch]) is not None:
                self.device.apply_action(output_id, action)
        return Reply(OK, level)

    def _read_only(self) -> bool:
        return self.device.faults.for_protocol(PROTOCOL).read_only

    def _info(self, command: str, args: list[str]) -> Reply:
        if denied := self._deny("read"):
            return denied
        if args:
            return Reply(INVALID_PARAMETER)
        dev = self.device
        if command == "uptime":
            return Reply(f"250 {dev.uptime_s}")
        if command == "version":
            return Reply(f"250 {dev.profile.firmware}")
        return Reply(f"250 {dev.name}")

    def _input(self, args: list[str]) -> Reply:
        if denied := self._deny("read"):
            return denied
        if [a.lower() for a in args] != ["list"]:
            return Reply(INVALID_PARAMETER)
        return Reply("250 " + "".join("1" if inp.state else "0" for inp in self.device.inputs))

    def handle(self, line: str) -> Reply:
        """Answer one command line (without its line ending)."""
        words = line.split()
        command, args = words[0].lower(), words[1:]
        if command == "quit":
            return Reply(BYE, close=True)
        if command in {"login", "clogin"}:
            return self._login(args, hashed=command == "clogin")
        if command == "port":
            return self._port(args)
        if command in {"uptime", "version", "alias"}:
            return self._info(command, args)
        if command == "input":
            return self._input(args)
        return Reply(UNKNOWN_COMMAND)


def _log_detail(line: str) -> str:
    """Return the command for the request log, without passwords or hashes."""
    words = line.split()
    if words and words[0].lower() in {"login", "clogin"}:
        return " ".join([*words[:2], "***"][:3])
    return line[:80]


class _LineReader:
    """Split a byte stream into lines, flagging (and skipping) over-long ones."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader
        self._buffer = bytearray()
        self._discarding = False

    async def next_line(self) -> tuple[bytes, bool] | None:
        """Return (line, too_long) for the next line; None at EOF."""
        while True:
            newline = self._buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self._buffer[:newline])
                del self._buffer[: newline + 1]
                too_long = self._discarding or len(line) > MAX_LINE_BYTES
                self._discarding = False
                return (b"", True) if too_long else (line, False)
            if len(self._buffer) > MAX_LINE_BYTES:
                self._buffer.clear()
                self._discarding = True
            chunk = await self._reader.read(_READ_CHUNK)
            if not chunk:
                return None
            self._buffer += chunk


def _decode(raw: bytes) -> str:
    """Turn a received line into text: telnet commands and control characters removed."""
    text = _TELNET_COMMAND.sub(b"", raw).decode("utf-8", errors="replace")
    return "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()


class KshellServer:
    """NETIO Telnet/KSHELL for one simulated device."""

    def __init__(self, device: SimulatedDevice) -> None:
        """Serve `device`; call `start()` to listen."""
        self.device = device
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Listen on host:port (0 = any free port); return the bound port."""
        if self._server is not None:
            raise RuntimeError("KSHELL server already started")
        self._server = await asyncio.start_server(self._serve, host, port, limit=MAX_LINE_BYTES * 4)
        bound: int = self._server.sockets[0].getsockname()[1]
        return bound

    async def stop(self) -> None:
        """Close the listener and every session."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        handlers = list(self._handlers)
        for task in handlers:
            task.cancel()
        if handlers:
            await asyncio.gather(*handlers, return_exceptions=True)
        if server is not None:
            await server.wait_closed()

    @property
    def connections(self) -> int:
        """Open sessions (for tests and the control API)."""
        return len(self._handlers)

    def _faults(self) -> EffectiveFaults:
        return self.device.faults.for_protocol(PROTOCOL)

    def _unreachable(self, faults: EffectiveFaults) -> bool:
        return faults.api_disabled or self.device.is_down

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            await self._session(reader, writer)
        except ConnectionError, asyncio.IncompleteReadError:
            pass
        finally:
            if task is not None:
                self._handlers.discard(task)
            writer.close()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._unreachable(self._faults()):
            _reset(writer)
            return
        session = KshellSession(self.device, f"{secrets.randbits(32):08X}")
        writer.write(session.greeting.encode() + b"\r\n")
        lines = _LineReader(reader)
        while (received := await lines.next_line()) is not None:
            raw, too_long = received
            text = _decode(raw)
            if not text and not too_long:
                continue  # an empty line (or only telnet negotiation): nothing to answer
            reply = Reply(UNKNOWN_COMMAND) if too_long else session.handle(text)
            self.device.log_request(PROTOCOL, reply.kind, _log_detail(text))
            if not await self._send(writer, reply):
                return
            if reply.close:
                await writer.drain()
                return

    async def _send(self, writer: asyncio.StreamWriter, reply: Reply) -> bool:
        """Write one reply as the faults allow; False = the session is over."""
        faults = self._faults()
        if faults.latency_s > 0:
            await asyncio.sleep(faults.latency_s)
            faults = self._faults()
        if faults.drop or self._unreachable(faults):
            _reset(writer)
            return False
        if faults.hang:
            return True  # never answer; keep reading so the client sees a live connection
        data = reply.line.encode() + b"\r\n"
        if faults.malformed:
            writer.write(os.urandom(len(data)).replace(b"\n", b"?") + b"\r\n")
        elif faults.truncated:
            writer.write(data[: max(1, len(data) // 2)])
            await writer.drain()
            return False
        else:
            writer.write(data)
        await writer.drain()
        return True


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP reset, which is how a refused or broken connection looks."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
