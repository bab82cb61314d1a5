"""Throwaway PostgreSQL and Redis servers on loopback, for the production-topology tests and the
benchmark. Debian's packages provide the binaries (scripts/install-services.sh); each server
gets its own data directory and a free port, and is removed on `stop()`.

PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
(created by the package) from a directory that user owns. Durability is traded for speed
(`fsync=off`): these databases live for one test session.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psycopg2
import redis
from sqlalchemy.engine import URL

from bot.settings import PROJECT_ROOT

INSTALL_SCRIPT = PROJECT_ROOT / "scripts" / "install-services.sh"
POSTGRES_SUPERUSER = "ccr"


class ServiceError(RuntimeError):
    """A local service could not be installed or started."""


def install_services() -> None:
    result = subprocess.run(["bash", str(INSTALL_SCRIPT)], capture_output=True, text=True)
    if result.returncode != 0:
        raise ServiceError(f"{INSTALL_SCRIPT.name} failed:\n{result.stderr[-2000:]}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise ServiceError(f"PostgreSQL's {name} is not installed (run {INSTALL_SCRIPT})")
    return candidates[-1]


def _service_user() -> dict[str, str]:
    """Popen arguments that run PostgreSQL as its own user when we are root."""
    return {"user": "postgres", "group": "postgres"} if os.geteuid() == 0 else {}


def _wait(
    check: Callable[[], object], process: subprocess.Popen, name: str, timeout: float = 30
) -> None:
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{name} exited with code {process.returncode} while starting")
        try:
            check()
            return
        except Exception as error:  # any failure means "not ready yet"
            last_error = error
            time.sleep(0.1)
    raise ServiceError(f"{name} did not get ready in {timeout:.0f} s: {last_error}")


def _stop(process: subprocess.Popen | None, stop_signal: int, timeout: float) -> None:
    """Asks a server to stop, and kills it if it has not after `timeout` seconds."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(stop_signal)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass
class PostgresServer:
    directory: Path
    port: int
    host: str = "127.0.0.1"
    user: str = POSTGRES_SUPERUSER
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    def url(self, database: str) -> str:
        return URL.create(
            "postgresql", username=self.user, host=self.host, port=self.port, database=database
        ).render_as_string(hide_password=False)

    def connect(self, database: str = "postgres") -> psycopg2.extensions.connection:
        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, dbname=database, connect_timeout=3
        )

    def create_database(self, name: str) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        connection = self.connect()
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.url(name)

    def start(self) -> PostgresServer:
        command = [
            _postgres_bin("postgres"), "-D", str(self.data_dir), "-p", str(self.port),
            "-k", str(self.directory), "-c", f"listen_addresses={self.host}",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200",
        ]  # fmt: skip
        log = (self.directory / "postgres.log").open("a")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, **_service_user()
        )
        _wait(lambda: self.connect().close(), self.process, "PostgreSQL")
        return self

    def stop(self, remove: bool = False) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions
        _stop(self.process, signal.SIGINT, timeout=30)
        self.process = None
        if remove:
            shutil.rmtree(self.directory, ignore_errors=True)

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


def start_postgres() -> PostgresServer:
    """A new cluster (superuser `ccr`, trust authentication on loopback only) on a free port."""
    directory = Path(tempfile.mkdtemp(prefix="ccr-postgres-"))
    directory.chmod(0o700)
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(directory, account.pw_uid, account.pw_gid)
    server = PostgresServer(directory=directory, port=free_port())
    initdb = [
        _postgres_bin("initdb"), "-D", str(server.data_dir), "-U", POSTGRES_SUPERUSER,
        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
    ]  # fmt: skip
    result = subprocess.run(initdb, capture_output=True, text=True, **_service_user())
    if result.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise ServiceError(f"initdb failed:\n{result.stderr[-2000:]}")
    return server.start()


@dataclass
class RedisServer:
    directory: Path
    port: int
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = field(default=None, repr=False)

    def client(self) -> redis.Redis:
        return redis.Redis(host=self.host, port=self.port, socket_timeout=3)

    def start(self) -> RedisServer:
        command = [
            "redis-server", "--port", str(self.port), "--bind", self.host,
            "--save", "", "--appendonly", "no", "--dir", str(self.directory),
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _wait(lambda: self.client().ping(), self.process, "Redis")
        return self

    def stop(self, remove: bool = False) -> None:
        _stop(self.process, signal.SIGTERM, timeout=15)
        self.process = None
        if remove:
            shutil.rmtree(self.directory, ignore_errors=True)


def start_redis() -> RedisServer:
    """A Redis on a free loopback port, nothing persisted."""
    directory = Path(tempfile.mkdtemp(prefix="ccr-redis-"))
    if shutil.which("redis-server") is None:
        raise ServiceError(f"redis-server is not installed (run {INSTALL_SCRIPT})")
    return RedisServer(directory=directory, port=free_port()).start()
