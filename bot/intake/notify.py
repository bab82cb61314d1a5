"""The optional staff webhook: one JSON POST per new booking (INTAKE_NOTIFY_URL; unset = off).

What is sent is the minimum staff need to know that there is something to act on:

    {"event": "intake.booked", "reference": "K7QM2X", "slot_start": "2026-03-05T10:00:00-05:00",
     "slot_start_utc": "2026-03-05T15:00:00Z", "slot_minutes": 30, "for_whom": "self",
     "created_at": "2026-03-04T15:20:11Z", "lookup": "python -m bot.intake show K7QM2X"}

No name, phone number, consent text or triage summary: a webhook usually lands in a chat tool or
mail relay that keeps copies outside the center's records, and even "this person asked for an
addiction-treatment intake" is sensitive (42 CFR Part 2). Staff read the contact details from
the database with the staff command.

Delivery is retried with exponential backoff (`base_delay`, 2x, 4x ...). A booking is never lost
when the webhook fails: it stays "not notified" with its attempts counted, and
`python -m bot.intake notify-pending` retries every pending booking. Call `notify_in_background`
from the booking action so the visitor never waits for the webhook.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable
from zoneinfo import ZoneInfo

import requests

from bot.intake.models import UTC, Booking, IntakeUnavailable, UnknownReference
from bot.intake.store import IntakeStore

if TYPE_CHECKING:
    from bot.settings import Settings

logger = logging.getLogger(__name__)

DEFAULT_ATTEMPTS = 4
DEFAULT_BASE_DELAY = 2.0  # seconds: waits of 2, 4, 8 between the 4 attempts
DEFAULT_TIMEOUT = 10.0
EVENT = "intake.booked"


@dataclass(frozen=True)
class Notifier:
    """Posts bookings to `url`. An empty `url` means notifications are off."""

    url: str
    slot_minutes: int = 30
    zone: dt.tzinfo = UTC
    attempts: int = DEFAULT_ATTEMPTS
    base_delay: float = DEFAULT_BASE_DELAY
    timeout: float = DEFAULT_TIMEOUT
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> Notifier:
        return cls(
            url=settings.notify_webhook_url,
            slot_minutes=settings.intake_slot_minutes,
            zone=ZoneInfo(settings.intake_timezone),
            **overrides,
        )

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    def payload(self, booking: Booking) -> dict[str, object]:
        return {
            "event": EVENT,
            "reference": booking.reference,
            "slot_start": booking.slot_start.astimezone(self.zone).isoformat(),
            "slot_start_utc": _utc(booking.slot_start),
            "slot_minutes": self.slot_minutes,
            "for_whom": booking.for_whom,
            "created_at": _utc(booking.created_at),
            "lookup": f"python -m bot.intake show {booking.reference}",
        }

    def post(self, booking: Booking) -> tuple[bool, int]:
        """Try to deliver `booking`; returns (delivered, HTTP attempts made)."""
        body = self.payload(booking)
        for attempt in range(1, self.attempts + 1):
            outcome = self._post_once(body)
            if outcome == "ok":
                return True, attempt
            logger.warning(
                "intake webhook attempt %d/%d for ref=%s failed: %s",
                attempt,
                self.attempts,
                booking.reference,
                outcome,
            )
            if outcome.startswith("HTTP 4") and outcome != "HTTP 429":
                return False, attempt  # the webhook refuses this request; retrying will not help
            if attempt < self.attempts:
                self.sleep(self.base_delay * 2 ** (attempt - 1))
        return False, self.attempts

    def _post_once(self, body: dict[str, object]) -> str:
        try:
            response = requests.post(self.url, json=body, timeout=self.timeout)
        except requests.RequestException as error:
            return type(error).__name__
        return "ok" if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"


def notify(store: IntakeStore, notifier: Notifier, booking: Booking) -> bool:
    """Deliver one booking and record the outcome; True if the webhook accepted it."""
    if not notifier.enabled:
        return False
    delivered, attempts = notifier.post(booking)
    try:
        store.add_notify_attempts(booking.reference, attempts)
        if delivered:
            store.mark_notified(booking.reference)
    except (IntakeUnavailable, UnknownReference) as error:
        # The booking itself is committed; notify-pending will find it again if unrecorded.
        logger.error(
            "could not record the webhook outcome for ref=%s: %s", booking.reference, error
        )
    if delivered:
        logger.info(
            "intake webhook delivered ref=%s after %d attempt(s)", booking.reference, attempts
        )
    else:
        logger.error(
            "intake webhook gave up on ref=%s after %d attempt(s); it stays pending "
            "(retry with: python -m bot.intake notify-pending)",
            booking.reference,
            attempts,
        )
    return delivered


def notify_in_background(
    store: IntakeStore, notifier: Notifier, booking: Booking
) -> threading.Thread | None:
    """`notify` on a daemon thread, so the conversation does not wait for the webhook."""
    if not notifier.enabled:
        return None
    thread = threading.Thread(
        target=notify, args=(store, notifier, booking), name=f"intake-notify-{booking.reference}"
    )
    thread.daemon = True
    thread.start()
    return thread


def notify_pending(store: IntakeStore, notifier: Notifier) -> tuple[int, int]:
    """Retry every booked, not-yet-notified request; returns (delivered, still pending)."""
    delivered = failed = 0
    for booking in store.pending_notifications():
        if notify(store, notifier, booking):
            delivered += 1
        else:
            failed += 1
    return delivered, failed


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
