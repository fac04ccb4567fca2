"""Helpers for the sync tests: settings with tiny delays, outbox events, what the server saw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hub.sim import CentralSimServer
from kiosk.clock import Clock
from kiosk.settings import CentralConfig, Settings
from kiosk.store import Store
from kiosk.store.outbox import enqueue

FAST_CENTRAL: dict[str, Any] = {
    "connect_timeout_s": 1.0,
    "read_timeout_s": 0.5,
    "retry_base_s": 0.002,
    "retry_cap_s": 0.05,
    "max_attempts": 4,
    "page_limit": 10,
}


def make_settings(url: str, data_dir: Path, **central: Any) -> Settings:
    return Settings(
        data_dir=str(data_dir), central=CentralConfig(url=url, **(FAST_CENTRAL | central))
    )


def kv_value(store: Store, key: str) -> str | None:
    row = store.one("SELECT value FROM kv WHERE key = ?", (key,))
    return None if row is None else str(row[0])


def pickups(store: Store, clock: Clock, n: int, start: int = 0) -> list[str]:
    """Queue ``n`` pickup events in the outbox, in one transaction; their ids in order.

    ``bench/bench_scale.py`` and ``bench/bench_sync.py`` fill their outboxes with it too."""
    ids = []
    with store.transaction() as conn:
        for i in range(start, start + n):
            ids.append(
                enqueue(
                    conn,
                    type="result.picked_up",
                    occurred_at=clock.iso(),
                    actor="citizen",
                    dossier_code=f"000.00.07.H29-251123-{i % 10000:04d}",
                    release_id=f"r-{i:06x}",
                    compartment="A03",
                )
            )
    return ids


def outbox_states(store: Store) -> list[tuple[str, str]]:
    return [(r["event_id"], r["state"]) for r in store.query("SELECT * FROM outbox ORDER BY seq")]


def paths(server: CentralSimServer, method: str | None = None) -> list[str]:
    return [
        r.path.rsplit("/", 1)[-1]
        for r in server.sim.request_log()
        if method is None or r.method == method
    ]


def scalar(store: Store, sql: str, params: tuple[Any, ...] = ()) -> Any:
    row = store.one(sql, params)
    assert row is not None, sql
    return row[0]
