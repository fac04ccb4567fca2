"""Sync cost against the work (issue 11): push and pull as a ratio to a floor measured in the
same run, at 10,000 and 100,000.

    .venv/bin/python -m bench.bench_scale [--sizes 10000,100000] [--runs 3]

Both talk through the real ``CentralClient`` to a ``requests`` transport adapter standing in for
the central system, so that only the kiosk's side is timed (the end-to-end figures against the
simulator over loopback are bench_sync's).

Push: the real ``push_outbox`` (batches of 500: claim under a key, send, settle, two
transactions each) from an outbox of N pending events, to a central system that accepts every
event. Its floor is writing those N events into the outbox in the first place
(``outbox.enqueue``, one transaction). Goals: 100k ≤ 2× its floor, and the time per event flat
from 10k to 100k (its ratio to the floor at 100k within 20 % of the ratio at 10k).

Pull: the real ``pull_releases`` (pages of 1,000: validate each item, hash each OTP, one audit
record and one transaction per page) from page bodies encoded as the simulator
encodes them. Its floor is the bare decode-and-insert of the
same bodies: ``json.loads`` and one ``executemany`` into a table of the same columns, one
transaction per page, same file settings. Goal: 100k ≤ 3× its floor. A second line, for
reading the first (no goal): the same floor with the two look-up indexes the kiosk's table
needs (by dossier code; by the code's first digits, at random places like the kiosk's hash
prefix), so what the schema costs and what the code costs are told apart. Floor and pull are
each the best of ``--runs`` (3): the floor is mostly commits, and a shared disk's fsyncs vary
from run to run more than the code does.
"""

from __future__ import annotations

import argparse
import io
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

from hub.replies import encode
from kiosk.clock import Clock
from kiosk.services.otp_key import OtpHasher
from kiosk.settings import CentralConfig
from kiosk.store import Store
from kiosk.store.schema import OTP_INDEX_PREFIX
from sync.client import CentralClient
from sync.events import push_outbox
from sync.releases import pull_releases
from tests.sync.helpers import pickups

KIOSK = "demo-kiosk-01"
TOKEN = "demo-token"
PAGE = 1000
FLAT = 1.2  # "flat": per event at the largest size within 20 % of the smallest


@contextmanager
def fresh_store() -> Iterator[Store]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "kiosk.sqlite3", device_key=b"k" * 32)
        try:
            yield store
        finally:
            store.close()


# --- push -------------------------------------------------------------------------------------


class AcceptEvents(BaseAdapter):
    """A central system that accepts every event at once: the body parsed, every id accepted."""

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        body = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        ids = [e["event_id"] for e in json.loads(body)["events"]]
        return reply(request, encode({"accepted": ids, "duplicates": [], "rejected": []}))

    def close(self) -> None:
        pass


