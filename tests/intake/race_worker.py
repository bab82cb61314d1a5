"""Run in a separate process by the race test: book one slot when the barrier opens."""

from __future__ import annotations

import datetime as dt

from bot.intake.models import IntakeRequest
from bot.intake.store import IntakeStore

UTC = dt.timezone.utc


def book_when_released(url: str, conversation_id: str, slot_iso: str, barrier, results) -> None:
    store = IntakeStore(url)
    request = IntakeRequest(
        conversation_id=conversation_id,
        for_whom="self",
        first_name="Racer",
        phone_e164="+19195550123",
        slot_start=dt.datetime.fromisoformat(slot_iso),
        consent_text="ok",
        consented_at=dt.datetime.now(UTC),
    )
    barrier.wait(timeout=60)
    results.put((conversation_id, type(store.book(request)).__name__))
    store.close()
