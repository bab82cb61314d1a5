"""The content actions, run the way the action server runs them."""

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import (
    ActionAnswerContentSource,
    ActionAnswerFollowUp,
    ActionAnswerSituation,
    ActionAnswerTopic,
    ActionOfferHotline,
    ActionSuggestTopics,
)
from actions.in_context import topic_in_context
from actions.session import ActionSessionStart
from tests.support.trackers import tracker_for

PROGRAM_IOP = {"entity": "program", "value": "iop"}
PROGRAM_OP = {"entity": "program", "value": "op"}


def slots_set(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


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
    assert slots_set(events)["last_topic"] == intent[len("ask_") :]
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


# --- context: the last topic and program ----------------------------------------------------


def test_an_answer_remembers_its_topic_and_program():
    _, events = run(ActionAnswerTopic(), tracker_for("ask_op_evening"))
    assert slots_set(events) == {"last_topic": "op_evening", "last_program": "op"}
    _, events = run(ActionAnswerTopic(), tracker_for("ask_iop_vs_op"))
    assert slots_set(events) == {"last_topic": "iop_vs_op", "last_program": None}


def test_a_program_specific_question_is_read_for_the_program_of_the_conversation():
    tracker = tracker_for(
        "ask_iop_hours", text="how many hours a week?", slots={"last_program": "op"}
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert "one day a week" in messages[0]["text"]  # op_frequency
    assert slots_set(events)["last_topic"] == "op_frequency"


@pytest.mark.parametrize(
    ("intent", "last_topic", "entities", "fact"),
    [
        (
            "ask_other_program",
            "iop_hours",
            [{"entity": "program", "value": "op"}],
            "one day a week",
        ),
        ("ask_more_detail", "assessment", [], "doctor or addiction specialist"),
        ("ask_program_name", "op_frequency", [], "outpatient program (OP)"),
    ],
)
def test_a_follow_up_is_answered_from_the_last_topic(intent, last_topic, entities, fact):
    tracker = tracker_for(intent, slots={"last_topic": last_topic}, entities=entities)
    messages, events = run(ActionAnswerFollowUp(), tracker)
    assert fact in messages[0]["text"]
    assert "last_topic" in slots_set(events)


def test_a_follow_up_the_article_does_not_answer_says_so_and_offers_a_person():
    tracker = tracker_for(
        "ask_other_program",
        slots={"last_topic": "iop_length"},
        entities=[{"entity": "program", "value": "op"}],
    )
    messages, events = run(ActionAnswerFollowUp(), tracker)
    assert "doesn't cover that" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_hotline", "/ask_what_is_op"]
    assert slots_set(events) == {"last_program": "op"}  # "how often would that be?" next: OP


def test_and_then_after_an_answer_is_its_next_step_whatever_the_classifier_made_of_it():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5},
               {"name": "ask_iop_treatment_plan", "confidence": 0.44},
               {"name": "ask_after_iop", "confidence": 0.22}]  # fmt: skip
    tracker = tracker_for(
        "nlu_fallback",
        text="And afterwards?",
        ranking=ranking,
        slots={"last_topic": "iop_length", "last_program": "iop"},
    )
    _, events = run(ActionSuggestTopics(), tracker)
    assert slots_set(events)["last_topic"] == "after_iop"  # iop_length's next step


