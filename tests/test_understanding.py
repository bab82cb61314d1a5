"""The understanding report (ops/understanding.py) scores replies by what a visitor sees."""

import pytest
import yaml

from bot.content.answers import suggestion_reply, topic_reply
from bot.settings import PROJECT_ROOT
from ops.understanding import ReplyKinds, simulated_outcome

HOTLINE = "866-797-7962"


@pytest.fixture(scope="module")
def kinds(store):
    return ReplyKinds.load(store, yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text()))


def sent(reply):
    return [{"text": reply.text, "buttons": [{"payload": b.payload} for b in reply.buttons]}]


def test_a_reply_is_scored_by_the_topic_text_in_it(store, kinds):
    answer = sent(topic_reply(store, "iop_hours", HOTLINE, runners_up=("iop_length",)))
    assert kinds.score("ask_iop_hours", answer) == "right"
    assert kinds.score("ask_iop_length", answer) == "wrong"  # offered, not answered
    assert kinds.score("greet", answer) == "wrong"


def test_the_menu_is_a_menu_and_says_whether_the_right_topic_was_on_it(store, kinds):
    ranking = [
        {"name": "ask_detox", "confidence": 0.3},
        {"name": "ask_iop_hours", "confidence": 0.2},
    ]
    menu = sent(suggestion_reply(store, ranking, HOTLINE))
    assert kinds.score("ask_detox", menu) == "menu_with_right"
    assert kinds.score("ask_after_iop", menu) == "menu"


def test_other_intents_are_scored_by_their_expected_responses(store, kinds):
    greeting = [{"text": "Hi, I'm the Carolina Center for Recovery's automated assistant."}]
    assert kinds.score("greet", greeting) == "right"
    assert kinds.score("request_hotline", greeting) == "other"
    assert kinds.is_content("ask_detox") and not kinds.is_content("ask_content_source")
    offer = [{"text": "What would you like to know? You can ask me about intensive outpatient"}]
    assert [kinds.score(i, offer) for i in ("affirm", "deny", "request_topics")] == ["right"] * 3


@pytest.mark.parametrize(
    ("ranking", "outcome"),
    [
        ([("ask_detox", 0.9), ("ask_iop_hours", 0.05)], "right"),  # sure
        ([("ask_iop_hours", 0.9)], "wrong"),
        ([("nlu_fallback", 0.5), ("ask_detox", 0.35), ("ask_iop_hours", 0.2)], "right"),
        ([("nlu_fallback", 0.5), ("ask_detox", 0.25), ("ask_iop_hours", 0.2)], "menu"),
        ([("greet", 0.9)], "other"),
        ([], "menu"),
    ],
)
def test_the_threshold_sweep_simulates_fallback_then_answer_first(ranking, outcome):
    assert simulated_outcome("ask_detox", ranking, answer_at=0.3, lead=0.1) == outcome
