"""Builds the project's spaCy pipeline (no pretrained English model can be downloaded here).

spaCy's blank English + the lookup lemmatizer from `spacy-lookups-data` + an entity ruler with
the project's patterns (`spacy_patterns.yml`, next to this module): program names, substances
and who the help is for. Rasa's `SpacyNLP` loads the saved directory (`model:` in config.yml).

    python -m bot.language.spacy_pipeline [OUTPUT_DIR]   # default: settings.spacy_model_dir
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language

from bot.language.text import PATTERNS_FILE

ENTITY_LABELS = ("program", "substance", "for_whom")
_STAMP = "ccr_build_fingerprint"


def load_patterns(path: Path = PATTERNS_FILE) -> list[dict[str, Any]]:
    """Entity-ruler patterns: one per phrase, labelled, with the normalised value as `id`."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = []
    for label in ENTITY_LABELS:
        for value, phrases in raw[label].items():
            for phrase in phrases:
                tokens = [{"LOWER": word} for word in str(phrase).lower().split()]
                patterns.append({"label": label, "pattern": tokens, "id": value})
    return patterns


def build_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    nlp.initialize()  # loads the lookup tables; it also resets the ruler, so patterns come after
    ruler.add_patterns(load_patterns())
    nlp.meta["name"] = "en_ccr"
    nlp.meta["description"] = "Blank English + lookup lemmatizer + CCR entity ruler"
    return nlp


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (Path(__file__), PATTERNS_FILE):
        digest.update(path.read_bytes())
    digest.update(spacy.__version__.encode())
    return digest.hexdigest()


def is_current(directory: Path) -> bool:
    stamp = Path(directory) / f"{_STAMP}.txt"
    return stamp.exists() and stamp.read_text().strip() == fingerprint()


def build_to(directory: Path) -> None:
    nlp = build_pipeline()
    Path(directory).mkdir(parents=True, exist_ok=True)
    nlp.to_disk(directory)
    (Path(directory) / f"{_STAMP}.txt").write_text(fingerprint() + "\n")


def main(argv: list[str]) -> int:
    from bot.settings import get_settings

    directory = Path(argv[0]) if argv else get_settings().spacy_model_dir
    if is_current(directory):
        print(f"spaCy pipeline up to date: {directory}")
        return 0
    build_to(directory)
    print(f"spaCy pipeline built: {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
