"""The content actions, run the way the action server runs them."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic, ActionOfferHotline, ActionSuggestTopics
from actions.session import ActionSessionStart
from tests.helpers import tracker_for


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


@pytest.mark.parametrize(
    ("intent", "facts"),
    [
        ("ask_iop_hours", ["9 and 20 hours"]),
        ("ask_iop_length", ["30 to 60 days"]),
        ("ask_op_frequency", ["one day a week"]),
    ],
)
def test_answer_topic_sends_the_content_with_next_steps(intent, facts):
    messages, events = run(ActionAnswerTopic(), tracker_for(intent, channel="socketio"))
    assert events == []
    (message,) = messages
    for fact in facts:
        assert fact in message["text"]
    assert message["buttons"][-1]["payload"] == "/request_hotline"


def test_answer_topic_uses_the_sms_text_on_sms():
    messages, _ = run(ActionAnswerTopic(), tracker_for("ask_iop_hours", channel="twilio_sms"))
    assert "**" not in messages[0]["text"]
    assert len(messages[0]["text"]) <= 320


def test_answer_topic_for_an_unknown_topic_offers_suggestions_not_silence():
    ranking = [
        {"name": "ask_cost", "confidence": 0.8},
        {"name": "ask_iop_hours", "confidence": 0.2},
    ]
    messages, _ = run(ActionAnswerTopic(), tracker_for("ask_cost", ranking=ranking))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/ask_iop_hours", "/request_hotline"]


def test_suggest_topics_offers_the_likeliest_topics_and_a_person():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_iop_length", "confidence": 0.3},
        {"name": "ask_iop_hours", "confidence": 0.25},
    ]
    messages, _ = run(ActionSuggestTopics(), tracker_for("nlu_fallback", ranking=ranking))
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        "/ask_iop_length",
        "/ask_iop_hours",
        "/request_hotline",
    ]
    assert "866-797-7962" in messages[0]["text"]


def test_offer_hotline_has_a_call_button_on_the_web_and_text_elsewhere():
    web, _ = run(ActionOfferHotline(), tracker_for("request_hotline", channel="socketio"))
    shell, _ = run(ActionOfferHotline(), tracker_for("request_hotline", channel="cmdline"))
    assert web[0]["buttons"] == [{"title": "Call 866-797-7962", "payload": "tel:+18667977962"}]
    assert "866-797-7962" in shell[0]["text"] and not shell[0]["buttons"]


def test_session_start_fills_the_hotline_slots_from_settings():
    _, events = run(ActionSessionStart(), tracker_for("greet"))
    assert events[0]["event"] == "session_started"
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"hotline": "866-797-7962", "hotline_tel": "tel:+18667977962"}
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
