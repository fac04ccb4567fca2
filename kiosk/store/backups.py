"""Copies of the database taken before an upgrade migrates it, and which migrations are due."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from kiosk.store.schema import MIGRATIONS
from kiosk.store.versions import KNOWN, refuse_newer

log = logging.getLogger(__name__)

BACKUP_GLOB = "kiosk-*.sqlite3"
#: Enough to step back over a few upgrades, few enough for an 8 GB SD card.
KEEP_BACKUPS = 5


def pending_migrations(path: Path) -> list[str]:
    """Names of the migrations ``path`` still lacks, read without writing (a fresh file lacks
    them all). Raises ``DatabaseTooNew`` for a database from a newer release, before any
    backup is taken (which would prune an older one, perhaps the one a rollback needs)."""
    if not path.exists():
        return list(KNOWN)
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        refuse_newer(conn, path)
        return [m.name for m in MIGRATIONS.pending(Database(conn))]
    finally:
        conn.close()


def backup_database(path: Path, dest: Path, at: datetime, keep: int = KEEP_BACKUPS) -> Path:
    """A consistent copy of ``path`` in ``dest`` (SQLite's online backup: safe while the other
    process writes), then only the newest ``keep`` copies are kept."""
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / f"kiosk-{at:%Y%m%d-%H%M%S}.sqlite3"
    source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    for old in sorted(dest.glob(BACKUP_GLOB))[:-keep]:
        old.unlink()
        log.info("removed old backup %s", old)
    log.info("database backed up to %s", target)
    return target
