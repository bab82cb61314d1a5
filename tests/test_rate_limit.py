"""Per-sender sliding-window limit and per-IP connection limit (bot/rate_limit.py)."""

from __future__ import annotations

from bot.rate_limit import ConnectionLimiter, SlidingWindowLimiter


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
