"""Random and mangled payloads for the JSON, XML and discover parsers.

Only NetioError may come out (no KeyError, TypeError, ValueError, RecursionError ...).
"""

from collections.abc import Callable
import contextlib
import json
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.netio.client import NetioError, Protocol
from custom_components.netio.client.discovery import parse_discover_reply
from custom_components.netio.client.document import parse_document
from custom_components.netio.client.transports.json_api import decode_json
from custom_components.netio.client.transports.xml_api import xml_to_document

from .test_document import POWERPDU_4C, POWERPDU_8QS

FUZZ = settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

KEYS = [
    "Agent", "GlobalMeasure", "Outputs", "Inputs", "Model", "Version", "JSONVer", "XmlVer",
    "DeviceName", "VendorID", "OemID", "MAC", "SerialNumber", "Uptime", "Time", "NumOutputs",
    "NumInputs", "Voltage", "Frequency", "TotalCurrent", "OverallPowerFactor", "TotalPowerFactor",
    "Phase", "OverallPhase", "TotalPhase", "TotalLoad", "TotalEnergy", "TotalEnergyNR",
    "TotalReverseEnergy", "TotalReverseEnergyNR", "EnergyStart", "ID", "Name", "State",
    "Action", "Delay", "Current", "PowerFactor", "Load", "Energy", "EnergyNR", "Energy_NR",
    "ReverseEnergy", "ReverseEnergyNR", "ReverseEnergy_NR", "S0Counter", "TemperatureC",
    "TempertureC", "TemperatureF", "Humidity",
]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["999", "1", "0", "-1", "1e400", "2022-10-11T15:11:46+01:00", "24A42C"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner),
    max_leaves=12,
)
entries = st.dictionaries(st.sampled_from(KEYS), values, max_size=14)
documents = st.fixed_dictionaries(
    {},
    optional={
        "Agent": entries | values,
        "GlobalMeasure": entries | values,
        "Outputs": st.lists(entries | values, max_size=4) | values,
        "Inputs": st.lists(entries | values, max_size=3) | values,
    },
)


def _only_netio_errors(parse: Callable[[], Any]) -> None:
    with contextlib.suppress(NetioError):
        parse()


@FUZZ
@given(documents)
def test_document_parser(doc: dict[str, Any]) -> None:
    _only_netio_errors(lambda: parse_document(doc, protocol=Protocol.JSON))


@FUZZ
@given(st.binary(max_size=300))
def test_json_bytes(body: bytes) -> None:
    _only_netio_errors(lambda: parse_document(decode_json(body), protocol=Protocol.JSON))


@FUZZ
@given(st.data())
def test_mangled_device_json(data: st.DataObject) -> None:
    body = bytearray(data.draw(st.sampled_from([POWERPDU_4C, json.dumps(POWERPDU_8QS).encode()])))
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(body) - 1))
        body[position] = data.draw(st.integers(0, 255))
    body = body[: data.draw(st.integers(0, len(body)))]
    _only_netio_errors(lambda: parse_document(decode_json(bytes(body)), protocol=Protocol.JSON))


def _to_xml(name: str, value: object) -> str:
    if isinstance(value, dict):
        inner = "".join(_to_xml(str(key), item) for key, item in value.items())
        return f"<{name}>{inner}</{name}>"
    if isinstance(value, list):
        return (
            f"<{name}>" + "".join(_to_xml(name.removesuffix("s"), v) for v in value) + f"</{name}>"
        )
    if value is None:
        return f"<{name}/>"
    return f"<{name}>{escape(str(value))}</{name}>"


@FUZZ
@given(documents)
def test_xml_documents(doc: dict[str, Any]) -> None:
    body = f'<set:Root xmlns:set="x">{"".join(_to_xml(k, v) for k, v in doc.items())}</set:Root>'
    _only_netio_errors(
        lambda: parse_document(xml_to_document(body.encode()), protocol=Protocol.XML)
    )


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_xml_bytes(body: bytes) -> None:
    _only_netio_errors(lambda: parse_document(xml_to_document(body), protocol=Protocol.XML))


tlv = st.tuples(st.integers(0, 255), st.binary(max_size=20)).map(
    lambda f: bytes([f[0], len(f[1])]) + f[1]
)
replies = st.builds(
    lambda head, fields, tail: head + b"".join(fields) + tail,
    st.just(b"\x02\xab\x6b") | st.binary(max_size=3),
    st.lists(tlv | st.just(b"\x02\x06\x24\xa4\x2c\x39\x9d\x27"), max_size=8),
    st.binary(max_size=4),
)


@FUZZ
@given(
    replies | st.binary(max_size=100),
    st.sampled_from(["127.0.0.1", "0.0.0.0", ""]),  # noqa: S104  # sender addresses
)
def test_discover_replies(data: bytes, sender: str) -> None:
    _only_netio_errors(lambda: parse_discover_reply(data, sender))
