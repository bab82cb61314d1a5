"""A tracker store of made-up conversations (ops/synthetic_store.py), written with Rasa's own
event classes, and the report built from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ops.synthetic_store import Made, write_store

NOW = dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="package")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Made]:
    path: Path = tmp_path_factory.mktemp("insights") / "tracker.db"
    url = f"sqlite:///{path}"
    return url, write_store(url, 3000, NOW, days=20)
