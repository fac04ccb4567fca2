"""The durable SMS queue: a message is a row until a gateway took it; a restart loses none.

``queue_code`` adds the citizen's message in the transaction that made the code, so a release
and its SMS exist together or not at all. ``SmsWorker`` sends what is due: it leases a row by
moving its due time (several ``serve`` processes never send one message twice at once), hands
it to the configured sender, and on failure tries again with exponential backoff. A message
whose code stopped working (re-issued, revoked, picked up) is superseded, not sent; its text,
which holds the OTP, is deleted once it is sent or superseded.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from hub.context import Hub
from hub.schema import kiosks, releases, sms
from hub.sms_send import Sender, SendFailed
from hub.sms_text import pickup_text
from kiosk.clock import parse_rfc3339

log = logging.getLogger(__name__)

LEASE_S = 60.0
BACKOFF_CAP_S = 900.0


@dataclass(frozen=True)
class Code:
    """A citizen's code to send: the release (its id, version, kiosk, dossier, expiry, phone)."""

    release_id: str
    version: int
    kiosk_id: str
    dossier_code: str
    expires_at: str
    phone: str
    otp: str

    @classmethod
    def of(cls, release: Any, otp: str) -> Code:
        """From a release row, or a mapping with its columns."""
        r = release if isinstance(release, Mapping) else release._mapping
        return cls(
            r["release_id"],
            int(r["version"]),
            r["kiosk_id"],
            r["dossier_code"],
            r["expires_at"],
            r["phone"],
            otp,
        )


def queue_code(conn: Connection, hub: Hub, release: Row[Any], otp: str) -> None:
    queue_codes(conn, hub, [Code.of(release, otp)])


def queue_codes(conn: Connection, hub: Hub, codes: Sequence[Code]) -> None:
    query = select(kiosks.c.kiosk_id, kiosks.c.name).where(
        kiosks.c.kiosk_id.in_({c.kiosk_id for c in codes})
    )
    wards = {row.kiosk_id: row.name for row in conn.execute(query)}
    now = hub.now()
    rows = [
        dict(
            release_id=c.release_id,
            version=c.version,
            to_phone=c.phone,
            text_enc=hub.keys.seal(
                pickup_text(wards[c.kiosk_id], c.dossier_code, c.otp, parse_rfc3339(c.expires_at))
            ),
            state="pending",
            attempts=0,
            next_ts=now,
            created_ts=now,
        )
        for c in codes
    ]
    if rows:
        conn.execute(insert(sms), rows)


def supersede(conn: Connection, release_id: str) -> None:
    conn.execute(
        update(sms)
        .where(sms.c.release_id == release_id, sms.c.state == "pending")
        .values(state="superseded", text_enc=None)
    )


def backoff_s(attempts: int, base_s: float) -> float:
    return float(min(base_s * 2 ** max(attempts - 1, 0), BACKOFF_CAP_S))


def masked(phone: str) -> str:
    return "*" * max(len(phone) - 3, 0) + phone[-3:]


class SmsWorker:
    """Sends due messages until stopped; ``send_due`` is one pass (tests call it directly)."""

    def __init__(self, hub: Hub, sender: Sender, interval_s: float = 1.0) -> None:
        self.hub = hub
        self.sender = sender
        self.interval_s = interval_s

    def send_due(self, limit: int = 50) -> int:
        sent = 0
        for row_id in self._due(limit):
            leased = self._lease(row_id)
            if leased is not None:
                sent += self._send(leased)
        return sent

    def _due(self, limit: int) -> list[int]:
        with self.hub.reader.connect() as conn:
            return list(
                conn.execute(
                    select(sms.c.id)
                    .where(sms.c.state == "pending", sms.c.next_ts <= self.hub.now())
                    .order_by(sms.c.next_ts)
                    .limit(limit)
                ).scalars()
            )

    def _lease(self, row_id: int) -> Row[Any] | None:
        """The row, leased to this process for LEASE_S; None when another took it first."""
        now = self.hub.now()
        with self.hub.engine.begin() as conn:
            taken = conn.execute(
                update(sms)
                .where(sms.c.id == row_id, sms.c.state == "pending", sms.c.next_ts <= now)
                .values(next_ts=now + LEASE_S)
            ).rowcount
            if not taken:
                return None
            row = conn.execute(select(sms).where(sms.c.id == row_id)).one()
            current = conn.execute(
                select(releases.c.version, releases.c.state).where(
                    releases.c.release_id == row.release_id
                )
            ).first()
            if current is None:
                return None
            if current.state != "released" or current.version != row.version:
                supersede(conn, row.release_id)
                return None
            return row

    def _send(self, row: Row[Any]) -> int:
        text = self.hub.keys.open(row.text_enc)
        try:
            self.sender.send(row.to_phone, text)
        except SendFailed as exc:
            attempts = row.attempts + 1
            delay = backoff_s(attempts, self.hub.sms_retry_base_s)
            with self.hub.engine.begin() as conn:
                conn.execute(
                    update(sms)
                    .where(sms.c.id == row.id)
                    .values(
                        attempts=attempts,
                        next_ts=self.hub.now() + delay,
                        last_error=str(exc)[:500],
                    )
                )
            # Once when a message starts failing; its retries are at info.
            level = logging.WARNING if attempts == 1 else logging.INFO
            log.log(
                level,
                "SMS %d to %s failed (%s); next try in %.0f s",
                row.id,
                masked(row.to_phone),
                exc,
                delay,
            )
            return 0
        with self.hub.engine.begin() as conn:
            conn.execute(
                update(sms)
                .where(sms.c.id == row.id)
                .values(
                    state="sent",
                    text_enc=None,
                    attempts=row.attempts + 1,
                    sent_ts=self.hub.now(),
                    last_error=None,
                )
            )
        log.info("SMS %d for release %s sent to %s", row.id, row.release_id, masked(row.to_phone))
        return 1

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.send_due()
            except Exception:
                log.exception("the SMS worker's pass failed; trying again")
            self.hub.sms_wake.wait(self.interval_s)
            self.hub.sms_wake.clear()
