"""What every service needs, and the one way a state change is recorded."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.clock import Clock
from kiosk.services.otp_key import OtpHasher
from kiosk.settings import Settings
from kiosk.store import Store, audit, kv, outbox


@dataclass(frozen=True)
class ServiceContext:
    store: Store
    clock: Clock
    settings: Settings
    hasher: OtpHasher


def record(
    conn: sqlite3.Connection,
    clock: Clock,
    *,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
    event: str | None = None,
    dossier_code: str | None = None,
    release_id: str | None = None,
    compartment: str | None = None,
    data: Mapping[str, Any] | None = None,
) -> None:
    """One audit record and, if ``event`` is given, one outbox event, in the caller's transaction.

    Also keeps the clock's floor current, so that after a restart with the wall clock turned
    back the kiosk still knows time has passed at least this far.
    """
    now = clock.timestamp()
    at = clock.iso(now)
    audit.append(conn, at=at, actor=actor, action=action, subject=subject, details=details)
    if event is not None:
        outbox.enqueue(
            conn,
            type=event,
            occurred_at=at,
            actor=actor,
            dossier_code=dossier_code,
            release_id=release_id,
            compartment=compartment,
            data=data,
        )
    kv.raise_clock_floor(conn, now)
