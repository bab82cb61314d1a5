"""Keeps personal data out of the logs of both servers (42 CFR Part 2 / HIPAA).

`redact(text)` replaces
- phone numbers (any format `phonenumbers` recognises as a valid number, US by default, and
  E.164 numbers of any country) with `[phone]`;
- e-mail addresses with `[email]`;
- the values of the fields that carry what a visitor typed or what the bot keeps about them
  (`"text": "..."`, `user_message='...'`, `slot_values=...` in Rasa's structured debug lines)
  with `[text]`.

Names cannot be recognised by pattern: our code never logs them, and Rasa logs message texts
and slot values only at DEBUG, which production refuses (see bot/settings.py, LOG_LEVEL).

Both servers load `bot/logging.yml` (`--logging-config-file`, from bot/launch/processes.py): its
filter factory `redacting_filter` returns a `RedactingFilter` for the root handler and also
installs `redact_record` as part of the log record factory, so records of loggers that do not
reach the root handler (Sanic, socket.io, structlog) are redacted too, whatever the handler.
"""

from __future__ import annotations

import logging
import re

import phonenumbers

PHONE = "[phone]"
EMAIL = "[email]"
TEXT = "[text]"
REGION = "US"

# local@domain.tld; the local part as RFC 5322 allows without quotes
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# fields of Rasa's / rasa-sdk's structured log lines that carry texts or slot values
_TEXT_FIELDS = (
    "text",
    "user_text",
    "parse_data_text",
    "message",
    "user_message",
    "json_message",
    "token_text",
    "tracker_latest_message",
    "slot_values",
    "slot_candidates",
    "prefilled_slots",
    "value",
)
_FIELD_NAMES = "|".join(_TEXT_FIELDS)
# JSON rendering: "text": "..." (escaped quotes inside) or "slot_values": {...} / [...] (flat)
_JSON_FIELD = re.compile(
    rf'"(?P<key>{_FIELD_NAMES})"\s*:\s*(?:"(?:[^"\\]|\\.)*"|\{{[^{{}}]*\}}|\[[^\[\]]*\])'
)
# console rendering: key='...' or key="..."
_KV_FIELD = re.compile(rf"\b(?P<key>{_FIELD_NAMES})=(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
_MIGHT_BE_PHONE = re.compile(r"\d(?:\D?\d){6}")  # seven digits, at most one separator apart


def redact(text: str) -> str:
    """`text` without phone numbers, e-mail addresses and visitor texts."""
    text = _JSON_FIELD.sub(lambda m: f'"{m["key"]}": "{TEXT}"', text)
    text = _KV_FIELD.sub(lambda m: f"{m['key']}='{TEXT}'", text)
    text = _EMAIL.sub(EMAIL, text)
    if _MIGHT_BE_PHONE.search(text):
        text = _redact_phones(text)
    return text


def _redact_phones(text: str) -> str:
    matches = list(
        phonenumbers.PhoneNumberMatcher(text, REGION, leniency=phonenumbers.Leniency.VALID)
    )
    for match in reversed(matches):
        text = text[: match.start] + PHONE + text[match.end :]
    return text


def redact_record(record: logging.LogRecord) -> None:
    """Replaces the record's message by its redacted, formatted form (once per record)."""
    if getattr(record, "redacted", False):
        return
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: keep only the template, never the arguments
        message = str(record.msg)
    record.msg = redact(message)
    record.args = ()
    if record.exc_info and record.exc_info[1] is not None:
        # tracebacks quote exception messages, which can quote values
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None
    record.redacted = True


class RedactingFilter(logging.Filter):
    """A handler filter: lets every record through, redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


def install_record_factory() -> None:
    """Redacts every record when it is created, in every logger of this process (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacting", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    factory.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


def redacting_filter() -> RedactingFilter:
    """The filter factory named in bot/logging.yml."""
    install_record_factory()
    return RedactingFilter()
