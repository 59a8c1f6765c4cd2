"""scripts/develop end to end: a real Home Assistant with the three simulated devices, twice.

The demo runs as the README tells people to run it (a subprocess, headless), on a config folder
and HTTP port of its own; the test talks to it over Home Assistant's REST API and to the
simulator over its control API, then stops it with SIGTERM and checks nothing is left running.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
import importlib.util
import json
import os
from pathlib import Path
import re
import signal
import socket
import subprocess
import sys
import time
from types import ModuleType
from typing import Any
import urllib.request

import pytest

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 240.0
STOP_TIMEOUT_S = 150.0
SWITCH_TIMEOUT_S = 30.0

# Built-in integrations Home Assistant always loads need software this machine may lack (the
# ffmpeg program, libturbojpeg, the native pymicro-vad); their errors are not the demo's.
ENVIRONMENT_ERRORS = (
    "[haffmpeg.core] FFmpeg fails",
    "[homeassistant.components.camera.img_util] Error loading libturbojpeg",
    "Setup failed for 'assist_pipeline': Unable to import component: No module named 'pymicro_vad'",
    "Unable to set up dependencies of 'assist_satellite'",
    "Setup failed for 'assist_satellite': Could not setup dependencies: assist_pipeline",
)
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?P<level>[A-Z]+) ")


def _load_develop() -> ModuleType:
    """scripts/develop.py (not a package): its REST client logs in as the demo user."""
    spec = importlib.util.spec_from_file_location("netio_develop", ROOT / "scripts" / "develop.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


develop = _load_develop()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # 127.0.0.1
        return json.loads(response.read())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class RunningDemo:
    """One start of scripts/develop."""

    process: subprocess.Popen[bytes]
    output: Path
    config: Path
    info: dict[str, Any]

    def text(self) -> str:
        """What scripts/develop printed so far."""
        return self.output.read_text(encoding="utf-8", errors="replace")


class DemoRunner:
    """Starts scripts/develop on one config folder and port; stops whatever it started."""

    def __init__(self, tmp_path: Path) -> None:
        """Use a config folder under tmp_path and a free HTTP port."""
        self.config = tmp_path / "config"
        self.port = _free_port()
        self.tmp_path = tmp_path
        self.starts = 0
        self.running: RunningDemo | None = None

    def start(self) -> RunningDemo:
        """Start the demo and wait until it says it is ready."""
        self.starts += 1
        output = self.tmp_path / f"develop-{self.starts}.out"
        env = {
            **os.environ,
            "NETIO_DEMO_CONFIG": str(self.config),
            "NETIO_DEMO_PORT": str(self.port),
        }
        info_path = self.config / "netio-demo" / "demo.json"
        with output.open("wb") as handle:
            process = subprocess.Popen(  # noqa: S603  # the project's own script
                [str(ROOT / "scripts" / "develop")],
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        self.running = RunningDemo(process, output, self.config, {})
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Press Ctrl-C to stop." not in self.running.text():
            assert process.poll() is None, f"scripts/develop ended:\n{self.running.text()}"
            assert time.monotonic() < deadline, f"not ready in time:\n{self.running.text()}"
            time.sleep(0.5)
        self.running.info = json.loads(info_path.read_text(encoding="utf-8"))
        return self.running

    def stop(self) -> int:
        """SIGTERM scripts/develop and wait for it; return its exit code."""
        demo, self.running = self.running, None
        if demo is None:
            return 0
        process = demo.process
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            return process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            for key in ("hass_pid", "simulator_pid"):
                if (pid := demo.info.get(key)) and _alive(pid):
                    os.kill(pid, signal.SIGKILL)
            process.wait()
            raise


@pytest.fixture
def runner(tmp_path: Path, socket_enabled: None) -> Iterator[DemoRunner]:
    """A demo runner whose demo is stopped after the test, whatever happened."""
    demo_runner = DemoRunner(tmp_path)
    try:
        yield demo_runner
    finally:
        demo_runner.stop()


def _devices(api: Any) -> dict[str, dict[str, Any]]:
    """The NETIO devices in Home Assistant's device registry, by name, with their entities.

    The PDUs and the outputs' devices under them (`via`: the PDU's device ID).
    """
    template = (
        "{% set ids = namespace(all=[]) %}"
        "{% for id in integration_entities('netio') | map('device_id') | unique %}"
        "{% set ids.all = ids.all + [id, device_attr(id, 'via_device_id')] %}"
        "{% endfor %}"
        "{% set ns = namespace(devices=[]) %}"
        "{% for id in ids.all | reject('none') | unique %}"
        "{% set ns.devices = ns.devices + [{'id': id, 'name': device_attr(id, 'name'),"
        " 'model': device_attr(id, 'model'), 'via': device_attr(id, 'via_device_id'),"
        " 'entities': device_entities(id)}] %}"
        "{% endfor %}{{ ns.devices | tojson }}"
    )
    status, reply = api.call("POST", "/api/template", {"template": template})
    assert status == 200, reply
    return {device["name"]: device for device in reply}


def _state(api: Any, entity_id: str) -> str:
    return str(api.expect("GET", f"/api/states/{entity_id}")["state"])


def _switch_and_check(
    api: Any, control: str, device_id: str, entity_id: str, output: int, *, on: bool
) -> None:
    """Switch through Home Assistant; the simulated device and the entity must follow."""
    service = "turn_on" if on else "turn_off"
    api.expect("POST", f"/api/services/switch/{service}", {"entity_id": entity_id})
    deadline = time.monotonic() + SWITCH_TIMEOUT_S
    while True:
        outputs = {o["id"]: o for o in _get_json(f"{control}/devices/{device_id}")["outputs"]}
        if outputs[output]["state"] is on and _state(api, entity_id) == ("on" if on else "off"):
            return
        assert time.monotonic() < deadline, f"{entity_id} did not reach {service}"
        time.sleep(0.3)


def _log_problems(config: Path) -> list[str]:
    """ERROR records of the Home Assistant log (but the machine's), and warnings of ours."""
    records: list[list[str]] = []
    for line in (config / "home-assistant.log").read_text(encoding="utf-8").splitlines():
        if LOG_RECORD.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)
    problems: list[str] = []
    for record in records:
        text = "\n".join(record)
        level = match["level"] if (match := LOG_RECORD.match(record[0])) else ""
        error = level in {"ERROR", "CRITICAL"}
        if (error and not any(known in text for known in ENVIRONMENT_ERRORS)) or (
            level == "WARNING" and "[custom_components.netio" in record[0]
        ):
            problems.append(text)
    return problems


