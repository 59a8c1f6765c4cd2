"""The demo (scripts/develop, headless, its own config folder and port) and a Chromium for it.

The browser reaches only 127.0.0.1: every other request (the frontend's brand images, for one)
is aborted before it leaves. Each page records the browser console's errors and warnings; a test
ends by checking there are none, and none in Home Assistant's log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
import json
from pathlib import Path
import re
import time
from typing import Any
import urllib.parse
import urllib.request

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
import pytest
import pytest_socket

from tests.demo.test_develop import DemoRunner, _log_problems

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ADMIN = ("demo", "demo-netio")
GUEST = ("guest", "guest-netio")
OFF_LOOPBACK = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1[:/])[a-z]+://")
DEADLINE_S = 30.0
# The frontend loads slowly on a busy machine; waits end as soon as the page is there.
expect.set_options(timeout=60_000)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is missing")


@dataclass
class Demo:
    """The running demo: where Home Assistant and the simulator's control API listen."""

    runner: DemoRunner
    info: dict[str, Any]

    @property
    def url(self) -> str:
        """Home Assistant's base URL."""
        return str(self.info["url"])

    @property
    def config(self) -> Path:
        """Home Assistant's config folder."""
        return self.runner.config

    def outputs(self, device: str) -> dict[int, dict[str, Any]]:
        """One simulated device's outputs, as its control API reports them now."""
        control = f"http://127.0.0.1:{self.info['simulator']['control_port']}"
        with urllib.request.urlopen(f"{control}/devices/{device}", timeout=10) as reply:  # noqa: S310
            return {o["id"]: o for o in json.loads(reply.read())["outputs"]}

    def wait_for_output(self, device: str, output: int, *, on: bool) -> None:
        """Until the simulated output is in the state (the device answers in real time)."""
        deadline = time.monotonic() + DEADLINE_S
        while self.outputs(device)[output]["state"] is not on:
            assert time.monotonic() < deadline, f"{device} output {output} never turned {on}"
            time.sleep(0.05)

    def log_problems(self) -> list[str]:
        """Errors in Home Assistant's log (but the machine's), warnings of the integration."""
        return _log_problems(self.config)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """One demo for the module's tests, stopped at the end (sockets: 127.0.0.1 only)."""
    pytest_socket.enable_socket()
    runner = DemoRunner(tmp_path_factory.mktemp("demo"))
    try:
        running = runner.start()
        yield Demo(runner, running.info)
    finally:
        runner.stop()


type Opener = Callable[..., "Session"]


@dataclass
class Session:
    """A logged-in browser context and what its console said."""

    context: BrowserContext
    page: Page
    console: list[str] = field(default_factory=list)

    def hass(self, script: str) -> Any:
        """Evaluate `async (hass) => ...` with the frontend's hass object, once it is complete.

        The frontend fills `hass` in steps (connection, then user, states and panels as their
        subscriptions answer); a script may read any of them.
        """
        self.page.wait_for_function(
            "(() => { const hass = document.querySelector('home-assistant')?.hass;"
            " return hass?.connection && hass.user && hass.states && hass.panels; })()"
        )
        return self.page.evaluate(
            f"async () => {{ const hass = document.querySelector('home-assistant').hass;"
            f" return await ({script})(hass); }}"
        )


def _record(session: Session, message: ConsoleMessage) -> None:
    if message.type not in {"error", "warning"}:
        return
    location = message.location.get("url", "") if message.location else ""
    if location and OFF_LOOPBACK.match(location):
        return  # an aborted request off 127.0.0.1 (e.g. brand images): not ours
    session.console.append(f"{message.type}: {message.text} ({location})")


def open_session(browser: Browser, demo: Demo, user: tuple[str, str], width: int = 1280) -> Session:
    """A new browser context logged in through Home Assistant's login page."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    context.route(OFF_LOOPBACK, lambda route: route.abort())
    page = context.new_page()
    session = Session(context, page)
    page.on("console", lambda message: _record(session, message))
    page.on("pageerror", lambda error: session.console.append(f"pageerror: {error}"))
    page.goto(demo.url + "/")
    page.wait_for_url("**/auth/authorize**")
    page.locator("input[name=username]").fill(user[0])
    page.locator("input[name=password]").fill(user[1])
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/auth/" not in urllib.parse.urlparse(url).path)
    page.locator("home-assistant").wait_for(state="attached")
    return session


@pytest.fixture
def chromium(demo: Demo, socket_enabled: None) -> Iterator[Opener]:
    """Opens logged-in sessions in Debian's Chromium; checks console and log at the end.

    Playwright runs inside the test only: its event loop must not be running while the test
    harness sets fixtures up or tears them down.
    """
    opened: list[Session] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )

        def opener(user: tuple[str, str], width: int = 1280) -> Session:
            session = open_session(browser, demo, user, width)
            opened.append(session)
            return session

        try:
            yield opener
        finally:
            for session in opened:
                session.context.close()
            browser.close()
    assert [line for session in opened for line in session.console] == []
    assert demo.log_problems() == []
