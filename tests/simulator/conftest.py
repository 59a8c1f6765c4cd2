"""Fixtures for the simulator tests: a simulator and an HTTP client that always get closed."""

from collections.abc import AsyncIterator

import aiohttp
import pytest

from netio_simulator.runner import Simulator


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[Simulator]:
    """A Simulator on 127.0.0.1, stopped after the test."""
    sim = Simulator()
    try:
        yield sim
    finally:
        await sim.stop()


@pytest.fixture
async def http(socket_enabled: None) -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp client session without connection reuse, closed after the test."""
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(force_close=True),
        timeout=aiohttp.ClientTimeout(total=5),
    )
    try:
        yield session
    finally:
        await session.close()
