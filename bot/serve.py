"""Starts the action server and the Rasa server (or `rasa shell`) with settings from `.env`.

    python -m bot.serve            # REST + socket.io on RASA_PORT, actions on ACTION_SERVER_PORT
    python -m bot.serve --shell    # the action server and `rasa shell`, for staff testing
    python -m bot.serve --only rasa       # one server per process/container (deploy/):
    python -m bot.serve --only actions    #   Rasa servers and action servers scale apart

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
from pathlib import Path
from typing import IO

from bot.runtime_env import rasa_environment
from bot.settings import PROJECT_ROOT, Settings, get_settings
from bot.training import ensure_model

RASA = str(Path(sys.executable).with_name("rasa"))
# Both servers log through it: personal data is redacted (bot/log_redaction.py).
LOGGING_CONFIG = PROJECT_ROOT / "bot" / "logging.yml"


SERVERS = ("actions", "rasa")


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

    def start_actions(self, timeout: float = 60) -> None:
        process = self._spawn(action_server_command(self.settings))
        wait_for_http(f"{self.action_url}/health", process, timeout, "action server")

    def start_rasa(self, timeout: float = 180) -> None:
        process = self._spawn(rasa_server_command(self.settings, self.model))
        wait_for_http(f"{self.rasa_url}/webhooks/rest/", process, timeout, "Rasa server")

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
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def __enter__(self) -> Assistant:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _serve(settings: Settings, model: Path, servers: tuple[str, ...]) -> int:
    started = time.monotonic()
    assistant = Assistant(settings, model)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        assistant.start(servers)
        api = (
            "on (token required)" if settings.api_enabled else "off (set RASA_API_TOKEN to enable)"
        )
        print(
            f"\n{settings.center_name} assistant is ready ({time.monotonic() - started:.0f} s):\n"
            f"  REST:      POST {assistant.rasa_url}/webhooks/rest/webhook "
            '{"sender": "me", "message": "what is iop?"}\n'
            f"  web chat:  {assistant.rasa_url}/demo  (demo page with the website widget)\n"
            f"  socket.io: {assistant.rasa_url}/socket.io/\n"
            f"  actions:   {settings.action_server_url}\n"
            f"  stores:    {_describe_stores(settings)}\n"
            f"  HTTP API:  {api}\n"
            "Press Ctrl+C to stop.",
            flush=True,
        )
        while all(p.poll() is None for p in assistant.processes):
            time.sleep(1)
        print("a server stopped; shutting down", file=sys.stderr)
        return 1
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
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    if args.only == "actions":
        return _serve(settings, Path(), ("actions",))
    model = ensure_model(settings)
    if args.shell:
        return _shell(settings, model)
    return _serve(settings, model, (args.only,) if args.only else SERVERS)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
