"""Opening the database with the settings that make it crash-safe, and transactions."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.errors import DatabaseDamaged, EnvironmentProblem, StorageFull
from kiosk.services.otp_key import load_or_create_device_key
from kiosk.store import audit, privacy
from kiosk.store.schema import MIGRATIONS
from kiosk.store.versions import refuse_newer

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


class Store:
    """A connection to the kiosk database, migrated to the newest schema on open; a database
    from a newer release is refused untouched (``DatabaseTooNew``, kiosk/store/versions.py)."""

    def __init__(self, path: Path, device_key: bytes | None = None) -> None:
        """``device_key``: the key in the database's directory unless given (made if absent);
        it signs the audit log's anchor (kiosk/store/audit.py)."""
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.device_key = device_key or load_or_create_device_key(path.parent)
        try:
            # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE), never implicit.
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.row_factory = sqlite3.Row
            try:
                # Before any pragma or migration writes to it (DatabaseTooNew).
                refuse_newer(conn, path)
            except BaseException:
                conn.close()
                raise
            # WAL: readers never block the writer. FULL: a committed transaction survives power
            # loss, which is what "never lose a dossier" costs (one fsync per commit).
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise EnvironmentProblem(f"{path}: cannot use WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            audit.bind_device_key(conn, self.device_key)
            privacy.bind_functions(conn)
            self.db = Database(conn)
            MIGRATIONS.apply(self.db)
            conn.execute(f"PRAGMA user_version={len(MIGRATIONS.applied(self.db))}")
        except sqlite3.Error as exc:
            _raise_environment_problem(path, exc)
            raise

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection = self.db.conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        IMMEDIATE takes the write lock at the start, so two processes (the kiosk and the sync
        agent) never deadlock upgrading a read lock; the busy timeout makes the second wait.
        """
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            _raise_environment_problem(self.path, exc)
            raise

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: Any = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.conn.execute(sql, params).fetchone()
        return row

    def schema_version(self) -> int:
        return user_version(self.conn)

    def integrity_ok(self) -> bool:
        return bool(self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")

    def check_after_start(self) -> None:
        """``PRAGMA quick_check`` (the page structure, not the indexes' contents: fast enough
        for every start-up); raises ``DatabaseDamaged`` naming what SQLite found.

        Run once per process start, after a power cut as after a clean stop: WAL with
        ``synchronous=FULL`` survives power loss, a worn SD card may not.
        """
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)").fetchall()]
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            log.critical("database damaged: %s: %s", self.path, "; ".join(rows))
            raise DatabaseDamaged(self.path, rows)

    def close(self) -> None:
        self.conn.close()


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version: the number of migrations applied, as written after migrating."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def integrity_check(conn: sqlite3.Connection, findings: int) -> list[str]:
    """SQLite's full integrity check: ``["ok"]``, or up to ``findings`` problems. Raises what
    reading the file raises (``sqlite3.DatabaseError``: not a database, malformed)."""
    return [str(r[0]) for r in conn.execute(f"PRAGMA integrity_check({int(findings)})")]


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write (``mode=ro``), for long reads off the services thread:
    the audit check and export. Migrates nothing; the ``Store`` of the process has."""
    try:
        return sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as exc:
        _raise_environment_problem(path, exc)
        raise


def _raise_environment_problem(path: Path, exc: sqlite3.Error) -> None:
    """Tell a full disk or an unusable file (the machine's fault) from our own bugs."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code == sqlite3.SQLITE_FULL:
        log.error("disk full: %s: %s", path, exc)
        raise StorageFull(f"{path}: the disk is full; nothing was saved") from exc
    if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        log.critical("database damaged: %s: %s", path, exc)
        raise DatabaseDamaged(path, [str(exc)]) from exc
    if code in _ENVIRONMENT_CODES:
        log.error("database problem: %s: %s", path, exc)
        raise EnvironmentProblem(f"{path}: {exc}") from exc


_ENVIRONMENT_CODES = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_PERM,
}
