"""What kiosks report (POST events): recorded once per event id, acted upon, fed onward.

A batch's ``Idempotency-Key`` is claimed in a transaction of its own, so that a second process
sees it at once and answers ``409`` while the first is still working; the batch is then recorded
in one transaction that takes the ``events`` counter first. That counter row orders every
writer of events (on PostgreSQL it stays locked until commit), so the integration feed's cursor,
``seq``, never passes a row that commits later. A claim left by a process that died frees itself
after ``Hub.claim_stale_s``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from hub import fleet, releases, sms
from hub.context import Hub, iso
from hub.errors import Refused
from hub.schema import counters, events, idempotency_keys, release_history
from hub.schema import releases as release_table
from kiosk.clock import parse_rfc3339
from sync.wire import Event, describe

log = logging.getLogger(__name__)


def body_digest(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def claim(hub: Hub, kiosk_id: str, key: str, digest: str) -> dict[str, Any] | None:
    """None: go ahead (the key is ours now); a dict: the reply already given to this key."""
    now = hub.now()
    try:
        with hub.engine.begin() as conn:
            conn.execute(
                insert(idempotency_keys).values(
                    kiosk_id=kiosk_id, key=key, digest=digest, created_ts=now
                )
            )
        return None
    except IntegrityError:
        pass
    with hub.engine.begin() as conn:
        row = conn.execute(
            select(idempotency_keys).where(
                idempotency_keys.c.kiosk_id == kiosk_id, idempotency_keys.c.key == key
            )
        ).first()
        if row is None:  # released by its first request's failure meanwhile
            raise Refused(409, "in_progress", "a request with this key is being processed")
        if row.digest != digest:
            raise Refused(422, "idempotency_key_reused", "this key came with another body")
        if row.reply is not None:
            return dict(json.loads(row.reply))
        if row.created_ts < now - hub.claim_stale_s:
            taken = conn.execute(
                update(idempotency_keys)
                .where(
                    idempotency_keys.c.kiosk_id == kiosk_id,
                    idempotency_keys.c.key == key,
                    idempotency_keys.c.created_ts == row.created_ts,
                )
                .values(created_ts=now)
            ).rowcount
            if taken:
                return None
    raise Refused(409, "in_progress", "a request with this key is being processed")


def release_claim(hub: Hub, kiosk_id: str, key: str) -> None:
    with hub.engine.begin() as conn:
        conn.execute(
            delete(idempotency_keys).where(
                idempotency_keys.c.kiosk_id == kiosk_id,
                idempotency_keys.c.key == key,
                idempotency_keys.c.reply.is_(None),
            )
        )


def record_batch(hub: Hub, kiosk_id: str, key: str, batch: list[dict[str, Any]]) -> dict[str, Any]:
    """Record the batch and keep the reply for replays of the key; one transaction."""
    accepted: list[str] = []
    duplicates: list[str] = []
    rejected: list[dict[str, str]] = []
    with hub.engine.begin() as conn:
        seq = conn.execute(
            update(counters)
            .where(counters.c.name == "events")
            .values(value=counters.c.value + len(batch))
            .returning(counters.c.value)
        ).scalar_one() - len(batch)
        ids = [raw["event_id"] for raw in batch]
        seen = set(
            conn.execute(
                select(events.c.event_id).where(
                    events.c.kiosk_id == kiosk_id, events.c.event_id.in_(ids)
                )
            ).scalars()
        )
        taken: list[tuple[Event, int]] = []
        rows: list[dict[str, Any]] = []
        now = hub.now()
        for raw in batch:
            event_id = raw["event_id"]
            try:
                event = Event.model_validate(raw)
            except ValidationError as exc:
                rejected.append({"event_id": event_id, "reason": describe(exc)})
                continue
            if event_id in seen:
                duplicates.append(event_id)
                continue
            seen.add(event_id)
            seq += 1
            rows.append(
                dict(
                    seq=seq,
                    kiosk_id=kiosk_id,
                    event_id=event_id,
                    type=event.type,
                    body=json.dumps(raw, ensure_ascii=False),
                    received_ts=now,
                )
            )
            taken.append((event, seq))
            accepted.append(event_id)
        if rows:
            # A batch is up to 500 events: written together, and the releases they name
            # looked up together (one statement each, not one per event).
            conn.execute(insert(events), rows)
            owned = _releases_of(conn, kiosk_id, {e.release_id for e, _ in taken if e.release_id})
            for event, event_seq in taken:
                act_on(conn, hub, kiosk_id, event, event_seq, owned)
        reply = {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}
        conn.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.kiosk_id == kiosk_id, idempotency_keys.c.key == key)
            .values(reply=json.dumps(reply))
        )
    return reply


def act_on(
    conn: Connection, hub: Hub, kiosk_id: str, event: Event, seq: int, owned: set[str]
) -> None:
    """What the hub does about one event, in the transaction that records it. ``owned``: the
    kiosk's releases among those the batch names."""
    kind = event.type
    release_id = event.release_id
    if release_id is not None and release_id not in owned:
        release_id = None  # another kiosk's or unknown: recorded, nothing done
    if kind == "result.picked_up" and release_id:
        releases.end(conn, hub, release_id, "picked_up", event.actor)
    elif kind == "result.retrieved" and release_id:
        releases.end(conn, hub, release_id, "retrieved", event.actor)
    elif kind == "result.code_voided" and release_id:
        row = conn.execute(
            select(release_table.c.state, release_table.c.expires_ts).where(
                release_table.c.release_id == release_id
            )
        ).one()
        # A code voided after its release ended or expired needs no new one.
        if row.state == releases.ACTIVE and row.expires_ts > hub.now():
            releases.reissue(conn, hub, release_id, "hub", "code voided at the kiosk")
    elif kind == "otp.resend_requested" and event.dossier_code:
        resend(conn, hub, kiosk_id, event.dossier_code, str(event.data["phone_last_digits"]))
    elif kind in ("result.loaded", "result.pickup_failed") and release_id:
        releases.note(conn, hub, release_id, kind.split(".")[1], event.actor, event.compartment)
    elif kind == "alarm.raised":
        fleet.alarm_raised(conn, kiosk_id, event)
    elif kind == "alarm.cleared":
        fleet.alarm_cleared(conn, kiosk_id, event)
    elif kind == "rating.submitted":
        month = f"{parse_rfc3339(event.occurred_at):%Y-%m}"
        fleet.rating(conn, kiosk_id, seq, month, int(event.data["score"]))


