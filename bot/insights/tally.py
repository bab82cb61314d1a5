"""Counts of what the tracker store cannot show: the staff report's only other source.

Some things visitors do leave no conversation behind, by design: an SMS STOP or START is answered
before the assistant (bot/channels/sms/twilio.py), "delete my chat" erases every event of the
conversation (bot/rasa_plugins/tracker_store.py), and a turn the inbound guard answered with its
apology may have stored nothing (bot/channels/inbound/guard.py). Each is counted here, as one row
per (hour, kind, channel) in the `insight_counts` table of the tracker database: a number, never a
text, a phone number or a sender id. Hours are UTC; the report turns them into the center's days.
Counting never fails a turn: a database error is logged and the count is lost.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

logger = logging.getLogger(__name__)

# the kinds counted
SMS_OPT_OUT = "sms_opt_out"
SMS_OPT_IN = "sms_opt_in"
CHAT_DELETED = "chat_deleted"
GUARD_APOLOGY = "guard_apology"
KINDS = (SMS_OPT_OUT, SMS_OPT_IN, CHAT_DELETED, GUARD_APOLOGY)

_metadata = sa.MetaData()
counts_table = sa.Table(
    "insight_counts",
    _metadata,
    sa.Column("hour", sa.DateTime, primary_key=True),  # UTC, naive, on the hour
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("channel", sa.String(40), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)


@dataclass(frozen=True)
class Count:
    hour: dt.datetime  # aware, UTC
    kind: str
    channel: str
    n: int


class Tally:
    """The counts in the database at `url` (a SQLAlchemy URL: the tracker store's)."""

    def __init__(self, url: str | URL) -> None:
        self.engine: Engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        self._ready = False

    def add(self, kind: str, channel: str, at: dt.datetime | None = None) -> None:
        """One more `kind` on `channel` now, or at `at` (aware)."""
        when = _hour(at or dt.datetime.now(dt.timezone.utc))
        key = (
            (counts_table.c.hour == when)
            & (counts_table.c.kind == kind)
            & (counts_table.c.channel == channel)
        )
        try:
            self._create()
            with self.engine.begin() as connection:
                updated = connection.execute(
                    counts_table.update().where(key).values(n=counts_table.c.n + 1)
                ).rowcount
                if not updated:
                    connection.execute(
                        counts_table.insert().values(hour=when, kind=kind, channel=channel, n=1)
                    )
        except sa.exc.IntegrityError:  # another process inserted the same row meanwhile
            with self.engine.begin() as connection:
                connection.execute(counts_table.update().where(key).values(n=counts_table.c.n + 1))
        except sa.exc.SQLAlchemyError as error:
            logger.warning("could not count %s on %s: %s", kind, channel, error)

    def counts(self, since: dt.datetime, until: dt.datetime) -> list[Count]:
        """The counts from `since` up to `until` (aware); none if nothing was ever counted."""
        if not sa.inspect(self.engine).has_table(counts_table.name):
            return []
        query = (
            sa.select(counts_table)
            .where(counts_table.c.hour >= _hour(since), counts_table.c.hour < _hour(until))
            .order_by(counts_table.c.hour, counts_table.c.kind, counts_table.c.channel)
        )
        with self.engine.connect() as connection:
            return [
                Count(r.hour.replace(tzinfo=dt.timezone.utc), r.kind, r.channel, r.n)
                for r in connection.execute(query)
            ]

    def _create(self) -> None:
        if not self._ready:
            _metadata.create_all(self.engine, checkfirst=True)
            self._ready = True


def _hour(moment: dt.datetime) -> dt.datetime:
    """The UTC hour of an aware moment, naive (as stored)."""
    utc = moment.astimezone(dt.timezone.utc)
    return utc.replace(minute=0, second=0, microsecond=0, tzinfo=None)


@functools.cache
def tally_for(url: str) -> Tally:
    """One `Tally` (one connection pool) per database, for the servers."""
    return Tally(url)
