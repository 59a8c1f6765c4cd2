"""The URL API (`/netio.cgi`): write-only switching with a pass phrase, paired with a reader.

`GET /netio.cgi?pass=<pass phrase>&output1=2&delay1=3000` switches; the device answers `OK`.
The pass phrase travels in the query string, so no error message ever contains the URL.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import NetioAuthenticationError, NetioProtocolError, NetioUnsupportedError
from ..models import Capabilities, DeviceState, OutputCommand, Protocol
from .http import HttpTransport

_CAPABILITIES = Capabilities(read=False, duration_override=True, multi_output_write=True)


class UrlTransport(HttpTransport):
    """NETIO's URL M2M API; it cannot read, so `NetioClient` pairs it with a read transport."""

    protocol = Protocol.URL
    path = "/netio.cgi"
    api_name = "URL API"

    @property
    def capabilities(self) -> Capabilities:
        """Write only (several outputs at once, with their own pulse length)."""
        return _CAPABILITIES

    async def read_state(self) -> DeviceState:
        """Refuse: the URL API has no way to read."""
        raise NetioUnsupportedError(
            "The URL API can only switch outputs; choose JSON, XML, Modbus, SNMP or KSHELL to "
            "read the device"
        )

    async def send_actions(self, commands: Sequence[OutputCommand]) -> DeviceState | None:
        """Send all actions in one request; the reply carries no state, so return None."""
        password = self._config.url_password
        if password is None:
            raise NetioAuthenticationError(
                "No URL API pass phrase is set; enter the one shown in the device's web "
                "interface (M2M API Protocols > URL API)"
            )
        params = {"pass": password}
        for command in commands:
            params[f"output{command.output_id}"] = str(int(command.action))
            if command.duration_ms is not None:
                params[f"delay{command.output_id}"] = str(command.duration_ms)
        # There is no read-only URL account, so a 403 here means the API is off.
        reply = await self._request("GET", write=False, params=params)
        if reply.strip() != b"OK":
            raise NetioProtocolError(
                "The device did not confirm the command (expected 'OK'); check that the URL "
                "API is enabled"
            )
        return None
