"""The conversation's language slot, kept by Rasa's global slot action after every message."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionSwitchLanguage, ValidateSlotMappings
from tests.support.trackers import tracker_for


def language_set(tracker):
    events = asyncio.run(ValidateSlotMappings().run(CollectingDispatcher(), tracker, {}))
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}.get("language", "kept")


@pytest.mark.parametrize(
    ("slots", "text", "earlier", "set_to"),
    [
        # the first message of a session: a fair guess is enough
        ({"language": "en"}, "hola", [], "es"),
        ({"language": "en"}, "hello", [], "kept"),
        # later: only a clear message in the other language switches
        ({"language": "en"}, "hola", [{"text": "hi"}], "kept"),
        ({"language": "en"}, "necesito ayuda con mi hijo", [{"text": "hi"}], "es"),
        ({"language": "es"}, "ok", [{"text": "hola"}], "kept"),
        ({"language": "es"}, "in english please", [{"text": "hola"}], "en"),
        # an intent payload is no one's words
        ({"language": "es"}, "/request_hotline", [{"text": "hola"}], "kept"),
    ],
)
def test_the_language_follows_what_the_person_writes(slots, text, earlier, set_to):
    tracker = tracker_for("greet", text=text, slots=slots, earlier=earlier)
    assert language_set(tracker) == set_to


@pytest.mark.parametrize(
    ("text", "set_to"),
    [("hello", "es"), ("ok", "es"), ("how many hours a week is iop", "kept")],
)
def test_the_first_message_from_a_spanish_page_starts_in_spanish(text, set_to):
    """The widget sends its language (`data-lang`, its switch) as metadata; the person's clear
    words still win."""
    tracker = tracker_for("greet", text=text, slots={"language": "en"}, metadata={"lang": "es"})
    assert language_set(tracker) == set_to


def test_a_clicked_button_never_changes_the_language():
    buttons = [{"title": "Un ser querido", "payload": "a loved one"}]
    tracker = tracker_for(
        "inform", text="a loved one", slots={"language": "es"}, earlier=[{"text": "hola"}],
        bot_buttons=buttons,
    )  # fmt: skip
    assert language_set(tracker) == "kept"


def test_a_widget_asks_for_a_language_with_an_entity():
    tracker = tracker_for(
        "switch_language", text='/switch_language{"language": "es"}',
        slots={"language": "en"}, entities=[{"entity": "language", "value": "es"}],
    )  # fmt: skip
    assert language_set(tracker) == "es"


@pytest.mark.parametrize(("language", "words"), [("es", "seguimos en español"), ("en", "English")])
def test_switching_says_so_in_the_new_language_with_a_way_forward(language, words):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("switch_language", slots={"language": language}, channel="socketio")
    asyncio.run(ActionSwitchLanguage().run(dispatcher, tracker, {}))
    (message,) = dispatcher.messages
    assert words in message["text"]
    assert "866-797-7962" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/request_topics", "/request_hotline"]
