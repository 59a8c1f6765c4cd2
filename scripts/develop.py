"""Run the NETIO demo: three simulated devices and a Home Assistant that already has them.

Started by scripts/develop. On the first start of a config folder it onboards Home Assistant with
a demo user and adds the devices through the integration's config flow (over the REST API, as the
frontend would); later starts reuse all of it. Ctrl-C or SIGTERM stops Home Assistant, then the
simulator. Settings come from the environment:

- NETIO_DEMO_CONFIG: the Home Assistant config folder (default: config/ in the repository)
- NETIO_DEMO_PORT: Home Assistant's HTTP port on 127.0.0.1 (default: 8123)
"""

from __future__ import annotations

import contextlib
import ctypes
from dataclasses import dataclass
from datetime import UTC, datetime
import importlib.metadata
import json
import os
from pathlib import Path
import shutil
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any, Final
import urllib.error
import urllib.parse
import urllib.request

import yaml

ROOT: Final = Path(__file__).resolve().parent.parent
VENV_BIN: Final = ROOT / ".venv" / "bin"
TEMPLATE: Final = ROOT / "demo" / "configuration.yaml"
SIMULATOR_CONFIG: Final = ROOT / "simulator" / "examples" / "demo.yaml"
BUILT_REQUIREMENTS: Final = ROOT / "demo" / "requirements.txt"

USERNAME: Final = "demo"
PASSWORD: Final = "demo-netio"  # noqa: S105  # a documented demo account on 127.0.0.1
DISPLAY_NAME: Final = "Demo"
DEVICE_ACCOUNT: Final = {"username": "netio", "password": "netio"}

HASS_START_TIMEOUT_S: Final = 600.0
HASS_STOP_TIMEOUT_S: Final = 90.0
SIMULATOR_START_TIMEOUT_S: Final = 60.0
SIMULATOR_STOP_TIMEOUT_S: Final = 15.0

_PR_SET_PDEATHSIG: Final = 1


class DemoError(Exception):
    """The demo cannot start; the message says why and what to do."""


class StopRequestedError(Exception):
    """Ctrl-C or SIGTERM arrived."""


@dataclass(frozen=True, slots=True)
class Paths:
    """Where one demo keeps its files: Home Assistant's config folder and our state in it."""

    config: Path

    @property
    def state(self) -> Path:
        """The demo's own files (simulator config, ports, logs, credentials)."""
        return self.config / "netio-demo"

    @property
    def ports(self) -> Path:
        """The simulator's device listing of the first start; later starts reuse its ports."""
        return self.state / "ports.json"

    @property
    def listing(self) -> Path:
        """The simulator's device listing of this start (written by the simulator)."""
        return self.state / "simulator-listing.json"

    @property
    def simulator_config(self) -> Path:
        """simulator/examples/demo.yaml with this demo's ports filled in."""
        return self.state / "simulator.yaml"

    @property
    def info(self) -> Path:
        """URL, demo user, process ids and devices of the running demo (for tests and scripts)."""
        return self.state / "demo.json"


def _die_with_parent() -> None:
    """Runs in the child before exec: get SIGTERM if the demo process dies (no orphans)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _spawn(
    command: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start a child in its own session (Ctrl-C reaches only us; we stop children in order)."""
    with log.open("ab") as handle:
        return subprocess.Popen(  # noqa: S603  # our own fixed commands
            command,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # noqa: PLW1509  # no threads run here yet
        )


