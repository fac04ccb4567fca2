"""Tables that do not grow for ever, and personal data kept no longer than needed.

What is deleted, and when (``[retention]``; the inventory and its reasons are in
docs/privacy.md):

- after ``closed_records_days``: results picked up or recalled, drop-offs collected, releases
  used, revoked or expired (once no result of theirs is left), finished door commands, cleared
  alarms, wrong-code counters of dossiers no longer held or void;
- after ``sent_events_days``: events the central system acknowledged (pending and rejected ones
  stay: a technician must see a rejected one);
- after ``audit_days``: audit records, the chain going on from an anchored checkpoint
  (``kiosk.store.audit.purge_before``);
- at once: the phone's last digits of a release that expired (used and revoked ones lose them
  in the same statement, kiosk/store/privacy.py);
- after ``backups_days`` and ``logs_days``: backup files and rotated log files.

Each batch is one transaction with one audit record naming what went and up to when; the
kiosk runs them one by one on the services thread (``run_due``), so a door command waits for
one batch at most, never for a whole purge.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from kiosk.domain import SYSTEM, DropoffState, IntentState, ResultState
from kiosk.paths import BACKUP_DIR_NAME, LOG_DIR_NAME
from kiosk.services import releases
from kiosk.services.context import ServiceContext, record
from kiosk.settings import Settings
from kiosk.store import audit
from kiosk.store.backups import BACKUP_GLOB

if TYPE_CHECKING:
    from kiosk.services.core import Services

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Rows per batch: a few milliseconds of the services thread on an SD card.
BATCH_ROWS = 500
#: Audit rows are small and deleted by range: more per batch.
AUDIT_BATCH_ROWS = 5000
DAY_S = 86400
#: The log files the rotation made (kiosk.log.1 …); the file being written is never deleted.
ROTATED_LOGS_GLOB = "*.log.*"


@dataclass(frozen=True)
class Batch:
    """One purge batch: what it deleted (a table, ``audit``, ``phone_digits``), how many."""

    what: str
    count: int


@dataclass(frozen=True)
class Due:
    """What one purge batch may delete: rows ended before ``cutoff`` (RFC 3339; ``cutoff_ts``
    in epoch seconds) from the batch's ``[retention]`` key, as of ``now_ts``, ``limit`` at most."""

    cutoff: str
    cutoff_ts: float
    now_ts: float
    limit: int


#: Deletes one batch of rows that are ``Due``; returns how many went.
Delete = Callable[[sqlite3.Connection, Due], int]


def rows_due(table: str, key: str, select: str) -> Delete:
    """The rows of ``table`` whose ``key`` ``select`` picks (named parameters: ``Due``'s)."""

    def delete(conn: sqlite3.Connection, due: Due) -> int:
        sql = f"DELETE FROM {table} WHERE {key} IN ({select} LIMIT :limit)"
        return conn.execute(sql, asdict(due)).rowcount

    return delete


@dataclass(frozen=True)
class RowPurge:
    """Rows of one table that have ended after the ``[retention]`` key ``setting``."""

    table: str
    setting: str
    delete: Delete

    def __call__(self, ctx: ServiceContext) -> Batch | None:
        """One batch: deleted, with one audit record, in one transaction."""
        cutoff_ts, cutoff = _cutoff(ctx, getattr(ctx.settings.retention, self.setting))
        due = Due(cutoff, cutoff_ts, ctx.clock.timestamp(), BATCH_ROWS)
        with ctx.store.transaction() as conn:
            deleted = self.delete(conn, due)
            if not deleted:
                return None
            _purged(conn, ctx, self.table, {"deleted": deleted, "ended_before": cutoff})
        return Batch(self.table, deleted)


_PURGES: tuple[RowPurge, ...] = (
    RowPurge(
        "results",
        "closed_records_days",
        rows_due(
            "results",
            "id",
            f"SELECT id FROM results AS r WHERE state IN ('{ResultState.PICKED_UP}',"
            f" '{ResultState.RETRIEVED}')"
            " AND julianday(ended_at) < julianday(:cutoff)"
            " AND NOT EXISTS (SELECT 1 FROM compartments WHERE result_id = r.id)",
        ),
    ),
    RowPurge(
        "dropoffs",
        "closed_records_days",
        rows_due(
            "dropoffs",
            "id",
            f"SELECT id FROM dropoffs AS d WHERE state = '{DropoffState.COLLECTED}'"
            " AND julianday(ended_at) < julianday(:cutoff)"
            " AND NOT EXISTS (SELECT 1 FROM compartments WHERE dropoff_id = d.id)",
        ),
    ),
    RowPurge(
        # After its results (they reference it); its owner says which have finished.
        "releases",
        "closed_records_days",
        lambda conn, due: releases.purge_finished(conn, due.cutoff, due.cutoff_ts, due.limit),
    ),
    RowPurge(
        # Uncertain ones stay: staff must settle them.
        "door_intents",
        "closed_records_days",
        rows_due(
            "door_intents",
            "id",
            f"SELECT id FROM door_intents AS i WHERE state IN ('{IntentState.DONE}',"
            f" '{IntentState.FAILED}', '{IntentState.ABORTED}')"
            " AND julianday(coalesce(ended_at, created_at)) < julianday(:cutoff)"
            " AND NOT EXISTS (SELECT 1 FROM compartments WHERE intent_id = i.id)",
        ),
    ),
    RowPurge(
        "alarms",
        "closed_records_days",
        rows_due(
            "alarms", "id", "SELECT id FROM alarms WHERE julianday(cleared_at) < julianday(:cutoff)"
        ),
    ),
    RowPurge(
        # A void counter stays while its dossier is held: it keeps the code void (a read-only
        # look at releases, as docs/architecture.md allows a query about another table's rows).
        "otp_attempts",
        "closed_records_days",
        rows_due(
            "otp_attempts",
            "scope",
            "SELECT scope FROM otp_attempts AS a WHERE scope LIKE 'dossier:%'"
            " AND julianday(updated_at) < julianday(:cutoff) AND hold_until_ts < :now_ts"
            " AND (void = 0 OR NOT EXISTS"
            " (SELECT 1 FROM releases WHERE 'dossier:' || dossier_code = a.scope))",
        ),
    ),
    RowPurge(
        "outbox",
        "sent_events_days",
        rows_due(
            "outbox",
            "seq",
            "SELECT seq FROM outbox WHERE state = 'sent'"
            " AND julianday(sent_at) < julianday(:cutoff)",
        ),
    ),
)


