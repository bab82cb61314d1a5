"""End to end, privacy: personal data never reaches the servers' logs, and "delete my chat"
erases the conversation from the tracker store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.launch.processes import Assistant
from bot.settings import Settings
from ops.services import free_port
from tests.e2e.rest import say, text_of
from tests.e2e.test_rest_flows import conversation
from tests.support.logs import log_shown_on_failure

pytestmark = pytest.mark.e2e

NAME = "Marisol Quintero"
PHONE = "(919) 555-0142"
EMAIL = "marisol.q@example.org"
FREE_TEXT = "I have been drinking every night since the divorce"
# each string, and the forms the servers could turn it into
NEVER_IN_LOGS = (
    "Marisol", "Quintero", "555-0142", "5550142", "555 0142",
    EMAIL, "example.org", FREE_TEXT, "drinking every night",
)  # fmt: skip


@pytest.fixture(scope="module")
def logged_assistant(
    trained_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Assistant, Path]]:
    """Its own servers (INFO, the production default), with both servers' output in one file."""
    var_dir = tmp_path_factory.mktemp("privacy-var")
    settings = Settings.from_environ(
        {
            **os.environ,
            "RASA_INTERFACE": "127.0.0.1",
            "RASA_PORT": str(free_port()),
            "ACTION_SERVER_PORT": str(free_port()),
            "CCR_VAR_DIR": str(var_dir),
            "TRACKER_DB": str(var_dir / "tracker.db"),
            "LOG_LEVEL": "INFO",
            "RASA_API_TOKEN": "",
        }
    )
    log_path = var_dir / "servers.log"
    with log_shown_on_failure(log_path) as log:
        running = Assistant(settings, trained_model, log=log)
        running.start()
        yield running, log_path
        running.stop()


def test_personal_data_given_in_a_booking_never_reaches_the_logs(logged_assistant):
    assistant, log_path = logged_assistant
    transcript = conversation(
        assistant, "privacy-logs",
        [f"{FREE_TEXT}, you can email me at {EMAIL}", "i want to schedule an intake",
         "for myself", NAME, PHONE, "as soon as possible", "yes", "yes"],
    )  # fmt: skip
    assert "You're booked" in transcript[-1][1]
    assistant.stop()  # flush and close both servers' output
    log = log_path.read_text()
    assert "intake booked: ref=" in log  # the action server's INFO lines are in the file
    assert "Rasa server is up and running" in log
    hits = {secret: log.count(secret) for secret in NEVER_IN_LOGS}
    print(f"log: {log_path} ({len(log.splitlines())} lines); hits: {hits}")
    assert hits == dict.fromkeys(NEVER_IN_LOGS, 0)


def stored_events(settings: Settings, sender: str) -> list[str]:
    engine = create_engine(settings.tracker_db_url, future=True)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT data FROM events WHERE sender_id = :sender ORDER BY id"),
                {"sender": sender},
            )
            return [data for (data,) in rows]
    finally:
        engine.dispose()


def test_delete_my_chat_erases_the_conversation_and_the_bot_goes_on(assistant):
    sender = "privacy-delete"
    conversation(
        assistant, sender,
        [f"my name is {NAME} and {FREE_TEXT.lower()}", "i want to schedule an intake",
         "for myself", NAME, PHONE],
    )  # fmt: skip
    assert any(NAME in data for data in stored_events(assistant.settings, sender))

    reply = text_of(say(assistant.rasa_url, sender, "delete my chat"))
    assert "deleted this chat" in reply and "866-797-7962" in reply
    assert stored_events(assistant.settings, sender) == []

    after = text_of(say(assistant.rasa_url, sender, "how long is iop"))
    assert "30 to 60 days" in after
    stored = "\n".join(stored_events(assistant.settings, sender))
    assert "how long is iop" in stored
    # the phone number as typed and as stored ("555" alone also turns up inside confidences)
    for earlier in ("Marisol", "Quintero", "555-0142", "5550142", "divorce", "schedule an intake"):
        assert earlier not in stored
