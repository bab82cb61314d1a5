"""The triage form's adapters: which questions remain, and the result."""

import asyncio

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.privacy import ActionEndFlow
from actions.triage import ANSWER_SLOTS, ActionRecommendProgram, ValidateTriageForm
from bot.settings import PROJECT_ROOT
from tests.support.trackers import tracker_for

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())

ALL_QUESTIONS = [
    "person", "triage_danger", "triage_withdrawal", "triage_duration", "triage_prior_treatment",
    "triage_co_occurring", "triage_home_safe", "triage_time_available",
]  # fmt: skip


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({}, ALL_QUESTIONS),
        ({"triage_danger": "no"}, ALL_QUESTIONS),
        ({"triage_danger": "yes"}, ALL_QUESTIONS[:2]),
        (
            {"triage_danger": "no", "triage_withdrawal": "yeah he gets the shakes"},
            ALL_QUESTIONS[:3],
        ),
        ({"triage_danger": "no", "triage_withdrawal": "nope"}, ALL_QUESTIONS),
    ],
)
def test_danger_or_withdrawal_end_the_questions_early(answers, asked):
    tracker = tracker_for("inform", slots=answers)
    assert (
        asyncio.run(ValidateTriageForm().required_slots([], CollectingDispatcher(), tracker, {}))
        == asked
    )


def run(action, slots):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_for("inform", slots=slots), {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def test_the_result_names_one_level_explains_why_and_forgets_the_raw_answers():
    messages, slots = run(
        ActionRecommendProgram(),
        {
            "person": "loved_one",
            "triage_danger": "no",
            "triage_withdrawal": "no",
            "triage_duration": "about 6 years",
            "triage_prior_treatment": "did outpatient but relapsed",
            "triage_co_occurring": "depression",
            "triage_home_safe": "yes",
            "triage_time_available": "yes",
        },
    )
    text = messages[0]["text"] + " " + messages[1]["text"]
    assert "**Intensive Outpatient Program (IOP)**" in text
    assert "Outpatient Program (OP)**" not in text.replace("Intensive Outpatient Program (IOP)", "")
    assert "relapsing after outpatient care" in text
    assert "not a diagnosis" in text
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        "/request_hotline",
        "/request_intake",
        "/request_topics",
    ]
    assert all(slots[s] is None for s in ALL_QUESTIONS[1:])
    assert "6 years" not in slots["triage_summary"] or "about 6 years" in slots["triage_summary"]


def test_danger_gives_the_crisis_reply_instead_of_a_level():
    messages, slots = run(ActionRecommendProgram(), {"triage_danger": "yes"})
    assert messages[0]["response"] == "utter_crisis"
    assert slots["triage_danger"] is None


def test_ending_a_flow_deactivates_the_form_and_forgets_its_answers():
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionEndFlow().run(dispatcher, tracker_for("stop", slots={"triage_danger": "no"}), {})
    )
    assert events[0] == {"event": "active_loop", "name": None, "timestamp": None}
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] is None}
    assert {"triage_danger", "intake_first_name", "intake_phone"} <= cleared


# --- pre-filled from what the conversation already said -------------------------------------


# what Rasa sends the validator as the form starts: the user's messages, then the form activated
STARTING = [
    {"event": "action", "name": "utter_triage_intro"},
    {"event": "active_loop", "name": "triage_form"},
    {"event": "slot", "name": "requested_slot", "value": None},
    {"event": "action", "name": "triage_form"},
]


def _conversation(*texts, then=STARTING):
    tracker = tracker_for("request_triage", text=texts[-1])
    tracker.events = [
        {"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}}}
        for text in texts
    ] + list(then)
    tracker.active_loop = {"name": "triage_form"}  # Rasa activates the form before the call
    return tracker


def prefill(*texts):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateTriageForm().run(dispatcher, _conversation(*texts), DOMAIN))
    return {e["name"]: e["value"] for e in events}, dispatcher.messages


