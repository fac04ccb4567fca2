"""``kiosk migrate``: back up the database, then bring its schema up to date.

The upgrade step of ``deploy/install.sh`` (with both services stopped). Every process also
migrates when it opens the store; doing it here first means an upgrade that fails, fails in
front of the technician, with a backup beside it, not in a restart loop at night.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from kiosk.commands.common import settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "migrate", help="back up the database into DATA_DIR/backups and apply schema migrations"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.paths import BACKUP_DIR_NAME, DATABASE_NAME
    from kiosk.store import Store
    from kiosk.store.backups import backup_database, pending_migrations

    settings = settings_from(args)
    path = settings.data_path() / DATABASE_NAME
    existed = path.exists()
    pending = pending_migrations(path)
    if existed:
        backup = backup_database(path, settings.data_path() / BACKUP_DIR_NAME, datetime.now())
        print(f"backup: {backup}")
    store = Store(path)
    try:
        store.check_after_start()
        version = store.schema_version()
    finally:
        store.close()
    if not existed:
        print(f"database created: {path} (schema version {version})")
    elif pending:
        print(f"database migrated: {path}: applied {', '.join(pending)} (now version {version})")
    else:
        print(f"database up to date: {path} (schema version {version})")
    return 0