def _stop(process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """SIGTERM, wait, then SIGKILL: the process is gone when this returns."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# Packages.


def missing_requirements(path: Path = BUILT_REQUIREMENTS) -> list[str]:
    """The pinned lines of a requirements file whose exact version is not installed."""
    missing: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, version = line.partition("==")
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            missing.append(line)
    return missing


def install_built_requirements() -> None:
    """Build and install demo/requirements.txt into .venv when something there is missing.

    A Python unpacked by scripts/setup keeps its headers under its own prefix, where the
    compiler does not look for pyconfig.h's multiarch part: CPATH points it there.
    """
    missing = missing_requirements()
    if not missing:
        return
    print(f"Installing {', '.join(missing)} into .venv (built from source, once) ...", flush=True)
    env = dict(os.environ)
    if sys.base_prefix != "/usr":
        include = str(Path(sys.base_prefix) / "include")
        env["CPATH"] = os.pathsep.join(filter(None, [include, env.get("CPATH")]))
    command = [str(VENV_BIN / "pip"), "install", "-q", "--disable-pip-version-check"]
    result = subprocess.run(  # noqa: S603  # pip with our own pinned file
        [*command, "-r", str(BUILT_REQUIREMENTS)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    # (this machine's pip configuration may name extra local indexes; their notes are noise)
    for line in (result.stdout + result.stderr).splitlines():
        if "is ignored: it is neither a file nor a directory" not in line:
            print(line, file=sys.stderr)
    if result.returncode:
        raise DemoError(
            f"installing {', '.join(missing)} failed (a C++ compiler is needed: apt-get install"
            " g++); Home Assistant's frontend does not load without them"
        )


# The simulator.


def simulator_config(paths: Paths) -> dict[str, Any]:
    """The example config with the ports of this demo's first start (free ports the first time)."""
    config: dict[str, Any] = yaml.safe_load(SIMULATOR_CONFIG.read_text(encoding="utf-8"))
    if not paths.ports.exists():
        return config
    saved = json.loads(paths.ports.read_text(encoding="utf-8"))
    config["control"] = {"port": saved["control_port"]}
    config["discovery"] = {**config.get("discovery", {}), "port": saved["discovery_port"]}
    ports = {device["id"]: device["ports"] for device in saved["devices"]}
    for device in config["devices"]:
        device["ports"] = ports.get(device["id"], {})
    host_ports = {host["name"]: host["port"] for host in saved.get("hosts", [])}
    for host in config.get("hosts", []):
        host["port"] = host_ports.get(host["name"], 0)
    return config


def start_simulator(paths: Paths) -> tuple[subprocess.Popen[bytes], dict[str, Any]]:
    """Start the simulator and return it with its device listing."""
    paths.simulator_config.write_text(
        "# Written by scripts/develop from simulator/examples/demo.yaml on every start.\n"
        + yaml.safe_dump(simulator_config(paths), sort_keys=False),
        encoding="utf-8",
    )
    paths.listing.unlink(missing_ok=True)
    log = paths.state / "simulator.log"
    command = [str(VENV_BIN / "python"), "-m", "netio_simulator", "--config"]
    command += [str(paths.simulator_config), "--ports-file", str(paths.listing)]
    process = _spawn(command, log)
    deadline = time.monotonic() + SIMULATOR_START_TIMEOUT_S
    while not paths.listing.exists() or not paths.listing.stat().st_size:
        if process.poll() is not None:
            hint = ""
            if paths.ports.exists():
                hint = (
                    f"\nIf a port is taken, stop what uses it, or delete {paths.config}"
                    " to start a new demo on new ports."
                )
            raise DemoError(f"the simulator did not start:\n{_tail(log)}{hint}")
        if time.monotonic() > deadline:
            _stop(process, SIMULATOR_STOP_TIMEOUT_S)
            raise DemoError(f"the simulator did not start within {SIMULATOR_START_TIMEOUT_S:.0f} s")
        time.sleep(0.1)
    time.sleep(0.1)  # the listing is written in one go; let the writer close it
    listing: dict[str, Any] = json.loads(paths.listing.read_text(encoding="utf-8"))
    if not paths.ports.exists():
        paths.ports.write_text(json.dumps(listing, indent=2), encoding="utf-8")
    return process, listing


# Home Assistant's files.


def prepare_config(paths: Paths, port: int) -> None:
    """configuration.yaml, the integration as a custom component, and the HTTP settings."""
    shutil.copyfile(TEMPLATE, paths.config / "configuration.yaml")
    automations = paths.config / "automations.yaml"
    if not automations.exists():  # the editor's file, kept across starts like Home Assistant's own
        automations.write_text("[]\n", encoding="utf-8")
    custom = paths.config / "custom_components"
    custom.mkdir(exist_ok=True)
    link = custom / "netio"
    target = ROOT / "custom_components" / "netio"
    if link.is_symlink() or link.exists():
        if link.resolve() != target:
            raise DemoError(f"{link} exists and is not a link to {target}; move it away")
    else:
        link.symlink_to(target, target_is_directory=True)
    write_http_settings(paths.config, port)
    skip_onboarding_extras(paths.config)


def skip_onboarding_extras(config: Path) -> None:
    """Leave only onboarding's user step (done over the REST API); mark the rest done.

    Onboarding's location step sets up weather, text-to-speech and radio integrations that need
    the internet and packages the demo does not install; the demo's location comes from
    configuration.yaml and analytics stay off. Done once, before the first start.
    """
    path = config / ".storage" / "onboarding"
    if path.exists():
        return
    document = {
        "version": 4,
        "minor_version": 1,
        "key": "onboarding",
        "data": {"done": ["core_config", "analytics", "integration"]},
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    path.chmod(0o600)


def write_http_settings(config: Path, port: int) -> None:
    """Listen on 127.0.0.1:port only.

    Home Assistant keeps its HTTP settings in .storage/http since YAML for `http:` is migrated
    once and then only tried for five minutes before being reverted; writing the stored settings
    (in Home Assistant's storage format, version 2.2) applies a port change at the next start.
    """
    storage = config / ".storage"
    storage.mkdir(exist_ok=True)
    path = storage / "http"
    settings: dict[str, Any] = {
        "server_host": ["127.0.0.1"],
        "server_port": port,
        "cors_allowed_origins": ["https://cast.home-assistant.io"],
        "login_attempts_threshold": -1,
        "ip_ban_enabled": True,
        "ssl_profile": "modern",
        "use_x_frame_options": True,
        "created_at": datetime.now(UTC).isoformat(),
        "error": None,
        "error_message": None,
    }
    if path.exists():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            stable = json.loads(path.read_text(encoding="utf-8"))["data"]["stable"]
            if stable.get("server_port") == port and stable.get("server_host") == ["127.0.0.1"]:
                return
    document = {
        "version": 2,
        "minor_version": 2,
        "key": "http",
        "data": {"stable": settings, "pending": None, "yaml_migration_done": True},
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    path.chmod(0o600)


def start_hass(paths: Paths, listing: dict[str, Any]) -> subprocess.Popen[bytes]:
    """Start Home Assistant on the config folder (its log: home-assistant.log there)."""
    env = {**os.environ, "NETIO_DEMO_DISCOVERY_PORT": str(listing["discovery_port"])}
    command = [str(VENV_BIN / "hass"), "--config", str(paths.config), "--skip-pip"]
    return _spawn(command, paths.state / "hass-console.log", env)


# Home Assistant's REST API.


class Api:
    """Plain HTTP calls to one Home Assistant (what the frontend does, without a browser)."""

    def __init__(self, port: int) -> None:
        """Talk to 127.0.0.1:port."""
        self.base = f"http://127.0.0.1:{port}"
        self.client_id = f"{self.base}/"
        self.redirect_uri = f"{self.base}/?auth_callback=1"
        self.token: str | None = None

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        form: dict[str, str] | None = None,
        timeout: float = 60.0,
    ) -> tuple[int, Any]:
        """Return the status and the decoded JSON reply (None when it is not JSON)."""
        data: bytes | None = None
        headers: dict[str, str] = {}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310  # http://127.0.0.1 only
            self.base + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as err:
            status, raw = err.code, err.read()
        try:
            return status, json.loads(raw) if raw else None
        except ValueError:
            return status, None

    def expect(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """A call that must succeed."""
        status, reply = self.call(method, path, body)
        if status >= 300:  # noqa: PLR2004
            raise DemoError(f"{method} {path} failed with HTTP {status}: {reply}")
        return reply

    def exchange_code(self, code: str) -> None:
        """Trade an authorization code for an access token."""
        status, reply = self.call(
            "POST",
            "/auth/token",
            form={"grant_type": "authorization_code", "code": code, "client_id": self.client_id},
        )
        if status != 200 or not isinstance(reply, dict):  # noqa: PLR2004
            raise DemoError(f"getting a token failed with HTTP {status}: {reply}")
        self.token = str(reply["access_token"])

    def login(self) -> None:
        """Log the demo user in through the login flow of the login page."""
        flow = self.expect(
            "POST",
            "/auth/login_flow",
            {
                "client_id": self.client_id,
                "handler": ["homeassistant", None],
                "redirect_uri": self.redirect_uri,
            },
        )
        result = self.expect(
            "POST",
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": self.client_id, "username": USERNAME, "password": PASSWORD},
        )
        if result.get("type") != "create_entry":
            raise DemoError(
                f"the demo user {USERNAME!r} cannot log in ({result.get('errors')}); this config"
                " folder was onboarded with another account: delete it to start a new demo"
            )
        self.exchange_code(str(result["result"]))


def wait_for_http(api: Api, hass: subprocess.Popen[bytes], paths: Paths) -> None:
    """Wait until Home Assistant serves its frontend (it opens its HTTP port only then)."""
    deadline = time.monotonic() + HASS_START_TIMEOUT_S
    while True:
        if hass.poll() is not None:
            raise DemoError(
                "Home Assistant stopped while starting:\n"
                + (
                    _tail(paths.config / "home-assistant.log")
                    or _tail(paths.state / "hass-console.log")
                )
            )
        with contextlib.suppress(OSError):
            status, _ = api.call("GET", "/manifest.json", timeout=5)
            if status == 200:  # noqa: PLR2004
                return
        if time.monotonic() > deadline:
            raise DemoError(f"Home Assistant did not answer within {HASS_START_TIMEOUT_S:.0f} s")
        time.sleep(0.5)


def wait_until_running(api: Api, hass: subprocess.Popen[bytes]) -> None:
    """Wait until Home Assistant has finished starting (every integration set up)."""
    deadline = time.monotonic() + HASS_START_TIMEOUT_S
    while api.expect("GET", "/api/config").get("state") != "RUNNING":
        if hass.poll() is not None or time.monotonic() > deadline:
            raise DemoError("Home Assistant did not finish starting")
        time.sleep(0.5)


def onboard(api: Api) -> bool:
    """Finish onboarding with the demo user, or log in; True when onboarding ran now."""
    status, steps = api.call("GET", "/api/onboarding")
    done = {step["step"] for step in steps if step["done"]} if status == 200 else None  # noqa: PLR2004
    if done is None or "user" in done:
        api.login()
        if done is None:
            return False
    else:
        reply = api.expect(
            "POST",
            "/api/onboarding/users",
            {
                "client_id": api.client_id,
                "name": DISPLAY_NAME,
                "username": USERNAME,
                "password": PASSWORD,
                "language": "en",
            },
        )
        api.exchange_code(str(reply["auth_code"]))
    if "core_config" not in done:
        api.expect("POST", "/api/onboarding/core_config", {})
    if "analytics" not in done:
        api.expect("POST", "/api/onboarding/analytics", {})
    if "integration" not in done:
        api.expect(
            "POST",
            "/api/onboarding/integration",
            {"client_id": api.client_id, "redirect_uri": api.redirect_uri},
        )
    return True


def flow_input(device: dict[str, Any]) -> dict[str, Any]:
    """What a person would type into the integration's "Enter the address" form.

    The PowerPDU 4C speaks Modbus/TCP and SNMP only; SNMP also tells the device's and its
    outputs' names, so the demo uses it (Modbus would work too, with numbered outputs).
    """
    ports = device["ports"]
    if "http" in ports:
        return {
            "host": device["host"],
            "port": ports["http"],
            **DEVICE_ACCOUNT,
            "protocol": "json",
            "ssl": False,
            "verify_ssl": True,
            "advanced": {},
        }
    return {
        "host": device["host"],
        "protocol": "snmp",
        "ssl": False,
        "verify_ssl": True,
        "advanced": {
            "modbus_port": ports["modbus"],
            "snmp_port": ports["snmp"],
            "snmp_version": "v2c",
            "snmp_community_read": "public",
            "snmp_community_write": "private",
        },
    }


def device_account(device: dict[str, Any]) -> str:
    """How the integration logs in to a simulated device (to reconfigure or add it again)."""
    settings = flow_input(device)
    if "username" in settings:
        return (
            f"M2M API ({settings['protocol'].upper()}) user: {settings['username']}"
            f"   password: {settings['password']}"
        )
    advanced = settings["advanced"]
    return (
        f"{settings['protocol'].upper()} {advanced['snmp_version']}"
        f"   read community: {advanced['snmp_community_read']}"
        f"   write community: {advanced['snmp_community_write']}"
    )


def add_devices(api: Api, listing: dict[str, Any]) -> list[str]:
    """Add each simulated device that has no config entry yet; return the titles added.

    Entries are recognised by title (the device name); one renamed since is recognised by the
    config flow itself, which aborts with "already_configured".
    """
    entries = api.expect("GET", "/api/config/config_entries/entry?domain=netio")
    titles = {entry["title"] for entry in entries}
    added: list[str] = []
    for device in listing["devices"]:
        if device["name"] in titles:
            continue
        flow = api.expect(
            "POST",
            "/api/config/config_entries/flow",
            {"handler": "netio", "show_advanced_options": False},
        )
        path = f"/api/config/config_entries/flow/{flow['flow_id']}"
        api.expect("POST", path, {"next_step_id": "manual"})
        result = api.expect("POST", path, flow_input(device))
        if result.get("type") == "abort" and str(result.get("reason")).startswith(
            "already_configured"
        ):
            continue
        if result.get("type") != "create_entry":
            api.call("DELETE", path)
            raise DemoError(f"adding {device['name']} failed: {result.get('errors') or result}")
        added.append(str(result["title"]))
    return added


WATCHDOG_DEVICE: Final = "Office NETIO 4All"
WATCHDOG_HOST: Final = "Office router"


def add_watchdog(api: Api, listing: dict[str, Any]) -> bool:
    """Give the 4All a watchdog for the simulated router on output 2 (once); True if added."""
    host = next((h for h in listing.get("hosts", []) if h["name"] == WATCHDOG_HOST), None)
    entries = api.expect("GET", "/api/config/config_entries/entry?domain=netio")
    entry = next((e for e in entries if e["title"] == WATCHDOG_DEVICE), None)
    if host is None or entry is None or entry.get("num_subentries"):
        return False
    flow = api.expect(
        "POST",
        "/api/config/config_entries/subentries/flow",
        {"handler": [entry["entry_id"], "watchdog"], "show_advanced_options": False},
    )
    path = f"/api/config/config_entries/subentries/flow/{flow['flow_id']}"
    api.expect("POST", path, {"next_step_id": "settings"})
    result = api.expect(
        "POST",
        path,
        {
            "name": WATCHDOG_HOST,
            "output": str(host["output"]),
            "method": "tcp",
            "target": listing["host"],
            "port": host["port"],
            "interval": 10,
            "timeout": 2,
            "max_timeouts": 2,
            "time_to_reboot": 40,
            # longer than the router's 20 s boot, so a power cycle from the panel is not a failure
            "start_delay": 30,
            "max_restarts": 3,
            "action": "power_cycle",
            "pulse": 3,
        },
    )
    if result.get("type") != "create_entry":
        raise DemoError(f"adding the watchdog failed: {result.get('errors') or result}")
    return True


# The whole demo.


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise StopRequestedError(signal.Signals(signum).name)


def banner(api: Api, listing: dict[str, Any], paths: Paths, seconds: float) -> str:
    """What the person who started the demo needs to know."""
    lines = [
        "",
        f"NETIO demo is running (ready in {seconds:.0f} s).",
        f"  Home Assistant: {api.base}   user: {USERNAME}   password: {PASSWORD}",
        f"  Config folder:  {paths.config}  (log: home-assistant.log)",
        (
            "  Simulated devices (control API: "
            f"http://{listing['host']}:{listing['control_port']}/devices):"
        ),
    ]
    for device in listing["devices"]:
        ports = ", ".join(f"{key} {port}" for key, port in sorted(device["ports"].items()))
        lines.append(f"    {device['name']} ({device['model']}): {ports}")
        lines.append(f"      {device_account(device)}")
    for host in listing.get("hosts", []):
        name = urllib.parse.quote(host["name"])
        lines.append(
            f"  {host['name']} on output {host['output']} (watched by a watchdog): hang it with"
            f"\n    curl -X POST http://{listing['host']}:{listing['control_port']}/hosts/{name}/hang"
            " -d '{\"hung\": true}'"
        )
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def check_port_free(port: int) -> None:
    """Refuse a taken port (Home Assistant would fall back to another one, or fail late)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # as Home Assistant binds: connections of a previous run in TIME_WAIT do not count
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as err:
            raise DemoError(
                f"port {port} is in use ({err.strerror}); is a demo already running?"
                " Stop it, or choose another port with NETIO_DEMO_PORT=<port>."
            ) from None


def run(paths: Paths, port: int) -> int:
    """Start everything, provision it, wait for a signal, stop everything."""
    started = time.monotonic()
    paths.state.mkdir(parents=True, exist_ok=True)
    paths.info.unlink(missing_ok=True)
    simulator: subprocess.Popen[bytes] | None = None
    hass: subprocess.Popen[bytes] | None = None
    try:
        check_port_free(port)
        install_built_requirements()
        print(
            f"Starting the simulated NETIO devices and Home Assistant in {paths.config} ...",
            flush=True,
        )
        simulator, listing = start_simulator(paths)
        prepare_config(paths, port)
        hass = start_hass(paths, listing)
        api = Api(port)
        wait_for_http(api, hass, paths)
        if onboard(api):
            print(f"Onboarded Home Assistant with the user {USERNAME!r}.", flush=True)
        wait_until_running(api, hass)
        for title in add_devices(api, listing):
            print(f"Added {title} through the NETIO config flow.", flush=True)
        if add_watchdog(api, listing):
            print(f"Added a watchdog for {WATCHDOG_HOST} on {WATCHDOG_DEVICE}.", flush=True)
        info = {
            "url": api.base,
            "username": USERNAME,
            "password": PASSWORD,
            "hass_pid": hass.pid,
            "simulator_pid": simulator.pid,
            "simulator": listing,
        }
        paths.info.write_text(json.dumps(info, indent=2), encoding="utf-8")
        print(banner(api, listing, paths, time.monotonic() - started), flush=True)
        while hass.poll() is None and simulator.poll() is None:
            time.sleep(0.5)
    except StopRequestedError:
        print("\nStopping the demo ...", flush=True)
        return 0
    except DemoError as err:
        print(f"scripts/develop: {err}", file=sys.stderr, flush=True)
        return 1
    else:
        which = "Home Assistant" if hass.poll() is not None else "The simulator"
        print(f"{which} stopped by itself; stopping the demo.", file=sys.stderr, flush=True)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _stop(hass, HASS_STOP_TIMEOUT_S)
        _stop(simulator, SIMULATOR_STOP_TIMEOUT_S)
        paths.info.unlink(missing_ok=True)


def main() -> int:
    """Read the settings from the environment and run."""
    config = Path(os.environ.get("NETIO_DEMO_CONFIG") or ROOT / "config").resolve()
    try:
        port = int(os.environ.get("NETIO_DEMO_PORT") or 8123)
    except ValueError:
        print("scripts/develop: NETIO_DEMO_PORT must be a port number", file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    return run(Paths(config), port)


if __name__ == "__main__":
    sys.exit(main())
