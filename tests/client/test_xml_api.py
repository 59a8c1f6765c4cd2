"""The XML API's document conversion and write body."""

from unittest.mock import patch
import xml.etree.ElementTree as ET

from hypothesis import given, settings, strategies as st
import pytest

from custom_components.netio.client import (
    NetioProtocolError,
    OutputAction,
    OutputCommand,
    Protocol,
)
from custom_components.netio.client.document import parse_document
from custom_components.netio.client.transports.xml_api import (
    NAMESPACE,
    encode_commands,
    strict_xml_to_document,
    xml_to_document,
)

# Protocol notes §3: a NETIO 4 (fw 3.0.3, XmlVer 2.0) GET, re-serialised with an `ns0` prefix.
NETIO_4_XML = (
    b'<ns0:Root xmlns:ns0="http://www.netio-products.com/XMLSchema/NETIO.xsd"><Agent>'
    b"<Model>NETIO 4</Model><Version>3.0.3</Version><XmlVer>2.0</XmlVer>"
    b"<DeviceName>myNetio</DeviceName><VendorID>0</VendorID><OemID>0</OemID>"
    b"<SerialNumber>24:A4:2C:39:02:BC</SerialNumber><Uptime>4913</Uptime>"
    b"<Time>2018-03-01T19:14:22+01:00</Time><NumOutputs>4</NumOutputs></Agent><Outputs>"
    b"<Output><ID>1</ID><Name>output_1</Name><State>1</State><Action /><Delay>5000</Delay>"
    b"</Output><Output><ID>2</ID><Name>output_2</Name><State>1</State><Action>6</Action>"
    b"<Delay>5000</Delay></Output><Output><ID>3</ID><Name>output_3</Name><State>0</State>"
    b"<Action>6</Action><Delay>5000</Delay></Output><Output><ID>4</ID><Name>output_4</Name>"
    b"<State>1</State><Action>6</Action><Delay>5000</Delay></Output></Outputs></ns0:Root>"
)


def test_netio_4_sample() -> None:
    state = parse_document(xml_to_document(NETIO_4_XML), protocol=Protocol.XML)
    assert state.info.model == "NETIO 4"
    assert state.info.api_version == "2.0"
    assert state.info.serial == "24:A4:2C:39:02:BC"
    assert state.info.mac == "24:A4:2C:39:02:BC"
    assert state.info.uptime_s == 4913
    assert state.info.num_outputs == 4
    assert [o.state for o in state.outputs.values()] == [True, True, False, True]
    assert state.outputs[1].pulse_delay_ms == 5000
    assert state.outputs[4].name == "output_4"
    assert state.measure is None


def test_conversion_keeps_the_json_shape() -> None:
    body = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<set:Root xmlns:set="x"><Agent>'
        b"<DeviceName> Rack &amp; stack </DeviceName><MAC />"
        b"</Agent><GlobalMeasure><Voltage>230.5</Voltage></GlobalMeasure><Outputs>"
        b"<Output><ID>1</ID><Name>Kr\xc3\xa1l</Name></Output></Outputs>"
        b"<Inputs><Input><ID>1</ID><S0Counter>12</S0Counter></Input></Inputs></set:Root>\n"
    )
    assert xml_to_document(body) == {
        "Agent": {"DeviceName": "Rack & stack", "MAC": None},
        "GlobalMeasure": {"Voltage": "230.5"},
        "Outputs": [{"ID": "1", "Name": "Král"}],
        "Inputs": [{"ID": "1", "S0Counter": "12"}],
    }


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{}",
        b"<Root><Agent>",
        b"<Root/><Root/>",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><Root>&a;</Root>',
        b'<!DOCTYPE r SYSTEM "http://example.invalid/r.dtd"><Root/>',
        b"<Root>&undefined;</Root>",
        b'<?xml version="1.0" encoding="no-such-codec"?><Root/>',
    ],
)
def test_bad_xml_is_a_protocol_error(body: bytes) -> None:
    with pytest.raises(NetioProtocolError, match="not valid NETIO XML"):
        xml_to_document(body)