def test_which_of_those_is_a_program_is_its_definition():
    # after the inpatient / outpatient answer; the classifier split between two topics
    ranking = [{"name": "nlu_fallback", "confidence": 0.5},
               {"name": "ask_iop_vs_op", "confidence": 0.41},
               {"name": "ask_what_is_iop", "confidence": 0.19}]  # fmt: skip
    tracker = tracker_for(
        "nlu_fallback",
        text="Which of those is IOP?",
        ranking=ranking,
        slots={"last_topic": "inpatient_vs_outpatient"},
        entities=[{"entity": "program", "value": "IOP", "start": 18, "end": 21}],
    )
    messages, events = run(ActionSuggestTopics(), tracker)
    assert slots_set(events) == {"last_topic": "what_is_iop", "last_program": "iop"}
    assert "intensive outpatient" in messages[0]["text"].lower()


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("what's the intensive one then", "intensive one"),
        ("why's it called intensive", "intensive"),
    ],
)
def test_a_message_asking_what_a_named_program_is_gets_its_definition(text, entity):
    # after OP frequency; the classifier was unsure between two other topics
    ranking = [{"name": "nlu_fallback", "confidence": 0.5},
               {"name": "ask_after_iop", "confidence": 0.43},
               {"name": "ask_next_step", "confidence": 0.36}]  # fmt: skip
    start = text.index(entity)
    tracker = tracker_for(
        "nlu_fallback",
        text=text,
        ranking=ranking,
        slots={"last_topic": "op_frequency", "last_program": "op"},
        entities=[
            {"entity": "program", "value": entity, "start": start, "end": start + len(entity)}
        ],
    )
    messages, events = run(ActionSuggestTopics(), tracker)
    assert slots_set(events) == {"last_topic": "what_is_iop", "last_program": "iop"}
    assert "intensive outpatient" in messages[0]["text"].lower()


@pytest.mark.parametrize(
    ("action", "intent"),
    [(ActionSuggestTopics(), "nlu_fallback"), (ActionAnswerFollowUp(), "ask_more_detail")],
)
def test_a_question_about_the_text_itself_gets_its_reviewer_not_the_last_topic(action, intent):
    # right after detox; the classifier split between the source and a detail of detox
    ranking = [{"name": intent, "confidence": 0.5},
               {"name": "ask_content_source", "confidence": 0.45},
               {"name": "ask_more_detail", "confidence": 0.3}]  # fmt: skip
    tracker = tracker_for(
        intent,
        text="is this stuff from a real doctor?",
        ranking=ranking,
        slots={"last_topic": "detox", "last_program": "iop"},
    )
    messages, _ = run(action, tracker)
    assert "Sahil Talwar" in messages[0]["text"]


def test_hours_a_week_in_the_words_decide_between_hours_and_the_schedule():
    # a joke, then the question; the classifier split between the schedule and the hours
    ranking = [{"name": "nlu_fallback", "confidence": 0.5},
               {"name": "ask_iop_schedule", "confidence": 0.5},
               {"name": "ask_iop_hours", "confidence": 0.45}]  # fmt: skip
    tracker = tracker_for(
        "nlu_fallback",
        text="jaja q risa lo de los grupos, cuantas horas a la semana es el iop?",
        ranking=ranking,
        entities=[PROGRAM_IOP],
    )
    _, events = run(ActionSuggestTopics(), tracker)
    assert slots_set(events)["last_topic"] == "iop_hours"


def test_after_a_time_of_day_is_no_next_step():
    ranking = [{"name": "ask_next_step", "confidence": 0.81},
               {"name": "ask_op_evening", "confidence": 0.08},
               {"name": "ask_after_iop", "confidence": 0.06}]  # fmt: skip
    tracker = tracker_for(
        "ask_next_step",
        text="after 5 ok?",
        ranking=ranking,
        slots={"last_topic": "op_frequency", "last_program": "op"},
    )
    messages, events = run(ActionAnswerFollowUp(), tracker)
    assert "doesn't cover" not in messages[0]["text"]
    assert slots_set(events)["last_topic"] == "op_evening"


