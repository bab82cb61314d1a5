import csv
import datetime as dt
import io
import multiprocessing
import threading
import traceback

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import IntegrityError

from bot.intake.models import (
    REFERENCE_ALPHABET,
    UTC,
    AlreadyBooked,
    Booked,
    IntakeConfigError,
    IntakeUnavailable,
    SlotTaken,
    UnknownReference,
)
from bot.intake.store import IntakeRow, IntakeStore
from ops.services import free_port
from tests.intake.conftest import CONSENT, NAME, NOW, PHONE, local
from tests.intake.race_worker import book_when_released

SLOT = local(2026, 3, 5, 10, 0)


def test_booking_commits_a_row_with_a_short_reference(intake_store, make_request):
    result = intake_store.book(make_request(SLOT, triage_summary="IOP fits"))
    assert isinstance(result, Booked)
    booking = result.booking
    assert len(booking.reference) == 6 and set(booking.reference) <= set(REFERENCE_ALPHABET)
    assert booking.slot_start == SLOT and booking.slot_start.tzinfo == UTC
    stored = IntakeStore(intake_store.url).get(booking.reference.lower())  # a second connection
    assert stored == booking
    assert (stored.status, stored.first_name, stored.phone_e164) == ("booked", NAME, PHONE)
    assert (stored.consent_text, stored.triage_summary, stored.created_at) == (
        CONSENT,
        "IOP fits",
        NOW,
    )
    assert (stored.notified_at, stored.notify_attempts) == (None, 0)


def test_a_taken_slot_is_refused_and_the_caller_can_offer_the_next(
    intake_store, make_request, availability
):
    intake_store.book(make_request(SLOT))
    result = intake_store.book(make_request(SLOT))
    assert result == SlotTaken(SLOT)
    taken = intake_store.taken_slots(NOW, NOW + dt.timedelta(days=7))
    assert taken == {SLOT}
    offered = availability.next_free_slots(local(2026, 3, 5, 7, 45), taken, n=1)
    assert offered == [local(2026, 3, 5, 10, 30)]
    assert isinstance(intake_store.book(make_request(offered[0])), Booked)


def test_the_same_instant_in_another_time_zone_is_the_same_slot(intake_store, make_request):
    intake_store.book(make_request(SLOT))
    assert isinstance(intake_store.book(make_request(SLOT.astimezone(UTC))), SlotTaken)


def test_resubmitting_from_the_same_conversation_returns_the_existing_booking(
    intake_store, make_request
):
    first = intake_store.book(make_request(SLOT, conversation_id="c-1"))
    again = intake_store.book(make_request(SLOT, conversation_id="c-1"))
    other_slot = intake_store.book(make_request(local(2026, 3, 6, 9, 0), conversation_id="c-1"))
    assert again == AlreadyBooked(first.booking)
    assert other_slot == AlreadyBooked(first.booking)
    assert len(intake_store.list()) == 1


def test_the_database_itself_enforces_one_booking_per_slot_and_conversation(
    intake_store, make_request
):
    """Plain INSERTs that skip the store's own checks are refused by the indexes."""
    booking = intake_store.book(make_request(SLOT, conversation_id="c-1")).booking
    engine = create_engine(intake_store.url, future=True)
    insert = IntakeRow.__table__.insert()
    other = local(2026, 3, 6, 14, 0)

    def row(reference, conversation, slot, status="booked"):
        return {
            "reference": reference, "conversation_id": conversation, "for_whom": "self",
            "first_name": "X", "phone_e164": "+1", "slot_start": slot, "status": status,
            "consent_text": "ok", "consented_at": NOW, "created_at": NOW, "notify_attempts": 0,
        }  # fmt: skip

    with engine.begin() as connection:  # cancelled rows do not hold a slot or a conversation
        connection.execute(insert, row("AAAAAA", "c-1", SLOT, status="cancelled"))
    for values in (
        row("BBBBBB", "c-3", SLOT),  # same slot
        row("CCCCCC", "c-3", SLOT.astimezone(UTC)),  # same slot, written in UTC
        row("DDDDDD", "c-1", other),  # same conversation
        row(booking.reference, "c-4", other),  # same reference
        row("EEEEEE", "c-5", other, status="pending"),  # unknown status
    ):
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(insert, values)
    engine.dispose()


