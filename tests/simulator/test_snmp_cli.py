"""SNMP agent against net-snmp's command-line tools (skipped without them; in CI, failed).

Debian/Ubuntu: `apt-get install snmp` provides snmpget, snmpwalk, snmpbulkwalk and snmpset.
Talking to an independent implementation shows the agent speaks real SNMP, not just pysnmp's.
"""

import asyncio
from collections.abc import AsyncIterator
import os
from pathlib import Path
import re

import pytest

from netio_simulator.credentials import Credentials, SnmpCredentials, SnmpV3User
from netio_simulator.device import SimulatedDevice
from netio_simulator.servers.snmp import SnmpAgent

from ..tools import requires_tools

pytestmark = [
    requires_tools("snmpget", "snmpwalk", "snmpbulkwalk", "snmpset", package="snmp"),
    pytest.mark.filterwarnings("ignore::cryptography.utils.CryptographyDeprecationWarning"),
]

NETIO = ".1.3.6.1.4.1.47952"
TABLE = f"{NETIO}.1.1.1"
LINE = re.compile(r"^(\.[0-9.]+) = (?:([A-Za-z0-9-]+): )?(.*)$")
V3_ADMIN = ["-v3", "-l", "authPriv", "-u", "admin", "-a", "SHA", "-A", "auth-pass-1"]
V3_ADMIN += ["-x", "AES", "-X", "priv-pass-1"]


def is_on(device: SimulatedDevice, output_id: int) -> bool:
    """Read an output's state (a call, so the type checker does not pin it between asserts)."""
    return device.output(output_id).state


@pytest.fixture
async def agent(socket_enabled: None) -> AsyncIterator[SnmpAgent]:
    device = SimulatedDevice(
        "powerpdu_8qs",
        credentials=Credentials(
            snmp=SnmpCredentials(
                v3_users=[SnmpV3User("admin", "sha", "auth-pass-1", "aes", "priv-pass-1", "rw")]
            )
        ),
    )
    snmp = SnmpAgent(device)
    await snmp.start()
    try:
        yield snmp
    finally:
        await snmp.stop()


def _address(agent: SnmpAgent) -> str:
    transport = agent._transport
    assert transport is not None
    port: int = transport.transport.get_extra_info("sockname")[1]
    return f"udp:127.0.0.1:{port}"


async def run(tool: str, *args: str, home: Path) -> tuple[int, list[str]]:
    """Run a net-snmp tool with numeric output and no MIB files; return (exit code, lines)."""
    env = {**os.environ, "HOME": str(home), "MIBS": "", "SNMPCONFPATH": str(home)}
    process = await asyncio.create_subprocess_exec(
        tool,
        "-On",
        "-Oe",
        "-t",
        "1",
        "-r",
        "0",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=env,
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode(errors="replace").splitlines()


def parse(lines: list[str]) -> dict[str, tuple[str, str]]:
    """Map OID -> (type, value) from net-snmp's `-On` output."""
    found: dict[str, tuple[str, str]] = {}
    for line in lines:
        match = LINE.match(line)
        if match and "No more variables" not in line:  # endOfMibView after the last object
            found[match.group(1)] = (match.group(2) or "", match.group(3))
    return found


async def test_snmpwalk_and_snmpbulkwalk(agent: SnmpAgent, tmp_path: Path) -> None:
    device = agent.device
    for tool in ("snmpwalk", "snmpbulkwalk"):
        code, lines = await run(tool, "-v2c", "-c", "public", _address(agent), NETIO, home=tmp_path)
        assert code == 0, lines
        walked = parse(lines)
        assert len(walked) == 8 * 5 + 5 + 7, lines
        oids = list(walked)
        assert oids == sorted(oids, key=lambda o: tuple(int(p) for p in o.strip(".").split(".")))
        assert walked[f"{TABLE}.2.1"] == ("STRING", f'"{device.outputs[0].name}"')
        assert walked[f"{TABLE}.3.8"] == ("INTEGER", "1")
        assert walked[f"{TABLE}.4.8"] == ("STRING", '"on"')
        assert f"{TABLE}.25.2" not in walked
        assert walked[f"{NETIO}.1.2.7.0"][0] == "Hex-STRING"


async def test_snmpget_both_forms_and_v1(agent: SnmpAgent, tmp_path: Path) -> None:
    address = _address(agent)
    code, lines = await run(
        "snmpget", "-v1", "-c", "public", address, f"{TABLE}.3.1", f"{TABLE}.3.1.0", home=tmp_path
    )
    assert code == 0, lines
    assert parse(lines) == {
        f"{TABLE}.3.1": ("INTEGER", "1"),
        f"{TABLE}.3.1.0": ("INTEGER", "1"),
    }
    code, lines = await run(
        "snmpget", "-v1", "-c", "public", address, f"{TABLE}.3.9", home=tmp_path
    )
    assert code != 0
    assert any("noSuchName" in line for line in lines), lines
    code, lines = await run(
        "snmpget", "-v2c", "-c", "public", address, f"{TABLE}.25.3", home=tmp_path
    )
    assert any("No Such Instance" in line for line in lines), lines


async def test_snmpset_and_v3(agent: SnmpAgent, tmp_path: Path) -> None:
    device = agent.device
    address = _address(agent)
    code, lines = await run(
        "snmpset", "-v2c", "-c", "public", address, f"{TABLE}.5.4", "i", "0", home=tmp_path
    )
    assert code != 0
    assert any("noAccess" in line for line in lines), lines
    assert is_on(device, 4)
    code, lines = await run(
        "snmpset", "-v2c", "-c", "private", address, f"{TABLE}.5.4", "i", "0", home=tmp_path
    )
    assert code == 0, lines
    assert not is_on(device, 4)
    code, lines = await run(
        "snmpset", *V3_ADMIN, address, f"{TABLE}.5.4.0", "i", "1", home=tmp_path
    )
    assert code == 0, lines
    assert is_on(device, 4)
    code, lines = await run("snmpget", *V3_ADMIN, address, f"{TABLE}.3.4", home=tmp_path)
    assert parse(lines) == {f"{TABLE}.3.4": ("INTEGER", "1")}, lines


async def test_wrong_community_times_out(agent: SnmpAgent, tmp_path: Path) -> None:
    code, lines = await run(
        "snmpget", "-v2c", "-c", "guess", _address(agent), f"{TABLE}.3.1", home=tmp_path
    )
    assert code != 0
    assert any("Timeout" in line for line in lines), lines
