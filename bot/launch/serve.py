"""Starts the action server and the Rasa server (or `rasa shell`) with settings from `.env`.

    python -m bot.launch.serve                # REST + socket.io on RASA_PORT, actions on
                                              #   ACTION_SERVER_PORT (`make run`)
    python -m bot.launch.serve --shell        # the action server and `rasa shell` (`make shell`)
    python -m bot.launch.serve --only rasa    # one server per process/container (deploy/):
    python -m bot.launch.serve --only actions #   Rasa servers and action servers scale apart

Once the servers answer, a supervisor watches them (`supervise`; with `--only`, the one server).
A server that exits is started again after a delay that doubles with each crash in a row, from
FIRST_DELAY_S up to MAX_DELAY_S; a crash counts as "in a row" unless the server had been answering
for STABLE_AFTER_S. The other server keeps answering meanwhile (while the action server is down,
the inbound guard answers each turn with an apology and the 24/7 number). Every crash and every
return is one `supervisor:` line on stderr. At the CRASH_LIMIT-th crash in a row the supervisor
gives up: it stops everything and exits with code 1 (in deploy/, Docker's restart policy takes
over). A server that does not come up at start-up is an error at once (exit code 1, no restarts).
Ctrl+C and SIGTERM stop both servers and exit with code 0. `--shell` is not supervised.

Tests use `Assistant` to run the same processes on free ports.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from bot.intake.availability import Availability
from bot.launch.environment import rasa_environment
from bot.launch.training import ensure_model
from bot.settings import PROJECT_ROOT, Settings, get_settings

RASA = str(Path(sys.executable).with_name("rasa"))
# Both servers log through it: personal data is redacted (bot/privacy/log_redaction.py).
LOGGING_CONFIG = PROJECT_ROOT / "bot" / "logging.yml"


SERVERS = ("actions", "rasa")

# The supervisor's restarts (see the module docstring): delays 1, 2, 4, 8 s, then it gives up.
FIRST_DELAY_S = 1.0  # before the first restart after a crash
MAX_DELAY_S = 30.0  # the doubling delay's cap
CRASH_LIMIT = 5  # crashes in a row at which the supervisor gives up
STABLE_AFTER_S = 60.0  # answering this long, a server's next crash starts a new count


class StartupError(RuntimeError):
    """A server did not come up."""


def action_server_command(settings: Settings) -> list[str]:
    return [
        RASA, "run", "actions",
        "--actions", "actions",
        "--port", str(settings.action_port),
        "--logging-config-file", str(LOGGING_CONFIG),
    ]  # fmt: skip


def rasa_server_command(settings: Settings, model: Path) -> list[str]:
    command = [
        RASA, "run",
        "--model", str(model),
        "--interface", settings.rasa_interface,
        "--port", str(settings.rasa_port),
        "--credentials", "credentials.yml",
        "--endpoints", str(settings.endpoints_file),
        "--logging-config-file", str(LOGGING_CONFIG),
    ]  # fmt: skip
    if settings.api_enabled:
        command += ["--enable-api", "--auth-token", settings.api_token]
    return command


def rasa_shell_command(settings: Settings, model: Path) -> list[str]:
    return [
        RASA, "shell",
        "--model", str(model),
        "--port", str(settings.rasa_port),
        "--endpoints", str(settings.endpoints_file),
        "--logging-config-file", str(LOGGING_CONFIG),
    ]  # fmt: skip


def wait_for_http(url: str, process: subprocess.Popen, timeout: float, name: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StartupError(f"{name} exited with code {process.returncode} during start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise StartupError(f"{name} did not answer {url} within {timeout:.0f} s")


@dataclass(frozen=True)
class Server:
    """How to start one server and tell that it is up."""

    label: str  # in messages: "action server", "Rasa server"
    command: list[str]
    ready_url: str  # answers once the server serves
    timeout: float  # seconds it may take to answer ready_url


@dataclass
class RestartPolicy:
    """When to restart one crashed server: `crashed()` gives the delay, or None to give up."""

    first_delay: float = FIRST_DELAY_S
    max_delay: float = MAX_DELAY_S
    crash_limit: int = CRASH_LIMIT
    stable_after: float = STABLE_AFTER_S
    clock: Callable[[], float] = time.monotonic
    crashes: int = 0  # in a row: the attempt number of the restart `crashed()` asks for
    ready_since: float | None = None

    def ready(self) -> None:
        """The server answers (again)."""
        self.ready_since = self.clock()

    def crashed(self) -> float | None:
        """The server exited (or did not come back): seconds to wait before restarting it, or
        None if this is the crash_limit-th crash in a row."""
        up = 0.0 if self.ready_since is None else self.clock() - self.ready_since
        self.crashes = 1 if up >= self.stable_after else self.crashes + 1
        self.ready_since = None
        if self.crashes >= self.crash_limit:
            return None
        return min(self.first_delay * 2 ** (self.crashes - 1), self.max_delay)


def _wait(process: subprocess.Popen) -> None:
    """Waits for a terminated process to exit; kills it if it takes over 20 s."""
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Assistant:
    """The action server and the Rasa server as child processes."""

    def __init__(self, settings: Settings, model: Path, log: IO | None = None) -> None:
        self.settings = settings
        self.model = model
        self.log = log
        self.processes: list[subprocess.Popen] = []

    @property
    def rasa_url(self) -> str:
        host = (
            "127.0.0.1"
            if self.settings.rasa_interface in ("0.0.0.0", "::")
            else self.settings.rasa_interface
        )
        return f"http://{host}:{self.settings.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.settings.action_host}:{self.settings.action_port}"

    def server(self, name: str) -> Server:
        """`name` is one of SERVERS."""
        if name == "actions":
            command = action_server_command(self.settings)
            return Server("action server", command, f"{self.action_url}/health", 60)
        command = rasa_server_command(self.settings, self.model)
        return Server("Rasa server", command, f"{self.rasa_url}/webhooks/rest/", 180)

    def _spawn(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=rasa_environment(self.settings),
            stdout=self.log,
            stderr=subprocess.STDOUT if self.log else None,
            stdin=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def launch(self, server: Server, timeout: float | None = None) -> subprocess.Popen:
        """Starts `server` and returns once it answers; if it does not, it is ended (and
        forgotten) and StartupError raised."""
        process = self._spawn(server.command)
        timeout = server.timeout if timeout is None else timeout
        try:
            wait_for_http(server.ready_url, process, timeout, server.label)
        except BaseException:
            process.terminate()
            _wait(process)
            self.processes.remove(process)
            raise
        return process

    def start_actions(self, timeout: float = 60) -> subprocess.Popen:
        return self.launch(self.server("actions"), timeout)

    def start_rasa(self, timeout: float = 180) -> subprocess.Popen:
        return self.launch(self.server("rasa"), timeout)

    def start(self, servers: tuple[str, ...] = SERVERS) -> Assistant:
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        try:
            if "actions" in servers:
                self.start_actions()
            if "rasa" in servers:
                self.start_rasa()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            _wait(process)
        self.processes.clear()

    def __enter__(self) -> Assistant:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class Supervised:
    """A running server under the supervisor."""

    server: Server
    process: subprocess.Popen
    policy: RestartPolicy = field(default_factory=RestartPolicy)


def _say(message: str) -> None:
    print(f"supervisor: {message}", file=sys.stderr, flush=True)


def supervise(assistant: Assistant, supervised: list[Supervised], poll: float = 1.0) -> int:
    """Restarts each server that exits (see the module docstring); returns 1 once one crashed
    too often (the caller stops the rest). Runs until then, Ctrl+C or SIGTERM."""
    for each in supervised:
        each.policy.ready()
    while True:
        for each in supervised:
            if each.process.poll() is not None and not _restart(assistant, each):
                return 1
        time.sleep(poll)


def _restart(assistant: Assistant, each: Supervised) -> bool:
    """Restarts a server that exited, with backoff, until it answers (True) or the policy gives
    up (False)."""
    label = each.server.label
    assistant.processes.remove(each.process)
    why = f"{label} exited with code {each.process.returncode}"
    while True:
        delay = each.policy.crashed()
        attempt = each.policy.crashes
        if delay is None:
            _say(f"{why}; {attempt} crashes in a row: giving up, stopping everything (exit 1)")
            return False
        _say(f"{why}; restart attempt {attempt} in {delay:g} s")
        time.sleep(delay)
        started = time.monotonic()
        try:
            each.process = assistant.launch(each.server)
        except StartupError as error:
            why = str(error)
            continue
        each.policy.ready()
        took = time.monotonic() - started
        _say(f"{label} is back (pid {each.process.pid}, attempt {attempt}, {took:.0f} s)")
        return True


def _serve(settings: Settings, model: Path, servers: tuple[str, ...]) -> int:
    started = time.monotonic()
    assistant = Assistant(settings, model)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        to_run = [assistant.server(name) for name in servers]
        supervised = [Supervised(server, assistant.launch(server)) for server in to_run]
        api = (
            "on (token required)" if settings.api_enabled else "off (set RASA_API_TOKEN to enable)"
        )
        pids = ", ".join(f"{each.server.label} {each.process.pid}" for each in supervised)
        print(
            f"\n{settings.center_name} assistant is ready ({time.monotonic() - started:.0f} s):\n"
            f"  REST:      POST {assistant.rasa_url}/webhooks/rest/webhook "
            '{"sender": "me", "message": "what is iop?"}\n'
            f"  web chat:  {assistant.rasa_url}/demo  (demo page with the website widget)\n"
            f"  socket.io: {assistant.rasa_url}/socket.io/\n"
            f"  actions:   {settings.action_server_url}\n"
            f"  stores:    {_describe_stores(settings)}\n"
            f"  HTTP API:  {api}\n"
            f"  pids:      {pids} (restarted if they crash)\n"
            "Press Ctrl+C to stop.",
            flush=True,
        )
        return supervise(assistant, supervised)
    except KeyboardInterrupt:
        return 0
    finally:
        assistant.stop()


def _describe_stores(settings: Settings) -> str:
    tracker = (
        f"PostgreSQL {settings.db_host}:{settings.db_port}/{settings.db_name}"
        if settings.db_host
        else f"SQLite {settings.tracker_db}"
    )
    lock = f"Redis {settings.redis_host}:{settings.redis_port}" if settings.redis_host else "memory"
    return f"tracker {tracker}, locks {lock} ({settings.endpoints_file.name})"


def _shell(settings: Settings, model: Path) -> int:
    assistant = Assistant(settings, model)
    try:
        assistant.start_actions()
        return subprocess.call(
            rasa_shell_command(settings, model), cwd=PROJECT_ROOT, env=rasa_environment(settings)
        )
    finally:
        assistant.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Start the assistant.")
    parser.add_argument(
        "--shell", action="store_true", help="talk to it in the terminal (rasa shell)"
    )
    parser.add_argument(
        "--only",
        choices=SERVERS,
        help="start only this server (production: Rasa servers and action servers apart)",
    )
    args = parser.parse_args(argv)
    settings = get_settings()
    Availability.checked(settings)  # the intake hours, before anything starts
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if args.only == "actions":
        return _serve(settings, Path(), ("actions",))
    model = ensure_model(settings)
    if args.shell:
        return _shell(settings, model)
    return _serve(settings, model, (args.only,) if args.only else SERVERS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
