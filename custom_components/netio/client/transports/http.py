"""What the JSON, XML and URL APIs share: one HTTP request with NETIO's error mapping.

The injected aiohttp session is used as is (TLS verification is chosen per request, never by
changing the session), so its keep-alive connection is reused from poll to poll. Timeouts and
HTTP errors are never retried. A connection the device closed under a request is retried once:
aiohttp itself does that for GET; a POST is retried here, only when an earlier request succeeded
(so the connection was probably a stale keep-alive) and only when repeating it is harmless
(`may_repeat`).
"""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Mapping, Sequence
from typing import ClassVar

import aiohttp
from yarl import URL

from ..errors import (
    NetioApiDisabledError,
    NetioAuthenticationError,
    NetioConnectionError,
    NetioError,
    NetioProtocolError,
    NetioReadOnlyError,
    NetioTimeoutError,
)
from ..models import ConnectionConfig, OutputAction, OutputCommand
from .base import Transport

_HTTP_OK = 200
_HTTP_MULTIPLE_CHOICES = 300
_HTTP_BAD_REQUEST = 400
_HTTP_UNAUTHORIZED = 401
_HTTP_FORBIDDEN = 403
_HTTP_SERVER_ERROR = 500
_HTTP_NO_SERVER_ERROR = 600
_STALE_CONNECTION_ERRORS = (
    aiohttp.ServerDisconnectedError,
    aiohttp.ClientOSError,
    aiohttp.ClientConnectionResetError,
)


def may_repeat(commands: Sequence[OutputCommand]) -> bool:
    """Whether sending the commands twice has the effect of sending them once.

    Only toggle is not: a repeated short OFF/ON falls into the running pulse, which the
    device ignores switching during.
    """
    return all(command.action is not OutputAction.TOGGLE for command in commands)


def _is_stale_connection(err: Exception) -> bool:
    """Whether the device closed a connection under the request (not a connect failure)."""
    return isinstance(err, _STALE_CONNECTION_ERRORS) and not isinstance(
        err, (aiohttp.ClientConnectorError, TimeoutError)
    )