def _race(stores, requests):
    """Book from every store at the same moment; returns the outcome type names."""
    barrier = threading.Barrier(len(stores))
    results, errors = [], []

    def book(store, request):
        try:
            barrier.wait(timeout=30)
            results.append(type(store.book(request)).__name__)
        except Exception:  # surfaced below
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=book, args=pair) for pair in zip(stores, requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return sorted(results)


def test_two_threads_racing_for_one_slot_exactly_one_wins(db_url, make_request):
    """Four stores (four connections, as four action-server workers) on one SQLite file."""
    for round_number in range(10):
        slot = local(2026, 3, 9, 8, 0) + dt.timedelta(minutes=30 * round_number)
        stores = [IntakeStore(db_url) for _ in range(4)]
        outcomes = _race(stores, [make_request(slot) for _ in stores])
        assert outcomes == ["Booked", "SlotTaken", "SlotTaken", "SlotTaken"]
        for store in stores:
            store.close()
    assert len(IntakeStore(db_url).taken_slots(NOW, NOW + dt.timedelta(days=30))) == 10


def test_a_double_submit_racing_itself_books_once(db_url, make_request):
    stores = [IntakeStore(db_url) for _ in range(3)]
    slots = [local(2026, 3, 9, 8, 0), local(2026, 3, 9, 8, 30), local(2026, 3, 9, 9, 0)]
    outcomes = _race(stores, [make_request(slot, conversation_id="same") for slot in slots])
    assert outcomes == ["AlreadyBooked", "AlreadyBooked", "Booked"]
    assert len(stores[0].list()) == 1


def test_two_processes_racing_for_one_slot_exactly_one_wins(db_url):
    IntakeStore(db_url).taken_slots(NOW, NOW)  # create the tables first
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    slot = local(2026, 3, 10, 9, 0).isoformat()
    processes = [
        context.Process(target=book_when_released, args=(db_url, f"p-{n}", slot, barrier, results))
        for n in range(2)
    ]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=120)[1] for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert outcomes == ["Booked", "SlotTaken"]


def test_cancelling_frees_the_slot(intake_store, make_request):
    booking = intake_store.book(make_request(SLOT, conversation_id="c-1")).booking
    cancelled = intake_store.cancel(f" {booking.reference.lower()} ")
    assert cancelled.status == "cancelled"
    assert intake_store.cancel(booking.reference).status == "cancelled"  # twice is harmless
    assert intake_store.taken_slots(NOW, NOW + dt.timedelta(days=7)) == set()
    assert isinstance(intake_store.book(make_request(SLOT)), Booked)
    # the same conversation may book again once its booking is cancelled
    assert isinstance(
        intake_store.book(make_request(local(2026, 3, 6, 9, 0), conversation_id="c-1")), Booked
    )


def test_unknown_references(intake_store):
    assert intake_store.get("ZZZZZZ") is None
    with pytest.raises(UnknownReference, match="ZZZZZZ"):
        intake_store.cancel("zzzzzz")
    with pytest.raises(UnknownReference):
        intake_store.mark_notified("ZZZZZZ")


def test_list_since_filters_on_when_the_request_arrived(db_url, make_request):
    clock = {"now": NOW}
    store = IntakeStore(db_url, clock=lambda: clock["now"])
    early = store.book(make_request(local(2026, 3, 6, 9, 0))).booking
    clock["now"] = NOW + dt.timedelta(days=1)
    late = store.book(make_request(local(2026, 3, 5, 9, 0))).booking
    assert [b.reference for b in store.list()] == [late.reference, early.reference]  # by slot
    assert [b.reference for b in store.list(since=NOW + dt.timedelta(hours=1))] == [late.reference]


def test_the_language_is_stored_with_the_consent_in_that_language(intake_store, make_request):
    spanish = "¿Está bien que le llamemos a este número sobre esta solicitud?"
    booking = intake_store.book(make_request(SLOT, consent_text=spanish, language="es")).booking
    stored = IntakeStore(intake_store.url).get(booking.reference)
    assert (stored.language, stored.language_name, stored.consent_text) == (
        "es",
        "Spanish",
        spanish,
    )
    english = intake_store.book(make_request(local(2026, 3, 6, 9, 0))).booking
    assert (english.language, english.language_name) == ("en", "English")


# The table as the release before issue #16 created it: no `language` column.
OLD_TABLE = """
CREATE TABLE intake_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, reference VARCHAR(6) NOT NULL UNIQUE,
    conversation_id VARCHAR(255) NOT NULL, for_whom VARCHAR(64) NOT NULL,
    first_name VARCHAR(100) NOT NULL, phone_e164 VARCHAR(16) NOT NULL,
    slot_start DATETIME NOT NULL, status VARCHAR(16) NOT NULL, consent_text TEXT NOT NULL,
    consented_at DATETIME NOT NULL, triage_summary TEXT, created_at DATETIME NOT NULL,
    notified_at DATETIME, notify_attempts INTEGER NOT NULL)
"""


def test_a_table_from_before_languages_is_upgraded_and_its_rows_read_as_english(
    db_url, make_request
):
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.exec_driver_sql(OLD_TABLE)
        connection.exec_driver_sql(
            "INSERT INTO intake_requests (reference, conversation_id, for_whom, first_name,"
            " phone_e164, slot_start, status, consent_text, consented_at, created_at,"
            " notify_attempts) VALUES ('ABC234', 'old', 'self', 'Ann', '+19195550123',"
            " '2026-03-05 15:00:00', 'booked', 'ok?', '2026-03-01 12:00:00',"
            " '2026-03-01 12:00:00', 0)"
        )
    engine.dispose()
    store = IntakeStore(db_url, clock=lambda: NOW)
    assert store.get("ABC234").language == "en"
    spanish = store.book(make_request(local(2026, 3, 6, 9, 0), language="es")).booking
    assert IntakeStore(db_url).get(spanish.reference).language == "es"
    store.close()


