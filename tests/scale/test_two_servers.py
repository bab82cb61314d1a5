"""The production topology: two Rasa servers and one action server on a PostgreSQL tracker store,
a Redis lock store and the intake database on the same PostgreSQL. Twenty conversations run at
once, and every conversation changes server on every turn; half-way through one Rasa server is
killed and the other carries every conversation to its end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ops.cluster import Cluster, production_environ, start_cluster
from ops.load import Conversation, LoadResult, alternate, mixed_conversations, run_load, say
from ops.services import PostgresServer, RedisServer
from tests.support.logs import log_shown_on_failure

pytestmark = pytest.mark.e2e

CONVERSATIONS = 20
FIRST_HALF = slice(0, 4)
SECOND_HALF = slice(4, None)
OUTCOMES = {
    "triage": "Outpatient Program (OP)",
    "intake": "You're booked",
    "questions": "9 and 20 hours",
    "follow_ups": "30 to 60 days",
}


@pytest.fixture(scope="module")
def cluster(
    postgres: PostgresServer,
    redis_server: RedisServer,
    trained_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    environ = production_environ(
        postgres, redis_server, "ccr_scale", tmp_path_factory.mktemp("scale-var")
    )
    log_path = tmp_path_factory.mktemp("scale-logs") / "servers.log"
    with log_shown_on_failure(log_path) as log:
        running = start_cluster(environ, trained_model, rasa_servers=2, log=log)
        yield running
        running.stop()


@pytest.fixture(scope="module")
def conversations() -> list[Conversation]:
    return mixed_conversations(CONVERSATIONS, "scale")


@pytest.fixture(scope="module")
def first_half(cluster: Cluster, conversations: list[Conversation]) -> LoadResult:
    return run_load(
        cluster.rasa_urls, conversations, concurrency=CONVERSATIONS, route=alternate,
        turns=FIRST_HALF,
    )  # fmt: skip


@pytest.fixture(scope="module")
def second_half(
    cluster: Cluster, conversations: list[Conversation], first_half: LoadResult
) -> LoadResult:
    cluster.kill_rasa(1)
    return run_load(
        cluster.rasa_urls, conversations, concurrency=CONVERSATIONS, route=lambda c, t: 0,
        turns=SECOND_HALF,
    )  # fmt: skip


def stored_events(cluster: Cluster, sender: str) -> list[tuple[str, dict]]:
    engine = create_engine(cluster.settings.tracker_db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id"),
                {"s": sender},
            ).all()
    finally:
        engine.dispose()
    return [(row.type_name, json.loads(row.data)) for row in rows]


def test_every_turn_of_the_first_half_is_answered_with_turns_alternating(first_half):
    summary = first_half.summary()
    print("first half:", summary)
    assert summary["errors"] == 0, [t for t in first_half.turns if t.error]
    servers = {turn.server for turn in first_half.turns}
    assert servers == {0, 1}


def test_an_active_form_is_carried_from_one_server_to_the_other(cluster, conversations, first_half):
    """After 4 turns alternating servers, triage and intake conversations are still in their
    form: the state written by one server was read by the other."""
    for conversation in conversations:
        loops = [d.get("name") for kind, d in stored_events(cluster, conversation.sender)
                 if kind == "active_loop"]  # fmt: skip
        if conversation.kind in ("triage", "intake"):
            assert loops and loops[-1] == f"{conversation.kind}_form", conversation.sender


def test_the_other_server_carries_on_after_one_is_killed(cluster, second_half):
    summary = second_half.summary()
    print("second half (one server killed):", summary)
    assert summary["errors"] == 0, [t for t in second_half.turns if t.error]
    assert all(process.poll() is not None for process in cluster.rasa[1].processes)
    assert say(cluster.rasa_urls[0], "after-the-kill", "what is iop")


def test_every_conversation_reaches_its_outcome(conversations, first_half, second_half):
    turns = LoadResult(first_half.turns + second_half.turns).by_conversation()
    for number, conversation in enumerate(conversations):
        replies = "\n".join(turn.reply for turn in turns[number])
        if number < len(OUTCOMES) or OUTCOMES[conversation.kind] not in replies:
            print("\n".join(f"> {t.text}  [server {t.server}]\n{t.reply}" for t in turns[number]))
        assert OUTCOMES[conversation.kind] in replies, (conversation.sender, replies)


def test_no_turn_is_lost_or_duplicated(cluster, conversations, first_half, second_half):
    """The tracker store holds each message sent exactly once, in the order sent."""
    turns = LoadResult(first_half.turns + second_half.turns).by_conversation()
    for number, conversation in enumerate(conversations):
        sent = [turn.text for turn in turns[number]]
        stored = [d["text"] for kind, d in stored_events(cluster, conversation.sender)
                  if kind == "user"]  # fmt: skip
        assert stored == sent, conversation.sender


def test_every_booking_is_stored_exactly_once(cluster, conversations, second_half):
    intake_senders = {c.sender for c in conversations if c.kind == "intake"}
    engine = create_engine(cluster.settings.intake_db_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT conversation_id, slot_start, status FROM intake_requests")
            ).all()
    finally:
        engine.dispose()
    booked = [row for row in rows if row.conversation_id in intake_senders]
    assert sorted(row.conversation_id for row in booked) == sorted(intake_senders)
    assert len({row.slot_start for row in booked}) == len(booked)
    assert {row.status for row in booked} == {"booked"}
