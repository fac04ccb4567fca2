"""The hub as the request handlers and workers see it: database, keys, clock, policies."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine

from hub.beats import HeartbeatBuffer
from hub.crypto import PIN_ITERATIONS, HubKeys
from hub.db import reader

# The hub's own times on the wire and on the dashboard: Vietnam's offset, as the kiosks use.
VN = timezone(timedelta(hours=7))


def iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, VN).isoformat(timespec="seconds")


@dataclass
class Hub:
    engine: Engine
    keys: HubKeys
    now: Callable[[], float] = time.time
    pin_iterations: int = PIN_ITERATIONS
    # A citizen's "send the code again": at most this many a day per dossier, this far apart.
    resend_per_day: int = 3
    resend_gap_s: float = 300.0
    # An Idempotency-Key whose first request never finished (the process died) is free again.
    claim_stale_s: float = 60.0
    # How long a request trusts what it learnt of a kiosk's token (its owner, poll interval).
    token_cache_s: float = 60.0
    # Behind a reverse proxy that terminates TLS (ATM_HUB_TRUSTED_PROXY): the dashboard's
    # session cookie is then sent over HTTPS only.
    behind_tls_proxy: bool = False
    # A kiosk is offline on the dashboard when its newest heartbeat is older than this.
    offline_after_s: float = 180.0
    # The first retry of a failed SMS after this long, doubling up to 15 minutes.
    sms_retry_base_s: float = 5.0
    # Set when an SMS was queued: the sender in this process looks at once.
    sms_wake: threading.Event = field(default_factory=threading.Event)
    beats: HeartbeatBuffer = field(default_factory=HeartbeatBuffer)
    # A new release's id; the central simulator draws them from its seed (a demo that repeats).
    new_release_id: Callable[[], str] = field(default=lambda: f"r-{secrets.token_hex(6)}")

    def __post_init__(self) -> None:
        # Reads go through ``reader`` (on SQLite a deferred BEGIN: readers never queue).
        self.reader: Engine = reader(self.engine)
