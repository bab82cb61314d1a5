"""End to end: real action server + Rasa server on free ports, real questions over REST, in
English and in Spanish (the same questions as people write them in each)."""

from __future__ import annotations

import itertools
import time

import pytest

from tests.e2e.rest import payloads_of, say, text_of

pytestmark = pytest.mark.e2e
_senders = itertools.count()


def ask(assistant, message: str, sender: str | None = None):
    return say(assistant.rasa_url, sender or f"e2e-{next(_senders)}", message)


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("how many hours a week is iop?", ["9 and 20 hours"]),
        ("how long does an intensive outpatient program last", ["30 to 60 days"]),
        ("how often do outpatient sessions meet", ["one day a week"]),
        ("whats the diff btw iop n op", ["20 hours"]),
        ("do i have to live at the facility", ["do not have to live"]),
        ("what happens after iop is over", ["12-step", "sober living"]),
        ("r there evening sessions for outpatient", ["evening"]),
        ("what does the first assessment include", ["Lab testing"]),
        ("cuantas horas a la semana es el iop?", ["entre 9 y 20 horas"]),
        ("cuanto dura un programa ambulatorio intensivo", ["30 a 60 días"]),
        ("cada cuanto son las sesiones del op", ["un día a la semana"]),
        ("cual es la diferencia entre iop y op", ["20 horas"]),
        ("tengo que vivir en el centro?", ["no tienen que vivir"]),
        ("que pasa despues de terminar el iop", ["12 pasos", "vida sobria"]),
        ("hay sesiones en la noche para el op", ["por la noche"]),
        ("que incluye la primera evaluacion", ["especialista en adicciones"]),
    ],
)
def test_questions_are_answered_with_the_articles_facts(assistant, question, facts):
    replies = ask(assistant, question)
    text = text_of(replies)
    for fact in facts:
        assert fact.lower() in text.lower(), (question, text)
    assert "/request_hotline" in payloads_of(replies), "every answer ends with a way to a person"


@pytest.mark.parametrize(
    ("greeting", "words"),
    [("hello", ["automated assistant", "private"]), ("hola", ["asistente automático", "privados"])],
)
def test_the_greeting_says_what_the_bot_is_and_gives_the_hotline(assistant, greeting, words):
    text = text_of(ask(assistant, greeting))
    for word in words:
        assert word in text
    assert "866-797-7962" in text


@pytest.mark.parametrize(
    "question", ["how much does iop cost with my insurance", "cuanto cuesta el iop con mi seguro"]
)
def test_a_question_the_article_does_not_answer_gets_the_hotline_not_an_invented_fact(
    assistant, question
):
    text = text_of(ask(assistant, question))
    assert "866-797-7962" in text
    assert "$" not in text


def test_gibberish_gets_suggestions_and_a_person_not_silence(assistant):
    replies = ask(assistant, "qwzx blorp fnarg")
    assert replies, "never silence"
    assert "/request_hotline" in payloads_of(replies)


@pytest.mark.parametrize(
    "message", ["can i talk to a real person", "quiero hablar con una persona"]
)
def test_asking_for_a_person_gives_the_number_and_a_call_link(assistant, message):
    replies = ask(assistant, message)
    assert "866-797-7962" in text_of(replies)
    assert "tel:+18667977962" in payloads_of(replies)


def test_a_conversation_keeps_going_and_is_stored(assistant):
    sender = "e2e-conversation"
    assert "automated assistant" in text_of(ask(assistant, "hi", sender))
    started = time.monotonic()
    text = text_of(ask(assistant, "what is an intensive outpatient program", sender))
    round_trip = time.monotonic() - started
    assert "outpatient" in text.lower()
    print(f"REST round trip for a content answer: {round_trip * 1000:.0f} ms")
    assert assistant.settings.tracker_db.exists()
