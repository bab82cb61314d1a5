"""Odd input over REST gets a reply, never silence, and never breaks the conversation."""

from __future__ import annotations

import pytest

from tests.e2e.rest import say, text_of

pytestmark = pytest.mark.e2e

ODD_MESSAGES = [
    "",
    "   ",
    "x" * 10_000,
    "😀😀",
    "مرحبا كيف حالك",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "\x00\x07ctrl",
    "qwzx blorp fnarg",
]


def test_a_run_of_odd_messages_always_gets_a_reply_and_the_bot_still_answers(assistant):
    sender = "odd-input"
    for message in ODD_MESSAGES:
        replies = say(assistant.rasa_url, sender, message)
        assert replies, f"silence after {message[:20]!r}"
        assert len(replies) <= 3, f"{len(replies)} replies to {message[:20]!r}: a loop"
    assert "30 to 60 days" in text_of(say(assistant.rasa_url, sender, "how long does iop last"))
