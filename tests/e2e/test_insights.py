"""The staff report from a tracker store filled by talking to the running servers over REST and
signed Twilio SMS, on the embedded SQLite default and on PostgreSQL (the production stores):
the counts are what this test sent, per channel and funnel step; an unanswered message appears
with its phone number redacted; a crisis message's text appears nowhere."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.insights.__main__ import make_report
from bot.insights.conversations import Outcome
from bot.insights.report import Report
from bot.insights.tally import CHAT_DELETED, SMS_OPT_IN, SMS_OPT_OUT
from bot.intake.availability import Availability
from bot.launch.environment import rasa_environment
from bot.launch.processes import Assistant
from bot.settings import PROJECT_ROOT, Settings
from ops.cluster import production_environ, start_cluster
from ops.services import free_port
from tests.e2e.rest import say
from tests.support.logs import log_shown_on_failure
from tests.support.sms import (
    E2E_SMS_SENDER_SALT,
    E2E_TWILIO_AUTH_TOKEN,
    E2E_TWILIO_PUBLIC_URL,
    SmsPhone,
)

pytestmark = pytest.mark.e2e

CRISIS = "i took a whole bottle of pills and feel weird"
UNANSWERED = "can you recommend a good pizza place, my cell is 919 555 0134"
REST_CONVERSATIONS = {
    "ins-question": ["how many hours a week is iop?", "what about regular outpatient?"],
    "ins-unanswered": [UNANSWERED],
    "ins-crisis": [CRISIS],
    "ins-triage": ["help me decide", "it's for me", "no", "nope", "a few months",
                   "never been in treatment", "no", "yes my family is great",
                   "not really, i work full time"],
    "ins-triage-left": ["help me decide", "it's for me", "stop"],
    "ins-intake": ["i want to schedule an intake", "for my husband", "my name is dana",
                   "919 555 0123", "as soon as possible", "yes", "yes"],
    "ins-handoff": ["can i talk to a real person"],
    "ins-deleted": ["what is op", "delete my chat"],  # leaves only a count behind
    "ins-spanish": ["hola, cuantas horas a la semana son del iop?"],
}  # fmt: skip
SMS = ["what is iop", "STOP", "START"]  # STOP and START never reach the assistant
TWILIO_ENV = {
    "TWILIO_AUTH_TOKEN": E2E_TWILIO_AUTH_TOKEN,
    "TWILIO_PUBLIC_URL": E2E_TWILIO_PUBLIC_URL,
    "SMS_SENDER_SALT": E2E_SMS_SENDER_SALT,
}


def talk(rasa_url: str) -> None:
    for sender, messages in REST_CONVERSATIONS.items():
        for message in messages:
            assert say(rasa_url, sender, message), f"silence after {message!r}"
    phone = SmsPhone(
        f"{rasa_url}/webhooks/twilio_sms/webhook",
        E2E_TWILIO_PUBLIC_URL,
        E2E_TWILIO_AUTH_TOKEN,
        "+19195550177",
    )
    for body in SMS:
        assert phone.text(body).status == 200


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def talked_to(request, trained_model: Path, tmp_path_factory) -> Iterator[Settings]:
    """Servers on their own, empty tracker store, after this test's conversations."""
    var_dir = tmp_path_factory.mktemp(f"insights-{request.param}")
    log_path = var_dir / "servers.log"
    with log_shown_on_failure(log_path) as log:
        if request.param == "sqlite":
            environ = {
                **os.environ, **TWILIO_ENV,
                "RASA_INTERFACE": "127.0.0.1", "RASA_PORT": str(free_port()),
                "ACTION_SERVER_PORT": str(free_port()), "CCR_VAR_DIR": str(var_dir),
                "TRACKER_DB": str(var_dir / "tracker.db"), "RASA_API_TOKEN": "",
                "SMS_DB_URL": f"sqlite:///{var_dir / 'sms.db'}",
            }  # fmt: skip
            with Assistant(Settings.from_environ(environ), trained_model, log=log) as servers:
                talk(servers.rasa_url)
                yield servers.settings
            return
        postgres = request.getfixturevalue("postgres")
        redis_server = request.getfixturevalue("redis_server")
        environ = production_environ(postgres, redis_server, "ccr_insights", var_dir)
        cluster = start_cluster({**environ, **TWILIO_ENV}, trained_model, rasa_servers=1, log=log)
        try:
            talk(cluster.rasa_urls[0])
            yield cluster.rasa[0].settings
        finally:
            cluster.stop()


@pytest.fixture(scope="module")
def report(talked_to: Settings) -> Report:
    today = Availability.from_settings(talked_to).local(dt.datetime.now(dt.timezone.utc)).date()
    return make_report(talked_to, today, today, today)


def test_conversations_and_messages_are_counted_per_channel(report):
    rest = [m for s, ms in REST_CONVERSATIONS.items() if s != "ins-deleted" for m in ms]
    assert report.by_channel(report.conversations) == {
        "REST": len(REST_CONVERSATIONS) - 1,
        "SMS": 1,
    }
    assert report.by_channel(report.messages) == {"REST": len(rest), "SMS": 1}


def test_conversations_are_counted_in_the_language_they_ended_in(report):
    english = len(REST_CONVERSATIONS) - 2 + 1  # not the deleted one nor the Spanish one; + SMS
    assert report.languages == {"en": english, "es": 1}
    assert report.messages_in("es") == 1


def test_what_visitors_got(report):
    outcomes = report.outcome_totals()
    assert outcomes[Outcome.CRISIS] == 1
    assert outcomes[Outcome.OUT_OF_SCOPE] + outcomes[Outcome.MENU] >= 1
    assert outcomes[Outcome.ANSWERED] >= 3  # the two questions and the SMS one
    assert {"iop_hours", "what_is_iop"} <= set(report.topics)
    assert {kind for _, kind in report.crises} == {"overdose"}
    assert sum(report.handoffs.values()) == 1


def test_the_funnels(report):
    assert report.triage.started == 2
    assert report.triage.steps["finished"] == 1
    assert report.triage.results == {"op": 1}
    assert report.triage.stopped_at == {"triage_danger": 1}
    assert report.intake.started == 1
    assert report.intake.steps["consent"] == report.intake.steps["booked"] == 1


def test_what_leaves_no_conversation_is_counted(report):
    assert report.tally_total(SMS_OPT_OUT) == 1
    assert report.tally_total(SMS_OPT_IN) == 1
    assert report.tally_total(CHAT_DELETED) == 1


def test_the_unanswered_message_is_shown_redacted(report):
    texts = [u.text for u in report.unanswered]
    assert "can you recommend a good pizza place, my cell is [phone]" in texts
    assert not any("555" in t for t in texts)


def test_the_page_and_the_summary(talked_to, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot.insights", "--since", "1d", "--out", str(tmp_path)],
        cwd=PROJECT_ROOT, env=rasa_environment(talked_to), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    print(result.stdout)
    assert result.returncode == 0, result.stderr
    conversations = len(REST_CONVERSATIONS) - 1 + 1  # the deleted one gone, the SMS one
    assert f"{conversations} conversations" in result.stdout
    assert "intake: 1 started, 1 consented, 1 booked" in result.stdout
    html = (tmp_path / "report.html").read_text()
    assert CRISIS not in html and "bottle of pills" not in html
    assert "919 555 0134" not in html and "[phone]" in html
