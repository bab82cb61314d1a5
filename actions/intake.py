"""The intake form: collects, confirms and books a real slot, then forgets the personal data."""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.forms import (
    GAVE_UP_SLOT,
    MISSES_BEFORE_MOVING_ON,
    MISSES_SLOT,
    GuidedFormValidator,
    latest_intent,
)
from actions.runtime import content_for, intake_hours, send, settings
from bot.content.answers import hotline_reply
from bot.intake.availability import UTC
from bot.intake.models import Booked, IntakeRequest, IntakeUnavailable, SlotTaken
from bot.intake.names import parse_first_name
from bot.intake.notify import Notifier, notify_in_background
from bot.intake.phone import display_phone, normalise_phone
from bot.intake.scheduling import Proposal, Scheduler
from bot.intake.store import IntakeStore
from bot.language.yes_no import parse_yes_no
from bot.replies import Reply

log = logging.getLogger(__name__)

PERSONAL_SLOTS = ("intake_first_name", "intake_phone")
FORM_SLOTS = (
    *PERSONAL_SLOTS,
    "intake_slot",
    "intake_consent",
    "intake_attach_triage",
    "intake_confirmed",
    GAVE_UP_SLOT,
)
# the payload of the "as soon as possible" button (its title is `intake_asap` in content/ui):
# words the time reader understands, in every language
ASAP_PAYLOAD = "as soon as possible"
_CHANGE = {
    "intake_slot": re.compile(r"\b(time|slot|day|date|when|appointment|reschedule)\b", re.I),
    "intake_phone": re.compile(r"\b(phone|number|cell|mobile)\b", re.I),
    "intake_first_name": re.compile(r"\bname\b", re.I),
}
# the words of a callback request that name a time ("tomorrow afternoon", "friday at 3")
_WHEN = re.compile(
    r"\b(?:(?:this|tomorrow|today|tonight|next|on)\s+)?"
    r"(?:today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tue|tues|wed|thu|thurs|fri|sat|sun|morning|afternoon|evening)"
    r"(?:\s+(?:morning|afternoon|evening|night))?"
    r"(?:\s+(?:at|around|after|before)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?)?"
    r"|\b(?:at|around|after|before)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?"
    # Spanish: "mañana en la tarde", "el viernes a las 3", "hoy por la noche"
    r"|\b(?:(?:el|este|pasado)\s+)?"
    r"(?:hoy|ma[nñ]ana|lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)"
    r"(?:\s+(?:en|por|de)\s+la\s+(?:ma[nñ]ana|tarde|noche))?"
    r"(?:\s+(?:a\s+las?|como\s+a\s+las?)\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?)?"
    r"|\ba\s+las?\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?",
    re.IGNORECASE,
)
_CANCEL = re.compile(r"\b(cancel|don'?t book|do not book|never ?mind)\b", re.I)


@lru_cache(maxsize=1)
def intake_store() -> IntakeStore:
    return IntakeStore.from_settings(settings)


@lru_cache(maxsize=1)
def scheduler() -> Scheduler:
    return Scheduler(intake_hours, intake_store())


def now() -> dt.datetime:
    return dt.datetime.now(UTC)


def slot_label(tracker: Tracker, slot: dt.datetime) -> str:
    """A slot as the person reads it: "Thu Dec 3, 12:00 PM" / "jue 3 dic, 12:00 p.m."."""
    return scheduler().label(slot, tracker.get_slot("language"))


