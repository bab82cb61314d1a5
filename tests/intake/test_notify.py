import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.intake.models import IntakeUnavailable
from bot.intake.notify import Notifier, notify, notify_in_background, notify_pending
from bot.intake.store import IntakeStore
from ops.services import free_port
from tests.intake.conftest import CONSENT, NAME, NOW, PHONE, local


class Webhook:
    """A real local HTTP server answering with scripted status codes (then 200)."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.bodies = []
        webhook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                webhook.bodies.append(json.loads(self.rfile.read(length)))
                status = webhook.statuses.pop(0) if webhook.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/intake"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def webhook_factory():
    servers = []

    def start(statuses=()):
        servers.append(Webhook(statuses))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def sleeps():
    return []


def notifier_for(url, sleeps, **changes):
    options = {"attempts": 4, "base_delay": 0.01, "timeout": 5.0, "zone": local(2026, 3, 5).tzinfo}
    options.update(changes)
    return Notifier(url=url, sleep=sleeps.append, **options)


@pytest.fixture
def booking(intake_store, make_request):
    return intake_store.book(make_request(local(2026, 3, 5, 10, 0), triage_summary="IOP")).booking


def test_failures_are_retried_with_backoff_until_delivered(
    webhook_factory, intake_store, booking, sleeps
):
    webhook = webhook_factory(statuses=[500, 503])
    assert notify(intake_store, notifier_for(webhook.url, sleeps), booking) is True
    assert len(webhook.bodies) == 3
    assert sleeps == [0.01, 0.02]  # exponential backoff
    stored = intake_store.get(booking.reference)
    assert (stored.notified_at, stored.notify_attempts) == (NOW, 3)
    assert intake_store.pending_notifications() == []


def test_the_payload_is_the_minimum_staff_need(webhook_factory, intake_store, booking, sleeps):
    webhook = webhook_factory()
    notify(intake_store, notifier_for(webhook.url, sleeps), booking)
    assert webhook.bodies == [
        {
            "event": "intake.booked",
            "reference": booking.reference,
            "slot_start": "2026-03-05T10:00:00-05:00",
            "slot_start_utc": "2026-03-05T15:00:00Z",
            "slot_minutes": 30,
            "for_whom": "self",
            "created_at": "2026-03-04T15:15:00Z",
            "lookup": f"python -m bot.intake show {booking.reference}",
        }
    ]
    sent = json.dumps(webhook.bodies)
    for personal in (NAME, PHONE, "9195550123", CONSENT, "IOP"):
        assert personal not in sent


def test_a_server_that_is_down_keeps_the_booking_not_notified(
    intake_store, booking, sleeps, caplog
):
    down = f"http://127.0.0.1:{free_port()}/intake"
    assert notify(intake_store, notifier_for(down, sleeps, attempts=3), booking) is False
    assert sleeps == [0.01, 0.02]
    stored = intake_store.get(booking.reference)
    assert (stored.status, stored.notified_at, stored.notify_attempts) == ("booked", None, 3)
    assert [b.reference for b in intake_store.pending_notifications()] == [booking.reference]
    assert "notify-pending" in caplog.text
    assert NAME not in caplog.text and PHONE not in caplog.text


def test_a_client_error_is_not_retried_but_stays_pending(
    webhook_factory, intake_store, booking, sleeps
):
    webhook = webhook_factory(statuses=[404])
    assert notify(intake_store, notifier_for(webhook.url, sleeps), booking) is False
    assert (len(webhook.bodies), sleeps) == (1, [])
    assert intake_store.get(booking.reference).notify_attempts == 1


def test_notify_pending_retries_what_failed_earlier(
    webhook_factory, intake_store, make_request, sleeps
):
    first = intake_store.book(make_request(local(2026, 3, 5, 10, 0))).booking
    second = intake_store.book(make_request(local(2026, 3, 5, 10, 30))).booking
    down = f"http://127.0.0.1:{free_port()}/intake"
    assert notify_pending(intake_store, notifier_for(down, sleeps, attempts=2)) == (0, 2)
    webhook = webhook_factory(statuses=[502])
    assert notify_pending(intake_store, notifier_for(webhook.url, sleeps)) == (2, 0)
    assert [body["reference"] for body in webhook.bodies] == [
        first.reference,
        first.reference,
        second.reference,
    ]
    assert intake_store.get(first.reference).notify_attempts == 2 + 2
    assert notify_pending(intake_store, notifier_for(webhook.url, sleeps)) == (0, 0)


def test_notifying_in_the_background_does_not_block(webhook_factory, intake_store, booking, sleeps):
    webhook = webhook_factory(statuses=[500])
    thread = notify_in_background(intake_store, notifier_for(webhook.url, sleeps), booking)
    thread.join(timeout=30)
    assert intake_store.get(booking.reference).notified_at == NOW


def test_no_url_means_no_notifications(intake_store, booking, sleeps):
    notifier = notifier_for("", sleeps)
    assert not notifier.enabled
    assert notify(intake_store, notifier, booking) is False
    assert notify_in_background(intake_store, notifier, booking) is None
    assert intake_store.get(booking.reference).notify_attempts == 0


def test_a_database_outage_while_recording_does_not_raise(
    webhook_factory, booking, sleeps, tmp_path, caplog
):
    webhook = webhook_factory()
    broken = IntakeStore(f"sqlite:///{tmp_path}")  # a directory: cannot be opened
    assert notify(broken, notifier_for(webhook.url, sleeps), booking) is True
    assert "could not record" in caplog.text
    with pytest.raises(IntakeUnavailable):
        broken.pending_notifications()
