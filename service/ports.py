"""Free loopback ports for servers started by the tests, the bench and the load test."""

from __future__ import annotations

import socket

_GIVEN: set = set()


def free_port() -> int:
    """A free loopback port, never one this process handed out before (two servers started one after the other
    must not be given the same port before the first has bound it)."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _GIVEN:
            _GIVEN.add(port)
            return port
