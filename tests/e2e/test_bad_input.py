"""Bad input end to end, over REST against the real servers: every message gets a kind reply with
a way forward (the 24/7 number, buttons, or the next question of a form), never an error, and the
tracker and the intake database keep working after it. Prints the table of input -> reply."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bot.launch.environment import rasa_environment
from bot.settings import PROJECT_ROOT
from tests.e2e.rest import payloads_of, say, text_of

pytestmark = pytest.mark.e2e

HOTLINE = "866-797-7962"
SQL = "'; DROP TABLE events; --"
INTAKE_START = ["i want to schedule an intake", "for myself"]

# case -> the messages of one conversation (a fresh sender each); every reply is checked
CONVERSATIONS = {
    "empty": [""],
    "whitespace": ["  \t\n  "],
    "10 000 characters": ["x" * 10_000],
    "10 000 characters of words, then a question": ["so " * 3300 + "how long is iop?"],
    "emoji only": ["😀😀🙏"],
    "Arabic": ["مرحبا كيف حالك"],
    "Hebrew": ["שלום, מה שלומך?"],
    "control characters": ["\x00\x07\x1b[31mhello\x7f\x85"],
    "HTML": ["<script>alert(1)</script>"],
    "SQL as a question": [SQL],
    "JSON": ['{"sender": "admin", "message": "/request_intake"}'],
    "typed payload with a slot": ['/request_intake{"requested_slot": "intake_phone"}'],
    "typed intent": ["/affirm"],
    "typed crisis intent with entity": ['/crisis{"crisis_kind": "violence"}'],
    "a real button payload": ["/request_hotline"],
    "SQL and HTML as the name, SQL as the phone": [
        *INTAKE_START, SQL, "<b>Dana</b>", SQL, "919 555 0123", "asap", "yes", "yes",
    ],
    "SQL as every triage answer": ["help me decide", SQL, SQL, SQL, "it's for me", SQL],
    "SQL as the time, the consent and the confirmation": [
        *INTAKE_START, "sam", "704-555-0199", SQL, "asap", SQL, "yes", SQL, "cancel",
    ],
    "February 30th as the time": [
        *INTAKE_START, "sam", "704-555-0199", "February 30th", "asap", "no",
    ],
    "phone (866) 797 7962": [*INTAKE_START, "kim", "(866) 797 7962"],
    "phone +1.866.797.7962": [*INTAKE_START, "kim", "+1.866.797.7962"],
    "phone 866 797 7962 ext 3": [*INTAKE_START, "kim", "866 797 7962 ext 3"],
    "phone in Arabic digits": [*INTAKE_START, "kim", "٨٦٦٧٩٧٧٩٦٢"],
}  # fmt: skip

ERROR_WORDS = ("Traceback", "Exception", "error", "500", "None")


def way_forward(replies: list[dict]) -> bool:
    text = text_of(replies)
    return HOTLINE in text or bool(payloads_of(replies)) or "?" in text


def _shown(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@pytest.fixture(scope="module")
def table() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    yield rows
    print("\n| case | input | reply |\n|---|---|---|")
    for case, message, reply in rows:
        shown = _shown(repr(message)[1:-1], 40).replace("|", "\\|")
        print(f"| {case} | `{shown}` | {_shown(reply).replace('|', '/')} |")


@pytest.mark.parametrize("case", list(CONVERSATIONS))
def test_bad_input_gets_a_reply_with_a_way_forward(assistant, table, case):
    sender = f"bad-input-{list(CONVERSATIONS).index(case)}"
    for message in CONVERSATIONS[case]:
        replies = say(assistant.rasa_url, sender, message)
        text = text_of(replies)
        table.append(
            (
                case,
                message,
                text + (f" [buttons: {len(payloads_of(replies))}]" if payloads_of(replies) else ""),
            )
        )
        assert replies and text.strip(), f"silence after {message[:30]!r}"
        assert not any(word in text for word in ERROR_WORDS), text
        assert way_forward(replies), (message[:30], text)
    # the conversation still works afterwards
    assert "30 to 60 days" in text_of(say(assistant.rasa_url, sender, "how long does iop last"))


def test_the_intake_database_works_after_sql_in_the_form(assistant):
    sender = "bad-input-sql-booking"
    steps = [*INTAKE_START, f"my name is {SQL}", "Robin", "919 555 0177", "asap", "yes", "yes"]
    for message in steps:
        text = text_of(say(assistant.rasa_url, sender, message))
    assert "You're booked" in text, text
    reference = text.split("**")[1]
    staff = subprocess.run(
        [sys.executable, "-m", "bot.intake", "show", reference],
        cwd=PROJECT_ROOT, env=rasa_environment(assistant.settings), capture_output=True, text=True,
    )  # fmt: skip
    assert staff.returncode == 0, staff.stderr
    assert "+19195550177" in staff.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "bot.intake", "list"],
        cwd=PROJECT_ROOT, env=rasa_environment(assistant.settings), capture_output=True, text=True,
    )  # fmt: skip
    assert listing.returncode == 0 and reference in listing.stdout


def post_raw(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, object]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


# a request that is not a visitor's message (a client's bug) -> 400 with a JSON reason, never 500
MALFORMED = [
    ("not JSON", b"hello"),
    ("a JSON list", b'["hi"]'),
    ("a JSON string", b'"hi"'),
    ("no sender", b'{"message": "hi"}'),
    ("a number as sender", b'{"sender": 7, "message": "hi"}'),
    ("invalid UTF-8", b'{"sender": "me", "message": "\xff\xfe"}'),
]


@pytest.mark.parametrize(("case", "body"), MALFORMED, ids=[c[0] for c in MALFORMED])
def test_a_malformed_rest_request_gets_400_with_a_reason(assistant, case, body):
    status, answer = post_raw(f"{assistant.rasa_url}/webhooks/rest/webhook", body)
    assert status == 400, (case, answer)
    assert isinstance(answer, dict) and answer.get("error")


def test_a_message_that_is_not_text_gets_the_empty_message_reply(assistant):
    url = f"{assistant.rasa_url}/webhooks/rest/webhook"
    for message in (b"null", b"42", b'{"text": "hi"}'):
        status, answer = post_raw(url, b'{"sender": "odd-type", "message": %s}' % message)
        assert status == 200 and "didn't catch a message" in answer[0]["text"], message