def _releases_of(conn: Connection, kiosk_id: str, release_ids: set[str]) -> set[str]:
    if not release_ids:
        return set()
    return set(
        conn.execute(
            select(release_table.c.release_id).where(
                release_table.c.kiosk_id == kiosk_id,
                release_table.c.release_id.in_(release_ids),
            )
        ).scalars()
    )


def resend(conn: Connection, hub: Hub, kiosk_id: str, dossier_code: str, digits: str) -> None:
    """Send the current code again when the phone's last digits match, at most
    ``resend_per_day`` times a day and ``resend_gap_s`` apart per dossier. The kiosk hears the
    same either way (its event is accepted); the history says what was done."""
    row = releases.active_for_dossier(conn, kiosk_id, dossier_code)
    if row is None:
        log.info("resend asked at %s for a dossier with no active release", kiosk_id)
        return
    if len(digits) < 3 or not row.phone.endswith(digits):
        releases.note(conn, hub, row.release_id, "resend_refused", "citizen", "digits differ")
        return
    now = hub.now()
    recent = (
        conn.execute(
            select(release_history.c.ts).where(
                release_history.c.release_id == row.release_id,
                release_history.c.action == "resent",
                release_history.c.ts > now - 86_400,
            )
        )
        .scalars()
        .all()
    )
    if len(recent) >= hub.resend_per_day or any(ts > now - hub.resend_gap_s for ts in recent):
        releases.note(conn, hub, row.release_id, "resend_refused", "citizen", "rate limited")
        return
    sms.queue_code(conn, hub, row, releases.current_code(hub, row))
    releases.note(conn, hub, row.release_id, "resent", "citizen")


# --- the integration feed ------------------------------------------------------------------


def feed(conn: Connection, after: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
    rows = conn.execute(
        select(events).where(events.c.seq > after).order_by(events.c.seq).limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    page = rows[:limit]
    items = []
    for r in page:
        item = json.loads(r.body)
        item["kiosk_id"] = r.kiosk_id
        item["received_at"] = iso(r.received_ts)
        items.append(item)
    last = int(page[-1].seq) if page else after
    return items, last, has_more


def received(conn: Connection, kiosk_id: str) -> list[dict[str, Any]]:
    """Every event recorded from one kiosk, oldest first, each as the kiosk sent it."""
    rows = conn.execute(
        select(events.c.body).where(events.c.kiosk_id == kiosk_id).order_by(events.c.seq)
    ).scalars()
    return [json.loads(body) for body in rows]
