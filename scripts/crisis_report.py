"""Recall per kind and false-positive rate of the crisis safety check on the committed sets.

    .venv/bin/python scripts/crisis_report.py            # the numbers for the closing note
    .venv/bin/python scripts/crisis_report.py --verbose  # also list every miss and false alarm
    .venv/bin/python scripts/crisis_report.py --crisis OTHER.txt --lookalikes OTHER.txt
    .venv/bin/python scripts/crisis_report.py --unseen tests/safety/unseen3  # the frozen tier set
    .venv/bin/python scripts/crisis_report.py --unseen tests/safety/unseen3 --model MODEL.tar.gz
    .venv/bin/python scripts/crisis_report.py --unseen tests/safety/unseen3 --rules-only

Sets: tests/safety/crisis_messages.txt (`kind<TAB>message` per line) and
tests/safety/lookalikes.txt (one harmless message per line). Exits 1 if any crisis message is
missed or given the wrong kind, or any look-alike fires.

`--unseen DIR` reports on the frozen tier sets of issue #13 instead (written by a helper who
never saw the patterns; `BRIEF.md` there): danger now in English and Spanish (`kind<TAB>message`,
kinds overdose / medical / self_harm / violence), risk mentioned but not now
(`kind<TAB>own<TAB>message`, in English and, where present, Spanish) and look-alikes. Danger
now counts as caught when the reply would put the right number first: 911 for overdose, medical
and violence, 988 for self-harm; a not-now message should get its answer with no crisis reply,
and the calm closing line exactly when `own` is yes. It only measures (exit 0).
Which sets are frozen and which were tuned on is in the README ("Crisis check"). The check is
the patterns with their learned back-up (bot/safety/backstop.py); `--rules-only` leaves the
back-up out. `--model` reports what visitors see: the trained model's parse, where the
classifier's `crisis` intent also backs the rules up when they find no risk words (its time per
message is the whole NLU pipeline's, not the check's).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import spacy  # noqa: E402

from bot.safety.backstop import nlu_examples  # noqa: E402
from bot.safety.detector import CrisisDetector  # noqa: E402
from bot.safety.models import CrisisKind, CrisisSignal, Tier  # noqa: E402
from bot.settings import get_settings  # noqa: E402

SETS = PROJECT_ROOT / "tests" / "safety"
# held-out phrasings of the ordinary intents, written without seeing the training data
ORDINARY = sorted((PROJECT_ROOT / "tests" / "nlu").glob("*.yml"))


def read_crisis_set(path: Path) -> list[tuple[CrisisKind, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        kind, sep, message = line.partition("\t")
        if not sep:
            raise SystemExit(f"{path}:{number}: expected kind<TAB>message")
        rows.append((CrisisKind(kind.strip()), message))
    return rows


def read_lookalikes(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# the number the crisis reply of each detected kind gives first
FIRST_NUMBER = {
    CrisisKind.OVERDOSE: "911",
    CrisisKind.MEDICAL: "911",
    CrisisKind.VIOLENCE: "911",
    CrisisKind.SELF_HARM: "988",
}
# what each labelled danger-now kind needs first
NEEDS_FIRST = {"overdose": "911", "medical": "911", "violence": "911", "self_harm": "988"}
# the classifier's back-up knows no kind: its reply gives 911 and 988 together (domain.yml),
# which is right for every kind
BOTH = "911 and 988"


@dataclass(frozen=True)
class Outcome:
    """What a visitor would see first for one message."""

    first_number: str | None  # the crisis reply's first number, None: no crisis reply
    closing_line: bool  # the own-past line after the answer


def detector_outcome(detector: CrisisDetector) -> Callable[[str], Outcome]:
    def outcome(message: str) -> Outcome:
        signal = detector.assess(message)
        if signal is not None and signal.tier is Tier.DANGER_NOW:
            return Outcome(FIRST_NUMBER[signal.kind] if signal.kind else BOTH, False)
        return Outcome(None, signal is not None and signal.own)

    return outcome


def model_outcome(model: Path) -> Callable[[str], Outcome]:
    """The trained model's parse, as the assistant acts on it: intent `crisis` (the rules' or
    the classifier's back-up) gives the crisis reply; a `risk_mentioned` entity the line."""
    from rasa.core.agent import Agent

    import bot.rasa_plugins  # noqa: F401 - the project's Rasa plugins, as the server loads them

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()

    def outcome(message: str) -> Outcome:
        parsed = loop.run_until_complete(agent.parse_message(message))
        values = {e["entity"]: e["value"] for e in parsed.get("entities", [])}
        if (parsed.get("intent") or {}).get("name") == "crisis":
            kind = values.get("crisis_kind")
            return Outcome(FIRST_NUMBER[CrisisKind(kind)] if kind else BOTH, False)
        return Outcome(None, values.get("risk_mentioned") == "own")

    return outcome


