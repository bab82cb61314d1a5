"""Retention: what is older than RETENTION_DAYS goes, what is live or required stays.

Run on every database backend the project supports (`database` fixture), with real stores:
Rasa's own tracker store code writes the conversations.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Callable

import pytest
from sqlalchemy.engine import make_url

from bot.channels.sms.store import SmsStore
from bot.intake.models import IntakeRequest
from bot.intake.store import IntakeStore
from bot.launch.environment import rasa_environment
from bot.privacy.tracker_events import Deleted, delete_old_conversations
from bot.settings import PROJECT_ROOT, Settings
from tests.support.tracker_stores import conversation, save, senders, tracker_store

UTC = dt.timezone.utc
DAY = 86400.0
NOW = dt.datetime.now(UTC)
CUTOFF = NOW - dt.timedelta(days=30)
NAME, PHONE = "Marisol", "+19195550142"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path) -> Callable[[str], str]:
    """A factory of empty databases (SQLAlchemy URLs) on one backend."""
    if request.param == "sqlite":
        return lambda name: f"sqlite:///{tmp_path / name}.db"
    postgres = request.getfixturevalue("postgres")  # the session's PostgreSQL server
    return lambda name: postgres.create_database(f"retention_{name}")


@pytest.fixture
def tracker_url(database: Callable[[str], str]) -> Iterator[str]:
    url = database("tracker")
    store = tracker_store(url)
    now = time.time()
    save(store, conversation("ended-40-days-ago", ["my name is Marisol"], [now - 40 * DAY]))
    save(
        store,
        conversation(
            "started-40-days-ago-still-going", ["hi", "still here"], [now - 40 * DAY, now - 60]
        ),
    )
    save(store, conversation("today", ["what is iop"], [now - 3600]))
    yield url
    store.engine.dispose()


def booking(slot: dt.datetime, conversation_id: str) -> IntakeRequest:
    return IntakeRequest(
        conversation_id=conversation_id, for_whom="self", first_name=NAME, phone_e164=PHONE,
        slot_start=slot, consent_text="OK to call", consented_at=slot - dt.timedelta(days=2),
    )  # fmt: skip


@pytest.fixture
def intake_url(database: Callable[[str], str]) -> str:
    url = database("intake")
    store = IntakeStore(url)
    for days, who in ((-40, "call-40-days-ago"), (-10, "call-10-days-ago"), (3, "call-in-3-days")):
        store.book(booking(NOW.replace(microsecond=0) + dt.timedelta(days=days), who))
    store.close()
    return url


@pytest.fixture
def sms_url(database: Callable[[str], str]) -> str:
    url = database("sms")
    moment = [NOW - dt.timedelta(days=90)]
    store = SmsStore(url, clock=lambda: moment[0])
    store.opt_out("opted-out-90-days-ago")
    store.save_reply("idle-90-days", (), notice_sent=True)
    moment[0] = NOW - dt.timedelta(days=1)
    store.save_reply("active-yesterday", (), notice_sent=True)
    store.close()
    return url


def test_only_conversations_whose_last_event_is_older_are_deleted(tracker_url):
    assert delete_old_conversations(tracker_url, CUTOFF, dry_run=True) == Deleted(1, 6)
    assert len(senders(tracker_store(tracker_url))) == 3  # a dry run deletes nothing
    assert delete_old_conversations(tracker_url, CUTOFF) == Deleted(1, 6)
    assert senders(tracker_store(tracker_url)) == {"started-40-days-ago-still-going", "today"}


def test_a_missing_tracker_database_has_nothing_to_delete(tmp_path):
    url = f"sqlite:///{tmp_path / 'never-created.db'}"
    assert delete_old_conversations(url, CUTOFF) == Deleted(0, 0)
    assert not (tmp_path / "never-created.db").exists()


def test_only_intake_requests_whose_call_is_further_past_are_deleted(intake_url):
    store = IntakeStore(intake_url)
    assert store.delete_past(CUTOFF, dry_run=True) == 1
    assert store.delete_past(CUTOFF) == 1
    assert sorted(b.conversation_id for b in store.list()) == ["call-10-days-ago", "call-in-3-days"]


def test_idle_sms_state_is_deleted_and_opt_outs_are_kept(sms_url):
    store = SmsStore(sms_url)
    assert store.delete_idle_state(CUTOFF, dry_run=True) == 1
    assert store.delete_idle_state(CUTOFF) == 1
    assert store.state("opted-out-90-days-ago").opted_out
    assert store.state("active-yesterday").notice_sent
    assert not store.state("idle-90-days").notice_sent  # forgotten: gets the notice again


def settings_for(tracker_url: str, intake_url: str, sms_url: str, tmp_path) -> Settings:
    env = {"CCR_VAR_DIR": str(tmp_path), "INTAKE_DB_URL": intake_url, "SMS_DB_URL": sms_url}
    tracker = make_url(tracker_url)
    if tracker.get_backend_name() == "sqlite":
        env["TRACKER_DB"] = tracker.database
    else:
        env.update(
            DB_HOST=tracker.host, DB_PORT=str(tracker.port), DB_NAME=tracker.database,
            DB_USER=tracker.username, DB_PASSWORD=tracker.password or "",
            RASA_ENDPOINTS="endpoints.yml",  # no Redis needed to run retention
        )  # fmt: skip
    settings = Settings.from_environ(env)
    assert settings.tracker_db_url.split("@")[-1] == tracker_url.split("@")[-1]
    return settings


def retention(settings: Settings, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "bot.retention", *args],
        cwd=PROJECT_ROOT, env=rasa_environment(settings), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    print(result.stdout)
    return result.stdout


def test_the_command_deletes_everything_older_and_prints_only_counts(
    tracker_url, intake_url, sms_url, tmp_path
):
    settings = settings_for(tracker_url, intake_url, sms_url, tmp_path)
    dry = retention(settings, "--older-than", "30d", "--dry-run")
    assert "would delete 1 conversations (6 events)" in dry and "nothing deleted" in dry
    assert len(senders(tracker_store(tracker_url))) == 3

    done = retention(settings)  # RETENTION_DAYS: 30 by default
    assert "deleted 1 conversations (6 events)" in done
    assert "deleted 1 requests" in done and "deleted 1 senders' state" in done
    for private in (NAME, PHONE, "919", "ended-40-days-ago", "idle-90-days", "call-40-days-ago"):
        assert private not in dry + done
    assert len(IntakeStore(intake_url).list()) == 2


def test_a_number_of_days_is_required():
    settings = Settings.from_environ({})
    result = subprocess.run(
        [sys.executable, "-m", "bot.retention", "--older-than", "a month", "--dry-run"],
        cwd=PROJECT_ROOT, env=rasa_environment(settings), capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 2 and "like 30d" in result.stderr