def test_what_the_story_said_fills_the_triage_and_is_confirmed_in_one_line():
    slots, messages = prefill(
        "my son has used pills for two years and relapsed after outpatient", "help me decide"
    )
    assert slots == {
        "person": "loved_one",
        "triage_duration": "for two years",
        "triage_prior_treatment": "relapsed after outpatient",
    }
    (line,) = messages
    assert line["text"].startswith("From what you've told me: for your son; two years;")


def test_who_it_is_for_alone_is_filled_without_a_line():
    slots, messages = prefill("which program is right for my son")
    assert slots == {"person": "loved_one"}
    assert messages == []


def test_danger_and_withdrawal_are_never_pre_filled():
    slots, _ = prefill("he had seizures when he stopped drinking two years ago", "help me decide")
    assert "triage_danger" not in slots and "triage_withdrawal" not in slots


def test_button_payloads_and_questions_fill_nothing():
    slots, messages = prefill("/request_triage", "how long is iop? is it 12 weeks?")
    assert slots == {} and messages == []


@pytest.mark.parametrize(
    "then",
    [
        [{"event": "action", "name": "triage_form"}],  # an answer to a question: validated only
        [
            {"event": "action", "name": "action_restart_flow"},
            {"event": "action", "name": "triage_form"},
        ],
    ],
    ids=["an answer", "start over"],
)
def test_the_pre_fill_happens_only_when_the_form_starts(then):
    tracker = _conversation("my son has used pills for two years", "help me decide", then=then)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateTriageForm().run(dispatcher, tracker, DOMAIN))
    assert "triage_duration" not in {e["name"] for e in events}
    assert dispatcher.messages == []


def _at_question(text, slot, answered=None):
    tracker = _conversation(text, then=[{"event": "action", "name": "triage_form"}])
    tracker.slots.update({"person": "loved_one", "requested_slot": slot, **(answered or {})})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateTriageForm().run(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in events}, [m.get("text") for m in dispatcher.messages]


def test_an_answer_that_tells_more_fills_those_questions_too():
    # at "is anyone in danger right now?": no answer to it, but two later questions answered
    slots, texts = _at_question(
        "he has used pills for 3 years and relapsed after outpatient", "triage_danger"
    )
    assert slots["triage_duration"] == "for 3 years"
    assert slots["triage_prior_treatment"] == "relapsed after outpatient"
    assert texts[0].startswith("From what you've told me: 3 years; relapsed after outpatient")


def test_the_question_asked_and_those_answered_are_left_to_their_answers():
    slots, texts = _at_question(
        "about 3 years, and he went to outpatient and relapsed",
        "triage_duration",
        {"triage_danger": "no", "triage_withdrawal": "no", "triage_prior_treatment": "never"},
    )
    assert "triage_prior_treatment" not in slots  # answered before: kept
    assert not any(t and t.startswith("From what you've told me") for t in texts)


def test_yes_to_danger_gets_nothing_before_the_crisis_reply():
    slots, texts = _at_question("yes, he's been using for 3 years", "triage_danger")
    assert "triage_duration" not in slots
    assert not any(t and t.startswith("From what you've told me") for t in texts)


def test_the_result_speaks_of_the_loved_one_it_is_about():
    slots = {
        "person": "loved_one",
        "triage_danger": "no",
        "triage_withdrawal": "no",
        "triage_duration": "for two years",
        "triage_prior_treatment": "relapsed after outpatient",
        "triage_co_occurring": "no",
        "triage_home_safe": "yes",
        "triage_time_available": "yes",
    }
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionRecommendProgram().run(dispatcher, tracker_for("inform", slots=slots), {}))
    result = dispatcher.messages[0]["text"]
    assert "they have been using for two years" in result and "you have been using" not in result


def test_every_triage_question_has_its_validator_written_out():
    """Rasa looks `validate_<slot>` up by name: each is a method of the class, not generated."""
    written = {name for name in vars(ValidateTriageForm) if name.startswith("validate_")}
    assert written == {f"validate_{slot}" for slot in ANSWER_SLOTS}
