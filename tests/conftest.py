"""Shared test setup.

Our `custom_components` package is imported first, so Home Assistant's loader finds this
repository's integration and not the test harness's own `custom_components` package.
"""

import custom_components  # noqa: F401
