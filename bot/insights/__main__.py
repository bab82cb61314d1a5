"""`make insights`: the staff report from the tracker store the servers use.

    python -m bot.insights [--since 30d] [--until YYYY-MM-DD] [--out results/insights]
    python -m bot.insights unanswered --out review.yml [--since 30d]

The first writes `report.html` (mode 0600) in `--out` and prints a short summary; the second
writes the unanswered messages as a Rasa NLU file to label (bot/insights/review_file.py).
`--since` is a number of days ("30d"), weeks ("8w") or a date; the period ends with `--until`
(default today), both days included, in the center's time zone (INTAKE_TIMEZONE).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from tqdm import tqdm

from bot.content.reviews import reviews_due
from bot.content.store import load_content
from bot.insights.conversations import count_events, engine_for, read_conversations
from bot.insights.groups import group_unanswered
from bot.insights.html import render_html
from bot.insights.report import Report, build_report
from bot.insights.review_file import review_yaml
from bot.insights.tally import Tally
from bot.intake.availability import Availability
from bot.settings import PROJECT_ROOT, Settings, SettingsError, get_settings

DEFAULT_OUT = PROJECT_ROOT / "results" / "insights"
_SPAN = re.compile(r"^(\d+)\s*([dw])$")


def parse_since(value: str, today: dt.date) -> dt.date:
    """'30d' -> 29 days before `today` (30 days with today); '8w'; or an ISO date."""
    match = _SPAN.match(value.strip().lower())
    if match:
        days = int(match[1]) * (7 if match[2] == "w" else 1)
        if days < 1:
            raise ValueError("the period must be at least one day")
        return today - dt.timedelta(days=days - 1)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"cannot read {value!r}: use e.g. 30d, 8w or 2026-11-01") from None


def make_report(settings: Settings, since: dt.date, until: dt.date, today: dt.date) -> Report:
    hours = Availability.checked(settings)
    start = dt.datetime.combine(since, dt.time(), hours.tz)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), hours.tz)
    engine = engine_for(settings.tracker_db_url)
    try:
        total = count_events(engine, start, end)
        with tqdm(
            total=total, unit=" events", desc="reading", disable=None, file=sys.stderr
        ) as bar:
            conversations = read_conversations(engine, start, end, bar.update)
            report = build_report(
                conversations,
                since,
                until,
                local=hours.local,
                is_open=hours.is_open,
                timezone=hours.timezone,
                counts=Tally(settings.tracker_db_url).counts(start, end),
                reviews_due=reviews_due(
                    load_content(settings.content_dir), settings.content_review_months, today
                ),
                review_months=settings.content_review_months,
            )
    finally:
        engine.dispose()
    return report


def summary(report: Report, path: Path | None) -> str:
    channels = report.by_channel(report.conversations)
    lines = [
        f"{report.since} to {report.until}: {report.total_conversations} conversations"
        + (f" ({', '.join(f'{c} {n}' for c, n in channels.most_common())})" if channels else "")
        + f", {report.total_messages} visitor messages",
        f"outside office hours: {report.outside_hours} conversations",
        f"not answered: {len(report.unanswered)} messages shown in the report "
        f"({report.unanswered_rate():.0%} of questions)",
        "top topics: " + (", ".join(f"{t} {n}" for t, n in report.topics.most_common(5)) or "none"),
        f"triage: {report.triage.started} started, {report.triage.steps['finished']} finished"
        + "".join(f", {level} {n}" for level, n in sorted(report.triage.results.items())),
        f"intake: {report.intake.started} started, {report.intake.steps['consent']} consented, "
        f"{report.intake.steps['booked']} booked",
        f"talk to someone: {sum(report.handoffs.values())}; crisis replies: "
        f"{sum(report.crises.values())}",
        f"content topics due for medical review: {len(report.reviews_due)}",
    ]
    if path is not None:
        lines.append(f"report: {path} (staff only)")
    return "\n".join(lines)


def write_private(path: Path, text: str) -> None:
    """Writes `text` readable by its owner only (0600), in a folder only its owner can list."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.insights", description=__doc__.split("\n")[0]
    )
    parser.add_argument("command", nargs="?", choices=("report", "unanswered"), default="report")
    parser.add_argument("--since", default="30d", help="30d, 8w or a date (default 30d)")
    parser.add_argument("--until", default=None, help="the last day (default today)")
    parser.add_argument(
        "--out", type=Path, default=None, help="folder (report) or file (unanswered)"
    )
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
        tz = Availability.from_settings(settings).tz
        today = dt.datetime.now(tz).date()
        until = dt.date.fromisoformat(args.until) if args.until else today
        since = parse_since(args.since, until)
    except (SettingsError, ValueError) as error:
        print(f"insights: {error}", file=sys.stderr)
        return 2
    if since > until:
        print(f"insights: --since {since} is after --until {until}", file=sys.stderr)
        return 2
    report = make_report(settings, since, until, today)
    if args.command == "unanswered":
        out = args.out or Path("review.yml")
        write_private(out, review_yaml(report.unanswered, since, until))
        print(f"{len(report.unanswered)} unanswered messages written to {out}")
        return 0
    path = (args.out or DEFAULT_OUT) / "report.html"
    groups = group_unanswered(report.unanswered)
    generated = dt.datetime.now(tz)
    write_private(path, render_html(report, groups, settings.center_name, generated))
    print(summary(report, path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
