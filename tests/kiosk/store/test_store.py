"""The SQLite store: crash-safe settings, migrations, the audit chain, a full disk."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from kiosk.errors import StorageFull
from kiosk.services import releases
from kiosk.store import Store, audit
from kiosk.store.schema import MIGRATIONS


def test_every_connection_is_wal_with_full_sync(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite3")
    assert store.one("PRAGMA journal_mode")[0] == "wal"  # type: ignore[index]
    assert store.one("PRAGMA synchronous")[0] == 2  # type: ignore[index]  # FULL
    assert store.schema_version() == len(MIGRATIONS.applied(store.db)) >= 1
    version = store.schema_version()
    store.close()
    again = Store(tmp_path / "k.sqlite3")  # reopening applies nothing twice
    assert again.schema_version() == version


def test_audit_log_is_append_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite3")
    with store.transaction() as conn:
        audit.append(conn, at="t", actor="citizen", action="x", subject="A01")
    for sql in ("UPDATE audit SET actor = 'me'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.transaction() as c:
            c.execute(sql)


def test_verify_names_the_first_bad_row(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite3")
    with store.transaction() as conn:
        for i in range(5):
            audit.append(
                conn, at="t", actor="citizen", action="x", subject=f"A0{i}", details={"n": i}
            )
    assert audit.verify(store.conn).ok
    # Someone with the file and sqlite3 drops the trigger and edits row 3.
    store.conn.execute("DROP TRIGGER audit_no_update")
    store.conn.execute("UPDATE audit SET subject = 'B09' WHERE seq = 3")
    report = audit.verify(store.conn)
    assert (report.first_bad_seq, report.reason) == (3, "row 3 was altered")
    store.conn.execute("DROP TRIGGER audit_no_delete")
    store.conn.execute("DELETE FROM audit WHERE seq = 2")
    assert audit.verify(store.conn).first_bad_seq == 2


@pytest.mark.logs(logging.ERROR)
def test_a_full_disk_is_told_apart_and_loses_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.sqlite3")
    with store.transaction() as conn:
        audit.append(conn, at="t", actor="citizen", action="kept", subject="A01")
    pages = store.one("PRAGMA page_count")[0]  # type: ignore[index]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StorageFull, match="disk is full"), store.transaction() as conn:
        audit.append(
            conn,
            at="t",
            actor="citizen",
            action="lost",
            subject="A02",
            details={"pad": "x" * 100_000},
        )
    assert [r[0] for r in store.query("SELECT action FROM audit")] == ["kept"]
    assert audit.verify(store.conn).ok


def test_a_code_is_looked_up_through_the_index_of_its_hash(tmp_path: Path) -> None:
    """Pickup's look-up stays a search as the table grows (migration m009, constant propagation
    in SQLite's planner would otherwise turn it into a scan of every release)."""
    store = Store(tmp_path / "k.sqlite3")
    plan = [r[3] for r in store.query(f"EXPLAIN QUERY PLAN {releases.BY_OTP_HASH}", ("ab", "c"))]
    assert plan[0] == "SEARCH releases USING INDEX releases_otp_hash_prefix (<expr>=?)", plan
