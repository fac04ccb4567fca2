"""Pushing the outbox: in order, in batches of at most 500, each under one Idempotency-Key.

The key is written to the batch's rows *before* the first send, so a retry after a lost reply
(even after a restart) sends the same events under the same key and the server answers from
its record instead of counting them twice. Accepted and duplicate events become ``sent``;
rejected ones are kept with the server's reason for technicians, and do not hold up the rest.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.store import Store, kv
from kiosk.store.outbox import as_wire
from sync.client import CentralClient
from sync.errors import BadReply, IdempotencyConflict
from sync.wire import MAX_EVENTS_PER_BATCH, EventsReply

log = logging.getLogger(__name__)


@dataclass
class PushCount:
    sent: int = 0
    rejected: int = 0
    batches: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.rejected} rejected in {self.batches} batch(es)"


def push_outbox(
    store: Store, client: CentralClient, clock: Clock, batch_size: int = MAX_EVENTS_PER_BATCH
) -> PushCount:
    count = PushCount()
    conflicts = 0
    while True:
        batch = claim_batch(store, batch_size)
        if batch is None:
            return count
        key, rows = batch
        try:
            reply = client.post_events([as_wire(r) for r in rows], key)
        except IdempotencyConflict:
            # Our rows changed under the key (should not happen). Event ids still protect
            # against double counting, so a fresh key is safe; refuse to loop on it.
            conflicts += 1
            if conflicts > 1:
                raise BadReply(f"POST events: 422 again for a new key {key}") from None
            log.warning(
                "Idempotency-Key %s refused (422): re-sending the batch under a new key", key
            )
            with store.transaction() as conn:
                conn.execute(
                    "UPDATE outbox SET batch_key = NULL WHERE batch_key = ? AND state = 'pending'",
                    (key,),
                )
            continue
        with store.transaction() as conn:
            settle_batch(
                conn,
                key=key,
                event_ids=[r["event_id"] for r in rows],
                reply=reply,
                at=clock.iso(),
                count=count,
            )
            kv.raise_clock_floor(conn, clock.floor)
        count.batches += 1


def claim_batch(store: Store, size: int) -> tuple[str, list[sqlite3.Row]] | None:
    """The batch to send next: an unfinished one with its key, else the oldest pending events."""
    with store.transaction() as conn:
        first = conn.execute(
            "SELECT batch_key FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1"
        ).fetchone()
        if first is None:
            return None
        key = first["batch_key"]
        if key is None:
            key = str(uuid.uuid4())
            conn.execute(
                "UPDATE outbox SET batch_key = ? WHERE seq IN (SELECT seq FROM outbox"
                " WHERE state = 'pending' AND batch_key IS NULL ORDER BY seq LIMIT ?)",
                (key, size),
            )
        rows = conn.execute(
            "SELECT * FROM outbox WHERE batch_key = ? AND state = 'pending' ORDER BY seq", (key,)
        ).fetchall()
    return key, rows


def settle_batch(
    conn: sqlite3.Connection,
    *,
    key: str,
    event_ids: list[str],
    reply: EventsReply,
    at: str,
    count: PushCount,
) -> None:
    ours = set(event_ids)
    done = [e for e in [*reply.accepted, *reply.duplicates] if e in ours]
    rejected = [r for r in reply.rejected if r.event_id in ours]
    if not done and not rejected:
        raise BadReply(f"POST events: the reply names none of the {len(ours)} events sent")
    conn.executemany(
        "UPDATE outbox SET state = 'sent', sent_at = ? WHERE event_id = ? AND state = 'pending'",
        [(at, e) for e in done],
    )
    for r in rejected:
        log.warning("central system rejected event %s: %s", r.event_id, r.reason)
        conn.execute(
            "UPDATE outbox SET state = 'rejected', reject_reason = ? WHERE event_id = ?"
            " AND state = 'pending'",
            (r.reason, r.event_id),
        )
    # Any event the reply did not mention goes out again in a later batch, under a new key.
    conn.execute(
        "UPDATE outbox SET batch_key = NULL WHERE batch_key = ? AND state = 'pending'", (key,)
    )
    count.sent += len(done)
    count.rejected += len(rejected)
