"""The HTTP M2M APIs: JSON (`/netio.json`), XML (`/netio.xml`) and URL (`/netio.cgi`).

One aiohttp low-level server per device and scheme, so 200 devices cost 200 listeners and no
routing tables. Every request is answered from the device's state at that moment; faults are
read per request, so a test can flip them between two polls.
"""

import asyncio
import base64
import binascii
import contextlib
import json
import socket
import ssl
import struct
from typing import Final
import xml.etree.ElementTree as ET

from aiohttp import web

from ..commands import (
    BadRequestError,
    OutputCommand,
    apply_commands,
    parse_json_commands,
    parse_url_commands,
    parse_xml_commands,
)
from ..credentials import ApiAccounts
from ..device import RequestKind, SimulatedDevice
from ..document import status_document, with_wrong_types, xml_document
from ..faults import EffectiveFaults
from ..tls import server_ssl_context
from .config_api import config_api_for, served

HTTP_APIS: Final = frozenset({"json", "xml", "url"})
_PATHS: Final = {"/netio.json": "json", "/netio.xml": "xml", "/netio.cgi": "url"}
_JSON_TYPE: Final = "application/json"
_XML_TYPE: Final = "text/xml"
_TEXT_TYPE: Final = "text/plain"
_LINGER_RESET: Final = struct.pack("ii", 1, 0)
_CLOSE_TIMEOUT_S: Final = 0.5

type Access = str  # "write" | "read" | "none"


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    """Decode `Authorization: Basic ...`; None when absent or not decodable."""
    if not header:
        return None
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except binascii.Error, ValueError:
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


def _access(accounts: ApiAccounts, header: str | None) -> Access:
    """Resolve the access level of a request: wrong credentials on an open level still pass."""
    pair = _basic_credentials(header)
    if pair is not None:
        if accounts.write.matches(*pair):
            return "write"
        if accounts.read.matches(*pair):
            return "read"
    if accounts.write.open:
        return "write"
    if accounts.read.open:
        return "read"
    return "none"


def _plain(status: int, text: str) -> web.Response:
    return web.Response(status=status, text=text, content_type=_TEXT_TYPE)


def _forbidden(reason: str) -> web.Response:
    return _plain(403, f"403 Forbidden - {reason}")


def _unauthorized() -> web.Response:
    response = _plain(401, "401 Unauthorized")
    response.headers["WWW-Authenticate"] = 'Basic realm="NETIO"'
    return response


