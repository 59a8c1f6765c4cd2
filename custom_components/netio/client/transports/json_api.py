"""The JSON API (`/netio.json`): one GET reads everything, a POST switches and returns the state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
import json
from typing import Any

import aiohttp

from ..document import parse_document
from ..errors import NetioProtocolError
from ..models import Capabilities, ConnectionConfig, DeviceState, OutputCommand, Protocol
from .http import HttpTransport, may_repeat


def _stdlib_loads(body: bytes) -> Any:
    return json.loads(body)


_loads: Callable[[bytes], Any]
try:  # orjson comes with Home Assistant; the client works without it
    from orjson import loads as _loads
except ImportError:  # pragma: no cover  # exercised only where orjson is missing
    _loads = _stdlib_loads


def decode_json(body: bytes) -> Any:
    """Decode a JSON body; anything that is not JSON is a `NetioProtocolError`."""
    try:
        return _loads(body)
    except (ValueError, RecursionError) as err:
        raise NetioProtocolError(
            "The device's reply is not valid JSON; check that the host and port point to a "
            "NETIO device"
        ) from err


def encode_commands(commands: Sequence[OutputCommand]) -> bytes:
    """Build the POST body `{"Outputs":[{"ID":1,"Action":2,"Delay":3000}]}`."""
    entries: list[dict[str, int]] = []
    for command in commands:
        entry = {"ID": command.output_id, "Action": int(command.action)}
        if command.duration_ms is not None:
            entry["Delay"] = command.duration_ms
        entries.append(entry)
    return json.dumps({"Outputs": entries}, separators=(",", ":")).encode()


def capabilities_of(state: DeviceState, base: Capabilities) -> Capabilities:
    """Refine a transport's capabilities by what a read showed (metering, inputs)."""
    metering = state.measure is not None or any(o.metered for o in state.outputs.values())
    inputs = bool(state.inputs)
    if metering == base.metering and inputs == base.inputs:
        return base
    return Capabilities(
        read=base.read,
        write=base.write,
        metering=metering,
        inputs=inputs,
        duration_override=base.duration_override,
        multi_output_write=base.multi_output_write,
    )


class JsonTransport(HttpTransport):
    """NETIO's JSON M2M API."""

    protocol = Protocol.JSON
    path = "/netio.json"
    api_name = "JSON API"

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Start with what every JSON API can do; a read adds metering and inputs."""
        super().__init__(config, session)
        self._capabilities = Capabilities(duration_override=True, multi_output_write=True)

    @property
    def capabilities(self) -> Capabilities:
        """Read, write (several outputs, own pulse length); metering/inputs as last read."""
        return self._capabilities

    def _parse(self, body: bytes) -> DeviceState:
        state = parse_document(
            decode_json(body), protocol=Protocol.JSON, fetched_at=datetime.now(UTC)
        )
        self._capabilities = capabilities_of(state, self._capabilities)
        return state

    async def read_state(self) -> DeviceState:
        """GET the status document."""
        return self._parse(await self._request("GET", write=False))

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """POST the actions; the reply is the device's state, or None if it carries none."""
        reply = await self._request(
            "POST",
            write=True,
            repeatable=may_repeat(commands),
            body=encode_commands(commands),
            headers={"Content-Type": "application/json"},
        )
        try:
            return self._parse(reply)
        except NetioProtocolError:
            # The device accepted the command (HTTP 200); an empty or odd reply only means
            # the caller has to read the state itself.
            return None
