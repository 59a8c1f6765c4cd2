"""The XML API (`/netio.xml`) over real sockets."""

import xml.etree.ElementTree as ET

import aiohttp
import pytest

from netio_simulator.credentials import ApiAccounts, Credentials
from netio_simulator.runner import DeviceConfig, RunningDevice, Simulator

NS = "{http://www.netio-products.com/XMLSchema/NETIO.xsd}"
WRITE = """<set:Root xmlns:set="http://www.netio-products.com/XMLSchema/NETIO.xsd">\r
 <Outputs>\r
  <Output>\r
   <ID>1</ID>\r
   <Action>0</Action>\r
  </Output>\r
  <Output><ID>2</ID><Action>2</Action><Delay>250</Delay></Output>\r
 </Outputs>\r
</set:Root>"""


@pytest.fixture
async def dev(simulator: Simulator) -> RunningDevice:
    return await simulator.add_device(
        DeviceConfig(profile="netio_4", protocols=frozenset({"xml"}), name="myNetio")
    )


async def test_get_is_namespaced_netio_xml(dev: RunningDevice, http: aiohttp.ClientSession) -> None:
    async with http.get(dev.url("xml")) as response:
        assert response.status == 200
        assert response.content_type == "text/xml"
        root = ET.fromstring(await response.read())  # noqa: S314 - our own simulator
    assert root.tag == f"{NS}Root"
    agent = root.find("Agent")
    assert agent is not None
    assert agent.findtext("Model") == "NETIO 4"
    assert agent.findtext("XmlVer") == "2.0"
    assert agent.findtext("DeviceName") == "myNetio"
    assert [child.tag for child in agent][:3] == ["Model", "Version", "XmlVer"]
    outputs = root.findall("Outputs/Output")
    assert [o.findtext("Name") for o in outputs] == [f"output_{n}" for n in range(1, 5)]
    assert {o.findtext("Action") for o in outputs} == {"6"}
    # JSON is not enabled on this device.
    async with http.get(dev.url("json")) as response:
        assert response.status == 403


async def test_post_switches_and_replies_with_the_document(
    dev: RunningDevice, http: aiohttp.ClientSession
) -> None:
    async with http.post(dev.url("xml"), data=WRITE) as response:
        assert response.status == 200
        root = ET.fromstring(await response.read())  # noqa: S314 - our own simulator
    states = [o.findtext("State") for o in root.findall("Outputs/Output")]
    assert states == ["0", "0", "1", "1"]
    assert dev.device.outputs[1].pulse_active


async def test_metered_xml_has_global_measure(
    simulator: Simulator, http: aiohttp.ClientSession
) -> None:
    dev = await simulator.add_device(
        DeviceConfig(profile="powerpdu_8qs", protocols=frozenset({"xml"}))
    )
    async with http.get(dev.url("xml")) as response:
        root = ET.fromstring(await response.read())  # noqa: S314 - our own simulator
    assert root.find("GlobalMeasure/Voltage") is not None
    assert root.find("Inputs/Input/S0Counter") is not None
    assert root.find("Outputs/Output/EnergyNR") is not None


@pytest.mark.parametrize(
    "body",
    [
        "<not-closed>",
        "<Root><Outputs><Output><ID>9</ID><Action>1</Action></Output></Outputs></Root>",
        "<Root><Outputs><Output><ID>1</ID><Action/></Output></Outputs></Root>",
        "<Root><Outputs><Output><ID>1</ID><Action>x</Action></Output></Outputs></Root>",
        "<Root><Outputs><Output><ID>1.5</ID><Action>1</Action></Output></Outputs></Root>",
        (
            "<Root><Outputs><Output><ID>1</ID><Action>0</Action></Output>"
            "<Output><ID>2</ID><Action>8</Action></Output></Outputs></Root>"
        ),
    ],
)
async def test_bad_xml_gets_400_and_changes_nothing(
    dev: RunningDevice, http: aiohttp.ClientSession, body: str
) -> None:
    async with http.post(dev.url("xml"), data=body) as response:
        assert response.status == 400
    assert all(o.state for o in dev.device.outputs)


async def test_xml_has_its_own_accounts(simulator: Simulator, http: aiohttp.ClientSession) -> None:
    creds = Credentials(xml=ApiAccounts.both("x", "y"))
    dev = await simulator.add_device(
        DeviceConfig(profile="netio_4", protocols=frozenset({"xml", "json"}), credentials=creds)
    )
    async with http.get(dev.url("xml")) as response:
        assert response.status == 401
    async with http.get(dev.url("json")) as response:
        assert response.status == 200
    headers = {"Authorization": aiohttp.encode_basic_auth("x", "y")}
    async with http.get(dev.url("xml"), headers=headers) as response:
        assert response.status == 200
