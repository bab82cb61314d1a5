"""The servers' log for a fixture that starts them, shown when they fail to start."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def log_shown_on_failure(log_path: Path) -> Iterator[IO[str]]:
    """The log file for the servers a fixture starts; if starting them fails, its tail is printed
    (pytest shows it with the error)."""
    with log_path.open("w") as log:
        try:
            yield log
        except Exception:
            log.flush()
            print(log_path.read_text()[-5000:])
            raise
