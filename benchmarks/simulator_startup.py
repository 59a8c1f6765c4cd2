"""Startup time and memory of the simulator for 1 and for 200 devices in one process.

Each scenario runs in a fresh interpreter so imports and memory do not carry over:

    .venv/bin/python benchmarks/simulator_startup.py [--counts 1 200] [--protocols json]

Reported per scenario: time to import the simulator, time until every device listens, RSS
after imports and after start, RSS per device, and the time to read every device's
/netio.json once (a check that all of them answer). Ratios are against the first count.
"""

import argparse
import asyncio
import json
from pathlib import Path
import subprocess
import sys
import time
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _scenario(count: int, protocols: frozenset[str]) -> dict[str, Any]:
    import aiohttp  # noqa: PLC0415 - timed separately from the simulator import

    t0 = time.perf_counter()
    from netio_simulator.runner import DeviceConfig, Simulator  # noqa: PLC0415

    imported = time.perf_counter() - t0
    rss_before = _rss_kib()
    sim = Simulator()
    t1 = time.perf_counter()
    devices = await sim.add_devices(
        DeviceConfig(profile="netio_4all", protocols=protocols) for _ in range(count)
    )
    started = time.perf_counter() - t1
    rss_after = _rss_kib()
    read_s = None
    if "json" in protocols:
        connector = aiohttp.TCPConnector(limit=100)
        async with aiohttp.ClientSession(connector=connector) as session:

            async def read(url: str) -> None:
                async with session.get(url) as response:
                    await response.read()
                    assert response.status == 200

            t2 = time.perf_counter()
            await asyncio.gather(*(read(d.url()) for d in devices))
            read_s = time.perf_counter() - t2
    t3 = time.perf_counter()
    await sim.stop()
    stopped = time.perf_counter() - t3
    return {
        "count": count,
        "import_s": imported,
        "start_s": started,
        "stop_s": stopped,
        "rss_before_mib": rss_before / 1024,
        "rss_after_mib": rss_after / 1024,
        "per_device_kib": (rss_after - rss_before) / count,
        "read_all_s": read_s,
    }


def _run_child(count: int, protocols: str) -> dict[str, Any]:
    output = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, "--child", str(count), "--protocols", protocols],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "simulator")},
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def main() -> None:
    """Run the scenarios and print a table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 200])
    parser.add_argument("--protocols", default="json")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    protocols = frozenset(p for p in args.protocols.split(",") if p)
    if args.child is not None:
        sys.path.insert(0, str(ROOT / "simulator"))
        print(json.dumps(asyncio.run(_scenario(args.child, protocols))))
        return
    results = [_run_child(count, args.protocols) for count in args.counts]
    base = results[0]
    print(f"protocols: {','.join(sorted(protocols))}  (profile netio_4all)")
    header = (
        f"{'devices':>8} {'import s':>9} {'start s':>8} {'x base':>7} {'stop s':>7} "
        f"{'RSS0 MiB':>9} {'RSS MiB':>8} {'x base':>7} {'KiB/dev':>8} {'read-all s':>10}"
    )
    print(header)
    for r in results:
        read = "-" if r["read_all_s"] is None else f"{r['read_all_s']:.3f}"
        print(
            f"{r['count']:>8} {r['import_s']:>9.3f} {r['start_s']:>8.3f} "
            f"{r['start_s'] / base['start_s']:>7.1f} {r['stop_s']:>7.3f} "
            f"{r['rss_before_mib']:>9.1f} {r['rss_after_mib']:>8.1f} "
            f"{r['rss_after_mib'] / base['rss_after_mib']:>7.2f} "
            f"{r['per_device_kib']:>8.0f} {read:>10}"
        )


if __name__ == "__main__":
    main()
