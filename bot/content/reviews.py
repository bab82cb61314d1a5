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
