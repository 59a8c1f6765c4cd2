"""Shared test setup.

Our `custom_components` package is imported first, so Home Assistant's loader finds this
repository's integration and not the test harness's own `custom_components` package.
"""

from collections.abc import Generator

import pytest

import custom_components  # noqa: F401

from .tools import fail_missing_tools


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """In CI, a test skipped for a missing command-line tool fails (see tests/tools.py)."""
    report = yield
    fail_missing_tools(report)
    return report
