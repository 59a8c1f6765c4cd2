"""What the JSON and XML APIs share.

GET returns the status document, POST switches and replies with it; the two APIs differ only in
how the document is written.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import aiohttp

from ..document import parse_document
from ..errors import NetioProtocolError
from ..models import Capabilities, ConnectionConfig, DeviceState, OutputCommand
from .http import HttpTransport, may_repeat


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


class StatusDocumentTransport(HttpTransport):
    """An M2M API that reads and writes NETIO's status document (JSON or XML)."""

    content_type: ClassVar[str]

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Start with what every such API can do; a read adds metering and inputs."""
        super().__init__(config, session)
        self._capabilities = Capabilities(duration_override=True, multi_output_write=True)

    @property
    def capabilities(self) -> Capabilities:
        """Read, write (several outputs, own pulse length); metering/inputs as last read."""
        return self._capabilities

    @abstractmethod
    def decode(self, body: bytes) -> Any:
        """The document as the dict shape of `netio.json`; `NetioProtocolError` if malformed."""

    @abstractmethod
    def encode(self, commands: Sequence[OutputCommand]) -> bytes:
        """The POST body that carries the commands."""

    def _parse(self, body: bytes) -> DeviceState:
        state = parse_document(
            self.decode(body), protocol=self.protocol, fetched_at=datetime.now(UTC)
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
            body=self.encode(commands),
            headers={"Content-Type": self.content_type},
        )
        try:
            return self._parse(reply)
        except NetioProtocolError:
            # The device accepted the command (HTTP 200); an empty or odd reply only means
            # the caller has to read the state itself.
            return None
