"""Doctor's storage checks: free disk, the database, its audit chain, the device key.

The database is opened read-only (``mode=ro``): doctor never creates or migrates it, which
``kiosk.store.Store`` would do on open. Reading a WAL database still makes its ``-wal`` and
``-shm`` side files if they are missing, as any reader does.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from kiosk.doctor.devices import Published
from kiosk.doctor.findings import AS_KIOSK_USER, KIOSK_USER, Finding, fail, ok, warn
from kiosk.paths import DEVICE_KEY_NAME
from kiosk.services.otp_key import KEY_BYTES
from kiosk.store import audit, kv
from kiosk.store.db import integrity_check, user_version
from kiosk.store.schema import MIGRATIONS

DISK = "disk"
DATABASE = "database"
AUDIT = "audit log"
DEVICE_KEY = "device key"
#: Below this the kiosk is about to stop saving (a full disk saves nothing): FAIL.
DISK_FAIL_MB = 200
#: Below this there is no room for an upgrade's database backup and a few weeks of logs: WARN.
DISK_WARN_MB = 1000
MB = 1_000_000
INTEGRITY_FINDINGS = 20  # SQLite stops listing problems after this many
BUSY_TIMEOUT_S = 5.0

DAMAGED_FIX = (
    "stop the kiosk (it will not serve from a damaged file), keep a copy of the file for the"
    " help desk, and follow docs/deployment.md, 'A damaged database'; a failing SD card is the"
    " usual cause"
)


# --- disk -------------------------------------------------------------------------------------


def check_disk(
    data_dir: Path, *, fail_below_mb: int = DISK_FAIL_MB, warn_below_mb: int = DISK_WARN_MB
) -> Finding:
    """Free space on the data directory's filesystem, and whether the directory takes a file."""
    existing = next(p for p in (data_dir, *data_dir.parents) if p.exists())
    free_mb = shutil.disk_usage(existing).free / MB
    where = f"{free_mb:,.0f} MB free for {data_dir}"
    if existing == data_dir:
        try:
            with tempfile.TemporaryFile(dir=data_dir):
                pass
        except OSError as exc:
            return fail(
                DISK,
                f"{data_dir} is not writable ({exc.strerror})",
                "if the filesystem turned read-only (`mount | grep ' ro,'`), the SD card or disk"
                f" is failing: replace it; otherwise give the directory to the kiosk's user:"
                f" `sudo chown -R {KIOSK_USER}: {data_dir}`",
            )
    else:
        where += " (not created yet: the kiosk makes it on first start)"
    free_fix = (
        "free some space: `sudo journalctl --vacuum-size=100M`, `sudo apt clean`, old exports"
        " and backups; `sudo du -xh / | sort -h | tail` shows what is big"
    )
    if free_mb < fail_below_mb:
        return fail(
            DISK,
            f"{where}: under {fail_below_mb} MB, the kiosk may soon save nothing",
            free_fix,
        )
    if free_mb < warn_below_mb:
        return warn(DISK, f"{where}: under {warn_below_mb} MB", free_fix)
    return ok(DISK, where)


# --- the database -----------------------------------------------------------------------------


#: The database opened read-only, why it would not open, or None when there is none yet.
Opened = sqlite3.Connection | sqlite3.Error | None


def open_read_only(path: Path) -> Opened:
    if not path.exists():
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        return exc


@dataclass(frozen=True)
class StoredFacts:
    """What doctor needs from the kiosk's ``kv`` table; nothing when it cannot be read."""

    clock_floor: float = 0.0
    staff_etag: str | None = None
    published: Published | None = None


def read_facts(conn: Opened, now: float) -> StoredFacts:
    if not isinstance(conn, sqlite3.Connection):
        return StoredFacts()
    try:
        health = kv.get(conn, kv.Key.DEVICE_HEALTH)
        at = kv.get(conn, kv.Key.DEVICE_HEALTH_AT)
        devices = json.loads(health) if health else None
        # A clock set back while the kiosk runs would give a negative age: it did just write.
        age = max(now - float(at), 0.0) if at else None
        return StoredFacts(
            clock_floor=kv.clock_floor(conn),
            staff_etag=kv.get(conn, kv.Key.STAFF_ETAG),
            published=Published(devices, age) if isinstance(devices, dict) else None,
        )
    except (sqlite3.Error, ValueError):
        return StoredFacts()  # the database check says what is wrong with it


