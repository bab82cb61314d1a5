"""Restarts in the middle of a conversation, on the production stores: the PostgreSQL server
(tracker store and intake database) and the Rasa server itself. The visitor notices nothing: the
next message continues the form where it was, and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ops.cluster import Cluster, production_environ, start_cluster
from ops.load import SCRIPTS, Conversation, LoadResult, run_load
from ops.services import PostgresServer, RedisServer
from tests.scale.test_two_servers import stored_events
from tests.support.logs import log_shown_on_failure

pytestmark = pytest.mark.e2e

ON_SERVER_0 = {"route": lambda conversation, turn: 0}


@pytest.fixture(scope="module")
def cluster(
    postgres: PostgresServer,
    redis_server: RedisServer,
    trained_model: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    environ = production_environ(
        postgres, redis_server, "ccr_restarts", tmp_path_factory.mktemp("restarts-var")
    )
    log_path = tmp_path_factory.mktemp("restarts-logs") / "servers.log"
    with log_shown_on_failure(log_path) as log:
        running = start_cluster(environ, trained_model, rasa_servers=1, log=log)
        yield running
        running.stop()


def half_and_half(cluster: Cluster, sender: str, kind: str, in_between) -> LoadResult:
    conversation = Conversation(sender, kind, SCRIPTS[kind])
    first = run_load(cluster.rasa_urls, [conversation], 1, turns=slice(0, 4), **ON_SERVER_0)
    in_between()
    second = run_load(cluster.rasa_urls, [conversation], 1, turns=slice(4, None), **ON_SERVER_0)
    result = LoadResult(first.turns + second.turns)
    for turn in result.turns:
        print(f"> {turn.text}\n{turn.reply or turn.error}")
    return result


def assert_completed(cluster: Cluster, result: LoadResult, sender: str, outcome: str) -> None:
    assert [t.error for t in result.turns if t.error] == []
    assert outcome in result.turns[-1].reply
    stored = [d["text"] for kind, d in stored_events(cluster, sender) if kind == "user"]
    assert stored == [turn.text for turn in result.turns]


def test_a_database_restart_mid_form_loses_nothing(cluster, postgres):
    result = half_and_half(
        cluster, "restart-db-triage", "triage", lambda: postgres.restart(down_for=1)
    )
    assert_completed(cluster, result, "restart-db-triage", "Outpatient Program (OP)")


def test_a_database_restart_mid_booking_loses_nothing(cluster, postgres):
    result = half_and_half(
        cluster, "restart-db-intake", "intake", lambda: postgres.restart(down_for=1)
    )
    assert_completed(cluster, result, "restart-db-intake", "You're booked")


def test_a_rasa_server_restart_mid_form_continues_where_it_was(cluster):
    def restart_rasa() -> None:
        server = cluster.rasa[0]
        server.stop()
        server.start(("rasa",))

    result = half_and_half(cluster, "restart-rasa-triage", "triage", restart_rasa)
    assert_completed(cluster, result, "restart-rasa-triage", "Outpatient Program (OP)")
