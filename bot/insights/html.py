"""The staff report as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts,
images or links to anywhere, readable printed. Every chart has its numbers in a table next to
it (screen readers and print read the table; the SVG is `role="img"` with a text alternative).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from bot.insights.charts import bars, columns, table
from bot.insights.conversations import Outcome, language_name
from bot.insights.groups import Group
from bot.insights.report import TOP_TOPICS, Report
from bot.insights.tally import CHAT_DELETED, GUARD_APOLOGY, SMS_OPT_IN, SMS_OPT_OUT

SHOWN_GROUPS = 40
SHOWN_EXAMPLES = 5
OUTCOME_NAMES = {
    Outcome.ANSWERED: "answered from the content store",
    Outcome.MENU: "topic menu (unsure)",
    Outcome.NOT_IN_ARTICLE: "the article is silent",
    Outcome.OUT_OF_SCOPE: "can't answer that here",
    Outcome.STORY_GUESS: "unsure, read as a story (next steps)",
    Outcome.CRISIS: "crisis reply",
    Outcome.OTHER: "other (greetings, form answers, hand-offs)",
}
COUNT_NAMES = {
    SMS_OPT_OUT: "SMS opt-outs (STOP)",
    SMS_OPT_IN: "SMS opt-ins (START)",
    CHAT_DELETED: '"Delete my chat" requests',
    GUARD_APOLOGY: "turns answered with the apology (faults)",
}
STEP_NAMES = {
    "person": "who it is for",
    "triage_danger": "danger now",
    "triage_withdrawal": "withdrawal",
    "triage_duration": "how long",
    "triage_prior_treatment": "treatment before",
    "triage_co_occurring": "mental health",
    "triage_home_safe": "home safe",
    "triage_time_available": "time available",
    "intake_first_name": "first name",
    "intake_phone": "phone",
    "intake_slot": "call time",
    "intake_consent": "consent",
    "intake_attach_triage": "attach triage",
    "intake_confirmed": "confirm",
}
LEVEL_NAMES = {
    "op": "Outpatient (OP)",
    "iop": "Intensive outpatient (IOP)",
    "higher": "higher level of care",
}

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;
margin:0 auto;max-width:62rem;padding:1.5rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem;
border-bottom:2px solid #1f5f8b;padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.note{background:#fff4e5;border-left:4px solid #8a4b08;padding:.5rem .75rem}
.cards{display:flex;flex-wrap:wrap;gap:.75rem;padding:0;list-style:none}
.cards li{border:1px solid #c8c8c8;border-radius:6px;padding:.5rem .75rem;min-width:9rem}
.cards strong{display:block;font-size:1.5rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #c8c8c8;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:600;padding:.25rem 0}
svg{max-width:100%;height:auto}.muted{color:#4d4d4d}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}table,svg{break-inside:avoid}}
"""


def render_html(
    report: Report, groups: Sequence[Group], center: str, generated: dt.datetime
) -> str:
    sections = [
        _header(report, center, generated),
        _overview(report),
        _per_day(report),
        _understood(report),
        _topics(report),
        _unanswered(report, groups),
        _funnels(report),
        _crises(report),
        _counts(report),
        _reviews(report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(center)}: assistant report {report.since} to {report.until}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(sections)
        + "\n</main>\n</body>\n</html>\n"
    )


# --- sections --------------------------------------------------------------------------------


def _header(report: Report, center: str, generated: dt.datetime) -> str:
    return (
        f"<h1>{escape(center)}: what the assistant did</h1>\n"
        f'<p class="muted">{report.since:%A %d %B %Y} to {report.until:%A %d %B %Y} '
        f"({len(report.days)} days, {escape(report.timezone)} time); generated "
        f"{generated:%Y-%m-%d %H:%M %Z}.</p>\n"
        '<p class="note">Confidential: for the center\'s staff who may see the intake list. '
        "Unanswered messages are shown with phone numbers and e-mail addresses removed; "
        "messages that mentioned a crisis are only counted, never shown.</p>"
    )


