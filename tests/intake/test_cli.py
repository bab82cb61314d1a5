"""The staff command, run as staff run it: `python -m bot.intake ...` in a subprocess."""

import csv
import datetime as dt
import io
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.intake.models import Booked
from bot.intake.store import IntakeStore
from bot.settings import PROJECT_ROOT
from tests.intake.conftest import NOW, local

SLOT = local(2026, 3, 5, 10, 0)


@pytest.fixture
def staff(db_url):
    def run(*args, notify_url="", db=db_url):
        env = {
            **os.environ,
            "INTAKE_DB_URL": db,
            "INTAKE_NOTIFY_URL": notify_url,
            "NO_PROXY": "127.0.0.1,localhost",
        }
        return subprocess.run(
            [sys.executable, "-m", "bot.intake", *args],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.fixture
def two_bookings(intake_store, make_request):
    first = intake_store.book(
        make_request(SLOT, first_name="Ann", triage_summary="IOP fits")
    ).booking
    second = intake_store.book(
        make_request(local(2026, 3, 6, 14, 30), first_name="Bo", for_whom="spouse", language="es")
    ).booking
    return first, second


def test_list(staff, two_bookings):
    first, second = two_bookings
    result = staff("list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "REF", "STATUS", "SLOT", "FOR", "LANGUAGE", "NAME", "PHONE", "NOTIFIED",
    ]  # fmt: skip
    assert lines[1].split() == [
        first.reference,
        "booked",
        "Thu",
        "2026-03-05",
        "10:00",
        "EST",
        "self",
        "English",
        "Ann",
        "919-555-0123",
        "no",
    ]
    assert lines[2].split()[:9] == [
        second.reference,
        "booked",
        "Fri",
        "2026-03-06",
        "14:30",
        "EST",
        "spouse",
        "Spanish",
        "Bo",
    ]


def test_list_since_a_date_after_every_request(staff, two_bookings):
    result = staff("list", "--since", "2026-03-05")
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "No intake requests since 2026-03-05 00:00 EST.",
    )


def test_show(staff, two_bookings):
    first, _ = two_bookings
    result = staff("show", first.reference.lower())
    assert result.returncode == 0, result.stderr
    assert f"Reference:      {first.reference}" in result.stdout
    assert "Slot:           Thu 2026-03-05 10:00 EST (30 min)" in result.stdout
    assert "Phone:          919-555-0123 (+19195550123)" in result.stdout
    assert "Triage summary: IOP fits" in result.stdout
    assert "Language:       English" in result.stdout


@pytest.mark.parametrize("command", ["show", "cancel"])
def test_an_unknown_reference_exits_1_with_a_message(staff, two_bookings, command):
    result = staff(command, "ZZZZZZ")
    assert result.returncode == 1
    assert "no intake request with reference 'ZZZZZZ'" in result.stderr
    assert result.stdout == ""


def test_export_to_stdout_and_to_a_file(staff, two_bookings, tmp_path):
    first, second = two_bookings
    result = staff("export", "--since", "2026-03-01")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [
        (row["reference"], row["slot_start_local"], row["language"], row["first_name"])
        for row in rows
    ] == [
        (first.reference, "2026-03-05T10:00:00-05:00", "English", "Ann"),
        (second.reference, "2026-03-06T14:30:00-05:00", "Spanish", "Bo"),
    ]
    out = tmp_path / "exports" / "intake.csv"
    result = staff("export", "--since", "2026-03-01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Exported 2 intake request(s)" in result.stderr
    with out.open(newline="", encoding="utf-8") as exported:
        assert list(csv.DictReader(exported)) == rows


def test_export_needs_a_valid_since(staff, two_bookings):
    assert staff("export").returncode == 2
    result = staff("export", "--since", "last tuesday")
    assert result.returncode == 2 and "is not a date" in result.stderr


def test_cancel_frees_the_slot(staff, two_bookings, db_url, make_request):
    first, _ = two_bookings
    result = staff("cancel", first.reference)
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip()
        == f"Cancelled {first.reference} (Thu 2026-03-05 10:00 EST); the slot is free again."
    )
    assert (
        staff("cancel", first.reference).stdout.strip()
        == f"{first.reference} was already cancelled."
    )
    assert "cancelled" in staff("list").stdout.splitlines()[1]
    store = IntakeStore(db_url, clock=lambda: NOW)
    assert SLOT.astimezone(dt.timezone.utc) not in store.taken_slots(
        NOW, NOW + dt.timedelta(days=7)
    )
    assert isinstance(store.book(make_request(SLOT)), Booked)


def test_notify_pending(staff, two_bookings):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/hook"
        result = staff("notify-pending", notify_url=url)
        assert (result.returncode, result.stdout.strip()) == (0, "Delivered 2; still pending 0.")
        assert len(received) == 2
        result = staff("notify-pending", notify_url=url)
        assert (result.returncode, result.stdout.strip()) == (0, "Delivered 0; still pending 0.")
    finally:
        server.shutdown()
        server.server_close()


def test_notify_pending_without_a_webhook(staff, two_bookings):
    result = staff("notify-pending")
    assert result.returncode == 1 and "INTAKE_NOTIFY_URL is not set" in result.stderr


def test_a_database_that_is_down_exits_1_with_a_message(staff, tmp_path):
    result = staff("list", db=f"sqlite:///{tmp_path}")
    assert result.returncode == 1
    assert "error: the intake database" in result.stderr and "is unavailable" in result.stderr
    assert "Traceback" not in result.stderr