def test_export_csv(intake_store, make_request):
    intake_store.book(make_request(SLOT, first_name="=HYPERLINK(1)", triage_summary="OP, evenings"))
    intake_store.book(make_request(local(2026, 3, 6, 9, 0)))
    out = io.StringIO()
    assert intake_store.export_csv(NOW - dt.timedelta(days=1), out, zone=SLOT.tzinfo) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["slot_start_local"] for row in rows] == [
        "2026-03-05T10:00:00-05:00",
        "2026-03-06T09:00:00-05:00",
    ]
    assert rows[0]["slot_start_utc"] == "2026-03-05T15:00:00Z"
    assert rows[0]["first_name"] == "'=HYPERLINK(1)"  # not run as a spreadsheet formula
    assert (rows[0]["phone_e164"], rows[0]["triage_summary"]) == (PHONE, "OP, evenings")
    assert intake_store.export_csv(NOW + dt.timedelta(days=1), io.StringIO()) == 0


def test_pending_notifications(intake_store, make_request):
    first = intake_store.book(make_request(SLOT)).booking
    second = intake_store.book(make_request(local(2026, 3, 6, 9, 0))).booking
    cancelled = intake_store.book(make_request(local(2026, 3, 6, 9, 30))).booking
    intake_store.cancel(cancelled.reference)
    intake_store.add_notify_attempts(first.reference, 3)
    intake_store.mark_notified(second.reference)
    pending = intake_store.pending_notifications()
    assert [(b.reference, b.notify_attempts) for b in pending] == [(first.reference, 3)]
    assert intake_store.get(second.reference).notified_at == NOW


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "x" * 101}, "first_name"),
        ({"phone_e164": "919 555 0123"}, "E.164"),
        ({"consent_text": " "}, "consent"),
        ({"slot_start": dt.datetime(2026, 3, 5, 10, 0)}, "slot_start must be time-zone aware"),
        ({"language": "fr"}, "language must be one of en, es"),
    ],
)
def test_malformed_requests_are_refused_before_the_database(
    intake_store, make_request, change, message
):
    with pytest.raises(ValueError, match=message):
        intake_store.book(make_request(**change))


def test_a_malformed_url_is_a_configuration_error():
    with pytest.raises(IntakeConfigError):
        IntakeStore("not a url")
    with pytest.raises(IntakeConfigError):
        IntakeStore("nosuchdb://localhost/x")


def _unavailable_urls(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not an SQLite database" * 100)
    return {
        "parent is a file": f"sqlite:///{a_file / 'intake.db'}",
        "path is a directory": f"sqlite:///{tmp_path}",
        "not a database": f"sqlite:///{garbage}",
        "postgres not listening": f"postgresql://intake:secret@127.0.0.1:{free_port()}/intake",
    }


@pytest.mark.parametrize(
    "case", ["parent is a file", "path is a directory", "not a database", "postgres not listening"]
)
def test_a_database_that_is_down_raises_intake_unavailable_without_personal_data(
    tmp_path, make_request, caplog, case
):
    store = IntakeStore(_unavailable_urls(tmp_path)[case])
    with pytest.raises(IntakeUnavailable) as raised:
        store.book(make_request(SLOT))
    _assert_no_personal_data(raised, caplog)
    assert "book" in caplog.text
    assert "secret" not in caplog.text
    for call in (store.list, store.pending_notifications, lambda: store.cancel("ABCDEF")):
        with pytest.raises(IntakeUnavailable):
            call()


def test_a_write_that_fails_after_connecting_logs_no_personal_data(db_url, make_request, caplog):
    IntakeStore(db_url).taken_slots(NOW, NOW)  # tables exist; now open the file read-only
    path = db_url.removeprefix("sqlite:///")
    store = IntakeStore(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert store.taken_slots(NOW, NOW + dt.timedelta(days=1)) == set()  # reading works
    with pytest.raises(IntakeUnavailable, match="readonly") as raised:
        store.book(make_request(SLOT, triage_summary="drinks daily"))
    _assert_no_personal_data(raised, caplog)
    assert "drinks" not in caplog.text


def _assert_no_personal_data(raised, caplog):
    error = raised.value
    assert error.__cause__ is None and error.__suppress_context__
    shown = (
        caplog.text
        + str(error)
        + "".join(traceback.format_exception(type(error), error, error.__traceback__))
    )
    for personal in (NAME, PHONE, "9195550123", CONSENT):
        assert personal not in shown
    assert any(record.levelname == "ERROR" for record in caplog.records)


def test_naive_times_are_a_programming_error_not_an_outage(intake_store):
    naive = dt.datetime(2026, 3, 4, 10, 15)
    with pytest.raises(ValueError, match="aware"):
        intake_store.taken_slots(naive, naive)
    with pytest.raises(ValueError, match="aware"):
        intake_store.list(since=naive)
