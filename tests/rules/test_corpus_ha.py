"""The rule corpus in Home Assistant: each case imported with netio.import_rules and run.

The case's rules run as translated automations against the simulated device (no device rules,
1 s polls, simulated time); the output timeline recorded on the simulator must match `expect`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
import pytest

from . import corpus
from .ha_driver import CREDENTIALS, HomeAssistantDriver

CASES = corpus.load_corpus()


@pytest.fixture
def expected_lingering_timers() -> bool:
    """Schedule helpers and sun keep their next-change timers after Home Assistant stops."""
    return True


@pytest.mark.parametrize("case", CASES, ids=corpus.case_ids(CASES))
async def test_case_in_home_assistant(  # noqa: PLR0917 - fixtures
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    socket_enabled: None,
    enable_custom_integrations: None,
    tmp_path: Path,
    case: Any,
) -> None:
    clock = corpus.ManualClock()
    device = corpus.make_device(case, clock, credentials=CREDENTIALS)
    driver = HomeAssistantDriver(hass, freezer, clock, tmp_path)
    await driver.prepare(case.start.time, case.time_zone, case.netio)
    try:
        changes = await corpus.run_case(case, device, driver)
    finally:
        await driver.close()
    problems = corpus.compare(case, changes)
    assert not problems, "\n".join(
        [
            *problems,
            "recorded:",
            corpus.timeline(changes),
            "automations:",
            str(driver.automations()),
        ]
    )
