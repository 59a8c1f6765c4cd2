"""Protocol servers. Each wraps one `SimulatedDevice` and follows the same shape.

`start(host, port)` binds (port 0 = a free port) and returns the bound port; `stop()` closes
every connection and cancels every task the server started.
"""

from typing import Protocol


class ProtocolServer(Protocol):
    """The shape every server in this package has."""

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Bind and serve; return the bound port."""
        ...

    async def stop(self) -> None:
        """Stop serving and release everything."""
        ...
