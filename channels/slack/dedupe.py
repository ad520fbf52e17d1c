"""At most one answer per Slack message: the keys (event ids, message timestamps, clicked messages) seen lately."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable


class SeenCache:
    """Keys seen in the last `ttl_s` seconds, at most `max_keys` of them (oldest dropped first).

    In-process only: with several Rasa instances behind one Slack app, keep the keys in a shared store instead
    (Redis `SET key 1 NX EX ttl`), or a retry that lands on another instance is answered again.
    """

    def __init__(self, ttl_s: float = 3600, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self.ttl_s = ttl_s
        self.max_keys = max_keys
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, *keys: str) -> bool:
        """Records the keys; True only if none of them was seen within the TTL."""
        now = self.clock()
        with self._lock:
            while self._seen and (next(iter(self._seen.values())) <= now - self.ttl_s):
                self._seen.popitem(last=False)
            fresh = not any(key in self._seen for key in keys)
            for key in keys:
                self._seen[key] = now
                self._seen.move_to_end(key)
            while len(self._seen) > self.max_keys:
                self._seen.popitem(last=False)
            return fresh

    def __len__(self) -> int:
        return len(self._seen)
