"""Conversations over REST, many at once: the load of the benchmark and the scale tests.

Each conversation is one sender whose turns go strictly in order (the next message is sent only
after the reply to the previous one); `concurrency` conversations run at the same time on
threads. `route(conversation_index, turn_index)` picks the Rasa server of each turn, so tests
can alternate servers within one conversation.
"""

from __future__ import annotations

import json
import statistics
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

# A realistic mix for this assistant: first questions, follow-ups ("it" = the last topic), the
# triage flow in free text, and an intake booking.
SCRIPTS: dict[str, tuple[str, ...]] = {
    "questions": (
        "hi",
        "what is the difference between iop and op?",
        "how many hours a week is iop?",
        "can i keep working while in treatment?",
        "thank you",
    ),
    "follow_ups": (
        "what is iop",
        "how long does it last",
        "and what about op",
        "can i live at home during it?",
        "thank you",
    ),
    "triage": (
        "help me decide",
        "it's for me",
        "no",
        "nope",
        "a few months",
        "never been in treatment",
        "no",
        "yes my family is great",
        "not really, i work full time",
    ),
    "intake": (
        "i want to schedule an intake",
        "for my husband",
        "my name is dana",
        "919 555 0123",
        "as soon as possible",
        "yes",
        "yes",
    ),
}
MIX = ("questions", "follow_ups", "triage", "intake")
# "that time was just taken" offers the next slot; the visitor confirms again.
SLOT_TAKEN_MARKER = "just taken"
MAX_RECONFIRMATIONS = 20  # everyone asks for "as soon as possible": the worst case

# A bare `rasa init` bot knows greetings, moods, yes/no and "are you a bot".
BARE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "mood_sad": ("hi", "i am sad", "no", "bye"),
    "mood_great": ("hello there", "i am great", "are you a bot?", "goodbye"),
}


@dataclass(frozen=True)
class Conversation:
    sender: str
    kind: str
    script: tuple[str, ...]


@dataclass
class Turn:
    conversation: int
    index: int
    server: int
    text: str
    reply: str = ""
    latency: float = 0.0
    error: str | None = None


@dataclass
class LoadResult:
    turns: list[Turn] = field(default_factory=list)
    elapsed: float = 0.0

    def summary(self) -> dict[str, Any]:
        latencies = sorted(t.latency for t in self.turns if t.error is None)
        return {
            "messages": len(self.turns),
            "errors": sum(1 for t in self.turns if t.error is not None),
            "p50_ms": _percentile_ms(latencies, 50),
            "p95_ms": _percentile_ms(latencies, 95),
            "p99_ms": _percentile_ms(latencies, 99),
            "messages_per_s": round(len(self.turns) / self.elapsed, 1) if self.elapsed else 0.0,
        }

    def by_conversation(self) -> dict[int, list[Turn]]:
        grouped: dict[int, list[Turn]] = {}
        for turn in sorted(self.turns, key=lambda t: (t.conversation, t.index)):
            grouped.setdefault(turn.conversation, []).append(turn)
        return grouped


def _percentile_ms(sorted_values: Sequence[float], percent: int) -> float | None:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return round(sorted_values[0] * 1000, 1)
    cut = statistics.quantiles(sorted_values, n=100, method="inclusive")[percent - 1]
    return round(cut * 1000, 1)


def mixed_conversations(
    count: int, prefix: str, scripts: dict[str, tuple[str, ...]] = SCRIPTS, mix: Sequence[str] = MIX
) -> list[Conversation]:
    return [
        Conversation(
            f"{prefix}-{i}-{mix[i % len(mix)]}", mix[i % len(mix)], scripts[mix[i % len(mix)]]
        )
        for i in range(count)
    ]


def say(base_url: str, sender: str, message: str, timeout: float = 60) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{base_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def reply_text(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


Route = Callable[[int, int], int]
ALL_TURNS = slice(None)


def alternate(conversation: int, turn: int) -> int:
    """Turn i of conversation c goes to server (c + i) mod 2: every conversation changes server
    on every turn."""
    return (conversation + turn) % 2


def _one_turn(servers: Sequence[str], turn: Turn, sender: str, timeout: float) -> Turn:
    started = time.perf_counter()
    try:
        replies = say(servers[turn.server], sender, turn.text, timeout=timeout)
        turn.reply = reply_text(replies)
        if not replies:
            turn.error = "no reply"
    except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError) as error:
        turn.error = f"{type(error).__name__}: {error}"
    turn.latency = time.perf_counter() - started
    return turn


def run_conversation(
    servers: Sequence[str],
    number: int,
    conversation: Conversation,
    route: Route,
    turns: slice = ALL_TURNS,
    timeout: float = 60,
) -> list[Turn]:
    """Sends the script's turns (all, or the `turns` slice) in order; stops at the first error."""
    done: list[Turn] = []
    for index in range(len(conversation.script))[turns]:
        text = conversation.script[index]
        turn = _one_turn(
            servers, Turn(number, index, route(number, index), text), conversation.sender, timeout
        )
        done.append(turn)
        if turn.error:
            return done
        reconfirmations = 0
        while SLOT_TAKEN_MARKER in turn.reply and reconfirmations < MAX_RECONFIRMATIONS:
            reconfirmations += 1
            extra = len(conversation.script) + len(done)
            turn = _one_turn(
                servers,
                Turn(number, extra, route(number, extra), "yes"),
                conversation.sender,
                timeout,
            )
            done.append(turn)
            if turn.error:
                return done
    return done


def run_load(
    servers: Sequence[str],
    conversations: Sequence[Conversation],
    concurrency: int,
    route: Route = lambda conversation, turn: 0,
    turns: slice = ALL_TURNS,
) -> LoadResult:
    """Runs every conversation, `concurrency` at a time; returns every turn and the wall time."""
    result = LoadResult()
    lock = threading.Lock()

    def work(numbered: tuple[int, Conversation]) -> None:
        number, conversation = numbered
        done = run_conversation(servers, number, conversation, route, turns)
        with lock:
            result.turns.extend(done)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(work, enumerate(conversations)))
    result.elapsed = time.perf_counter() - started
    return result
