"""The intake form's adapters, against a real SQLite intake database."""

import asyncio
import datetime as dt
import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.intake as intake
from actions.runtime import settings
from bot.intake.availability import UTC, Availability
from bot.intake.scheduling import Scheduler
from bot.intake.store import IntakeStore
from tests.support.trackers import tracker_for


def validate(slot, value, slots=None, intent="inform"):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for(intent, text=value, slots=slots)
    result = getattr(intake.ValidateIntakeForm(), f"validate_{slot}")(
        value, dispatcher, tracker, {}
    )
    return result, dispatcher.messages


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("919 555 0123", "+19195550123"),
        ("(704) 555-0199", "+17045550199"),
        ("12345", None),
        ("call me", None),
    ],
)
def test_phone_numbers_are_stored_as_e164_or_re_asked_with_an_example(value, expected):
    result, messages = validate("intake_phone", value)
    assert result["intake_phone"] == expected
    if expected is None:
        assert messages[0]["response"] == "utter_retry_intake_phone"


def test_a_free_text_time_is_matched_to_a_free_slot(store):
    result, messages = validate("intake_slot", "as soon as possible")
    slot = dt.datetime.fromisoformat(result["intake_slot"])
    assert slot > dt.datetime.now(UTC)
    assert messages[0]["response"] == "utter_nearest_slot"


@pytest.mark.parametrize(
    ("value", "cleared"),
    [
        ("change the time", {"intake_slot"}),
        ("wrong number", {"intake_phone"}),
        ("fix my name", {"intake_first_name"}),
    ],
)
def test_a_correction_clears_only_what_changes(value, cleared):
    result, _ = validate("intake_confirmed", value)
    assert {k for k, v in result.items() if v is None} - {"intake_confirmed"} == cleared


def test_consent_no_asks_nothing_more(store):
    tracker = tracker_for("deny", slots={"intake_consent": False})
    asked = asyncio.run(
        intake.ValidateIntakeForm().required_slots([], CollectingDispatcher(), tracker, {})
    )
    assert asked[-1] == "intake_consent"


def book(slots, sender="test-user"):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("affirm", slots=slots, sender=sender)
    events = asyncio.run(intake.ActionBookIntake().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def confirmed_request(store, **overrides):
    slot = Scheduler(Availability.from_settings(settings), store).offers(dt.datetime.now(UTC))[0]
    return {
        "person": "self",
        "intake_first_name": "Dana",
        "intake_phone": "+19195550123",
        "intake_slot": slot.astimezone(UTC).isoformat(),
        "intake_consent": True,
        "intake_confirmed": True,
        **overrides,
    }


def test_booking_writes_one_row_says_booked_with_a_reference_and_forgets_personal_data(store):
    messages, events = book(confirmed_request(store))
    assert messages[0]["response"] == "utter_intake_booked"
    (booking,) = store.list()
    assert booking.first_name == "Dana" and booking.phone_e164 == "+19195550123"
    assert messages[0]["reference"] == booking.reference
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] is None}
    assert {"intake_first_name", "intake_phone"} <= cleared


def test_submitting_twice_books_once(store):
    request = confirmed_request(store)
    book(request)
    book(request)
    assert len(store.list()) == 1


def test_a_taken_slot_offers_the_next_free_one(store):
    request = confirmed_request(store)
    book(request, sender="first-visitor")
    messages, events = book({**request, "intake_first_name": "Lee"}, sender="second-visitor")
    assert messages[0]["response"] == "utter_slot_taken"
    offered = {e["name"]: e["value"] for e in events if e["event"] == "slot"}["intake_slot"]
    assert offered != request["intake_slot"]
    assert events[-1] == {"event": "followup", "name": "intake_form", "timestamp": None}
    assert len(store.list()) == 1


def test_no_consent_stores_nothing(store):
    messages, _ = book(confirmed_request(store, intake_consent=False))
    assert messages[0]["response"] == "utter_intake_no_consent"
    assert store.list() == []


def test_a_database_that_is_down_gets_an_apology_and_the_hotline(tmp_path, monkeypatch):
    (tmp_path / "a-file").write_text("not a directory")
    broken = IntakeStore(f"sqlite:///{tmp_path / 'a-file' / 'intake.db'}")
    sched = Scheduler(Availability.from_settings(settings), broken)
    monkeypatch.setattr(intake, "intake_store", lambda: broken)
    monkeypatch.setattr(intake, "scheduler", lambda: sched)
    slot = dt.datetime.now(UTC) + dt.timedelta(days=2)
    messages, _ = book(
        {
            "person": "self",
            "intake_first_name": "Dana",
            "intake_phone": "+19195550123",
            "intake_slot": slot.isoformat(),
            "intake_consent": True,
            "intake_confirmed": True,
        }
    )
    assert messages[0]["response"] == "utter_intake_unavailable"


@pytest.mark.parametrize(
    ("slot", "stored"),
    [
        ("intake_first_name", "Dana"),
        ("intake_phone", "+19195550123"),
        ("intake_consent", True),
        ("intake_consent", False),
        ("intake_attach_triage", True),
        ("intake_confirmed", True),
    ],
)
def test_a_value_the_form_stored_is_valid_again(store, slot, stored):
    """Rasa validates the filled slots again when the form is reactivated (after a race for a
    slot): what the form stored must pass unchanged and without a retry message."""
    result, messages = validate(slot, stored)
    assert result[slot] == stored and messages == []


