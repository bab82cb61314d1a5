"""The latest message read in the context of the conversation: the programs it asks about, the
classifier's ranking with the conversation's program and last topic (bot/content/followups.py
owns how), the topic it asks for, and the slots that remember an answer for follow-ups. Used
by the answer actions (actions/answers.py) and by forms (actions/forms.py)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.runtime import content
from bot.content.answers import decide, topic_for_intent, without
from bot.content.followups import (
    PROGRAMS_WITH_COUNTERPART,
    follow_up_kind,
    in_context_ranking,
    named_program,
    program_of,
    programs_meant,
    resolve_follow_up,
)
from bot.language.questions import (
    asks_about_the_text,
    asks_hours_a_week,
    asks_only_about_a_program,
    asks_something,
    asks_what_comes_next,
    asks_what_it_is,
    asks_when_in_the_day,
    asks_which_one_is,
    normalised_value,
    programs_asked_about,
    speaks_of_a_time_of_day,
)

SITUATION_INTENT = "tell_situation"


ANSWER_INTENT = "inform"  # an answer to a form's question


# how much likelier the topics near the last answer are for a message that names no program
# (bot.content.followups.with_context_prior); chosen on tuned follow-up sets (README)
NEAR_LAST_TOPIC_WEIGHT = 3.0


CONTENT_SOURCE_INTENT = "ask_content_source"


OTHER_PROGRAM_INTENT = "ask_other_program"


PROGRAM_NAME_INTENT = "ask_program_name"


MORE_DETAIL_INTENT = "ask_more_detail"


NEXT_STEP_INTENT = "ask_next_step"


FOLLOW_UP_INTENTS = (
    OTHER_PROGRAM_INTENT,
    MORE_DETAIL_INTENT,
    PROGRAM_NAME_INTENT,
    NEXT_STEP_INTENT,
)


# what an unsure message may still be answered as, besides a topic (bot.content.answers.decide)
ANSWERABLE = (SITUATION_INTENT, CONTENT_SOURCE_INTENT, *FOLLOW_UP_INTENTS)


def programs_in_question(tracker: Tracker) -> list[str]:
    """The programs the message asks about: those named in its question
    (bot/language/questions.py), or the other one than the conversation's ("does the other one
    have evenings?")."""
    message = tracker.latest_message
    text = message.get("text") or ""
    named = programs_asked_about(text, message.get("entities") or [])
    return programs_meant(named, text, tracker.get_slot("last_program"))


def worded_as(tracker: Tracker) -> str | None:
    """The follow-up a short message's words ask for, whatever the classifier made of it:
    "and then?" / "whats next" after an answer is the next step; "which of those is IOP?",
    "what's the intensive one then" or "why's it called intensive" is the definition of the
    program it names; "op similar?" / "same for the intensive one?" after
    an answer is the other-program follow-up (the same question for the program it names); "is
    this info from an actual doctor?" asks who reviewed the text, not about the last topic."""
    text = tracker.latest_message.get("text") or ""
    if asks_about_the_text(text):
        return CONTENT_SOURCE_INTENT
    if tracker.get_slot("last_topic") and asks_what_comes_next(text):
        return NEXT_STEP_INTENT
    if (asks_which_one_is(text) or asks_what_it_is(text)) and named_in_question(tracker):
        return PROGRAM_NAME_INTENT
    if tracker.get_slot("last_topic") and asks_only_about_a_program(text, program_names(tracker)):
        return OTHER_PROGRAM_INTENT
    return None


def program_names(tracker: Tracker) -> list[tuple[int, int]]:
    """Where the latest message names IOP or OP: the character spans of those entities."""
    return [
        (int(e["start"]), int(e["end"]))
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "program"
        and normalised_value("program", e.get("value")) in PROGRAMS_WITH_COUNTERPART
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
    ]


