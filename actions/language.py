"""The conversation's language (the `language` slot): read from each message the person writes
(bot/language/conversation_language.py), kept for the conversation, switched on request.

Rasa runs `action_validate_slot_mappings` after every user message, before it picks the reply,
so the reply to a message is already in that message's language. A clicked button never changes
the language (its payload is the button's, not the person's words), and a widget or a button can
ask for one directly with `/switch_language{"language": "es"}`.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from actions.runtime import content_for, send, settings
from bot.content.answers import language_switched_reply
from bot.language.conversation_language import LANGUAGES, conversation_language

LANGUAGE_SLOT = "language"
LANGUAGE_ENTITY = "language"


def asked_language(tracker: Tracker) -> str | None:
    """A language named by the message's `language` entity (a widget's or a button's payload)."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == LANGUAGE_ENTITY and entity.get("value") in LANGUAGES:
            return str(entity["value"])
    return None


def clicked_a_button(tracker: Tracker, text: str) -> bool:
    """The message is the payload of a button of the bot's last message."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            return any(text == button.get("payload") for button in buttons)
    return False


def first_message(tracker: Tracker) -> bool:
    """Nothing the person wrote before this message in this session."""
    written = 0
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        written += event.get("event") == "user"
    return written <= 1


def page_language(tracker: Tracker) -> str | None:
    """The language of the page the widget is on (its `data-lang` or its switch), sent with each
    message as `metadata.lang`."""
    metadata = tracker.latest_message.get("metadata") or {}
    language = metadata.get("lang") if isinstance(metadata, dict) else None
    return language if language in LANGUAGES else None


def language_after(tracker: Tracker) -> str | None:
    """The conversation's language once the latest message is read; None: no change. The first
    message of a session starts from the page's language if the widget sent one, else from
    nothing known."""
    current = tracker.get_slot(LANGUAGE_SLOT)
    asked = asked_language(tracker)
    if asked:
        return asked
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/") or clicked_a_button(tracker, text):
        return current
    known = page_language(tracker) if first_message(tracker) else current
    return conversation_language(known, text) or known or current


class ValidateSlotMappings(ValidationAction):
    """Rasa's global slot action: keeps `language` (the other custom slots are set by the
    actions and forms that own them)."""

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        return [LANGUAGE_SLOT]

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        language = language_after(tracker)
        if language is None or language == tracker.get_slot(LANGUAGE_SLOT):
            return {}
        return {LANGUAGE_SLOT: language}


class ActionSwitchLanguage(Action):
    """ "In English please", "en español": says, in the new language, that it goes on in it."""

    def name(self) -> str:
        return "action_switch_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        send(dispatcher, tracker, language_switched_reply(content_for(tracker), settings.hotline))
        return []
