"""The soak runs against this repository's integration, not Home Assistant's built-in one."""

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom integrations in every soak test."""
