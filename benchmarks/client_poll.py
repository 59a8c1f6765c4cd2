"""Poll latency and client CPU time per poll, per transport, against the simulator.

The simulator runs in its own process, so the CPU time measured here (process time of this
interpreter) is the client's alone. The floor, measured in the same run and interleaved with
the transports, is a bare aiohttp GET of /netio.json plus `json.loads`: what any poll costs
at the least. Every transport reuses its connection (one aiohttp session, keep-alive).

    .venv/bin/python benchmarks/client_poll.py [--polls 400] [--rounds 5] [--profile powerpdu_8qs]
        [--before DIR]

Besides the floor, a row `modbus bare` sends the very reads the Modbus transport makes per poll
(its read plan, one request at a time) from a bare asyncio Protocol that decodes nothing: what
those round trips cost at the least, to tell the client's own CPU from the exchanges'. Likewise
`xml bare` is a bare aiohttp GET of /netio.xml plus ElementTree's C parser (no walk over the tree,
no state): the least a poll of the XML API costs with the standard library's XML parser.

`--before DIR` also loads the client package in DIR (e.g. an older commit's
`custom_components/netio/client`, from `git archive`) and measures its transports in the same
rounds, as rows `<transport> before`: a before/after comparison against one floor.

The client package is loaded on its own (not through the integration), as a library user
would, so Home Assistant is never imported.
"""

import argparse
import asyncio
from collections.abc import Awaitable, Callable
import importlib.util
import json
import os
from pathlib import Path
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from types import ModuleType
from typing import Any
from xml.etree import ElementTree as ET

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
CLIENT_DIR = ROOT / "custom_components" / "netio" / "client"
TRANSPORTS = ("json", "xml", "modbus", "snmp", "kshell")

type Poll = Callable[[], Awaitable[object]]


