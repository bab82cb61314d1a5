"""Conversations as the staff report needs them, read from Rasa's tracker store with SQLAlchemy.

Rasa's SQLTrackerStore keeps one row per event in the `events` table (`sender_id`, `type_name`,
`timestamp` in Unix seconds, the event as JSON in `data`); the same table on SQLite and
PostgreSQL, so one query reads both (bot/privacy/tracker_events.py reads it the same way for
retention). Rows are streamed in sender order, so memory grows with one conversation, not with
the store. A sender's events are split into conversations at Rasa's `session_started`.

Each visitor message becomes a `Turn`: what was written, where, what the classifier read, and
what the visitor got (`Outcome`), decided from the events that followed it:
- `crisis`: the crisis reply (`utter_crisis`);
- `menu`: the likeliest topics to pick from (a reply tagged `menu`, see bot/replies.py), or
  Rasa's own fallback (`utter_default`);
- `not_in_article`: the article is silent on it (tagged `not_in_article`);
- `out_of_scope`: "I can't answer that here" (`utter_out_of_scope`);
- `story_guess`: unsure, and read as a story with no question (the situation reply, tagged
  `story_guess`): often right ("my son, two years, pills"), sometimes a miss ("zxqv 919...");
- `answered`: a topic from the content store (the `last_topic` slot was set);
- `other`: anything else (greetings, form questions, hand-offs).

A turn's language is the conversation's as the assistant answered it (the `language` slot,
set just after the message), English until a message changes it; a conversation's language
is the one it ended in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.language.conversation_language import ENGLISH, LANGUAGE_NAMES
from bot.replies import MENU, NOT_IN_ARTICLE, STORY_GUESS, TRIAGE_RESULT
from bot.safety.models import CRISIS_KIND_ENTITY, RISK_MENTIONED_ENTITY

# the columns of Rasa's `events` table this reads
events_table = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)

# Rasa input channel name -> what staff call it
CHANNELS = {"socketio": "web", "twilio_sms": "SMS", "rest": "REST", "cmdline": "shell"}
TRIAGE_FORM = "triage_form"
INTAKE_FORM = "intake_form"
CRISIS_REPLY = "utter_crisis"
FALLBACK_REPLY = "utter_default"
OUT_OF_SCOPE_REPLY = "utter_out_of_scope"
BOOKED_REPLY = "utter_intake_booked"
HANDOFF_INTENT = "request_hotline"
CRISIS_INTENT = "crisis"


class Outcome(str, Enum):
    CRISIS = "crisis"
    MENU = "menu"
    NOT_IN_ARTICLE = "not_in_article"
    OUT_OF_SCOPE = "out_of_scope"
    STORY_GUESS = "story_guess"
    ANSWERED = "answered"
    OTHER = "other"


# what the visitor got when the assistant did not answer: the report's "not understood"
UNANSWERED = (Outcome.MENU, Outcome.NOT_IN_ARTICLE, Outcome.OUT_OF_SCOPE, Outcome.STORY_GUESS)


@dataclass
class Turn:
    """One visitor message and what came of it."""

    at: dt.datetime
    channel: str
    text: str
    intent: str | None
    ranking: list[tuple[str, float]]
    entities: dict[str, str]
    outcome: Outcome = Outcome.OTHER
    topic: str | None = None
    crisis_kind: str | None = None
    language: str = ENGLISH

    @property
    def sensitive(self) -> bool:
        """A message that mentioned danger, now or not: its text never reaches the report."""
        return (
            self.intent == CRISIS_INTENT
            or self.outcome is Outcome.CRISIS
            or CRISIS_KIND_ENTITY in self.entities
            or RISK_MENTIONED_ENTITY in self.entities
        )

    @property
    def unanswered(self) -> bool:
        return self.outcome in UNANSWERED


@dataclass
class Flow:
    """How far one triage or intake got: the questions asked in order, and how it ended."""

    asked: list[str] = field(default_factory=list)
    result: str | None = (
        None  # triage: the level suggested ("op", "iop", "higher"); intake: "booked"
    )
    consent: bool = False  # intake: the person agreed to be called

    @property
    def stopped_at(self) -> str | None:
        """The question it was left at, if it did not finish."""
        return None if self.result else (self.asked[-1] if self.asked else None)


@dataclass
class Conversation:
    sender: str
    turns: list[Turn] = field(default_factory=list)
    triage: Flow | None = None
    intake: Flow | None = None
    language: str = ENGLISH

    @property
    def started(self) -> dt.datetime:
        return self.turns[0].at

    @property
    def channel(self) -> str:
        return self.turns[0].channel

    @property
    def language_name(self) -> str:
        """ "English" / "Spanish", as staff read it."""
        return language_name(self.language)


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


def engine_for(url: str) -> Engine:
    return sa.create_engine(url, future=True)


def count_events(engine: Engine, since: dt.datetime, until: dt.datetime) -> int:
    if not sa.inspect(engine).has_table("events"):
        return 0
    query = sa.select(sa.func.count()).where(*_period(since, until))
    with engine.connect() as connection:
        return int(connection.scalar(query) or 0)


def read_conversations(
    engine: Engine,
    since: dt.datetime,
    until: dt.datetime,
    progress: Callable[[int], object] = lambda _: None,
) -> Iterator[Conversation]:
    """Every conversation with at least one visitor message between `since` and `until`
    (aware); `progress(n)` is called as rows are read."""
    if not sa.inspect(engine).has_table("events"):
        return
    query = (
        sa.select(
            events_table.c.sender_id,
            events_table.c.type_name,
            events_table.c.timestamp,
            events_table.c.data,
        )
        .where(*_period(since, until))
        .order_by(events_table.c.sender_id, events_table.c.id)
        .execution_options(stream_results=True, yield_per=2000)
    )
    with engine.connect() as connection:
        sender: str | None = None
        builder: _Builder | None = None
        for n, row in enumerate(connection.execute(query), start=1):
            if n % 1000 == 0:
                progress(1000)
            if row.sender_id != sender or row.type_name == "session_started":
                if builder is not None:
                    yield from builder.done()
                sender, builder = row.sender_id, _Builder(row.sender_id)
            assert builder is not None
            builder.add(row.type_name, row.timestamp, json.loads(row.data or "{}"))
        progress(n % 1000 if sender is not None else 0)
        if builder is not None:
            yield from builder.done()


def _period(since: dt.datetime, until: dt.datetime) -> tuple[Any, ...]:
    return (
        events_table.c.timestamp >= since.timestamp(),
        events_table.c.timestamp < until.timestamp(),
    )


class _Builder:
    """Folds one conversation's events, in order, into turns and flows."""

    def __init__(self, sender: str) -> None:
        self.conversation = Conversation(sender)
        self.turn: Turn | None = None
        self.form: str | None = None

    def done(self) -> Iterable[Conversation]:
        return [self.conversation] if self.conversation.turns else []

    def add(self, kind: str, timestamp: float, data: dict[str, Any]) -> None:
        if kind == "user":
            self.turn = _turn(timestamp, data)
            self.turn.language = self.conversation.language
            self.conversation.turns.append(self.turn)
        elif kind == "active_loop":
            self._form(data.get("name"))
        elif kind == "slot":
            self._slot(str(data.get("name")), data.get("value"))
        elif kind == "bot":
            self._bot(data.get("metadata") or {})

    def _form(self, name: str | None) -> None:
        self.form = name
        if name == TRIAGE_FORM:
            self.conversation.triage = Flow()
        elif name == INTAKE_FORM:
            self.conversation.intake = Flow()

    def _flow(self) -> Flow | None:
        if self.form == TRIAGE_FORM:
            return self.conversation.triage
        if self.form == INTAKE_FORM:
            return self.conversation.intake
        return None

    def _slot(self, name: str, value: object) -> None:
        flow = self._flow()
        if name == "requested_slot" and value and flow is not None:
            if not flow.asked or flow.asked[-1] != value:
                flow.asked.append(str(value))
        elif name == "language" and isinstance(value, str) and value:
            self.conversation.language = value
            if self.turn is not None:
                self.turn.language = value
        elif name == "intake_consent" and value is True and self.conversation.intake:
            self.conversation.intake.consent = True
        elif name == "last_topic" and value and self.turn is not None:
            self.turn.topic = str(value)
            if self.turn.outcome is Outcome.OTHER:
                self.turn.outcome = Outcome.ANSWERED

    def _bot(self, metadata: dict[str, Any]) -> None:
        response = metadata.get("utter_action")
        outcome = str(metadata.get("outcome") or "")
        turn = self.turn
        if outcome.startswith(TRIAGE_RESULT) and self.conversation.triage is not None:
            self.conversation.triage.result = outcome[len(TRIAGE_RESULT) :]
        if response == BOOKED_REPLY and self.conversation.intake is not None:
            self.conversation.intake.result = "booked"
        if turn is None:
            return
        if response == CRISIS_REPLY:
            turn.outcome = Outcome.CRISIS
            kinds = [
                c.get("value")
                for c in metadata.get("condition") or []
                if c.get("name") == "crisis_kind"
            ]
            turn.crisis_kind = str(
                kinds[0]
                if kinds and kinds[0]
                else turn.entities.get(CRISIS_KIND_ENTITY) or "unknown"
            )
        elif turn.outcome is Outcome.CRISIS:
            return  # an answer after the numbers does not make the turn any less a crisis
        elif outcome == MENU or response == FALLBACK_REPLY:
            turn.outcome = Outcome.MENU
        elif outcome == NOT_IN_ARTICLE:
            turn.outcome = Outcome.NOT_IN_ARTICLE
        elif outcome == STORY_GUESS:
            turn.outcome = Outcome.STORY_GUESS
        elif response == OUT_OF_SCOPE_REPLY:
            turn.outcome = Outcome.OUT_OF_SCOPE


def _turn(timestamp: float, data: dict[str, Any]) -> Turn:
    parse = data.get("parse_data") or {}
    intent = (parse.get("intent") or {}).get("name")
    ranking = [
        (str(entry.get("name")), float(entry.get("confidence") or 0.0))
        for entry in parse.get("intent_ranking") or []
    ]
    entities = {
        str(e.get("entity")): str(e.get("value"))
        for e in parse.get("entities") or []
        if e.get("entity")
    }
    channel = str(data.get("input_channel") or "")
    return Turn(
        at=dt.datetime.fromtimestamp(timestamp, dt.timezone.utc),
        channel=CHANNELS.get(channel, channel or "unknown"),
        text=str(data.get("text") or ""),
        intent=intent,
        ranking=ranking,
        entities=entities,
    )
