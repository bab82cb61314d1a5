"""What both forms share: answers accepted, questions answered mid-form, misses re-asked."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import MISSES_SLOT, NOT_SURE, person_from
from actions.triage import ValidateTriageForm
from bot.triage.parsing import PARSERS
from tests.support.trackers import tracker_for


def validate(slot, value, intent="inform", confidence=0.9, misses=0, entities=None):
    validator = ValidateTriageForm()
    tracker = tracker_for(
        intent,
        text=value,
        slots={MISSES_SLOT: misses},
        entities=entities,
        ranking=[{"name": intent, "confidence": confidence}],
    )
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    result = getattr(validator, f"validate_{slot}")(value, dispatcher, tracker, {})
    return result, dispatcher.messages


def test_a_usable_answer_is_kept_in_the_persons_own_words():
    result, messages = validate("triage_duration", "about 6 years")
    assert result == {"triage_duration": "about 6 years", MISSES_SLOT: 0}
    assert messages == []


def test_a_question_asked_mid_form_is_answered_and_the_slot_stays_open():
    result, messages = validate(
        "triage_duration", "wait how many hours is iop", intent="ask_iop_hours"
    )
    assert result == {"triage_duration": None, "last_topic": "iop_hours", "last_program": "iop"}
    assert "9 and 20 hours" in messages[0]["text"]


def test_a_follow_up_asked_mid_form_is_read_in_the_context_of_the_last_answer():
    validator = ValidateTriageForm()
    tracker = tracker_for(
        "ask_program_name",
        text="whats the more intense one called again",
        slots={"last_topic": "which_program"},
        entities=[{"entity": "program", "value": "iop"}],
    )
    dispatcher = CollectingDispatcher()
    result = validator.validate_triage_danger(
        tracker.latest_message["text"], dispatcher, tracker, {}
    )
    assert result["triage_danger"] is None  # asked again after the answer
    assert result["last_topic"] == "what_is_iop"
    assert "intensive outpatient program (IOP)" in dispatcher.messages[0]["text"]


def test_an_unsure_classifier_does_not_turn_an_answer_into_a_digression():
    result, messages = validate("triage_duration", "blorp", intent="ask_iop_hours", confidence=0.3)
    assert result["triage_duration"] is None
    assert messages[0]["response"] == "utter_retry_triage_duration"


def test_the_first_miss_is_re_asked_with_examples():
    result, messages = validate("triage_duration", "purple")
    assert result == {"triage_duration": None, MISSES_SLOT: 1}
    assert messages[0]["response"] == "utter_retry_triage_duration"


@pytest.mark.parametrize(
    "slot",
    [
        "triage_duration",
        "triage_prior_treatment",
        "triage_co_occurring",
        "triage_home_safe",
        "triage_time_available",
    ],
)
def test_the_second_miss_is_noted_as_not_sure_and_the_form_goes_on(slot):
    result, messages = validate(slot, "purple", misses=1)
    assert result == {slot: NOT_SURE, MISSES_SLOT: 0}
    assert "not sure" in messages[0]["text"]


@pytest.mark.parametrize(
    ("slot", "parsed"),
    [("triage_danger", True), ("triage_withdrawal", True)],
)
def test_for_danger_and_withdrawal_a_second_miss_leans_safe(slot, parsed):
    result, _ = validate(slot, "purple", misses=1)
    question = {"triage_danger": "danger", "triage_withdrawal": "withdrawal"}[slot]
    assert PARSERS[question](result[slot]) is parsed


@pytest.mark.parametrize("answer", ["idk", "not sure", "no idea"])
def test_i_dont_know_is_an_answer_not_a_miss(answer):
    result, messages = validate("triage_duration", answer)
    assert result == {"triage_duration": answer, MISSES_SLOT: 0}
    assert messages == []


@pytest.mark.parametrize(
    ("text", "entities", "person"),
    [
        ("myself", [], "self"),
        ("a loved one", [], "loved_one"),
        ("self", [], "self"),
        ("loved_one", [], "loved_one"),
        ("for my son", [{"entity": "for_whom", "value": "my son"}], "loved_one"),
        ("purple", [], None),
    ],
)
def test_who_the_help_is_for(text, entities, person):
    assert person_from(text, entities) == person


def test_an_unsure_classifier_still_lets_the_answer_through():
    """nlu_fallback is not a reason to ignore an answer: rasa-sdk's get_intent_of_latest_message
    would report the runner-up intent (here request_hotline) and drop the answer."""
    import asyncio

    tracker = tracker_for(
        "nlu_fallback",
        text="it's for me",
        ranking=[
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "request_hotline", "confidence": 0.3},
        ],
        requested_slot="person",
        active_loop="triage_form",
    )
    events = asyncio.run(ValidateTriageForm().extract_person(CollectingDispatcher(), tracker, {}))
    assert events == {"person": "it's for me"}


def test_an_answer_that_mentions_the_persons_own_past_gets_the_calm_line_before_going_on():
    own_past = [
        {"entity": "risk_mentioned", "value": "own"},
        {"entity": "crisis_language", "value": "en"},
    ]
    result, messages = validate(
        "triage_prior_treatment", "yes, inpatient after my overdose in 2022", entities=own_past
    )
    assert result[MISSES_SLOT] == 0
    (line,) = messages
    assert "988" in line["text"] and "911" in line["text"]


# A reader can find an "answer" inside a question: "often" is a yes, "they" a loved one. When the
# message asks a content question the classifier is sure of, the question is answered; the
# answer stands only if the message opens with it.
@pytest.mark.parametrize(
    ("slot", "text", "intent", "kept", "answer_words"),
    [
        # read from inside the question: answered, then the form's question again
        ("person", "how often do they meet", "ask_op_frequency", None, "one day a week or more"),
        (
            "triage_danger",
            "ok and the intensive one is how many hours a week realistically",
            "ask_iop_hours",
            None,
            "9 and 20 hours",
        ),
        ("triage_co_occurring", "how often is OP?", "ask_op_frequency", None, "one day a week"),
        # opens with the answer: both are used
        ("triage_danger", "no, but how long is IOP?", "ask_iop_length", "no, but how long is IOP?",
         "30 to 60 days"),
        ("triage_home_safe", "yeah. how many hours is iop", "ask_iop_hours",
         "yeah. how many hours is iop", "9 and 20 hours"),
    ],
)  # fmt: skip
def test_a_question_read_as_an_answer_is_answered(slot, text, intent, kept, answer_words):
    result, messages = validate(slot, text, intent=intent, confidence=0.95)
    expected = kept if slot != "person" else None
    assert result[slot] == expected
    assert answer_words in messages[0]["text"]
    assert result["last_topic"] == intent.removeprefix("ask_")


@pytest.mark.parametrize(
    ("slot", "text", "intent", "confidence"),
    [
        # no question in it
        ("triage_time_available", "evenings only, i work days", "ask_op_evening", 0.95),
        # the classifier not sure of a topic
        ("triage_duration", "how long? about 6 years", "ask_iop_length", 0.5),
    ],
)  # fmt: skip
def test_an_answer_that_is_no_question_is_just_kept(slot, text, intent, confidence):
    result, messages = validate(slot, text, intent=intent, confidence=confidence)
    assert result == {slot: text, MISSES_SLOT: 0}
    assert messages == []


def test_yes_to_danger_is_acted_on_alone_even_with_a_question():
    result, messages = validate(
        "triage_danger", "yes, what is detox?", intent="ask_detox", confidence=0.95
    )
    assert result == {"triage_danger": "yes, what is detox?", MISSES_SLOT: 0}
    assert messages == []  # the crisis reply comes next, with nothing before it
