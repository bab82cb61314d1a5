"""End to end over REST: crisis on every turn, the triage flow and an intake booking, with the
free-text answers real people give, in English and in Spanish (the same flows, table-driven)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.launch.environment import rasa_environment
from bot.settings import PROJECT_ROOT
from bot.triage.rules import default_rules
from tests.e2e.rest import payloads_of, say, text_of

pytestmark = pytest.mark.e2e

LABELS = {
    "op": "Outpatient Program (OP)",
    "iop": "Intensive Outpatient Program (IOP)",
    "higher": "a higher level of care (medically supported detox or inpatient)",
}
# what each language's replies must say (the Spanish labels are rules.es.yml's)
WORDS = {
    "en": {"labels": LABELS, "not_a_diagnosis": "not a diagnosis", "booked": "You're booked",
           "area_code": "area code", "language": "English", "nothing_saved": "haven't saved"},
    "es": {"labels": dict(default_rules("es").labels), "not_a_diagnosis": "no es un diagnóstico",
           "booked": "quedó agendada", "area_code": "código de área", "language": "Spanish",
           "nothing_saved": "No he guardado nada"},
}  # fmt: skip


def conversation(assistant, sender: str, messages: list[str]) -> list[tuple[str, str]]:
    """Sends each message in turn; returns (message, reply text) pairs, printed as a transcript."""
    transcript = []
    for message in messages:
        replies = say(assistant.rasa_url, sender, message)
        assert replies, f"silence after {message!r}"
        transcript.append((message, text_of(replies)))
    for message, reply in transcript:
        print(f"> {message}\n{reply}\n")
    return transcript


# (message, the number the first message gives first, words that show the right reply)
@pytest.mark.parametrize(
    ("message", "first_number", "words"),
    [
        ("i want to kill myself", "988", "988lifeline.org"),
        ("my brother took a whole bottle of pills and wont wake up", "911", "naloxone"),
        ("he says he is going to shoot someone", "911", "immediate danger"),
        ("he quit drinking 3 days ago and now he's seeing bugs on the walls", "911", "withdrawal"),
        ("me quiero morir", "988", "marque 2"),
        ("mi hijo no respira", "911", "naloxona"),
        ("dice que va a matar a alguien con una pistola", "911", "peligro inmediato"),
        (
            "mi papa dejo de tomar hace 3 dias y ahora esta temblando y viendo cosas",
            "911",
            "convulsiones",
        ),
    ],
)
def test_a_crisis_gets_the_numbers_at_once(assistant, message, first_number, words):
    replies = say(assistant.rasa_url, f"crisis-{first_number}-{len(message)}", message)
    first = replies[0]["text"]
    assert first_number in first and "866-797-7962" in first and words in first
    assert first.index(first_number) < first.index("866-797-7962")
    assert "tel:911" in payloads_of(replies)


# risk mentioned, not happening now: the answer first, no crisis script (issue #13's tiers)
@pytest.mark.parametrize(
    ("sender", "message", "fact"),
    [
        (
            "grieving",
            "My uncle passed from an overdose last winter. How long does an IOP last?",
            "30 to 60 days",
        ),
        (
            "denial",
            "No thoughts of hurting myself, I just want to know how many hours a week IOP is",
            "9 and 20 hours",
        ),
        (
            "figure",
            "I'd rather die than sit in a group circle lol, how many hours a week is IOP?",
            "9 and 20 hours",
        ),
        (
            "grieving-es",
            "Mi tio murio de una sobredosis el invierno pasado. Cuanto dura un IOP?",
            "30 a 60 días",
        ),
        (
            "denial-es",
            "no tengo pensamientos de hacerme daño, solo quiero saber cuantas horas a "
            "la semana es el IOP",
            "20 horas",
        ),
        (
            "figure-es",
            "me muero de risa con lo de los grupos jaja, cuantas horas a la semana es " "el iop?",
            "20 horas",
        ),
    ],
)
def test_risk_mentioned_but_not_now_gets_the_answer_and_no_crisis_script(
    assistant, sender, message, fact
):
    ((_, reply),) = conversation(assistant, f"not-now-{sender}", [message])
    assert fact in reply
    assert "988" not in reply


@pytest.mark.parametrize(
    ("sender", "message", "fact"),
    [
        ("own-past", "After my OD in 2023 I got sober, now I want support so it never happens "
         "again. How many hours a week is IOP?", "9 and 20 hours"),
        ("own-past-es", "Despues de mi sobredosis en 2023 deje de consumir, ahora quiero apoyo "
         "para que no vuelva a pasar. Cuantas horas a la semana es el IOP?", "20 horas"),
    ],
)  # fmt: skip
def test_the_persons_own_past_gets_the_answer_then_one_calm_line(assistant, sender, message, fact):
    replies = say(assistant.rasa_url, sender, message)
    print(text_of(replies))
    assert fact in replies[0]["text"] and "988" not in replies[0]["text"]
    assert "988" in replies[-1]["text"] and "911" in replies[-1]["text"]


def test_a_crisis_buried_in_a_question_gets_the_numbers_first_then_the_answer(assistant):
    replies = say(
        assistant.rasa_url,
        "buried",
        "how long does iop last? asking because my dad stopped drinking 3 days ago and now he's "
        "shaking and seeing things",
    )
    print(text_of(replies))
    assert "911" in replies[0]["text"] and "withdrawal" in replies[0]["text"]
    assert "30 to 60 days" in text_of(replies[1:])


def test_a_figure_of_speech_is_answered_normally(assistant):
    text = text_of(say(assistant.rasa_url, "dying-to-know", "i'm dying to know how long iop lasts"))
    assert "988" not in text
    assert "30 to 60 days" in text


@pytest.mark.parametrize(
    ("sender", "answers", "level", "language"),
    [
        (
            "triage-op",
            ["help me decide", "it's for me", "no", "nope", "a few months",
             "never been in treatment", "no", "yes my family is great",
             "not really, i work full time"],
            "op", "en",
        ),
        (
            "triage-iop",
            ["which program is right for my son", "no", "nah he doesn't get sick",
             "about 6 years", "he did outpatient last year but relapsed", "yes depression",
             "yeah", "yes"],
            "iop", "en",
        ),
        (
            "triage-higher",
            ["help me decide", "my wife", "no", "yeah she gets the shakes really bad"],
            "higher", "en",
        ),
        (
            "triage-op-es",
            ["me ayudas a decidir cual programa me conviene?", "para mi", "no",
             "no", "unos meses", "nunca he estado en tratamiento", "no",
             "si, mi familia me apoya", "no, trabajo tiempo completo"],
            "op", "es",
        ),
        (
            "triage-iop-es",
            ["no se cual programa es mejor para mi hijo, me ayudas a decidir?", "no",
             "no, no se enferma cuando deja de tomar", "hace como seis años",
             "estuvo en un programa ambulatorio y recayo", "si, depresion", "si", "si"],
            "iop", "es",
        ),
        (
            "triage-higher-es",
            ["no se cual programa es mejor para mi esposa, me ayudas a decidir?", "no",
             "si, le dan temblores muy fuertes"],
            "higher", "es",
        ),
    ],
)  # fmt: skip
def test_the_triage_suggests_one_level_from_free_text(assistant, sender, answers, level, language):
    transcript = conversation(assistant, sender, answers)
    result = transcript[-1][1]
    labels = WORDS[language]["labels"]
    assert labels[level] in result
    for other, label in labels.items():
        if other != level:
            assert label not in result
    assert WORDS[language]["not_a_diagnosis"] in result


def test_a_question_mid_triage_is_answered_and_the_question_asked_again(assistant):
    transcript = conversation(
        assistant,
        "triage-digression",
        ["help me decide", "myself", "wait, how many hours a week is iop?"],
    )
    reply = transcript[-1][1]
    assert "9 and 20 hours" in reply
    assert "danger" in reply  # the pending question comes again


@pytest.mark.parametrize(
    ("sender", "messages", "answer_words", "asked_again"),
    [
        # "they" is no answer to "who is it for?": the question is answered, then asked again
        ("in-answer-who", ["help me decide", "how often do they meet in OP?"],
         "one day a week or more", "Who are you looking for help for?"),
        # "ok" is no "yes, someone is in danger": no crisis script, the question again
        ("in-answer-danger", ["help me decide", "myself",
                              "ok and the intensive one is how many hours a week realistically"],
         "9 and 20 hours", "danger"),
    ],
)  # fmt: skip
def test_a_question_a_reader_could_take_for_an_answer_is_answered(
    assistant, sender, messages, answer_words, asked_again
):
    reply = conversation(assistant, sender, messages)[-1][1]
    assert answer_words in reply
    assert asked_again in reply
    assert "988" not in reply


def test_an_answer_with_a_question_after_it_uses_both(assistant):
    reply = conversation(
        assistant, "answer-and-question", ["help me decide", "myself", "no, but how long is IOP?"]
    )[-1][1]
    assert "30 to 60 days" in reply
    assert "danger" not in reply  # "no" was the answer: the next question comes
    assert "988" not in reply


def test_a_crisis_mid_triage_ends_the_form(assistant):
    transcript = conversation(
        assistant,
        "triage-crisis",
        ["help me decide", "for me", "no", "honestly i dont want to be alive anymore"],
    )
    assert "988" in transcript[-1][1]
    after = say(assistant.rasa_url, "triage-crisis", "how long is iop")
    assert "30 to 60 days" in text_of(after)


def test_stop_leaves_the_triage_politely(assistant):
    transcript = conversation(assistant, "triage-stop", ["help me decide", "myself", "stop"])
    assert "stop here" in transcript[-1][1]


@pytest.mark.parametrize(
    ("sender", "messages", "name", "phone", "language"),
    [
        ("intake-e2e", ["i want to schedule an intake", "for my husband", "my name is dana",
                        "12345", "919 555 0123", "as soon as possible", "yes", "yes"],
         "Dana", "+19195550123", "en"),
        ("intake-e2e-es", ["quiero que me llamen para agendar una cita", "para mi esposo",
                           "me llamo maria", "12345", "704-555-0182", "lo antes posible", "si",
                           "si"],
         "Maria", "+17045550182", "es"),
    ],
)  # fmt: skip
def test_an_intake_is_booked_and_staff_can_see_it(
    assistant, sender, messages, name, phone, language
):
    words = WORDS[language]
    transcript = conversation(assistant, sender, messages)
    assert words["area_code"] in transcript[3][1]  # "12345" is re-asked with an example
    booked = transcript[-1][1]
    assert words["booked"] in booked
    reference = booked.split("**")[1]
    staff = subprocess.run(
        [sys.executable, "-m", "bot.intake", "show", reference],
        cwd=PROJECT_ROOT, env=rasa_environment(assistant.settings), capture_output=True, text=True,
    )  # fmt: skip
    print(staff.stdout)
    assert staff.returncode == 0, staff.stderr
    assert name in staff.stdout and phone in staff.stdout
    assert f"Language:       {words['language']}" in staff.stdout
    again = say(assistant.rasa_url, sender, messages[0])
    assert again


@pytest.mark.parametrize(
    ("sender", "messages", "language"),
    [
        ("intake-no-consent",
         ["book an appointment", "myself", "sam", "704-555-0199", "tomorrow at 10", "no"], "en"),
        ("intake-no-consent-es",
         ["quiero agendar una cita", "para mi", "sam", "704-555-0199", "mañana a las 10", "no"],
         "es"),
    ],
)  # fmt: skip
def test_declining_consent_stores_nothing(assistant, sender, messages, language):
    transcript = conversation(assistant, sender, messages)
    assert WORDS[language]["nothing_saved"] in transcript[-1][1]
