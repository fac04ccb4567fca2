"""Which schema a database file holds, against the migrations this release knows.

A database migrated by a newer release (a rollback that did not restore the upgrade's backup)
is refused before anything writes to it: migrating it would stamp this release's smaller
version over tables and rows it does not understand. Two signs, either enough: ``PRAGMA
user_version`` above the number of migrations known here, or a migration of our set recorded
in ``_sqlite_migrations`` that this release does not have.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from kiosk.errors import DatabaseTooNew
from kiosk.store.schema import MIGRATIONS

#: Every migration this release has, in order; the newest schema version is their number.
KNOWN = tuple(m.name for m in MIGRATIONS.pending(Database(memory=True)))
KNOWN_VERSION = len(KNOWN)


def refuse_newer(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ``DatabaseTooNew`` when ``conn``'s database is from a newer release; reads only."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    unknown = [m.name for m in MIGRATIONS.applied(Database(conn)) if m.name not in KNOWN]
    if found > KNOWN_VERSION or unknown:
        raise DatabaseTooNew(path, max(found, KNOWN_VERSION + len(unknown)), KNOWN_VERSION, unknown)
