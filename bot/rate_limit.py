"""In-memory limits, per server process: messages per sender (sliding window) and open
connections per client. Several Rasa server processes each keep their own counts."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable


class SlidingWindowLimiter:
    """At most `limit` accepted events per key in any `window` seconds."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._events: dict[Hashable, deque[float]] = defaultdict(deque)

    def _recent(self, key: Hashable) -> deque[float]:
        events = self._events[key]
        horizon = self.clock() - self.window
        while events and events[0] <= horizon:
            events.popleft()
        return events

    def allows(self, key: Hashable) -> bool:
        """Whether one more event for `key` is within the limit now (nothing is recorded)."""
        allowed = len(self._recent(key)) < self.limit
        if not self._events[key]:
            del self._events[key]  # keys of quiet senders do not pile up
        return allowed

    def record(self, key: Hashable) -> None:
        self._recent(key).append(self.clock())

    def try_acquire(self, key: Hashable) -> bool:
        """Records one event for `key` if within the limit; False (nothing recorded) if not."""
        if not self.allows(key):
            return False
        self.record(key)
        return True


class ConnectionLimiter:
    """At most `limit` open connections per key (a client IP)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._open: dict[Hashable, set[str]] = defaultdict(set)
        self._key_of: dict[str, Hashable] = {}

    def open(self, key: Hashable, connection: str) -> bool:
        """Counts `connection` for `key`; False (not counted) when `key` is at its limit."""
        if len(self._open[key]) >= self.limit:
            return False
        self._open[key].add(connection)
        self._key_of[connection] = key
        return True

    def close(self, connection: str) -> None:
        key = self._key_of.pop(connection, None)
        if key is None:
            return
        self._open[key].discard(connection)
        if not self._open[key]:
            del self._open[key]

    def count(self, key: Hashable) -> int:
        return len(self._open.get(key, ()))
