"""Recall per kind and false-positive rate of the crisis safety check on the committed sets.

    .venv/bin/python scripts/crisis_report.py            # the numbers for the closing note
    .venv/bin/python scripts/crisis_report.py --verbose  # also list every miss and false alarm
    .venv/bin/python scripts/crisis_report.py --crisis OTHER.txt --lookalikes OTHER.txt
    .venv/bin/python scripts/crisis_report.py --unseen tests/safety/unseen  # frozen tier sets

Sets: tests/safety/crisis_messages.txt (`kind<TAB>message` per line) and
tests/safety/lookalikes.txt (one harmless message per line). Exits 1 if any crisis message is
missed or given the wrong kind, or any look-alike fires.

`--unseen DIR` reports on the frozen tier sets of issue #13 instead (written by a helper who
never saw the patterns; `BRIEF.md` there): danger now in English and Spanish (`kind<TAB>message`,
kinds overdose / medical / self_harm / violence), risk mentioned but not now
(`kind<TAB>own<TAB>message`) and look-alikes. Danger now counts as caught when the reply would
put the right number first: 911 for overdose, medical and violence, 988 for self-harm. It only
measures (exit 0): these sets are never tuned on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from bot.safety import CrisisDetector, CrisisKind, CrisisSignal  # noqa: E402
from bot.settings import get_settings  # noqa: E402

SETS = PROJECT_ROOT / "tests" / "safety"


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


def report_unseen(detector: CrisisDetector, folder: Path, verbose: bool) -> int:
    def rows(name: str, fields: int) -> list[list[str]]:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        return [line.split("\t", fields - 1) for line in lines if line.strip()]

    timings: list[float] = []

    def detect(message: str) -> CrisisSignal | None:
        start = time.perf_counter()
        signal = detector.detect(message)
        timings.append(time.perf_counter() - start)
        return signal

    listed: list[str] = []
    print(f"Unseen tier sets — {folder}")
    for name in ("danger_now.txt", "danger_now_es.txt"):
        print(f"  danger now, {name}: the right number first (911, or 988 for self-harm)")
        labelled = rows(name, 2)
        for kind in NEEDS_FIRST:
            of_kind = [message for k, message in labelled if k == kind]
            caught = 0
            for message in of_kind:
                signal = detect(message)
                first = FIRST_NUMBER.get(signal.kind) if signal else None
                caught += first == NEEDS_FIRST[kind]
                if first != NEEDS_FIRST[kind]:
                    listed.append(f"  missed {kind:<9} {message!r} -> {first or 'nothing'}")
            rate = caught / len(of_kind) if of_kind else 1.0
            print(f"    {kind:<9} {caught:>4}/{len(of_kind):<4} {rate:7.1%}")
    not_now = rows("not_now.txt", 3)
    print("  risk mentioned, not now: crisis reply instead of the answer (false alarm)")
    for kind in sorted({k for k, _, _ in not_now}):
        of_kind = [message for k, _, message in not_now if k == kind]
        fired = [m for m in of_kind if detect(m) is not None]
        listed += [f"  false alarm {kind} {m!r}" for m in fired]
        print(f"    {kind:<17} {len(fired):>4}/{len(of_kind):<4} {len(fired) / len(of_kind):7.1%}")
    lookalikes = read_lookalikes(folder / "lookalikes.txt")
    fired = [m for m in lookalikes if detect(m) is not None]
    listed += [f"  false alarm lookalike {m!r}" for m in fired]
    rate = len(fired) / len(lookalikes) if lookalikes else 0.0
    print(f"  look-alikes: fired on {len(fired)}/{len(lookalikes)} = {rate:.1%}")
    print(
        f"Time per message: median {statistics.median(timings) * 1000:.2f} ms,"
        f" max {max(timings) * 1000:.2f} ms"
    )
    if verbose:
        print(*listed, sep="\n")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crisis", type=Path, default=SETS / "crisis_messages.txt")
    parser.add_argument("--lookalikes", type=Path, default=SETS / "lookalikes.txt")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    parser.add_argument("--unseen", type=Path, help="report on the frozen tier sets in this folder")
    args = parser.parse_args(argv)

    detector = CrisisDetector.from_model_dir(get_settings().spacy_model_dir)
    if args.unseen:
        return report_unseen(detector, args.unseen, args.verbose)
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
                got = "nothing" if signal is None else f"{signal.kind.value} ({signal.matched!r})"
                misses.append(f"  {kind.value:<9} {message!r} -> {got}")
        rate = hits / len(rows) if rows else 1.0
        print(f"  recall {kind.value:<9} {hits:>4}/{len(rows):<4} {rate:7.1%}")
    hits = len(crisis) - len(misses)
    print(f"  recall {'overall':<9} {hits:>4}/{len(crisis):<4} {hits / len(crisis):7.1%}")

    false_alarms = []
    for message in lookalikes:
        signal = detect(message)
        if signal is not None:
            false_alarms.append(f"  {message!r} -> {signal.kind.value} ({signal.matched!r})")
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
