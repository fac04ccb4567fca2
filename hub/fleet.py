"""The fleet's health: kiosks, their newest heartbeat, open alarms, ratings per month.

One owner for ``kiosks`` (registration and heartbeats), ``alarms`` and ``ratings``. Online or
offline is not stored: it is the newest heartbeat's age, judged when someone looks.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from hub.context import Hub
from hub.crypto import new_token, token_digest
from hub.errors import HubError
from hub.schema import alarms, events, kiosks, ratings
from sync.wire import Event

DEFAULT_POLL_S = 30.0


def add_kiosk(
    conn: Connection, hub: Hub, kiosk_id: str, name: str, token: str | None = None
) -> str:
    """Register a kiosk; its bearer token, returned once (only a digest is kept). ``token``:
    one chosen beforehand (the central simulator's, which the demo kiosk is configured with)."""
    if conn.execute(select(kiosks.c.kiosk_id).where(kiosks.c.kiosk_id == kiosk_id)).first():
        raise HubError(f"kiosk {kiosk_id!r} is already registered")
    token = token or new_token()
    conn.execute(
        insert(kiosks).values(
            kiosk_id=kiosk_id,
            name=name,
            token_sha256=token_digest(token),
            change_seq=0,
            poll_interval_s=30.0,
            created_ts=hub.now(),
        )
    )
    return token


# The hot path's statements, built once (every kiosk request runs the first).
KIOSK_BY_TOKEN = select(kiosks.c.kiosk_id, kiosks.c.poll_interval_s).where(
    kiosks.c.token_sha256 == bindparam("digest")
)
FEED_HEAD = select(kiosks.c.change_seq).where(kiosks.c.kiosk_id == bindparam("kiosk"))


class TokenCache:
    """Token digest → kiosk id (and its poll interval), for ``ttl_s``: a poll's 304 then costs
    one query, not two. Tokens never change owner; a kiosk removed from the database is refused
    within ttl_s."""

    def __init__(self, ttl_s: float = 60.0, size: int = 20_000) -> None:
        self.ttl_s = ttl_s
        self.size = size
        self._known: dict[str, tuple[str, float, float]] = {}
        self._intervals: dict[str, float] = {}
        self._lock = threading.Lock()

    def kiosk_for(self, hub: Hub, token: str) -> str | None:
        digest = token_digest(token)
        now = time.monotonic()
        with self._lock:
            hit = self._known.get(digest)
        if hit is not None and hit[2] > now:
            return hit[0]
        with hub.reader.connect() as conn:
            row = conn.execute(KIOSK_BY_TOKEN, {"digest": digest}).first()
        if row is None:
            return None
        with self._lock:
            if len(self._known) >= self.size:
                self._known.clear()
                self._intervals.clear()
            self._known[digest] = (row.kiosk_id, float(row.poll_interval_s), now + self.ttl_s)
            self._intervals[row.kiosk_id] = float(row.poll_interval_s)
        return str(row.kiosk_id)

    def poll_interval(self, kiosk_id: str) -> float:
        with self._lock:
            return self._intervals.get(kiosk_id, DEFAULT_POLL_S)


def feed_head(conn: Connection, kiosk_id: str) -> int:
    return int(conn.execute(FEED_HEAD, {"kiosk": kiosk_id}).scalar_one())


def record_heartbeat(hub: Hub, kiosk_id: str, beat: dict[str, Any]) -> None:
    """Kept for the next flush (hub.beats): the newest beat of each kiosk is what counts."""
    hub.beats.add(kiosk_id, json.dumps(beat, ensure_ascii=False), hub.now())


def alarm_raised(conn: Connection, kiosk_id: str, event: Event) -> None:
    conn.execute(
        insert(alarms).values(
            kiosk_id=kiosk_id,
            kind=event.data["kind"],
            compartment=event.compartment,
            raised_at=event.occurred_at,
        )
    )


def alarm_cleared(conn: Connection, kiosk_id: str, event: Event) -> None:
    conn.execute(
        update(alarms)
        .where(
            alarms.c.kiosk_id == kiosk_id,
            alarms.c.kind == event.data["kind"],
            alarms.c.cleared_at.is_(None),
            alarms.c.compartment.is_(None)
            if event.compartment is None
            else alarms.c.compartment == event.compartment,
        )
        .values(cleared_at=event.occurred_at)
    )


def acknowledge(conn: Connection, hub: Hub, alarm_id: int, who: str) -> bool:
    return bool(
        conn.execute(
            update(alarms)
            .where(alarms.c.id == alarm_id, alarms.c.acked_ts.is_(None))
            .values(acked_ts=hub.now(), acked_by=who)
        ).rowcount
    )


def rating(conn: Connection, kiosk_id: str, seq: int, month: str, score: int) -> None:
    conn.execute(insert(ratings).values(event_seq=seq, kiosk_id=kiosk_id, month=month, score=score))


@dataclass(frozen=True)
class KioskView:
    kiosk_id: str
    name: str
    online: bool
    heartbeat_age_s: float | None
    heartbeat: dict[str, Any]
    open_alarms: int


def fleet(conn: Connection, hub: Hub) -> list[KioskView]:
    open_counts = {
        kiosk_id: int(n)
        for kiosk_id, n in conn.execute(
            select(alarms.c.kiosk_id, func.count())
            .where(alarms.c.cleared_at.is_(None))
            .group_by(alarms.c.kiosk_id)
        ).tuples()
    }
    now = hub.now()
    waiting = hub.beats.pending()
    out = []
    for row in conn.execute(select(kiosks).order_by(kiosks.c.kiosk_id)):
        beat, beat_ts = waiting.get(row.kiosk_id, (row.heartbeat, row.heartbeat_ts))
        age = None if beat_ts is None else max(now - beat_ts, 0.0)
        out.append(
            KioskView(
                row.kiosk_id,
                row.name,
                age is not None and age <= hub.offline_after_s,
                age,
                json.loads(beat) if beat else {},
                int(open_counts.get(row.kiosk_id, 0)),
            )
        )
    return out


def kiosk_alarms(conn: Connection, kiosk_id: str, limit: int = 50) -> list[Any]:
    return list(
        conn.execute(
            select(alarms)
            .where(alarms.c.kiosk_id == kiosk_id)
            .order_by(alarms.c.cleared_at.is_not(None), alarms.c.id.desc())
            .limit(limit)
        )
    )


def recent_events(conn: Connection, kiosk_id: str, limit: int = 50) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(events.c.body)
        .where(events.c.kiosk_id == kiosk_id)
        .order_by(events.c.seq.desc())
        .limit(limit)
    ).scalars()
    return [json.loads(b) for b in rows]


def monthly_ratings(conn: Connection) -> dict[str, dict[str, tuple[float, int]]]:
    """kiosk → month → (average score, count)."""
    out: dict[str, dict[str, tuple[float, int]]] = {}
    for kiosk_id, month, avg, n in conn.execute(
        select(ratings.c.kiosk_id, ratings.c.month, func.avg(ratings.c.score), func.count())
        .group_by(ratings.c.kiosk_id, ratings.c.month)
        .order_by(ratings.c.kiosk_id, ratings.c.month)
    ).tuples():
        out.setdefault(kiosk_id, {})[month] = (float(avg), int(n))
    return out


def poll_interval(conn: Connection, kiosk_id: str) -> float:
    return float(
        conn.execute(
            select(kiosks.c.poll_interval_s).where(kiosks.c.kiosk_id == kiosk_id)
        ).scalar_one()
    )


def set_poll_interval(conn: Connection, kiosk_id: str, seconds: float) -> None:
    """How often the kiosk should poll (the heartbeat's reply tells it)."""
    conn.execute(
        update(kiosks).where(kiosks.c.kiosk_id == kiosk_id).values(poll_interval_s=seconds)
    )
