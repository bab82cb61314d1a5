"""Every turn is answered, even when the action server is gone or never answers.

Rasa 3.6 answers nothing when a custom action fails (the processor logs "Encountered an exception
while running action" and the action's events are lost) and waits 5 minutes for an action server
that does not answer (`DEFAULT_REQUEST_TIMEOUT`). The inbound guard answers such a turn with an
apology and the 24/7 number within TURN_TIMEOUT_SECONDS.

These tests run their own servers (the session's shared assistant stays healthy) with the
session's trained model.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.launch.processes import Assistant
from bot.settings import Settings
from ops.services import free_port
from tests.e2e.rest import say, text_of

pytestmark = pytest.mark.e2e

TURN_TIMEOUT = 3.0
HOTLINE = "866-797-7962"


def own_settings(var_dir: Path, action_port: int | None = None) -> Settings:
    return Settings.from_environ(
        {
            **os.environ,
            "RASA_INTERFACE": "127.0.0.1",
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(action_port or free_port()),
            "CCR_VAR_DIR": str(var_dir),
            "TRACKER_DB": str(var_dir / "tracker.db"),
            "RASA_API_TOKEN": "",
            "TURN_TIMEOUT_SECONDS": str(TURN_TIMEOUT),
        }
    )


def timed_say(assistant: Assistant, sender: str, message: str) -> tuple[str, float]:
    started = time.monotonic()
    replies = say(assistant.rasa_url, sender, message, timeout=60)
    took = time.monotonic() - started
    print(f"> {message}\n  ({took:.1f} s) {text_of(replies)}")
    assert replies, f"silence after {message!r}"
    return text_of(replies), took


class SilentServer:
    """A real TCP server that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            self.connections.append(connection)  # kept open, never read, never answered

    def close(self) -> None:
        self.stopped.set()
        for connection in self.connections:
            connection.close()
        self.sock.close()


def _started(assistant: Assistant, log_path: Path, actions: bool) -> Assistant:
    try:
        if actions:
            assistant.start()
        else:
            assistant.settings.var_dir.mkdir(parents=True, exist_ok=True)
            assistant.start_rasa()
    except Exception:
        assistant.stop()
        print(log_path.read_text()[-5000:])
        raise
    return assistant


@pytest.fixture(scope="module")
def doomed_assistant(trained_model, tmp_path_factory) -> Iterator[Assistant]:
    """Both servers; a test stops the action server."""
    var_dir = tmp_path_factory.mktemp("var-doomed")
    log_path = var_dir / "servers.log"
    with log_path.open("w") as log:
        assistant = _started(Assistant(own_settings(var_dir), trained_model, log), log_path, True)
        yield assistant
        assistant.stop()


@pytest.fixture(scope="module")
def stuck_assistant(trained_model, tmp_path_factory) -> Iterator[Assistant]:
    """The Rasa server only, its action server URL pointing at a socket that never answers."""
    silent = SilentServer()
    var_dir = tmp_path_factory.mktemp("var-stuck")
    log_path = var_dir / "servers.log"
    with log_path.open("w") as log:
        settings = own_settings(var_dir, action_port=silent.port)
        assistant = _started(Assistant(settings, trained_model, log), log_path, False)
        yield assistant
        assistant.stop()
    silent.close()


def test_when_the_action_server_stops_mid_conversation_the_visitor_gets_an_apology(
    doomed_assistant,
):
    print("\ntranscript: the action server stops mid-conversation")
    answer, _ = timed_say(doomed_assistant, "doomed", "how many hours a week is IOP?")
    assert "9 and 20 hours" in answer, "the servers work before"

    action_server = doomed_assistant.processes[0]
    action_server.terminate()
    action_server.wait(timeout=20)
    print("  [action server stopped]")

    answer, took = timed_say(doomed_assistant, "doomed", "how many hours a week is IOP?")
    assert "Sorry" in answer and HOTLINE in answer
    assert took < TURN_TIMEOUT, "a failed action is known at once; no need to wait"

    answer, took = timed_say(doomed_assistant, "doomed", "I want to kill myself")
    assert "988" in answer and HOTLINE in answer, "the crisis reply is a domain response"
    assert took < TURN_TIMEOUT + 2


def test_when_the_action_server_never_answers_the_visitor_is_answered_in_time(stuck_assistant):
    print("\ntranscript: the action server accepts connections and never answers")
    answer, took = timed_say(stuck_assistant, "stuck", "how many hours a week is IOP?")
    assert "Sorry" in answer and HOTLINE in answer
    assert took < TURN_TIMEOUT + 2

    # A new conversation starts with action_session_start, a custom action: it hangs too, so the
    # domain's crisis reply cannot go out; the guard's crisis apology gives the numbers instead.
    answer, took = timed_say(stuck_assistant, "stuck-crisis", "I want to kill myself")
    assert "988" in answer and "911" in answer and HOTLINE in answer
    assert took < TURN_TIMEOUT + 2

    answer, took = timed_say(stuck_assistant, "stuck", "hello?")
    assert "Sorry" in answer and HOTLINE in answer, "the next message is answered too"
    assert took < TURN_TIMEOUT + 2
