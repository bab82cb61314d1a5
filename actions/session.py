from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.runtime import settings

CARRIED_OVER_SLOTS: frozenset[str] = frozenset()


class ActionSessionStart(Action):
    """Starts a session with the hotline number from settings in the `hotline` slots, which the
    domain's responses use. Personal slots are not carried over into a new session."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        carried = [
            SlotSet(name, value)
            for name, value in tracker.current_slot_values().items()
            if name in CARRIED_OVER_SLOTS and value is not None
        ]
        return [
            SessionStarted(),
            SlotSet("hotline", settings.hotline),
            SlotSet("hotline_tel", settings.hotline_tel_uri),
            *carried,
            ActionExecuted("action_listen"),
        ]
