"""Medical review dates: the topics whose `verified` date is `CONTENT_REVIEW_MONTHS` or more
months ago. A topic due for review is still served: the center decides."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from bot.content.store import ContentStore


@dataclass(frozen=True)
class ReviewDue:
    """A topic due for medical review: its `verified` date is `months` or more ago."""

    topic_id: str
    title: str
    reviewed_by: str
    verified: dt.date
    due: dt.date  # verified + months (calendar months; the day is clamped to the month's end)


def reviews_due(store: ContentStore, months: int, today: dt.date) -> list[ReviewDue]:
    """Topics whose verified date is `months` or more before `today`, oldest first."""
    if months < 1:
        raise ValueError(f"months must be at least 1, not {months}")
    due = []
    for topic in store:
        due_date = add_months(topic.verified, months)
        if due_date <= today:
            due.append(
                ReviewDue(topic.id, topic.title, topic.reviewed_by, topic.verified, due_date)
            )
    return sorted(due, key=lambda item: (item.verified, item.topic_id))


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus calendar months; 31 January + 1 month is the last day of February. A date
    past the calendar's end (year 9999) is `dt.date.max`."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_status(store: ContentStore, months: int, today: dt.date) -> list[str]:
    """What `python -m bot.content` prints about medical review: one line when nothing is due,
    else a count line and one line per due topic, oldest first."""
    span = f"{months} month" if months == 1 else f"{months} months"
    due = reviews_due(store, months, today)
    if not due:
        return [f"All {len(store)} topics were verified within the last {span}."]
    lines = [
        f"{len(due)} of {len(store)} topics are due for medical review "
        f"(verified {span} ago or more):"
    ]
    for item in due:
        lines.append(
            f'  {item.topic_id}: "{item.title}"; reviewer {item.reviewed_by}; '
            f"verified {item.verified.isoformat()}; due since {item.due.isoformat()}"
        )
    return lines


def translations_unreviewed(store: ContentStore) -> dict[str, list[str]]:
    """Per language, the topics whose translation the center's reviewer has not signed off
    (`translation_reviewed` empty), in id order."""
    unreviewed: dict[str, list[str]] = {}
    for topic in store:
        for language, translation in topic.translations.items():
            if translation.reviewed is None:
                unreviewed.setdefault(language, []).append(topic.id)
    return unreviewed


def translation_status(store: ContentStore) -> list[str]:
    """What `python -m bot.content` prints about translations: per language, a line when every
    topic's translation is reviewed, else a count line and the topics still to review. They are
    served meanwhile: the center decides."""
    lines = []
    unreviewed = translations_unreviewed(store)
    for language in sorted({lang for topic in store for lang in topic.translations}):
        topics = unreviewed.get(language, [])
        if not topics:
            lines.append(f"All {len(store)} '{language}' translations are reviewed.")
            continue
        lines.append(
            f"{len(topics)} of {len(store)} '{language}' translations are not reviewed yet "
            "(translation_reviewed is empty):"
        )
        by = {topic.id: topic.translations[language].translated_by for topic in store}
        lines.extend(f"  {topic_id}: translated by {by[topic_id]}" for topic_id in topics)
    return lines