def as_asked(tracker: Tracker, intent: str | None) -> str | None:
    """ "And the intensive one, what is that?" asks for the other program's definition, "ok but
    wat is it actually" for the conversation's program's: the other-program or more-detail
    follow-up read as a program-name one; a message `worded_as` a follow-up is that one."""
    text = tracker.latest_message.get("text") or ""
    if intent in (OTHER_PROGRAM_INTENT, MORE_DETAIL_INTENT) and asks_what_it_is(text):
        return PROGRAM_NAME_INTENT
    return worded_as(tracker) or intent


def follow_up_asked(tracker: Tracker) -> str | None:
    """The follow-up intent the latest message asks as its words read it (`as_asked`); None
    when its words say it is none ("after 5 ok?" is no next step: `in_words`)."""
    intent = as_asked(tracker, tracker.get_intent_of_latest_message())
    text = tracker.latest_message.get("text") or ""
    return None if intent == NEXT_STEP_INTENT and speaks_of_a_time_of_day(text) else intent


def in_words(tracker: Tracker, ranking: list[dict]) -> list[dict]:
    """The ranking as the message's words read it (`as_asked`): a message `worded_as` a
    follow-up leads as that one; in "after 5 ok?" "after" is a time of day, so the next step is
    not what it asks."""
    text = tracker.latest_message.get("text") or ""
    worded = worded_as(tracker)
    if worded:
        return [{"name": worded, "confidence": 1.0}, *without(ranking, [worded])]
    ranking = [{**e, "name": as_asked(tracker, str(e.get("name")))} for e in ranking]
    return without(ranking, [NEXT_STEP_INTENT]) if speaks_of_a_time_of_day(text) else ranking


def asked_before(tracker: Tracker) -> str | None:
    """The topic the classifier gave the previous message, before it was read in context (its
    leading topic intent, an unsure one too): what the person asked about, which may differ from
    the topic answered ("how many hours is OP?" is answered with OP's frequency)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    for entry in (users[-2].get("parse_data") or {}).get("intent_ranking") or []:
        topic = topic_for_intent(str(entry.get("name")))
        if topic in content:
            return topic
    return None


def asked_when_in_the_day(tracker: Tracker) -> bool:
    """The previous message asked when in the day ("is iop days or evenings?"): "and OP?" next
    wants OP's evening sessions (bot.content.followups.resolve_follow_up)."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    return len(users) >= 2 and asks_when_in_the_day(str(users[-2].get("text") or ""))


def follow_up_topic(tracker: Tracker, kind: str) -> str | None:
    """The topic a follow-up of `kind` stands for in this conversation
    (bot.content.followups.resolve_follow_up)."""
    return resolve_follow_up(
        content,
        kind,
        tracker.get_slot("last_topic"),
        programs_in_question(tracker),
        tracker.get_slot("last_program"),
        asked_before(tracker),
        asked_when_in_the_day(tracker),
    )


def ranking_in_context(tracker: Tracker, near_weight: float = NEAR_LAST_TOPIC_WEIGHT) -> list[dict]:
    """The classifier's ranking, read in the context of the conversation's program. With nothing
    answered yet and no program named, a message cannot be a follow-up ("would she have to give
    that up?" in a first story): the ranking is read as if it were none."""
    ranking = in_words(tracker, list(tracker.latest_message.get("intent_ranking", [])))
    if tracker.get_slot("last_topic") is None and not programs_in_question(tracker):
        ranking = without(ranking, FOLLOW_UP_INTENTS)
    ranking = in_context_ranking(
        content,
        ranking,
        tracker.get_slot("last_program"),
        programs_in_question(tracker),
        tracker.get_slot("last_topic"),
        near_weight,
        asked_before(tracker),
        asked_when_in_the_day(tracker),
    )
    if worded_as(tracker) == CONTENT_SOURCE_INTENT:
        # about the text itself: no topic near the last answer may outweigh it
        return leading(ranking, CONTENT_SOURCE_INTENT)
    hours = hours_topic(ranking)
    if hours and asks_hours_a_week(tracker.latest_message.get("text") or ""):
        # "cuantas horas a la semana": the hours a week, not the schedule it was split with
        return leading(ranking, hours)
    return ranking


