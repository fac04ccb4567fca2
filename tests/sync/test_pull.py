"""Pulling releases: pages, versions, re-issue and revoke, ETag, the cursor with its rows."""

from __future__ import annotations

import json
import logging

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from hub.sim.seed import DEMO_KIOSK_ID
from kiosk.clock import FakeClock
from kiosk.services import releases
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store, audit
from kiosk.store.kv import Key
from sync.agent import Step, SyncAgent
from tests.sync.conftest import AgentFactory
from tests.sync.helpers import kv_value, paths, scalar

KIOSK = DEMO_KIOSK_ID


def test_first_pull_stores_every_release_with_a_keyed_hash_and_never_the_digits(
    agent: SyncAgent, server: CentralSimServer, store: Store, hasher: OtpHasher
) -> None:
    report = agent.run_once()

    assert report.ok, str(report)
    rows = {r["dossier_code"]: r for r in store.query("SELECT * FROM releases")}
    assert len(rows) == 36
    for code, otp in server.sim.seed_otps.items():
        row = rows[code]
        assert row["otp_hash"] == hasher.hash(otp)
        assert (row["version"], row["status"], row["otp_used"]) == (1, "released", 0)
    first = rows["000.00.07.H29-251120-0001"]
    # "Lê Minh Thảo" as sent: kept only masked, as the screens show it (docs/privacy.md).
    assert (first["holder_name"], first["size_hint"]) == ("L* M*** Thảo", "L")
    assert first["expires_ts"] > 0 and first["expires_at"].endswith("+07:00")
    # 36 items at limit 10: four pages, and the cursor of the last one.
    assert paths(server).count("releases") == 4
    assert kv_value(store, Key.RELEASES_CURSOR) == "c-000036"
    assert kv_value(store, Key.RELEASES_ETAG) == '"r-36"'
    database = store.path.read_bytes() + store.path.with_name("kiosk.sqlite3-wal").read_bytes()
    assert not any(otp.encode() in database for otp in server.sim.seed_otps.values())