def _overview(report: Report) -> str:
    total = report.total_conversations
    outside = f"{report.outside_hours / total:.0%}" if total else "–"
    crises = sum(report.crises.values())
    cards = [
        ("conversations", str(total)),
        ("visitor messages", str(report.total_messages)),
        ("conversations outside office hours", outside),
        ("questions not answered", f"{report.unanswered_rate():.0%}"),
        ("crisis replies", str(crises)),
        ('"talk to someone" requests', str(sum(report.handoffs.values()))),
        ("intake calls booked", str(report.intake.steps["booked"])),
    ]
    items = "".join(f"<li><strong>{escape(v)}</strong>{escape(k)}</li>" for k, v in cards)
    channels = report.by_channel(report.conversations)
    messages = report.by_channel(report.messages)
    rows = [
        [escape(channel), str(channels[channel]), str(messages[channel])]
        for channel in sorted(channels, key=lambda c: -channels[c])
    ]
    languages = [
        [
            escape(language_name(language)),
            str(report.languages[language]),
            str(report.messages_in(language)),
            f"{report.unanswered_rate_in(language):.0%}",
            str(report.language_bookings[language]),
        ]
        for language in sorted(report.languages, key=lambda lang: -report.languages[lang])
    ]
    return (
        f'<h2 id="overview">Overview</h2>\n<ul class="cards">{items}</ul>\n'
        + table("By channel", ["channel", "conversations", "messages"], rows, numeric_from=1)
        + table(
            "By language",
            ["language", "conversations", "messages", "not answered", "intake calls booked"],
            languages,
            numeric_from=1,
        )
        + f'<p class="muted">Office hours: the intake hours (INTAKE_HOURS). {report.outside_hours}'
        f" of {total} conversations started outside them.</p>"
    )


def _per_day(report: Report) -> str:
    channels = sorted(report.by_channel(report.conversations))
    series = {c: [report.conversations[day, c] for day in report.days] for c in channels}
    rows = [
        [f"{day:%a %d %b}", *(str(report.conversations[day, c]) for c in channels),
         str(sum(report.messages[day, c] for c in channels))]
        for day in report.days
        if any(report.messages[day, c] for c in channels)
    ]  # fmt: skip
    return (
        '<h2 id="per-day">Conversations per day</h2>\n'
        + columns(report.days, series, "Conversations per day by channel")
        + table("Per day (days with no message left out)", ["day", *channels, "messages"], rows, 1)
    )


def _understood(report: Report) -> str:
    totals = report.outcome_totals()
    asked = sum(n for o, n in totals.items() if o is not Outcome.OTHER)
    rows = [
        [escape(OUTCOME_NAMES[o]), str(totals[o]),
         f"{totals[o] / asked:.0%}" if asked and o is not Outcome.OTHER else ""]
        for o in Outcome
    ]  # fmt: skip
    trend = {"not answered": [round(100 * report.unanswered_rate(day)) for day in report.days]}
    return (
        '<h2 id="understood">Understood or not</h2>\n'
        + table(
            "What visitors got (share of messages that asked or told something)",
            ["reply", "messages", "share"], rows, numeric_from=1,
        )
        + columns(report.days, trend, "Share of questions not answered per day (%)", unit="%")
    )  # fmt: skip


def _topics(report: Report) -> str:
    top = report.topics.most_common(TOP_TOPICS)
    if not top:
        return '<h2 id="topics">Topics asked</h2>\n<p>No topic was answered in this period.</p>'
    return (
        f'<h2 id="topics">Topics asked (top {TOP_TOPICS})</h2>\n'
        + bars(top, "Topics answered")
        + table("Topics answered", ["topic", "answers"], [[escape(t), str(n)] for t, n in top], 1)
    )