def push(n: int) -> tuple[float, float]:
    """(seconds to write n events into the outbox, seconds to push them)."""
    clock = Clock()
    with fresh_store() as store:
        started = time.perf_counter()
        pickups(store, clock, n)
        floor = time.perf_counter() - started
        client = replay_client(AcceptEvents(), clock)
        started = time.perf_counter()
        pushed = push_outbox(store, client, clock)
        took = time.perf_counter() - started
    assert pushed.sent == n and pushed.batches == -(-n // 500), pushed
    return floor, took


def reply(request: requests.PreparedRequest, body: bytes) -> requests.Response:
    """A 200 with ``body`` and the headers the simulator sends."""
    response = requests.Response()
    response.status_code = 200
    response.headers.update(
        {
            "Content-Type": "application/json",
            "Content-Length": str(len(body)),
            "ETag": '"r-bench"',
            "Date": format_datetime(datetime.now(UTC), usegmt=True),
        }
    )
    response.raw = io.BytesIO(body)
    response.url = str(request.url)
    response.request = request
    return response


def replay_client(adapter: BaseAdapter, clock: Clock) -> CentralClient:
    url = "http://127.0.0.1:9"  # never dialled: the adapter answers
    session = requests.Session()
    session.mount("http://", adapter)
    config = CentralConfig(url=url, token=TOKEN)
    return CentralClient(url, KIOSK, config, clock=clock, session=session)


# --- pull -------------------------------------------------------------------------------------


def release_pages(n: int) -> list[bytes]:
    """n releases as the central system sends them, in pages of PAGE, encoded as it does."""
    pages = []
    for start in range(0, n, PAGE):
        items = [
            {
                "release_id": f"r-{i:06x}",
                "version": 1,
                "status": "released",
                "dossier_code": f"000.00.07.H29-251123-{i % 10000:04d}",
                "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
                "holder_name": "Nguyễn Văn An",
                "phone_last_digits": "821",
                "otp": f"{(i * 7919) % 10**8:08d}",
                "expires_at": "2026-12-30T17:00:00+07:00",
                "size_hint": "M",
            }
            for i in range(start, min(start + PAGE, n))
        ]
        last = start + len(items)
        page = {"items": items, "next_cursor": f"c-{last:06d}", "has_more": last < n}
        pages.append(encode(page))
    return pages


class PageReplay(BaseAdapter):
    """Serves recorded page bodies by cursor, with the headers the simulator sends."""

    def __init__(self, pages: list[bytes]) -> None:
        super().__init__()
        self.pages = pages

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        query = parse_qs(urlsplit(str(request.url)).query)
        cursor = query.get("cursor", ["c-000000"])[0]
        return reply(request, self.pages[int(cursor[2:]) // PAGE])

    def close(self) -> None:
        pass


FLOOR_TABLE = (
    "CREATE TABLE bare (release_id TEXT PRIMARY KEY, version INTEGER, status TEXT,"
    " dossier_code TEXT, procedure_name TEXT, holder_name TEXT, phone_last_digits TEXT,"
    " otp TEXT, expires_at TEXT, size_hint TEXT)"
)
FLOOR_INSERT = "INSERT INTO bare VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
FLOOR_KEYS = (
    "release_id",
    "version",
    "status",
    "dossier_code",
    "procedure_name",
    "holder_name",
    "phone_last_digits",
    "otp",
    "expires_at",
    "size_hint",
)


#: The kiosk's look-up indexes on the floor's columns (kiosk/store/schema.py, m010). The code's
#: last four digits, not its first: ``release_pages`` makes the first ones rise with the item,
#: the last ones land at random places in the index, as the kiosk's hash prefix does.
FLOOR_INDEXES = (
    "CREATE INDEX bare_dossier_code ON bare (dossier_code)",
    f"CREATE INDEX bare_otp_prefix ON bare (substr(otp, -{OTP_INDEX_PREFIX}))",
)


def pull_floor(pages: list[bytes], indexes: tuple[str, ...] = ()) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "bare.sqlite3", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(FLOOR_TABLE)
        for index in indexes:
            conn.execute(index)
        started = time.perf_counter()
        for body in pages:
            items: list[Mapping[str, Any]] = json.loads(body)["items"]
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(FLOOR_INSERT, [tuple(i.get(k) for k in FLOOR_KEYS) for i in items])
            conn.execute("COMMIT")
        took = time.perf_counter() - started
        conn.close()
    return took


def pull(pages: list[bytes], n: int) -> float:
    clock = Clock()
    client = replay_client(PageReplay(pages), clock)
    with fresh_store() as store:
        started = time.perf_counter()
        count = pull_releases(store, client, OtpHasher(b"h" * 32), clock, PAGE)
        took = time.perf_counter() - started
    assert count.applied == n and count.pages == len(pages), count
    return took


# --- report -----------------------------------------------------------------------------------


def line(what: str, took: float, floor: float, goal: float | None) -> int:
    ratio = took / floor
    verdict = "" if goal is None else f"   goal ≤ {goal:g}×: {'met' if ratio <= goal else 'MISSED'}"
    print(f"{what:<40} {took:7.2f} s  floor {floor:6.2f} s  {ratio:5.2f}×{verdict}", flush=True)
    return int(goal is not None and ratio > goal)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="pull: the best of this many")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs: int = args.runs
    failures = 0
    ratio: dict[int, float] = {}
    for n in sizes:
        floor, took = push(n)
        ratio[n] = took / floor
        failures += line(f"push of {n:,} events", took, floor, 2.0 if n >= 100_000 else None)
        print(f"  ({took / n * 1e6:.1f} µs per event; floor {floor / n * 1e6:.1f} µs)")
    if len(sizes) > 1:
        # Per event against the floor's per event, each in its own run: the machine's load
        # moves both alike (on a shared box, raw times per event say more about the load).
        flat = ratio[sizes[-1]] / ratio[sizes[0]]
        verdict = "met" if flat <= FLAT else "MISSED"
        print(
            f"push time per event {sizes[0]:,} → {sizes[-1]:,}, against its floor:"
            f" {flat:.2f}×   goal flat (≤ {FLAT:g}×): {verdict}"
        )
        failures += int(flat > FLAT)
    for n in sizes:
        pages = release_pages(n)
        floor = min(pull_floor(pages) for _ in range(runs))
        indexed = min(pull_floor(pages, FLOOR_INDEXES) for _ in range(runs))
        took = min(pull(pages, n) for _ in range(runs))
        failures += line(f"pull of {n:,} releases", took, floor, 3.0 if n >= 100_000 else None)
        line("  against the floor with the two indexes", took, indexed, None)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
