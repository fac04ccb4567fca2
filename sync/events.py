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
from itertools import takewhile

from kiosk.clock import Clock
from kiosk.store import Store, kv, outbox
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
                release_key(conn, key, rows)
            continue
        with store.transaction() as conn:
            settle_batch(conn, key=key, rows=rows, reply=reply, at=clock.iso(), count=count)
            kv.raise_clock_floor(conn, clock.floor)
        count.batches += 1


def claim_batch(store: Store, size: int) -> tuple[str, list[sqlite3.Row]] | None:
    """The batch to send next: an unfinished one with its key, else the oldest pending events.

    A batch is the run of oldest pending rows that share the first one's key (none yet: a new
    key for them). Every statement here reads or writes only that run, through the index on
    (state, seq): the cost of a batch does not grow with the outbox behind it."""
    with store.transaction() as conn:
        pending = outbox.oldest_pending(conn, size)
        if not pending:
            return None
        key = pending[0]["batch_key"]
        rows = list(takewhile(lambda r: r["batch_key"] == key, pending))
        if key is None:
            key = str(uuid.uuid4())
            outbox.set_batch_key(conn, key, rows[0]["seq"], rows[-1]["seq"])
    return key, rows


def settle_batch(
    conn: sqlite3.Connection,
    *,
    key: str,
    rows: list[sqlite3.Row],
    reply: EventsReply,
    at: str,
    count: PushCount,
) -> None:
    # Rows by seq, the table's own key (event ids are random: their index is the slower way in).
    ours = {r["event_id"]: r["seq"] for r in rows}
    done = [e for e in dict.fromkeys([*reply.accepted, *reply.duplicates]) if e in ours]
    rejected = [r for r in reply.rejected if r.event_id in ours]
    if not done and not rejected:
        raise BadReply(f"POST events: the reply names none of the {len(ours)} events sent")
    outbox.mark_sent(conn, [ours[e] for e in done], at)
    for r in rejected:
        log.warning("central system rejected event %s: %s", r.event_id, r.reason)
    outbox.mark_rejected(conn, [(ours[r.event_id], r.reason) for r in rejected])
    # Any event the reply did not mention goes out again in a later batch, under a new key.
    release_key(conn, key, rows)
    count.sent += len(done)
    count.rejected += len(rejected)


def release_key(conn: sqlite3.Connection, key: str, rows: list[sqlite3.Row]) -> None:
    """The batch's rows still pending lose its key."""
    outbox.release_batch_key(conn, key, rows[0]["seq"], rows[-1]["seq"])
