"""The agent's loop on a worker thread, as the kiosk application runs it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hub.sim import CentralSimServer, Endpoint, Fault, FaultKind
from kiosk.clock import FakeClock
from kiosk.errors import EnvironmentProblem
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from sync.agent import SyncAgent
from tests.sync.helpers import kv_value, make_settings, paths, pickups


@pytest.fixture
def threaded(
    server: CentralSimServer, clock: FakeClock, hasher: OtpHasher, tmp_path: Path
) -> Iterator[Callable[..., SyncAgent]]:
    """An agent given a store *factory*: it opens its own connection on its own thread."""
    stop = threading.Event()
    threads: list[threading.Thread] = []

    def start(**central: float) -> SyncAgent:
        settings = make_settings(server.url, tmp_path, **central)
        agent = SyncAgent(lambda: Store(tmp_path / "kiosk.sqlite3"), settings, clock, hasher)
        threads.append(agent.start_thread(stop))
        return agent

    yield start
    stop.set()
    for thread in threads:
        thread.join(5)
        assert not thread.is_alive()


def wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_loop_syncs_and_request_now_wakes_it_at_once(
    threaded: Callable[..., SyncAgent], server: CentralSimServer, store: Store, clock: FakeClock
) -> None:
    agent = threaded(poll_interval_s=600)
    wait_for(lambda: "heartbeat" in paths(server))
    ids = pickups(store, clock, 3)  # the application writes; the agent is asleep for 10 min

    agent.request_now()  # "sync now", or an alarm

    wait_for(lambda: len(server.sim.events()) == 3)
    assert [e["event_id"] for e in server.sim.events()] == ids
    # An alarm gets its heartbeat at once, not after the 60 s interval.
    wait_for(lambda: paths(server, "POST").count("heartbeat") == 2)


def test_the_loop_polls_at_the_interval_the_server_gives(
    threaded: Callable[..., SyncAgent], server: CentralSimServer
) -> None:
    server.sim.kiosk("demo-kiosk-01").poll_interval_s = 0.05
    threaded(poll_interval_s=600)
    wait_for(lambda: paths(server).count("releases") >= 8)  # 4 pages, then 304s every 50 ms


@pytest.mark.logs(logging.WARNING)
def test_the_loop_waits_out_a_long_retry_after_even_when_asked_to_sync_now(
    threaded: Callable[..., SyncAgent], server: CentralSimServer
) -> None:
    server.sim.faults.add(Fault(FaultKind.RATE_LIMIT, Endpoint.RELEASES, retry_after="1"))
    agent = threaded()
    wait_for(lambda: len(paths(server)) == 1)
    for _ in range(5):
        agent.request_now()
        time.sleep(0.1)
    assert paths(server) == ["releases"]
    wait_for(lambda: "heartbeat" in paths(server), timeout=3)
    log = server.sim.request_log()
    assert log[1].at - log[0].at >= 0.95


@pytest.mark.logs(logging.WARNING)
def test_the_loop_backs_off_while_failing_and_stops_promptly(
    threaded: Callable[..., SyncAgent], server: CentralSimServer
) -> None:
    server.sim.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.RELEASES, times=None))
    started = time.monotonic()
    threaded(retry_base_s=0.05, retry_cap_s=0.2, max_attempts=1)
    wait_for(lambda: len(paths(server)) >= 3)  # it keeps trying...
    # ...with a wait of at least 0.05 s between cycles, not a busy loop
    assert time.monotonic() - started >= 0.1


def test_the_loop_survives_a_cycle_that_blows_up(
    *,
    server: CentralSimServer,
    clock: FakeClock,
    hasher: OtpHasher,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    calls: list[int] = []

    def flaky_store() -> Store:
        calls.append(1)
        if len(calls) == 1:
            raise EnvironmentProblem("the disk went away for a moment")
        return Store(tmp_path / "kiosk.sqlite3")

    settings = make_settings(server.url, tmp_path, retry_base_s=0.01, retry_cap_s=0.02)
    agent = SyncAgent(flaky_store, settings, clock, hasher)
    stop = threading.Event()
    thread = agent.start_thread(stop)
    try:
        wait_for(lambda: "heartbeat" in paths(server))
    finally:
        stop.set()
        thread.join(5)
    assert "sync cycle failed unexpectedly" in caplog.text


@pytest.mark.logs(logging.ERROR)
def test_a_cycle_that_blows_up_is_recorded_as_offline_and_the_loop_goes_on(
    *, server: CentralSimServer, clock: FakeClock, hasher: OtpHasher, tmp_path: Path
) -> None:
    store = Store(tmp_path / "kiosk.sqlite3")
    with store.transaction() as conn:
        conn.execute("DROP TABLE outbox")  # what a bug, or a hand-edited database, does
    settings = make_settings(server.url, tmp_path, retry_base_s=0.01, retry_cap_s=0.02)
    agent = SyncAgent(lambda: Store(tmp_path / "kiosk.sqlite3"), settings, clock, hasher)
    stop = threading.Event()
    thread = agent.start_thread(stop)
    try:
        wait_for(lambda: kv_value(store, "sync.online") == "0")
        failure = kv_value(store, "sync.last_failure")
        assert failure == '{"step": null, "kind": "internal", "status": null}'
        pulls = paths(server).count("releases")
        wait_for(lambda: paths(server).count("releases") > pulls)  # it keeps trying
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(5)
        store.close()
