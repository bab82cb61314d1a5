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
Times are stored as UTC. What a booking is lives in models.py, the table and its indexes in
table.py, the staff's CSV in export.py.
"""

from __future__ import annotations

import builtins
import datetime as dt
import logging
import threading
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, TypeVar

from sqlalchemy import (
    create_engine,
    delete,
    func,
    select,
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
from sqlalchemy.orm import Session, sessionmaker

from bot.intake.export import write_csv
from bot.intake.models import (
    STATUS_BOOKED,
    STATUS_CANCELLED,
    UTC,
    AlreadyBooked,
    Booked,
    Booking,
    BookingResult,
    IntakeConfigError,
    IntakeRequest,
    IntakeUnavailable,
    SlotTaken,
    UnknownReference,
    check_request,
    iso_utc,
    new_reference,
    normalise_reference,
    require_aware,
)
from bot.intake.table import Base, IntakeRow, booking_from_row, new_row, upgrade_schema

if TYPE_CHECKING:
    from bot.settings import Settings

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


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

        check_request(request)

        def attempt() -> BookingResult:
            existing = self._booked_for_conversation(request.conversation_id)
            if existing is not None:
                return AlreadyBooked(existing)
            for _ in range(5):
                row = new_row(request, new_reference(), self._clock())
                try:
                    with self._sessions.begin() as session:
                        session.add(row)
                    return Booked(booking_from_row(row))
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
                "intake booked: ref=%s slot=%s",
                result.booking.reference,
                iso_utc(request.slot_start),
            )
        elif isinstance(result, AlreadyBooked):
            logger.info("intake resubmitted: existing ref=%s returned", result.booking.reference)
        else:
            logger.info("intake slot taken: slot=%s", iso_utc(request.slot_start))
        return result

    def taken_slots(self, start: dt.datetime, end: dt.datetime) -> set[dt.datetime]:
        """Booked slot starts (UTC) in [start, end)."""
        require_aware(start, end)

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
        require_aware(since)

        def query() -> builtins.list[Booking]:
            statement = select(IntakeRow).order_by(IntakeRow.slot_start, IntakeRow.id)
            if since is not None:
                statement = statement.where(IntakeRow.created_at >= since)
            with self._sessions() as session:
                return [booking_from_row(row) for row in session.scalars(statement)]

        return self._run("list", query)

    def get(self, reference: str) -> Booking | None:
        def query() -> Booking | None:
            with self._sessions() as session:
                row = self._by_reference(session, reference)
                return booking_from_row(row) if row is not None else None

        return self._run("get", query)

    def cancel(self, reference: str) -> Booking:
        """Cancel a booking, which frees its slot. Cancelling twice is harmless."""

        def change() -> Booking:
            with self._sessions.begin() as session:
                row = self._by_reference(session, reference)
                if row is None:
                    raise UnknownReference(normalise_reference(reference))
                row.status = STATUS_CANCELLED
                return booking_from_row(row)

        booking = self._run("cancel", change)
        logger.info("intake cancelled: ref=%s", booking.reference)
        return booking

    def export_csv(self, since: dt.datetime | None, out: IO[str], zone: dt.tzinfo = UTC) -> int:
        """Writes requests created since `since` as CSV (export.py); returns the count."""
        return write_csv(self.list(since), out, zone)

    # -- retention -------------------------------------------------------------------------------

    def delete_past(self, before: dt.datetime, dry_run: bool = False) -> int:
        """Deletes requests (booked or cancelled) whose slot started before `before`; returns how
        many (with `dry_run`, how many would be deleted, and deletes nothing)."""
        require_aware(before)

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
                return [booking_from_row(row) for row in session.scalars(statement)]

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
            return booking_from_row(row) if row is not None else None

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
            try:
                with self._engine.begin() as connection:
                    added = upgrade_schema(connection)
            except SQLAlchemyError as error:
                # Another process added the column between the check and ALTER: fine.
                if "duplicate column" not in str(getattr(error, "orig", "")).lower():
                    raise
                added = []
            if added:
                logger.info("intake table upgraded: added %s", ", ".join(added))
            self._schema_ready = True


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):  # sqlite URI filenames ("file:path?mode=ro")
        return None
    return Path(url.database)


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
