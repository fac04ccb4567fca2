"""sd_notify(3) against a real datagram socket standing in for systemd."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from hub.sim import start_central_sim
from hub.sim.faults import Endpoint, Fault, FaultKind
from kiosk.clock import FakeClock
from kiosk.sd_notify import ServiceNotifier, WatchdogPinger, watchdog_interval_s
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store
from sync.agent import SyncAgent
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.sync.helpers import make_settings


def test_ready_status_watchdog_and_stopping_reach_the_socket(sink: DatagramSink) -> None:
    notifier = ServiceNotifier({"NOTIFY_SOCKET": str(sink.path), "WATCHDOG_USEC": "30000000"})
    assert notifier.enabled and notifier.watchdog_s == 30.0
    notifier.ready("home screen up")
    notifier.status("in sync")
    notifier.watchdog()
    notifier.stopping("stopping")
    notifier.close()
    assert sink.drain() == [
        b"READY=1\nSTATUS=home screen up",
        b"STATUS=in sync",
        b"WATCHDOG=1",
        b"STOPPING=1\nSTATUS=stopping",
    ]


def test_an_abstract_socket_name_is_spelled_with_a_nul_byte() -> None:
    name = f"atm-ho-so-test-{os.getpid()}-{time.monotonic_ns()}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as listener:
        listener.bind("\0" + name)
        listener.settimeout(2)
        ServiceNotifier({"NOTIFY_SOCKET": "@" + name}).watchdog()
        assert listener.recv(64) == b"WATCHDOG=1"


def test_outside_systemd_nothing_is_sent_and_nothing_fails() -> None:
    notifier = ServiceNotifier({})
    assert not notifier.enabled and notifier.watchdog_s is None
    notifier.ready("x")
    notifier.watchdog()
    assert WatchdogPinger(notifier).period_s is None


def test_the_watchdog_is_ours_when_systemd_names_us_or_the_compositor_we_run_under() -> None:
    usec = {"WATCHDOG_USEC": "2000000"}
    assert watchdog_interval_s(usec, pid=50, parent_pid=10) == 2.0
    assert watchdog_interval_s(usec | {"WATCHDOG_PID": "50"}, pid=50, parent_pid=10) == 2.0
    # The kiosk is cage's only client; cage is the unit's main process.
    assert watchdog_interval_s(usec | {"WATCHDOG_PID": "10"}, pid=50, parent_pid=10) == 2.0
    assert watchdog_interval_s(usec | {"WATCHDOG_PID": "77"}, pid=50, parent_pid=10) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "0"}, pid=50, parent_pid=10) is None


def test_a_vanished_socket_is_logged_once_and_the_service_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = ServiceNotifier({"NOTIFY_SOCKET": str(tmp_path / "gone")})
    notifier.watchdog()
    notifier.watchdog()
    assert caplog.text.count("cannot notify systemd") == 1


def test_the_pinger_sends_at_half_the_interval_however_often_the_loop_turns(
    sink: DatagramSink,
) -> None:
    now = [0.0]
    notifier = ServiceNotifier({"NOTIFY_SOCKET": str(sink.path), "WATCHDOG_USEC": "10000000"})
    pinger = WatchdogPinger(notifier, monotonic=lambda: now[0])
    for _ in range(40):  # 20 s of a loop turning every 0.5 s
        pinger.alive()
        now[0] += 0.5
    assert sink.drain() == [b"WATCHDOG=1"] * 4  # at 0, 5, 10 and 15 s


def test_the_sync_loop_stops_pinging_while_a_request_hangs_and_resumes_after(
    sink: DatagramSink, tmp_path: Path
) -> None:
    """A loop stuck in a call gives no sign of life: systemd would restart it. Told by what
    happened rather than by the length of gaps: no ``alive()`` between the slow request's
    arrival (``delay_s`` or more before the server logged its reply) and that reply."""
    server = start_central_sim(pin_iterations=1000)
    settings = make_settings(server.url, tmp_path, read_timeout_s=5.0, poll_interval_s=0.2)
    clock = FakeClock(start=float(int(time.time())))
    # A store factory: the agent opens it on its own thread.
    agent = SyncAgent(
        lambda: Store(tmp_path / "kiosk.sqlite3"), settings, clock, OtpHasher(b"k" * 32)
    )
    env = {"NOTIFY_SOCKET": str(sink.path), "WATCHDOG_USEC": "1000000"}  # pings every 0.5 s
    pinger = WatchdogPinger(ServiceNotifier(env))
    signs: list[float] = []

    def alive() -> None:
        signs.append(time.monotonic())
        pinger.alive()

    stop = threading.Event()
    cycles: list[bool] = []
    worker = threading.Thread(
        target=agent.run_forever,
        args=(stop,),
        kwargs={"on_cycle": lambda r: cycles.append(r.ok), "alive": alive},
    )
    delay_s = 0.6
    worker.start()
    try:
        sink.wait_for(b"WATCHDOG=1", timeout=5)
        armed = time.monotonic()
        server.sim.faults.add(Fault(FaultKind.SLOW, Endpoint.RELEASES, delay_s=delay_s))

        def slow_reply() -> float | None:
            """When the server logged the slow reply (one that began before the fault was
            armed is logged sooner than ``delay_s`` after it)."""
            log = server.sim.request_log()
            done = [r.at for r in log if r.path.endswith("/releases") and r.at - armed >= delay_s]
            return done[0] if done else None

        deadline = time.monotonic() + 10
        while (replied := slow_reply()) is None:
            assert time.monotonic() < deadline, "the slow request never ended"
            sink.drain(timeout=0.05)
        sink.wait_for(b"WATCHDOG=1", timeout=5)  # pinging again after it
    finally:
        stop.set()
        worker.join(10)
        server.stop()
    assert [t for t in signs if replied - delay_s <= t <= replied] == []  # silent while it hung
    assert any(t < replied - delay_s for t in signs) and any(t > replied for t in signs)
    assert cycles and cycles[0]
