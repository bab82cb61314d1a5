"""Reading the tracker store into conversations, and the report's numbers
(bot/insights/conversations.py, bot/insights/report.py), on a store of made-up conversations
with known counts."""

from __future__ import annotations

import datetime as dt

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from bot.insights.conversations import Outcome, engine_for, read_conversations
from bot.insights.report import build_report
from bot.intake.availability import Availability
from ops.synthetic_store import CHANNELS, write_events, write_store
from tests.insights.conftest import NOW

HOURS = Availability.from_spec("mon-fri 08:00-18:00; sat 09:00-13:00", 60, "America/New_York")
SINCE, UNTIL = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def report_of(url: str):
    engine = engine_for(url)
    start = dt.datetime.combine(SINCE, dt.time(), HOURS.tz)
    end = dt.datetime.combine(UNTIL + dt.timedelta(days=1), dt.time(), HOURS.tz)
    conversations = list(read_conversations(engine, start, end))
    return conversations, build_report(
        conversations, SINCE, UNTIL, HOURS.local, HOURS.is_open, HOURS.timezone
    )


def test_every_conversation_is_read_with_its_channel(synthetic):
    url, made = synthetic
    conversations, report = report_of(url)
    assert len(conversations) == sum(made.conversations.values())
    staff_names = {"socketio": "web", "twilio_sms": "SMS", "rest": "REST"}
    assert report.by_channel(report.conversations) == {
        staff_names[c]: n for c, n in made.channels.items()
    }
    assert report.total_messages == made.messages
    assert set(made.channels) == set(CHANNELS)


def test_what_visitors_got_is_counted_by_outcome(synthetic):
    url, made = synthetic
    _, report = report_of(url)
    totals = report.outcome_totals()
    assert totals[Outcome.ANSWERED] == made.conversations["question"]
    assert totals[Outcome.MENU] == made.conversations["menu"]
    assert totals[Outcome.OUT_OF_SCOPE] == made.conversations["out_of_scope"]
    assert totals[Outcome.CRISIS] == made.conversations["crisis"]
    assert report.topics == made.topics
    assert sum(report.handoffs.values()) == made.conversations["handoff"]
    assert {kind for _, kind in report.crises} == {"overdose"}


def test_the_funnels_count_each_step_and_where_people_stopped(synthetic):
    url, made = synthetic
    _, report = report_of(url)
    triage = made.conversations["triage"] + made.conversations["triage_left"]
    assert report.triage.started == triage
    assert report.triage.steps["finished"] == made.conversations["triage"]
    assert report.triage.results == {"op": made.conversations["triage"]}
    assert report.triage.stopped_at == {"triage_duration": made.conversations["triage_left"]}
    assert report.intake.started == made.conversations["intake"]
    assert report.intake.steps["consent"] == report.intake.steps["booked"] == report.intake.started


def test_unanswered_messages_are_kept_redacted_and_crisis_texts_never(synthetic):
    url, made = synthetic
    _, report = report_of(url)
    texts = [u.text for u in report.unanswered]
    assert len(texts) == sum(made.unanswered.values())
    assert "do you take medicaid? call me at [phone]" in texts
    assert not any("919-555-0134" in t for t in texts)
    assert not any("pills" in t for t in texts)
    assert {u.guess for u in report.unanswered} <= {"out_of_scope", "ask_iop_hours"}


def test_office_hours_are_the_intake_hours_in_the_centers_time_zone():
    monday_9am = dt.datetime(2026, 11, 30, 14, 0, tzinfo=dt.timezone.utc)  # 9:00 in New York
    assert HOURS.is_open(monday_9am)
    assert not HOURS.is_open(monday_9am - dt.timedelta(hours=2))  # 7:00
    assert not HOURS.is_open(dt.datetime(2026, 11, 29, 15, 0, tzinfo=dt.timezone.utc))  # Sunday


