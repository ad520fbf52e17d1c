"""Rasa's Redis lock store, made safe for several Rasa servers receiving one user's messages at the same moment.

Rasa 3.6's `RedisLockStore` issues and returns tickets with a plain GET then SET: two servers that get messages of
one user within a few milliseconds can both read "no lock", both take ticket 0, and process the two messages at
once — one turn's events are then lost from the tracker store (tests/e2e/test_scale_out.py shows it). This
subclass keeps Rasa's locking protocol and storage format and only makes each read-modify-write of a lock atomic
(Redis WATCH/MULTI, retried on conflict). Configured by service/runtime_config.py when LOCK_STORE=redis.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Change = Callable[[TicketLock | None], Tuple[Any, TicketLock | None]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

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
        def change(lock: TicketLock | None) -> Tuple[int, TicketLock]:
            lock = lock or TicketLock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._atomically(conversation_id, change)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def change(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return None, lock

        self._atomically(conversation_id, change)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number, delete_when_idle=False)

    def cleanup(self, conversation_id: str, ticket_number: int, delete_when_idle: bool = True) -> None:
        def change(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if (lock.is_someone_waiting() or not delete_when_idle) else None

        self._atomically(conversation_id, change)
