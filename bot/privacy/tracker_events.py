"""Retention of conversations in Rasa's tracker store, read with SQLAlchemy alone (no Rasa).

Rasa's SQLTrackerStore keeps one row per event in the `events` table (`sender_id`, `timestamp`
as Unix seconds, the event as JSON in `data`). A conversation is deleted only when its LAST event
is older than the cutoff, so a conversation that is still going on is never touched however
early it started; one statement selects and deletes, so the window for a visitor writing at the
same moment is as small as the database allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, func, select
from sqlalchemy import delete as sql_delete
from sqlalchemy import inspect as sql_inspect
from sqlalchemy.engine import Engine, make_url

# the columns of Rasa's `events` table that retention reads
_events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("timestamp", Float),
)

# The action that asks the tracker store to erase its conversation as Rasa saves the turn
# (actions/privacy.py runs it; bot/rasa_plugins/tracker_store.py does the erasing).
DELETE_CHAT_ACTION = "action_delete_chat"


@dataclass(frozen=True)
class Deleted:
    conversations: int
    events: int


def delete_old_conversations(url: str, before: dt.datetime, dry_run: bool = False) -> Deleted:
    """Deletes every conversation whose last event happened before `before` (aware)."""
    engine = _engine(url)
    try:
        if engine is None or not sql_inspect(engine).has_table("events"):
            return Deleted(0, 0)
        cutoff = before.timestamp()
        old_senders = (
            select(_events.c.sender_id)
            .group_by(_events.c.sender_id)
            .having(func.max(_events.c.timestamp) < cutoff)
        )
        with engine.begin() as connection:
            conversations = connection.scalar(
                select(func.count()).select_from(old_senders.subquery())
            )
            if dry_run:
                events = connection.scalar(
                    select(func.count()).where(_events.c.sender_id.in_(old_senders))
                )
            else:
                events = connection.execute(
                    sql_delete(_events).where(_events.c.sender_id.in_(old_senders))
                ).rowcount
        return Deleted(conversations or 0, events or 0)
    finally:
        if engine is not None:
            engine.dispose()


def _engine(url: str) -> Engine | None:
    """The tracker database; None for a SQLite file that does not exist (nothing to delete)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database not in ("", ":memory:") and not Path(database).is_file():
            return None
    return create_engine(parsed, future=True, hide_parameters=True)