def clear_intake() -> list[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


def _slot_time(tracker: Tracker) -> dt.datetime | None:
    value = tracker.get_slot("intake_slot")
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _yes_no(value: Any) -> bool | None:
    """An answer, or a value this form stored before: Rasa validates the slots already filled
    again whenever the form is (re)activated, e.g. after a race for a slot."""
    return value if isinstance(value, bool) else parse_yes_no(value or "")


class ValidateIntakeForm(GuidedFormValidator):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot(GAVE_UP_SLOT):
            return []  # a name or phone not understood twice: the form ends here
        slots = ["person", "intake_first_name", "intake_phone", "intake_slot", "intake_consent"]
        if tracker.get_slot("intake_consent") is False:
            return slots  # no consent: nothing more is asked and nothing is stored
        if tracker.get_slot("triage_summary"):
            slots.append("intake_attach_triage")
        return [*slots, "intake_confirmed"]

    def validate_intake_first_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = parse_first_name(value)
        return self.accept("intake_first_name", name, name, dispatcher, tracker)

    def validate_intake_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        phone = normalise_phone(value or "")
        return self.accept("intake_phone", phone, phone, dispatcher, tracker)

    def validate_intake_slot(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        try:
            proposal = scheduler().propose(value or "", now())
        except IntakeUnavailable:
            send(dispatcher, tracker, _unavailable_reply(tracker))
            return {"intake_slot": None, "requested_slot": None}
        if proposal is None and int(tracker.get_slot(MISSES_SLOT) or 0) + 1 >= (
            MISSES_BEFORE_MOVING_ON
        ):
            # a time not understood twice: the nearest open one, which the person then confirms
            proposal = scheduler().propose(ASAP_PAYLOAD, now())
        if proposal is not None and not proposal.exact:
            dispatcher.utter_message(
                response="utter_nearest_slot", slot_label=slot_label(tracker, proposal.slot)
            )
        iso = proposal.slot.astimezone(UTC).isoformat() if proposal else None
        return self.accept("intake_slot", iso, iso, dispatcher, tracker)

    def validate_intake_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = _yes_no(value)
        return self.accept("intake_consent", answer, answer, dispatcher, tracker)

    def validate_intake_attach_triage(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        answer = _yes_no(value)
        return self.accept("intake_attach_triage", answer, answer, dispatcher, tracker)

    def validate_intake_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, bool):
            return {"intake_confirmed": value}
        text = value or ""
        to_change = [slot for slot, pattern in _CHANGE.items() if pattern.search(text)]
        if to_change:
            return {**{slot: None for slot in to_change}, "intake_confirmed": None, MISSES_SLOT: 0}
        if latest_intent(tracker) == "change_request":
            dispatcher.utter_message(response="utter_what_to_change")
            return {"intake_confirmed": None}
        if _CANCEL.search(text):
            return {"intake_confirmed": False, MISSES_SLOT: 0}
        answer = parse_yes_no(text)
        return self.accept("intake_confirmed", answer, answer, dispatcher, tracker)


class ActionAskIntakeSlot(Action):
    """Offers the next free slots as buttons; free text ("tomorrow at 10") works too."""

    def name(self) -> str:
        return "action_ask_intake_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            offers = scheduler().offers(now())
        except IntakeUnavailable:
            send(dispatcher, tracker, _unavailable_reply(tracker))
            return [FollowupAction("action_end_flow")]
        asked, proposal = _time_asked_for(tracker)
        if proposal is not None:
            others = [slot for slot in offers if slot != proposal.slot]
            offers = [proposal.slot, *others][: len(offers)]
        # the title in the conversation's language; the payload in the words the form reads back
        buttons = [
            {"title": slot_label(tracker, slot), "payload": scheduler().label(slot)}
            for slot in offers
        ]
        buttons.append({"title": content_for(tracker).ui("intake_asap"), "payload": ASAP_PAYLOAD})
        if proposal is not None:
            dispatcher.utter_message(
                response="utter_ask_intake_slot_asked",
                asked=asked,
                slot_label=buttons[0]["title"],
                buttons=buttons,
            )
        else:
            dispatcher.utter_message(response="utter_ask_intake_slot", buttons=buttons)
        return []


def _time_asked_for(tracker: Tracker) -> tuple[str, Proposal | None]:
    """The time named in the message that asked for the intake ("give me a ring tomorrow
    afternoon"), and the nearest open slot to it; ("", None) when none was named."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent != "request_intake":
            continue
        text = str(event.get("text") or "")
        words = _WHEN.search(text)
        if not words:
            return "", None
        try:
            return words.group(0), scheduler().propose(words.group(0), now())
        except IntakeUnavailable:
            return "", None
    return "", None


class ActionAskIntakeConsent(Action):
    """Asks for consent in the exact words that are stored with the request."""

    def name(self) -> str:
        return "action_ask_intake_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        words = content_for(tracker)
        dispatcher.utter_message(
            text=words.ui("intake_consent"),
            buttons=[
                {"title": words.ui("consent_yes"), "payload": "yes"},
                {"title": words.ui("consent_no"), "payload": "no"},
            ],
        )
        return []


class ActionAskIntakeConfirmed(Action):
    """The summary to confirm or correct before anything is booked."""

    def name(self) -> str:
        return "action_ask_intake_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slot = _slot_time(tracker)
        dispatcher.utter_message(
            response="utter_ask_intake_confirmed",
            first_name=tracker.get_slot("intake_first_name") or "",
            phone=display_phone(tracker.get_slot("intake_phone") or ""),
            slot_label=slot_label(tracker, slot) if slot else "",
            attach=" " + content_for(tracker).ui("intake_attach_note")
            if tracker.get_slot("intake_attach_triage")
            else "",
        )
        return []


def _unavailable_reply(tracker: Tracker) -> Reply:
    return hotline_reply(content_for(tracker), settings.hotline, settings.hotline_tel_uri)


class ActionBookIntake(Action):
    """Books the confirmed request; says "booked" only after the commit."""

    def name(self) -> str:
        return "action_book_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        forget = [*clear_intake(), SlotSet(MISSES_SLOT, 0)]
        if tracker.get_slot(GAVE_UP_SLOT):
            return forget  # the form already said why and offered the 24/7 line
        if tracker.get_slot("intake_consent") is False:
            dispatcher.utter_message(response="utter_intake_no_consent")
            return forget
        if tracker.get_slot("intake_confirmed") is not True:
            dispatcher.utter_message(response="utter_intake_cancelled")
            return forget
        slot = _slot_time(tracker)
        if slot is None:
            return [
                SlotSet("intake_slot", None),
                SlotSet("intake_confirmed", None),
                FollowupAction("intake_form"),
            ]
        attach = tracker.get_slot("intake_attach_triage") and tracker.get_slot("triage_summary")
        request = IntakeRequest(
            conversation_id=tracker.sender_id,
            for_whom=tracker.get_slot("person") or "self",
            first_name=tracker.get_slot("intake_first_name"),
            phone_e164=tracker.get_slot("intake_phone"),
            slot_start=slot,
            consent_text=content_for(tracker).ui("intake_consent"),
            consented_at=now(),
            triage_summary=attach or None,
            language=content_for(tracker).language,
        )
        store = intake_store()
        try:
            result = store.book(request)
        except IntakeUnavailable:
            log.error("intake booking failed: the intake database is unavailable")
            dispatcher.utter_message(response="utter_intake_unavailable")
            return forget
        if isinstance(result, SlotTaken):
            offers = scheduler().offers(now(), n=1)
            if not offers:
                dispatcher.utter_message(response="utter_intake_unavailable")
                return forget
            dispatcher.utter_message(
                response="utter_slot_taken", slot_label=slot_label(tracker, offers[0])
            )
            return [
                SlotSet("intake_slot", offers[0].astimezone(UTC).isoformat()),
                SlotSet("intake_confirmed", None),
                FollowupAction("intake_form"),
            ]
        booking = result.booking
        if isinstance(result, Booked):
            notify_in_background(store, Notifier.from_settings(settings), booking)
        dispatcher.utter_message(
            response="utter_intake_booked",
            slot_label=slot_label(tracker, booking.slot_start),
            phone=display_phone(booking.phone_e164),
            reference=booking.reference,
        )
        return [*forget, SlotSet("triage_summary", None)]
