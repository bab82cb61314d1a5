"""The tracker store: Rasa's SQLTrackerStore (its `events` table, SQLite or PostgreSQL), plus
"delete my chat".

Rasa saves a conversation at the end of every turn by appending the events that are not stored
yet (`SQLTrackerStore.save`: the tracker's events beyond the count of stored events of the
current session). When those new events include `action_delete_chat` (actions/privacy.py), this
store instead deletes every stored row of that sender, of every session, and stores nothing of
the turn: no text, no marker, no sender id (a record that someone asked to be forgotten would
itself be data about them). The next message starts a new conversation.

Doing it here, inside Rasa's own save, is what makes it reliable: the action server deleting rows
itself would race with Rasa, which saves the turn after the action and would write the
conversation back. Loaded by endpoints.yml / endpoints.production.yml as
`type: bot.stores.tracker.PrivacySQLTrackerStore`, with the same arguments as `type: SQL`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.stores import DELETE_CHAT_ACTION

logger = logging.getLogger(__name__)


def asks_for_deletion(events: Iterable[Event]) -> bool:
    return any(
        isinstance(event, ActionExecuted) and event.action_name == DELETE_CHAT_ACTION
        for event in events
    )


class PrivacySQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if not asks_for_deletion(new_events):
            await super().save(tracker)
            return
        deleted = self.delete_conversation(tracker.sender_id)
        logger.info("conversation deleted at the visitor's request (%d events)", deleted)

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
