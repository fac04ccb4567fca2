"""The privacy rules as the ``releases`` table enforces them (migration m010): whoever writes a
row, a full name or the phone digits of an ended code are refused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.store import Store, audit, privacy
from kiosk.store.privacy import mask_name
from kiosk.store.schema import MIGRATIONS, OTHER_WHITESPACE

INSERT = (
    "INSERT INTO releases (release_id, version, status, dossier_code, procedure_name,"
    " holder_name, phone_last_digits, otp_hash, expires_at, expires_ts, otp_used, received_at)"
    " VALUES (?, 1, ?, 'C', 'P', ?, ?, 'ab12', 't', 0, ?, 't')"
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "kiosk.sqlite3", device_key=b"k" * 32)


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Văn An", "N***** Văn An", "Nguyễn\tVăn", "N*****\u00a0V** An", "Trần  Thị Bình"],
)
def test_a_name_not_masked_is_refused(store: Store, name: str) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="holder_name"), store.transaction() as c:
        c.execute(INSERT, ("r-1", "released", name, "821", 0))
    assert store.query("SELECT * FROM releases") == []


@pytest.mark.parametrize("name", ["Nguyễn Văn An", "An", "Nguyễn Thị Minh Khai", " Lý  A "])
def test_a_masked_name_is_kept_as_written(store: Store, name: str) -> None:
    with store.transaction() as c:
        c.execute(INSERT, ("r-1", "released", mask_name(name), "821", 0))
    assert store.query("SELECT holder_name FROM releases")[0][0] == mask_name(name)


@pytest.mark.parametrize(("status", "used"), [("revoked", 0), ("released", 1)])
def test_the_digits_of_an_ended_code_are_refused(store: Store, status: str, used: int) -> None:
    refused = pytest.raises(sqlite3.IntegrityError, match="phone_last_digits")
    with refused, store.transaction() as c:
        c.execute(INSERT, ("r-1", status, "N***** V** An", "821", used))
    with store.transaction() as c:  # without them the row is fine
        c.execute(INSERT, ("r-1", status, "N***** V** An", None, used))
        with pytest.raises(sqlite3.IntegrityError, match="phone_last_digits"):
            c.execute("UPDATE releases SET phone_last_digits = '821'")


def test_the_other_whitespace_class_is_what_mask_name_splits_on() -> None:
    conn = sqlite3.connect(":memory:")
    spaces = [chr(i) for i in range(0x110000) if chr(i).isspace() and i != 0x20]
    matched = conn.execute(
        "SELECT count(*) FROM json_each(?) WHERE value GLOB ?",
        (json.dumps(spaces), f"[{OTHER_WHITESPACE}]"),
    ).fetchone()[0]
    assert matched == len(spaces)
    # Its ranges end where they should: the characters either side of each are not in it.
    edges = [" ", "\x08", "\x0e", "\x1b", "\x20", "\u1fff", "\u200b", "\u3001", "a", "*"]
    assert not [
        e
        for e in edges
        if conn.execute("SELECT ? GLOB ?", (e, f"[{OTHER_WHITESPACE}]")).fetchone()[0]
    ]


def test_the_rebuild_keeps_every_row_and_what_references_it(tmp_path: Path) -> None:
    """A database of the release before (m009: triggers) with a loaded result: after m010 the
    rows are the same, the result still points at its release, and the triggers are gone."""
    path = tmp_path / "kiosk.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    audit.bind_device_key(conn, b"k" * 32)
    privacy.bind_functions(conn)
    MIGRATIONS.apply(Database(conn), stop_before="m010_privacy_checks")
    for release_id, status, used in (("r-1", "released", 0), ("r-2", "released", 1)):
        conn.execute(INSERT, (release_id, status, "Trần Thị Bình", "821", used))
    conn.execute(
        "INSERT INTO compartments (label, size, board, lock, col, row, height, updated_at)"
        " VALUES ('A01', 'S', 0, 1, 0, 0, 'low', 't')"
    )
    conn.execute(
        "INSERT INTO results (release_id, compartment, state, loaded_at, loaded_ts, loaded_by)"
        " VALUES ('r-1', 'A01', 'loaded', 't', 0, 'staff:x')"
    )
    conn.close()

    store = Store(path, device_key=b"k" * 32)
    rows = store.query(
        "SELECT release_id, holder_name, phone_last_digits, otp_used FROM releases"
        " ORDER BY release_id"
    )
    assert [tuple(r) for r in rows] == [
        ("r-1", "T*** T** Bình", "821", 0),
        ("r-2", "T*** T** Bình", None, 1),
    ]
    assert store.query("PRAGMA foreign_key_check") == []
    assert store.one("PRAGMA foreign_keys")[0] == 1  # type: ignore[index]
    joined = store.query("SELECT r.release_id FROM results JOIN releases r USING (release_id)")
    assert [r[0] for r in joined] == ["r-1"]
    objects = {
        r[0] for r in store.query("SELECT name FROM sqlite_master WHERE tbl_name = 'releases'")
    }
    assert objects == {
        "releases",
        "sqlite_autoindex_releases_1",
        "releases_dossier_code",
        "releases_otp_hash_prefix",
    }
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as c:
        c.execute("DELETE FROM releases WHERE release_id = 'r-1'")  # its result still holds it
    store.close()


def test_a_rebuild_committed_but_not_recorded_runs_again_and_loses_nothing(tmp_path: Path) -> None:
    """A power cut between m010's commit and the runner's record of it: the next open rebuilds
    the table again, from the table as it is."""
    path = tmp_path / "kiosk.sqlite3"
    store = Store(path, device_key=b"k" * 32)
    with store.transaction() as c:
        c.execute(INSERT, ("r-1", "released", "N***** V** An", "821", 0))
        c.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_privacy_checks'")
    store.close()
    again = Store(path, device_key=b"k" * 32)
    assert [
        tuple(r) for r in again.query("SELECT release_id, phone_last_digits FROM releases")
    ] == [("r-1", "821")]
    assert again.schema_version() == len(MIGRATIONS.applied(again.db))
    again.close()