class HttpTransport(Transport):
    """Base of the transports that talk to the device's web server."""

    keeps_deadlines = True  # aiohttp's ClientTimeout bounds each request
    path: ClassVar[str]
    """The API's document on the device, e.g. `/netio.json`."""
    api_name: ClassVar[str]
    """How the device's web interface names the API, for error messages."""

    def __init__(self, config: ConnectionConfig, session: aiohttp.ClientSession) -> None:
        """Prepare the request settings; no I/O happens here."""
        super().__init__(config, session)
        self._url: URL | None = None
        self._ssl: bool = not (config.use_tls and not config.verify_tls)
        self._timeout = aiohttp.ClientTimeout(total=config.timeout)
        self._auth_headers: dict[str, str] = {}
        self._served = False
        """Whether a request succeeded, so a later disconnect may be a stale keep-alive."""

    def _target(self) -> URL:
        """Build (once) the API's URL; a host that is no valid URL part is a connection error."""
        if self._url is None:
            config = self._config
            try:
                self._url = URL.build(
                    scheme="https" if config.use_tls else "http",
                    host=config.host,
                    port=config.http_port,
                    path=self.path,
                )
            except (ValueError, TypeError) as err:
                raise NetioConnectionError(
                    f"'{config.host}' is not a valid host name or IP address; correct the host"
                ) from err
            if config.username:
                if ":" in config.username:
                    raise NetioAuthenticationError(
                        "The username must not contain a colon; correct the username"
                    )
                token = b64encode(f"{config.username}:{config.password}".encode()).decode()
                self._auth_headers = {"Authorization": f"Basic {token}"}
        return self._url

    async def _request(
        self,
        method: str,
        *,
        write: bool,
        repeatable: bool = False,
        body: bytes | None = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> bytes:
        """Send one request and return the body of a 2xx reply; map every failure.

        `write` says that a 403 means a read-only account rather than a disabled API;
        `repeatable` allows one retry of a POST that met a stale keep-alive connection.
        """
        url = self._target()
        if self._auth_headers:
            headers = {**self._auth_headers, **headers} if headers else self._auth_headers
        retry = repeatable and method == "POST" and self._served
        while True:
            try:
                async with self._session.request(
                    method,
                    url,
                    params=params,
                    data=body,
                    headers=headers,
                    ssl=self._ssl,
                    timeout=self._timeout,
                    allow_redirects=False,
                ) as response:
                    status = response.status
                    if status < _HTTP_OK or status >= _HTTP_MULTIPLE_CHOICES:
                        location = response.headers.get("Location", "")
                        self._served = True
                        raise self._status_error(status, write=write, location=location)
                    payload = await self._read_body(response, taken=method == "POST")
            except (aiohttp.ClientError, OSError, ValueError) as err:
                if retry and _is_stale_connection(err):
                    retry = False
                    continue
                raise self._transport_error(err) from err
            self._served = True
            return payload

    @staticmethod
    async def _read_body(response: aiohttp.ClientResponse, *, taken: bool) -> bytes:
        """Read a 2xx reply's body.

        `taken`: the request was a write the device has accepted (its 2xx status arrived). A
        body cut off after that is no failure of the command, and repeating the request would
        apply it twice; the empty body makes the caller read the state itself.
        """
        try:
            return await response.read()
        except aiohttp.ClientError, OSError:
            if not taken:
                raise
            return b""

    def _transport_error(self, err: Exception) -> NetioError:  # noqa: PLR0911  # one per kind
        """Translate an aiohttp/socket failure, saying what to check."""
        config = self._config
        where = f"{config.host}:{config.http_port}"
        if isinstance(err, TimeoutError):
            return NetioTimeoutError(
                f"The device at {where} did not answer within {config.timeout:g} s; check "
                "that it is on and reachable"
            )
        if isinstance(err, aiohttp.ClientConnectorCertificateError):
            return NetioConnectionError(
                f"The device's TLS certificate is not trusted ({err.certificate_error}); turn "
                "off certificate verification for a self-signed device certificate"
            )
        if isinstance(err, aiohttp.ClientConnectorError):
            return NetioConnectionError(
                f"Cannot connect to {where} ({err.strerror or type(err).__name__}); check the "
                "host, the port and that the device is on"
            )
        if isinstance(err, _STALE_CONNECTION_ERRORS):
            return NetioConnectionError(
                f"The device at {where} closed the connection ({type(err).__name__}); check "
                f"that the {self.api_name} is enabled"
            )
        if isinstance(err, aiohttp.ClientResponseError):
            return NetioProtocolError(
                f"The answer from {where} is not valid HTTP; check that the port is the "
                "device's web port"
            )
        if isinstance(err, aiohttp.ClientPayloadError):
            return NetioProtocolError(
                "The device's reply was cut off; try again, or restart the device"
            )
        return NetioConnectionError(f"Talking to {where} failed ({type(err).__name__})")

    def _status_error(  # noqa: PLR0911  # one return per status class
        self, status: int, *, write: bool, location: str
    ) -> NetioError:
        """Translate a non-2xx status into the error taxonomy, with what to do about it."""
        api = self.api_name
        if status == _HTTP_UNAUTHORIZED:
            return NetioAuthenticationError(
                f"The device rejected the username or password (HTTP 401); enter the account "
                f"set for the {api} in the device's web interface (M2M API Protocols > {api})"
            )
        if status == _HTTP_FORBIDDEN:
            if write:
                return NetioReadOnlyError(
                    f"The device refused to switch (HTTP 403): the account may only read. Enter "
                    f"the read-write account of the {api}, or enable read-write access in the "
                    f"device's web interface (M2M API Protocols > {api})"
                )
            return NetioApiDisabledError(
                f"The device refused access (HTTP 403); enable the {api} in the device's web "
                f"interface (M2M API Protocols > {api})"
            )
        if status == _HTTP_BAD_REQUEST:
            return NetioProtocolError("The device rejected the command (HTTP 400)")
        if _HTTP_SERVER_ERROR <= status < _HTTP_NO_SERVER_ERROR:
            return NetioConnectionError(
                f"The device reported an internal error (HTTP {status}); try again later, or "
                "restart the device"
            )
        if location.startswith("https:") and not self._config.use_tls:
            return NetioProtocolError(
                f"The device redirects to HTTPS (HTTP {status}); turn on HTTPS for this device"
            )
        return NetioProtocolError(
            f"The device answered HTTP {status} at {self.path}; check that the host and port "
            f"point to a NETIO device with the {api} enabled"
        )
