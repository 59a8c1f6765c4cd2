"""Run every benchmark of issue 8 and print the results as Markdown tables.

    .venv/bin/python -m benchmarks            # full run, ~6 minutes
    .venv/bin/python -m benchmarks --quick    # sanity run, ~1 minute
    .venv/bin/python -m benchmarks --only poll,churn

Run from the repository root (custom_components/ must be importable). Simulated devices run
in a separate process; their CPU time never counts as ours.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
import logging
import os
import platform
import sys
from typing import Any

from . import churn, commands, poll, scale, watchdogs

SECTIONS = ("poll", "commands", "scale", "churn", "watchdogs")


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _poll(args: argparse.Namespace) -> str:
    rows = asyncio.run(poll.run(args.polls, args.rounds))
    builtin = next(r for r in rows if r.name == "built-in refresh json")
    builtin_client = next(r for r in rows if r.name.startswith("built-in client"))
    ours_json = next(r for r in rows if r.name == "ours refresh json")
    ours_client = next(r for r in rows if r.name == "ours client json")
    table = _table(
        [
            "poll of one device",
            "entities",
            "wall ms (median)",
            "CPU µs",
            "wall x floor",
            "CPU x floor",
        ],
        [
            [
                r.name,
                r.entities or "",
                f"{r.wall_ms:.3f}",
                f"{r.cpu_us:.0f}",
                f"{r.wall_x:.2f}",
                f"{r.cpu_x:.2f}",
            ]
            for r in rows
        ],
    )
    floors = sorted({(round(r.floor_wall_ms, 3), round(r.floor_cpu_us)) for r in rows})
    return (
        f"### 1. Poll cost per device ({poll.PROFILE}, {args.polls} polls each)\n\n{table}\n\n"
        f"Floor (bare aiohttp GET + json.loads) in the two runs: "
        + ", ".join(f"{w} ms / {c} µs CPU" for w, c in floors)
        + ".\nBuilt-in / ours, JSON client alone: wall "
        f"{builtin_client.wall_ms / ours_client.wall_ms:.2f}x, "
        f"CPU {builtin_client.cpu_us / ours_client.cpu_us:.2f}x; whole refresh: wall "
        f"{builtin.wall_ms / ours_json.wall_ms:.2f}x, CPU {builtin.cpu_us / ours_json.cpu_us:.2f}x "
        f"(ours updates {ours_json.entities} entities, the built-in {builtin.entities}); "
        f"per entity updated: ours {ours_json.cpu_us / ours_json.entities:.1f} µs, "
        f"built-in {builtin.cpu_us / builtin.entities:.1f} µs CPU.\n"
    )


def _commands(args: argparse.Namespace) -> str:
    rows = asyncio.run(commands.run(args.commands, args.cycles))
    floor = rows[0]
    table = _table(
        ["command", "median ms", "max ms", "samples", "median - round trip ms"],
        [
            [
                r.name,
                f"{r.median_ms:.2f}",
                f"{r.max_ms:.2f}",
                r.samples,
                "" if r is floor or "cycle" in r.name else f"{r.median_ms - floor.median_ms:.2f}",
            ]
            for r in rows
        ],
    )
    ours = next(r for r in rows if r.name.startswith("ours: turn"))
    builtin = next(r for r in rows if r.name.startswith("built-in"))
    return (
        f"### 2. Command latency ({commands.PROFILE}, JSON)\n\n{table}\n\n"
        f"Built-in / ours, command to state: {builtin.median_ms / ours.median_ms:.2f}x (median). "
        "The built-in integration has no pulse action and shows a pulse done on the device only "
        "at its next poll (30 s interval: 0-30 s after the pulse, if the pulse outlasts a poll "
        "at all).\n"
    )


def _scale(args: argparse.Namespace) -> str:
    rows = asyncio.run(scale.run(args.counts, args.window_default, args.window_fast))
    table = _table(
        [
            "devices",
            "entities",
            "interval s",
            "setup s",
            "RSS KiB/device",
            "CPU % of a core (net)",
            "idle HA %",
            "max loop lag ms",
            "p99 loop lag ms",
        ],
        [
            [
                r.devices,
                r.entities,
                f"{r.interval_s:g}",
                f"{r.startup_s:.2f}",
                f"{r.kib_per_device:.0f}",
                f"{r.cpu_share * 100:.2f}",
                f"{r.idle_share * 100:.2f}",
                f"{r.max_lag_ms:.1f}",
                f"{r.p99_lag_ms:.1f}",
            ]
            for r in rows
        ],
    )
    return (
        f"### 3. Scale (JSON, half NETIO 4All, half PowerPDU 8QS, every entity enabled; "
        f"windows {args.window_default:g} s at the default interval, "
        f"{args.window_fast:g} s at 1 s)\n\n"
        f"{table}\n"
    )


def _churn(args: argparse.Namespace) -> str:
    rows = asyncio.run(churn.run(args.churn_polls))
    table = _table(
        [
            "device",
            "entities",
            "polls",
            "state_changed / poll",
            "…of them same state / poll",
            "state writes / poll",
        ],
        [
            [
                r.device,
                r.entities,
                r.polls,
                f"{r.changed_per_poll:.1f}",
                f"{r.value_unchanged_per_poll:.1f}",
                f"{r.writes_per_poll:.1f}",
            ]
            for r in rows
        ],
    )
    return f"### 4. Churn per poll ({churn.PROFILE}, JSON)\n\n{table}\n"


def _watchdogs(args: argparse.Namespace) -> str:
    rows = asyncio.run(watchdogs.run(args.window_default))
    table = _table(
        [
            "entities",
            "window",
            "watchdogs",
            "CPU % of a core",
            "beyond polling %",
            "max loop lag ms",
            "p99 loop lag ms",
        ],
        [
            [
                r.entities,
                r.label,
                r.watchdogs,
                f"{r.cpu_share * 100:.2f}",
                f"{r.beyond_polling * 100:.2f}",
                f"{r.max_lag_ms:.1f}",
                f"{r.p99_lag_ms:.1f}",
            ]
            for r in rows
        ],
    )
    return (
        f"### 5. Watchdogs ({watchdogs.DEVICES} NETIO 4All polled at the default interval, "
        f"{watchdogs.DEVICES * watchdogs.PER_DEVICE} watchdogs every {watchdogs.INTERVAL_S} s, "
        f"windows {args.window_default:g} s)\n\n{table}\n"
    )


RUNNERS = {
    "poll": _poll,
    "commands": _commands,
    "scale": _scale,
    "churn": _churn,
    "watchdogs": _watchdogs,
}


def main() -> None:
    """Parse the options, run the chosen sections, print the tables."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="few samples, small sizes")
    parser.add_argument(
        "--only", default=",".join(SECTIONS), help="comma list of " + ",".join(SECTIONS)
    )
    args = parser.parse_args()
    quick = args.quick
    args.polls, args.rounds = (60, 2) if quick else (400, 5)
    args.commands, args.cycles = (10, 2) if quick else (40, 5)
    args.counts = [10] if quick else [10, 50, 200]
    args.window_default, args.window_fast = (10.0, 3.0) if quick else (30.0, 10.0)
    args.churn_polls = 5 if quick else 20
    logging.basicConfig(level=logging.ERROR)
    print(f"## `{' '.join(['python -m benchmarks', *sys.argv[1:]])}`\n")
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node() or 'host'}: "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}\n",
        flush=True,
    )
    for section in args.only.split(","):
        print(RUNNERS[section](args), flush=True)


if __name__ == "__main__":
    main()
