"""Unanswered messages grouped by similarity, most frequent group first: what to answer next.

Messages are compared by TF-IDF over character n-grams (scikit-learn, already installed with
Rasa), which copes with typos and SMS spelling; identical texts (ignoring case, spacing and
punctuation) are counted once with their frequency. Each message, most frequent first, joins the
group whose first message it is most similar to (cosine at least `SIMILAR`), or starts a new
group. Greedy and order-stable, so the same store gives the same groups.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import TfidfVectorizer

from bot.insights.report import Unanswered

SIMILAR = 0.45
MAX_DISTINCT = 5000  # the most frequent distinct texts grouped; the rest only counted


@dataclass
class Group:
    """Similar unanswered messages: `examples` are (text, how often), most frequent first."""

    examples: list[tuple[str, int]] = field(default_factory=list)
    guesses: Counter[str] = field(default_factory=Counter)

    @property
    def size(self) -> int:
        return sum(n for _, n in self.examples)

    @property
    def label(self) -> str:
        return self.examples[0][0]

    @property
    def guess(self) -> str | None:
        return self.guesses.most_common(1)[0][0] if self.guesses else None


def _key(text: str) -> str:
    """What makes two texts the same message: their words, whatever the case, spacing and
    punctuation ("Do you take Medicaid?" = "do you take medicaid")."""
    return " ".join(re.findall(r"[\w\[\]']+", text.lower()))


def deduplicated(messages: Iterable[Unanswered]) -> list[tuple[Unanswered, int]]:
    """Each distinct message (by `_key`) once, with its count, most frequent first."""
    first: dict[str, Unanswered] = {}
    counts: Counter[str] = Counter()
    for message in messages:
        key = _key(message.text)
        first.setdefault(key, message)
        counts[key] += 1
    return [(first[key], n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def group_unanswered(messages: Iterable[Unanswered]) -> list[Group]:
    distinct = deduplicated(messages)[:MAX_DISTINCT]
    if not distinct:
        return []
    texts = [_key(message.text) for message, _ in distinct]
    vectors = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True
    ).fit_transform(texts)
    groups: list[Group] = []
    leaders: list[int] = []  # the row of each group's first message
    for row, (message, n) in enumerate(distinct):
        best, similarity = -1, 0.0
        if leaders:
            # one sparse product against every row (fast), read at the leaders' rows
            similarities = (vectors @ vectors[row].T).toarray().ravel()[leaders]
            best = int(similarities.argmax())
            similarity = float(similarities[best])
        if best < 0 or similarity < SIMILAR:
            groups.append(Group())
            leaders.append(row)
            best = len(groups) - 1
        group = groups[best]
        group.examples.append((message.text, n))
        if message.guess:
            group.guesses[message.guess] += n
    return sorted(groups, key=lambda g: -g.size)
