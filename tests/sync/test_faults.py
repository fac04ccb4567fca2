"""The simulator's faults against the real agent: retries, Retry-After, bad replies, tokens."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from kiosk.clock import FakeClock
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from kiosk.store.kv import Key
from kiosk.store.sync_failure import FailureKind, SyncFailure
from sync.agent import Step, SyncAgent
from sync.retry import Backoff, parse_retry_after
from tests.sync.conftest import AgentFactory
from tests.sync.helpers import kv_value, make_settings, paths, pickups, scalar


def test_server_errors_are_retried_and_the_cycle_succeeds(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.RELEASES, times=2, status=502))
    assert agent.run_once().ok
    statuses = [r.status for r in server.sim.request_log() if r.path.endswith("/releases")]
    assert statuses[:3] == [502, 502, 200]
    assert scalar(store, "SELECT count(*) FROM releases") == 36


@pytest.mark.logs(logging.WARNING)
def test_a_429_storm_is_ridden_out_and_nothing_is_lost(
    make_agent: AgentFactory, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    ids = pickups(store, clock, 30)
    # Every endpoint says 429 for the next 25 requests; the agent keeps cycling, backing off.
    server.sim.faults.add(Fault(FaultKind.RATE_LIMIT, times=25, retry_after="0"))
    agent = make_agent(max_attempts=3)
    cycles = 0
    while not agent.run_once().ok:
        cycles += 1
        assert cycles < 20
    assert [r.status for r in server.sim.request_log()].count(429) == 25
    assert [e["event_id"] for e in server.sim.events()] == ids
    assert scalar(store, "SELECT count(*) FROM releases") == 36
    assert scalar(store, "SELECT count(*) FROM outbox WHERE state = 'sent'") == 30


def test_retry_after_in_seconds_is_honoured_within_a_request(
    make_agent: AgentFactory, server: CentralSimServer
) -> None:
    server.sim.faults.add(Fault(FaultKind.RATE_LIMIT, Endpoint.STAFF, retry_after="1"))
    agent = make_agent(retry_cap_s=2.0)
    assert agent.run_once().ok
    staff = [r for r in server.sim.request_log() if r.path.endswith("/staff")]
    assert [r.status for r in staff] == [429, 200]
    assert staff[1].at - staff[0].at >= 0.95


@pytest.mark.logs(logging.WARNING)
def test_retry_after_longer_than_the_cap_ends_the_cycle_at_once(
    agent: SyncAgent, server: CentralSimServer
) -> None:
    server.sim.faults.add(Fault(FaultKind.RATE_LIMIT, Endpoint.RELEASES, retry_after="1"))
    report = agent.run_once()
    assert not report.ok and report.retry_after_s == 1.0
    assert paths(server) == ["releases"]  # one try, the rest of the cycle skipped
    assert report.first_failure == SyncFailure(FailureKind.HTTP, "releases", 429)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("Mon, 23 Nov 2026 21:02:00 GMT", 120.0),
        ("Mon, 23 Nov 2026 20:59:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_is_read_as_seconds_or_an_http_date(
    header: str | None, expected: float | None
) -> None:
    server_now = 1_795_467_600.0  # Mon, 23 Nov 2026 21:00:00 GMT
    assert parse_retry_after(header, server_now) == expected


def test_backoff_is_capped_full_jitter() -> None:
    import random

    backoff = Backoff(1.0, 300.0, random.Random(1))
    assert [backoff.ceiling(n) for n in (0, 1, 2, 8, 9, 50)] == [1, 2, 4, 256, 300, 300]
    draws = [backoff.delay(9) for _ in range(200)]
    assert all(0 <= d <= 300 for d in draws) and max(draws) > 200 and min(draws) < 100


def test_a_reply_slower_than_the_read_timeout_is_a_timeout_and_is_retried(
    agent: SyncAgent, server: CentralSimServer
) -> None:
    server.sim.faults.add(Fault(FaultKind.SLOW, Endpoint.STAFF, delay_s=0.8))
    started = time.monotonic()
    assert agent.run_once().ok
    assert time.monotonic() - started < 0.8  # gave up on the slow reply after 0.5 s
    while paths(server).count("staff") < 2:  # the slow one is logged when it ends
        time.sleep(0.05)
    assert [r.status for r in server.sim.request_log() if r.path.endswith("/staff")] == [200] * 2


@pytest.mark.logs(logging.WARNING)
def test_a_heartbeat_is_never_retried_it_has_no_idempotency_key(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.HEARTBEAT))
    report = agent.run_once()
    assert not report.steps[Step.HEARTBEAT].ok
    assert paths(server, "POST").count("heartbeat") == 1
    # Kept for the technician's screen as facts, not as the log's English.
    assert json.loads(kv_value(store, Key.LAST_FAILURE) or "") == {
        "step": "heartbeat",
        "kind": "http",
        "status": 503,
    }


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        (FaultKind.MALFORMED_JSON, "Invalid JSON"),
        # The envelope's has_more as a string: the page itself is broken (items that do not
        # fit are set aside one by one instead: tests/sync/test_set_aside.py).
        (FaultKind.WRONG_TYPES, "has_more: Input should be a valid boolean"),
        (FaultKind.HUGE_BODY, "byte limit"),
    ],
)
def test_a_bad_reply_is_rejected_with_a_log_line_and_nothing_from_it_is_stored(
    *,
    make_agent: AgentFactory,
    server: CentralSimServer,
    store: Store,
    caplog: pytest.LogCaptureFixture,
    kind: FaultKind,
    why: str,
) -> None:
    server.sim.faults.add(Fault(kind, Endpoint.RELEASES, size=300_000))
    agent = make_agent(max_body_bytes=200_000)

    report = agent.run_once()

    assert not report.steps[Step.RELEASES].ok
    assert why in report.steps[Step.RELEASES].detail
    assert report.steps[Step.STAFF].ok  # a bad reply stops only its own step
    assert scalar(store, "SELECT count(*) FROM releases") == 0
    assert kv_value(store, Key.RELEASES_CURSOR) is None
    assert kv_value(store, Key.ONLINE) == "0"
    assert SyncFailure.from_json(kv_value(store, Key.LAST_FAILURE)) == SyncFailure(
        FailureKind.MALFORMED, "releases"
    )
    assert "rejected the reply to GET releases" in caplog.text
    assert not any(otp in caplog.text for otp in server.sim.seed_otps.values())
    assert agent.run_once().ok
    assert scalar(store, "SELECT count(*) FROM releases") == 36


@pytest.mark.logs(logging.WARNING)
def test_a_non_nfc_staff_name_sets_its_person_aside(
    agent: SyncAgent, server: CentralSimServer, store: Store
) -> None:
    server.sim.faults.add(Fault(FaultKind.NON_NFC, Endpoint.STAFF))
    report = agent.run_once()
    assert report.steps[Step.STAFF].detail == "0 people, 0 change(s), 2 item(s) set aside"
    assert scalar(store, "SELECT count(*) FROM staff") == 0
    reasons = scalar(store, "SELECT group_concat(error, '|') FROM set_aside WHERE feed = 'staff'")
    assert reasons.split("|") == ["name: Value error, text is not NFC-normalised"] * 2


@pytest.mark.parametrize(
    ("kiosk_id", "token", "status", "says"),
    [
        ("demo-kiosk-01", "wrong-token", 401, "refused this kiosk's token (HTTP 401)"),
        ("other-kiosk", "demo-token", 403, "not for kiosk 'other-kiosk' (HTTP 403)"),
    ],
)
def test_a_refused_token_stops_the_cycle_and_says_so_plainly(
    *,
    server: CentralSimServer,
    store: Store,
    clock: FakeClock,
    hasher: OtpHasher,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    kiosk_id: str,
    token: str,
    status: int,
    says: str,
) -> None:
    settings = make_settings(server.url, tmp_path, token=token)
    settings = settings.model_copy(
        update={"kiosk": settings.kiosk.model_copy(update={"id": kiosk_id})}
    )
    agent = SyncAgent(store, settings, clock, hasher)

    report = agent.run_once()

    assert report.auth_rejected and not report.ok
    assert [r.status for r in server.sim.request_log()] == [status]  # no retry, nothing else
    assert says in report.steps[Step.RELEASES].detail
    assert all(
        r.detail.startswith("skipped") for s, r in report.steps.items() if s is not Step.RELEASES
    )
    assert json.loads(kv_value(store, Key.LAST_FAILURE) or "") == {
        "step": "releases",
        "kind": "auth",
        "status": status,
    }
    assert [r.levelname for r in caplog.records if "sync failing" in r.message] == ["ERROR"]
