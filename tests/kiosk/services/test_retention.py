"""Retention: closed records, sent events, old audit rows, backups and logs deleted on time,
live ones kept; holder names stored masked, phone digits gone when a release ends; the audit
log still verifies (through ``kiosk audit verify``) after a purge, and tampering still shows."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

import pytest

from kiosk.clock import FakeClock
from kiosk.services import housekeeping
from kiosk.services.core import Services
from kiosk.settings import Settings
from kiosk.store import audit
from tests.kiosk.helpers import STAFF, add_release, load, open_and_close
from tests.kiosk.store.test_audit_anchor import tamper, verify_command

DAY = 86400.0
T = TypeVar("T")


def drain(services: Services) -> dict[str, int]:
    """One housekeeping pass as the kiosk runs it, with this thread as the services thread."""

    def call(fn: Callable[[Services], T]) -> Future[T]:
        future: Future[T] = Future()
        future.set_result(fn(services))
        return future

    return housekeeping.run_due(call, services.ctx.settings, threading.Event())


@pytest.fixture
def settings_data(settings: Settings) -> Path:
    return settings.data_path()


def rows(services: Services, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in services.ctx.store.query(sql)]


def test_holder_names_are_kept_masked_and_phone_digits_go_when_the_release_ends(
    services: Services, clock: FakeClock
) -> None:
    add_release(services, "r-1", "11111111")  # stays active
    add_release(services, "r-2", "22222222")  # picked up
    add_release(services, "r-3", "33333333", status="revoked")
    add_release(services, "r-4", "44444444", expires_in_s=3600)
    load(services, "r-2")
    open_and_close(services, services.citizen_doors.begin_pickup("22222222"), item=False)
    assert rows(services, "SELECT release_id, holder_name, phone_last_digits FROM releases") == [
        ("r-1", "N***** V** An", "821"),
        ("r-2", "N***** V** An", None),
        ("r-3", "N***** V** An", None),
        ("r-4", "N***** V** An", "821"),
    ]
    clock.advance(2 * 3600)  # r-4 expires: only the periodic pass sees time pass
    assert drain(services) == {"phone_digits": 1}
    assert rows(services, "SELECT phone_last_digits FROM releases WHERE release_id = 'r-4'") == [
        (None,)
    ]
    assert rows(services, "SELECT action, details FROM audit ORDER BY seq DESC LIMIT 1") == [
        (
            "retention.phone_digits_dropped",
            f'{{"expired_before": "{clock.iso()}", "releases": 1}}',
        )
    ]


def test_closed_records_go_after_retention_and_live_ones_stay(
    services: Services, clock: FakeClock
) -> None:
    add_release(services, "r-1", "11111111", expires_in_s=60 * DAY)  # picked up
    add_release(services, "r-2", "22222222", expires_in_s=60 * DAY)  # still in its door
    add_release(services, "r-3", "33333333", status="revoked")
    add_release(services, "r-5", "55555555", expires_in_s=60 * DAY)  # never loaded, live
    load(services, "r-1")
    load(services, "r-2")
    open_and_close(services, services.citizen_doors.begin_pickup("11111111"), item=False)
    code = "000.00.07.H29-251123-0042"
    kept = services.citizen_doors.begin_dropoff(code, None, verified=False)
    open_and_close(services, kept, item=True)
    taken = services.citizen_doors.begin_dropoff(code, None, verified=False)
    open_and_close(services, taken, item=True)
    open_and_close(services, services.staff_doors.begin_collect(taken.compartment, STAFF), False)
    services.ctx.store.conn.execute("UPDATE outbox SET state = 'sent', sent_at = ?", (clock.iso(),))
    before = rows(services, "SELECT count(*) FROM door_intents")[0][0]

    clock.advance(29 * DAY)
    assert drain(services) == {}
    clock.advance(2 * DAY)
    assert drain(services) == {
        "results": 1,
        "dropoffs": 1,
        "releases": 2,
        "door_intents": before,
        "outbox": 6,
    }
    assert rows(services, "SELECT release_id FROM releases ORDER BY 1") == [("r-2",), ("r-5",)]
    assert rows(services, "SELECT release_id, state FROM results") == [("r-2", "loaded")]
    assert rows(services, "SELECT state FROM dropoffs") == [("received",)]
    assert rows(services, "SELECT count(*) FROM outbox") == [(0,)]
    # One audit record per batch, naming the table and the cut-off.
    cutoff = clock.iso(clock.timestamp() - 30 * DAY)
    assert rows(
        services, "SELECT subject, details FROM audit WHERE action = 'retention.purged'"
    ) == [
        ("results", f'{{"deleted": 1, "ended_before": "{cutoff}"}}'),
        ("dropoffs", f'{{"deleted": 1, "ended_before": "{cutoff}"}}'),
        ("releases", f'{{"deleted": 2, "ended_before": "{cutoff}"}}'),
        ("door_intents", f'{{"deleted": {before}, "ended_before": "{cutoff}"}}'),
        ("outbox", f'{{"deleted": 6, "ended_before": "{cutoff}"}}'),
    ]
    assert audit.verify(services.ctx.store.conn, services.ctx.store.device_key).ok
    assert drain(services) == {}  # nothing left due


def test_pending_and_rejected_events_stay(services: Services, clock: FakeClock) -> None:
    for score in (4, 5, 3):
        services.citizen_doors.submit_rating(score, None, None)
    conn = services.ctx.store.conn
    conn.execute("UPDATE outbox SET state = 'sent', sent_at = ? WHERE seq = 1", (clock.iso(),))
    conn.execute("UPDATE outbox SET state = 'rejected' WHERE seq = 2")
    clock.advance(31 * DAY)
    assert drain(services) == {"outbox": 1}
    assert rows(services, "SELECT state FROM outbox ORDER BY seq") == [("rejected",), ("pending",)]


def test_old_backups_and_rotated_logs_are_deleted(services: Services, clock: FakeClock) -> None:
    data = services.ctx.settings.data_path()
    (data / "backups").mkdir()
    (data / "logs").mkdir(exist_ok=True)
    old = clock.timestamp() - 31 * DAY
    files = {
        "backups/kiosk-20261001-020000.sqlite3": old,
        "backups/kiosk-20261120-020000.sqlite3": clock.timestamp() - 10 * DAY,
        "logs/kiosk.log.1": old,
        "logs/kiosk.log": old,  # the file being written: never
    }
    for name, mtime in files.items():
        (data / name).write_text("x")
        os.utime(data / name, (mtime, mtime))
    assert drain(services) == {"backups": 1, "logs": 1}
    assert sorted(str(p.relative_to(data)) for p in data.glob("*/*")) == [
        "backups/kiosk-20261120-020000.sqlite3",
        "logs/kiosk.log",
    ]


# --- the audit log ------------------------------------------------------------------------------


def logged(services: Services, clock: FakeClock, n: int) -> None:
    with services.ctx.store.transaction() as conn:
        for i in range(n):
            audit.append(
                conn, at=clock.iso(), actor=STAFF, action="result.loaded", subject=f"A{i:02d}"
            )


def purged_log(services: Services, clock: FakeClock) -> int:
    """Rows half a year old (the layout's record at start-up and 12 more), 3 recent ones, and
    a purge; returns the checkpoint's row."""
    logged(services, clock, 12)
    (old,) = rows(services, "SELECT max(seq) FROM audit")[0]
    clock.advance(181 * DAY)
    logged(services, clock, 3)
    assert drain(services) == {"audit": old}
    assert rows(services, "SELECT base_seq FROM audit_anchor") == [(old,)]
    return int(old)  # type: ignore[call-overload]


def test_after_a_purge_the_log_verifies_from_its_checkpoint(
    services: Services, clock: FakeClock, settings_data: Path
) -> None:
    base = purged_log(services, clock)
    head = base + 4
    assert rows(services, "SELECT min(seq), max(seq), count(*) FROM audit") == [(base + 1, head, 4)]
    (summary,) = rows(services, f"SELECT action, subject FROM audit WHERE seq = {head}")
    assert summary == ("retention.purged", "audit")
    assert verify_command(settings_data) == (
        0,
        f"audit log ok: 4 rows, chain intact, from the checkpoint at row {base},"
        f" head anchored at row {head}",
    )


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        # The first kept row removed as well: a gap after the checkpoint.
        (["DELETE FROM audit WHERE seq = {first}"], "row {first} is missing"),
        (["UPDATE audit SET subject = 'B09' WHERE seq = {second}"], "row {second} was altered"),
        (
            ["DELETE FROM audit WHERE seq > {second}"],
            "the newest rows were deleted: the anchor names row {head}, the log ends at row"
            " {second}",
        ),
        # Hiding a deletion by moving the checkpoint needs the device key.
        (
            [
                "DELETE FROM audit WHERE seq = {first}",
                "UPDATE audit_anchor SET base_seq = {first},"
                " base_hash = (SELECT prev_hash FROM audit WHERE seq = {second})",
            ],
            "the anchor's MAC does not match this kiosk's device key: the anchor was rewritten"
            " outside the kiosk (or device.key was replaced)",
        ),
    ],
    ids=["first-kept-row-deleted", "kept-row-altered", "truncated", "checkpoint-moved"],
)
def test_after_a_purge_tampering_is_still_named(
    services: Services, clock: FakeClock, settings_data: Path, sql: list[str], said: str
) -> None:
    base = purged_log(services, clock)
    at = {"first": base + 1, "second": base + 2, "head": base + 4}
    tamper(settings_data, *(statement.format(**at) for statement in sql))
    code, text = verify_command(settings_data)
    assert code == 1
    assert text.startswith("audit log BROKEN at row ") and text.endswith(said.format(**at))


