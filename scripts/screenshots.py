"""Screenshots of the demo for the README: the real Home Assistant frontend, in Chromium.

Starts scripts/develop on a fresh config folder and a free port (so the pictures always show the
same first-start state and a demo you are running is left alone), logs in as the demo user
through the login page, and saves docs/device.png (the NETIO 4All's device page),
docs/device-8qs.png (the PowerPDU 8QS with its input) and docs/entities.png (the entities list).
Uses Playwright with Debian's Chromium (/usr/bin/chromium, installed by scripts/setup).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
from pathlib import Path
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any
import urllib.parse

from develop import PASSWORD, USERNAME, Api
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 300.0
SETTLE_MS = 2500
"""Time for the frontend's cards, icons and history to render after the page has loaded."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_demo(config: Path, port: int) -> Any:
    """scripts/develop on `config` and `port`; stopped (SIGTERM) when the block ends."""
    env = {**os.environ, "NETIO_DEMO_CONFIG": str(config), "NETIO_DEMO_PORT": str(port)}
    output = config.parent / "develop.out"
    with output.open("wb") as handle:
        process = subprocess.Popen(  # noqa: S603  # the project's own script
            [str(ROOT / "scripts" / "develop")],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "Press Ctrl-C to stop." not in output.read_text(encoding="utf-8"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the demo did not start:\n{output.read_text(encoding='utf-8')}")
            time.sleep(0.5)
        yield json.loads((config / "netio-demo" / "demo.json").read_text(encoding="utf-8"))
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(120)


def device_id(api: Api, entity_id: str) -> str:
    """The device registry id behind an entity (for the device page's URL)."""
    status, reply = api.call(
        "POST", "/api/template", {"template": f"{{{{ device_id('{entity_id}') | tojson }}}}"}
    )
    if status != 200 or not reply:  # noqa: PLR2004
        raise SystemExit(f"no device for {entity_id}: {status} {reply}")
    return str(reply)


def log_in(page: Page, base: str) -> None:
    """Through Home Assistant's own login page."""
    page.goto(base + "/")
    page.wait_for_url("**/auth/authorize**")
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/auth/" not in urllib.parse.urlparse(url).path)
    page.locator("home-assistant").wait_for(state="attached")


def shoot(page: Page, url: str, wait_for_text: str, path: Path, height: int) -> None:
    """Open a page, wait until it shows `wait_for_text`, let it settle, save it."""
    page.set_viewport_size(
        {"width": page.viewport_size["width"] if page.viewport_size else 1280, "height": height}
    )
    page.goto(url)
    try:
        page.get_by_text(wait_for_text).first.wait_for(timeout=60_000)
    except Exception:
        failed = Path(tempfile.gettempdir()) / f"failed-{path.name}"
        page.screenshot(path=str(failed))
        print(f"{url} did not show {wait_for_text!r}; what it showed: {failed}")
        raise
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(path))
    print(f"saved {path.relative_to(ROOT)}")


def main() -> int:
    """Start a demo, take the screenshots, stop the demo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900, help="of the entities list")
    parser.add_argument("--device-height", type=int, default=1400, help="of the device pages")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium)")
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="netio-screenshots-") as tmp:
        config = Path(tmp) / "config"
        with running_demo(config, port) as info:
            api = Api(port)
            api.login()
            office = device_id(api, "sensor.office_netio_4all_voltage")
            rack = device_id(api, "sensor.rack_powerpdu_8qs_voltage")
            outlet = device_id(api, "switch.nas")
            time.sleep(10)  # a few polls, so the power history graphs have a line
            with sync_playwright() as playwright:
                context = playwright.chromium.launch_persistent_context(
                    str(Path(tmp) / "chromium"),
                    executable_path=CHROMIUM,
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": args.width, "height": args.height},
                    locale="en-GB",
                    timezone_id="Europe/Prague",
                )
                try:
                    page = context.pages[0] if context.pages else context.new_page()
                    base = str(info["url"])
                    log_in(page, base)
                    shoot(
                        page,
                        f"{base}/config/devices/device/{office}",
                        "NETIO 4All",
                        args.out / "device.png",
                        args.device_height,
                    )
                    shoot(
                        page,
                        f"{base}/config/devices/device/{rack}",
                        "Electricity meter",
                        args.out / "device-8qs.png",
                        args.device_height,
                    )
                    shoot(
                        page,
                        f"{base}/config/devices/device/{outlet}",
                        "NAS",
                        args.out / "outlet.png",
                        args.device_height,
                    )
                    shoot(
                        page,
                        f"{base}/config/entities?domain=netio",
                        "Switched outside Home Assistant",
                        args.out / "entities.png",
                        args.height,
                    )
                finally:
                    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
