"""The answer actions: a topic, a follow-up, a situation, the content's source, the menu of
likely topics and the 24/7 line, each a few lines over bot/content/ (which owns what is said)
and actions/in_context.py (which reads the message in the conversation's context)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.in_context import (
    ANSWER_INTENT,
    ANSWERABLE,
    CONTENT_SOURCE_INTENT,
    FOLLOW_UP_INTENTS,
    SITUATION_INTENT,
    answered,
    follow_up_asked,
    follow_up_topic,
    program_named,
    programs_in_question,
    ranking_in_context,
)
from actions.runtime import content, content_for, send, settings
from bot.content.answers import (
    WHICH_PROGRAM_TOPIC,
    as_question,
    content_source_reply,
    decide,
    hotline_reply,
    not_in_article_reply,
    own_past_reply,
    question_behind_crisis,
    runners_up,
    suggestion_reply,
    topic_for_intent,
    topic_reply,
    without,
)
from bot.content.followups import (
    NOT_IN_ARTICLE,
    definition_of,
    follow_up_kind,
    named_program,
    only_for_the_other_program,
    program_of,
)
from bot.content.situations import situation_reply, who_it_is_about
from bot.language.questions import asks_something
from bot.replies import STORY_GUESS
from bot.safety.models import CRISIS_LANGUAGE_ENTITY, OWN_PAST, RISK_MENTIONED_ENTITY


def answer_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, offer: tuple[str, ...] = ()
) -> list[EventType]:
    """Answers `topic` as it is: a topic from `ranking_in_context` is already the one for the
    program asked about."""
    send(dispatcher, tracker, topic_reply(content_for(tracker), topic, settings.hotline, offer))  # type: ignore[arg-type]
    return answered(tracker, topic)


def answer_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, intent: str | None
) -> list[EventType]:
    kind = follow_up_kind(intent) or "more_detail"
    last = tracker.get_slot("last_topic")
    topic = follow_up_topic(tracker, kind)
    if topic == NOT_IN_ARTICLE:
        program = named_program(programs_in_question(tracker)) or program_of(
            content_for(tracker), last
        )
        return answer_not_in_article(dispatcher, tracker, program)
    if topic is None:
        # nothing said before it: read as the question it most likely is without the context
        return answer_leading(
            dispatcher, tracker, without(ranking_in_context(tracker), FOLLOW_UP_INTENTS)
        )
    send(dispatcher, tracker, topic_reply(content_for(tracker), topic, settings.hotline))  # type: ignore[arg-type]
    return answered(tracker, topic)


def answer_not_in_article(
    dispatcher: CollectingDispatcher, tracker: Tracker, program: str | None, also: str = ""
) -> list[EventType]:
    """The article is silent on what was asked: say so, offer a person, the definition of the
    program asked about and `also` (the topic the article does cover). A program the message
    named becomes the conversation's ("like OP?" after what comes after IOP, then "how often
    would that be?")."""
    suggest = [t for t in (also, definition_of(content_for(tracker), program)) if t]
    send(dispatcher, tracker, not_in_article_reply(content_for(tracker), settings.hotline, suggest))
    return program_named(tracker)


def answer_leading(
    dispatcher: CollectingDispatcher, tracker: Tracker, ranking: list[dict]
) -> list[EventType]:
    """The topic that clearly leads `ranking` with its runners-up, else the menu."""
    decision = decide(ranking, content_for(tracker))
    topic = topic_for_intent(decision.intent)
    if topic in content:
        return answer_topic(dispatcher, tracker, topic, decision.runners_up)  # type: ignore[arg-type]
    return show_menu(dispatcher, tracker, ranking)


def show_menu(
    dispatcher: CollectingDispatcher, tracker: Tracker, ranking: list[dict]
) -> list[EventType]:
    """The likeliest topics as buttons, and a person; a program the message named is kept as
    the conversation's (`program_named`)."""
    send(dispatcher, tracker, suggestion_reply(content_for(tracker), ranking, settings.hotline))
    return program_named(tracker)


def answer_situation(
    dispatcher: CollectingDispatcher, tracker: Tracker, outcome: str = ""
) -> list[EventType]:
    text = tracker.latest_message.get("text") or ""
    entities = tracker.latest_message.get("entities") or []
    known = tracker.get_slot("for_whom")
    person = who_it_is_about(known or text, entities)
    reply = situation_reply(content_for(tracker), text, person, settings.hotline)
    send(dispatcher, tracker, replace(reply, outcome=outcome) if outcome else reply)
    return [SlotSet("for_whom", person)] if person and not known else []


