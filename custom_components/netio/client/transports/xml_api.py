"""The XML API (`/netio.xml`): the JSON document's tree in XML, parsed by the same code.

The reply is turned into the dict shape of `netio.json` (leaf values stay strings, which the
shared parser accepts). Document type declarations are refused, so entity tricks cannot blow
up memory.

Two readers give the same result. The strict one folds expat's events into the dict in Python;
it refuses document types, and its errors are the ones the user sees. A device's plain reply
(no `<!` at all: no document type, comment or CDATA; no processing instruction after the XML
declaration) is first read by ElementTree's C tree builder and a short walk over the tree,
which costs about half as much CPU. Anything that reader refuses, or that it is not given, goes
to the strict one, so the fast reader never accepts what the strict one would refuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NoReturn
from xml.etree import ElementTree as ET
from xml.parsers import expat

from ..errors import NetioProtocolError
from ..models import OutputCommand, Protocol
from .status_document import StatusDocumentTransport

NAMESPACE = "http://www.netio-products.com/XMLSchema/NETIO.xsd"
_LIST_SECTIONS = frozenset({"Outputs", "Inputs"})
_NOT_XML = (
    "The device's reply is not valid NETIO XML ({reason}); check that the host and port point "
    "to a NETIO device"
)


def _refuse_doctype(*_: object) -> NoReturn:
    raise NetioProtocolError(_NOT_XML.format(reason="it declares a document type"))


class _Element:
    """An element being parsed: its local name, its children so far and its text."""

    __slots__ = ("children", "name", "text")

    def __init__(self, name: str) -> None:
        self.name = name
        self.children: dict[str, Any] | list[Any] | None = None
        self.text: list[str] = []


class _TreeBuilder:
    """Expat handlers that build the JSON-shaped tree as elements close."""

    def __init__(self) -> None:
        self.stack: list[_Element] = []
        self.result: list[object] = []

    def start(self, tag: str, _attributes: object) -> None:
        self.stack.append(_Element(tag.rpartition(":")[2]))

    def end(self, _tag: str) -> None:
        element = self.stack.pop()
        value: object = element.children
        if value is None:
            value = "".join(element.text).strip() or None
        if not self.stack:
            self.result.append(value)
            return
        parent = self.stack[-1]
        siblings = parent.children
        if siblings is None:
            siblings = parent.children = [] if parent.name in _LIST_SECTIONS else {}
        if isinstance(siblings, list):
            siblings.append(value)
        else:
            siblings[element.name] = value

    def text(self, data: str) -> None:
        self.stack[-1].text.append(data)


def _local(tag: str) -> str:
    """An element's name without its namespace (`{uri}Root` -> `Root`)."""
    return tag.rpartition("}")[2]


def _element_value(element: ET.Element) -> object:
    """What the strict reader makes of an element: its children, else its stripped text."""
    if not len(element):
        text = element.text
        return (text.strip() or None) if text else None
    if _local(element.tag) in _LIST_SECTIONS:
        return [_element_value(child) for child in element]
    members: dict[str, object] = {}
    for child in element:  # leaves inline: most elements are leaves, without a namespace
        tag = child.tag
        if tag[0] == "{":
            tag = _local(tag)
        if len(child):
            members[tag] = _element_value(child)
        else:
            text = child.text
            members[tag] = (text.strip() or None) if text else None
    return members


def _is_plain(body: bytes) -> bool:
    """Whether the fast reader may try the body.

    No `<!` (document type, comment, CDATA), no processing instruction but the declaration,
    and no NUL byte, so no UTF-16/32 text can hide a `<!` from this check.
    """
    return b"<!" not in body and b"\0" not in body and body.find(b"<?", 1) == -1


def xml_to_document(body: bytes) -> object:
    """Convert a NETIO XML reply into the JSON document's shape (see `document`)."""
    if _is_plain(body):
        try:
            return _element_value(ET.fromstring(body))  # noqa: S314  # checked plain
        except ET.ParseError, ValueError, LookupError, RecursionError:
            pass  # the strict reader names the fault, or reads what this one does not
    return strict_xml_to_document(body)


def strict_xml_to_document(body: bytes) -> object:
    """Convert a NETIO XML reply with expat, refusing document types; errors name the fault."""
    builder = _TreeBuilder()
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    try:
        parser.Parse(body, True)  # noqa: FBT003  # expat API: the last chunk
    except expat.ExpatError as err:
        raise NetioProtocolError(_NOT_XML.format(reason=expat.errors.messages[err.code])) from err
    except (LookupError, ValueError) as err:  # an unknown or broken declared encoding
        raise NetioProtocolError(_NOT_XML.format(reason=str(err))) from err
    if not builder.result:  # pragma: no cover  # expat rejects a document without a root
        raise NetioProtocolError(_NOT_XML.format(reason="no root element"))
    return builder.result[0]


def encode_commands(commands: Sequence[OutputCommand]) -> bytes:
    """Build the POST document NETIO's XML API expects."""
    parts = [f'<set:Root xmlns:set="{NAMESPACE}"><Outputs>']
    for command in commands:
        parts.append(f"<Output><ID>{command.output_id}</ID><Action>{int(command.action)}</Action>")
        if command.duration_ms is not None:
            parts.append(f"<Delay>{command.duration_ms}</Delay>")
        parts.append("</Output>")
    parts.append("</Outputs></set:Root>")
    return "".join(parts).encode()


class XmlTransport(StatusDocumentTransport):
    """NETIO's XML M2M API."""

    protocol = Protocol.XML
    path = "/netio.xml"
    api_name = "XML API"
    content_type = "text/xml"

    def decode(self, body: bytes) -> Any:
        """The XML document in the dict shape of `netio.json`."""
        return xml_to_document(body)

    def encode(self, commands: Sequence[OutputCommand]) -> bytes:
        """The XML write document."""
        return encode_commands(commands)
