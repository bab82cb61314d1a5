"""The supervisor of `python -m bot.launch.serve`: when it restarts a crashed server and when it
gives up.

The restart policy is a plain object on a fake clock; the supervisor itself runs a tiny HTTP
server in place of Rasa (tests/e2e/test_supervisor.py runs the real servers)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.launch.processes import Assistant, Server
from bot.launch.supervisor import STABLE_AFTER_S, RestartPolicy, Supervised, _restart, supervise
from bot.settings import get_settings
from ops.services import free_port


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


# What happens to one server ("up@t": it answers from time t, "crash@t": it exits at t) and the
# delays its crashes get (None: the supervisor gives up).
RESTARTS = {
    "first crash: restart after a second": ("up@0 crash@5", [1]),
    "crashes in a row double the delay; the fifth (CRASH_LIMIT) gives up": (
        "up@0 crash@5 up@8 crash@10 up@13 crash@14 up@20 crash@21 up@30 crash@31",
        [1, 2, 4, 8, None],
    ),
    "restarts that fail during start-up count as crashes in a row": (
        "up@0 crash@5 crash@7 crash@12",
        [1, 2, 4],
    ),
    "answering for STABLE_AFTER_S starts a new count": (
        f"up@0 crash@5 up@7 crash@9 up@10 crash@{10 + STABLE_AFTER_S}",
        [1, 2, 1],
    ),
    "just short of it does not": (
        f"up@0 crash@5 up@7 crash@{7 + STABLE_AFTER_S - 0.1}",
        [1, 2],
    ),
    "a server up for hours between crashes is restarted every time": (
        " ".join(f"up@{3600 * i + 1} crash@{3600 * (i + 1)}" for i in range(7)),
        [1] * 7,
    ),
}


@pytest.mark.parametrize(("events", "delays"), RESTARTS.values(), ids=RESTARTS.keys())
def test_restart_policy(events: str, delays: list[float | None]):
    clock = FakeClock()
    policy = RestartPolicy(clock=clock)
    got = []
    for event in events.split():
        what, at = event.split("@")
        clock.now = float(at)
        if what == "up":
            policy.ready()
        else:
            got.append(policy.crashed())
    assert got == delays


def test_the_delay_doubles_up_to_its_cap():
    policy = RestartPolicy(crash_limit=10, max_delay=30, clock=FakeClock())
    assert [policy.crashed() for _ in range(10)] == [1, 2, 4, 8, 16, 30, 30, 30, 30, None]


# A stand-in server: its first run answers GET for 0.3 s, then exits with code 3; later runs
# (the marker file exists) exit with code 4 at once ("fail") or answer until stopped ("serve").
FAKE_SERVER = """
import http.server, os, sys, threading
port, marker, later = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if not os.path.exists(marker):
    open(marker, "w").close()
    threading.Timer(0.3, os._exit, (3,)).start()
elif later == "fail":
    sys.exit(4)
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


@pytest.fixture
def assistant(tmp_path: Path) -> Iterator[Assistant]:
    with (tmp_path / "children.log").open("w") as log:
        running = Assistant(get_settings(), Path(), log=log)
        yield running
        running.stop()


def fake_server(tmp_path: Path, later: str) -> Server:
    port = free_port()
    command = [sys.executable, "-c", FAKE_SERVER, str(port), str(tmp_path / "marker"), later]
    return Server("fake server", command, f"http://127.0.0.1:{port}/", timeout=10)


def test_a_server_that_keeps_crashing_is_given_up(assistant, tmp_path, capsys):
    server = fake_server(tmp_path, later="fail")
    policy = RestartPolicy(first_delay=0.01, crash_limit=3)
    supervised = Supervised(server, assistant.launch(server), policy)

    assert supervise(assistant, [supervised], poll=0.05) == 1

    assert capsys.readouterr().err.splitlines() == [
        "supervisor: fake server exited with code 3; restart attempt 1 in 0.01 s",
        "supervisor: fake server exited with code 4 during start-up; restart attempt 2 in 0.02 s",
        "supervisor: fake server exited with code 4 during start-up; 3 crashes in a row: "
        "giving up, stopping everything (exit 1)",
    ]
    assert assistant.processes == [], "nothing left running"


def test_a_crashed_server_is_restarted(assistant, tmp_path, capsys):
    server = fake_server(tmp_path, later="serve")
    first = assistant.launch(server)
    supervised = Supervised(server, first, RestartPolicy(first_delay=0.01))
    first.wait(timeout=10)

    assert _restart(assistant, supervised)

    err = capsys.readouterr().err.splitlines()
    assert err[0] == "supervisor: fake server exited with code 3; restart attempt 1 in 0.01 s"
    assert err[1].startswith(f"supervisor: fake server is back (pid {supervised.process.pid}, ")
    assert assistant.processes == [supervised.process]
    assert supervised.process.poll() is None