def test_a_message_that_only_names_the_other_program_asks_the_last_question_for_it():
    # "op similar?" after IOP hours: the classifier read a definition; the words ask OP's hours
    ranking = [{"name": "ask_what_is_op", "confidence": 0.82},
               {"name": "ask_op_treatment_plan", "confidence": 0.03}]  # fmt: skip
    tracker = tracker_for(
        "ask_what_is_op",
        text="op similar?",
        ranking=ranking,
        slots={"last_topic": "iop_hours", "last_program": "iop"},
        entities=[{"entity": "program", "value": "op", "start": 0, "end": 2}],
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert "one day a week" in messages[0]["text"]
    assert slots_set(events) == {"last_topic": "op_frequency", "last_program": "op"}


def test_the_other_program_after_a_question_about_evenings_is_its_evening_sessions():
    asked = {"text": "is iop evenings or days",
             "intent_ranking": [{"name": "ask_iop_schedule", "confidence": 0.99}]}  # fmt: skip
    tracker = tracker_for(
        "ask_other_program",
        text="ok what about op",
        slots={"last_topic": "iop_schedule", "last_program": "iop"},
        entities=[{"entity": "program", "value": "op", "start": 14, "end": 16}],
        earlier=[asked],
    )
    _, events = run(ActionAnswerFollowUp(), tracker)
    assert slots_set(events) == {"last_topic": "op_evening", "last_program": "op"}


def test_the_other_program_after_a_question_read_for_the_other_program_is_what_was_asked():
    # "wats the number of hrs for op" was classified IOP hours and answered with OP's frequency
    asked = {"text": "wats the number of hrs for op",
             "intent_ranking": [{"name": "ask_iop_hours", "confidence": 0.67}]}  # fmt: skip
    tracker = tracker_for(
        "ask_other_program",
        text="and iop?",
        slots={"last_topic": "op_frequency", "last_program": "op"},
        entities=[{"entity": "program", "value": "iop", "start": 4, "end": 7}],
        earlier=[asked],
    )
    messages, events = run(ActionAnswerFollowUp(), tracker)
    assert "9 and 20 hours" in messages[0]["text"]
    assert slots_set(events) == {"last_topic": "iop_hours", "last_program": "iop"}


def test_the_menu_keeps_the_program_the_message_named():
    ranking = [{"name": "nlu_fallback", "confidence": 0.5},
               {"name": "ask_op_frequency", "confidence": 0.25},
               {"name": "ask_op_locations", "confidence": 0.24}]  # fmt: skip
    text = "would he drop down to the regular one?"
    tracker = tracker_for(
        "nlu_fallback",
        text=text,
        ranking=ranking,
        slots={"last_topic": "after_iop", "last_program": "iop"},
        entities=[{"entity": "program", "value": "op", "start": 22, "end": 37}],
    )
    messages, events = run(ActionSuggestTopics(), tracker)
    assert "Did you mean" in messages[0]["text"]
    assert slots_set(events) == {"last_program": "op"}


def test_a_follow_up_with_no_context_shows_the_menu():
    messages, _ = run(ActionAnswerFollowUp(), tracker_for("ask_more_detail"))
    assert messages[0]["buttons"][-1]["payload"] == "/request_hotline"
    assert "Did you mean" in messages[0]["text"]


def test_an_unsure_message_whose_topic_clearly_leads_is_answered_with_the_runner_up_offered():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_iop_hours", "confidence": 0.42},
        {"name": "ask_iop_length", "confidence": 0.2},
    ]
    messages, events = run(ActionSuggestTopics(), tracker_for("nlu_fallback", ranking=ranking))
    assert "9 and 20 hours" in messages[0]["text"]
    assert messages[0]["buttons"][0]["payload"] == "/ask_iop_length"
    assert slots_set(events)["last_topic"] == "iop_hours"


def test_a_situation_gets_warmth_next_steps_and_remembers_who_it_is_about():
    text = "my wife's drinking got really bad since she lost her job and i'm scared"
    messages, events = run(ActionAnswerSituation(), tracker_for("tell_situation", text=text))
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == [
        "/ask_work_during_treatment",
        "/request_triage",
        "/request_intake",
        "/request_hotline",
    ]
    assert slots_set(events) == {"for_whom": "loved_one"}


def test_who_reviewed_the_text_and_when():
    tracker = tracker_for("ask_content_source", slots={"last_topic": "detox"})
    messages, _ = run(ActionAnswerContentSource(), tracker)
    assert "Sahil Talwar" in messages[0]["text"] and "2024" in messages[0]["text"]


