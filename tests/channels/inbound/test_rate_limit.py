"""Per-sender sliding-window limit and per-IP connection limit
(bot/channels/inbound/rate_limit.py)."""

from __future__ import annotations

import logging
import uuid

import pytest

from bot.channels.inbound.guard import message_limiter
from bot.channels.inbound.rate_limit import (
    ConnectionLimiter,
    SharedSlidingWindowLimiter,
    SlidingWindowLimiter,
)
from bot.settings import Settings
from ops.services import RedisServer, free_port


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_is_per_sender_and_the_window_slides():
    clock = Clock()
    limiter = SlidingWindowLimiter(3, window=60, clock=clock)
    assert [limiter.try_acquire("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.try_acquire("b"), "another sender has their own count"
    clock.now += 59.9
    assert not limiter.try_acquire("a"), "still within the minute"
    clock.now += 0.2
    assert [limiter.try_acquire("a") for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ], "the first three have left the window"


def test_refused_messages_do_not_count():
    clock = Clock()
    limiter = SlidingWindowLimiter(1, window=60, clock=clock)
    assert limiter.try_acquire("a")
    clock.now += 30
    assert not limiter.try_acquire("a")
    clock.now += 31
    assert limiter.try_acquire("a"), "the refused one at 30 s did not extend the wait"


def test_quiet_senders_are_forgotten():
    clock = Clock()
    limiter = SlidingWindowLimiter(5, window=60, clock=clock)
    limiter.try_acquire("a")
    clock.now += 61
    assert limiter.allows("a")
    assert "a" not in limiter._events


def test_connections_per_ip():
    limiter = ConnectionLimiter(2)
    assert limiter.open("1.2.3.4", "s1") and limiter.open("1.2.3.4", "s2")
    assert not limiter.open("1.2.3.4", "s3")
    assert limiter.open("5.6.7.8", "s4"), "another IP"
    limiter.close("s1")
    assert limiter.open("1.2.3.4", "s5"), "a closed connection frees its place"
    limiter.close("unknown")  # closing twice or unknown ids is harmless
    limiter.close("s1")
    assert limiter.count("1.2.3.4") == 2


# --- shared through Redis: several Rasa servers, one count per sender --------------------------


@pytest.fixture
def shared(redis_server: RedisServer):
    """Limiters as two Rasa servers would hold them, on the same (real) Redis."""
    prefix = f"test:{uuid.uuid4().hex}:"
    clock = Clock()

    def limiter(limit: int) -> SharedSlidingWindowLimiter:
        return SharedSlidingWindowLimiter(
            redis_server.client(), limit, window=60, prefix=prefix, clock=clock
        )

    return limiter, clock


def test_two_servers_share_one_count_per_sender(shared):
    limiter, _ = shared
    server_1, server_2 = limiter(3), limiter(3)
    answers = [server.try_acquire(("rest", "a")) for server in (server_1, server_2) * 2]
    assert answers == [True, True, True, False]
    assert server_2.try_acquire(("rest", "b")), "another sender has their own count"
    assert server_1.try_acquire(("twilio_sms", "a")), "and so has the same id on another channel"


def test_the_shared_window_slides_and_refusals_do_not_count(shared):
    limiter, clock = shared
    server_1, server_2 = limiter(2), limiter(2)
    assert server_1.try_acquire("a") and server_2.try_acquire("a")
    clock.now += 30
    assert not server_1.try_acquire("a")
    clock.now += 30.1
    assert [server_2.try_acquire("a"), server_1.try_acquire("a"), server_2.try_acquire("a")] == [
        True,
        True,
        False,
    ], "the first two left the window; the refusal at 30 s did not count"


def test_an_unreachable_redis_lets_the_message_through_and_says_so(caplog):
    limiter = SharedSlidingWindowLimiter.connect("127.0.0.1", free_port(), 0, "", limit=1)
    with caplog.at_level(logging.WARNING, logger="bot.channels.inbound.rate_limit"):
        assert [limiter.try_acquire("a") for _ in range(3)] == [True, True, True]
    assert "Redis unavailable" in caplog.text


@pytest.mark.parametrize(
    ("environ", "kind"),
    [
        ({}, SlidingWindowLimiter),
        ({"DB_HOST": "db", "REDIS_HOST": "cache"}, SharedSlidingWindowLimiter),
    ],
)
def test_the_production_stores_share_the_counts(environ, kind):
    assert isinstance(message_limiter(Settings.from_environ(environ)), kind)
