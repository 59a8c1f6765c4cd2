"""Fixtures of the client tests: an aiohttp session and the simulator's profiles."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

PROFILES = (
    "netio_4",
    "netio_4all",
    "powerpdu_4c",
    "powerpdu_4ps",
    "powerpdu_8qs",
    "powerdin_4pz",
    "powercable_101x",
)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    """Give the test an aiohttp session (the injected one) and close it afterwards."""
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture(params=PROFILES)
def profile(request: pytest.FixtureRequest) -> str:
    """Run the test once per simulated device family."""
    return str(request.param)
