"""Fixtures for the intake library: a fixed "now", the default hours, a real SQLite store."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

import pytest

from bot.intake.availability import Availability
from bot.intake.models import IntakeRequest
from bot.intake.store import IntakeStore

NEW_YORK = Availability.from_spec().tz
# A Wednesday; the spring-forward change is the coming Sunday (2026-03-08).
NOW = dt.datetime(2026, 3, 4, 10, 15, tzinfo=NEW_YORK)
CONSENT = "You may contact me by phone or text about this intake request."
NAME = "Zelda"
PHONE = "+19195550123"


def local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=NEW_YORK)


@pytest.fixture
def availability() -> Availability:
    return Availability.from_spec()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'intake.db'}"


@pytest.fixture
def intake_store(db_url: str) -> Iterator[IntakeStore]:
    store = IntakeStore(db_url, clock=lambda: NOW)
    yield store
    store.close()


TOMORROW_10 = local(2026, 3, 5, 10, 0)
RequestFactory = Callable[..., IntakeRequest]


@pytest.fixture
def make_request() -> RequestFactory:
    counter = itertools.count(1)

    def make(slot: dt.datetime = TOMORROW_10, **changes: object) -> IntakeRequest:
        values: dict[str, object] = {
            "conversation_id": f"conversation-{next(counter)}",
            "for_whom": "self",
            "first_name": NAME,
            "phone_e164": PHONE,
            "slot_start": slot,
            "consent_text": CONSENT,
            "consented_at": NOW,
            "triage_summary": None,
        }
        values.update(changes)
        return IntakeRequest(**values)  # type: ignore[arg-type]

    return make
