"""The triage form: up to 8 short questions, then one suggested level of care (not a diagnosis)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import MISSES_SLOT, NOT_SURE, GuidedFormValidator, person_from
from actions.runtime import content_for, rules_for, send
from bot.content.answers import triage_result_replies
from bot.triage.confirm import confirmation_parts
from bot.triage.models import TriageAnswers
from bot.triage.parsing import PARSERS, answered_unsure
from bot.triage.prefill import story_answers
from bot.triage.recommend import explanation_parts, recommend, summary

FORM = "triage_form"
# question in bot/triage/models.py -> slot holding the person's own words for it
QUESTION_SLOTS = {
    "danger": "triage_danger",
    "withdrawal": "triage_withdrawal",
    "duration_months": "triage_duration",
    "prior_treatment": "triage_prior_treatment",
    "co_occurring": "triage_co_occurring",
    "home_safe": "triage_home_safe",
    "time_available": "triage_time_available",
}
ANSWER_SLOTS = tuple(QUESTION_SLOTS.values())
DECISIVE_QUESTIONS = ("danger", "withdrawal")


def triage_answers(tracker: Tracker) -> TriageAnswers:
    texts = {
        q: tracker.get_slot(slot) for q, slot in QUESTION_SLOTS.items() if tracker.get_slot(slot)
    }
    person = tracker.get_slot("person")
    if person:
        texts["for_whom"] = person
    return TriageAnswers.from_texts(texts)


def clear_answers() -> list[EventType]:
    return [SlotSet(slot, None) for slot in (*ANSWER_SLOTS, MISSES_SLOT, "requested_slot")]


def earlier_messages(tracker: Tracker) -> list[str]:
    """What the person wrote in this conversation, oldest first (button payloads left out)."""
    texts = [
        str(event.get("text") or "") for event in tracker.events if event.get("event") == "user"
    ]
    return [text for text in texts if text and not text.startswith("/")]


def prefilled(
    tracker: Tracker, texts: list[str] | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Triage answers the conversation already gave (bot/triage/prefill.py; `texts`, by default
    all it said): the slots to set, and the words found by question (for the confirmation
    line). Only answers the form's own readers accept are used, so the form validates them
    without a word; a question already answered or being asked now is left to its answer."""
    entities = tracker.latest_message.get("entities") or []
    found = story_answers(earlier_messages(tracker) if texts is None else texts, entities)
    slots: dict[str, Any] = {}
    used: dict[str, str] = {}
    for question, text in found.items():
        slot = QUESTION_SLOTS.get(question)
        if question == "for_whom":
            person = person_from(text)
            if person and tracker.get_slot("person") is None:
                slots["person"] = person
                used[question] = text
        elif slot and not _answered_or_asked(tracker, slot) and PARSERS[question](text) is not None:
            slots[slot] = text
            used[question] = text
    return slots, used


