"""Tests that need a command-line tool: skipped without it, except in CI, where they fail.

`requires_tools` marks a test (or module) that calls external tools. On a developer's machine a
missing tool skips the test with a reason that starts with `MISSING_TOOL`; with the environment
variable `CI` set, `fail_missing_tools` (a `pytest_runtest_makereport` hook wired up in
tests/conftest.py) turns that skip into a failure, so a CI image without the tool cannot quietly
stop running the tests. `scripts/setup` installs the tools (Debian packages).
"""

import os
import shutil
from typing import Final

import pytest

MISSING_TOOL: Final = "missing tool:"


def requires_tools(*tools: str, package: str) -> pytest.MarkDecorator:
    """Skip (in CI: fail) unless every tool is on PATH; `package` is the Debian package."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    return pytest.mark.skipif(
        bool(missing),
        reason=f"{MISSING_TOOL} {', '.join(missing)} (Debian package `{package}`; "
        "scripts/setup installs it)",
    )


def in_ci() -> bool:
    """Whether the tests run in CI (the `CI` environment variable is set and not empty)."""
    return bool(os.environ.get("CI"))


def fail_missing_tools(report: pytest.TestReport) -> None:
    """Turn a skip for a missing tool into a failure when running in CI."""
    if not (report.skipped and in_ci() and isinstance(report.longrepr, tuple)):
        return
    reason = report.longrepr[2]
    if MISSING_TOOL not in reason:
        return
    report.outcome = "failed"
    report.longrepr = f"{reason.removeprefix('Skipped: ')}\nCI is set: a missing tool fails."
