"""The direct SNMPv1/v2c codec against pysnmp's own ASN.1 encoder and decoder."""

import contextlib

from hypothesis import given, strategies as st
from pyasn1.codec.ber import decoder, encoder
from pyasn1.type import univ
from pysnmp.proto import api, rfc1902, rfc1905
import pytest

from custom_components.netio.client.transports.snmp_message import (
    PduType,
    SnmpDecodeError,
    decode_oid,
    decode_response,
    encode_oid,
    encode_request,
)

V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
V1 = api.PROTOCOL_MODULES[api.SNMP_VERSION_1]
NETIO = (1, 3, 6, 1, 4, 1, 47952, 1, 1, 1)


def pysnmp_response(
    module: object, varbinds: list[tuple[tuple[int, ...], object]], **fields: int
) -> bytes:
    """A response message as pysnmp encodes it."""
    pdu = module.GetResponsePDU()  # type: ignore[attr-defined]
    module.apiPDU.set_defaults(pdu)  # type: ignore[attr-defined]
    module.apiPDU.set_request_id(pdu, fields.get("request_id", 7))  # type: ignore[attr-defined]
    module.apiPDU.set_error_status(pdu, fields.get("status", 0))  # type: ignore[attr-defined]
    module.apiPDU.set_error_index(pdu, fields.get("index", 0))  # type: ignore[attr-defined]
    module.apiPDU.set_varbinds(pdu, varbinds)  # type: ignore[attr-defined]
    message = module.Message()  # type: ignore[attr-defined]
    module.apiMessage.set_defaults(message)  # type: ignore[attr-defined]
    module.apiMessage.set_community(message, "public")  # type: ignore[attr-defined]
    module.apiMessage.set_pdu(message, pdu)  # type: ignore[attr-defined]
    return bytes(encoder.encode(message))


@pytest.mark.parametrize(
    ("pdu_type", "name"),
    [
        (PduType.GET, "GetRequestPDU"),
        (PduType.GET_NEXT, "GetNextRequestPDU"),
        (PduType.SET, "SetRequestPDU"),
    ],
)
def test_requests_decode_with_pysnmp(pdu_type: PduType, name: str) -> None:
    """GET, GETNEXT and SET carry version, community, request-id and varbinds as pysnmp reads."""
    varbinds = [((*NETIO, 3, 1), None), ((*NETIO, 5, 300), 4), ((1, 3, 6, 1, 2, 1, 1, 3, 0), None)]
    data = encode_request(1, b"c" * 200, pdu_type, 2**31 - 1, varbinds)
    message, rest = decoder.decode(data, asn1Spec=V2C.Message())
    assert rest == b""
    assert V2C.apiMessage.get_community(message) == b"c" * 200
    pdu = V2C.apiMessage.get_pdu(message)
    assert type(pdu).__name__ == name
    assert int(V2C.apiPDU.get_request_id(pdu)) == 2**31 - 1
    decoded = [(tuple(oid), value) for oid, value in V2C.apiPDU.get_varbinds(pdu)]
    assert [oid for oid, _ in decoded] == [oid for oid, _ in varbinds]
    assert isinstance(decoded[0][1], univ.Null)
    assert int(decoded[1][1]) == 4


def test_getbulk_carries_max_repetitions() -> None:
    """GETBULK: non-repeaters 0, max-repetitions as asked."""
    data = encode_request(
        1, b"public", PduType.GET_BULK, 1, [((*NETIO, 1), None)], max_repetitions=16
    )
    message, _ = decoder.decode(data, asn1Spec=V2C.Message())
    pdu = V2C.apiMessage.get_pdu(message)
    assert int(V2C.apiBulkPDU.get_non_repeaters(pdu)) == 0
    assert int(V2C.apiBulkPDU.get_max_repetitions(pdu)) == 16


def test_v1_request_has_version_0() -> None:
    """SNMPv1 messages say version 0."""
    data = encode_request(0, b"public", PduType.GET, 5, [((*NETIO, 3, 1), None)])
    message, _ = decoder.decode(data, asn1Spec=V1.Message())
    assert int(message[0]) == 0


