"""Trains the Rasa model only when what it is trained from has changed.

The fingerprint covers config.yml, domain.yml, data/ and the spaCy pipeline build; content/
is deliberately left out (changing an answer's wording needs no retraining).

    python -m bot.launch.training          # train if needed
    python -m bot.launch.training --force  # always train
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from bot.launch.environment import rasa_environment
from bot.settings import PROJECT_ROOT, Settings, get_settings

MODEL_NAME = "ccr"
TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


def model_path(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.tar.gz"


def training_fingerprint(settings: Settings, root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        files.extend(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    for file in files:
        digest.update(str(file.relative_to(root)).encode())
        digest.update(file.read_bytes())
    spacy_stamp = settings.spacy_model_dir / "ccr_build_fingerprint.txt"
    digest.update(spacy_stamp.read_bytes() if spacy_stamp.exists() else b"no spacy build")
    return digest.hexdigest()


def _fingerprint_file(settings: Settings) -> Path:
    return settings.models_dir / f"{MODEL_NAME}.fingerprint"


def is_current(settings: Settings) -> bool:
    stamp = _fingerprint_file(settings)
    return (
        model_path(settings).exists()
        and stamp.exists()
        and stamp.read_text().strip() == training_fingerprint(settings)
    )


def train(settings: Settings, output: IO | None = None) -> float:
    """Runs `rasa train` (its output to `output`, default the terminal); returns the seconds."""
    fingerprint = training_fingerprint(settings)
    started = time.monotonic()
    subprocess.run(
        [
            str(Path(sys.executable).with_name("rasa")),
            "train",
            "--fixed-model-name",
            MODEL_NAME,
            "--out",
            str(settings.models_dir),
        ],
        cwd=PROJECT_ROOT,
        env=rasa_environment(settings),
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        check=True,
    )
    _fingerprint_file(settings).write_text(fingerprint + "\n")
    return time.monotonic() - started


def ensure_model(settings: Settings, force: bool = False) -> Path:
    if force or not is_current(settings):
        seconds = train(settings)
        print(f"model trained in {seconds:.0f} s: {model_path(settings)}", flush=True)
    else:
        print(f"model up to date (training data unchanged): {model_path(settings)}", flush=True)
    return model_path(settings)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even if nothing changed")
    args = parser.parse_args(argv)
    ensure_model(get_settings(), force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
