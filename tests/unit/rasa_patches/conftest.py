"""The patches are installed for these tests as the Rasa server installs them (`rasa_patches.install`); each test
compares against Rasa's own function (`rasa_patches._core.original`) or Rasa's documented behaviour."""

from __future__ import annotations

import asyncio
import socket
from typing import Any, Iterator

import pytest


@pytest.fixture(scope="session", autouse=True)
def patched() -> Iterator[list]:
    import rasa_patches
    from settings import Settings

    yield rasa_patches.install(Settings.from_env({}))


def run(coroutine: Any) -> Any:
    """Runs a coroutine on a new event loop, closing the kept-alive HTTP sessions it opened (as Rasa's shutdown
    does)."""
    from rasa_patches import action_http

    async def and_close() -> Any:
        try:
            return await coroutine
        finally:
            await action_http.close_all()

    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(and_close())
    finally:
        loop.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
