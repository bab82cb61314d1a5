"""The staff report's numbers: one pass over the period's conversations (bot/insights/
conversations.py) plus the counts kept apart (bot/insights/tally.py) and the content review dates.

Days are the center's calendar days (INTAKE_TIMEZONE); a conversation belongs to the day and
channel of its first message and to the language it ended in (a message to the language its
reply was in), and is "outside office hours" when that message came outside
INTAKE_HOURS. Crisis turns are only counted, by kind: their texts are never kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bot.content.reviews import ReviewDue
from bot.insights.conversations import UNANSWERED, Conversation, Outcome, Turn
from bot.insights.tally import Count
from bot.privacy.log_redaction import redact

TOP_TOPICS = 15
# ignored when guessing the closest intent of an unanswered message
NOT_A_GUESS = frozenset({"nlu_fallback", "crisis"})


@dataclass(frozen=True)
class Unanswered:
    """One unanswered message, redacted, with the classifier's closest guess."""

    text: str
    outcome: Outcome
    guess: str | None
    confidence: float


@dataclass
class Funnel:
    """How many flows reached each step, and where the others stopped."""

    started: int = 0
    steps: Counter[str] = field(default_factory=Counter)  # step -> how many reached it
    results: Counter[str] = field(default_factory=Counter)
    stopped_at: Counter[str] = field(default_factory=Counter)


@dataclass
class Report:
    since: dt.date
    until: dt.date  # the last day included
    timezone: str
    days: list[dt.date]
    conversations: Counter[tuple[dt.date, str]] = field(default_factory=Counter)  # (day, channel)
    messages: Counter[tuple[dt.date, str]] = field(default_factory=Counter)
    outside_hours: int = 0
    outcomes: Counter[tuple[dt.date, Outcome]] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)
    unanswered: list[Unanswered] = field(default_factory=list)
    triage: Funnel = field(default_factory=Funnel)
    intake: Funnel = field(default_factory=Funnel)
    handoffs: Counter[dt.date] = field(default_factory=Counter)
    crises: Counter[tuple[dt.date, str]] = field(default_factory=Counter)  # (day, kind)
    languages: Counter[str] = field(default_factory=Counter)  # conversations by language
    language_outcomes: Counter[tuple[str, Outcome]] = field(default_factory=Counter)
    language_bookings: Counter[str] = field(default_factory=Counter)
    counts: Counter[tuple[dt.date, str]] = field(default_factory=Counter)  # tally (day, kind)
    reviews_due: list[ReviewDue] = field(default_factory=list)
    review_months: int = 12

    @property
    def total_conversations(self) -> int:
        return sum(self.conversations.values())

    @property
    def total_messages(self) -> int:
        return sum(self.messages.values())

    def by_channel(self, counter: Counter[tuple[dt.date, str]]) -> Counter[str]:
        totals: Counter[str] = Counter()
        for (_, channel), n in counter.items():
            totals[channel] += n
        return totals

    def outcome_totals(self) -> Counter[Outcome]:
        totals: Counter[Outcome] = Counter()
        for (_, outcome), n in self.outcomes.items():
            totals[outcome] += n
        return totals

    def unanswered_rate(self, day: dt.date | None = None) -> float:
        """Unanswered messages out of those that asked or told something (not form answers or
        greetings: `other` is left out), for one day or the period."""
        return _unanswered_share(
            (outcome, n) for (d, outcome), n in self.outcomes.items() if day is None or d == day
        )

    def unanswered_rate_in(self, language: str) -> float:
        """Like `unanswered_rate`, for the messages in one language."""
        return _unanswered_share(
            (outcome, n)
            for (lang, outcome), n in self.language_outcomes.items()
            if lang == language
        )

    def messages_in(self, language: str) -> int:
        return sum(n for (lang, _), n in self.language_outcomes.items() if lang == language)

    def tally_total(self, kind: str) -> int:
        return sum(n for (_, k), n in self.counts.items() if k == kind)


def _unanswered_share(items: Iterable[tuple[Outcome, int]]) -> float:
    items = list(items)
    asked = sum(n for outcome, n in items if outcome is not Outcome.OTHER)
    missed = sum(n for outcome, n in items if outcome in UNANSWERED)
    return missed / asked if asked else 0.0


def build_report(
    conversations: Iterable[Conversation],
    since: dt.date,
    until: dt.date,
    local: Callable[[dt.datetime], dt.datetime],
    is_open: Callable[[dt.datetime], bool],
    timezone: str,
    counts: Iterable[Count] = (),
    reviews_due: Iterable[ReviewDue] = (),
    review_months: int = 12,
) -> Report:
    """`local` turns a UTC moment into the center's time; `is_open` says if it is office hours."""
    days = [since + dt.timedelta(days=i) for i in range((until - since).days + 1)]
    report = Report(since, until, timezone, days, review_months=review_months)
    for conversation in conversations:
        _add_conversation(report, conversation, local, is_open)
    for count in counts:
        report.counts[local(count.hour).date(), count.kind] += count.n
    report.reviews_due = list(reviews_due)
    return report


def _add_conversation(
    report: Report,
    conversation: Conversation,
    local: Callable[[dt.datetime], dt.datetime],
    is_open: Callable[[dt.datetime], bool],
) -> None:
    day = local(conversation.started).date()
    report.conversations[day, conversation.channel] += 1
    report.languages[conversation.language] += 1
    if not is_open(conversation.started):
        report.outside_hours += 1
    for turn in conversation.turns:
        turn_day = local(turn.at).date()
        report.messages[turn_day, turn.channel] += 1
        report.outcomes[turn_day, turn.outcome] += 1
        report.language_outcomes[turn.language, turn.outcome] += 1
        if turn.topic:
            report.topics[turn.topic] += 1
        if turn.outcome is Outcome.CRISIS:
            report.crises[turn_day, turn.crisis_kind or "unknown"] += 1
        if turn.intent == "request_hotline":
            report.handoffs[turn_day] += 1
        if turn.unanswered and not turn.sensitive and turn.text.strip():
            report.unanswered.append(_unanswered(turn))
    if conversation.triage is not None:
        _add_flow(report.triage, conversation.triage.asked, conversation.triage.result)
        if conversation.triage.result:
            report.triage.steps["finished"] += 1
    if conversation.intake is not None:
        flow = conversation.intake
        _add_flow(report.intake, flow.asked, flow.result)
        if flow.consent:
            report.intake.steps["consent"] += 1
        if flow.result:
            report.intake.steps["booked"] += 1
            report.language_bookings[conversation.language] += 1


def _add_flow(funnel: Funnel, asked: list[str], result: str | None) -> None:
    funnel.started += 1
    if result:
        funnel.results[result] += 1
    elif asked:
        funnel.stopped_at[asked[-1]] += 1


def _unanswered(turn: Turn) -> Unanswered:
    guesses = [(name, confidence) for name, confidence in turn.ranking if name not in NOT_A_GUESS]
    guess, confidence = guesses[0] if guesses else (None, 0.0)
    return Unanswered(" ".join(redact(turn.text).split()), turn.outcome, guess, confidence)
