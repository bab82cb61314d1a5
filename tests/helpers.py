"""Small builders shared by the tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from rasa_sdk import Tracker

from ops.services import free_port

__all__ = ["free_port", "log_shown_on_failure", "tracker_for"]


@contextmanager
def log_shown_on_failure(log_path: Path) -> Iterator[IO[str]]:
    """The log file for the servers a fixture starts; if starting them fails, its tail is printed
    (pytest shows it with the error)."""
    with log_path.open("w") as log:
        try:
            yield log
        except Exception:
            log.flush()
            print(log_path.read_text()[-5000:])
            raise


def tracker_for(
    intent: str,
    text: str = "",
    channel: str = "rest",
    ranking: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    requested_slot: str | None = None,
    sender: str = "test-user",
) -> Tracker:
    """A tracker whose latest user message has `intent`, as the action server would get it."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        "entities": entities or [],
    }
    all_slots = {"requested_slot": requested_slot, **(slots or {})}
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": all_slots,
            "latest_message": latest,
            "events": [
                {"event": "action", "name": "action_listen"},
                {"event": "user", "text": text, "parse_data": latest, "input_channel": channel},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )
