"""The log filter: what may never reach a log line, and what must stay readable."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from bot.launch.processes import LOGGING_CONFIG
from bot.privacy.log_redaction import EMAIL, PHONE, TEXT, RedactingFilter, redact
from bot.settings import PROJECT_ROOT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("call (919) 555-0142 now", f"call {PHONE} now"),
        ("call 919-555-0142", f"call {PHONE}"),
        ("call 919.555.0142", f"call {PHONE}"),
        ("call 9195550142", f"call {PHONE}"),
        ("stored +19195550142", f"stored {PHONE}"),
        ("call +1 919 555 0142", f"call {PHONE}"),
        ("uk +44 20 7946 0958", f"uk {PHONE}"),
        ("mail marisol.q@example.org please", f"mail {EMAIL} please"),
        ("MAIL First.Last+tag@Sub.Example.CO.uk", f"MAIL {EMAIL}"),
        ('{"event": "user", "text": "my name is Marisol"}', f'{{"event": "user", "text": "{TEXT}"}}'),  # noqa: E501
        ('{"text": "she said \\"hi\\" to me", "x": 1}', f'{{"text": "{TEXT}", "x": 1}}'),
        (
            '{"slot_values": {"intake_first_name": "Marisol"}, "event_info": "x"}',
            f'{{"slot_values": "{TEXT}", "event_info": "x"}}',
        ),
        ("processor.message user_message='I drink'", f"processor.message user_message='{TEXT}'"),
        ("parse_data_text=\"help me\" intent=greet", f"parse_data_text='{TEXT}' intent=greet"),
    ],
)  # fmt: skip
def test_personal_data_is_replaced(line, expected):
    assert redact(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Rasa server is up and running.",
        "intake booked: ref=K7QX2M slot=2026-11-27T15:00:00Z",
        "Loading model models/20261126-101500-warm-fog.tar.gz...",
        "POST /webhooks/rest/webhook 200 1234",
        "Action endpoint is up and running on http://127.0.0.1:5055",
        "Registered function for 'action_book_intake'.",
        "took 0.0123 s for 12 events",
        "retention: deleted 3 conversations (41 events), 2 intake bookings, 0 SMS senders",
    ],
)
def test_ordinary_lines_are_left_alone(line):
    assert redact(line) == line


def test_the_filter_redacts_the_formatted_message_and_its_arguments():
    record = logging.LogRecord(
        "bot", logging.INFO, __file__, 1, "callback %s for %s", ("919-555-0142", "a@b.org"), None
    )
    assert RedactingFilter().filter(record) is True
    assert record.getMessage() == f"callback {PHONE} for {EMAIL}"


def test_a_traceback_is_redacted_too():
    try:
        raise ValueError("bad number 919-555-0142")
    except ValueError:
        record = logging.LogRecord("bot", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    RedactingFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "ValueError" in formatted and "555-0142" not in formatted


def test_the_logging_config_redacts_every_logger_of_the_process():
    """The file both servers load: the root handler and loggers with their own handlers."""
    script = f"""
import logging, sys, yaml, logging.config
logging.config.dictConfig(yaml.safe_load(open({str(LOGGING_CONFIG)!r})))
logging.getLogger("rasa.core").warning("from %s", "919-555-0142")
own = logging.getLogger("sanic.access")
own.propagate = False
own.addHandler(logging.StreamHandler(sys.stderr))
own.warning("marisol.q@example.org")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"from {PHONE}" in result.stderr and EMAIL in result.stderr
    assert "555-0142" not in result.stderr and "marisol" not in result.stderr
