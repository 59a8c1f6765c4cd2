"""SNMPv1/v2c messages in BER, encoded and decoded directly (RFC 1157, RFC 3416).

A poll of a NETIO device is one GET of a fixed set of objects, so the general machinery of an
SNMP engine (MIB lookups, local configuration tables, ASN.1 schema objects for every value) is
pure overhead: with pysnmp it cost about 5 ms of CPU per poll, 25 times a JSON poll. The
community-based versions need nothing but BER's tag-length-value framing of a few universal
and application types, which this module writes and reads. SNMPv3 (USM authentication and
privacy) stays with pysnmp's engine.

Values come back plain: integers (INTEGER, Counter32, Gauge32, TimeTicks, Counter64), bytes
(OCTET STRING, IpAddress, Opaque), or None (NULL, noSuchObject, noSuchInstance, endOfMibView,
an OBJECT IDENTIFIER value, anything unknown). A datagram that is not a well-formed response
raises `SnmpDecodeError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

type Oid = tuple[int, ...]
type SnmpValue = int | bytes | None

_SEQUENCE = 0x30
_INTEGER = 0x02
_OCTET_STRING = 0x04
_NULL = 0x05
_OBJECT_IDENTIFIER = 0x06
_NULL_VALUE = b"\x05\x00"
# Application types whose content is an unsigned integer or octets (RFC 2578).
_INTEGER_TYPES = frozenset({_INTEGER, 0x41, 0x42, 0x43, 0x46})  # Counter32 Gauge32 TimeTicks C64
_OCTET_TYPES = frozenset({_OCTET_STRING, 0x40, 0x44})  # IpAddress, Opaque
_RESPONSE = 0xA2
_LONG_LENGTH = 0x80
_HIGH_BIT = 0x80
_FIRST_ARC_BASE = 40
_MAX_FIRST_ARC = 2


class PduType(IntEnum):
    """Request PDU tags."""

    GET = 0xA0
    GET_NEXT = 0xA1
    SET = 0xA3
    GET_BULK = 0xA5


class SnmpDecodeError(ValueError):
    """The datagram is not a well-formed SNMP response."""


@dataclass(frozen=True, slots=True)
class Response:
    """A decoded GetResponse/Response PDU."""

    request_id: int
    error_status: int
    error_index: int
    varbinds: list[tuple[Oid, SnmpValue]]


# Encoding ---------------------------------------------------------------------------------


def _length(size: int) -> bytes:
    if size < _LONG_LENGTH:
        return bytes((size,))
    octets = size.to_bytes((size.bit_length() + 7) // 8)
    return bytes((_LONG_LENGTH | len(octets),)) + octets


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes((tag,)) + _length(len(content)) + content


def _integer(value: int) -> bytes:
    return _tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, signed=True))


@lru_cache(maxsize=4096)
def encode_oid(oid: Oid) -> bytes:
    """An OBJECT IDENTIFIER's TLV; each OID is encoded once (the polled set never changes)."""
    if len(oid) < 2 or oid[0] > _MAX_FIRST_ARC or any(arc < 0 for arc in oid):  # noqa: PLR2004
        raise ValueError(f"Not an object identifier: {oid}")
    content = bytearray()
    for arc in (oid[0] * _FIRST_ARC_BASE + oid[1], *oid[2:]):
        chunk = [arc & 0x7F]
        rest = arc >> 7
        while rest:
            chunk.append(_HIGH_BIT | (rest & 0x7F))
            rest >>= 7
        content.extend(reversed(chunk))
    return _tlv(_OBJECT_IDENTIFIER, bytes(content))