def check_database(path: Path, conn: Opened) -> Finding:
    """SQLite's full integrity check, then the schema version against this software's."""
    if conn is None:
        return warn(
            DATABASE,
            f"{path} not created yet",
            "start the kiosk once: it creates the database and the device key",
        )
    if isinstance(conn, sqlite3.Error):
        return _unreadable(path, conn)
    try:
        rows = integrity_check(conn, INTEGRITY_FINDINGS)
    except sqlite3.OperationalError as exc:  # cannot open or read it: not the file's fault
        return _unreadable(path, exc)
    except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
        rows = [str(exc)]
    if rows != ["ok"]:
        more = f" (and {len(rows) - 3} more)" if len(rows) > 3 else ""
        return fail(DATABASE, f"{path} is damaged: {'; '.join(rows[:3])}{more}", DAMAGED_FIX)
    db = Database(conn)
    known = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
    applied = [m.name for m in MIGRATIONS.applied(db)]
    version = user_version(conn)
    size = f"{path.stat().st_size / MB:,.1f} MB"
    unknown = [name for name in applied if name not in known]
    if unknown:
        return fail(
            DATABASE,
            f"{path} was made by a newer kiosk version (unknown migrations: {', '.join(unknown)})",
            "install that version again, or restore the backup `kiosk migrate` took before it",
        )
    pending = [name for name in known if name not in applied]
    if pending:
        return warn(
            DATABASE,
            f"integrity ok, {size}; schema version {version}, {len(pending)} migration(s)"
            f" pending ({', '.join(pending)})",
            "with the kiosk stopped, run `kiosk migrate` (it backs the database up first)",
        )
    return ok(DATABASE, f"integrity ok, {size}, schema version {version} (current)")


def _unreadable(path: Path, exc: sqlite3.Error) -> Finding:
    return fail(
        DATABASE,
        f"cannot read {path}: {exc}",
        f"{AS_KIOSK_USER}; the data directory and its files must belong to that user",
    )


def check_audit(conn: Opened, data_dir: Path) -> Finding:
    """The hash chain, and its anchor under the device key (when the key can be read)."""
    if conn is None:
        return ok(AUDIT, "no database yet")
    if isinstance(conn, sqlite3.Error):
        return fail(AUDIT, "cannot be read", "see the database line")
    try:
        key: bytes | None = (data_dir / DEVICE_KEY_NAME).read_bytes()
    except OSError:
        key = None  # the device key's own line says why
    if key is not None and len(key) != KEY_BYTES:
        key = None
    try:
        report = audit.verify(conn, key)
    except sqlite3.DatabaseError as exc:
        return fail(AUDIT, f"cannot be read: {exc}", "see the database line")
    if report.ok:
        anchored = (
            f", head anchored at row {report.head_seq}"
            if report.anchor_checked
            else "; anchor not checked (see the device key line)"
        )
        return ok(AUDIT, f"{report.rows} rows, hash chain intact{anchored}")
    return fail(
        AUDIT,
        f"hash chain broken at row {report.first_bad_seq}: {report.reason}",
        "audit rows were changed or removed outside the kiosk, or the file is damaged: do not"
        " edit it further; copy it off (`kiosk diag export DIR`) and report it to the ward's"
        " office",
    )


# --- the device key -----------------------------------------------------------------------------


def check_device_key(data_dir: Path, *, database_exists: bool) -> Finding:
    """Present, the right size, readable by us and by nobody else (mode 0600)."""
    path = data_dir / DEVICE_KEY_NAME
    try:
        info = path.stat()
    except FileNotFoundError:
        if not database_exists:
            return warn(DEVICE_KEY, f"{path} not made yet", "start the kiosk once")
        return fail(
            DEVICE_KEY,
            f"{path} is missing but the database exists: codes synced so far cannot be checked",
            "restore device.key (mode 0600) from this kiosk's backup; without it, call the help"
            " desk: the results must be synced again from scratch",
        )
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        return fail(
            DEVICE_KEY,
            f"{path} has mode {mode:04o}: other users can read the key",
            f"`chmod 600 {path}` (the kiosk also does this when it starts)",
        )
    if info.st_size != KEY_BYTES:
        return fail(
            DEVICE_KEY,
            f"{path} is damaged ({info.st_size} bytes, expected {KEY_BYTES})",
            "restore device.key from this kiosk's backup; without it, call the help desk",
        )
    if not os.access(path, os.R_OK):
        return fail(
            DEVICE_KEY,
            f"{path} is not readable by this user (owner uid {info.st_uid})",
            f"{AS_KIOSK_USER}; the key must belong to that user",
        )
    return ok(DEVICE_KEY, f"{path}, mode {mode:04o}")
