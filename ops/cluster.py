"""The production topology on one machine: several Rasa servers and an action server sharing a
PostgreSQL tracker store, a Redis lock store and the intake/SMS databases on the same PostgreSQL
(endpoints.production.yml), each server on a free loopback port. Used by the scale tests and the
benchmark; in production the same settings come from `.env` (deploy/).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bot.launch.processes import Assistant
from bot.settings import Settings
from ops.services import PostgresServer, RedisServer, free_port


def production_environ(
    postgres: PostgresServer,
    redis_server: RedisServer,
    database: str,
    var_dir: Path,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Settings (as environment variables) for servers on `database` and `redis_server`; the
    database is created empty. Ports are filled in per server by `start_cluster`."""
    url = postgres.create_database(database)
    var_dir.mkdir(parents=True, exist_ok=True)
    return {
        **(os.environ if base is None else base),
        "RASA_INTERFACE": "127.0.0.1",
        "CCR_VAR_DIR": str(var_dir),
        "RASA_API_TOKEN": "",
        "DB_HOST": postgres.host,
        "DB_PORT": str(postgres.port),
        "DB_NAME": database,
        "DB_USER": postgres.user,
        "DB_PASSWORD": "",
        "REDIS_HOST": redis_server.host,
        "REDIS_PORT": str(redis_server.port),
        "REDIS_DB": "1",
        # the load is a program sending as fast as it can: one visitor's limit would stop it
        "RATE_LIMIT_PER_MINUTE": "1000",
        "INTAKE_DB_URL": url,
        "SMS_DB_URL": url,
    }


@dataclass
class Cluster:
    """One action server and several Rasa servers; `rasa_urls[i]` is server i."""

    actions: Assistant
    rasa: list[Assistant] = field(default_factory=list)

    @property
    def rasa_urls(self) -> list[str]:
        return [server.rasa_url for server in self.rasa]

    @property
    def settings(self) -> Settings:
        return self.actions.settings

    def kill_rasa(self, index: int) -> None:
        """Kills Rasa server `index` at once (SIGKILL: no clean shutdown, like a crash)."""
        for process in self.rasa[index].processes:
            process.kill()
            process.wait()

    def stop(self) -> None:
        for server in [*self.rasa, self.actions]:
            server.stop()


def start_cluster(
    environ: Mapping[str, str], model: Path, rasa_servers: int = 2, log: IO | None = None
) -> Cluster:
    action_port = free_port()
    actions_settings = Settings.from_environ(
        {**environ, "RASA_PORT": str(free_port()), "ACTION_SERVER_PORT": str(action_port)}
    )
    cluster = Cluster(actions=Assistant(actions_settings, model, log=log))
    for _ in range(rasa_servers):
        settings = Settings.from_environ(
            {**environ, "RASA_PORT": str(free_port()), "ACTION_SERVER_PORT": str(action_port)}
        )
        cluster.rasa.append(Assistant(settings, model, log=log))
    try:
        cluster.actions.start(("actions",))
        # The first server creates the tracker tables; the others then start side by side.
        cluster.rasa[0].start(("rasa",))
        with ThreadPoolExecutor(max_workers=max(1, rasa_servers - 1)) as pool:
            list(pool.map(lambda server: server.start(("rasa",)), cluster.rasa[1:]))
    except BaseException:
        cluster.stop()
        raise
    return cluster
