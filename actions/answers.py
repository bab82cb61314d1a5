from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import content, send, settings
from bot.answers import (
    hotline_reply,
    question_behind_crisis,
    suggestion_reply,
    topic_for_intent,
    topic_reply,
)


class ActionAnswerTopic(Action):
    """Answers an `ask_<topic>` question from the content store, with next steps."""

    def name(self) -> str:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        topic = topic_for_intent(tracker.get_intent_of_latest_message())
        reply = topic_reply(content, topic, settings.hotline) if topic else None
        if reply is None:
            ranking = tracker.latest_message.get("intent_ranking", [])
            reply = suggestion_reply(content, ranking, settings.hotline)
        send(dispatcher, tracker, reply)
        return []


class ActionSuggestTopics(Action):
    """When the assistant is unsure: the likeliest topics as buttons, and a person."""

    def name(self) -> str:
        return "action_suggest_topics"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        ranking = tracker.latest_message.get("intent_ranking", [])
        send(dispatcher, tracker, suggestion_reply(content, ranking, settings.hotline))
        return []


class ActionOfferHotline(Action):
    """Hands off to the 24/7 line: a call button on the web, the number as text everywhere."""

    def name(self) -> str:
        return "action_offer_hotline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(
            dispatcher, tracker, hotline_reply(content, settings.hotline, settings.hotline_tel_uri)
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
        reply = topic_reply(content, topic, settings.hotline) if topic else None
        if reply is not None:
            send(dispatcher, tracker, reply)
        return []
