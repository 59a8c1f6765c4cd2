"""Every corpus case on the simulator's own rules engine (side (a) of the fidelity test).

The expected timelines of `tests/rules/corpus/*.json` were written from NETIO's documents
before this engine ran them: the rules page (`netio-rules-wiki.txt`), the manual's action
semantics (§5.1.1, §5.2), `netio-protocols.md` §10 and the wiki pages it cites (CR01-CR14,
PAB - RANGE, PAB - ZONES, Watchdog). Where those documents are silent, a case follows the
numbered choices of `netio_simulator.rules`:

- CR01, CR02, CR03, CR05, CR09, CR11, CR13, CR14 and the rules page's example use the
  published JSON; watchdog targets are names the steps make reachable (no addresses).
- choice 9 (a filter masks the falling ${COND_RESULT} change too): cond_result_fall_is_masked_too
- choice 11 (a new rise restarts a sequence): sequence_restarts_on_a_new_rise
- choices 13/14 (hysteresis counts from the moment the value enters; a PAB starts from its
  first reading): the RANGE and ZONES cases start outside their ranges, so they do not depend
  on choice 14
- choice 16 (sunrise/sunset with Home Assistant's horizon; times from the astral library):
  cr13_* and daylight_*
- choices 17/18 (ping timing, re-announcement after timeToReboot): watchdog_* and cr01
- choices 21-23 (power cut, DEVICE_POWER_UP once per boot, bootDelay starts the rule):
  power_cut_then_power_up_states, cr14_device_power_up, boot_delay_*
- choice 26 (the rules page example's JSON restarts output 1, not the "No. 2" of its text):
  rules_page_example_watchdog_with_sequence
- corpus defaults (outputs and inputs off unless named, a day of uptime, power factor 1):
  `tests/rules/corpus.py`
"""

from collections import Counter
import re
from typing import Any

import pytest

from .corpus import (
    Case,
    DeviceDriver,
    ManualClock,
    case_ids,
    compare,
    load_corpus,
    make_device,
    run_case,
    timeline,
)

CASES = load_corpus()


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
async def test_case_runs_on_the_device(case: Case) -> None:
    clock = ManualClock()
    device = make_device(case, clock)
    changes = await run_case(case, device, DeviceDriver(clock))
    problems = compare(case, changes)
    assert not problems, "\n".join([*problems, "recorded:", timeline(changes)])


def _generic(key: str) -> str:
    """`PAB/CR03_PAB/IN` -> `PAB/x/IN`: the form without the name or number."""
    return re.sub(r"/[^/]+/", "/x/", key, count=1)


def _action_forms(actions: dict[str, Any]) -> list[str]:
    forms = []
    for key, value in actions.items():
        if key == "sequence":
            repeat = value.get("repeat", 1)
            forms.append(f"sequence repeat {'N' if repeat not in (0, True) else repeat}")
        elif value == "${COND_RESULT}":
            forms.append(f"{key.split('/')[0]} ${{COND_RESULT}}")
        elif key.startswith("OUTPUTS"):
            forms.append(f"action {value}")
        else:
            forms.append("cloud alarm")
    return forms


def _rule_forms(rule: dict[str, Any]) -> list[str]:
    conditions: dict[str, Any] = rule["conditions"]
    operator = rule.get("operator", conditions.get("operator"))
    forms = [f"operator {operator or 'default'}"]
    if "operator" in rule:
        forms.append("operator at the top")
    forms += [f"condition {_generic(k)}" for k in conditions if k != "operator"]
    forms += [f"filter {_generic(k)}" for k in rule.get("filters", {})]
    forms += _action_forms(rule["actions"])
    if "bootDelay" in rule:
        forms.append("bootDelay")
    return forms


def _forms(cases: list[Case]) -> Counter[str]:
    """Every form the corpus exercises, by name."""
    seen: Counter[str] = Counter()
    for case in cases:
        for pab in case.netio.get("pabs", {}).values():
            seen[f"pab {pab['type']}"] += 1
            seen[f"source {re.sub(r'/\d+/', '/n/', pab.get('source', ''))}"] += 1
        for rule in case.netio.get("rules", {}).values():
            seen.update(_rule_forms(rule))
        seen.update(f"step {step.kind}" for step in case.steps)
    return seen


def test_the_corpus_covers_every_form() -> None:
    assert len(CASES) >= 30
    seen = _forms(CASES)
    required = [
        "pab RANGE",
        "pab ZONES",
        "pab DAYLIGHT",
        "source OUTPUTS/n/LOAD",
        "source OUTPUTS/n/CURRENT",
        "source TOTAL/LOAD",
        "condition PAB/x/IN",
        "condition PAB/x/ZONE",
        "condition PAB/x/DAY",
        "condition WDT/x/FAIL",
        "condition OUTPUTS/x/STATE",
        "condition INPUTS/x/STATE",
        "condition SYSTEM/DEVICE_POWER_UP",
        "filter SCHEDULE/x/ACTIVE",
        "filter OUTPUTS/x/STATE",
        "filter INPUTS/x/STATE",
        "operator default",
        "operator AND",
        "operator OR",
        "operator at the top",
        *(f"action {code}" for code in range(6)),
        "OUTPUTS ${COND_RESULT}",
        "CLOUD ${COND_RESULT}",
        "cloud alarm",
        "sequence repeat N",
        "sequence repeat 0",
        "sequence repeat True",
        "bootDelay",
        *(
            f"step {kind}"
            for kind in ("input", "load_w", "output", "action", "host", "reboot", "rule_enabled")
        ),
    ]
    missing = [form for form in required if not seen[form]]
    assert not missing, f"the corpus lacks {missing}"
    names = " ".join(case.name for case in CASES)
    for published in ("CR01", "CR02", "CR03", "Rules page example"):
        assert published in names
