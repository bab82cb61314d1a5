"""`make run`'s supervisor on the real servers: `python -m bot.launch.serve` as a process, its
action server killed; the Rasa server answers all along and the action server comes back."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from ops.services import free_port
from tests.e2e.rest import say, text_of

pytestmark = pytest.mark.e2e

HOTLINE = "866-797-7962"
QUESTION = "how many hours a week is IOP?"
ANSWER = "9 and 20 hours"


@dataclass
class Serve:
    process: subprocess.Popen
    log_path: Path
    rasa_url: str
    action_url: str

    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for_log(self, pattern: str, timeout: float) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log())
            if match:
                return match
            assert self.process.poll() is None, f"serve exited with {self.process.returncode}"
            time.sleep(0.25)
        raise AssertionError(f"no {pattern!r} in serve's log within {timeout:.0f} s")


@pytest.fixture
def serve(trained_model: Path, tmp_path: Path) -> Iterator[Serve]:
    """`python -m bot.launch.serve` on free ports with its own stores; the model is already
    current, so it does not train."""
    rasa_port, action_port = free_port(), free_port()
    env = {
        **os.environ,
        "RASA_INTERFACE": "127.0.0.1",
        "RASA_PORT": str(rasa_port),
        "ACTION_SERVER_PORT": str(action_port),
        "CCR_VAR_DIR": str(tmp_path / "var"),
        "TRACKER_DB": str(tmp_path / "var" / "tracker.db"),
        "RASA_API_TOKEN": "",
    }
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.launch.serve"],
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    running = Serve(
        process, log_path, f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}"
    )
    try:
        yield running
    finally:
        if process.poll() is None:  # the test failed before stopping it
            children = descendants(process.pid)
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            for pid in filter(alive, children):
                os.kill(pid, signal.SIGKILL)
        print(running.log()[-6000:])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def descendants(pid: int) -> set[int]:
    rows = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid="], capture_output=True, text=True)
    children: dict[int, list[int]] = {}
    for row in rows.stdout.splitlines():
        child, parent = map(int, row.split())
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_action_server_comes_back_and_rasa_answers_throughout(serve: Serve):
    ready = serve.wait_for_log(r"is ready.*\n(?:.*\n)*?  pids: +action server (\d+)", 300)
    action_pid = int(ready.group(1))
    assert action_pid in descendants(serve.process.pid)
    assert ANSWER in text_of(say(serve.rasa_url, "supervised", QUESTION)), "it works before"

    os.kill(action_pid, signal.SIGKILL)
    killed = time.monotonic()
    print(f"\n[action server {action_pid} killed]")

    turns_while_down = 0
    while not answers(f"{serve.action_url}/health"):
        assert time.monotonic() - killed < 60, "the action server did not come back in 60 s"
        reply = text_of(say(serve.rasa_url, "supervised", QUESTION, timeout=30))
        print(f"> {QUESTION}\n  ({time.monotonic() - killed:.1f} s after the kill) {reply}")
        assert HOTLINE in reply or ANSWER in reply
        turns_while_down += 1
        time.sleep(0.5)
    assert turns_while_down >= 1, "the Rasa server was asked while the action server was down"
    print(f"[action server answers again {time.monotonic() - killed:.1f} s after the kill]")

    assert ANSWER in text_of(say(serve.rasa_url, "supervised", QUESTION)), "and works after"
    back = serve.wait_for_log(r"supervisor: action server is back \(pid (\d+), attempt 1, ", 10)
    assert int(back.group(1)) != action_pid
    assert (
        f"supervisor: action server exited with code -{signal.SIGKILL}; restart attempt 1 in 1 s"
        in serve.log()
    )

    children = descendants(serve.process.pid)
    print(f"[serve's processes below it: {sorted(children)}; SIGTERM]")
    serve.process.send_signal(signal.SIGTERM)
    assert serve.process.wait(timeout=60) == 0
    left = [pid for pid in children if alive(pid)]
    assert left == [], "serve's children outlive it"
