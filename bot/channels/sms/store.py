"""What the SMS channel remembers per sender, in a real database (SQLAlchemy): SQLite under
`var/` by default, any SQLAlchemy URL through SMS_DB_URL (the same database for every Rasa server
that answers SMS, so it works across restarts and several servers).

Senders are known only by a keyed hash of their phone number (`sender_hash`); no phone number is
stored here. Per sender hash:
- opt-out state (STOP ... START), with the time of the last change;
- the options offered in the last reply (title + payload), so "2" maps back to a payload;
- whether the one-line privacy/consent notice has been sent.

The hash key is SMS_SENDER_SALT when set. Otherwise a random key is generated once and kept in
this database (table `sms_meta`), so every server using the database hashes numbers the same
way, and the opt-out list can never outlive its key. A fingerprint of the key in use is stored
too: starting with a different key (SMS_SENDER_SALT changed, or set after a generated key was
used) is refused, because every opt-out would silently be lost.

Any database failure raises `SmsStoreUnavailable`; log lines never carry numbers or texts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    String,
    Text,
    and_,
    create_engine,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.channels.sms.options import SmsOption

logger = logging.getLogger(__name__)

SENDER_HASH_CHARS = 32  # 128 bits of HMAC-SHA256, hex
OPTIONS_MAX_AGE = dt.timedelta(minutes=60)  # the domain's session expiration
_SALT_KEY = "sender_salt"
_SALT_CHECK_KEY = "sender_salt_check"
_T = TypeVar("_T")


class SmsStoreUnavailable(RuntimeError):
    """The SMS database cannot be used right now."""


class SmsStoreConfigError(ValueError):
    """SMS_DB_URL is unusable, or the sender key does not match the database's."""


def sender_hash(number: str, key: bytes) -> str:
    """The sender id for a phone number: HMAC-SHA256 keyed with `key`, hex, truncated."""
    digest = hmac.new(key, number.strip().encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:SENDER_HASH_CHARS]


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


Base = declarative_base()


class SenderRow(Base):
    __tablename__ = "sms_senders"

    sender_hash = Column(String(64), primary_key=True)
    opted_out = Column(Boolean, nullable=False, default=False)
    opt_changed_at = Column(DateTime, nullable=True)  # naive UTC
    notice_sent_at = Column(DateTime, nullable=True)
    options_json = Column(Text, nullable=True)
    options_at = Column(DateTime, nullable=True)


class MetaRow(Base):
    __tablename__ = "sms_meta"

    key = Column(String(64), primary_key=True)
    value = Column(String(255), nullable=False)


@dataclass(frozen=True)
class SenderState:
    opted_out: bool = False
    notice_sent: bool = False
    options: tuple[SmsOption, ...] = ()


