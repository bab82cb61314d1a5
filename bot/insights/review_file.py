"""Unanswered messages as a Rasa NLU file, for conversation-driven development: a person reads
each example, keeps or fixes the guessed intent, and moves it into `data/nlu/` (README, "Staff
insight"). Examples are grouped under the classifier's closest guess, each block with a comment
saying it is only a guess and how often the message came; redacted and deduplicated already."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from bot.insights.groups import deduplicated
from bot.insights.report import Unanswered

UNSURE = "out_of_scope"  # where a message with no guess at all goes, for the person to decide


def review_yaml(messages: Iterable[Unanswered], since: dt.date, until: dt.date) -> str:
    by_guess: dict[str, list[tuple[Unanswered, int]]] = defaultdict(list)
    for message, n in deduplicated(messages):
        by_guess[message.guess or UNSURE].append((message, n))
    lines = [
        f"# Unanswered messages from {since} to {until} (python -m bot.insights unanswered).",
        "# Each intent below is the classifier's GUESS: check every example, move it under the",
        "# right intent in data/nlu/ (or drop it), then `make train`. Phone numbers and e-mail",
        "# addresses are already replaced by [phone] / [email].",
        'version: "3.1"',
        "nlu:",
    ]
    order = sorted(by_guess, key=lambda g: (-sum(n for _, n in by_guess[g]), g))
    for guess in order:
        lines.append("")
        for message, n in by_guess[guess]:
            lines.append(
                f"# {n}x, got {message.outcome.value}, guess {guess} ({message.confidence:.2f}): "
                + message.text[:60].replace("\n", " ")
            )
        lines.append(f"- intent: {guess}")
        lines.append("  examples: |")
        lines.extend(f"    - {message.text}" for message, _ in by_guess[guess])
    return "\n".join(lines) + "\n"
