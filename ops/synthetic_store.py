"""A tracker store of made-up conversations, written with Rasa's own event classes in the rows
Rasa's SQLTrackerStore writes (its `SQLEvent` table, `event.as_dict()` as JSON): for the staff
report's tests and its benchmark (`python -m ops.synthetic_store URL --events 100000`).

The conversations follow what the assistant's actions really emit (compare a conversation in
`var/tracker.db`): each kind below is one short conversation, and `Made` says how many of each
were written, so a test can compare the report with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import sys
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)

CHANNELS = ("socketio", "twilio_sms", "rest")
TRIAGE_SLOTS = (
    "person", "triage_danger", "triage_withdrawal", "triage_duration", "triage_prior_treatment",
    "triage_co_occurring", "triage_home_safe", "triage_time_available",
)  # fmt: skip
INTAKE_SLOTS = ("person", "intake_first_name", "intake_phone", "intake_slot", "intake_consent",
                "intake_confirmed")  # fmt: skip
TOPICS = ("iop_hours", "what_is_iop", "op_evening", "iop_length", "detox")
UNANSWERED_TEXTS = (
    "do you take medicaid? call me at 919-555-0134",
    "do u take medicaid",
    "is there parking at the building",
    "can my dog come",
)
KINDS = ("question", "menu", "out_of_scope", "crisis", "triage", "triage_left", "intake", "handoff")


@dataclass
class Made:
    conversations: Counter[str] = field(default_factory=Counter)  # kind -> how many
    channels: Counter[str] = field(default_factory=Counter)  # Rasa channel -> conversations
    messages: int = 0
    events: int = 0
    topics: Counter[str] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)


def _user(
    text: str, intent: str, at: float, channel: str, entities: list[dict] = ()
) -> UserUttered:  # type: ignore[assignment]
    ranking = [{"name": intent, "confidence": 0.91}, {"name": "ask_iop_hours", "confidence": 0.05}]
    parse = {
        "text": text,
        "intent": ranking[0],
        "intent_ranking": ranking,
        "entities": list(entities),
    }
    return UserUttered(text, ranking[0], list(entities), parse, timestamp=at, input_channel=channel)


def conversation(
    kind: str, n: int, start: float, channel: str
) -> tuple[list[Event], int, str | None, str | None]:
    """The events of one conversation of `kind`; (events, visitor messages, topic, unanswered)."""
    t = itertools.count(start, 2.0)
    events: list[Event] = [
        ActionExecuted("action_session_start", timestamp=next(t)),
        SessionStarted(timestamp=next(t)),
        ActionExecuted("action_listen", timestamp=next(t)),
    ]
    messages, topic, missed = 0, None, None

    def say(text: str, intent: str, entities: list[dict] = ()) -> None:  # type: ignore[assignment]
        nonlocal messages
        messages += 1
        events.append(_user(text, intent, next(t), channel, entities))

    def bot(action: str, text: str, **metadata: object) -> None:
        events.append(ActionExecuted(action, timestamp=next(t)))
        events.append(BotUttered(text, metadata=metadata, timestamp=next(t)))

    def listen() -> None:
        events.append(ActionExecuted("action_listen", timestamp=next(t)))

    if kind == "question":
        topic = TOPICS[n % len(TOPICS)]
        say(f"question about {topic}", f"ask_{topic}")
        bot("action_answer_topic", "an answer")
        events.append(SlotSet("last_topic", topic, timestamp=next(t)))
    elif kind == "menu":
        missed = UNANSWERED_TEXTS[(n // len(KINDS)) % len(UNANSWERED_TEXTS)]
        say(missed, "nlu_fallback")
        bot("action_suggest_topics", "Here is what I can help with", outcome="menu")
    elif kind == "out_of_scope":
        missed = "what's the weather tomorrow?"
        say(missed, "out_of_scope")
        bot("utter_out_of_scope", "I can't answer that here", utter_action="utter_out_of_scope")
    elif kind == "crisis":
        entity = {"entity": "crisis_kind", "value": "overdose", "start": 0, "end": 1}
        say("he took too many pills and won't wake up", "crisis", [entity])
        condition = [{"type": "slot", "name": "crisis_kind", "value": "overdose"}]
        bot("utter_crisis", "Call 911 now", utter_action="utter_crisis", condition=condition)
    elif kind in ("triage", "triage_left"):
        say("help me decide", "request_triage")
        bot(
            "utter_triage_intro",
            "I'll ask up to 8 short questions",
            utter_action="utter_triage_intro",
        )
        events += [
            ActionExecuted("triage_form", timestamp=next(t)),
            ActiveLoop("triage_form", timestamp=next(t)),
        ]
        slots = TRIAGE_SLOTS if kind == "triage" else TRIAGE_SLOTS[:4]
        for slot in slots:
            events.append(SlotSet("requested_slot", slot, timestamp=next(t)))
            events.append(
                BotUttered(
                    "a question", metadata={"utter_action": f"utter_ask_{slot}"}, timestamp=next(t)
                )
            )
            listen()
            say("no", "deny")
            events.append(ActionExecuted("triage_form", timestamp=next(t)))
        if kind == "triage":
            events += [
                SlotSet("requested_slot", None, timestamp=next(t)),
                ActiveLoop(None, timestamp=next(t)),
            ]
            bot("action_recommend_program", "An Outpatient Program may fit", outcome="triage:op")
    elif kind == "intake":
        say("i want to schedule an intake", "request_intake")
        events += [
            ActionExecuted("intake_form", timestamp=next(t)),
            ActiveLoop("intake_form", timestamp=next(t)),
        ]
        for slot in INTAKE_SLOTS:
            events.append(SlotSet("requested_slot", slot, timestamp=next(t)))
            listen()
            say("yes", "affirm")
            if slot == "intake_consent":
                events.append(SlotSet("intake_consent", True, timestamp=next(t)))
        events += [
            SlotSet("requested_slot", None, timestamp=next(t)),
            ActiveLoop(None, timestamp=next(t)),
        ]
        bot("action_book_intake", "You're booked", utter_action="utter_intake_booked")
    elif kind == "handoff":
        say("can i talk to a person", "request_hotline")
        bot("action_offer_hotline", "Call 866-797-7962")
    listen()
    return events, messages, topic, missed


def write_store(url: str, events_wanted: int, end: dt.datetime, days: int = 30) -> Made:
    """Writes conversations (a mix of every kind, on every channel) until about `events_wanted`
    events are stored, spread over the `days` before `end`."""
    SQLTrackerStore(dialect=sa.engine.make_url(url).get_backend_name(), **_store_args(url))
    engine = sa.create_engine(url, future=True)
    table = sa.Table("events", sa.MetaData(), autoload_with=engine)
    made = Made()
    span = days * 86400.0
    first = end.timestamp() - span
    rows: list[dict] = []
    for n in itertools.count():
        if made.events >= events_wanted:
            break
        kind, channel = KINDS[n % len(KINDS)], CHANNELS[n % len(CHANNELS)]
        start = first + (n * 7919.0) % (span - 3600)
        events, messages, topic, missed = conversation(kind, n, start, channel)
        sender = f"synthetic-{n:07d}"
        rows += [_row(sender, event) for event in events]
        made.conversations[kind] += 1
        made.channels[channel] += 1
        made.messages += messages
        made.events += len(events)
        if topic:
            made.topics[topic] += 1
        if missed:
            made.unanswered[missed] += 1
        if len(rows) >= 5000:
            _insert(engine, table, rows)
    _insert(engine, table, rows)
    engine.dispose()
    return made


def write_events(url: str, sender: str, events: list[Event]) -> None:
    """Stores `events` of one conversation as Rasa's SQLTrackerStore would (table created)."""
    write_store(url, 0, dt.datetime.now(dt.timezone.utc))
    engine = sa.create_engine(url, future=True)
    _insert(
        engine,
        sa.Table("events", sa.MetaData(), autoload_with=engine),
        [_row(sender, e) for e in events],
    )
    engine.dispose()


def _row(sender: str, event: Event) -> dict:
    data = event.as_dict()
    return {
        "sender_id": sender,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _insert(engine: sa.engine.Engine, table: sa.Table, rows: list[dict]) -> None:
    if rows:
        with engine.begin() as connection:
            connection.execute(table.insert(), rows)
        rows.clear()


def _store_args(url: str) -> dict:
    parsed = sa.engine.make_url(url)
    return {
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="SQLAlchemy URL of the tracker database to fill")
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)
    made = write_store(args.url, args.events, dt.datetime.now(dt.timezone.utc))
    print(f"{made.events} events, {sum(made.conversations.values())} conversations written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