class SmsStore:
    def __init__(self, url: str, clock: Callable[[], dt.datetime] = _utcnow) -> None:
        self.clock = clock
        self.engine = _engine(url)
        self._sessions = sessionmaker(bind=self.engine, future=True)
        self._run("create tables", lambda _: Base.metadata.create_all(self.engine))

    def close(self) -> None:
        self.engine.dispose()

    # --- the hash key ---------------------------------------------------------------------

    def sender_key(self, configured_salt: str = "") -> bytes:
        """The key for `sender_hash`: `configured_salt`, or the database's generated one."""
        salt = configured_salt or self._meta_value(_SALT_KEY, lambda: secrets.token_hex(32))
        key = salt.encode("utf-8")
        check = hmac.new(key, b"ccr-sms-sender-key-check", hashlib.sha256).hexdigest()[:16]
        if self._meta_value(_SALT_CHECK_KEY, lambda: check) != check:
            raise SmsStoreConfigError(
                "SMS_SENDER_SALT does not match the key this SMS database was keyed with: "
                "every stored opt-out would be lost. Use the original SMS_SENDER_SALT (or, if it "
                "was generated, leave SMS_SENDER_SALT empty or set it to the value stored in the "
                "sms_meta table)."
            )
        return key

    def _meta_value(self, key: str, default: Callable[[], str]) -> str:
        """The stored value of `key`; stores `default()` first if there is none (race-safe)."""

        def read(session: Session) -> str | None:
            return session.scalar(select(MetaRow.value).where(MetaRow.key == key))

        value = self._run("read settings", read)
        if value is not None:
            return value
        try:
            self._run("store settings", lambda s: s.add(MetaRow(key=key, value=default())))
        except SmsStoreUnavailable as error:
            if not isinstance(error.__cause__, IntegrityError):
                raise
        value = self._run("read settings", read)
        if value is None:
            raise SmsStoreUnavailable(f"SMS store: {key} could not be stored")
        return value

    # --- per sender -----------------------------------------------------------------------

    def state(self, sender: str) -> SenderState:
        def read(session: Session) -> SenderState:
            row = session.get(SenderRow, sender)
            if row is None:
                return SenderState()
            return SenderState(
                opted_out=bool(row.opted_out),
                notice_sent=row.notice_sent_at is not None,
                options=self._fresh_options(row),
            )

        return self._run("read sender", read)

    def opt_out(self, sender: str) -> bool:
        """Records the opt-out; True only for the request that changed it (one confirmation)."""
        return self._set_opted_out(sender, True)

    def opt_in(self, sender: str) -> bool:
        """Records the opt-in (START); True if the sender was opted out."""
        return self._set_opted_out(sender, False)

    def save_reply(self, sender: str, options: Sequence[SmsOption], notice_sent: bool) -> None:
        """The options just offered (replacing the last ones) and whether the notice went out."""
        now = self._now()
        values: dict[str, object] = {
            "options_json": json.dumps([{"title": o.title, "payload": o.payload} for o in options]),
            "options_at": now,
        }
        if notice_sent:
            values["notice_sent_at"] = now
        self._ensure_row(sender)
        self._run(
            "save reply",
            lambda s: s.execute(
                update(SenderRow)
                .where(SenderRow.sender_hash == sender)
                .values(**values)
                .execution_options(synchronize_session=False)
            ),
        )

    def mark_notice_sent(self, sender: str) -> None:
        now = self._now()
        self._ensure_row(sender)
        self._run(
            "save notice",
            lambda s: s.execute(
                update(SenderRow)
                .where(SenderRow.sender_hash == sender, SenderRow.notice_sent_at.is_(None))
                .values(notice_sent_at=now)
                .execution_options(synchronize_session=False)
            ),
        )

    def delete_idle_state(self, before: dt.datetime, dry_run: bool = False) -> int:
        """Deletes senders that are only state (not opted out) and were last active before
        `before` (aware); returns how many. Opt-outs are kept whatever their age (CTIA: a number
        that said STOP stays silent), and so is the hash key."""
        cutoff = before.astimezone(dt.timezone.utc).replace(tzinfo=None)
        idle = and_(
            SenderRow.opted_out.is_(False),
            *(
                or_(column.is_(None), column < cutoff)
                for column in (
                    SenderRow.opt_changed_at,
                    SenderRow.notice_sent_at,
                    SenderRow.options_at,
                )
            ),
        )
        if dry_run:
            return self._run(
                "count idle senders",
                lambda s: s.scalar(select(func.count()).select_from(SenderRow).where(idle)) or 0,
            )
        return self._run(
            "delete idle senders",
            lambda s: s.execute(
                delete(SenderRow).where(idle).execution_options(synchronize_session=False)
            ).rowcount,
        )

    def _set_opted_out(self, sender: str, opted_out: bool) -> bool:
        now = self._now()
        self._ensure_row(sender)
        # The WHERE makes it a compare-and-set: of two concurrent STOPs, one changes the row.
        changed = self._run(
            "opt out" if opted_out else "opt in",
            lambda s: s.execute(
                update(SenderRow)
                .where(SenderRow.sender_hash == sender, SenderRow.opted_out == (not opted_out))
                .values(opted_out=opted_out, opt_changed_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount,
        )
        return changed == 1

    def _ensure_row(self, sender: str) -> None:
        if self._run("read sender", lambda s: s.get(SenderRow, sender)) is not None:
            return
        try:
            self._run("add sender", lambda s: s.add(SenderRow(sender_hash=sender, opted_out=False)))
        except SmsStoreUnavailable as error:  # added by a concurrent request: fine
            if not isinstance(error.__cause__, IntegrityError):
                raise

    def _fresh_options(self, row: SenderRow) -> tuple[SmsOption, ...]:
        if not row.options_json or row.options_at is None:
            return ()
        if self._now() - row.options_at > OPTIONS_MAX_AGE:
            return ()
        try:
            stored = json.loads(row.options_json)
            return tuple(SmsOption(str(o["title"]), str(o["payload"])) for o in stored)
        except (ValueError, TypeError, KeyError):
            logger.warning("SMS store: unreadable options for a sender; ignored")
            return ()

    def _now(self) -> dt.datetime:
        """Naive UTC: what the DateTime columns hold on every backend."""
        return self.clock().astimezone(dt.timezone.utc).replace(tzinfo=None)

    def _run(self, operation: str, work: Callable[[Session], _T]) -> _T:
        try:
            with self._sessions.begin() as session:
                return work(session)
        except SQLAlchemyError as error:
            if not isinstance(error, IntegrityError):
                logger.error("SMS store: %s failed: %s", operation, type(error).__name__)
            raise SmsStoreUnavailable(f"SMS store: {operation} failed") from error


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise SmsStoreConfigError(f"SMS_DB_URL is not a database URL: {error}") from None
    options: dict[str, object] = {"future": True, "hide_parameters": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            # if this fails, connecting fails too and says why (SmsStoreUnavailable)
            with contextlib.suppress(OSError):
                Path(database).parent.mkdir(parents=True, exist_ok=True)
        options["connect_args"] = {"timeout": 15}
    else:
        options["pool_pre_ping"] = True
    try:
        return create_engine(parsed, **options)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise SmsStoreConfigError(f"SMS_DB_URL cannot be used: {error}") from None
