"""The JSON API (`/netio.json`): one GET reads everything, a POST switches and returns the state."""

from __future__ import annotations

from collections.abc import Callable, Sequence
import json
from typing import Any

from ..errors import NetioProtocolError
from ..models import OutputCommand, Protocol
from .status_document import StatusDocumentTransport


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


class JsonTransport(StatusDocumentTransport):
    """NETIO's JSON M2M API."""

    protocol = Protocol.JSON
    path = "/netio.json"
    api_name = "JSON API"
    content_type = "application/json"

    def decode(self, body: bytes) -> Any:
        """The JSON document."""
        return decode_json(body)

    def encode(self, commands: Sequence[OutputCommand]) -> bytes:
        """The JSON write document."""
        return encode_commands(commands)