def test_an_output_without_children_is_not_netio() -> None:
    body = b"<Root><Agent/><Outputs><Output>1</Output></Outputs></Root>"
    with pytest.raises(NetioProtocolError, match="not a NETIO status document"):
        parse_document(xml_to_document(body), protocol=Protocol.XML)


def test_write_body() -> None:
    body = encode_commands(
        [
            OutputCommand(1, OutputAction.ON),
            OutputCommand(3, OutputAction.SHORT_OFF, 2500),
        ]
    )
    root = ET.fromstring(body)  # noqa: S314  # our own output
    assert root.tag == f"{{{NAMESPACE}}}Root"
    outputs = [{child.tag: child.text for child in output} for output in root.iter("Output")]
    assert outputs == [
        {"ID": "1", "Action": "1"},
        {"ID": "3", "Action": "2", "Delay": "2500"},
    ]


_NAMES = st.sampled_from(
    ["Root", "Agent", "Outputs", "Inputs", "Output", "Input", "ID", "Name", "p:Name", "x:Outputs"]
)
_TEXTS = st.sampled_from(
    [
        "",
        "1",
        " 230.5 ",
        "\n\t",
        "Kr\u00e1l",
        "\u00a0nbsp\u00a0",
        "\u2003em",
        "a &amp; b",
        "&#65;&#x42;",
        "&undefined;",
        "<!-- note -->",
        "<![CDATA[<raw>]]>",
        "<?pi data?>",
        "x<y",
        "]]>",
        "\r\n",
    ]
)
_DECLARATIONS = st.sampled_from(
    [
        "",
        '<?xml version="1.0"?>',
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<?xml version="1.0" encoding="ISO-8859-1"?>',
        '<?xml version="1.1"?>',
        '<!DOCTYPE Root [<!ENTITY e "e">]>',
        " ",
    ]
)


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    name = draw(_NAMES)
    attributes = draw(st.sampled_from(["", ' xmlns:p="urn:p"', ' xmlns="urn:d"', ' a="1"', " b=1"]))
    if depth > 3 or draw(st.booleans()):
        if draw(st.integers(0, 5)) == 0:
            return f"<{name}{attributes}/>"
        return f"<{name}{attributes}>{draw(_TEXTS)}</{name}>"
    children = draw(st.lists(_element(depth + 1), max_size=4))
    inner = draw(_TEXTS).join(["", *children, ""])
    closing = name if draw(st.integers(0, 20)) else "Other"
    return f"<{name}{attributes}>{inner}</{closing}>"


def _outcome(convert: object, body: bytes) -> object:
    try:
        return convert(body)  # type: ignore[operator]
    except NetioProtocolError as err:
        return f"error: {err}"


@settings(max_examples=500, deadline=None)
@given(
    declaration=_DECLARATIONS,
    root=_element(),
    encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "utf-16"]),
    cut=st.integers(0, 40),
)
def test_the_fast_reader_agrees_with_the_strict_one(
    declaration: str, root: str, encoding: str, cut: int
) -> None:
    """Same document or the same error, on well-formed and broken documents alike."""
    body = (declaration + root).encode(encoding, errors="replace")
    if cut == 1:
        body = body[: len(body) // 2]
    assert _outcome(xml_to_document, body) == _outcome(strict_xml_to_document, body)


def test_the_8qs_reply_takes_the_fast_reader() -> None:
    """A device's plain reply is read without the strict reader's expat handlers."""
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + NETIO_4_XML
    with patch(
        "custom_components.netio.client.transports.xml_api.strict_xml_to_document"
    ) as strict:
        assert xml_to_document(body) == _outcome(strict_xml_to_document, body)
    strict.assert_not_called()
