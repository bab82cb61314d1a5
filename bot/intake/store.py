"""Intake bookings in a real database (SQLAlchemy): SQLite under `var/` by default, any SQLAlchemy
URL (PostgreSQL in production) through INTAKE_DB_URL. Tables are created on first use.

The database, not this code, guarantees the two rules that matter under concurrency:
- a slot is booked at most once: a unique index on `slot_start` over rows with status 'booked';
- one booking per conversation: a unique index on `conversation_id` over the same rows, so a
  form submitted twice returns the existing booking instead of creating a second one.
Both are partial indexes (SQLite and PostgreSQL), so a cancelled row frees its slot.

`book()` returns `Booked`, `AlreadyBooked` or `SlotTaken`. Any database failure (down,
unreachable, unwritable, locked for too long) raises `IntakeUnavailable`; the log line says which
operation failed and why, never with names or phone numbers (statement parameters are hidden).
Times are stored as UTC.
"""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, TypeVar, Union

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, declarative_base, sessionmaker
from sqlalchemy.types import TypeDecorator

if TYPE_CHECKING:
    from bot.settings import Settings

logger = logging.getLogger(__name__)

UTC = dt.timezone.utc
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
REFERENCE_LENGTH = 6
STATUS_BOOKED = "booked"
STATUS_CANCELLED = "cancelled"
_BOOKED_ONLY = text("status = 'booked'")
_T = TypeVar("_T")


class IntakeUnavailable(RuntimeError):
    """The intake database cannot be used right now (down, unreachable, unwritable...)."""


class IntakeConfigError(ValueError):
    """INTAKE_DB_URL is not a usable SQLAlchemy URL (or its driver is not installed)."""


class UnknownReference(LookupError):
    """No intake request has this reference code."""

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(f"no intake request with reference {reference!r}")


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

    __table_args__ = (
        CheckConstraint("status IN ('booked', 'cancelled')", name="ck_intake_status"),
        Index(
            "uq_intake_booked_slot",
            "slot_start",
            unique=True,
            sqlite_where=_BOOKED_ONLY,
            postgresql_where=_BOOKED_ONLY,
        ),
        Index(
            "uq_intake_booked_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=_BOOKED_ONLY,
            postgresql_where=_BOOKED_ONLY,
        ),
        Index("ix_intake_created_at", "created_at"),
    )


@dataclass(frozen=True)
class IntakeRequest:
    """What the intake form submits. Times must be aware; `phone_e164` comes from
    `normalise_phone`; `consent_text` is the exact wording the visitor agreed to."""

    conversation_id: str
    for_whom: str
    first_name: str
    phone_e164: str
    slot_start: dt.datetime
    consent_text: str
    consented_at: dt.datetime
    triage_summary: str | None = None


@dataclass(frozen=True)
class Booking:
    """One stored intake request (times in UTC)."""

    reference: str
    conversation_id: str
    for_whom: str
    first_name: str
    phone_e164: str
    slot_start: dt.datetime
    status: str
    consent_text: str
    consented_at: dt.datetime
    triage_summary: str | None
    created_at: dt.datetime
    notified_at: dt.datetime | None
    notify_attempts: int

    @property
    def booked(self) -> bool:
        return self.status == STATUS_BOOKED

    @classmethod
    def from_row(cls, row: IntakeRow) -> Booking:
        return cls(
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
        )


@dataclass(frozen=True)
class Booked:
    """Committed: the slot is this visitor's. Say "booked" and show `booking.reference`."""

    booking: Booking


@dataclass(frozen=True)
class AlreadyBooked:
    """This conversation already has a booking (a resubmitted form); nothing new was stored."""

    booking: Booking


@dataclass(frozen=True)
class SlotTaken:
    """Someone else has this slot; offer the next free one."""

    slot_start: dt.datetime


BookingResult = Union[Booked, AlreadyBooked, SlotTaken]

