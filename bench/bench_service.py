"""The services as systemd starts them: time from exec to READY=1, for sizing the units'
``TimeoutStartSec=``, and the UI's memory then, for ``MemoryMax=``.

    .venv/bin/python -m bench.bench_service [RUNS]

Each run starts a new process with a datagram socket as ``NOTIFY_SOCKET`` (as systemd gives
one) and a fresh data directory, waits for ``READY=1``, reads the process's RSS from /proc,
and stops it with SIGTERM (timing the stop too: ``TimeoutStopSec=``):
- ``kiosk run --no-sync`` (offscreen): simulated devices, the in-process central simulator;
- ``kiosk sync`` against a central simulator on loopback seeded with the demo data.
Prints the median and the worst of RUNS (default 5).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hub.sim import start_central_sim

KIOSK_ID, TOKEN = "bench-kiosk", "bench-token"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run(args: list[str], extra_env: dict[str, str]) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory(prefix="bs-") as folder:
        path = Path(folder) / "notify"
        sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sink.bind(str(path))
        sink.settimeout(120)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "NOTIFY_SOCKET": str(path),
            "KIOSK_DATA_DIR": str(Path(folder) / "data"),
            "KIOSK_ID": KIOSK_ID,
            "KIOSK_TOKEN": TOKEN,
            **extra_env,
        }
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "kiosk", *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while b"READY=1" not in sink.recv(4096):
            pass
        ready = time.perf_counter() - started
        rss = rss_mb(process.pid)
        stopping = time.perf_counter()
        process.send_signal(signal.SIGTERM)
        process.wait(60)
        stopped = time.perf_counter() - stopping
        sink.close()
        return ready, rss, stopped


def report(name: str, runs: list[tuple[float, float, float]]) -> None:
    ready, rss, stop = zip(*runs, strict=True)
    print(
        f"{name:<22} READY median {statistics.median(ready):.2f} s, worst {max(ready):.2f} s;"
        f" RSS at READY {statistics.median(rss):.0f} MB;"
        f" SIGTERM to exit median {statistics.median(stop):.2f} s, worst {max(stop):.2f} s"
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    report("kiosk run --no-sync", [one_run(["run", "--no-sync"], {}) for _ in range(runs)])
    server = start_central_sim(kiosk_id=KIOSK_ID, token=TOKEN, pin_iterations=1000)
    try:
        env = {"KIOSK_CENTRAL_URL": server.url}
        report("kiosk sync", [one_run(["sync"], env) for _ in range(runs)])
    finally:
        server.stop()


if __name__ == "__main__":
    main()