def test_days_are_the_centers_calendar_days(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    # 02:00 UTC on 1 December is still 30 November in North Carolina
    write_store(url, 1, dt.datetime(2026, 12, 2, 2, 30, tzinfo=dt.timezone.utc), days=1)
    _, report = report_of(url)
    assert [day for day, _ in report.conversations] == [dt.date(2026, 11, 30)]


def said(**metadata: str) -> BotUttered:
    return BotUttered("a reply", metadata=metadata)


TOPIC = SlotSet("last_topic", "detox")
# Rasa events after one visitor message -> what the report says they got
TURNS = [
    ("an answer", [ActionExecuted("action_answer_topic"), said(), TOPIC], Outcome.ANSWERED),
    ("the menu", [ActionExecuted("action_suggest_topics"), said(outcome="menu")], Outcome.MENU),
    ("Rasa's fallback", [said(utter_action="utter_default")], Outcome.MENU),
    ("article silent", [said(outcome="not_in_article")], Outcome.NOT_IN_ARTICLE),
    ("out of scope", [said(utter_action="utter_out_of_scope")], Outcome.OUT_OF_SCOPE),
    ("unsure, read as a story", [said(outcome="story_guess")], Outcome.STORY_GUESS),
    ("crisis, then the answer", [said(utter_action="utter_crisis"), said(), TOPIC], Outcome.CRISIS),
    ("a greeting", [said(utter_action="utter_greet")], Outcome.OTHER),
]


@pytest.mark.parametrize(("case", "after", "outcome"), TURNS, ids=[t[0] for t in TURNS])
def test_the_outcome_of_a_turn(tmp_path, case, after, outcome):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    at = NOW.timestamp()
    events = [UserUttered("hello there", {"name": "greet"}, timestamp=at, input_channel="rest")]
    for i, event in enumerate(after, start=1):
        event.timestamp = at + i
        events.append(event)
    write_events(url, "visitor", events)
    conversations, _ = report_of(url)
    assert [t.outcome for t in conversations[0].turns] == [outcome]


def test_a_store_of_100_000_events_is_read_whole(tmp_path):
    """Streamed in sender order: every conversation of a large store is counted once (its time
    is measured by `python -m ops.bench --insights-only`, not here)."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    made = write_store(url, 100_000, NOW, days=20)
    _, report = report_of(url)
    assert made.events >= 100_000
    assert report.total_conversations == sum(made.conversations.values())
    assert report.total_messages == made.messages


def test_turns_and_conversations_are_counted_in_the_language_they_were_answered_in(tmp_path):
    """The `language` slot follows the message it was decided on: that turn is Spanish, the
    English turn before it is not; the conversation ended Spanish, and its booking counts there."""
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    at = NOW.timestamp()

    def user(text: str) -> UserUttered:
        return UserUttered(text, {"name": "ask_iop_hours"}, input_channel="socketio")

    spanish = [
        user("hi"),
        said(utter_action="utter_greet"),
        user("cuantas horas son del iop"),
        SlotSet("language", "es"),
        said(outcome="menu"),
        user("si"),
        ActionExecuted("intake_form"),
        said(utter_action="utter_intake_booked"),
    ]
    english = [user("what is iop"), said(), TOPIC]
    for sender, events in (("spanish-visitor", spanish), ("english-visitor", english)):
        for i, event in enumerate(events):
            event.timestamp = at + i
        write_events(url, sender, events)
    conversations, report = report_of(url)
    by_sender = {c.sender: c for c in conversations}
    assert [t.language for t in by_sender["spanish-visitor"].turns] == ["en", "es", "es"]
    assert (by_sender["spanish-visitor"].language_name, by_sender["english-visitor"].language) == (
        "Spanish",
        "en",
    )
    assert report.languages == {"es": 1, "en": 1}
    assert (report.messages_in("es"), report.messages_in("en")) == (2, 2)
    assert (report.unanswered_rate_in("es"), report.unanswered_rate_in("en")) == (1.0, 0.0)
