"""YAML configuration and the `python -m netio_simulator` command line."""

import asyncio
import json
import os
from pathlib import Path
import signal
import sys
from typing import Any

import aiohttp
import pytest

from netio_simulator.__main__ import build_parser, config_from_args
from netio_simulator.config import ConfigError, load_config, parse_config, start_simulator

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "simulator" / "examples" / "demo.yaml"


def test_demo_config_has_the_three_demo_devices() -> None:
    config = load_config(DEMO)
    assert [d.profile for d in config.devices] == ["netio_4all", "powerpdu_8qs", "powerpdu_4c"]
    four_all, eight_qs, four_c = config.devices
    assert four_all.protocols == frozenset({"json"})
    assert four_all.outputs is not None
    assert four_all.outputs[0].power_up == "on"
    assert eight_qs.inputs is not None
    assert eight_qs.inputs[0].s0_pulses_per_hour == 720
    assert four_c.protocols == frozenset({"modbus", "snmp"})
    assert config.control_port == 0


async def test_demo_config_starts(socket_enabled: None) -> None:
    sim = await start_simulator(load_config(DEMO))
    try:
        ports = {d.id: d.ports for d in sim.devices}
        assert set(ports["netio-4all"]) == {"http"}
        assert set(ports["powerpdu-4c"]) == {"modbus", "snmp"}
        assert sim.control_port
        assert sim.discovery_port
    finally:
        await sim.stop()


def test_count_makes_copies_with_suffixes() -> None:
    config = parse_config(
        {"devices": [{"profile": "netio_4", "count": 3, "id": "n", "name": "Plug"}]}
    )
    assert [d.id for d in config.devices] == ["n-1", "n-2", "n-3"]
    assert [d.name for d in config.devices] == ["Plug 1", "Plug 2", "Plug 3"]


def test_full_device_entry() -> None:
    config = parse_config(
        {
            "host": "127.0.0.1",
            "discovery": {"port": 0, "reply_port": None},
            "devices": [
                {
                    "profile": "powerpdu_8qs",
                    "protocols": "json, modbus",
                    "https": True,
                    "ports": {"http": 0, "modbus": 0},
                    "firmware": {"version": "4.1.0", "json_ver": "2.4"},
                    "credentials": {"json": {"write": {"username": "a", "password": "b"}}},
                    "outputs": [{"name": "A", "state": False, "power_up": False}],
                    "inputs": [{"features": ["s0", "temperature"], "temperature_c": 20}],
                }
            ],
        }
    )
    device = config.devices[0]
    assert device.protocols == frozenset({"json", "modbus"})
    assert device.firmware == "4.1.0"
    assert device.json_ver == "2.4"
    assert device.credentials is not None
    assert device.credentials.json.write.username == "a"
    assert device.outputs is not None
    assert device.outputs[0].power_up == "off"
    assert config.discovery is not None
    assert config.discovery.reply_port is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"devices": [{"protocols": ["json"]}]}, "profile is required"),
        ({"devices": [{"profile": "netio_9"}]}, "unknown profile"),
        ({"devices": [{"profile": "netio_4", "colour": 1}]}, "unknown keys"),
        ({"devices": [{"profile": "netio_4", "protocols": ["ftp"]}]}, "unknown protocol"),
        ({"devices": [{"profile": "netio_4", "ports": {"http": 99999}}]}, "port"),
        ({"devices": [{"profile": "netio_4", "count": 2, "ports": {"http": 8080}}]}, "count"),
        ({"devices": [{"profile": "netio_4", "outputs": [{"power_up": "x"}]}]}, "power_up"),
        ({"devices": [{"profile": "netio_4", "outputs": [{"load": {"kind": "x"}}]}]}, "kind"),
        ({"devices": [{"profile": "netio_4", "credentials": {"ftp": {}}}]}, "credential"),
        ({"devices": [{"profile": "netio_4", "firmware": {"energy_nr_underscore": 1}}]}, "true"),
        ({"devices": {"profile": "netio_4"}}, "expected a list"),
        ({"control": {"port": "x"}}, "port"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_bad_configs_name_the_problem(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(data)


def test_bad_yaml(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("devices: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


def test_cli_arguments() -> None:
    args = build_parser().parse_args(
        [
            "--profile",
            "netio_4all",
            "--count",
            "3",
            "--protocols",
            "json,xml",
            "--auth",
            "a:b",
            "--discovery-port",
            "0",
            "--discovery-reply-to-source",
        ]
    )
    config = config_from_args(args)
    assert len(config.devices) == 3
    assert config.devices[0].protocols == frozenset({"json", "xml"})
    assert config.devices[2].name == "NETIO 4All 3"
    assert config.discovery is not None
    assert config.discovery.reply_to_source_port
    with pytest.raises(ConfigError, match="--config"):
        config_from_args(build_parser().parse_args([]))
    with pytest.raises(ConfigError, match="USER:PASS"):
        config_from_args(build_parser().parse_args(["--profile", "netio_4", "--auth", "x"]))


async def _read_listing(stream: asyncio.StreamReader) -> dict[str, Any]:
    lines: list[str] = []
    async with asyncio.timeout(20):
        while True:
            line = (await stream.readline()).decode()
            if not line:
                raise AssertionError("the simulator exited before listing its devices")
            lines.append(line)
            if line.rstrip() == "}":
                return dict(json.loads("".join(lines)))


async def test_cli_runs_devices_until_sigterm(
    socket_enabled: None, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    ports_file = tmp_path / "ports.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "simulator")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "netio_simulator", "--profile", "powerpdu_4ps", "--count", "3",
        "--control-port", "0", "--ports-file", str(ports_file),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        listing = await _read_listing(process.stdout)
        assert json.loads(ports_file.read_text(encoding="utf-8")) == listing
        assert len(listing["devices"]) == 3
        port = listing["devices"][2]["ports"]["http"]
        async with http.get(f"http://127.0.0.1:{port}/netio.json") as response:
            doc = await response.json()
        assert doc["Agent"]["Model"] == "4PS"
        assert doc["Agent"]["DeviceName"] == "4PS 3"
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(10):
            _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()


async def test_cli_reports_errors(socket_enabled: None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "simulator")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "netio_simulator", "--config", "/nonexistent.yaml",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    async with asyncio.timeout(20):
        _, stderr = await process.communicate()
    assert process.returncode == 2
    assert b"error:" in stderr
