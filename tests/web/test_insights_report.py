"""The staff report (bot/insights/html.py) in headless Chromium: a self-contained page that asks
for nothing, throws nothing and passes axe-core. Screenshot and axe report in results/web/."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from playwright.sync_api import Browser

from bot.content.reviews import reviews_due
from bot.content.store import load_content
from bot.insights.conversations import engine_for, read_conversations
from bot.insights.groups import group_unanswered
from bot.insights.html import render_html
from bot.insights.report import build_report
from bot.intake.availability import Availability
from bot.settings import get_settings
from ops.synthetic_store import write_store
from tests.web.conftest import AXE

SERIOUS = ("serious", "critical")
END = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("report")
    url = f"sqlite:///{folder / 'tracker.db'}"
    write_store(url, 4000, END, days=30)
    hours = Availability.from_spec()
    since, until = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    start = dt.datetime.combine(since, dt.time(), hours.tz)
    conversations = read_conversations(engine_for(url), start, END + dt.timedelta(days=1))
    settings = get_settings()
    due = reviews_due(load_content(settings.content_dir), 12, until)
    report = build_report(
        conversations, since, until, hours.local, hours.is_open, hours.timezone, reviews_due=due
    )
    html = render_html(report, group_unanswered(report.unanswered), "Carolina Center", END)
    path = folder / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def test_the_report_opens_alone_and_passes_axe(browser: Browser, report_file, artifacts):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(report_file.as_uri())
        assert page.get_by_role("heading", level=1).inner_text().startswith("Carolina Center")
        assert page.locator("svg[role=img]").count() >= 3
        assert page.locator("script").count() == 0
        page.screenshot(path=str(artifacts / "insights-report.png"), full_page=True)
        assert requests == [report_file.as_uri()], "the page asked for something else"
        assert errors == []
        page.add_script_tag(path=str(AXE))  # axe itself, after the page's own requests
        result = page.evaluate(
            """async () => (await axe.run(document, {runOnly: {type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}))
                 .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                        nodes: v.nodes.map(n => JSON.stringify(n.target))}))"""
        )
        (artifacts / "axe-insights-report.json").write_text(json.dumps(result, indent=2))
        assert [v for v in result if v["impact"] in SERIOUS] == []
    finally:
        context.close()


def test_the_report_prints(browser: Browser, report_file, artifacts):
    page = browser.new_page()
    try:
        page.goto(report_file.as_uri())
        pdf = page.pdf(format="Letter")
        (artifacts / "insights-report.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        page.close()