def test_response_values_come_back_plain() -> None:
    """Every SMI type a NETIO agent may send, and the v2c exceptions, as int, bytes or None."""
    values: list[object] = [
        rfc1902.Integer32(-5),
        rfc1902.OctetString(b"Output 1"),
        rfc1902.Counter32(4_000_000_000),
        rfc1902.Gauge32(230_000),
        rfc1902.TimeTicks(12345),
        rfc1902.Counter64(2**40),
        rfc1902.IpAddress("127.0.0.1"),
        rfc1902.ObjectIdentifier((1, 3, 6)),
        rfc1905.noSuchObject,
        rfc1905.noSuchInstance,
        rfc1905.endOfMibView,
        rfc1902.Null(""),
    ]
    oids = [(*NETIO, 2, n) for n in range(1, len(values) + 1)]
    data = pysnmp_response(V2C, list(zip(oids, values, strict=True)), request_id=99)
    response = decode_response(data, 1)
    assert response.request_id == 99
    assert (response.error_status, response.error_index) == (0, 0)
    assert [oid for oid, _ in response.varbinds] == oids
    assert [value for _, value in response.varbinds] == [
        -5,
        b"Output 1",
        4_000_000_000,
        230_000,
        12345,
        2**40,
        b"\x7f\x00\x00\x01",
        None,
        None,
        None,
        None,
        None,
    ]


def test_error_status_and_index() -> None:
    """A v1 noSuchName names the varbind."""
    data = pysnmp_response(V1, [((*NETIO, 3, 9), V1.Null(""))], status=2, index=1)
    response = decode_response(data, 0)
    assert (response.error_status, response.error_index) == (2, 1)


def test_big_arcs_and_long_lengths() -> None:
    """Arcs above 127 take several octets; a long message has a multi-octet length."""
    oid = (1, 3, 6, 1, 4, 1, 47952, 2**32, 0)
    assert decode_oid(encode_oid(oid)[2:]) == oid
    values = [((*NETIO, 2, n), rfc1902.OctetString(b"x" * 100)) for n in range(1, 30)]
    response = decode_response(pysnmp_response(V2C, values), 1)
    assert len(response.varbinds) == 29


@pytest.mark.parametrize("oid", [(1,), (3, 1), (1, -1)])
def test_not_an_oid(oid: tuple[int, ...]) -> None:
    """Nothing that is not an OID is encoded."""
    with pytest.raises(ValueError, match="object identifier"):
        encode_oid(oid)


GOOD = pysnmp_response(V2C, [((*NETIO, 3, 1), rfc1902.Integer32(1))])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x30",
        GOOD[:-1],
        b"\x30\x85" + GOOD[2:],  # a five-octet length
        b"\x31" + GOOD[1:],  # not a SEQUENCE
        pysnmp_response(V1, [((*NETIO, 3, 1), V1.Integer(1))]),  # v1 where v2c was asked
        b"\x30\x02\x02\x00",  # an empty version INTEGER
        GOOD[:-3] + b"\x02\x00" + GOOD[-1:],  # an empty INTEGER value
        GOOD.replace(encode_oid((*NETIO, 3, 1))[2:], encode_oid((*NETIO, 3, 1))[2:-1] + b"\x81", 1),
    ],
)
def test_malformed_responses(data: bytes) -> None:
    """A datagram that is not a well-formed response of the version raises SnmpDecodeError."""
    with pytest.raises(SnmpDecodeError):
        decode_response(data, 1)


@given(st.binary(max_size=200))
def test_fuzz_decode_raises_only_decode_errors(data: bytes) -> None:
    """Random datagrams never raise anything but SnmpDecodeError."""
    with contextlib.suppress(SnmpDecodeError):
        decode_response(data, 1)


@given(st.integers(min_value=0, max_value=len(GOOD) - 1), st.integers(0, 255))
def test_fuzz_flipped_octets(position: int, octet: int) -> None:
    """A response with one octet changed decodes or raises SnmpDecodeError."""
    data = bytearray(GOOD)
    data[position] = octet
    with contextlib.suppress(SnmpDecodeError):
        decode_response(bytes(data), 1)