def report_unseen(
    outcome: Callable[[str], Outcome], folder: Path, verbose: bool, ordinary: bool = False
) -> int:
    def rows(name: str, fields: int) -> list[list[str]]:
        path = folder / name
        if not path.exists():
            return []
        lines = path.read_text(encoding="utf-8").splitlines()
        return [line.split("\t", fields - 1) for line in lines if line.strip()]

    timings: list[float] = []

    def seen(message: str) -> Outcome:
        start = time.perf_counter()
        result = outcome(message)
        timings.append(time.perf_counter() - start)
        return result

    listed: list[str] = []
    print(f"Unseen tier sets — {folder}")
    for name in ("danger_now.txt", "danger_now_es.txt"):
        print(f"  danger now, {name}: the right number first (911, or 988 for self-harm)")
        labelled = rows(name, 2)
        for kind in NEEDS_FIRST:
            of_kind = [message for k, message in labelled if k == kind]
            caught = 0
            for message in of_kind:
                first = seen(message).first_number
                right = first in (NEEDS_FIRST[kind], BOTH)
                caught += right
                if not right:
                    listed.append(f"  missed {kind:<9} {message!r} -> {first or 'nothing'}")
            rate = caught / len(of_kind) if of_kind else 1.0
            print(f"    {kind:<9} {caught:>4}/{len(of_kind):<4} {rate:7.1%}")
    for name in ("not_now.txt", "not_now_es.txt"):
        not_now = rows(name, 3)
        if not not_now:
            continue
        print(
            f"  risk mentioned, not now, {name}: crisis reply instead of the answer (false alarm)"
        )
        lines = {True: [0, 0], False: [0, 0]}  # own? -> [closing line given, messages]
        for kind in sorted({k for k, _, _ in not_now}):
            of_kind = [(own, message) for k, own, message in not_now if k == kind]
            fired = 0
            for own, message in of_kind:
                result = seen(message)
                if result.first_number is not None:
                    fired += 1
                    listed.append(f"  false alarm {kind} {message!r}")
                    continue
                mine = own.strip() == "yes"
                lines[mine][0] += result.closing_line
                lines[mine][1] += 1
                if result.closing_line != mine:
                    listed.append(f"  closing line {result.closing_line} for {kind} {message!r}")
            rate = fired / len(of_kind)
            print(f"    {kind:<17} {fired:>4}/{len(of_kind):<4} {rate:7.1%}")
        for mine, label in ((True, "own past (wanted)"), (False, "others (not wanted)")):
            given, total = lines[mine]
            print(f"    closing line, {label:<20} {given:>4}/{total:<4}")
    if (folder / "lookalikes.txt").exists():  # a tuning set may hold only some tiers
        lookalikes = read_lookalikes(folder / "lookalikes.txt")
        fired = [m for m in lookalikes if seen(m).first_number is not None]
        listed += [f"  false alarm lookalike {m!r}" for m in fired]
        rate = len(fired) / len(lookalikes) if lookalikes else 0.0
        print(f"  look-alikes: fired on {len(fired)}/{len(lookalikes)} = {rate:.1%}")
    if ordinary:
        texts = [
            text for path in ORDINARY for intent, text in nlu_examples(path) if intent != "crisis"
        ]
        fired = [text for text in texts if outcome(text).first_number is not None]
        listed += [f"  false alarm ordinary {m!r}" for m in fired]
        rate = len(fired) / len(texts)
        print(
            f"  ordinary messages, tests/nlu/*.yml: fired on {len(fired)}/{len(texts)} = {rate:.1%}"
        )
    print(
        f"Time per message: median {statistics.median(timings) * 1000:.2f} ms,"
        f" max {max(timings) * 1000:.2f} ms"
    )
    if verbose:
        print(*listed, sep="\n")
    return 0


