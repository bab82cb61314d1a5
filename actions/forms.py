"""What both forms (triage and intake) share.

- A question asked in the middle of a form ("wait, how many hours is IOP?") is answered from
  the content store, then the pending question is asked again. That holds also when a reader
  finds an answer inside the question ("how often do they meet" is no "they" to "who is it
  for?"); a message that opens with its answer ("no, but how long is IOP?") has both used.
- An answer that cannot be used is re-asked once with examples. A second miss never re-asks:
  the question takes its `AFTER_TWO_MISSES` value (triage: "not sure", which the triage reads
  as unknown, and for danger and withdrawal as the safe-leaning yes; intake: the nearest open
  time, no consent, not booked) with a line saying so, and the form goes on to its end. Name
  and phone cannot be guessed: a second miss ends the intake with the 24/7 line.
- Who the help is for (`person`: self / loved_one) comes from the answer to "who is it for?" or
  from an earlier mention ("my son"), and is asked only when unknown.
Crisis, "stop", "start over", "delete my chat" and "talk to someone" never reach a validator:
the slot mappings exclude those intents, so the form rejects the turn and the rules in
data/stories/ take over.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.answers import close_with_own_past_line
from actions.in_context import question_read_as_answer, remembered, topic_in_context
from actions.runtime import content_for, send, settings
from bot.content.answers import topic_reply
from bot.language.for_whom import parse_for_whom
from bot.language.yes_no import opens_with_answer

MISSES_SLOT = "form_misses"
GAVE_UP_SLOT = "form_gave_up"
MISSES_BEFORE_MOVING_ON = 2
NOT_SURE = "not sure"
# What a question not understood twice becomes; the form goes on. `None`: it cannot be guessed,
# and the form ends with the 24/7 line. The intake's time is handled by its own validator.
AFTER_TWO_MISSES: dict[str, Any] = {
    "person": "self",
    "triage_danger": NOT_SURE,
    "triage_withdrawal": NOT_SURE,
    "triage_duration": NOT_SURE,
    "triage_prior_treatment": NOT_SURE,
    "triage_co_occurring": NOT_SURE,
    "triage_home_safe": NOT_SURE,
    "triage_time_available": NOT_SURE,
    "intake_first_name": None,
    "intake_phone": None,
    "intake_consent": False,
    "intake_attach_triage": False,
    "intake_confirmed": False,
}
DIGRESSION_MIN_CONFIDENCE = 0.6
# a question a reader found an answer in ("how often do they meet" at "who is it for?") is
# answered as a question from this confidence up
QUESTION_IN_ANSWER_MIN_CONFIDENCE = 0.7
PERSONS = ("self", "loved_one")
# intents that are never an answer: the rules take over (same list as `not_intent` in domain.yml)
NOT_ANSWERS = ("crisis", "stop", "start_over", "request_hotline", "delete_chat")


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def person_from(text: str | None, entities: list[dict[str, Any]] = ()) -> str | None:
    if text in PERSONS:
        return text
    return parse_for_whom(text or "", list(entities))


class GuidedFormValidator(FormValidationAction, ABC):
    """Base class: `accept` turns a parsed answer into slot values, or handles the miss."""

    @abstractmethod
    def name(self) -> str: ...

    def accept(
        self,
        slot: str,
        value: Any,
        parsed: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        if parsed is not None:
            return self.answered(slot, value, parsed, dispatcher, tracker)
        topic = topic_in_context(tracker, DIGRESSION_MIN_CONFIDENCE)
        if topic is not None:  # a question, follow-ups included, is answered; then asked again
            return {slot: None, **self.answer_question(topic, dispatcher, tracker)}
        misses = int(tracker.get_slot(MISSES_SLOT) or 0) + 1
        if misses < MISSES_BEFORE_MOVING_ON:
            dispatcher.utter_message(response=f"utter_retry_{slot}")
            return {slot: None, MISSES_SLOT: misses}
        return self.move_on(slot, dispatcher, tracker)

    def answered(
        self,
        slot: str,
        value: Any,
        parsed: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        """A reader found an answer. If the message also asks a content question, it is
        answered too; the answer stands only if the message opens with it ("no, but how long is
        IOP?"), else it was read from inside the question and the form asks again."""
        topic = question_read_as_answer(tracker, QUESTION_IN_ANSWER_MIN_CONFIDENCE)
        opens = opens_with_answer(tracker.latest_message.get("text") or "")
        if topic is None or (opens and self.answer_comes_alone(slot, parsed)):
            close_with_own_past_line(dispatcher, tracker)
            return {slot: value, MISSES_SLOT: 0}
        remembering = self.answer_question(topic, dispatcher, tracker)
        if opens:
            return {slot: value, MISSES_SLOT: 0, **remembering}
        return {slot: None, **remembering}

    def answer_question(
        self, topic: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """A content question asked inside the form, answered from the content store; the slots
        that remember it for follow-ups."""
        send(dispatcher, tracker, topic_reply(content_for(tracker), topic, settings.hotline))
        close_with_own_past_line(dispatcher, tracker)
        return remembered(tracker, topic)

    def answer_comes_alone(self, slot: str, parsed: Any) -> bool:
        """Whether this answer is acted on with nothing before it (the triage's "yes, someone is
        in danger": the crisis reply comes first)."""
        return False

    def move_on(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        """The second miss: the question's `AFTER_TWO_MISSES` value, or the end of the form."""
        value = AFTER_TWO_MISSES.get(slot)
        if value is None:
            dispatcher.utter_message(response="utter_form_gave_up")
            return {slot: None, MISSES_SLOT: 0, GAVE_UP_SLOT: True}
        if value == NOT_SURE:
            dispatcher.utter_message(text=content_for(tracker).ui("form_noted_unsure"))
        return {slot: value, MISSES_SLOT: 0}

    async def extract_person(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """`person` from the answer when asked, else from an earlier "my son" / "for myself"."""
        if tracker.get_slot("person") in PERSONS:
            return {}
        entities = tracker.latest_message.get("entities") or []
        if tracker.get_slot("requested_slot") == "person":
            text = tracker.latest_message.get("text") or ""
            # the top intent, as the domain's `not_intent` mappings see it (rasa-sdk's
            # get_intent_of_latest_message() would skip nlu_fallback and take the runner-up)
            if latest_intent(tracker) in NOT_ANSWERS:
                return {}
            return {"person": text}
        mentioned = person_from(tracker.get_slot("for_whom"), entities)
        return {"person": mentioned} if mentioned else {}

    def validate_person(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        entities = tracker.latest_message.get("entities") or []
        parsed = person_from(value, entities)
        return self.accept("person", parsed, parsed, dispatcher, tracker)
