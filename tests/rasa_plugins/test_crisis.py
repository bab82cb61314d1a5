"""The NLU component that applies the crisis check's tier to Rasa's parse
(bot/rasa_plugins/crisis.py), run on real Rasa messages with the real detector."""

from __future__ import annotations

import pytest
import spacy
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.crisis import CrisisOverride
from bot.safety.backstop import Backstop
from bot.safety.detector import CrisisDetector
from bot.settings import get_settings


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.load(get_settings().spacy_model_dir)


@pytest.fixture(scope="module")
def component(nlp) -> CrisisOverride:
    return CrisisOverride(CrisisDetector(nlp), 0.5)


@pytest.fixture(scope="module")
def rules_only(nlp) -> CrisisOverride:
    """The patterns without their learned back-up: what the classifier's back-up is for."""
    return CrisisOverride(CrisisDetector(nlp, backstop=None), 0.5)


def parsed(component: CrisisOverride, text: str, ranking: list[tuple[str, float]]) -> Message:
    """`text` as the classifiers left it (`ranking` best first), after the component."""
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={"text": text, "intent": ranked[0], "intent_ranking": ranked})
    component.process([message])
    return message


def entities(message: Message) -> dict[str, str]:
    return {e["entity"]: e["value"] for e in message.get("entities") or []}


def test_danger_now_makes_the_intent_crisis_and_keeps_the_question_behind_it(component):
    message = parsed(
        component, "my son took a whole bottle of pills, how long is iop", [("ask_iop_length", 0.9)]
    )
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["crisis", "ask_iop_length"]
    assert entities(message) == {"crisis_kind": "overdose", "crisis_language": "en"}


def test_not_now_takes_the_classifiers_crisis_guess_out_and_rescales_the_rest(component):
    message = parsed(
        component,
        "my uncle passed from an overdose last winter, what does family therapy look like?",
        [("crisis", 0.7), ("ask_therapies", 0.2), ("ask_what_is_iop", 0.1)],
    )
    assert message.get("intent")["name"] == "ask_therapies"
    assert message.get("intent")["confidence"] == pytest.approx(2 / 3)
    assert [r["name"] for r in message.get("intent_ranking")] == [
        "ask_therapies",
        "ask_what_is_iop",
    ]
    assert entities(message) == {}  # someone else's past: no closing line


def test_not_now_with_an_unsure_rest_is_the_fallback_as_the_classifier_would_say(component):
    message = parsed(
        component,
        "no thoughts of hurting myself",
        [("crisis", 0.5), ("ask_therapies", 0.2), ("ask_cost", 0.2), ("greet", 0.1)],
    )
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.5}
    assert "crisis" not in [r["name"] for r in message.get("intent_ranking")]


def test_the_persons_own_past_asks_for_the_closing_line_in_its_language(component):
    english = parsed(
        component, "i used to cut myself, is iop right for me?", [("ask_who_iop_suits", 0.8)]
    )
    assert english.get("intent")["name"] == "ask_who_iop_suits"
    assert entities(english) == {"risk_mentioned": "own", "crisis_language": "en"}
    spanish = parsed(
        component, "hace dos anos tuve una sobredosis, cuanto dura el iop?", [("crisis", 0.9)]
    )
    assert entities(spanish) == {"risk_mentioned": "own", "crisis_language": "es"}


def test_no_risk_words_leave_the_classifier_alone_and_its_crisis_guess_stands(rules_only):
    untouched = parsed(rules_only, "how many hours is iop", [("ask_iop_hours", 0.95)])
    assert untouched.get("intent") == {"name": "ask_iop_hours", "confidence": 0.95}
    assert rules_only.detector.assess("everything feels so dark") is None
    backup = parsed(rules_only, "everything feels so dark", [("crisis", 0.8)])
    assert backup.get("intent")["name"] == "crisis"
    assert "crisis_kind" not in entities(backup)  # no kind known: the reply gives 911 and 988


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("everything feels so dark", "en"),
        ("todo esta muy oscuro y tengo miedo", "es"),
        ("hola necesito ayuda", "es"),
    ],
)
def test_the_classifiers_back_up_replies_in_the_messages_likely_language(
    rules_only, text, language
):
    assert rules_only.detector.assess(text) is None
    backup = parsed(rules_only, text, [("crisis", 0.8)])
    assert entities(backup) == {"crisis_language": language}


def test_the_learned_back_up_makes_the_intent_crisis_with_no_kind(nlp):
    knows_one_word = Backstop(idf={"w:zorblax": 1.0}, coef={"w:zorblax": 10.0}, intercept=-5.0)
    component = CrisisOverride(CrisisDetector(nlp, backstop=knows_one_word), 0.5)
    message = parsed(component, "mi hermano esta zorblax ahorita", [("ask_what_is_iop", 0.9)])
    assert message.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert [r["name"] for r in message.get("intent_ranking")] == ["crisis", "ask_what_is_iop"]
    assert entities(message) == {"crisis_language": "es"}  # no kind: the reply gives 911 and 988
