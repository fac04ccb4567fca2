"""A feed that one bad item cannot stop (central-api.md, GET releases: "each item stands on its
own"): an item the kiosk cannot accept is set aside for technicians, without its OTP digits,
with one alarm and a line in ``kiosk status``; the rest of the page applies and the cursor moves.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from hub.sim.seed import DEMO_KIOSK_ID, DEMO_TOKEN
from kiosk.services.alarms import FEED_ITEM_SET_ASIDE
from kiosk.store import Store
from kiosk.store.kv import Key
from sync.agent import Step, SyncAgent
from tests.kiosk_command import run_kiosk
from tests.sync.helpers import kv_value, scalar

ROOT = Path(__file__).resolve().parents[2]
KIOSK = DEMO_KIOSK_ID
OTP = "48213377"  # the bad item's code: it must appear nowhere on the kiosk


def item(release_id: str, **fields: Any) -> dict[str, Any]:
    """A valid release item, as the contract's example, with ``fields`` changed."""
    return {
        "release_id": release_id,
        "version": 3,
        "status": "released",
        "dossier_code": "000.00.07.H29-251123-0001",
        "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "holder_name": "Nguyễn Văn An",
        "phone_last_digits": "821",
        "otp": OTP,
        "expires_at": "2026-12-30T17:00:00+07:00",
        "size_hint": "M",
    } | fields


