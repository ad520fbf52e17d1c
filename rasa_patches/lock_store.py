"""Rasa's Redis lock store, made safe for several Rasa servers receiving one user's messages at the same moment.

Rasa: `RedisLockStore` (3.6) issues and returns tickets with a plain GET then SET: two servers that get messages of
one user within a few milliseconds can both read "no lock", both take ticket 0, and process the two messages at
once; one turn's events are then lost from the tracker store (tests/e2e/test_scale_out.py shows it).

Here (`AtomicRedisLockStore`, a subclass named in the endpoints file, Rasa's extension point for lock stores):
Rasa's locking protocol and storage format, with each read-modify-write of a lock in one Redis transaction
(WATCH/MULTI, retried on conflict). A Redis error, a timeout of the Redis client included, is Rasa's `LockError`.
service/runtime_config.py names it when LOCK_STORE=redis (and RASA_PATCHES is on).

Why: correctness behind a load balancer. The class checks the Rasa version it was written for: on another version
it refuses, and behaves as Rasa's `RedisLockStore`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_patches import _core

WRITTEN_FOR = "3.6.21"
Change = Callable[[TicketLock | None], Tuple[Any, TicketLock | None]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)
        self.atomic = _core.version_fits(type(self).__name__, WRITTEN_FOR)

    def _atomically(self, conversation_id: str, change: Change) -> Any:
        """Applies `change` (lock or None -> (result, lock to save or None to delete)) in one Redis transaction."""
        key = self.key_prefix + conversation_id
        outcome: dict = {}

        def transaction(pipe: Any) -> None:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            outcome["result"], new = change(lock)
            pipe.multi()
            if new is None:
                pipe.delete(key)
            else:
                pipe.set(key, new.dumps())

        self.red.transaction(transaction, key)
        return outcome["result"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        if not self.atomic:
            return super().issue_ticket(conversation_id, lock_lifetime)

        def change(lock: TicketLock | None) -> Tuple[int, TicketLock]:
            lock = lock or TicketLock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._atomically(conversation_id, change)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        if not self.atomic:
            return super().update_lock(conversation_id)

        def change(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return None, lock

        self._atomically(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        if not self.atomic:
            return super().finish_serving(conversation_id, ticket_number)
        self.cleanup(conversation_id, ticket_number, delete_when_idle=False)

    def cleanup(self, conversation_id: str, ticket_number: int, delete_when_idle: bool = True) -> None:
        if not self.atomic:
            return super().cleanup(conversation_id, ticket_number)

        def change(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if (lock.is_someone_waiting() or not delete_when_idle) else None

        self._atomically(conversation_id, change)