def load_client(name: str = "netio_client", directory: Path = CLIENT_DIR) -> ModuleType:
    """Import a client package standalone, as `name`."""
    spec = importlib.util.spec_from_file_location(
        name, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit("cannot load the client package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def start_simulator(profile: str, ports_file: Path) -> subprocess.Popen[bytes]:
    """Run one simulated device with every protocol in a separate process."""
    return subprocess.Popen(  # noqa: S603  # our interpreter, our module
        [
            sys.executable,
            "-m",
            "netio_simulator",
            "--profile",
            profile,
            "--protocols",
            "json,xml,modbus,snmp,kshell",
            "--ports-file",
            str(ports_file),
        ],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "simulator"), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
    )


def wait_for_ports(ports_file: Path, process: subprocess.Popen[bytes]) -> dict[str, int]:
    """Wait until the simulator wrote its listing; return the device's ports."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the simulator exited")
        if ports_file.exists() and ports_file.stat().st_size:
            listing = json.loads(ports_file.read_text(encoding="utf-8"))
            ports: dict[str, int] = listing["devices"][0]["ports"]
            return ports
        time.sleep(0.05)
    raise SystemExit("the simulator did not start")


async def measure(poll: Poll, polls: int) -> tuple[list[float], float]:
    """Run `polls` polls; return each poll's latency (s) and the CPU time of all of them."""
    latencies: list[float] = []
    cpu_start = time.process_time()
    for _ in range(polls):
        start = time.perf_counter()
        await poll()
        latencies.append(time.perf_counter() - start)
    return latencies, time.process_time() - cpu_start


class _BareModbus(asyncio.Protocol):
    """Sends a frame, wakes the poll when any answer arrives; nothing else."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.answer: asyncio.Future[bytes] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.answer is not None and not self.answer.done():
            self.answer.set_result(data)


async def bare_modbus_poll(client: Any, port: int) -> tuple[Poll, asyncio.Transport]:
    """A poll making the Modbus transport's reads (after one real poll) with a bare Protocol."""
    await client.get_state()
    spans = client._transport._read_plan(client._transport.layout)  # noqa: SLF001
    frames = [
        struct.pack(">HHHBBHH", 0, 0, 6, 1, span.table, span.start, span.count) for span in spans
    ]
    loop = asyncio.get_running_loop()
    transport, link = await loop.create_connection(_BareModbus, "127.0.0.1", port)

    async def poll() -> object:
        for frame in frames:
            link.answer = loop.create_future()
            transport.write(frame)
            await link.answer
        return None

    return poll, transport


def make_clients(
    libraries: dict[str, ModuleType], session: aiohttp.ClientSession, ports: dict[str, int]
) -> dict[str, Any]:
    """A client per transport and library; a library's key is the suffix of its rows."""
    clients = {}
    for suffix, client_lib in libraries.items():
        models = sys.modules[f"{client_lib.__name__}.models"]
        config = models.ConnectionConfig(
            host="127.0.0.1",
            port=ports["http"],
            modbus_port=ports["modbus"],
            kshell_port=ports["kshell"],
            snmp=models.SnmpSettings(port=ports["snmp"]),
            timeout=5.0,
        )
        for name in TRANSPORTS:
            clients[name + suffix] = client_lib.NetioClient(
                config, session=session, protocol=models.Protocol(name)
            )
    return clients


async def run(
    args: argparse.Namespace, ports: dict[str, int]
) -> tuple[dict[str, dict[str, float]], bytes]:
    """Measure the floor and every transport, interleaved in rounds; also return one body."""
    libraries = {"": load_client()}
    if args.before:
        libraries[" before"] = load_client("netio_client_before", Path(args.before))
    url = f"http://127.0.0.1:{ports['http']}/netio.json"
    async with aiohttp.ClientSession() as session:

        async def floor() -> object:
            async with session.get(url) as response:
                return json.loads(await response.read())

        async def bare_xml() -> object:
            async with session.get(url.replace(".json", ".xml")) as response:
                return ET.fromstring(await response.read())  # noqa: S314  # our simulator

        clients = make_clients(libraries, session, ports)
        bare_modbus, bare_transport = await bare_modbus_poll(clients["modbus"], ports["modbus"])
        polls: dict[str, Poll] = {"floor": floor, "xml bare": bare_xml, "modbus bare": bare_modbus}
        polls.update({name: client.get_state for name, client in clients.items()})
        for poll in polls.values():  # warm up: connections, imports, first-read layouts
            for _ in range(20):
                await poll()
        latencies: dict[str, list[float]] = {name: [] for name in polls}
        cpu: dict[str, float] = dict.fromkeys(polls, 0.0)
        per_round = max(1, args.polls // args.rounds)
        for _ in range(args.rounds):
            for name, poll in polls.items():
                times, cpu_s = await measure(poll, per_round)
                latencies[name].extend(times)
                cpu[name] += cpu_s
        for client in clients.values():
            await client.close()
        bare_transport.close()
        async with session.get(url) as response:
            body = await response.read()
    results: dict[str, dict[str, float]] = {}
    for name, times in latencies.items():
        ordered = sorted(times)
        results[name] = {
            "median_ms": statistics.median(ordered) * 1000,
            "p95_ms": ordered[int(len(ordered) * 0.95) - 1] * 1000,
            "cpu_us": cpu[name] / len(ordered) * 1e6,
        }
    return results, body


def parse_cost(body: bytes, iterations: int = 5000) -> dict[str, float]:
    """CPU per parse of one captured /netio.json body: json.loads vs. the client's parser."""
    document = sys.modules["netio_client.document"]
    json_api = sys.modules["netio_client.transports.json_api"]
    models = sys.modules["netio_client.models"]

    def timed(work: Callable[[], Any]) -> float:
        start = time.process_time()
        for _ in range(iterations):
            work()
        return (time.process_time() - start) / iterations * 1e6

    return {
        "json.loads": timed(lambda: json.loads(body)),
        "client parse": timed(
            lambda: document.parse_document(
                json_api.decode_json(body), protocol=models.Protocol.JSON
            )
        ),
    }


def report(results: dict[str, dict[str, float]], parse: dict[str, float], args: Any) -> None:
    """Print the table and the closing note with the ratios to the floor."""
    base = results["floor"]
    print(f"client poll benchmark: profile {args.profile}, {args.polls} polls per transport")
    print(
        "load average (1/5/15 min) at the end: "
        + " / ".join(f"{load:.2f}" for load in os.getloadavg())
        + f" on {os.cpu_count()} cores (other work on the machine raises the floor)"
    )
    header = ("transport", "median ms", "p95 ms", "CPU us/poll", "lat x", "CPU x")
    print(
        f"{header[0]:<15}{header[1]:>11}{header[2]:>9}{header[3]:>13}{header[4]:>8}{header[5]:>8}"
    )
    for name, row in results.items():
        print(
            f"{name:<15}{row['median_ms']:>11.3f}{row['p95_ms']:>9.3f}{row['cpu_us']:>13.1f}"
            f"{row['median_ms'] / base['median_ms']:>8.2f}{row['cpu_us'] / base['cpu_us']:>8.2f}"
        )
    print(
        f"parse only, one /netio.json body: json.loads {parse['json.loads']:.1f} us, "
        f"client (decode + DeviceState) {parse['client parse']:.1f} us"
    )
    json_row = results["json"]
    print(
        "\nNote: the JSON transport takes "
        f"{json_row['median_ms'] / base['median_ms']:.2f}x the floor's latency and "
        f"{json_row['cpu_us'] / base['cpu_us']:.2f}x its CPU per poll (goal <= 1.3x); "
        "the other transports: "
        + ", ".join(
            f"{name} {results[name]['median_ms'] / base['median_ms']:.2f}x latency / "
            f"{results[name]['cpu_us'] / base['cpu_us']:.2f}x CPU"
            for name in TRANSPORTS[1:]
        )
        + "."
    )


def main() -> None:
    """Start the simulator, measure, stop it, report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--polls", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", default="powerpdu_8qs")
    parser.add_argument("--before", help="another client package directory to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ports_file = Path(tmp) / "ports.json"
        process = start_simulator(args.profile, ports_file)
        try:
            ports = wait_for_ports(ports_file, process)
            results, body = asyncio.run(run(args, ports))
        finally:
            process.terminate()
            process.wait(timeout=10)
    report(results, parse_cost(body), args)


if __name__ == "__main__":
    main()
