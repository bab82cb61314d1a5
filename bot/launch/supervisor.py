"""The supervisor of `python -m bot.launch.serve`: restarts a server that exits.

Once the servers answer, it watches them (with `--only`, the one server). A server that exits is
started again after a delay that doubles with each crash in a row, from FIRST_DELAY_S up to
MAX_DELAY_S; a crash counts as "in a row" unless the server had been answering for
STABLE_AFTER_S. The other server keeps answering meanwhile (while the action server is down, the
inbound guard answers each turn with an apology and the 24/7 number). Every crash and every return
is one `supervisor:` line on stderr. At the CRASH_LIMIT-th crash in a row the supervisor gives up:
`supervise` returns 1, and serve stops everything (in deploy/, Docker's restart policy takes over).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.launch.processes import Assistant, Server, StartupError

# Delays 1, 2, 4, 8 s, then it gives up.
FIRST_DELAY_S = 1.0  # before the first restart after a crash


MAX_DELAY_S = 30.0  # the doubling delay's cap


CRASH_LIMIT = 5  # crashes in a row at which the supervisor gives up


STABLE_AFTER_S = 60.0  # answering this long, a server's next crash starts a new count


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
