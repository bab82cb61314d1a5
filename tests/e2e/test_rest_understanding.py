"""End to end over REST: understanding people as they write — follow-ups in context, a relative's
statement, a long story with a question inside, callbacks, questions about the text itself, and
forms that read free text and never ask one question more than twice.

The phrasings here are the specification's own, not the held-out sets' (tests/nlu/realistic.yml
and tests/conversations/ are never trained on and are scored by `python -m ops.understanding`).
"""

from __future__ import annotations

import pytest

from tests.e2e.rest import payloads_of, say, text_of
from tests.e2e.test_rest_flows import LABELS, conversation

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("sender", "turns"),
    [
        ("followup-three", [
            ("how many hours a week is iop?", "9 and 20 hours"),
            ("what about regular outpatient?", "one day a week"),  # the counterpart of IOP hours
            ("what's the full name of that again?", "outpatient program (OP)"),
        ]),
        ("followup-three-es", [
            ("cuantas horas a la semana es el iop?", "9 y 20 horas"),
            ("y el op?", "un día a la semana"),
            ("y como se llama completo?", "programa ambulatorio (OP)"),
        ]),
    ],
)  # fmt: skip
def test_a_three_turn_follow_up_stays_on_the_topic(assistant, sender, turns):
    transcript = conversation(assistant, sender, [message for message, _ in turns])
    for (_, reply), (message, fact) in zip(transcript, turns):
        assert fact.lower() in reply.lower(), (message, reply)


def test_a_follow_up_on_the_assessment_is_answered_from_it(assistant):
    transcript = conversation(
        assistant,
        "followup-assessment",
        ["what happens in the first assessment?", "is that done by a doctor?"],
    )
    assert "doctor or addiction specialist" in transcript[1][1]


def test_a_relatives_statement_gets_warmth_next_steps_and_who_it_is_about(assistant):
    sender = "situation-wife"
    first = say(
        assistant.rasa_url,
        sender,
        "my wife's drinking got really bad since she lost her job and i'm scared, "
        "she won't admit it",
    )
    text = text_of(first)
    print(text)
    assert "someone you love" in text
    assert "866-797-7962" in text
    assert {"/request_triage", "/request_intake", "/request_hotline"} <= set(payloads_of(first))
    # "her" is remembered: the triage does not ask who it is for, and speaks of "they"
    triage = text_of(say(assistant.rasa_url, sender, "/request_triage"))
    print(triage)
    assert "Who are you looking for help for" not in triage
    assert "danger" in triage


def test_a_long_story_with_a_question_inside_is_answered(assistant):
    text = text_of(
        say(
            assistant.rasa_url,
            "story-sports",
            "My daughter just turned 17 and her counselor thinks she needs help. She plays two "
            "sports and has a part-time job, would she have to give that up?",
        )
    )
    print(text)
    assert "continue working" in text or "go to school" in text  # work_during_treatment


def test_a_callback_request_starts_the_intake_and_offers_the_line_too(assistant):
    replies = say(
        assistant.rasa_url, "callback", "could your team give me a ring tomorrow afternoon?"
    )
    text = text_of(replies)
    print(text)
    assert "book an intake call" in text
    assert "866-797-7962" in text


def test_who_reviewed_the_text_and_when(assistant):
    transcript = conversation(
        assistant,
        "source",
        ["is there detox in an iop?", "is this info from an actual doctor?"],
    )
    assert "Sahil Talwar" in transcript[1][1] and "2024" in transcript[1][1]


def test_the_triage_reads_free_text_and_moves_on_after_two_misses(assistant):
    transcript = conversation(
        assistant,
        "triage-free-text",
        [
            "help me decide",
            "it's for my husband",
            "no",
            "no he doesn't get sick",
            "pancake",  # duration: not understood, asked again once
            "banana",  # ... and again: noted as "not sure", the triage goes on
            "never been in treatment",
            "no",
            "yes",
            "weekends maybe, weekdays are tough",
        ],
    )
    replies = [reply for _, reply in transcript]
    assert "not sure" in replies[5]
    result = replies[-1]
    assert LABELS["op"] in result and "not a diagnosis" in result


def test_the_triage_uses_what_the_story_already_said(assistant):
    sender = "triage-prefilled"
    say(
        assistant.rasa_url,
        sender,
        "my son has used pills for two years and relapsed after outpatient",
    )
    start = text_of(say(assistant.rasa_url, sender, "help me decide"))
    print(start)
    assert "From what you've told me" in start
    transcript = conversation(assistant, sender, ["no", "no", "no", "yes", "yes"])
    asked = " ".join(reply for _, reply in transcript).lower()
    assert "how long has substance use" not in asked and "treatment before" not in asked
    assert LABELS["iop"] in transcript[-1][1]


def test_an_intake_time_not_understood_twice_becomes_the_nearest_open_one(assistant):
    transcript = conversation(
        assistant,
        "intake-time-misses",
        ["i want to schedule an intake", "myself", "sam", "704-555-0199", "pancake", "banana"],
    )
    assert "nearest open time" in transcript[-1][1]


def test_a_phone_number_not_understood_twice_ends_the_intake_with_the_line(assistant):
    sender = "intake-phone-misses"
    transcript = conversation(
        assistant, sender, ["i want to schedule an intake", "myself", "sam", "12", "34"]
    )
    assert "haven't booked anything" in transcript[-1][1]
    assert "866-797-7962" in transcript[-1][1]
    after = text_of(say(assistant.rasa_url, sender, "how long is iop?"))
    assert "30 to 60 days" in after  # the form is over