# (intent, its confidence, slots, programs named) -> the topic a question inside a form asks
@pytest.mark.parametrize(
    ("intent", "confidence", "slots", "entities", "topic"),
    [
        ("ask_iop_hours", 0.9, {}, [], "iop_hours"),
        ("ask_iop_hours", 0.5, {}, [], None),  # not sure enough: read as an answer
        ("ask_iop_hours", 0.9, {"last_program": "op"}, [], "op_frequency"),
        ("ask_more_detail", 0.9, {"last_topic": "detox"}, [], "detox"),
        ("ask_next_step", 0.9, {"last_topic": "assessment"}, [], "detox"),
        ("ask_program_name", 0.9, {"last_topic": "which_program"}, [PROGRAM_IOP], "what_is_iop"),
        ("ask_program_name", 0.9, {}, [PROGRAM_IOP], "what_is_iop"),
        ("ask_more_detail", 0.9, {}, [], None),  # nothing to go on
        ("ask_next_step", 0.9, {"last_topic": "after_iop"}, [], None),  # the article is silent
        ("inform", 0.99, {}, [], None),
        ("ask_cost", 0.9, {}, [], None),
    ],
)
def test_the_topic_a_message_asks_in_context(intent, confidence, slots, entities, topic):
    tracker = tracker_for(
        intent, slots=slots, entities=entities, ranking=[{"name": intent, "confidence": confidence}]
    )
    assert topic_in_context(tracker, 0.6) == topic


def test_an_unsure_question_is_still_read_when_one_topic_clearly_leads():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_program_name", "confidence": 0.45},
        {"name": "inform", "confidence": 0.2},
    ]
    asked = tracker_for(
        "nlu_fallback",
        text="whats the more intense one called again?",
        ranking=ranking,
        entities=[PROGRAM_IOP],
        slots={"last_topic": "which_program"},
    )
    assert topic_in_context(asked, 0.6) == "what_is_iop"
    said = tracker_for("nlu_fallback", text="the more intense one", ranking=ranking)
    assert topic_in_context(said, 0.6) is None  # not a question: read as an answer


def test_a_first_message_is_never_read_as_a_follow_up():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.5},
        {"name": "ask_work_during_treatment", "confidence": 0.33},
        {"name": "ask_more_detail", "confidence": 0.3},
        {"name": "tell_situation", "confidence": 0.06},
    ]
    story = "She plays two sports and has a part-time job, would she have to give that up?"
    messages, events = run(
        ActionSuggestTopics(), tracker_for("nlu_fallback", text=story, ranking=ranking)
    )
    assert "work, go to school" in messages[0]["text"] or "keep" in messages[0]["text"]
    assert slots_set(events)["last_topic"] == "work_during_treatment"


OWN_PAST = [
    {"entity": "risk_mentioned", "value": "own"},
    {"entity": "crisis_language", "value": "en"},
]


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionAnswerTopic(), "ask_iop_hours"),
        (ActionSuggestTopics(), "nlu_fallback"),
        (ActionAnswerSituation(), "tell_situation"),
        (ActionOfferHotline(), "request_hotline"),
    ],
)
def test_an_answer_to_someone_who_mentions_their_own_past_ends_with_one_calm_line(action, intent):
    messages, _ = run(
        action, tracker_for(intent, "after my OD in 2023 I got sober", entities=OWN_PAST)
    )
    *answer, last = messages
    assert answer, "the answer comes first"
    assert "988" in last["text"] and "911" in last["text"] and "866-797-7962" in last["text"]
    assert not any("988" in m.get("text", "") for m in answer[:1])


def test_the_closing_line_is_in_the_language_of_the_mention():
    entities = [
        {"entity": "risk_mentioned", "value": "own"},
        {"entity": "crisis_language", "value": "es"},
    ]
    messages, _ = run(ActionAnswerTopic(), tracker_for("ask_iop_hours", entities=entities))
    assert "marque 2" in messages[-1]["text"]


def test_no_closing_line_without_an_own_past_mention():
    messages, _ = run(ActionAnswerTopic(), tracker_for("ask_iop_hours"))
    assert not any("988" in m.get("text", "") for m in messages)


