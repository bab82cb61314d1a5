"""Limits: messages per sender (sliding window) and open connections per client.

`SlidingWindowLimiter` counts in the server process's memory (the embedded setup: one process).
`SharedSlidingWindowLimiter` counts in Redis, so several Rasa servers behind a load balancer
share one count per sender (the production topology, REDIS_HOST set). Connection counts stay in
memory: nginx sends each client address to one server (sticky socket.io).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Hashable
from typing import Any, Protocol

logger = logging.getLogger(__name__)


class MessageLimiter(Protocol):
    def try_acquire(self, key: Hashable) -> bool: ...


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


# Atomic check-and-record: drop events older than the window, count, add one if under the limit.
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1] - ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], math.ceil(ARGV[2] * 1000))
return 1
"""


class SharedSlidingWindowLimiter:
    """`SlidingWindowLimiter`'s rule, counted in Redis (sorted set per key, one Lua script per
    message). If Redis cannot be reached the message is let through: a visitor is never
    silenced because the limiter is down."""

    def __init__(
        self,
        client: Any,
        limit: int,
        window: float = 60.0,
        prefix: str = "ccr:rate:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        import redis  # only the production topology needs it

        self.limit = limit
        self.window = window
        self.prefix = prefix
        self.clock = clock
        self._errors = redis.RedisError
        self._acquire = client.register_script(_ACQUIRE)

    @classmethod
    def connect(
        cls, host: str, port: int, db: int, password: str, limit: int, window: float = 60.0
    ) -> SharedSlidingWindowLimiter:
        import redis

        client = redis.Redis(
            host=host,
            port=port,
            db=db,
            password=password or None,
            socket_timeout=0.5,
            socket_connect_timeout=0.5,
        )
        return cls(client, limit, window)

    def _key(self, key: Hashable) -> str:
        parts = key if isinstance(key, tuple) else (key,)
        return self.prefix + ":".join(str(part) for part in parts)

    def try_acquire(self, key: Hashable) -> bool:
        """Records one event for `key` if within the limit; False (nothing recorded) if not."""
        try:
            accepted = self._acquire(
                keys=[self._key(key)],
                args=[self.clock(), self.window, self.limit, uuid.uuid4().hex],
            )
        except self._errors as error:
            logger.warning("rate limit not checked, Redis unavailable: %s", type(error).__name__)
            return True
        return bool(accepted)


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