def _answered_or_asked(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot(slot) is not None or tracker.get_slot("requested_slot") == slot


def prefill(
    dispatcher: CollectingDispatcher, tracker: Tracker, texts: list[str] | None = None
) -> list[EventType]:
    """Fills what the person already said (who, how long, earlier treatment, other needs) and
    confirms it in one line; the form asks only the rest. Who it is for alone needs no line: the
    questions' wording shows it."""
    slots, used = prefilled(tracker, texts)
    if set(used) - {"for_whom"}:
        facts = "; ".join(confirmation_parts(used, rules_for(tracker)))
        dispatcher.utter_message(text=content_for(tracker).ui("triage_prefilled", facts=facts))
    tracker.slots.update(slots)  # the validators and required_slots below see them
    return [SlotSet(slot, value) for slot, value in slots.items()]


def volunteered(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Inside the triage, what the latest message tells beyond the question asked ("he's used
    for 3 years and relapsed after outpatient" at "is anyone in danger?"): filled and confirmed
    like a story (`prefill`), so those questions are not asked later."""
    text = str(tracker.latest_message.get("text") or "")
    return prefill(dispatcher, tracker, [text]) if text and not text.startswith("/") else []


def starts_now(tracker: Tracker) -> bool:
    """Whether this validation call is the one Rasa makes as the form starts: the form was
    activated after the latest user message (Rasa adds the `active_loop` event just before it
    calls the validator). Not after "start over", which restarts an active form."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            return True
    return False


class ValidateTriageForm(GuidedFormValidator):
    """The triage's validators. Rasa calls this action once as the form starts and after each
    answer; the first call pre-fills the triage (`prefill`), so starting it costs no extra
    action call, and each later one fills what an answer told beyond its question
    (`volunteered`)."""

    def name(self) -> str:
        return "validate_triage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if starts_now(tracker):
            filled = prefill(dispatcher, tracker)
        else:  # a "yes, someone is in danger" gets the crisis reply with nothing before it
            filled = [] if self.comes_alone(tracker) else volunteered(dispatcher, tracker)
        return [*filled, *await super().run(dispatcher, tracker, domain)]

    def comes_alone(self, tracker: Tracker) -> bool:
        """Whether the latest message is an answer acted on with nothing before it."""
        slot = tracker.get_slot("requested_slot")
        question = next((q for q, s in QUESTION_SLOTS.items() if s == slot), None)
        if question is None:
            return False
        text = str(tracker.latest_message.get("text") or "")
        entities = tracker.latest_message.get("entities") or []
        return self.answer_comes_alone(slot, PARSERS[question](text, entities))

    def read_answer(
        self, question: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """The answer to `question` read by its parser (bot/triage/parsing.py); "idk" is an
        answer too: recorded as not sure, not re-asked."""
        entities = tracker.latest_message.get("entities") or []
        parsed = PARSERS[question](value or "", entities)
        if parsed is None and answered_unsure(question, value or ""):
            parsed = NOT_SURE
        return self.accept(QUESTION_SLOTS[question], value, parsed, dispatcher, tracker)

    def validate_triage_danger(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("danger", value, dispatcher, tracker)

    def validate_triage_withdrawal(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("withdrawal", value, dispatcher, tracker)

    def validate_triage_duration(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("duration_months", value, dispatcher, tracker)

    def validate_triage_prior_treatment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("prior_treatment", value, dispatcher, tracker)

    def validate_triage_co_occurring(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("co_occurring", value, dispatcher, tracker)

    def validate_triage_home_safe(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("home_safe", value, dispatcher, tracker)

    def validate_triage_time_available(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self.read_answer("time_available", value, dispatcher, tracker)

    def answer_comes_alone(self, slot: str, parsed: Any) -> bool:
        return slot == QUESTION_SLOTS["danger"] and parsed is True

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        slots = ["person", *ANSWER_SLOTS]
        # Danger (the crisis reply) or withdrawal (a higher level of care) decides the outcome:
        # asking the remaining questions would only delay it.
        for question in DECISIVE_QUESTIONS:
            answer = tracker.get_slot(QUESTION_SLOTS[question])
            if answer and PARSERS[question](answer):
                return slots[: slots.index(QUESTION_SLOTS[question]) + 1]
        return slots


class ActionRecommendProgram(Action):
    """Ends the triage: the crisis reply if someone is in danger, else one suggested level.

    The raw answers are cleared; a plain summary is kept only in case the person asks to
    attach it to an intake request.
    """

    def name(self) -> str:
        return "action_recommend_program"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        answers = triage_answers(tracker)
        if answers.danger:
            dispatcher.utter_message(response="utter_crisis")
            return clear_answers()
        book = rules_for(tracker)
        recommendation = recommend(answers, book)
        why, disclaimer = explanation_parts(recommendation, book)
        for reply in triage_result_replies(
            content_for(tracker), why, disclaimer, recommendation.level
        ):
            send(dispatcher, tracker, reply)
        return [*clear_answers(), SlotSet("triage_summary", summary(answers))]
