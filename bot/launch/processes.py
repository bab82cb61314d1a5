"""The action server and the Rasa server as child processes: their commands, starting one and
waiting until it answers, stopping them. `python -m bot.launch.serve` runs them; the tests use
`Assistant` to run the same processes on free ports."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from bot.launch.environment import rasa_environment
from bot.settings import PROJECT_ROOT, Settings

RASA = str(Path(sys.executable).with_name("rasa"))


# Both servers log through it: personal data is redacted (bot/privacy/log_redaction.py).
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


@dataclass(frozen=True)
class Server:
    """How to start one server and tell that it is up."""

    label: str  # in messages: "action server", "Rasa server"
    command: list[str]
    ready_url: str  # answers once the server serves
    timeout: float  # seconds it may take to answer ready_url


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