def kiosk(data: Path, server: CentralSimServer, *args: str) -> subprocess.CompletedProcess[str]:
    """``kiosk <args>`` as a technician runs it: its own process, configured by environment."""
    env = os.environ | {
        "KIOSK_CENTRAL_URL": server.url,
        "KIOSK_ID": KIOSK,
        "KIOSK_TOKEN": DEMO_TOKEN,
        "KIOSK_DATA_DIR": str(data),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("KIOSK_CONFIG", None)
    return run_kiosk(*args, env=env, timeout=60, cwd=ROOT)


def test_sync_once_sets_a_malformed_item_aside_and_applies_the_rest_of_the_page(
    server: CentralSimServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    # The page: the 36 demo releases, a malformed item, an item at version 0, one more release.
    server.sim.feed.publish_raw(KIOSK, item("r-bad001", version="3"))
    server.sim.feed.publish_raw(KIOSK, item("r-zero01", version=0, otp="11223344"))
    last = server.sim.release(
        KIOSK,
        dossier_code="000.00.07.H29-251123-0002",
        procedure_name="Cấp phiếu lý lịch tư pháp",
        holder_name="Trần Thị Bình",
    )

    done = kiosk(data, server, "sync", "--once")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0].split(None, 2) == [
        "releases",
        "ok",
        "38 applied, 0 unchanged, 1 set aside (see kiosk status) in 1 page(s)",
    ]
    assert "set aside release item r-bad001: version: Input should be a valid integer" in (
        done.stderr
    )
    store = Store(data / "kiosk.sqlite3")
    try:
        assert scalar(store, "SELECT count(*) FROM releases") == 38
        zero = store.one("SELECT version, status FROM releases WHERE release_id = 'r-zero01'")
        assert zero is not None and tuple(zero) == (0, "released")
        assert store.one("SELECT 1 FROM releases WHERE release_id = ?", (last.release_id,))
        assert store.one("SELECT 1 FROM releases WHERE release_id = 'r-bad001'") is None
        assert kv_value(store, Key.RELEASES_CURSOR) == "c-000039"
        row = store.one("SELECT * FROM set_aside")
        assert row is not None
        assert (row["feed"], row["item_key"], row["version"]) == ("releases", "r-bad001", None)
        assert row["error"] == "version: Input should be a valid integer"
        kept = json.loads(row["item"])
        assert kept["otp"] == "<withheld: str of 8 characters>"
        assert kept["phone_last_digits"] == "<withheld: str of 3 characters>"
        assert (kept["holder_name"], kept["version"]) == ("N***** V** An", "3")
        alarms = store.query("SELECT kind, subject, details FROM alarms")
        assert [(a["kind"], a["subject"]) for a in alarms] == [
            (FEED_ITEM_SET_ASIDE, "release:r-bad001")
        ]
        # A local alarm: the contract has no kind for it, so no alarm.raised goes out.
        assert scalar(store, "SELECT count(*) FROM outbox WHERE type = 'alarm.raised'") == 0
    finally:
        store.close()
    assert not [e for e in server.sim.events(KIOSK) if e["type"] == "alarm.raised"]
    files = b"".join(p.read_bytes() for p in data.iterdir() if p.is_file())
    assert OTP.encode() not in files and OTP not in done.stderr + done.stdout

    status = kiosk(data, server, "status")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert "set aside        1 feed item(s) the kiosk could not accept" in lines
    assert any(
        line.startswith("  - releases r-bad001: version: Input should be a valid integer (since ")
        for line in lines
    ), status.stdout
    assert f"  - {FEED_ITEM_SET_ASIDE} release:r-bad001 since " in status.stdout
    as_json = json.loads(kiosk(data, server, "status", "--json").stdout)
    assert [(i["feed"], i["key"], i["version"]) for i in as_json["set_aside"]] == [
        ("releases", "r-bad001", None)
    ]


@pytest.mark.logs(logging.WARNING)
def test_the_same_item_again_raises_no_second_alarm_and_a_valid_version_resolves_it(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.feed.publish_raw(KIOSK, item("r-bad001", otp=None))  # released without its code
    first = agent.run_once()
    assert first.ok and "1 set aside" in first.steps[Step.RELEASES].detail

    # The cursor forgotten (410): the whole feed comes again, the bad item with it.
    server.sim.faults.add(Fault(FaultKind.EXPIRE_CURSOR, Endpoint.RELEASES))
    server.sim.release(
        KIOSK, dossier_code="000.00.07.H29-251123-0003", procedure_name="Khác", holder_name="An"
    )
    again = agent.run_once()

    assert again.ok and "set aside" not in again.steps[Step.RELEASES].detail
    assert "after a resync" in again.steps[Step.RELEASES].detail
    row = store.one("SELECT version, error, times_seen, resolved_at FROM set_aside")
    assert row is not None
    assert tuple(row) == (3, "item: Value error, a released item must carry its otp", 2, None)
    assert scalar(store, "SELECT count(*) FROM alarms") == 1

    # The central system fixes it: a valid version 4 replaces what was set aside.
    server.sim.feed.publish_raw(KIOSK, item("r-bad001", version=4))
    assert agent.run_once().ok

    assert scalar(store, "SELECT version FROM releases WHERE release_id = 'r-bad001'") == 4
    assert scalar(store, "SELECT resolved_at IS NOT NULL FROM set_aside") == 1
    assert scalar(store, "SELECT count(*) FROM alarms WHERE cleared_at IS NULL") == 0
    assert [
        r["action"] for r in store.query("SELECT action FROM audit WHERE action LIKE 'alarm.%'")
    ] == [
        "alarm.raised",
        "alarm.cleared",
    ]


@pytest.mark.logs(logging.WARNING)
@pytest.mark.parametrize(
    ("bad", "key", "error"),
    [
        (
            f"DATM1|000.00.07.H29-251123-0001|{OTP}",
            None,
            "item: Input should be a valid dictionary",
        ),
        (None, None, "item: Input should be a valid dictionary"),
        (
            {k: v for k, v in item("x").items() if k != "release_id"},
            None,
            "release_id: Field required",
        ),
        (
            item("r-bad", status="pending"),
            "r-bad",
            "status: Input should be 'released' or 'revoked'",
        ),
        (item("r-bad", otp=OTP[:7]), "r-bad", "otp: String should match pattern"),
        (item("r-bad", otp=int(OTP)), "r-bad", "otp: Input should be a valid string"),
        (item("r-bad", version=-1), "r-bad", "version: Input should be greater than or equal to 0"),
        (
            item("r-bad", holder_name="Nguye\u0302\u0303n"),
            "r-bad",
            "holder_name: Value error, text is not NFC",
        ),
        (
            item("r-bad", expires_at=f"{OTP}T00:00:00+07:00"),
            "r-bad",
            "expires_at: Value error, not an RFC 3339 time with offset",
        ),
        (item("r-bad", version=2**64), "r-bad", "version: Input should be less than or equal"),
        (
            item("r-bad", dossier_code="HS-1"),
            "r-bad",
            "dossier_code: String should match pattern",
        ),
    ],
)
def test_each_kind_of_bad_item_is_set_aside_alone(
    agent: SyncAgent, server: CentralSimServer, store: Store, bad: Any, key: str | None, error: str
) -> None:
    server.sim.feed.publish_raw(KIOSK, bad)
    server.sim.feed.publish_raw(KIOSK, item("r-after", version=0, otp="11223344"))

    report = agent.run_once()

    assert report.ok, str(report)
    assert "37 applied, 0 unchanged, 1 set aside" in report.steps[Step.RELEASES].detail
    assert scalar(store, "SELECT version FROM releases WHERE release_id = 'r-after'") == 0
    row = store.one("SELECT item_key, error, item FROM set_aside")
    assert row is not None
    assert row["item_key"] == key and row["error"].startswith(error), row["error"]
    assert OTP not in row["item"] and OTP not in row["error"]
    assert scalar(store, "SELECT count(*) FROM alarms WHERE kind = ?", (FEED_ITEM_SET_ASIDE,)) == 1


def test_unknown_keys_and_absent_optional_fields_are_not_a_fault(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    extra = item("r-new", version=0, pickup_window="evening") | {"size_hint": None}
    del extra["phone_last_digits"]
    server.sim.feed.publish_raw(KIOSK, extra)

    report = agent.run_once()

    assert report.ok and "set aside" not in report.steps[Step.RELEASES].detail
    assert scalar(store, "SELECT size_hint FROM releases WHERE release_id = 'r-new'") is None
    assert scalar(store, "SELECT count(*) FROM set_aside") == 0


def test_version_zero_is_a_version_like_any_other(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.feed.publish_raw(KIOSK, item("r-zero", version=0, otp="11223344"))
    assert agent.run_once().ok
    # Its replay and an older one are ignored; version 1 replaces it.
    with store.transaction() as conn:
        conn.execute("DELETE FROM kv WHERE key LIKE 'sync.releases_%'")
    report = agent.run_once()
    assert "0 applied, 37 unchanged" in report.steps[Step.RELEASES].detail
    server.sim.feed.publish_raw(KIOSK, item("r-zero", version=1, status="revoked", otp=None))
    assert agent.run_once().ok
    assert tuple(
        store.one("SELECT version, status FROM releases WHERE release_id = 'r-zero'") or ()
    ) == (1, "revoked")


@pytest.mark.logs(logging.WARNING)
def test_a_page_of_nothing_but_bad_items_still_moves_the_cursor(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.faults.add(Fault(FaultKind.NON_NFC, Endpoint.RELEASES, times=None))

    report = agent.run_once()

    assert report.steps[Step.RELEASES].ok
    assert "0 applied, 0 unchanged, 36 set aside" in report.steps[Step.RELEASES].detail
    assert kv_value(store, Key.RELEASES_CURSOR) == "c-000036"
    assert scalar(store, "SELECT count(*) FROM set_aside WHERE error LIKE '%NFC%'") == 36
    assert scalar(store, "SELECT count(*) FROM alarms") == 36
