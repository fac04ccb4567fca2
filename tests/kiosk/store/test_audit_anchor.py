"""The audit log's anchor: what someone with the data directory and ``sqlite3`` can do to the
rows, and what ``kiosk audit verify`` (a real process) says about each."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from kiosk.store import Store, audit
from kiosk.store.schema import MIGRATIONS

DB = "kiosk.sqlite3"


def logged(tmp_path: Path, rows: int = 5) -> None:
    store = Store(tmp_path / DB)
    with store.transaction() as conn:
        for i in range(1, rows + 1):
            audit.append(
                conn,
                at=f"2026-11-23T21:0{i}:00+07:00",
                actor="staff:cb-0142",
                action="result.loaded",
                subject=f"A0{i}",
                details={"n": i},
            )
    store.close()


def tamper(tmp_path: Path, *sql: str) -> None:
    """What a person with the file does: drop the triggers, change rows."""
    conn = sqlite3.connect(tmp_path / DB, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    conn.execute("DROP TRIGGER IF EXISTS audit_anchor_no_delete")
    for statement in sql:
        conn.execute(statement)
    conn.close()


def recompute_from(tmp_path: Path, seq: int) -> None:
    """Rewrite every hash from row ``seq`` on with the public row format (plain SHA-256)."""
    conn = sqlite3.connect(tmp_path / DB, isolation_level=None)
    prev = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq - 1,)).fetchone()[0]
    rows = conn.execute(
        "SELECT seq, at, actor, action, subject, details FROM audit WHERE seq >= ? ORDER BY seq",
        (seq,),
    ).fetchall()
    for row in rows:
        digest = audit._digest(*row, prev)
        conn.execute(
            "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, row[0])
        )
        prev = digest
    conn.close()


def verify_command(tmp_path: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "audit", "verify"],
        env={**os.environ, "KIOSK_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout.strip()


def test_an_intact_log_verifies_with_its_head_anchored(tmp_path: Path) -> None:
    logged(tmp_path)
    assert verify_command(tmp_path) == (
        0,
        "audit log ok: 5 rows, chain intact, head anchored at row 5",
    )


def test_deleting_the_newest_rows_is_named(tmp_path: Path) -> None:
    logged(tmp_path)
    tamper(tmp_path, "DELETE FROM audit WHERE seq > 3")
    assert verify_command(tmp_path) == (
        1,
        "audit log BROKEN at row 4: the newest rows were deleted: the anchor names row 5,"
        " the log ends at row 3",
    )
    # The kiosk goes on from the anchor, so its next record cannot paper over the gap.
    store = Store(tmp_path / DB)
    with store.transaction() as conn:
        assert audit.append(conn, at="t", actor="citizen", action="x", subject="-") == 6
    report = audit.verify(store.conn, store.device_key)
    store.close()
    assert (report.finding, report.first_bad_seq) == (audit.Finding.MISSING, 4)


def test_an_edit_with_every_later_hash_recomputed_is_named(tmp_path: Path) -> None:
    logged(tmp_path)
    tamper(tmp_path, "UPDATE audit SET subject = 'B09' WHERE seq = 2")
    recompute_from(tmp_path, 2)
    code, text = verify_command(tmp_path)
    assert code == 1
    assert text == (
        "audit log BROKEN at row 1: the chain was recomputed: it is consistent, but row 5's"
        " hash is not the anchored one, so rows between 1 and 5 were rewritten outside the kiosk"
    )


def test_an_anchor_rewritten_without_the_device_key_is_named(tmp_path: Path) -> None:
    logged(tmp_path)
    tamper(tmp_path, "DELETE FROM audit WHERE seq > 3")
    # ... and the anchor moved back to row 3, signed with a key that is not this kiosk's.
    head = sqlite3.connect(tmp_path / DB).execute("SELECT hash FROM audit WHERE seq = 3")
    digest = head.fetchone()[0]
    mac = audit.anchor_mac(audit.anchor_key(b"x" * 32), 0, audit.GENESIS, 3, digest)
    tamper(tmp_path, f"UPDATE audit_anchor SET head_seq = 3, head_hash = '{digest}', mac = '{mac}'")
    assert verify_command(tmp_path) == (
        1,
        "audit log BROKEN at row 1: the anchor's MAC does not match this kiosk's device key:"
        " the anchor was rewritten outside the kiosk (or device.key was replaced)",
    )


def test_a_removed_anchor_and_rows_added_outside_the_kiosk_are_named(tmp_path: Path) -> None:
    logged(tmp_path, rows=2)
    store = Store(tmp_path / DB)
    last = store.one("SELECT hash FROM audit WHERE seq = 2")
    assert last is not None
    details = json.dumps({})
    digest = audit._digest(3, "t", "citizen", "x", "-", details, last[0])
    store.close()
    tamper(
        tmp_path,
        "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash)"
        f" VALUES (3, 't', 'citizen', 'x', '-', '{details}', '{last[0]}', '{digest}')",
    )
    assert verify_command(tmp_path) == (
        1,
        "audit log BROKEN at row 3: rows 3–3 were added outside the kiosk, after the anchored"
        " head (row 2)",
    )
    tamper(tmp_path, "DELETE FROM audit_anchor")
    code, text = verify_command(tmp_path)
    assert code == 1 and "the anchor (audit_anchor) was removed outside the kiosk" in text


def test_an_older_database_is_anchored_where_its_chain_stands(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB, isolation_level=None)
    MIGRATIONS.apply(Database(conn), stop_before="m002_audit_anchor")
    prev = audit.GENESIS
    for seq in (1, 2):
        digest = audit._digest(seq, "t", "citizen", "x", "-", "{}", prev)
        conn.execute(
            "INSERT INTO audit VALUES (?, 't', 'citizen', 'x', '-', '{}', ?, ?)",
            (seq, prev, digest),
        )
        prev = digest
    conn.close()
    store = Store(tmp_path / DB)  # migrates
    report = audit.verify(store.conn, store.device_key)
    store.close()
    assert (report.ok, report.rows, report.head_seq) == (True, 2, 2)


def test_chunks_see_one_snapshot(tmp_path: Path) -> None:
    logged(tmp_path, rows=7)
    store = Store(tmp_path / DB)
    report = audit.verify(store.conn, store.device_key, chunk_rows=2)
    store.close()
    assert (report.ok, report.rows) == (True, 7)


def test_a_middle_edit_is_still_named_first(tmp_path: Path) -> None:
    logged(tmp_path)
    tamper(tmp_path, "UPDATE audit SET actor = 'me' WHERE seq = 4")
    assert verify_command(tmp_path) == (1, "audit log BROKEN at row 4: row 4 was altered")
