"""Forgetting and leaving: "start over" clears the personal slots; "delete my chat" erases the
conversation; stop, a crisis or a hand-off leaves whichever form is active and forgets its
answers (`action_end_flow`).

`action_delete_chat` says the chat is deleted and clears the slots; the erasing itself happens in
the tracker store when Rasa saves this turn (bot/rasa_plugins/tracker_store.py sees this action
among the turn's new events), so it cannot race with Rasa's own save.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import clear_intake
from actions.triage import clear_answers
from bot.privacy.tracker_events import DELETE_CHAT_ACTION

# what the person said about themselves or someone else, beyond the forms' own slots
ABOUT_THE_PERSON = ("person", "for_whom", "triage_summary", "crisis_kind", "crisis_language")


def forget_personal_data() -> list[EventType]:
    """Every slot holding personal or health data, cleared."""
    return [
        *clear_answers(),
        *clear_intake(),
        *(SlotSet(slot, None) for slot in ABOUT_THE_PERSON),
    ]


class ActionDeleteChat(Action):
    def name(self) -> str:
        return DELETE_CHAT_ACTION

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_chat_deleted")
        return [ActiveLoop(None), *forget_personal_data()]


class ActionEndFlow(Action):
    """Leaves whichever form is active and forgets its answers (stop, crisis, hand-off)."""

    def name(self) -> str:
        return "action_end_flow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return [ActiveLoop(None), *clear_answers(), *clear_intake()]


class ActionRestartFlow(Action):
    """ "Start over": forgets every personal slot (answers, summary, who it is for); inside a
    form the rule then starts it again."""

    def name(self) -> str:
        return "action_restart_flow"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_starting_over")
        return forget_personal_data()
