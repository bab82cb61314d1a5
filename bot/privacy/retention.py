"""Deletes what is older than the retention period (RETENTION_DAYS, default 30 days):

    python -m bot.retention                       # RETENTION_DAYS
    python -m bot.retention --older-than 30d      # or 30
    python -m bot.retention --dry-run             # counts only, deletes nothing

- conversations in the tracker store whose last event is older (tracker_events.py);
- intake requests whose call slot is further in the past (bot/intake/store.py);
- SMS senders that are only state: last options, "notice sent" (bot/channels/sms/store.py). Opt-outs
  are kept.
Prints counts only, never a sender, name or number. Run it daily (cron, a Kubernetes CronJob).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass

from bot.channels.sms.store import SmsStore
from bot.intake.store import IntakeStore
from bot.privacy.tracker_events import delete_old_conversations
from bot.settings import Settings, get_settings

UTC = dt.timezone.utc
_DAYS = re.compile(r"^\s*(\d+)\s*d?\s*$", re.I)


@dataclass(frozen=True)
class RetentionReport:
    cutoff: dt.datetime
    dry_run: bool
    conversations: int
    events: int
    intake_requests: int
    sms_senders: int

    def lines(self) -> list[str]:
        verb = "would delete" if self.dry_run else "deleted"
        return [
            f"retention: older than {self.cutoff.isoformat(timespec='seconds')}"
            + (" (dry run: nothing deleted)" if self.dry_run else ""),
            f"  tracker store: {verb} {self.conversations} conversations ({self.events} events)",
            f"  intake: {verb} {self.intake_requests} requests with a past call slot",
            f"  SMS: {verb} {self.sms_senders} senders' state (opt-outs kept)",
        ]


def apply_retention(settings: Settings, cutoff: dt.datetime, dry_run: bool) -> RetentionReport:
    conversations = delete_old_conversations(settings.tracker_db_url, cutoff, dry_run)
    intake = IntakeStore.from_settings(settings)
    sms = SmsStore(settings.sms_db_url)
    try:
        intake_requests = intake.delete_past(cutoff, dry_run)
        sms_senders = sms.delete_idle_state(cutoff, dry_run)
    finally:
        intake.close()
        sms.close()
    return RetentionReport(
        cutoff=cutoff,
        dry_run=dry_run,
        conversations=conversations.conversations,
        events=conversations.events,
        intake_requests=intake_requests,
        sms_senders=sms_senders,
    )


def days(value: str) -> int:
    match = _DAYS.match(value)
    if not match or int(match[1]) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of days like 30d, not {value!r}")
    return int(match[1])


def main(argv: list[str], now: dt.datetime | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__)
    parser.add_argument(
        "--older-than",
        type=days,
        default=settings.retention_days,
        metavar="DAYS",
        help=f"age in days, like 30d (default: RETENTION_DAYS = {settings.retention_days})",
    )
    parser.add_argument("--dry-run", action="store_true", help="print counts, delete nothing")
    args = parser.parse_args(argv)
    cutoff = (now or dt.datetime.now(UTC)) - dt.timedelta(days=args.older_than)
    report = apply_retention(settings, cutoff, args.dry_run)
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
