"""The tracker store: Rasa's SQLTrackerStore (its `events` table, SQLite or PostgreSQL), plus
"delete my chat".

Rasa saves a conversation at the end of every turn by appending the events that are not stored
yet (`SQLTrackerStore.save`: the tracker's events beyond the count of stored events of the
current session). When those new events include `action_delete_chat` (actions/privacy.py), this
store instead deletes every stored row of that sender, of every session, and stores nothing of
the turn: no text, no marker, no sender id (a record that someone asked to be forgotten would
itself be data about them); only the day's count of deleted chats goes up (bot/insights/tally.py).
The next message starts a new conversation.

Connection settings Rasa does not make: PostgreSQL connections are checked before use
(`pool_pre_ping`), so a restarted database costs no turn; SQLite connections are pooled instead
of opened anew for every query, in WAL mode with `synchronous=NORMAL` (no fsync on every commit;
a commit can be lost on power failure, never on a crash of the server). Together they took the
store from about a quarter of a turn's busy time to about a sixth (py-spy, README).

Doing it here, inside Rasa's own save, is what makes it reliable: the action server deleting rows
itself would race with Rasa, which saves the turn after the action and would write the
conversation back. Loaded by endpoints.yml / endpoints.production.yml as
`type: bot.rasa_plugins.tracker_store.PrivacySQLTrackerStore`, with the arguments of `type: SQL`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.insights.tally import CHAT_DELETED, Tally
from bot.privacy.tracker_events import DELETE_CHAT_ACTION

logger = logging.getLogger(__name__)


def asks_for_deletion(events: Iterable[Event]) -> bool:
    return any(
        isinstance(event, ActionExecuted) and event.action_name == DELETE_CHAT_ACTION
        for event in events
    )


def latest_turn(tracker: DialogueStateTracker) -> list[Event]:
    """The events since the visitor's latest message: what this save adds to the store."""
    turn: list[Event] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        turn.append(event)
    return turn


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        if url.get_backend_name() == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection per session (NullPool): several per
            # turn, each reading the schema again. A pool keeps them open.
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.tally = Tally(url)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not asks_for_deletion(latest_turn(tracker)):
            await super().save(tracker)
            return
        deleted = self.delete_conversation(tracker.sender_id)
        logger.info("conversation deleted at the visitor's request (%d events)", deleted)
        # the one trace kept: a count for the staff report, with no sender and no text
        self.tally.add(CHAT_DELETED, tracker.get_latest_input_channel() or "")

    def delete_conversation(self, sender_id: str) -> int:
        """Deletes every stored event of `sender_id`; returns how many there were."""
        with self.session_scope() as session:
            deleted = (
                session.query(self.SQLEvent)
                .filter(self.SQLEvent.sender_id == sender_id)
                .delete(synchronize_session=False)
            )
            session.commit()
        return deleted
