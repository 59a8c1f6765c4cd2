"""Command line: run simulated NETIO devices until Ctrl-C / SIGTERM.

    python -m netio_simulator --config simulator/examples/demo.yaml
    python -m netio_simulator --profile netio_4all --count 200 --protocols json,modbus

Once every server listens, the devices and their ports are printed (JSON or YAML) on stdout,
and written to `--ports-file` if given, so scripts can wait for that and read the ports.
"""

import argparse
import asyncio
import contextlib
import json
import signal
import sys
from typing import Any

import yaml

from .config import ConfigError, DiscoveryConfig, SimulatorConfig, load_config, start_simulator
from .credentials import ApiAccounts, Credentials
from .profiles import PROFILES
from .runner import DeviceConfig, SimulatorError


def build_parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m netio_simulator", description="Simulated NETIO power distribution units."
    )
    parser.add_argument("--config", help="YAML file with devices (see netio_simulator.config)")
    parser.add_argument("--profile", choices=sorted(PROFILES), help="device profile to run")
    parser.add_argument("--count", type=int, default=1, help="how many devices of --profile")
    parser.add_argument(
        "--protocols", default="json", help="comma list: json,xml,url,modbus,snmp,kshell"
    )
    parser.add_argument("--https", action="store_true", help="also serve HTTPS (self-signed)")
    parser.add_argument("--auth", metavar="USER:PASS", help="JSON/XML read-write account")
    parser.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    parser.add_argument("--control-port", type=int, default=None, help="control API port (0=auto)")
    parser.add_argument(
        "--discovery-port", type=int, default=None, help="answer UDP discover here (0=auto)"
    )
    parser.add_argument("--discovery-reply-port", type=int, default=62386)
    parser.add_argument(
        "--discovery-reply-to-source",
        action="store_true",
        help="reply to the request's source port instead of --discovery-reply-port",
    )
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    parser.add_argument("--ports-file", help="also write the device listing to this file")
    parser.add_argument("--list-profiles", action="store_true", help="print profiles and exit")
    return parser


def config_from_args(args: argparse.Namespace) -> SimulatorConfig:
    """Merge --config and the single-profile options into one SimulatorConfig."""
    if not args.config and not args.profile:
        raise ConfigError("give --config FILE or --profile NAME")
    config = load_config(args.config) if args.config else SimulatorConfig()
    if args.host:
        config.host = args.host
    if args.profile:
        if args.count < 1:
            raise ConfigError("--count must be at least 1")
        credentials = None
        if args.auth:
            user, sep, password = args.auth.partition(":")
            if not sep:
                raise ConfigError("--auth must be USER:PASS")
            accounts = ApiAccounts.both(user, password)
            credentials = Credentials(json=accounts, xml=accounts)
        protocols = frozenset(p.strip() for p in args.protocols.split(",") if p.strip())
        for n in range(args.count):
            device = DeviceConfig(
                profile=args.profile,
                protocols=protocols,
                https=args.https,
                credentials=credentials,
                name=None if args.count == 1 else f"{PROFILES[args.profile].model} {n + 1}",
            )
            device.validate()
            config.devices.append(device)
    if args.control_port is not None:
        config.control_port = args.control_port
    if args.discovery_port is not None:
        config.discovery = DiscoveryConfig(
            args.discovery_port,
            None if args.discovery_reply_to_source else args.discovery_reply_port,
            args.discovery_reply_to_source,
        )
    return config


def _render(listing: dict[str, Any], fmt: str) -> str:
    if fmt == "yaml":
        return yaml.safe_dump(listing, sort_keys=False)
    return json.dumps(listing, indent=2)


async def serve(config: SimulatorConfig, fmt: str, ports_file: str | None) -> None:
    """Start, print the listing, wait for SIGINT/SIGTERM, stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    sim = await start_simulator(config)
    try:
        text = _render(sim.describe(), fmt)
        if ports_file:
            with open(ports_file, "w", encoding="utf-8") as handle:  # noqa: PTH123, ASYNC230
                handle.write(text)
        print(text, flush=True)
        await stop.wait()
    finally:
        await sim.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.list_profiles:
        for key, profile in sorted(PROFILES.items()):
            print(f"{key}: {profile.model} fw {profile.firmware} JSONVer {profile.json_ver}")
        return 0
    try:
        config = config_from_args(args)
        asyncio.run(serve(config, args.format, args.ports_file))
    except (ConfigError, SimulatorError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
