"""Screenshots of the NETIO panel and the outlets card for the README, in Chromium.

Starts scripts/develop on a fresh config folder and a free port (as scripts/screenshots does),
logs in as the demo user and saves docs/panel-overview.png, docs/panel-device.png,
docs/card.png (a dashboard with the card) and docs/card-phone.png (the card at 390 px).
"""

from __future__ import annotations

import argparse
from pathlib import Path
import sys
import tempfile

from playwright.sync_api import Page, sync_playwright
from screenshots import CHROMIUM, CHROMIUM_ARGS, SETTLE_MS, _free_port, log_in, running_demo

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = "dashboard-outlets"


def add_card_dashboard(page: Page, device_name: str) -> None:
    """A dashboard holding one outlets card for the named power strip (through the frontend)."""
    page.wait_for_function("document.querySelector('home-assistant')?.hass?.connection")
    page.evaluate(
        """async ([url, name]) => {
          const hass = document.querySelector('home-assistant').hass;
          const strip = Object.values(hass.devices).find((d) => d.name === name);
          await hass.callWS({type: 'lovelace/dashboards/create', url_path: url, title: 'Outlets',
            mode: 'storage', require_admin: false, show_in_sidebar: true});
          await hass.callWS({type: 'lovelace/config/save', url_path: url, config: {views: [
            {title: 'Home', cards: [{type: 'custom:netio-outlets-card', device: strip.id}]}]}});
        }""",
        [DASHBOARD, device_name],
    )


def save(page: Page, path: Path) -> None:
    """Let the page settle, then save it."""
    page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(path))
    print(f"saved {path.relative_to(ROOT)}")


def main() -> int:
    """Start a demo, take the screenshots, stop the demo."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder for the PNGs")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: run scripts/setup (it installs Debian's chromium)")
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="netio-panel-shots-") as tmp,
        running_demo(Path(tmp) / "config", _free_port()) as info,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="en-GB", timezone_id="Europe/Prague"
        )
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if "://127.0.0.1" in route.request.url else route.abort()
            ),
        )
        page = context.new_page()
        base = str(info["url"])
        log_in(page, base)
        page.goto(f"{base}/netio")
        page.locator("netio-panel[live]").wait_for(timeout=60_000)
        page.set_viewport_size({"width": 1280, "height": 820})
        save(page, args.out / "panel-overview.png")
        page.locator("netio-panel h2 a", has_text="Office NETIO 4All").click()
        page.locator("netio-panel #interval").wait_for()
        page.set_viewport_size({"width": 1280, "height": 920})
        save(page, args.out / "panel-device.png")
        add_card_dashboard(page, "Office NETIO 4All")
        page.set_viewport_size({"width": 1280, "height": 520})
        page.goto(f"{base}/{DASHBOARD}/0")
        page.locator("netio-outlets-card .tile").first.wait_for(timeout=60_000)
        save(page, args.out / "card.png")
        page.set_viewport_size({"width": 390, "height": 640})
        save(page, args.out / "card-phone.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
