"""The small interface every protocol transport implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

import aiohttp

from ..models import Capabilities, ConnectionConfig, DeviceState, OutputCommand, Protocol


class Transport(ABC):
    """Reads state from and sends actions to one device over one protocol.

    Transports are created by `NetioClient`; HTTP-based ones use the injected aiohttp session,
    the others open their own connection lazily and close it in `close()`.
    """

    protocol: ClassVar[Protocol]
    keeps_deadlines: ClassVar[bool] = False
    """Whether every request already fails after the configured `timeout` on its own, so the
    client need not arm a deadline of its own around each call (a timer saved per poll)."""

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Keep the settings; no I/O happens before the first request."""
        self._config = config
        self._session = session

    @property
    @abstractmethod
    def capabilities(self) -> Capabilities:
        """What this transport can do (may be refined after the first read)."""

    @abstractmethod
    async def read_state(self) -> DeviceState:
        """Read the whole device state, in as few round trips as the protocol allows."""

    @abstractmethod
    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """Apply the commands; return the device's state after them when the reply carries it."""

    async def close(self) -> None:  # noqa: B027  # most transports have nothing to close
        """Release connections the transport owns (never the injected session)."""
