"""Real Rasa tracker stores for tests, on any SQLAlchemy URL (SQLite file or PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url

from bot.rasa_plugins.tracker_store import PrivacySQLTrackerStore


def tracker_store(url: str) -> PrivacySQLTrackerStore:
    """The project's tracker store, built with the arguments endpoints.yml gives it."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return PrivacySQLTrackerStore(Domain.empty(), dialect="sqlite", db=parsed.database)
    return PrivacySQLTrackerStore(
        Domain.empty(),
        dialect="postgresql",
        host=parsed.host,
        port=parsed.port,
        db=parsed.database,
        username=parsed.username,
        password=parsed.password,
    )


def turn(text: str, at: float) -> list[Event]:
    return [
        UserUttered(text, {"name": "inform", "confidence": 1.0}, timestamp=at),
        BotUttered("ok", timestamp=at + 1),
        ActionExecuted("action_listen", timestamp=at + 2),
    ]


def conversation(sender: str, texts: Sequence[str], at: Sequence[float]) -> DialogueStateTracker:
    """A conversation whose turns happen at the given Unix times."""
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=at[0] - 3),
        SessionStarted(timestamp=at[0] - 2),
        ActionExecuted("action_listen", timestamp=at[0] - 1),
    ]
    for text, moment in zip(texts, at):
        events += turn(text, moment)
    return DialogueStateTracker.from_events(sender, events)


def save(store: PrivacySQLTrackerStore, tracker: DialogueStateTracker) -> None:
    asyncio.run(store.save(tracker))


def senders(store: PrivacySQLTrackerStore) -> set[str]:
    return set(asyncio.run(store.keys()))


def stored_texts(store: PrivacySQLTrackerStore, sender: str) -> str:
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).all()
        return "\n".join(row.data for row in rows)