def encode_request(
    version: int,
    community: bytes,
    pdu_type: PduType,
    request_id: int,
    varbinds: Sequence[tuple[Oid, int | None]],
    *,
    max_repetitions: int = 0,
) -> bytes:
    """A request message; `version` is 0 for v1, 1 for v2c; values are INTEGERs or NULL."""
    bindings = b"".join(
        _tlv(
            _SEQUENCE,
            encode_oid(oid) + (_NULL_VALUE if value is None else _integer(value)),
        )
        for oid, value in varbinds
    )
    if pdu_type is PduType.GET_BULK:  # non-repeaters 0, max-repetitions
        fields = _integer(0) + _integer(max_repetitions)
    else:  # error-status 0, error-index 0
        fields = _integer(0) + _integer(0)
    pdu = _tlv(pdu_type, _integer(request_id) + fields + _tlv(_SEQUENCE, bindings))
    return _tlv(_SEQUENCE, _integer(version) + _tlv(_OCTET_STRING, community) + pdu)


# Decoding ---------------------------------------------------------------------------------


def _header(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """Tag, content start and content end of the TLV at `pos`."""
    if pos + 2 > end:
        raise SnmpDecodeError("truncated")
    tag = data[pos]
    size = data[pos + 1]
    pos += 2
    if size & _LONG_LENGTH:
        count = size & 0x7F
        if not 1 <= count <= 4 or pos + count > end:  # noqa: PLR2004
            raise SnmpDecodeError("bad length")
        size = int.from_bytes(data[pos : pos + count])
        pos += count
    if pos + size > end:
        raise SnmpDecodeError("truncated")
    return tag, pos, pos + size


def _expect(data: bytes, pos: int, end: int, tag: int) -> tuple[int, int]:
    found, start, stop = _header(data, pos, end)
    if found != tag:
        raise SnmpDecodeError(f"expected tag {tag:#x}, found {found:#x}")
    return start, stop


def _read_integer(data: bytes, pos: int, end: int) -> tuple[int, int]:
    start, stop = _expect(data, pos, end, _INTEGER)
    if start == stop:
        raise SnmpDecodeError("empty INTEGER")
    return int.from_bytes(data[start:stop], signed=True), stop


@lru_cache(maxsize=4096)
def decode_oid(content: bytes) -> Oid:
    """An OBJECT IDENTIFIER's content octets as arcs (a response repeats the same few OIDs)."""
    if not content or content[-1] & _HIGH_BIT:
        raise SnmpDecodeError("bad OBJECT IDENTIFIER")
    arcs: list[int] = []
    value = 0
    for octet in content:
        value = (value << 7) | (octet & 0x7F)
        if not octet & _HIGH_BIT:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // _FIRST_ARC_BASE, _MAX_FIRST_ARC)
    return (first, arcs[0] - first * _FIRST_ARC_BASE, *arcs[1:])


def _value(tag: int, data: bytes, start: int, stop: int) -> SnmpValue:
    if tag in _INTEGER_TYPES:
        if start == stop:
            raise SnmpDecodeError("empty INTEGER")
        return int.from_bytes(data[start:stop], signed=tag == _INTEGER)
    if tag in _OCTET_TYPES:
        return data[start:stop]
    return None


def decode_response(data: bytes, version: int) -> Response:
    """Decode a response message of the given version (0 = v1, 1 = v2c)."""
    end = len(data)
    start, stop = _expect(data, 0, end, _SEQUENCE)
    found_version, pos = _read_integer(data, start, stop)
    if found_version != version:
        raise SnmpDecodeError(f"version {found_version}, expected {version}")
    _community_start, pos = _expect(data, pos, stop, _OCTET_STRING)
    pos, pdu_end = _expect(data, pos, stop, _RESPONSE)
    request_id, pos = _read_integer(data, pos, pdu_end)
    error_status, pos = _read_integer(data, pos, pdu_end)
    error_index, pos = _read_integer(data, pos, pdu_end)
    pos, list_end = _expect(data, pos, pdu_end, _SEQUENCE)
    varbinds: list[tuple[Oid, SnmpValue]] = []
    while pos < list_end:
        pos, bind_end = _expect(data, pos, list_end, _SEQUENCE)
        oid_start, pos = _expect(data, pos, bind_end, _OBJECT_IDENTIFIER)
        oid = decode_oid(data[oid_start:pos])
        tag, value_start, pos = _header(data, pos, bind_end)
        varbinds.append((oid, _value(tag, data, value_start, pos)))
        pos = bind_end
    return Response(request_id, error_status, error_index, varbinds)