def answer_statement(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A situation; if it also asks something ("...do I have to talk about my family history?")
    and a topic clearly leads among the rest, that question is answered instead."""
    if asks_something(tracker.latest_message.get("text") or ""):
        decision = decide(
            without(ranking_in_context(tracker), [SITUATION_INTENT]), content_for(tracker)
        )
        topic = topic_for_intent(decision.intent)
        if topic in content:
            return answer_topic(dispatcher, tracker, topic, decision.runners_up)  # type: ignore[arg-type]
    return answer_situation(dispatcher, tracker)


def answer_content_source(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    reply = content_source_reply(
        content_for(tracker), tracker.get_slot("last_topic"), settings.hotline
    )
    send(dispatcher, tracker, reply)
    return []


def respond(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    intent: str | None,
    offer: tuple[str, ...] = (),
) -> list[EventType]:
    """Answers `intent` from the content store; the menu when it is nothing this can answer."""
    topic = topic_for_intent(intent)
    if intent in FOLLOW_UP_INTENTS:
        return answer_follow_up(dispatcher, tracker, intent)
    if intent == SITUATION_INTENT:
        return answer_statement(dispatcher, tracker)
    if intent == CONTENT_SOURCE_INTENT:
        return answer_content_source(dispatcher, tracker)
    programs = programs_in_question(tracker)
    if only_for_the_other_program(content_for(tracker), topic, programs):
        # "how long is OP?": the article gives only IOP's length
        return answer_not_in_article(dispatcher, tracker, named_program(programs), topic or "")
    if topic in content:
        return answer_topic(dispatcher, tracker, topic, offer)  # type: ignore[arg-type]
    return show_menu(dispatcher, tracker, ranking_in_context(tracker))


def close_with_own_past_line(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After the answer: one calm line about 988/911 when the message mentioned the person's
    own past overdose, self-harm or suicidal thoughts (the crisis check's "not now" tier)."""
    values = {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or []}
    if values.get(RISK_MENTIONED_ENTITY) == OWN_PAST:
        language = str(values.get(CRISIS_LANGUAGE_ENTITY) or "en")
        send(dispatcher, tracker, own_past_reply(content_for(tracker), language, settings.hotline))


class AnswerAction(Action, ABC):
    """An action that answers the latest message (`answer`), then adds the own-past line.
    Abstract, so the action server does not register it as an action of its own."""

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = self.answer(dispatcher, tracker)
        close_with_own_past_line(dispatcher, tracker)
        return events


class ActionAnswerTopic(AnswerAction):
    """Answers an `ask_<topic>` question from the content store, with next steps, and offers a
    runner-up topic that came close."""

    def name(self) -> str:
        return "action_answer_topic"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        ranking = ranking_in_context(tracker)
        intent = str(ranking[0]["name"]) if ranking else tracker.get_intent_of_latest_message()
        if tracker.get_intent_of_latest_message() == f"ask_{WHICH_PROGRAM_TOPIC}":
            intent = f"ask_{WHICH_PROGRAM_TOPIC}"  # answered as asked: the triage follows it
        topic = topic_for_intent(intent) or ""
        return respond(
            dispatcher, tracker, intent, runners_up(ranking, content_for(tracker), topic)
        )


class ActionAnswerFollowUp(AnswerAction):
    """ "What about regular outpatient?", "is that done by a doctor?": read in the context of the
    last topic (bot/content/followups.py)."""

    def name(self) -> str:
        return "action_answer_follow_up"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        intent = follow_up_asked(tracker)
        if intent is None:  # its words say it is no follow-up: the question it most likely is
            return answer_leading(dispatcher, tracker, ranking_in_context(tracker))
        if intent not in FOLLOW_UP_INTENTS:  # worded as something else: "is this from a doctor?"
            return respond(dispatcher, tracker, intent)
        return answer_follow_up(dispatcher, tracker, intent)


class ActionAnswerSituation(AnswerAction):
    """Someone tells what is going on: warmth and next steps (bot/content/situations.py);
    remembers who it is about for the triage and the intake."""

    def name(self) -> str:
        return "action_answer_situation"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        return answer_statement(dispatcher, tracker)


class ActionAnswerContentSource(AnswerAction):
    """ "Is this from a doctor?", "how up to date is this?": reviewer and date from the store."""

    def name(self) -> str:
        return "action_answer_content_source"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        return answer_content_source(dispatcher, tracker)


class ActionSuggestTopics(AnswerAction):
    """When the classifier is unsure (or read an answer with no question pending): answer the
    intent that clearly leads and offer the runners-up (bot.content.answers.decide); a story with no
    question gets the situation reply; else the likeliest topics as buttons, and a person."""

    def name(self) -> str:
        return "action_suggest_topics"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        ranking = ranking_in_context(tracker)
        if tracker.get_slot("last_topic") and asks_something(
            tracker.latest_message.get("text") or ""
        ):
            # a question right after an answer ("evenings?") is no answer to a form: read as
            # the question it most likely is
            ranking = as_question(ranking)
        decision = decide(ranking, content_for(tracker), ANSWERABLE)
        if decision.intent is not None:
            return respond(dispatcher, tracker, decision.intent, decision.runners_up)
        if tracker.get_intent_of_latest_message() == ANSWER_INTENT:
            # "my son, two years, pills": a story (a guess, which the staff report shows)
            return answer_situation(dispatcher, tracker, STORY_GUESS)
        return show_menu(dispatcher, tracker, ranking_in_context(tracker))


class ActionOfferHotline(AnswerAction):
    """Hands off to the 24/7 line: a call button on the web, the number as text everywhere."""

    def name(self) -> str:
        return "action_offer_hotline"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        send(
            dispatcher,
            tracker,
            hotline_reply(content_for(tracker), settings.hotline, settings.hotline_tel_uri),
        )
        return []


class ActionAnswerAfterCrisis(Action):
    """After the crisis reply: if the same message also asked a content question the classifier
    was confident about ("my son overdosed last year, how long is iop?"), answer it too."""

    def name(self) -> str:
        return "action_answer_after_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        ranking = tracker.latest_message.get("intent_ranking", [])
        topic = question_behind_crisis(ranking)
        reply = topic_reply(content_for(tracker), topic, settings.hotline) if topic else None
        if reply is not None:
            send(dispatcher, tracker, reply)
            return answered(tracker, topic)  # type: ignore[arg-type]
        return []