def _kind(signal: CrisisSignal) -> str:
    return signal.kind.value if signal.kind else "back-up (no kind)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crisis", type=Path, default=SETS / "crisis_messages.txt")
    parser.add_argument("--lookalikes", type=Path, default=SETS / "lookalikes.txt")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    parser.add_argument("--unseen", type=Path, help="report on the frozen tier sets in this folder")
    parser.add_argument(
        "--model",
        type=Path,
        help="with --unseen: what visitors see, from this trained model's parse (the rules and "
        "the classifier's back-up), instead of the rules alone",
    )
    parser.add_argument(
        "--ordinary",
        action="store_true",
        help="with --unseen: also the false alarms on tests/nlu/*.yml (ordinary questions)",
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="the patterns alone, without the learned back-up (bot/safety/backstop.py)",
    )
    args = parser.parse_args(argv)

    if args.unseen and args.model:
        return report_unseen(model_outcome(args.model), args.unseen, args.verbose, args.ordinary)
    nlp = spacy.load(get_settings().spacy_model_dir)
    detector = CrisisDetector(nlp, backstop=None) if args.rules_only else CrisisDetector(nlp)
    if args.unseen:
        return report_unseen(detector_outcome(detector), args.unseen, args.verbose, args.ordinary)
    crisis = read_crisis_set(args.crisis)
    lookalikes = read_lookalikes(args.lookalikes)
    timings: list[float] = []

    def detect(message: str) -> CrisisSignal | None:
        start = time.perf_counter()
        signal = detector.detect(message)
        timings.append(time.perf_counter() - start)
        return signal

    misses: list[str] = []
    print(f"Crisis safety check — {args.crisis.name} ({len(crisis)} messages)")
    for kind in CrisisKind:
        rows = [m for k, m in crisis if k is kind]
        hits = 0
        for message in rows:
            signal = detect(message)
            if signal is not None and signal.kind is kind:
                hits += 1
            else:
                got = "nothing" if signal is None else f"{_kind(signal)} ({signal.matched!r})"
                misses.append(f"  {kind.value:<9} {message!r} -> {got}")
        rate = hits / len(rows) if rows else 1.0
        print(f"  recall {kind.value:<9} {hits:>4}/{len(rows):<4} {rate:7.1%}")
    hits = len(crisis) - len(misses)
    print(f"  recall {'overall':<9} {hits:>4}/{len(crisis):<4} {hits / len(crisis):7.1%}")

    false_alarms = []
    for message in lookalikes:
        signal = detect(message)
        if signal is not None:
            false_alarms.append(f"  {message!r} -> {_kind(signal)} ({signal.matched!r})")
    fp_rate = len(false_alarms) / len(lookalikes) if lookalikes else 0.0
    print(f"False positives — {args.lookalikes.name} ({len(lookalikes)} messages)")
    print(f"  fired on {len(false_alarms)}/{len(lookalikes)} = {fp_rate:.1%}")
    print(
        f"Time per message: median {statistics.median(timings) * 1000:.2f} ms,"
        f" max {max(timings) * 1000:.2f} ms"
    )
    if args.verbose:
        for title, lines in (("Missed or wrong kind:", misses), ("False alarms:", false_alarms)):
            if lines:
                print(title, *lines, sep="\n")
    return 1 if misses or false_alarms else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