def test_develop_runs_home_assistant_with_three_netio_devices(runner: DemoRunner) -> None:
    demo = runner.start()
    assert "Onboarded Home Assistant with the user 'demo'." in demo.text()
    for name in ("Office NETIO 4All", "Rack PowerPDU 8QS", "Lab PowerPDU 4C"):
        assert f"Added {name} through the NETIO config flow." in demo.text()
    assert "user: demo   password: demo-netio" in demo.text()

    api = develop.Api(runner.port)
    api.login()
    entries = api.expect("GET", "/api/config/config_entries/entry?domain=netio")
    assert sorted((e["title"], e["state"]) for e in entries) == [
        ("Lab PowerPDU 4C", "loaded"),
        ("Office NETIO 4All", "loaded"),
        ("Rack PowerPDU 8QS", "loaded"),
    ]
    # The frontend lists every action with its description; that fails if any integration
    # Home Assistant loads cannot be imported (then the web interface never gets past loading).
    services = {s["domain"]: s["services"] for s in api.expect("GET", "/api/services")}
    assert {"short_off", "short_on", "toggle", "set_outputs", "all_outputs"} <= set(
        services["netio"]
    )
    devices = _devices(api)
    pdus = {name: device for name, device in devices.items() if device["via"] is None}
    assert set(pdus) == {"Office NETIO 4All", "Rack PowerPDU 8QS", "Lab PowerPDU 4C"}
    assert pdus["Office NETIO 4All"]["model"] == "NETIO 4All"
    # Every output is a device under its PDU, named after the output, holding its switch.
    outlets = {
        name: sorted(o["name"] for o in devices.values() if o["via"] == pdu["id"])
        for name, pdu in pdus.items()
    }
    assert [len(outlets[name]) for name in sorted(outlets)] == [4, 4, 8]
    assert "NAS" in outlets["Office NETIO 4All"]
    assert devices["NAS"]["model"] == "NETIO 4All"
    assert {"switch.nas", "sensor.nas_power"} <= set(devices["NAS"]["entities"])
    # (a watchdog adds its own "<watchdog> enabled" switch to the output it restarts)
    assert all(
        len(
            [
                e
                for e in devices[name]["entities"]
                if e.startswith("switch.") and not e.endswith("_enabled")
            ]
        )
        == 1
        for names in outlets.values()
        for name in names
    )
    assert any(e.endswith("_enabled") for e in devices["Router"]["entities"])
    assert (
        "binary_sensor.rack_powerpdu_8qs_electricity_meter"
        in (pdus["Rack PowerPDU 8QS"]["entities"])
    )
    assert float(_state(api, "sensor.nas_power")) > 0
    # automations.yaml is included (the editor's file, also netio.import_rules'), and it exists
    assert (demo.config / "automations.yaml").read_text(encoding="utf-8") == "[]\n"
    assert "reload" in services["automation"]

    control = f"http://127.0.0.1:{demo.info['simulator']['control_port']}"
    _switch_and_check(api, control, "netio-4all", "switch.nas", 1, on=False)
    _switch_and_check(api, control, "powerpdu-4c", "switch.soldering_station", 2, on=True)

    assert _log_problems(demo.config) == []
    pids = (demo.info["hass_pid"], demo.info["simulator_pid"])
    assert runner.stop() == 0
    assert not [pid for pid in pids if _alive(pid)]
    assert "Stopping the demo" in demo.text()

    # A second start reuses the config folder: no onboarding, no devices added again.
    demo = runner.start()
    assert "Onboarded" not in demo.text()
    assert "Added" not in demo.text()
    api = develop.Api(runner.port)
    api.login()
    assert len(api.expect("GET", "/api/config/config_entries/entry?domain=netio")) == 3
    assert _state(api, "switch.nas") in {"on", "off"}
    assert _log_problems(demo.config) == []
    pids = (demo.info["hass_pid"], demo.info["simulator_pid"])
    assert runner.stop() == 0
    assert not [pid for pid in pids if _alive(pid)]


def test_banner_prints_each_device_account() -> None:
    """The banner says how to log in to each simulated device, to reconfigure or re-add it."""
    listing = {
        "host": "127.0.0.1",
        "control_port": 8700,
        "devices": [
            {"name": "Rack", "model": "8QS", "host": "127.0.0.1", "ports": {"http": 8801}},
            {
                "name": "Lab",
                "model": "PowerPDU 4C",
                "host": "127.0.0.1",
                "ports": {"modbus": 8802, "snmp": 8803},
            },
        ],
    }
    paths = develop.Paths(Path("/tmp/netio-demo-config"))  # noqa: S108  # only printed
    api = develop.Api(8123)
    text = develop.banner(api, listing, paths, 3.0)
    account = develop.DEVICE_ACCOUNT
    assert f"M2M API (JSON) user: {account['username']}   password: {account['password']}" in text
    assert "SNMP v2c   read community: public   write community: private" in text