def _unanswered(report: Report, groups: Sequence[Group]) -> str:
    head = (
        '<h2 id="unanswered">Unanswered messages</h2>\n'
        f'<p>{len(report.unanswered)} messages got the topic menu, "the article is silent", '
        '"can\'t answer that here" or, unsure, the reply to a story, in '
        f"{len(groups)} groups of similar wordings, the largest first. Export them for labelling "
        "with <code>python -m bot.insights unanswered --out review.yml</code>.</p>"
    )
    if not groups:
        return head
    rows = []
    for rank, group in enumerate(groups[:SHOWN_GROUPS], start=1):
        examples = "<br>".join(
            escape(text) + (f' <span class="muted">×{n}</span>' if n > 1 else "")
            for text, n in group.examples[:SHOWN_EXAMPLES]
        )
        more = len(group.examples) - SHOWN_EXAMPLES
        if more > 0:
            examples += f'<br><span class="muted">and {more} more wordings</span>'
        rows.append([str(rank), str(group.size), examples, escape(group.guess or "–")])
    hidden = len(groups) - SHOWN_GROUPS
    header = ["#", "messages", "wordings", "closest intent"]
    more = f'<p class="muted">{hidden} smaller groups are in the export.</p>' if hidden > 0 else ""
    return head + table("Groups", header, rows, numeric_from=0, numeric_to=2) + more


def _funnels(report: Report) -> str:
    triage, intake = report.triage, report.intake
    triage_rows = [["started", str(triage.started)], ["finished", str(triage.steps["finished"])]]
    triage_rows += [
        [f"suggested {escape(LEVEL_NAMES.get(level, level))}", str(n)]
        for level, n in sorted(triage.results.items())
    ]
    intake_rows = [
        ["started", str(intake.started)],
        ["gave consent to be called", str(intake.steps["consent"])],
        ["booked", str(intake.steps["booked"])],
    ]
    return (
        '<h2 id="funnels">Triage and intake</h2>\n'
        + table("Triage", ["step", "conversations"], triage_rows, numeric_from=1)
        + _stops("Triage left unfinished at", triage.stopped_at)
        + table("Intake", ["step", "conversations"], intake_rows, numeric_from=1)
        + _stops("Intake left unfinished at", intake.stopped_at)
    )


def _stops(caption: str, stopped_at: dict[str, int]) -> str:
    if not stopped_at:
        return ""
    rows = [
        [escape(STEP_NAMES.get(s, s)), str(n)]
        for s, n in sorted(stopped_at.items(), key=lambda kv: -kv[1])
    ]
    return table(caption, ["question", "conversations"], rows, numeric_from=1)


def _crises(report: Report) -> str:
    kinds = sorted({kind for _, kind in report.crises})
    head = (
        '<h2 id="crisis">Crisis replies</h2>\n<p>Counts only: these messages are never shown.</p>'
    )
    if not kinds:
        return head + "<p>None in this period.</p>"
    rows = [
        [f"{day:%a %d %b}", *(str(report.crises[day, k]) for k in kinds)]
        for day in report.days
        if any(report.crises[day, k] for k in kinds)
    ]
    rows.append(["total", *(str(sum(report.crises[d, k] for d in report.days)) for k in kinds)])
    return head + table("Crisis replies by kind", ["day", *kinds], rows, numeric_from=1)


def _counts(report: Report) -> str:
    kinds = list(COUNT_NAMES)
    rows = [
        [f"{day:%a %d %b}", *(str(report.counts[day, k]) for k in kinds)]
        for day in report.days
        if any(report.counts[day, k] for k in kinds)
    ]
    rows.append(["total", *(str(report.tally_total(k)) for k in kinds)])
    return '<h2 id="counts">Opt-outs, deleted chats and faults</h2>\n' + table(
        "Per day", ["day", *(COUNT_NAMES[k] for k in kinds)], rows, numeric_from=1
    )


def _reviews(report: Report) -> str:
    head = (
        '<h2 id="reviews">Medical text due for review</h2>\n'
        f"<p>Topics verified {report.review_months} months ago or more "
        "(CONTENT_REVIEW_MONTHS). They are still served: the center decides.</p>"
    )
    if not report.reviews_due:
        return head + "<p>None is due.</p>"
    rows = [
        [escape(r.topic_id), escape(r.title), escape(r.reviewed_by), str(r.verified), str(r.due)]
        for r in report.reviews_due
    ]
    return head + table(
        f"{len(rows)} topics due", ["topic", "title", "reviewer", "verified", "due since"], rows
    )