def test_a_short_question_after_an_answer_leans_to_what_was_just_answered():
    # "how many nights a week" after OP evenings: the classifier leans to IOP length (0.54),
    # the conversation to OP frequency (0.2, near op_evening in the content store, weighted 3x)
    ranking = [
        {"name": "ask_iop_length", "confidence": 0.54},
        {"name": "ask_op_frequency", "confidence": 0.2},
        {"name": "ask_op_evening", "confidence": 0.06},
    ]
    tracker = tracker_for(
        "ask_iop_length",
        text="how many nights a week",
        ranking=ranking,
        slots={"last_topic": "op_evening", "last_program": "op"},
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert slots_set(events)["last_topic"] == "op_frequency"
    assert "one day a week" in messages[0]["text"]


def test_the_other_one_moves_a_question_to_the_other_program():
    tracker = tracker_for(
        "ask_other_program",
        text="same for the other one?",
        ranking=[{"name": "ask_other_program", "confidence": 0.99}],
        slots={"last_topic": "iop_treatment_plan", "last_program": "iop"},
    )
    _, events = run(ActionAnswerTopic(), tracker)
    assert slots_set(events)["last_topic"] == "op_treatment_plan"


def test_evenings_after_an_iop_answer_are_the_op_evening_sessions():
    tracker = tracker_for(
        "ask_op_evening",
        text="is there a night one for people who work",
        ranking=[{"name": "ask_op_evening", "confidence": 0.96}],
        slots={"last_topic": "iop_schedule", "last_program": "iop"},
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert slots_set(events)["last_topic"] == "op_evening"
    assert "evening" in messages[0]["text"]


def test_a_question_right_after_an_answer_is_not_read_as_a_form_answer():
    ranking = [
        {"name": "inform", "confidence": 0.68},
        {"name": "ask_op_evening", "confidence": 0.14},
        {"name": "greet", "confidence": 0.04},
    ]
    tracker = tracker_for(
        "inform",
        text="evenings?",
        ranking=ranking,
        slots={"last_topic": "work_during_treatment", "last_program": None},
    )
    messages, events = run(ActionSuggestTopics(), tracker)
    assert slots_set(events)["last_topic"] == "op_evening"
    # with nothing answered before it, the same words stay what they were: a story or the menu
    first = tracker_for("inform", text="evenings?", ranking=ranking)
    _, events = run(ActionSuggestTopics(), first)
    assert "last_topic" not in slots_set(events)


def test_the_other_program_asked_by_what_it_is_gets_its_definition():
    # "ok and the intensive version, what is that" right after OP frequency
    tracker = tracker_for(
        "ask_other_program",
        text="ok and the intensive version, what is that",
        ranking=[{"name": "ask_other_program", "confidence": 0.99}],
        entities=[PROGRAM_IOP],
        slots={"last_topic": "op_frequency", "last_program": "op"},
    )
    for action in (ActionAnswerFollowUp(), ActionAnswerTopic()):
        _, events = run(action, tracker)
        assert slots_set(events)["last_topic"] == "what_is_iop"


def test_an_unsure_story_gets_the_situation_reply_marked_as_a_guess_for_the_staff_report():
    ranking = [{"name": "inform", "confidence": 0.55}, {"name": "greet", "confidence": 0.1}]
    story = "my son, two years, pills"
    messages, _ = run(ActionSuggestTopics(), tracker_for("inform", text=story, ranking=ranking))
    assert messages[0]["outcome"] == "story_guess"
    told, _ = run(ActionAnswerSituation(), tracker_for("tell_situation", text=story))
    assert "outcome" not in told[0]  # understood as a story: no guess


def test_a_question_for_the_program_the_article_is_silent_on_is_not_answered_with_the_other():
    # "how long is op" read as IOP length: the article gives only IOP's length
    tracker = tracker_for(
        "ask_iop_length",
        text="how long is op",
        ranking=[{"name": "ask_iop_length", "confidence": 0.9}],
        entities=[PROGRAM_OP],
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert (
        "doesn't cover that" in messages[0]["text"] and "30 to 60 days" not in messages[0]["text"]
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/request_hotline", "/ask_iop_length", "/ask_what_is_op"]
    assert messages[0]["outcome"] == "not_in_article"
    same_for_iop = tracker_for(
        "ask_iop_length", text="how long is iop",
        ranking=[{"name": "ask_iop_length", "confidence": 0.9}], entities=[PROGRAM_IOP],
    )  # fmt: skip
    assert "30 to 60 days" in run(ActionAnswerTopic(), same_for_iop)[0][0]["text"]