CSV_COLUMNS = (
    "reference",
    "status",
    "slot_start_local",
    "slot_start_utc",
    "for_whom",
    "first_name",
    "phone_e164",
    "triage_summary",
    "consent_text",
    "consented_at_utc",
    "created_at_utc",
    "notified_at_utc",
    "notify_attempts",
    "conversation_id",
)


class IntakeStore:
    """The intake table behind one SQLAlchemy engine. Safe to share between threads."""

    def __init__(self, url: str | URL, clock: Callable[[], dt.datetime] | None = None) -> None:
        try:
            self.url = make_url(url)
            self._engine: Engine = create_engine(
                self.url,
                future=True,
                hide_parameters=True,  # errors never echo names or phone numbers
                pool_pre_ping=True,
                **_engine_options(self.url),
            )
        except (ArgumentError, NoSuchModuleError, ValueError) as error:
            raise IntakeConfigError(f"INTAKE_DB_URL is not usable: {error}") from None
        self._sessions = sessionmaker(self._engine, future=True, expire_on_commit=False)
        self._clock = clock or (lambda: dt.datetime.now(UTC))
        self._schema_ready = False
        self._schema_lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> IntakeStore:
        return cls(settings.intake_db_url)

    @property
    def safe_url(self) -> str:
        """The URL without its password, for logs and messages."""
        return self.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self._engine.dispose()

    # -- booking ---------------------------------------------------------------------------------

    def book(self, request: IntakeRequest) -> BookingResult:
        """Store the request if its slot is free. Commits before returning `Booked`."""

        _check(request)

        def attempt() -> BookingResult:
            existing = self._booked_for_conversation(request.conversation_id)
            if existing is not None:
                return AlreadyBooked(existing)
            for _ in range(5):
                row = _new_row(request, _new_reference(), self._clock())
                try:
                    with self._sessions.begin() as session:
                        session.add(row)
                    return Booked(Booking.from_row(row))
                except IntegrityError:
                    # Which rule? Ask the database what is there now.
                    existing = self._booked_for_conversation(request.conversation_id)
                    if existing is not None:
                        return AlreadyBooked(existing)
                    if self._slot_is_booked(request.slot_start):
                        return SlotTaken(request.slot_start)
                    if not self._reference_exists(row.reference):
                        raise ValueError("the database refused the intake request") from None
                    # The reference code collided: draw another one.
            raise IntakeUnavailable("could not allocate a unique reference code")

        result = self._run("book", attempt)
        if isinstance(result, Booked):
            logger.info(
                "intake booked: ref=%s slot=%s", result.booking.reference, _iso(request.slot_start)
            )
        elif isinstance(result, AlreadyBooked):
            logger.info("intake resubmitted: existing ref=%s returned", result.booking.reference)
        else:
            logger.info("intake slot taken: slot=%s", _iso(request.slot_start))
        return result

    def taken_slots(self, start: dt.datetime, end: dt.datetime) -> set[dt.datetime]:
        """Booked slot starts (UTC) in [start, end)."""
        _aware(start, end)

        def query() -> set[dt.datetime]:
            with self._sessions() as session:
                rows = session.execute(
                    select(IntakeRow.slot_start).where(
                        IntakeRow.status == STATUS_BOOKED,
                        IntakeRow.slot_start >= start,
                        IntakeRow.slot_start < end,
                    )
                )
                return {slot for (slot,) in rows}

        return self._run("taken_slots", query)

    # -- staff -----------------------------------------------------------------------------------

    def list(self, since: dt.datetime | None = None) -> builtins.list[Booking]:
        """Requests created at or after `since` (all if None), by slot time."""
        _aware(since)

        def query() -> builtins.list[Booking]:
            statement = select(IntakeRow).order_by(IntakeRow.slot_start, IntakeRow.id)
            if since is not None:
                statement = statement.where(IntakeRow.created_at >= since)
            with self._sessions() as session:
                return [Booking.from_row(row) for row in session.scalars(statement)]

        return self._run("list", query)

    def get(self, reference: str) -> Booking | None:
        def query() -> Booking | None:
            with self._sessions() as session:
                row = self._by_reference(session, reference)
                return Booking.from_row(row) if row is not None else None

        return self._run("get", query)

    def cancel(self, reference: str) -> Booking:
        """Cancel a booking, which frees its slot. Cancelling twice is harmless."""

        def change() -> Booking:
            with self._sessions.begin() as session:
                row = self._by_reference(session, reference)
                if row is None:
                    raise UnknownReference(normalise_reference(reference))
                row.status = STATUS_CANCELLED
                return Booking.from_row(row)

        booking = self._run("cancel", change)
        logger.info("intake cancelled: ref=%s", booking.reference)
        return booking

    def export_csv(self, since: dt.datetime | None, out: IO[str], zone: dt.tzinfo = UTC) -> int:
        """Write requests created since `since` as CSV (slot also in `zone`); returns the count.

        Free-text cells that a spreadsheet would run as a formula are prefixed with "'".
        """
        bookings = self.list(since)
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for booking in bookings:
            writer.writerow(
                [
                    booking.reference,
                    booking.status,
                    booking.slot_start.astimezone(zone).isoformat(),
                    _iso(booking.slot_start),
                    _cell(booking.for_whom),
                    _cell(booking.first_name),
                    booking.phone_e164,
                    _cell(booking.triage_summary or ""),
                    _cell(booking.consent_text),
                    _iso(booking.consented_at),
                    _iso(booking.created_at),
                    _iso(booking.notified_at) if booking.notified_at else "",
                    booking.notify_attempts,
                    _cell(booking.conversation_id),
                ]
            )
        return len(bookings)

    # -- retention -------------------------------------------------------------------------------

    def delete_past(self, before: dt.datetime, dry_run: bool = False) -> int:
        """Deletes requests (booked or cancelled) whose slot started before `before`; returns how
        many (with `dry_run`, how many would be deleted, and deletes nothing)."""
        _aware(before)

        def change() -> int:
            with self._sessions.begin() as session:
                past = IntakeRow.slot_start < before
                if dry_run:
                    return session.scalar(select(func.count()).where(past)) or 0
                return session.execute(
                    delete(IntakeRow).where(past).execution_options(synchronize_session=False)
                ).rowcount

        return self._run("delete_past", change)

    # -- notifications ---------------------------------------------------------------------------

    def pending_notifications(self) -> builtins.list[Booking]:
        """Booked requests the staff webhook has not yet accepted, oldest first."""

        def query() -> builtins.list[Booking]:
            statement = (
                select(IntakeRow)
                .where(IntakeRow.status == STATUS_BOOKED, IntakeRow.notified_at.is_(None))
                .order_by(IntakeRow.created_at, IntakeRow.id)
            )
            with self._sessions() as session:
                return [Booking.from_row(row) for row in session.scalars(statement)]

        return self._run("pending_notifications", query)

    def mark_notified(self, reference: str) -> None:
        self._update("mark_notified", reference, notified_at=self._clock())

    def add_notify_attempts(self, reference: str, attempts: int) -> None:
        self._update(
            "add_notify_attempts", reference, notify_attempts=IntakeRow.notify_attempts + attempts
        )

    # -- internals -------------------------------------------------------------------------------

    def _update(self, operation: str, reference: str, **values: object) -> None:
        def change() -> None:
            with self._sessions.begin() as session:
                result = session.execute(
                    update(IntakeRow)
                    .where(IntakeRow.reference == normalise_reference(reference))
                    .values(**values)
                )
                if result.rowcount == 0:
                    raise UnknownReference(normalise_reference(reference))

        self._run(operation, change)

    def _booked_for_conversation(self, conversation_id: str) -> Booking | None:
        with self._sessions() as session:
            row = session.scalars(
                select(IntakeRow).where(
                    IntakeRow.conversation_id == conversation_id,
                    IntakeRow.status == STATUS_BOOKED,
                )
            ).first()
            return Booking.from_row(row) if row is not None else None

    def _slot_is_booked(self, slot_start: dt.datetime) -> bool:
        with self._sessions() as session:
            found = session.scalars(
                select(IntakeRow.id).where(
                    IntakeRow.slot_start == slot_start, IntakeRow.status == STATUS_BOOKED
                )
            ).first()
            return found is not None

    def _reference_exists(self, reference: str) -> bool:
        with self._sessions() as session:
            return self._by_reference(session, reference) is not None

    @staticmethod
    def _by_reference(session: Session, reference: str) -> IntakeRow | None:
        return session.scalars(
            select(IntakeRow).where(IntakeRow.reference == normalise_reference(reference))
        ).first()

    def _run(self, operation: str, work: Callable[[], _T]) -> _T:
        try:
            self._ensure_schema()
            return work()
        except (SQLAlchemyError, OSError) as error:
            reason = _reason(error)
            logger.error(
                "intake database unavailable during %s (%s): %s", operation, self.safe_url, reason
            )
            # `from None`: the chained SQLAlchemy error would show the statement in tracebacks.
            raise IntakeUnavailable(
                f"intake database unavailable during {operation}: {reason}"
            ) from None

    def _ensure_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if self._schema_ready:
                return
            database_file = _sqlite_file(self.url)
            if database_file is not None:
                database_file.parent.mkdir(parents=True, exist_ok=True)
            try:
                Base.metadata.create_all(self._engine)
            except SQLAlchemyError as error:
                # Another process created the tables between the check and CREATE: fine.
                if "already exists" not in str(getattr(error, "orig", "")):
                    raise
                Base.metadata.create_all(self._engine)
            self._schema_ready = True


