"""The hub under a province's steady traffic, on loopback, against a bare endpoint as the floor.

    .venv/bin/python -m bench.hub_fleet [--kiosks 3300] [--seconds 20] [--database URL]

N simulated kiosks, each polling its releases every 30 s (with the ETag and cursor it holds, so
mostly ``304``), sending a heartbeat a minute and a rating event now and then, as an open-loop
schedule spread evenly over the run. The same request rate then goes to a bare Flask endpoint
under waitress (the same framework and server, no database) in its own process. Printed: p50
and p99 latency and the server process's CPU seconds per 1,000 requests for both, and their
ratio. Goal (docs/benchmarks.md, "Hub"): p99 ≤ 50 ms for 3,300 kiosks on a 2-core machine.

Bounded in count and time: one run sends kiosks × seconds × (1/30 + 1/60 + 1/600) requests
(about 3,400 for 3,300 kiosks over 20 s) to 127.0.0.1 only, then stops both servers.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

BARE_APP = """
import sys
from flask import Flask, Response
from waitress import serve
app = Flask("bare")
@app.get("/v1/kiosks/<kiosk_id>/releases")
def releases(kiosk_id):
    return Response(status=304, headers={"ETag": '"r-0"'})
@app.post("/v1/kiosks/<kiosk_id>/heartbeat")
def heartbeat(kiosk_id):
    return Response(b'{"poll_interval_s":30}', content_type="application/json")
@app.post("/v1/kiosks/<kiosk_id>/events")
def events(kiosk_id):
    return Response(b'{"accepted":[]}', content_type="application/json")
print("serving at http://127.0.0.1:%d" % int(sys.argv[1]), flush=True)
serve(app, host="127.0.0.1", port=int(sys.argv[1]), threads=8, _quiet=True)
"""
HEARTBEAT = {
    "software_version": "0.1.0",
    "uptime_s": 3600.0,
    "disk_free_bytes": 10_000_000_000,
    "compartments": {"S": {"free": 10, "occupied": 2, "out_of_service": 0}},
    "outbox": {"pending": 0, "rejected": 0, "oldest_pending_at": None},
    "devices": {"locks": {"state": "ok"}, "printer": {"state": "ok"}},
}


@dataclass
class KioskState:
    kiosk_id: str
    token: str
    etag: str | None = None
    cursor: str = ""


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"serving at (http://\S+)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, match.group(1)


def stop(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def register(env: dict[str, str], count: int) -> list[KioskState]:
    """N kiosks in one transaction, a tenth with a released result to pull (then 304s)."""
    from hub.cli import open_hub
    from hub.fleet import add_kiosk
    from hub.releases import NewRelease, create

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        args = argparse.Namespace(database=None)
        _, hub = open_hub(args)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    kiosks = []
    with hub.engine.begin() as conn:
        for n in range(count):
            kiosk_id = f"k-{n:05d}"
            # As after its first poll: the empty feed's ETag (a kiosk with a new result gets 200).
            token = add_kiosk(conn, hub, kiosk_id, f"Phuong {n}")
            kiosks.append(KioskState(kiosk_id, token, etag='"r-0"'))
            if n % 10 == 0:
                create(
                    conn,
                    hub,
                    NewRelease(
                        kiosk_id,
                        f"000.00.07.H29-251123-{n % 10000:04d}",
                        "Dang ky khai sinh",
                        "Nguyen Van An",
                        "0912345821",
                        "2099-01-01T17:00:00+07:00",
                    ),
                    "bench",
                )
    hub.engine.dispose()
    return kiosks


def schedule(kiosks: list[KioskState], seconds: float) -> list[tuple[float, str, int]]:
    """(offset, kind, kiosk index): each kiosk's polls, heartbeats and events, phased evenly."""
    plan = []
    n = len(kiosks)
    for i in range(n):
        phase = i / n
        for kind, every in (("poll", 30.0), ("heartbeat", 60.0), ("event", 600.0)):
            t = phase * every
            while t < seconds:
                plan.append((t, kind, i))
                t += every
    return sorted(plan)