def test_a_stored_free_slot_is_valid_again(store):
    first = Scheduler(Availability.from_settings(settings), store).offers(dt.datetime.now(UTC))[0]
    stored = first.astimezone(UTC).isoformat()
    result, messages = validate("intake_slot", stored)
    assert result["intake_slot"] == stored and messages == []


# --- free text and misses: every intake reaches an end -------------------------------------


def test_a_time_not_understood_twice_becomes_the_nearest_open_one(store):
    result, messages = validate("intake_slot", "purple", slots={intake.MISSES_SLOT: 1})
    assert dt.datetime.fromisoformat(result["intake_slot"]) > dt.datetime.now(UTC)
    assert messages[0]["response"] == "utter_nearest_slot"


@pytest.mark.parametrize(("slot", "value"), [("intake_first_name", "12"), ("intake_phone", "34")])
def test_a_name_or_phone_not_understood_twice_ends_the_form_with_the_line(slot, value):
    result, messages = validate(slot, value, slots={intake.MISSES_SLOT: 1})
    assert result == {slot: None, intake.MISSES_SLOT: 0, intake.GAVE_UP_SLOT: True}
    assert messages[0]["response"] == "utter_form_gave_up"
    required = asyncio.run(
        intake.ValidateIntakeForm().required_slots(
            [], CollectingDispatcher(), tracker_for("inform", slots={intake.GAVE_UP_SLOT: True}), {}
        )
    )
    assert required == []


@pytest.mark.parametrize(
    ("slot", "value"),
    [("intake_consent", False), ("intake_attach_triage", False), ("intake_confirmed", False)],
)
def test_a_yes_or_no_not_understood_twice_is_taken_as_no(slot, value):
    result, _ = validate(slot, "purple", slots={intake.MISSES_SLOT: 1})
    assert result[slot] is value


@pytest.mark.parametrize(
    ("text", "asked", "language"),
    [
        ("could your team give me a ring tomorrow afternoon?", "tomorrow afternoon", "en"),
        ("pueden llamarme mañana en la tarde?", "mañana en la tarde", "es"),
        ("me pueden marcar el viernes a las 3", "el viernes a las 3", "es"),
    ],
)
def test_a_callback_time_is_offered_first(store, text, asked, language):
    tracker = tracker_for("request_intake", text=text, slots={"language": language})
    dispatcher = CollectingDispatcher()
    asyncio.run(intake.ActionAskIntakeSlot().run(dispatcher, tracker, {}))
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_intake_slot_asked"
    assert message["asked"] == asked
    assert message["buttons"][0]["title"] == message["slot_label"]


def test_without_a_time_the_next_open_times_are_offered(store):
    tracker = tracker_for("request_intake", text="i want to schedule an intake")
    dispatcher = CollectingDispatcher()
    asyncio.run(intake.ActionAskIntakeSlot().run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["response"] == "utter_ask_intake_slot"


# --- in the conversation's language: titles translated, payloads the form reads back ------


def ask(action, slots):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("request_intake", text="quiero agendar una cita", slots=slots)
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_spanish_times_are_labelled_in_spanish_and_tapping_one_books_that_slot(store):
    (message,) = ask(intake.ActionAskIntakeSlot(), {"language": "es"})
    *times, asap = message["buttons"]
    assert asap == {"title": "Lo antes posible", "payload": intake.ASAP_PAYLOAD}
    for button in times:
        assert re.fullmatch(
            r"(lun|mar|mié|jue|vie|sáb|dom)\.? \d{1,2} \w+\.?, \d{1,2}:\d\d [ap]\.\s?m\.",
            button["title"],
        ), button
        assert re.fullmatch(
            r"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d [AP]M", button["payload"]
        )
    for words in (times[0]["payload"], times[0]["title"]):  # tapped, or the Spanish typed
        result, _ = validate("intake_slot", words, slots={"language": "es"})
        shown = dt.datetime.fromisoformat(result["intake_slot"])
        assert intake.scheduler().label(shown, "es") == times[0]["title"]


def test_the_spanish_consent_question_and_buttons(store):
    (message,) = ask(intake.ActionAskIntakeConsent(), {"language": "es"})
    assert message["text"].startswith("¿Está bien que el Carolina Center for Recovery")
    assert message["buttons"] == [
        {"title": "Sí, está bien", "payload": "yes"},
        {"title": "No", "payload": "no"},
    ]


def test_the_spanish_summary_to_confirm_has_a_spanish_time_and_attachment_line(store):
    request = confirmed_request(store, language="es", intake_attach_triage=True)
    (message,) = ask(intake.ActionAskIntakeConfirmed(), request)
    assert message["attach"] == " Se adjuntará un resumen de sus respuestas a las preguntas."
    assert re.search(r"\d:\d\d [ap]\.\s?m\.$", message["slot_label"])


def test_a_spanish_booking_stores_the_spanish_consent_and_the_language(store):
    messages, _ = book(confirmed_request(store, language="es"))
    (booking,) = store.list()
    assert (booking.language, booking.language_name) == ("es", "Spanish")
    assert booking.consent_text.startswith("¿Está bien que el Carolina Center for Recovery")
    assert re.search(r"\d:\d\d [ap]\.\s?m\.$", messages[0]["slot_label"])
