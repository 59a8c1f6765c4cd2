"""The panel and the card in Chromium on the demo: bundle sizes, time to live data, switch latency.

    .venv/bin/python -m benchmarks.panel [--clicks 20]

Starts scripts/develop on a fresh config folder and a free port (as scripts/screenshots does) and
measures in Debian's Chromium, logged in as the demo user:

- bundle sizes: the committed modules, raw and gzip (level 9, what a compressing server sends);
- opening the panel → first live data (the `live` attribute the panel sets on the first pushed
  event): a full page load of /netio, and a click on NETIO in the sidebar of an already loaded
  frontend (median of 5 each);
- click on a switch → the tile shows the new state: measured inside the page (performance.now()
  from the click to the attribute change), optimistic (the tile's own pending state) and
  confirmed (the device's reply pushed back: netio/subscribe in the panel, the entity state in
  the card); median of `--clicks` alternating clicks on the NETIO 4All's Printer output.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path
import statistics
import sys
import tempfile
import time

from playwright.sync_api import Locator, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from panel_screenshots import DASHBOARD, add_card_dashboard  # noqa: E402
from screenshots import CHROMIUM, CHROMIUM_ARGS, _free_port, log_in, running_demo  # noqa: E402

FRONTEND = ROOT / "custom_components" / "netio" / "frontend"

# Click a switch inside the page and time, with performance.now(), until its aria-checked shows the
# new state (optimistic) and until aria-busy is false again (the device's state came back).
CLICK_JS = """(el) => new Promise((resolve) => {
  const want = el.getAttribute('aria-checked') === 'true' ? 'false' : 'true';
  let shown = null;
  const t0 = performance.now();
  const check = () => {
    const now = performance.now();
    if (shown === null && el.getAttribute('aria-checked') === want) shown = now - t0;
    if (shown !== null && el.getAttribute('aria-busy') === 'false'
        && el.getAttribute('aria-checked') === want) {
      observer.disconnect();
      resolve([shown, now - t0]);
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(el, {attributes: true});
  el.click();
  check();
})"""


def bundle_sizes() -> list[tuple[str, int, int]]:
    """(file, bytes, gzip bytes) of each committed bundle."""
    sizes = []
    for path in sorted(FRONTEND.glob("*.js")):
        raw = path.read_bytes()
        sizes.append((path.name, len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0))))
    return sizes


def time_to_live(page: Page, base: str, *, via_sidebar: bool) -> float:
    """Seconds from opening the panel to its first pushed data."""
    if via_sidebar:
        page.goto(f"{base}/history")
        page.locator("ha-sidebar").get_by_text("NETIO", exact=True).wait_for()
        start = time.perf_counter()
        page.locator("ha-sidebar").get_by_text("NETIO", exact=True).click()
    else:
        page.goto("about:blank")
        start = time.perf_counter()
        page.goto(f"{base}/netio")
    page.locator("netio-panel[live]").wait_for(timeout=120_000)
    return time.perf_counter() - start


def click_latencies(switch: Locator, clicks: int) -> tuple[list[float], list[float]]:
    """Milliseconds to the optimistic and to the confirmed new state, per click."""
    shown, confirmed = [], []
    for _ in range(clicks):
        optimistic, done = switch.evaluate(CLICK_JS)
        shown.append(float(optimistic))
        confirmed.append(float(done))
    return shown, confirmed


def _row(name: str, values: list[float]) -> str:
    return f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} |"


def main() -> int:
    """Start a demo, measure, print Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=20)
    parser.add_argument("--opens", type=int, default=5)
    args = parser.parse_args()
    print("### Bundles\n\n| file | bytes | gzip |\n|---|---:|---:|")
    for name, raw, packed in bundle_sizes():
        print(f"| `{name}` | {raw:,} | {packed:,} |")
    with (
        tempfile.TemporaryDirectory(prefix="netio-panel-bench-") as tmp,
        running_demo(Path(tmp) / "config", _free_port()) as info,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if "://127.0.0.1" in route.request.url else route.abort()
            ),
        )
        page = context.new_page()
        base = str(info["url"])
        log_in(page, base)
        cold = [time_to_live(page, base, via_sidebar=False) * 1000 for _ in range(args.opens)]
        warm = [time_to_live(page, base, via_sidebar=True) * 1000 for _ in range(args.opens)]
        printer = page.locator("netio-panel section.device", has_text="Office NETIO 4All").locator(
            '.tile[data-output="3"] button.switch'
        )
        panel_shown, panel_done = click_latencies(printer, args.clicks)
        add_card_dashboard(page, "Office NETIO 4All")
        page.goto(f"{base}/{DASHBOARD}/0")
        tile = page.locator('netio-outlets-card [data-entity="switch.printer"] button.main')
        tile.wait_for()
        card_shown, card_done = click_latencies(tile, args.clicks)
        browser.close()
    print(f"\n### Opening the panel → first live data (ms, {args.opens} each)\n")
    print("| how | median | min | max |\n|---|---:|---:|---:|")
    print(_row("page load of /netio (whole frontend)", cold))
    print(_row("sidebar click, frontend loaded", warm))
    print(f"\n### Click on a switch → tile shows the new state (ms, {args.clicks} clicks)\n")
    print("| where | median | min | max |\n|---|---:|---:|---:|")
    print(_row("panel, optimistic", panel_shown))
    print(_row("panel, confirmed (device reply via netio/subscribe)", panel_done))
    print(_row("card, optimistic", card_shown))
    print(_row("card, confirmed (entity state)", card_done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
