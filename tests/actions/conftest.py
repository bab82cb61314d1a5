"""The actions' intake database: a real SQLite file per test."""

import pytest

import actions.intake as intake
from actions.runtime import settings
from bot.intake.availability import Availability
from bot.intake.scheduling import Scheduler
from bot.intake.store import IntakeStore


@pytest.fixture
def store(tmp_path, monkeypatch):
    real = IntakeStore(f"sqlite:///{tmp_path / 'intake.db'}")
    sched = Scheduler(Availability.from_settings(settings), real)
    monkeypatch.setattr(intake, "intake_store", lambda: real)
    monkeypatch.setattr(intake, "scheduler", lambda: sched)
    return real
