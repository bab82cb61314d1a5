"""The SMS store on a real SQLite database: opt-outs, last options, the notice, the hash key."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.channels.sms.options import SmsOption
from bot.channels.sms.store import (
    OPTIONS_MAX_AGE,
    SENDER_HASH_CHARS,
    SenderState,
    SmsStore,
    SmsStoreConfigError,
    SmsStoreUnavailable,
    sender_hash,
)

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
SENDER = "a" * 32
OPTIONS = (
    SmsOption("IOP hours", "/ask_iop_hours"),
    SmsOption("Talk to someone", "/request_hotline"),
)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'sms.db'}"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, clock: Clock) -> Iterator[SmsStore]:
    store = SmsStore(db_url, clock=clock)
    yield store
    store.close()


def test_a_new_sender_is_opted_in_without_notice_or_options(store):
    assert store.state(SENDER) == SenderState(opted_out=False, notice_sent=False, options=())


@pytest.mark.parametrize(
    ("steps", "results", "opted_out"),
    [
        (["out"], [True], True),
        (["out", "out"], [True, False], True),  # one confirmation only
        (["in"], [False], False),  # START from a number that never stopped
        (["out", "in"], [True, True], False),
        (["out", "in", "in", "out"], [True, True, False, True], True),
    ],
)
def test_opt_out_and_in_report_whether_they_changed_anything(store, steps, results, opted_out):
    actions = {"out": store.opt_out, "in": store.opt_in}
    assert [actions[step](SENDER) for step in steps] == results
    assert store.state(SENDER).opted_out is opted_out


def test_of_concurrent_stops_exactly_one_gets_the_confirmation(db_url):
    stores = [SmsStore(db_url) for _ in range(8)]
    start = threading.Barrier(len(stores))
    results: list[bool] = []

    def stop(store: SmsStore) -> None:
        start.wait()
        results.append(store.opt_out(SENDER))

    threads = [threading.Thread(target=stop, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 7 + [True]
    for store in stores:
        store.close()


def test_the_last_options_replace_each_other_and_expire_with_the_session(store, clock):
    store.save_reply(SENDER, OPTIONS, notice_sent=False)
    assert store.state(SENDER).options == OPTIONS
    store.save_reply(SENDER, OPTIONS[:1], notice_sent=False)
    assert store.state(SENDER).options == OPTIONS[:1]
    store.save_reply(SENDER, (), notice_sent=False)
    assert store.state(SENDER).options == ()
    store.save_reply(SENDER, OPTIONS, notice_sent=False)
    clock.now = NOW + OPTIONS_MAX_AGE + dt.timedelta(seconds=1)
    assert store.state(SENDER).options == (), "a '2' an hour later is not an answer to them"


def test_the_notice_is_remembered_once_sent(store):
    store.save_reply(SENDER, OPTIONS, notice_sent=False)
    assert not store.state(SENDER).notice_sent
    store.save_reply(SENDER, OPTIONS, notice_sent=True)
    assert store.state(SENDER).notice_sent
    store.save_reply(SENDER, (), notice_sent=False)
    assert store.state(SENDER).notice_sent, "never un-sent"
    other = "b" * 32
    store.mark_notice_sent(other)
    assert store.state(other).notice_sent


def test_everything_survives_a_restart(db_url, clock):
    first = SmsStore(db_url, clock=clock)
    first.opt_out(SENDER)
    first.save_reply("b" * 32, OPTIONS, notice_sent=True)
    first.close()
    second = SmsStore(db_url, clock=clock)
    assert second.state(SENDER).opted_out
    assert second.state("b" * 32) == SenderState(opted_out=False, notice_sent=True, options=OPTIONS)
    second.close()


# --- the hash key ---------------------------------------------------------------------------


def test_sender_hash_is_a_truncated_hmac_sha256_of_the_number():
    key = b"k"
    expected = hmac.new(key, b"+19195550123", hashlib.sha256).hexdigest()[:SENDER_HASH_CHARS]
    assert sender_hash("+19195550123", key) == expected
    assert sender_hash(" +19195550123 ", key) == expected
    assert len(expected) == 32 and "9195550123" not in expected
    assert sender_hash("+19195550123", b"other") != expected
    assert sender_hash("+19195550124", key) != expected


def test_without_a_configured_salt_one_key_is_generated_and_shared_through_the_database(db_url):
    first, second = SmsStore(db_url), SmsStore(db_url)
    key = first.sender_key("")
    assert len(key) == 64
    assert second.sender_key("") == key, "every server using the database hashes alike"
    stored = first.engine.connect().execute(
        text("select value from sms_meta where key='sender_salt'")
    )
    assert stored.scalar().encode() == key
    assert second.sender_key(key.decode()) == key, "the generated value can be configured"
    first.close()
    second.close()


def test_a_configured_salt_is_the_key(store):
    assert store.sender_key("s3cret") == b"s3cret"
    assert store.sender_key("s3cret") == b"s3cret"


@pytest.mark.parametrize(
    ("before", "after"), [("", "new-salt"), ("old-salt", "new-salt"), ("old-salt", "")]
)
def test_a_different_key_than_the_databases_is_refused(db_url, before, after):
    store = SmsStore(db_url)
    store.sender_key(before)
    with pytest.raises(SmsStoreConfigError, match="opt-out would be lost"):
        SmsStore(db_url).sender_key(after)
    store.close()


# --- failures -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["not a url", "nosuchdialect://x/y"])
def test_an_unusable_database_url_is_a_config_error(url):
    with pytest.raises(SmsStoreConfigError, match="SMS_DB_URL"):
        SmsStore(url)


def test_a_broken_database_raises_unavailable_and_logs_no_data(store, caplog):
    with store.engine.begin() as connection:
        connection.execute(text("drop table sms_senders"))
    with pytest.raises(SmsStoreUnavailable):
        store.state(SENDER)
    with pytest.raises(SmsStoreUnavailable):
        store.opt_out(SENDER)
    assert SENDER not in caplog.text
    assert "SMS store: read sender failed" in caplog.text


def test_an_unreachable_database_file_raises_unavailable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(SmsStoreUnavailable):
        SmsStore(f"sqlite:///{blocker / 'sms.db'}")
