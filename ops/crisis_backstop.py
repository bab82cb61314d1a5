"""How well the crisis check's learned back-up (bot/safety/backstop.py) would do on a writer it
has not seen: each writer's set of `data/safety/` is scored by a model trained without it (the
NLU examples in fifths), with the patterns first as in the check.

    python -m ops.crisis_backstop     # the table the threshold is chosen from (README)

Slow (one training per writer, a few minutes); the frozen sets (tests/safety/unseen8, unseen9)
are not in the data and are scored by scripts/crisis_report.py instead.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import spacy

from bot.safety import backstop
from bot.safety.detector import CrisisDetector
from bot.safety.models import Tier
from bot.settings import get_settings

THRESHOLDS = (None, 0.4, 0.5, 0.6, 0.7, 0.8)  # None: the rules alone
ALONE = "by the back-up alone"


def leave_one_out(examples: Sequence[backstop.Example]) -> list[float]:
    """Each example's probability from a model trained without the writer's set it came from
    (the NLU examples: without its fifth of them)."""
    probability = [0.0] * len(examples)
    groups: dict[str, list[int]] = {}
    for i, example in enumerate(examples):
        source = (
            example.source
            if example.source != backstop.NLU_SOURCE
            else f"{backstop.NLU_SOURCE}{i % 5}"
        )
        groups.setdefault(source, []).append(i)
    for members in groups.values():
        left_out = set(members)
        model = backstop.train([e for i, e in enumerate(examples) if i not in left_out])
        for i in members:
            probability[i] = model.probability(examples[i].text)
    return probability


def print_evaluation(examples: Sequence[backstop.Example]) -> None:
    """Rules alone, then the rules with a back-up trained without the message's writer, at each
    threshold: danger now caught; caught by the back-up alone, as if the rules knew none of its
    words (the tuned rules miss too few of these sets to show it); not-now and look-alike
    messages fired on; ordinary NLU examples fired on (the NLU `crisis` examples are not
    scored: too few and too alike)."""
    rules = CrisisDetector(spacy.load(get_settings().spacy_model_dir), backstop=None)
    scored = [e for e in examples if not (e.source == backstop.NLU_SOURCE and e.danger_now)]
    fired_by_rules = []
    unmatched = []
    for example in scored:
        signal = rules.assess(example.text)
        fired_by_rules.append(signal is not None and signal.tier is Tier.DANGER_NOW)
        unmatched.append(not rules.matches(example.text))
    probability = leave_one_out(scored)
    groups = {
        "danger now caught": [e.danger_now for e in scored],
        ALONE: [e.danger_now for e in scored],
        "not now / look-alikes fired": [
            not e.danger_now and e.source != backstop.NLU_SOURCE for e in scored
        ],
        "ordinary NLU examples fired": [e.source == backstop.NLU_SOURCE for e in scored],
    }
    print("threshold  " + "   ".join(f"{name:>27}" for name in groups))
    for threshold in THRESHOLDS:
        cells = []
        for name, members in groups.items():
            rows = [i for i, member in enumerate(members) if member]
            alone = name == ALONE  # the back-up on every danger-now message, rules or not
            hits = sum(
                (fired_by_rules[i] and not alone)
                or (
                    threshold is not None
                    and (unmatched[i] or alone)
                    and probability[i] >= threshold
                )
                for i in rows
            )
            cells.append(f"{hits:>5}/{len(rows):<5} {hits / len(rows):6.1%}")
        label = "rules" if threshold is None else f"{threshold:.1f}"
        print(f"{label:<9}  " + "   ".join(f"{cell:>27}" for cell in cells))


def main() -> int:
    print_evaluation(backstop.read_examples())
    return 0


if __name__ == "__main__":
    sys.exit(main())
