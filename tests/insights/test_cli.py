"""`python -m bot.insights` (bot/insights/__main__.py): the period, the private files, the
summary, bad arguments."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest

from bot.insights.__main__ import parse_since
from bot.settings import PROJECT_ROOT

TODAY = dt.date(2026, 12, 1)
SINCE = [
    ("30d", dt.date(2026, 11, 2)),  # 30 days, today included
    ("1d", TODAY),
    ("2w", dt.date(2026, 11, 18)),
    (" 7D ", dt.date(2026, 11, 25)),
    ("2026-11-01", dt.date(2026, 11, 1)),
]


@pytest.mark.parametrize(("text", "since"), SINCE)
def test_the_period(text, since):
    assert parse_since(text, TODAY) == since


@pytest.mark.parametrize("text", ["0d", "last month", "30", "2026-13-01"])
def test_a_period_it_cannot_read_is_refused(text):
    with pytest.raises(ValueError):
        parse_since(text, TODAY)


def run(synthetic_url: str, *args: str) -> subprocess.CompletedProcess:
    path = synthetic_url.removeprefix("sqlite:///")
    env = {**os.environ, "TRACKER_DB": path, "DB_HOST": ""}
    return subprocess.run(
        [sys.executable, "-m", "bot.insights", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_report_is_written_for_its_owner_only_and_summarised(synthetic, tmp_path):
    url, made = synthetic
    out = tmp_path / "insights"
    result = run(url, "--since", "2026-11-01", "--until", "2026-11-30", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = out / "report.html"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert f"{sum(made.conversations.values())} conversations" in result.stdout
    assert f"{made.conversations['intake']} booked" in result.stdout
    assert str(report) in result.stdout
    html = report.read_text()
    assert "won't wake up" not in html and "pills" not in html  # crisis texts: counts only
    assert "[phone]" in html and "919-555-0134" not in html
    assert "<caption>By language</caption>" in html
    assert f'<td>English</td><td class="n">{sum(made.conversations.values())}</td>' in html


def test_the_unanswered_export(synthetic, tmp_path):
    url, made = synthetic
    out = tmp_path / "review.yml"
    result = run(
        url, "unanswered", "--since", "2026-11-01", "--until", "2026-11-30", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"{sum(made.unanswered.values())} unanswered messages" in result.stdout
    assert "- do you take medicaid? call me at [phone]" in out.read_text()


@pytest.mark.parametrize(
    "args", [["--since", "soon"], ["--since", "2026-12-05", "--until", "2026-12-01"]]
)
def test_bad_arguments_get_a_clear_error(synthetic, args):
    result = run(synthetic[0], *args)
    assert result.returncode == 2
    assert result.stderr.startswith("insights: ") and "Traceback" not in result.stderr
