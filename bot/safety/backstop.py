"""The crisis check's learned back-up: a linear model over character and word n-grams that
catches danger-now messages in words the patterns do not know yet.

It is asked only when the patterns find no risk words at all (detector.py, rule 6): it never
overrides a rule that reads a message as not now, a denial or a figure of speech, and it says
nothing about tense, negation or who it is about. A hit is danger now with no kind, so the reply
gives 911 first and 988 with it (domain.yml, `utter_crisis` without `crisis_kind`), which is
right for every kind of danger.

The model is inspectable: `explain(text)` lists the n-grams that pushed a message up or down,
and `python -m bot.safety.backstop --top 40` the strongest n-grams of the whole model.

- **Data** (`data/safety/`, README there): danger-now and not-now messages from the older crisis
  sets of tests/safety/, the `crisis` examples of the NLU data as positives, and every other NLU
  example as ordinary negatives. The frozen sets of the honest numbers are never in it.
- **Training** (`python -m bot.safety.backstop`, run by `make setup` and the Docker build):
  scikit-learn's `TfidfVectorizer` (sublinear tf, l2) over `grams()` and a class-balanced
  `LogisticRegression`. Only the weights are kept, as a gzipped JSON file under build/safety/
  (no pickle), named by a fingerprint of the data, this module and scikit-learn's version, and
  rebuilt when any of them changes.
- **Scoring** is done here in plain Python from those weights, the same arithmetic as
  scikit-learn's (tests/safety/test_backstop.py compares them): about 0.3 ms a message, where
  scikit-learn's own `predict_proba` costs 1.5-2 ms.
- **Threshold**: THRESHOLD, chosen by leaving one writer's set out at a time
  (`python -m ops.crisis_backstop`; the numbers and the choice are in the README).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import math
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.settings.values import PROJECT_ROOT

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

log = logging.getLogger(__name__)

DATA_DIR = PROJECT_ROOT / "data" / "safety"
NLU_DIR = PROJECT_ROOT / "data" / "nlu"
BUILD_DIR = PROJECT_ROOT / "build" / "safety"
DANGER_NOW_FILE = DATA_DIR / "danger_now.txt"  # source<TAB>kind<TAB>message
NOT_NOW_FILE = DATA_DIR / "not_now.txt"  # source<TAB>message: not now, and look-alikes
CRISIS_INTENT = "crisis"  # its NLU examples are danger now; every other intent's are not
NLU_SOURCE = "nlu"

# At or above this probability a message the patterns did not match is danger now.
THRESHOLD = 0.7
# Messages of fewer words are not read: "and her?" or "min?" give a few n-grams too little to go
# on (scored 0.99 and 0.76 before this rule), and every short danger message of the tier sets
# has words the patterns know ("can't breathe", "took 30 pills").
MIN_WORDS = 5
C = 10.0  # inverse regularisation of the logistic regression
NLU_WEIGHT = 3.0  # an ordinary NLU example counts this many times as a negative
NOT_NOW_WEIGHT = 3.0  # a not-now or look-alike message (written to look like danger)
CHAR_SIZES = (2, 3, 4, 5)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

_WORD = re.compile(r"\w+")
_REPEATS = re.compile(r"(\w)\1{2,}")
_MARKUP = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


# --- features ------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Lower case, no accents, letters repeated three times or more kept twice ("pleaseee")."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return _REPEATS.sub(r"\1\1", text)


def grams(text: str) -> list[str]:
    """The features of a message: word 1- and 2-grams, and the character 2- to 5-grams inside
    each word padded with spaces (like scikit-learn's `char_wb`)."""
    words = _WORD.findall(clean(text))
    out = [f"w:{w}" for w in words]
    out.extend(f"w:{a} {b}" for a, b in zip(words, words[1:]))
    for word in words:
        out.extend(char_grams(word))
    return out


@lru_cache(maxsize=1 << 16)
def char_grams(word: str) -> tuple[str, ...]:
    """Cached: most words of a message were seen in an earlier one."""
    padded = f" {word} "
    return tuple(f"c:{padded[i : i + n]}" for n in CHAR_SIZES for i in range(len(padded) - n + 1))


# --- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Backstop:
    """Weights of the trained model: per n-gram its idf and its coefficient."""

    idf: dict[str, float]
    coef: dict[str, float]
    intercept: float
    threshold: float = THRESHOLD

    def probability(self, text: str) -> float:
        """Probability that `text` tells of danger now, as scikit-learn would compute it."""
        return _sigmoid(self._logit(Counter(g for g in grams(text) if g in self.idf)))

    def fires(self, text: str) -> bool:
        """Danger now by the model: at least MIN_WORDS words, scored at the threshold or more."""
        return (
            bool(text)
            and len(_WORD.findall(clean(text))) >= MIN_WORDS
            and self.probability(text) >= self.threshold
        )

    def strongest_sentence(self, text: str) -> str:
        """The sentence of `text` that scores highest: what the guard keeps when it shortens
        a long message (the words that show the crisis)."""
        sentences = [s.strip() for s in SENTENCE_END.split(text) if s.strip()] or [text]
        return max(sentences, key=self.probability)

    def explain(self, text: str, top: int = 8) -> list[tuple[str, float]]:
        """The n-grams of `text` that moved its score most, with their share of the logit."""
        counts = Counter(g for g in grams(text) if g in self.idf)
        weights = self._tfidf(counts)
        share = {g: w * self.coef.get(g, 0.0) for g, w in weights.items()}
        return sorted(share.items(), key=lambda item: -abs(item[1]))[:top]

    def _tfidf(self, counts: Counter[str]) -> dict[str, float]:
        weights = {g: (1.0 + math.log(n)) * self.idf[g] for g, n in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {g: w / norm for g, w in weights.items()} if norm else {}

    def _logit(self, counts: Counter[str]) -> float:
        weights = self._tfidf(counts)
        return self.intercept + sum(w * self.coef.get(g, 0.0) for g, w in weights.items())

    def to_json(self) -> dict[str, object]:
        return {
            "intercept": self.intercept,
            "threshold": self.threshold,
            "grams": {g: [self.idf[g], self.coef.get(g, 0.0)] for g in self.idf},
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Backstop:
        table: dict[str, list[float]] = data["grams"]  # type: ignore[assignment]
        return cls(
            idf={g: v[0] for g, v in table.items()},
            coef={g: v[1] for g, v in table.items() if v[1]},
            intercept=float(data["intercept"]),  # type: ignore[arg-type]
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
        )


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


# --- data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    text: str
    danger_now: bool
    source: str  # the set it came from: a writer, for leaving one out
    weight: float = 1.0


def read_examples(data_dir: Path = DATA_DIR, nlu_dir: Path = NLU_DIR) -> list[Example]:
    """The training data: data/safety/ and the NLU examples (see the module doc)."""
    examples = []
    for line in _lines(data_dir / DANGER_NOW_FILE.name):
        source, _kind, text = _fields(line, 3, data_dir / DANGER_NOW_FILE.name)
        examples.append(Example(text, True, source))
    for line in _lines(data_dir / NOT_NOW_FILE.name):
        source, text = _fields(line, 2, data_dir / NOT_NOW_FILE.name)
        examples.append(Example(text, False, source, NOT_NOW_WEIGHT))
    for path in sorted(nlu_dir.glob("*.yml")):
        for intent, text in nlu_examples(path):
            positive = intent == CRISIS_INTENT
            examples.append(Example(text, positive, NLU_SOURCE, 1.0 if positive else NLU_WEIGHT))
    return examples


def nlu_examples(path: Path) -> Iterator[tuple[str, str]]:
    """(intent, text) of each example of a Rasa NLU file, without entity markup."""
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        intent = str(block.get("intent") or "")
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if intent and line.startswith("- "):
                yield intent, _MARKUP.sub(r"\1", line[2:]).strip()


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fields(line: str, count: int, path: Path) -> list[str]:
    fields = line.split("\t")
    if len(fields) != count or not fields[-1].strip():
        raise ValueError(f"{path}: expected {count} tab-separated fields: {line!r}")
    return fields


def fingerprint(data_dir: Path = DATA_DIR, nlu_dir: Path = NLU_DIR) -> str:
    import sklearn

    digest = hashlib.sha256(sklearn.__version__.encode())
    digest.update(Path(__file__).read_bytes())
    for path in sorted(data_dir.glob("*.txt")) + sorted(nlu_dir.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# --- training ------------------------------------------------------------------------------


def fit(examples: Sequence[Example]) -> tuple[TfidfVectorizer, LogisticRegression]:
    """scikit-learn's vectorizer and model, fitted on `examples`."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=grams, sublinear_tf=True, min_df=2)
    features = vectorizer.fit_transform([e.text for e in examples])
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=3000)
    model.fit(
        features, [e.danger_now for e in examples], sample_weight=[e.weight for e in examples]
    )
    return vectorizer, model


def train(examples: Sequence[Example], threshold: float = THRESHOLD) -> Backstop:
    """Fit the model on `examples` and keep its weights."""
    vectorizer, model = fit(examples)
    names = vectorizer.get_feature_names_out()
    return Backstop(
        idf={str(g): float(v) for g, v in zip(names, vectorizer.idf_)},
        coef={str(g): float(v) for g, v in zip(names, model.coef_[0]) if v},
        intercept=float(model.intercept_[0]),
        threshold=threshold,
    )


def build(build_dir: Path = BUILD_DIR, data_dir: Path = DATA_DIR, nlu_dir: Path = NLU_DIR) -> Path:
    """Train and write the weights, unless the current data already has them."""
    path = build_dir / f"backstop-{fingerprint(data_dir, nlu_dir)}.json.gz"
    if path.exists():
        return path
    backstop = train(read_examples(data_dir, nlu_dir))
    build_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=build_dir, suffix=".tmp")
    with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(json.dumps(backstop.to_json()).encode())
    os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide it from the servers' own user
    os.replace(temporary, path)
    for old in build_dir.glob("backstop-*.json.gz"):
        if old != path:
            old.unlink()
    log.info("crisis back-up trained: %s", path)
    return path


@cache
def load_backstop(build_dir: Path = BUILD_DIR) -> Backstop:
    """The back-up for the current data, trained first if it is missing (about ten seconds);
    trained in memory if build_dir cannot be written (a read-only install)."""
    try:
        return read_backstop(build(build_dir))
    except OSError:
        log.warning("cannot write the crisis back-up to %s; trained in memory", build_dir)
        return train(read_examples())


def read_backstop(path: Path) -> Backstop:
    with gzip.open(path, "rb") as data:
        return Backstop.from_json(json.loads(data.read()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=0, help="print the strongest n-grams")
    parser.add_argument("--explain", metavar="TEXT", help="score one message and say why")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    path = build()
    backstop = load_backstop()
    print(f"crisis back-up: {path.relative_to(PROJECT_ROOT)} ({len(backstop.idf)} n-grams)")
    if args.top:
        ranked = sorted(backstop.coef.items(), key=lambda item: item[1])
        print(
            "towards danger now:", ", ".join(f"{g!r} {w:.1f}" for g, w in ranked[::-1][: args.top])
        )
        print("away from it:", ", ".join(f"{g!r} {w:.1f}" for g, w in ranked[: args.top]))
    if args.explain:
        print(f"p = {backstop.probability(args.explain):.3f} (fires at {backstop.threshold})")
        for gram, share in backstop.explain(args.explain):
            print(f"  {gram!r:>24} {share:+.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
