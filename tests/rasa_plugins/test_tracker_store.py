"""The project's tracker store: Rasa's SQL store that erases a conversation on "delete my chat"."""

from __future__ import annotations

import time

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet

from bot.privacy.tracker_events import DELETE_CHAT_ACTION
from tests.support.tracker_stores import (
    conversation,
    save,
    senders,
    stored_texts,
    tracker_store,
    turn,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty tracker database on each backend the project supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.db'}"
    return request.getfixturevalue("postgres").create_database("tracker_store_test")


def test_a_conversation_is_stored_as_rasa_stores_it(url):
    store = tracker_store(url)
    save(store, conversation("visitor", ["how long is iop"], [time.time()]))
    assert senders(store) == {"visitor"}
    assert "how long is iop" in stored_texts(store, "visitor")


def test_delete_my_chat_erases_every_stored_event_of_that_sender_only(url):
    store = tracker_store(url)
    now = time.time()
    tracker = conversation("visitor", ["my name is Marisol", "call 919-555-0142"], [now, now + 5])
    save(store, tracker)
    save(store, conversation("someone-else", ["what is op"], [now]))
    for event in [
        *turn("delete my chat", now + 10),
        ActionExecuted(DELETE_CHAT_ACTION, timestamp=now + 11),
        BotUttered("Done: I've deleted this chat", timestamp=now + 11),
        SlotSet("person", None, timestamp=now + 11),
    ]:
        tracker.update(event)
    save(store, tracker)
    assert senders(store) == {"someone-else"}
    assert stored_texts(store, "visitor") == ""
    assert "what is op" in stored_texts(store, "someone-else")


def test_a_later_turn_of_a_deleted_chat_is_stored_afresh(url):
    store = tracker_store(url)
    now = time.time()
    tracker = conversation("visitor", ["my name is Marisol"], [now])
    tracker.update(ActionExecuted(DELETE_CHAT_ACTION, timestamp=now + 1))
    save(store, tracker)
    save(store, conversation("visitor", ["what is iop"], [now + 60]))
    texts = stored_texts(store, "visitor")
    assert "what is iop" in texts and "Marisol" not in texts