def test_an_idle_poll_is_one_conditional_request_answered_304(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    agent.run_once()
    before = len(server.sim.request_log())

    report = agent.run_once()

    pulls = [r for r in server.sim.request_log()[before:] if r.path.endswith("/releases")]
    assert [r.status for r in pulls] == [304]
    assert "0 applied" in report.steps[Step.RELEASES].detail
    assert scalar(store, "SELECT count(*) FROM releases") == 36


def test_reissue_replaces_the_code_resets_use_and_wrong_tries(
    agent: SyncAgent, server: CentralSimServer, store: Store, hasher: OtpHasher
) -> None:
    agent.run_once()
    code = "000.00.07.H29-251120-0002"
    release_id = scalar(store, "SELECT release_id FROM releases WHERE dossier_code = ?", (code,))
    with store.transaction() as conn:
        releases.mark_used(conn, release_id)
        conn.execute(
            "INSERT INTO otp_attempts (scope, fails_in_row, fails_total, updated_at)"
            " VALUES (?, 4, 9, 'x')",
            (f"dossier:{code}",),
        )

    new = server.sim.reissue(KIOSK, release_id)
    assert agent.run_once().ok

    row = store.one("SELECT * FROM releases WHERE release_id = ?", (release_id,))
    assert row is not None
    assert (row["version"], row["status"], row["otp_used"]) == (2, "released", 0)
    assert row["otp_hash"] == hasher.hash(new.otp or "")
    assert row["otp_hash"] != hasher.hash(server.sim.seed_otps[code])
    assert store.one("SELECT * FROM otp_attempts WHERE scope = ?", (f"dossier:{code}",)) is None
    audit = store.query("SELECT action, subject, details FROM audit ORDER BY seq DESC LIMIT 1")[0]
    assert (audit["action"], audit["subject"]) == ("releases.applied", "releases")
    assert json.loads(audit["details"]) == {"release.reissued": [[release_id, 2, code]]}
    assert new.otp not in audit["details"] and row["otp_hash"] not in audit["details"]


def test_revoke_keeps_the_row_and_its_hash_so_the_kiosk_can_say_withdrawn(
    agent: SyncAgent, server: CentralSimServer, store: Store, hasher: OtpHasher
) -> None:
    agent.run_once()
    code = "000.00.07.H29-251120-0003"
    release_id = scalar(store, "SELECT release_id FROM releases WHERE dossier_code = ?", (code,))

    server.sim.revoke(KIOSK, release_id)
    assert agent.run_once().ok

    row = store.one("SELECT * FROM releases WHERE release_id = ?", (release_id,))
    assert row is not None
    assert (row["version"], row["status"]) == (2, "revoked")
    assert row["otp_hash"] == hasher.hash(server.sim.seed_otps[code])
    assert _page_records(store)[-1] == {"release.revoked": [[release_id, 2, code]]}
    applied = [r for page in _page_records(store) for r in page.get("release.applied", [])]
    assert [release_id, 1, code] in applied


def test_a_replayed_or_older_version_is_ignored(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    agent.run_once()
    release_id = scalar(store, "SELECT release_id FROM releases LIMIT 1")
    server.sim.revoke(KIOSK, release_id)
    agent.run_once()
    audit_rows = scalar(store, "SELECT count(*) FROM audit")

    # Forget the cursor: the whole log comes again, every item at a version we already hold.
    with store.transaction() as conn:
        conn.execute("DELETE FROM kv WHERE key LIKE 'sync.releases_%'")
    report = agent.run_once()

    assert "0 applied, 36 unchanged" in report.steps[Step.RELEASES].detail
    assert scalar(store, "SELECT status FROM releases WHERE release_id = ?", (release_id,)) == (
        "revoked"
    )
    assert scalar(store, "SELECT count(*) FROM audit") == audit_rows


@pytest.mark.logs(logging.WARNING)
def test_the_cursor_is_committed_with_its_page_and_a_failed_pull_resumes_there(
    make_agent: AgentFactory, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    agent = make_agent(max_attempts=1)
    # Pages 1 and 2 arrive; page 3 fails.
    server.sim.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.RELEASES, skip=2))

    report = agent.run_once()

    assert not report.ok
    assert scalar(store, "SELECT count(*) FROM releases") == 20
    assert kv_value(store, Key.RELEASES_CURSOR) == "c-000020"
    assert kv_value(store, Key.RELEASES_ETAG) is None

    assert agent.run_once().ok
    assert scalar(store, "SELECT count(*) FROM releases") == 36
    queries = [r.query for r in server.sim.request_log() if r.path.endswith("/releases")]
    assert queries == [
        "limit=10",
        "limit=10&cursor=c-000010",
        "limit=10&cursor=c-000020",  # 503
        "limit=10&cursor=c-000020",  # the next cycle resumes after the committed page
        "limit=10&cursor=c-000030",
    ]


def test_a_pull_chains_its_audit_records_page_by_page_and_the_anchor_verifies(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    with store.transaction() as conn:
        audit.append(conn, at="2026-11-23T21:00:00+07:00", actor="x", action="before", subject="s")
    assert agent.run_once().ok  # four pages of ten, one audit record each
    revoked = scalar(store, "SELECT release_id FROM releases LIMIT 1")
    server.sim.revoke(KIOSK, revoked)
    assert agent.run_once().ok

    report = audit.verify(store.conn, store.device_key)

    assert report.ok, report.text()
    assert report.rows == report.head_seq == scalar(store, "SELECT count(*) FROM audit")
    pages = _page_records(store)
    assert [sum(len(ids) for ids in page.values()) for page in pages] == [10, 10, 10, 6, 1]
    assert len({r[0] for p in pages[:4] for r in p["release.applied"]}) == 36
    assert [r[0] for r in pages[4]["release.revoked"]] == [revoked]


def _page_records(store: Store) -> list[dict[str, list[list[object]]]]:
    """The details of each page's audit record: what happened to which release, in order."""
    rows = store.query("SELECT details FROM audit WHERE action = 'releases.applied' ORDER BY seq")
    return [json.loads(r[0]) for r in rows]