@pytest.mark.logs(logging.ERROR)
def test_a_broken_stretch_is_never_purged_away(
    services: Services, clock: FakeClock, settings_data: Path
) -> None:
    logged(services, clock, 12)
    tamper(settings_data, "UPDATE audit SET subject = 'B09' WHERE seq = 5")
    clock.advance(181 * DAY)
    assert drain(services) == {}
    assert rows(services, "SELECT min(seq), max(seq) FROM audit") == [(1, 13)]
    assert verify_command(settings_data) == (1, "audit log BROKEN at row 5: row 5 was altered")


def test_the_anchor_keeps_a_purge_from_deleting_uncovered_rows(services: Services) -> None:
    logged(services, FakeClock(), 3)
    with (
        pytest.raises(sqlite3.IntegrityError, match="append-only"),
        services.ctx.store.transaction() as conn,
    ):
        conn.execute("DELETE FROM audit WHERE seq <= 2")


def test_an_older_database_has_its_names_masked_and_ended_digits_dropped_on_migration(
    tmp_path: Path,
) -> None:
    from sqlite_utils import Database

    from kiosk.store import Store
    from kiosk.store.schema import MIGRATIONS

    path = tmp_path / "kiosk.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    audit.bind_device_key(conn, b"k" * 32)
    MIGRATIONS.apply(Database(conn), stop_before="m003_privacy")
    for release_id, status, used in (("r-1", "released", 0), ("r-2", "released", 1)):
        conn.execute(
            "INSERT INTO releases (release_id, version, status, dossier_code, procedure_name,"
            " holder_name, phone_last_digits, expires_at, expires_ts, otp_used, received_at)"
            " VALUES (?, 1, ?, 'C', 'P', 'Trần Thị Bình', '821', 't', 0, ?, 't')",
            (release_id, status, used),
        )
    conn.close()
    store = Store(path, device_key=b"k" * 32)
    try:
        assert [
            tuple(r) for r in store.query("SELECT holder_name, phone_last_digits FROM releases")
        ] == [
            ("T*** T** Bình", "821"),
            ("T*** T** Bình", None),
        ]
    finally:
        store.close()
