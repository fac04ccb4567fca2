"""Days offline and a forgotten cursor: the kiosk keeps serving, then catches up in order."""

from __future__ import annotations

import logging

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from hub.sim.seed import DEMO_KIOSK_ID
from kiosk.clock import FakeClock
from kiosk.services import releases
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from kiosk.store.kv import Key
from kiosk.store.sync_failure import FailureKind, SyncFailure
from sync.agent import Step, SyncAgent
from tests.sync.helpers import kv_value, outbox_states, pickups, scalar

HOUR = 3600.0


def test_72_hours_offline_codes_still_work_and_the_outbox_drains_in_order(
    *,
    agent: SyncAgent,
    server: CentralSimServer,
    store: Store,
    clock: FakeClock,
    hasher: OtpHasher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="sync")
    assert agent.run_once().ok
    synced_at = kv_value(store, Key.LAST_SUCCESS_AT)
    port = server.port
    server.stop()  # the network is gone: connections are refused

    ids: list[str] = []
    for hour in range(72):
        clock.advance(HOUR)
        ids += pickups(store, clock, 2, start=2 * hour)
        report = agent.run_once()
        assert not report.ok
        assert kv_value(store, Key.ONLINE) == "0"

    # Every code synced before still opens its door: the rows and their hashes are all here.
    now = clock.timestamp()
    for code, otp in server.sim.seed_otps.items():
        row = store.one("SELECT * FROM releases WHERE dossier_code = ?", (code,))
        assert row is not None and row["status"] == "released"
        assert row["otp_hash"] == hasher.hash(otp)
        assert row["expires_ts"] > now  # seeded results are valid for 7 days or more
    assert kv_value(store, Key.LAST_SUCCESS_AT) == synced_at
    assert SyncFailure.from_json(kv_value(store, Key.LAST_FAILURE)) == SyncFailure(
        FailureKind.OFFLINE, "releases"
    )
    failing = [r for r in caplog.records if "sync failing" in r.message]
    assert len(failing) == 1  # once, not 72 times

    # The network is back (same address, the server's time moved on with ours).
    back = type(server)(server.sim, "127.0.0.1", port).start()
    try:
        assert agent.run_once().ok
    finally:
        back.stop()
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert {state for _, state in outbox_states(store)} == {"sent"}
    assert kv_value(store, Key.ONLINE) == "1"
    assert kv_value(store, Key.LAST_SUCCESS_AT) == clock.iso()
    assert len([r for r in caplog.records if "sync recovered" in r.message]) == 1


@pytest.mark.logs(logging.WARNING)
def test_410_resyncs_from_the_start_and_keeps_pending_local_pickups(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock, hasher: OtpHasher
) -> None:
    assert agent.run_once().ok
    picked = store.query("SELECT release_id, dossier_code FROM releases LIMIT 2")
    with store.transaction() as conn:
        for row in picked:
            releases.mark_used(conn, row["release_id"])
    ids = pickups(store, clock, 2)
    # Meanwhile the central system changed things and forgot our cursor.
    new = server.sim.reissue(DEMO_KIOSK_ID, picked[1]["release_id"])
    server.sim.faults.add(Fault(FaultKind.EXPIRE_CURSOR, Endpoint.RELEASES))

    report = agent.run_once()

    assert report.ok, str(report)
    assert "after a resync from the start" in report.steps[Step.RELEASES].detail
    queries = [
        (r.status, r.query) for r in server.sim.request_log() if r.path.endswith("/releases")
    ]
    assert queries[-5][0] == 410 and "cursor=c-000036" in queries[-5][1]
    assert queries[-4] == (200, "limit=10")  # from the beginning
    assert [status for status, _ in queries[-3:]] == [200, 200, 200]
    assert kv_value(store, Key.RELEASES_CURSOR) == "c-000037"
    # Local state survives: the used code stays used, the re-issued one is fresh.
    used = {r["release_id"]: r for r in store.query("SELECT * FROM releases")}
    assert used[picked[0]["release_id"]]["otp_used"] == 1
    assert used[picked[1]["release_id"]]["otp_used"] == 0
    assert used[picked[1]["release_id"]]["otp_hash"] == hasher.hash(new.otp or "")
    assert scalar(store, "SELECT count(*) FROM releases") == 36
    # The pickups that were waiting are reported after the resync, in order.
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids


def test_the_newest_server_date_is_a_floor_for_the_kiosk_clock(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    server.sim.now = lambda: clock.wall_now + 10 * HOUR  # the server is ahead of us
    assert agent.run_once().ok
    assert clock.timestamp() >= clock.wall_now + 10 * HOUR - 1
    assert float(kv_value(store, Key.CLOCK_FLOOR) or 0) >= clock.wall_now + 10 * HOUR - 1