def purge_batch(ctx: ServiceContext) -> Batch | None:
    """The next batch due, in one transaction with one audit record; None when nothing is."""
    batches: tuple[Callable[[ServiceContext], Batch | None], ...] = (
        _forget_expired_phone_digits,
        *_PURGES,
        _purge_audit,
    )
    for batch in batches:
        done = batch(ctx)
        if done is not None:
            return done
    return None


def _cutoff(ctx: ServiceContext, days: int) -> tuple[float, str]:
    ts = ctx.clock.timestamp() - days * DAY_S
    return ts, ctx.clock.iso(ts)


def _purged(
    conn: sqlite3.Connection, ctx: ServiceContext, subject: str, details: dict[str, object]
) -> None:
    """The audit record of one retention batch (rows of a table, the audit log, or files)."""
    record(
        conn, ctx.clock, actor=SYSTEM, action="retention.purged", subject=subject, details=details
    )


def _forget_expired_phone_digits(ctx: ServiceContext) -> Batch | None:
    now = ctx.clock.timestamp()
    with ctx.store.transaction() as conn:
        cleared = releases.forget_expired_phone_digits(conn, now, BATCH_ROWS)
        if not cleared:
            return None
        record(
            conn,
            ctx.clock,
            actor=SYSTEM,
            action="retention.phone_digits_dropped",
            subject="releases",
            details={"releases": cleared, "expired_before": ctx.clock.iso(now)},
        )
    return Batch("phone_digits", cleared)


def _purge_audit(ctx: ServiceContext) -> Batch | None:
    _, cutoff = _cutoff(ctx, ctx.settings.retention.audit_days)
    with ctx.store.transaction() as conn:
        try:
            purged = audit.purge_before(conn, cutoff, AUDIT_BATCH_ROWS)
        except audit.PurgeRefused as exc:
            # The broken rows stay as evidence; `kiosk audit verify` names them.
            log.error("audit log not purged: %s", exc)
            return None
        if purged is None:
            return None
        _purged(
            conn,
            ctx,
            "audit",
            {
                "deleted": purged.deleted,
                "recorded_before": cutoff,
                "checkpoint_seq": purged.checkpoint_seq,
                "checkpoint_hash": purged.checkpoint_hash,
            },
        )
    return Batch("audit", purged.deleted)


# --- files --------------------------------------------------------------------------------------


def prune_files(settings: Settings, now: float) -> list[Batch]:
    """Backups older than ``backups_days`` and rotated logs older than ``logs_days`` (their
    file times; deleting is I/O: call it off the services thread). Returns what went."""
    retention, data = settings.retention, settings.data_path()
    done = []
    for what, folder, pattern, days in (
        ("backups", data / BACKUP_DIR_NAME, BACKUP_GLOB, retention.backups_days),
        ("logs", data / LOG_DIR_NAME, ROTATED_LOGS_GLOB, retention.logs_days),
    ):
        removed = _remove_older(folder, pattern, now - days * DAY_S)
        if removed:
            done.append(Batch(what, len(removed)))
    return done


def _remove_older(folder: Path, pattern: str, before: float) -> list[Path]:
    removed = []
    for path in sorted(folder.glob(pattern)):
        try:
            if path.is_file() and path.stat().st_mtime < before:
                path.unlink()
                removed.append(path)
                log.info("retention: removed %s", path)
        except OSError as exc:
            log.error("retention: cannot remove %s: %s", path, exc)
    return removed


def _record_files(ctx: ServiceContext, batches: list[Batch]) -> None:
    with ctx.store.transaction() as conn:
        for batch in batches:
            _purged(conn, ctx, batch.what, {"deleted_files": batch.count})


# --- the periodic pass ----------------------------------------------------------------------------


class ServicesCall(Protocol):
    """``KioskRuntime.call``: run a function on the services thread."""

    def __call__(self, fn: Callable[[Services], T], /) -> Future[T]: ...


def run_due(call: ServicesCall, settings: Settings, stop: threading.Event) -> dict[str, int]:
    """Everything due, batch by batch through ``call`` (door work queued meanwhile goes
    between two batches), files on the calling thread; returns the count per kind. Stops
    early when ``stop`` is set."""
    totals: dict[str, int] = {}
    while not stop.is_set():
        batch = call(lambda s: purge_batch(s.ctx)).result()
        if batch is None:
            break
        totals[batch.what] = totals.get(batch.what, 0) + batch.count
    if stop.is_set():
        return totals
    files = prune_files(settings, call(lambda s: s.ctx.clock.timestamp()).result())
    if files:
        call(lambda s: _record_files(s.ctx, files)).result()
        totals.update({batch.what: batch.count for batch in files})
    if totals:
        log.info("retention: %s", ", ".join(f"{n} {what}" for what, n in sorted(totals.items())))
    return totals