# the topics that answer "how many hours a week", for IOP and for OP
HOURS_TOPICS = ("ask_iop_hours", "ask_op_frequency")
# the classifier must give one of them at least this, for the words to decide between neighbours
HOURS_AT_LEAST = 0.15


def hours_topic(ranking: list[dict]) -> str | None:
    """The hours-a-week topic the ranking (read in context) gives most, if at HOURS_AT_LEAST."""
    for entry in ranking:
        if entry.get("name") in HOURS_TOPICS:
            confident = float(entry.get("confidence") or 0.0) >= HOURS_AT_LEAST
            return str(entry["name"]) if confident else None
    return None


def leading(ranking: list[dict], name: str) -> list[dict]:
    """`ranking` with `name` first and sure; the rest keep their order at half its weight or
    less (so that no topic near the last answer outweighs what the words asked)."""
    rest = [e for e in ranking if e.get("name") != name]
    total = sum(float(e.get("confidence") or 0.0) for e in rest) or 1.0
    scale = min(1.0, 0.5 / total)
    return [{"name": name, "confidence": 1.0},
            *({**e, "confidence": float(e.get("confidence") or 0.0) * scale}
              for e in rest)]  # fmt: skip


def topic_of(tracker: Tracker, intent: str | None) -> str | None:
    kind = follow_up_kind(intent)
    # a follow-up with nothing answered before it: only a program it names can help
    topic = follow_up_topic(tracker, kind) if kind is not None else topic_for_intent(intent)
    return topic if topic in content else None


def topic_in_context(tracker: Tracker, at_least: float) -> str | None:
    """The topic the latest message asks about, read in the context of the conversation (a
    follow-up resolved from the last topic, a program-specific question for the program talked
    about): the classifier's top intent if it gave it at least `at_least`; else, if the message
    asks something, the topic that clearly leads (`bot.content.answers.decide`, as outside a
    form)."""
    ranking = ranking_in_context(
        tracker, near_weight=1.0
    )  # inside a form: an answer is no follow-up
    if ranking and float(ranking[0].get("confidence") or 0.0) >= at_least:
        return topic_of(tracker, str(ranking[0].get("name")))
    if asks_something(tracker.latest_message.get("text") or ""):
        return topic_of(tracker, decide(ranking, content, FOLLOW_UP_INTENTS).intent)
    return None


def question_read_as_answer(tracker: Tracker, at_least: float) -> str | None:
    """The topic of a message a form's reader found an answer in although it asks a content
    question ("how often do they meet" at "who is it for?": not "they"; "ok and the intensive
    one is how many hours a week" at "is anyone in danger?": not "ok"): it asks something and
    the classifier, in context, gives a topic at least `at_least`."""
    text = tracker.latest_message.get("text")
    if not isinstance(text, str) or not asks_something(text):
        return None  # also a value the form stored, validated again (True, an ISO time)
    ranking = ranking_in_context(tracker, near_weight=1.0)
    if ranking and float(ranking[0].get("confidence") or 0.0) >= at_least:
        return topic_of(tracker, str(ranking[0].get("name")))
    return None


def named_in_question(tracker: Tracker) -> str | None:
    """The one program the latest message asks about, if it names one."""
    return named_program(programs_in_question(tracker))


def remembered(tracker: Tracker, topic: str) -> dict[str, Any]:
    """The slots that remember an answered topic and its program for follow-ups (a topic about
    both programs keeps the program the message named, else the one the conversation was
    about)."""
    program = (
        program_of(content, topic) or named_in_question(tracker) or tracker.get_slot("last_program")
    )
    return {"last_topic": topic, "last_program": program}


def program_named(tracker: Tracker) -> list[EventType]:
    """With no answer given (the menu): the program the message named becomes the
    conversation's ("would he drop down to the regular one?", then "how often does that
    meet?")."""
    program = named_in_question(tracker)
    return [SlotSet("last_program", program)] if program else []


def answered(tracker: Tracker, topic: str) -> list[EventType]:
    return [SlotSet(slot, value) for slot, value in remembered(tracker, topic).items()]
