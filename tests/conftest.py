"""Fixtures shared by every test.

Our `custom_components` package is imported first, so Home Assistant's loader finds this
repository's integration and not the test harness's own `custom_components` package.
"""

import custom_components  # noqa: F401  # isort: skip

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every test."""
