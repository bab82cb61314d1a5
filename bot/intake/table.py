"""The `intake_requests` table (SQLAlchemy ORM) and the conversions between its rows and
`bot/intake/models.py`. The unique partial indexes are what make a slot bookable only once
(bot/intake/store.py explains)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    inspect,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

from bot.intake.models import (
    REFERENCE_LENGTH,
    STATUS_BOOKED,
    UTC,
    Booking,
    IntakeRequest,
)
from bot.language.conversation_language import ENGLISH

BOOKED_ONLY = text("status = 'booked'")


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("intake times must be time-zone aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


Base = declarative_base()


class IntakeRow(Base):
    __tablename__ = "intake_requests"

    id = Column(Integer, primary_key=True, autoincrement=True)
    reference = Column(String(REFERENCE_LENGTH), nullable=False, unique=True)
    conversation_id = Column(String(255), nullable=False)
    for_whom = Column(String(64), nullable=False)
    first_name = Column(String(100), nullable=False)
    phone_e164 = Column(String(16), nullable=False)
    slot_start = Column(UTCDateTime, nullable=False)
    status = Column(String(16), nullable=False, default=STATUS_BOOKED)
    consent_text = Column(Text, nullable=False)
    consented_at = Column(UTCDateTime, nullable=False)
    triage_summary = Column(Text, nullable=True)
    created_at = Column(UTCDateTime, nullable=False)
    notified_at = Column(UTCDateTime, nullable=True)
    notify_attempts = Column(Integer, nullable=False, default=0)
    # added with Spanish (issue #16): NULL in rows stored before it, read as English;
    # `upgrade_schema` adds it to an existing table
    language = Column(String(8), nullable=True)

    __table_args__ = (
        CheckConstraint("status IN ('booked', 'cancelled')", name="ck_intake_status"),
        Index(
            "uq_intake_booked_slot",
            "slot_start",
            unique=True,
            sqlite_where=BOOKED_ONLY,
            postgresql_where=BOOKED_ONLY,
        ),
        Index(
            "uq_intake_booked_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=BOOKED_ONLY,
            postgresql_where=BOOKED_ONLY,
        ),
        Index("ix_intake_created_at", "created_at"),
    )


def new_row(request: IntakeRequest, reference: str, now: dt.datetime) -> IntakeRow:
    return IntakeRow(
        reference=reference,
        conversation_id=request.conversation_id,
        for_whom=request.for_whom,
        first_name=request.first_name,
        phone_e164=request.phone_e164,
        slot_start=request.slot_start,
        status=STATUS_BOOKED,
        consent_text=request.consent_text,
        consented_at=request.consented_at,
        triage_summary=request.triage_summary,
        language=request.language,
        created_at=now,
        notified_at=None,
        notify_attempts=0,
    )


def booking_from_row(row: IntakeRow) -> Booking:
    return Booking(
        reference=row.reference,
        conversation_id=row.conversation_id,
        for_whom=row.for_whom,
        first_name=row.first_name,
        phone_e164=row.phone_e164,
        slot_start=row.slot_start.astimezone(UTC),
        status=row.status,
        consent_text=row.consent_text,
        consented_at=row.consented_at.astimezone(UTC),
        triage_summary=row.triage_summary,
        created_at=row.created_at.astimezone(UTC),
        notified_at=row.notified_at.astimezone(UTC) if row.notified_at else None,
        notify_attempts=row.notify_attempts,
        language=row.language or ENGLISH,
    )


# columns added after the table was first released: (name, SQL type), added by `upgrade_schema`
ADDED_COLUMNS = (("language", "VARCHAR(8)"),)


def upgrade_schema(connection: Connection) -> list[str]:
    """Adds the columns a table created by an earlier release lacks; returns their names.
    `ALTER TABLE ... ADD COLUMN` of a nullable column: the same SQL on SQLite and PostgreSQL."""
    present = {
        column["name"] for column in inspect(connection).get_columns(IntakeRow.__tablename__)
    }
    added = []
    for name, sql_type in ADDED_COLUMNS:
        if name not in present:
            connection.execute(
                text(f"ALTER TABLE {IntakeRow.__tablename__} ADD COLUMN {name} {sql_type}")
            )
            added.append(name)
    return added
