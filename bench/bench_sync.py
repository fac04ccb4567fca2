"""Sync benchmarks: the real agent against the simulator over loopback HTTP.

    .venv/bin/python -m bench.bench_sync

Prints three figures against their goals (docs/benchmarks.md, "Sync"):
- pull of 10,000 releases into SQLite (pages of 1,000; hash, audit, one commit per page): ≤ 3 s
- push of 10,000 events (batches of 500, each committed as sent): ≤ 5 s
- bytes on the wire of an idle poll (one conditional GET answered 304): < 1 KB
Bytes are counted by a TCP relay between the agent and the simulator, both directions.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from hub.sim import CentralSimulator, start_central_sim
from kiosk.clock import Clock
from kiosk.services.otp_key import OtpHasher
from kiosk.settings import CentralConfig, Settings
from kiosk.store import Store
from sync.agent import SyncAgent
from sync.events import push_outbox
from sync.releases import pull_releases
from tests.sync.helpers import pickups

KIOSK = "demo-kiosk-01"
RELEASES = 10_000
EVENTS = 10_000


class CountingRelay:
    """Forwards loopback TCP connections to ``target`` and counts the bytes both ways."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.bytes = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                with self._lock:
                    self.bytes += len(data)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listener.close()


def main() -> int:
    sim = CentralSimulator(seed=False)
    sim.add_kiosk(KIOSK, "demo-token")
    sim.release_many(
        KIOSK,
        (
            {
                "dossier_code": f"000.00.07.H29-251123-{n:05d}",
                "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "holder_name": "Nguyễn Văn An",
                "phone_last_digits": "821",
                "size_hint": "M",
            }
            for n in range(RELEASES)
        ),
    )
    server = start_central_sim(sim=sim)
    relay = CountingRelay(server.port)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        url = f"http://127.0.0.1:{relay.port}"
        settings = Settings(data_dir=tmp, central=CentralConfig(url=url, page_limit=1000))
        store = Store(Path(tmp) / "kiosk.sqlite3")
        clock = Clock()
        agent = SyncAgent(store, settings, clock, OtpHasher(b"k" * 32))

        started = time.perf_counter()
        count = pull_releases(store, agent.client, agent.hasher, clock, 1000)
        pull_s = time.perf_counter() - started
        assert count.applied == RELEASES, count
        failures += report("pull of 10,000 releases into SQLite", pull_s, 3.0, "s")

        pickups(store, clock, EVENTS)
        started = time.perf_counter()
        pushed = push_outbox(store, agent.client, clock)
        push_s = time.perf_counter() - started
        assert pushed.sent == EVENTS and len(sim.events(KIOSK)) == EVENTS, pushed
        failures += report("push of 10,000 events", push_s, 5.0, "s")

        relay.bytes = 0
        idle = pull_releases(store, agent.client, agent.hasher, clock, 1000)
        assert idle.pages == 0 and sim.request_log()[-1].status == 304
        failures += report("idle poll: GET releases → 304, both ways", relay.bytes, 1023, "B")
        store.close()
    relay.close()
    server.stop()
    return 1 if failures else 0


def report(what: str, value: float, goal: float, unit: str) -> int:
    ok = value <= goal
    shown = f"{value:.2f} s" if unit == "s" else f"{value:.0f} bytes"
    limit = f"≤ {goal:g} s" if unit == "s" else f"< {goal + 1:.0f} bytes"
    print(f"{what:<44} {shown:>10}   goal {limit:<12} {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
