"""Pushing the outbox: order, batches, idempotency keys, lost replies, rejections."""

from __future__ import annotations

import json
import logging
import time

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from hub.sim.seed import DEMO_KIOSK_ID
from kiosk.clock import FakeClock
from kiosk.services import alarms
from kiosk.store import Store
from kiosk.store.outbox import enqueue
from sync.agent import Step, SyncAgent
from tests.sync.conftest import AgentFactory
from tests.sync.helpers import outbox_states, pickups


def test_events_arrive_once_in_order_in_batches_of_at_most_500(
    make_agent: AgentFactory, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    # The hub records and acts on 500 events per request: on a loaded machine that can take
    # longer than the other tests' half-second read timeout, and a retry would be a 4th POST.
    agent = make_agent(read_timeout_s=10.0)
    ids = pickups(store, clock, 1200)

    report = agent.run_once()

    assert report.ok, str(report)
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert set(s for _, s in outbox_states(store)) == {"sent"}
    posts = [r for r in server.sim.request_log() if r.path.endswith("/events")]
    assert len(posts) == 3 and len({r.idempotency_key for r in posts}) == 3
    keys = [r["batch_key"] for r in store.query("SELECT batch_key FROM outbox ORDER BY seq")]
    assert [keys.count(k) for k in dict.fromkeys(keys)] == [500, 500, 200]
    assert list(dict.fromkeys(keys)) == [r.idempotency_key for r in posts]
    sent = store.one("SELECT * FROM outbox ORDER BY seq LIMIT 1")
    assert sent is not None and sent["sent_at"] == clock.iso()


def test_a_reply_lost_after_commit_is_retried_with_the_same_key_and_counted_once(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    ids = pickups(store, clock, 3)
    server.sim.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, Endpoint.EVENTS))

    report = agent.run_once()

    assert report.ok, str(report)
    posts = [r for r in server.sim.request_log() if r.path.endswith("/events")]
    assert len(posts) == 2 and posts[0].idempotency_key == posts[1].idempotency_key
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert [s for _, s in outbox_states(store)] == ["sent"] * 3


@pytest.mark.logs(logging.WARNING)
def test_a_batch_whose_reply_never_came_goes_again_under_its_key_after_a_restart(
    make_agent: AgentFactory, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    ids = pickups(store, clock, 2)
    # The server commits, then every try of this cycle loses its reply: the agent gives up.
    server.sim.faults.add(Fault(FaultKind.DROP_AFTER_COMMIT, Endpoint.EVENTS, times=2))
    first = make_agent(max_attempts=2).run_once()
    assert not first.steps[Step.OUTBOX].ok
    key = store.one("SELECT batch_key FROM outbox ORDER BY seq LIMIT 1")
    assert key is not None and key[0] is not None
    pickups(store, clock, 1, start=50)  # something new happens meanwhile

    # A new agent (as after a restart) finishes the batch under its key, then the new event.
    assert make_agent().run_once().ok
    posts = [r for r in server.sim.request_log() if r.path.endswith("/events")]
    assert [p.idempotency_key for p in posts[:3]] == [key[0]] * 3
    assert posts[3].idempotency_key != key[0]
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)][:2] == ids


@pytest.mark.logs(logging.WARNING)
def test_a_rejected_event_is_kept_for_technicians_and_does_not_block_the_rest(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    first = pickups(store, clock, 1)
    with store.transaction() as conn:
        bad = enqueue(
            conn,
            type="rating.submitted",
            occurred_at=clock.iso(),
            actor="citizen",
            data={"score": 9},
        )
    last = pickups(store, clock, 1, start=1)

    assert agent.run_once().ok

    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == first + last
    row = store.one("SELECT state, reject_reason FROM outbox WHERE event_id = ?", (bad,))
    assert row is not None and row["state"] == "rejected"
    assert "score" in row["reject_reason"]
    assert [s for _, s in outbox_states(store)] == ["sent", "rejected", "sent"]


def test_an_event_the_server_already_has_is_a_duplicate_and_marked_sent(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    ids = pickups(store, clock, 2)
    assert agent.run_once().ok
    # The kiosk lost its own record of having sent the second one (say, a restored backup).
    with store.transaction() as conn:
        conn.execute(
            "UPDATE outbox SET state = 'pending', batch_key = NULL WHERE event_id = ?", (ids[1],)
        )

    assert agent.run_once().ok

    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert [s for _, s in outbox_states(store)] == ["sent", "sent"]


@pytest.mark.logs(logging.WARNING)
def test_a_retry_that_meets_the_first_try_still_in_progress_waits_for_its_reply(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    ids = pickups(store, clock, 2)
    # The first try outlives the client's read timeout (0.5 s): the retry meets a 409.
    server.sim.faults.add(Fault(FaultKind.SLOW, Endpoint.EVENTS, delay_s=0.7))

    deadline = time.monotonic() + 5
    while not agent.run_once(heartbeat=False).ok:  # until the first try's reply is stored
        assert time.monotonic() < deadline
        time.sleep(0.05)

    statuses = [r.status for r in server.sim.request_log() if r.path.endswith("/events")]
    assert 409 in statuses and statuses[-1] == 200
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert [s for _, s in outbox_states(store)] == ["sent", "sent"]


def test_a_key_the_server_holds_for_another_body_is_replaced_and_nothing_is_lost(
    agent: SyncAgent,
    server: CentralSimServer,
    store: Store,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ids = pickups(store, clock, 2)
    with store.transaction() as conn:
        conn.execute("UPDATE outbox SET batch_key = 'k-1'")
    server.sim.claim_key(DEMO_KIOSK_ID, "k-1", {"events": []})  # the key, with another body

    assert agent.run_once().ok

    statuses = [
        (r.status, r.idempotency_key)
        for r in server.sim.request_log()
        if r.path.endswith("/events")
    ]
    assert statuses[0] == (422, "k-1") and statuses[1][0] == 200 and statuses[1][1] != "k-1"
    assert [e["event_id"] for e in server.sim.events(DEMO_KIOSK_ID)] == ids
    assert "refused (422)" in caplog.text


def test_the_wire_event_is_the_outbox_row(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    with store.transaction() as conn:
        event_id = enqueue(
            conn,
            type="alarm.raised",
            occurred_at=clock.iso(),
            actor="technician:kt-0007",
            compartment="B02",
            data={"kind": "door_jammed"},
        )
    assert agent.run_once().ok
    (received,) = server.sim.events(DEMO_KIOSK_ID)
    assert received == {
        "event_id": event_id,
        "type": "alarm.raised",
        "occurred_at": clock.iso(),
        "dossier_code": None,
        "release_id": None,
        "compartment": "B02",
        "actor": "technician:kt-0007",
        "data": {"kind": "door_jammed"},
    }
    assert json.loads(json.dumps(received)) == received


def test_alarms_the_kiosk_raises_by_itself_reach_the_server_as_the_contract_names_them(
    agent: SyncAgent, server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    # Issue 12's kinds, raised by the kiosk's sensors (not by a citizen): actor `kiosk`.
    kinds = ("item_left", "item_missing", "sensor_fault")
    with store.transaction() as conn:
        for kind in kinds:
            alarms.raise_alarm(conn, clock, kind, "A03", {"content": "result"})

    assert agent.run_once().ok

    got = [
        (e["type"], e["actor"], e["compartment"], e["data"])
        for e in server.sim.events(DEMO_KIOSK_ID)
    ]
    assert got == [
        ("alarm.raised", "kiosk", "A03", {"kind": kind, "content": "result"}) for kind in kinds
    ]
    assert {s for _, s in outbox_states(store)} == {"sent"}
