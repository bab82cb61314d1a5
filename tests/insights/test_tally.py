"""The counts kept apart from conversations (bot/insights/tally.py)."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from bot.insights.tally import CHAT_DELETED, SMS_OPT_OUT, Count, Tally

DAY = dt.datetime(2026, 11, 30, 14, 25, tzinfo=dt.timezone.utc)
HOUR = DAY.replace(minute=0)
NEXT_DAY = DAY + dt.timedelta(days=1)


def test_counts_add_up_by_day_kind_and_channel(tmp_path):
    tally = Tally(f"sqlite:///{tmp_path / 'tracker.db'}")
    assert tally.counts(HOUR, NEXT_DAY) == []  # nothing counted yet: no table, no error
    for minutes in (0, 10, 30):
        tally.add(SMS_OPT_OUT, "twilio_sms", DAY + dt.timedelta(minutes=minutes))  # one hour
    tally.add(CHAT_DELETED, "socketio", DAY)
    tally.add(CHAT_DELETED, "socketio", NEXT_DAY)
    assert tally.counts(HOUR, NEXT_DAY) == [
        Count(HOUR, CHAT_DELETED, "socketio", 1),
        Count(HOUR, SMS_OPT_OUT, "twilio_sms", 3),
    ]
    assert len(tally.counts(HOUR, NEXT_DAY + dt.timedelta(hours=1))) == 3


def test_counts_from_several_threads_are_not_lost(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    Tally(url).add(SMS_OPT_OUT, "twilio_sms", DAY)
    tallies = [Tally(url) for _ in range(4)]  # like several server processes

    def count(tally: Tally) -> None:
        for _ in range(25):
            tally.add(SMS_OPT_OUT, "twilio_sms", DAY)

    threads = [threading.Thread(target=count, args=(t,)) for t in tallies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Tally(url).counts(HOUR, NEXT_DAY)[0].n == 101


def test_a_database_error_is_logged_and_never_raised(tmp_path, caplog):
    tally = Tally(f"sqlite:///{tmp_path / 'missing' / 'tracker.db'}")  # folder does not exist
    with caplog.at_level(logging.WARNING):
        tally.add(CHAT_DELETED, "rest", DAY)
    assert "could not count chat_deleted" in caplog.text
