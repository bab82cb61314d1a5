"""rasa-sdk trackers for the action tests, built from slots, a latest message and events."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


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
    earlier: list[dict[str, Any]] | None = None,
    bot_buttons: list[dict[str, str]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest user message has `intent`, as the action server would get it;
    `earlier` are the parse data of the user messages before it, oldest first; `bot_buttons`
    the buttons of the bot message just before the latest one."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        "entities": entities or [],
        "metadata": metadata or {},
    }
    all_slots = {"requested_slot": requested_slot, **(slots or {})}
    return Tracker.from_dict(
        {
            "sender_id": sender,
            "slots": all_slots,
            "latest_message": latest,
            "events": [
                *(
                    {"event": "user", "text": e.get("text", ""), "parse_data": e}
                    for e in earlier or ()
                ),
                *(
                    [{"event": "bot", "text": "...", "data": {"buttons": bot_buttons}}]
                    if bot_buttons
                    else []
                ),
                {"event": "action", "name": "action_listen"},
                {"event": "user", "text": text, "parse_data": latest, "input_channel": channel},
            ],
            "paused": False,
            "followup_action": None,
            "active_loop": {"name": active_loop} if active_loop else {},
            "latest_action_name": "action_listen",
        }
    )
