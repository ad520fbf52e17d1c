"""The atomic Redis lock store: a Redis that does not answer is Rasa's LockError, and on a Rasa release it was not
written for it refuses to change anything (Rasa's RedisLockStore behaviour)."""

from __future__ import annotations

import socket
import time

import pytest
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_patches import _core
from rasa_patches.lock_store import AtomicRedisLockStore


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers (a hung Redis)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def test_a_redis_that_does_not_answer_is_a_lock_error_within_the_client_timeout(silent_redis):
    store = AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=silent_redis, socket_timeout=0.3))
    started = time.monotonic()
    with pytest.raises(LockError):
        store.issue_ticket("someone")
    assert time.monotonic() - started < 5


def test_refuses_on_another_rasa_release(monkeypatch, caplog):
    monkeypatch.setattr(_core, "rasa_version", lambda: "3.6.99")
    calls = []
    monkeypatch.setattr(RedisLockStore, "issue_ticket", lambda self, *args: calls.append(args) or 0)
    store = AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=1))
    assert not store.atomic
    assert store.issue_ticket("someone") == 0 and calls == [("someone", 60)]  # Rasa's own method
    assert any("NOT installed" in message and "3.6.99" in message for message in caplog.messages)