def normalise_reference(reference: str) -> str:
    """References as typed by staff or visitors: case and spaces do not matter."""
    return "".join(reference.split()).upper()


def _check(request: IntakeRequest) -> None:
    """Refuse what the database would refuse (or store badly), without quoting personal data."""
    limits = {"conversation_id": 255, "for_whom": 64, "first_name": 100, "phone_e164": 16}
    for field, limit in limits.items():
        value = getattr(request, field)
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise ValueError(f"intake request field {field} must be 1-{limit} characters")
    if not request.phone_e164.startswith("+"):
        raise ValueError("intake request phone must be E.164 (use normalise_phone)")
    if not request.consent_text.strip():
        raise ValueError("intake request needs the consent wording")
    for field in ("slot_start", "consented_at"):
        try:
            _aware(getattr(request, field))
        except ValueError:
            raise ValueError(f"intake request field {field} must be time-zone aware") from None


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _new_row(request: IntakeRequest, reference: str, now: dt.datetime) -> IntakeRow:
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
        created_at=now,
        notified_at=None,
        notify_attempts=0,
    )


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # sqlite URI filenames ("file:path?mode=ro")
        return None
    return Path(url.database)


def _aware(*moments: dt.datetime | None) -> None:
    for moment in moments:
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            raise ValueError("intake times must be time-zone aware")


def _engine_options(url: URL) -> dict[str, object]:
    if url.get_backend_name() == "sqlite":
        # Wait for a concurrent writer instead of failing at once; bookings are short.
        return {"connect_args": {"timeout": 15}}
    if url.get_backend_name() == "postgresql":
        return {"connect_args": {"connect_timeout": 10}}
    return {}


def _reason(error: BaseException) -> str:
    """What failed, without statement text or parameters (which may hold personal data).

    Only connection-level messages (file cannot be opened, not a database, connection refused,
    locked) are quoted; other database errors can quote the values, so only their type is given.
    """
    if isinstance(error, OSError):
        return f"{type(error).__name__}: {error}"
    original = getattr(error, "orig", None)
    connection_level = isinstance(error, (OperationalError, InterfaceError))
    if not (connection_level or type(error) is DatabaseError) or original is None:
        return type(error).__name__
    lines = str(original).strip().splitlines()
    message = f": {lines[0][:200]}" if lines else ""
    return f"{type(error).__name__} ({type(original).__name__}{message})"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