def one(session: requests.Session, url: str, kind: str, k: KioskState) -> int:
    headers = {"Authorization": f"Bearer {k.token}"}
    base = f"{url}/v1/kiosks/{k.kiosk_id}"
    if kind == "poll":
        if k.etag:
            headers["If-None-Match"] = k.etag
        reply = session.get(f"{base}/releases?cursor={k.cursor}", headers=headers, timeout=10)
        if reply.status_code == 200:
            k.etag = reply.headers.get("ETag")
            k.cursor = reply.json()["next_cursor"]
    elif kind == "heartbeat":
        body = HEARTBEAT | {"sent_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())}
        reply = session.post(f"{base}/heartbeat", json=body, headers=headers, timeout=10)
    else:
        event = {
            "event_id": str(uuid.uuid4()),
            "type": "rating.submitted",
            "actor": "citizen",
            "occurred_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
            "data": {"score": 5},
        }
        headers["Idempotency-Key"] = str(uuid.uuid4())
        reply = session.post(
            f"{base}/events", json={"events": [event]}, headers=headers, timeout=10
        )
    return reply.status_code


def drive(
    url: str, kiosks: list[KioskState], plan: list[tuple[float, str, int]], threads: int
) -> Run:
    run = Run()
    work: queue.Queue[tuple[float, str, int] | None] = queue.Queue()
    start_at = time.monotonic() + 0.5
    for item in plan:
        work.put(item)

    def worker() -> None:
        session = requests.Session()
        while (item := work.get()) is not None:
            offset, kind, i = item
            delay = start_at + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            began = time.perf_counter()
            status = one(session, url, kind, kiosks[i])
            spent = time.perf_counter() - began
            with run.lock:
                run.latencies.append(spent)
                run.by_kind.setdefault(kind, []).append(spent)
                run.statuses[status] = run.statuses.get(status, 0) + 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for _ in pool:
        work.put(None)
    for t in pool:
        t.join()
    return run


def percentiles(latencies: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    lat = sorted(latencies)
    return statistics.median(lat) * 1000, lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000


def measure(
    name: str,
    proc: subprocess.Popen[str],
    url: str,
    kiosks: list[KioskState],
    plan: list[tuple[float, str, int]],
    threads: int,
) -> tuple[float, float, float]:
    before = cpu_seconds(proc.pid)
    run = drive(url, kiosks, plan, threads)
    cpu = cpu_seconds(proc.pid) - before
    p50, p99 = percentiles(run.latencies)
    per_k = cpu / len(run.latencies) * 1000
    kinds = ", ".join(
        f"{kind} {percentiles(lat)[1]:.0f}" for kind, lat in sorted(run.by_kind.items())
    )
    print(
        f"{name:<6} {len(run.latencies):>6} requests  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
        f" (p99 {kinds})  CPU {per_k:5.2f} s per 1,000"
        f"  statuses {dict(sorted(run.statuses.items()))}"
    )
    return p50, p99, per_k


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kiosks", type=int, default=3300)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--threads", type=int, default=16, help="client threads")
    parser.add_argument("--database", help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    if not (1 <= args.kiosks <= 10_000 and 1 <= args.seconds <= 120):
        parser.error("at most 10,000 kiosks and 120 seconds: this is a bounded benchmark")
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ATM_HUB_")}
        env |= {
            "ATM_HUB_DATA_DIR": tmp,
            "ATM_HUB_DATABASE": args.database or f"sqlite:///{tmp}/hub.sqlite3",
        }
        kiosks = register(env, args.kiosks)
        plan = schedule(kiosks, args.seconds)
        print(
            f"{args.kiosks} kiosks, {args.seconds:g} s: {len(plan)} requests "
            f"({len(plan) / args.seconds:.0f}/s), database "
            f"{env['ATM_HUB_DATABASE'].split(':', 1)[0]}"
        )
        hub, hub_url = start(
            [sys.executable, "-m", "hub", "serve", "--port", "0", "--sms", f"file:{tmp}/sms.jsonl"],
            env,
        )
        try:
            hub_fig = measure("hub", hub, hub_url, kiosks, plan, args.threads)
        finally:
            stop(hub)
        port = json.loads(
            subprocess.check_output(
                [
                    sys.executable,
                    "-c",
                    "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); "
                    "print(s.getsockname()[1])",
                ]
            )
        )
        bare, bare_url = start([sys.executable, "-c", BARE_APP, str(port)], env)
        try:
            for k in kiosks:
                k.etag, k.cursor = '"r-0"', ""
            bare_fig = measure("bare", bare, bare_url, kiosks, plan, args.threads)
        finally:
            stop(bare)
    print(
        f"ratio  p50 {hub_fig[0] / bare_fig[0]:.1f}x  p99 {hub_fig[1] / bare_fig[1]:.1f}x  "
        f"CPU {hub_fig[2] / bare_fig[2]:.1f}x   goal: hub p99 <= 50 ms "
        f"({'met' if hub_fig[1] <= 50 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
