"""Simulated devices in a separate process, so their CPU time never counts as ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import json
from pathlib import Path
import subprocess
import sys
import tempfile
import time
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
USERNAME = "netio"
PASSWORD = "netio"  # noqa: S105  # the simulated devices' account
ALL_PROTOCOLS = ("json", "xml", "modbus", "snmp", "kshell")

_ACCOUNT = {"username": USERNAME, "password": PASSWORD}
CREDENTIALS = {api: {"read": _ACCOUNT, "write": _ACCOUNT} for api in ("json", "xml", "kshell")}


@dataclass(frozen=True, slots=True)
class SimDevice:
    """One simulated device as the simulator lists it."""

    serial: str
    profile: str
    ports: dict[str, int]


def group(
    profile: str,
    count: int = 1,
    *,
    protocols: tuple[str, ...] = ("json",),
    quiet: bool = False,
    outputs: int = 0,
) -> dict[str, Any]:
    """A `devices:` item; `quiet` gives every output a constant 0 W load (energy stands still)."""
    item: dict[str, Any] = {
        "profile": profile,
        "count": count,
        "protocols": list(protocols),
        "credentials": CREDENTIALS,
    }
    if quiet:
        item["outputs"] = [{"load": {"kind": "constant", "watts": 0}} for _ in range(outputs)]
        item["inputs"] = [{"s0_pulses_per_hour": 0}]
    return item


@contextmanager
def simulator(*groups: dict[str, Any]) -> Iterator[list[SimDevice]]:
    """Run the simulator with these device groups in its own process; yield its devices."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "devices.yaml"
        ports_file = Path(tmp) / "ports.json"
        config.write_text(
            yaml.safe_dump({"host": "127.0.0.1", "devices": list(groups)}), encoding="utf-8"
        )
        process = subprocess.Popen(  # noqa: S603  # our interpreter, our module
            [
                sys.executable,
                "-m",
                "netio_simulator",
                "--config",
                str(config),
                "--ports-file",
                str(ports_file),
            ],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT / "simulator"), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.DEVNULL,
        )
        try:
            yield _wait_for_listing(ports_file, process)
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_for_listing(ports_file: Path, process: subprocess.Popen[bytes]) -> list[SimDevice]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the simulator exited")
        if ports_file.exists() and ports_file.stat().st_size:
            listing = json.loads(ports_file.read_text(encoding="utf-8"))
            return [
                SimDevice(item["serial"] or item["mac"].lower(), item["profile"], item["ports"])
                for item in listing["devices"]
            ]
        time.sleep(0.05)
    raise SystemExit("the simulator did not start")