class HttpServer:
    """Serves a device's JSON, XML and URL APIs on one port, over HTTP or HTTPS.

    `apis` limits which of "json", "xml", "url" are enabled; the others answer 403 like an
    API switched off in the web UI. `tls=True` serves HTTPS with the process's self-signed
    certificate (`netio_simulator.tls.certificate_pem()`).
    """

    def __init__(
        self,
        device: SimulatedDevice,
        *,
        apis: frozenset[str] = HTTP_APIS,
        tls: bool = False,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """Prepare; nothing is bound until `start`."""
        self._device = device
        self._apis = apis & HTTP_APIS
        self._ssl = (
            ssl_context if ssl_context is not None else (server_ssl_context() if tls else None)
        )
        self._runner: web.ServerRunner | None = None
        self._closing = asyncio.Event()
        self.port = 0

    @property
    def scheme(self) -> str:
        """Either "http" or "https"."""
        return "https" if self._ssl is not None else "http"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        """Bind and serve; return the bound port."""
        server = web.Server(self._handle, handler_cancellation=True, access_log=None)
        runner = web.ServerRunner(server, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, host, port, ssl_context=self._ssl)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        return self.port

    async def stop(self) -> None:
        """Release hung requests, close every connection and the listener."""
        self._closing.set()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def close_idle_connections(self) -> None:
        """Close the kept-alive connections, as a device does when its keep-alive time runs out.

        A connection still answering a request gets up to `_CLOSE_TIMEOUT_S` to send its reply.
        Returns when every connection is closed and its task has ended, so a caller counting
        sockets or tasks afterwards sees only what something else keeps open.
        """
        runner = self._runner
        server = runner.server if runner is not None else None
        if server is None:
            return
        await asyncio.gather(
            *(handler.shutdown(_CLOSE_TIMEOUT_S) for handler in server.connections)
        )

    # Request handling -------------------------------------------------------------------

    @staticmethod
    def _drop(request: web.BaseRequest) -> web.Response:
        """Reset the connection without a reply (the returned response is never sent)."""
        transport = request.transport
        if transport is not None:
            sock = transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
            transport.abort()
        return web.Response(status=599)

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        protocol = _PATHS.get(request.path)
        if request.path == "/api" and served(self._device):
            return await self._config_api(request)
        if protocol is None:
            return _plain(404, "404 Not Found")
        device = self._device
        kind: RequestKind = "write" if request.method == "POST" or protocol == "url" else "read"
        faults = device.faults.for_protocol(protocol)
        where = f"{request.method} {request.path}"
        if device.is_down or faults.drop:
            device.log_request(protocol, kind, f"{where} -> dropped")
            return self._drop(request)
        if faults.hang:
            device.log_request(protocol, kind, f"{where} -> hung")
            await self._closing.wait()
            return self._drop(request)
        if faults.latency_s:
            await asyncio.sleep(faults.latency_s)
        detail: list[str] = []
        response = await self._respond(protocol, request, faults, detail)
        device.log_request(
            protocol, kind, f"{where} -> {response.status} {' '.join(detail)}".rstrip()
        )
        return response

    async def _config_api(self, request: web.BaseRequest) -> web.StreamResponse:
        """The web configuration API (servers/config_api.py); a device that is down drops it."""
        device = self._device
        if device.is_down:
            device.log_request("config", "read", "POST /api -> dropped")
            return self._drop(request)
        if request.method != "POST":
            return _plain(405, "405 Method Not Allowed")
        status, reply = config_api_for(device).handle(await request.read())
        return web.json_response(reply, status=status)

    def _refusal(
        self, protocol: str, request: web.BaseRequest, faults: EffectiveFaults
    ) -> web.Response | None:
        """Return the error a JSON/XML request gets before its body is looked at, if any."""
        accounts = self._device.credentials.http_accounts(protocol)
        if not accounts.read.enabled and not accounts.write.enabled:
            return _forbidden("API is not enabled")
        access = _access(accounts, request.headers.get("Authorization"))
        if access == "none":
            return _unauthorized()
        if faults.http_500:
            return _plain(500, "500 Internal Server Error")
        if request.method == "POST" and (access != "write" or faults.read_only):
            return _forbidden("read only")
        return None

    async def _respond(
        self,
        protocol: str,
        request: web.BaseRequest,
        faults: EffectiveFaults,
        detail: list[str],
    ) -> web.StreamResponse:
        if request.method not in {"GET", "POST"}:
            return _plain(405, "405 Method Not Allowed")
        if protocol not in self._apis or faults.api_disabled:
            return _forbidden("API is not enabled")
        if protocol == "url":
            return self._url_api(request, faults, detail)
        refusal = self._refusal(protocol, request, faults)
        if refusal is not None:
            return refusal
        if request.method == "POST":
            try:
                commands = await self._parse_write(protocol, request)
            except BadRequestError as err:
                detail.append(str(err))
                return _plain(400, "400 Bad Request")
            apply_commands(self._device, commands)
            detail.extend(c.describe() for c in commands)
        return await self._document(protocol, request, faults)

    async def _parse_write(self, protocol: str, request: web.BaseRequest) -> list[OutputCommand]:
        raw = await request.read()
        if protocol == "json":
            try:
                body = json.loads(raw)
            except ValueError, UnicodeDecodeError:
                raise BadRequestError("body is not JSON") from None
            return parse_json_commands(body, self._device)
        try:
            root = ET.fromstring(raw)  # noqa: S314 - loopback simulator; expat limits expansion
        except ET.ParseError:
            raise BadRequestError("body is not XML") from None
        return parse_xml_commands(root, self._device)

    def _url_api(
        self, request: web.BaseRequest, faults: EffectiveFaults, detail: list[str]
    ) -> web.StreamResponse:
        device = self._device
        password = device.credentials.url_password
        if password and request.query.get("pass", "") != password:
            return _unauthorized()
        if faults.http_500:
            return _plain(500, "500 Internal Server Error")
        if faults.read_only:
            return _forbidden("read only")
        try:
            commands = parse_url_commands(request.query, device)
        except BadRequestError as err:
            detail.append(str(err))
            return _plain(400, "400 Bad Request")
        apply_commands(device, commands)
        detail.extend(c.describe() for c in commands)
        if faults.malformed:
            return web.Response(body=b"\x00\xffERR", content_type=_TEXT_TYPE)
        return web.Response(text="OK", content_type=_TEXT_TYPE)

    async def _document(
        self, protocol: str, request: web.BaseRequest, faults: EffectiveFaults
    ) -> web.StreamResponse:
        device = self._device
        if protocol == "json":
            content_type = _JSON_TYPE
            if faults.malformed:
                body = (
                    b'{"Agent":{"Model":"' + device.profile.model.encode() + b'","Uptime":\x00\xff'
                )
                return web.Response(body=body, content_type=content_type)
            doc = status_document(device)
            if faults.wrong_types:
                doc = with_wrong_types(doc)
            body = json.dumps(doc, separators=(",", ":")).encode()
        else:
            content_type = _XML_TYPE
            if faults.malformed:
                body = b'<?xml version="1.0"?><set:Root><Agent><Model>' + b"</Outputs>\x00"
                return web.Response(body=body, content_type=content_type)
            doc = status_document(device, version_key="XmlVer")
            if faults.wrong_types:
                doc = with_wrong_types(doc)
            body = xml_document(doc).encode()
        if faults.truncated:
            return await self._truncated(request, body, content_type)
        return web.Response(body=body, content_type=content_type)

    async def _truncated(
        self, request: web.BaseRequest, body: bytes, content_type: str
    ) -> web.StreamResponse:
        """Promise the whole body in Content-Length, send half, then close the connection."""
        response = web.StreamResponse()
        response.content_type = content_type
        response.content_length = len(body)
        await response.prepare(request)
        await response.write(body[: len(body) // 2])
        if request.transport is not None:
            request.transport.close()
        return response
