"""The staff command for intake bookings (reads the same settings and `.env` as the bot):

    python -m bot.intake list [--since DATE]             requests received since DATE (all if none)
    python -m bot.intake show REF                        one request in full
    python -m bot.intake export --since DATE [--out F]   CSV of requests received since DATE
    python -m bot.intake cancel REF                      cancel a booking; its slot is free again
    python -m bot.intake notify-pending                  retry the staff webhook for pending ones

DATE is YYYY-MM-DD (midnight in the center's time zone) or an ISO date-time. Times are shown in
the center's time zone. Exit status: 0 done, 1 failed (unknown REF, database unavailable, webhook
still failing), 2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.intake.models import Booking, IntakeConfigError, IntakeUnavailable, UnknownReference
from bot.intake.notify import Notifier, notify_pending
from bot.intake.phone import display_phone
from bot.intake.store import IntakeStore
from bot.settings import Settings, SettingsError, get_settings


def main(argv: Sequence[str] | None = None, settings: Settings | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = settings or get_settings()
    except SettingsError as error:
        return _fail(f"settings: {error}")
    zone = ZoneInfo(settings.intake_timezone)
    args = _parser(zone).parse_args(argv)
    try:
        store = IntakeStore.from_settings(settings)
    except IntakeConfigError as error:
        return _fail(str(error))
    try:
        return args.run(args, store, settings, zone)
    except UnknownReference as error:
        return _fail(f"{error}. List references with: python -m bot.intake list")
    except IntakeUnavailable:
        return _fail(f"the intake database ({store.safe_url}) is unavailable; nothing was changed.")
    finally:
        store.close()


def _list(args: argparse.Namespace, store: IntakeStore, settings: Settings, zone: dt.tzinfo) -> int:
    bookings = store.list(args.since)
    if not bookings:
        print(
            "No intake requests"
            + (f" since {args.since:%Y-%m-%d %H:%M %Z}." if args.since else ".")
        )
        return 0
    rows = [("REF", "STATUS", "SLOT", "FOR", "LANGUAGE", "NAME", "PHONE", "NOTIFIED")]
    rows += [
        (
            b.reference,
            b.status,
            format_slot(b.slot_start, zone),
            b.for_whom,
            b.language_name,
            b.first_name,
            display_phone(b.phone_e164),
            _notified(b, zone),
        )
        for b in bookings
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


def _show(args: argparse.Namespace, store: IntakeStore, settings: Settings, zone: dt.tzinfo) -> int:
    booking = store.get(args.ref)
    if booking is None:
        raise UnknownReference(args.ref)
    fields = [
        ("Reference", booking.reference),
        ("Status", booking.status),
        ("Slot", f"{format_slot(booking.slot_start, zone)} ({settings.intake_slot_minutes} min)"),
        ("For", booking.for_whom),
        ("Language", booking.language_name),
        ("First name", booking.first_name),
        ("Phone", f"{display_phone(booking.phone_e164)} ({booking.phone_e164})"),
        ("Consent", booking.consent_text),
        ("Consented at", format_slot(booking.consented_at, zone)),
        ("Triage summary", booking.triage_summary or "(none)"),
        ("Received", format_slot(booking.created_at, zone)),
        ("Notified", _notified(booking, zone)),
        ("Conversation", booking.conversation_id),
    ]
    for label, value in fields:
        print(f"{label + ':':<16}{value}")
    return 0


def _export(
    args: argparse.Namespace, store: IntakeStore, settings: Settings, zone: dt.tzinfo
) -> int:
    if args.out is None:
        store.export_csv(args.since, sys.stdout, zone)
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", newline="", encoding="utf-8") as out:
        count = store.export_csv(args.since, out, zone)
    print(f"Exported {count} intake request(s) to {args.out}.", file=sys.stderr)
    return 0


def _cancel(
    args: argparse.Namespace, store: IntakeStore, settings: Settings, zone: dt.tzinfo
) -> int:
    before = store.get(args.ref)
    if before is None:
        raise UnknownReference(args.ref)
    if not before.booked:
        print(f"{before.reference} was already cancelled.")
        return 0
    booking = store.cancel(args.ref)
    slot = format_slot(booking.slot_start, zone)
    print(f"Cancelled {booking.reference} ({slot}); the slot is free again.")
    return 0


def _notify(
    args: argparse.Namespace, store: IntakeStore, settings: Settings, zone: dt.tzinfo
) -> int:
    notifier = Notifier.from_settings(settings)
    if not notifier.enabled:
        return _fail("INTAKE_NOTIFY_URL is not set: there is no webhook to notify.")
    delivered, pending = notify_pending(store, notifier)
    print(f"Delivered {delivered}; still pending {pending}.")
    return 1 if pending else 0


def format_slot(moment: dt.datetime, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")


def _notified(booking: Booking, zone: dt.tzinfo) -> str:
    if booking.notified_at is not None:
        return format_slot(booking.notified_at, zone)
    return f"no ({booking.notify_attempts} attempts)" if booking.notify_attempts else "no"


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _parser(zone: dt.tzinfo) -> argparse.ArgumentParser:
    def since(text: str) -> dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"
            ) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)

    parser = argparse.ArgumentParser(
        prog="python -m bot.intake", description="Staff command for intake bookings."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    listing = commands.add_parser("list", help="requests received since DATE (all if none)")
    listing.add_argument("--since", type=since, metavar="DATE")
    listing.set_defaults(run=_list)
    show = commands.add_parser("show", help="one request in full")
    show.add_argument("ref", metavar="REF")
    show.set_defaults(run=_show)
    export = commands.add_parser("export", help="CSV of requests received since DATE")
    export.add_argument("--since", type=since, metavar="DATE", required=True)
    export.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(run=_export)
    cancel = commands.add_parser("cancel", help="cancel a booking; its slot is free again")
    cancel.add_argument("ref", metavar="REF")
    cancel.set_defaults(run=_cancel)
    pending = commands.add_parser("notify-pending", help="retry the webhook for pending bookings")
    pending.set_defaults(run=_notify)
    return parser
