"""The central simulator's driver: what tests and the demo do to "the central system", done by
the hub's own services on a hub of its own (SQLite in a temporary file, deleted with it).

A release from a test goes through ``hub.releases`` as one from the integration API does; the
kiosk's requests are answered by the hub's application (app.py adds the fault layer). What a
real hub never does is kept beside it: the faults armed (``faults``, faults.py), feed items as a
central system with a bug would serve them (``feed.publish_raw``, feed.py), and here staff
directories served as given (``set_staff``), dossiers the one-stop system knows beyond its
releases (``set_dossier``), and the record of the requests and heartbeats received.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from hub import fleet, kiosk_events, releases, staff
from hub.context import VN, Hub, iso
from hub.crypto import PIN_ITERATIONS, HubKeys
from hub.db import open_engine
from hub.errors import HubError, NotFound, Refused
from hub.sim.faults import FaultSwitches
from hub.sim.feed import Feed
from hub.sim.seed import (
    DEMO_KIOSK_ID,
    DEMO_TOKEN,
    SEED,
    WARD,
    SeedStaff,
    badge_secret,
    demo_dossiers,
    demo_releases,
    demo_staff,
)
from sync.wire import Event

ACTOR = "central-sim"
BIG = 10**9  # "every item": a page limit no feed reaches


class UnknownReleaseError(KeyError):
    """No release with this id at this kiosk."""


@dataclass(frozen=True)
class RequestRecord:
    """One kiosk API request as the server saw it (``at`` is time.monotonic())."""

    method: str
    path: str
    query: str
    status: int
    at: float
    idempotency_key: str | None


@dataclass(frozen=True)
class Released:
    release_id: str
    version: int
    otp: str | None


@dataclass
class KioskState:
    """One kiosk as the simulator shows it: the hub's data (its feed with the raw items in),
    read when asked, and what the simulator keeps beside the hub (a directory served as given,
    dossiers, heartbeats received)."""

    sim: CentralSimulator
    kiosk_id: str
    staff_override: list[Any] | None = None
    lookup: dict[str, dict[str, Any]] = field(default_factory=dict)  # dossier code -> dossier
    heartbeats: list[dict[str, Any]] = field(default_factory=list)

    @property
    def releases(self) -> OrderedDict[str, tuple[int, Any]]:
        """Every release's current item in change order: release id -> (change no., item)."""
        with self.sim.hub.reader.connect() as conn:
            head = fleet.feed_head(conn, self.kiosk_id)
            entries = self.sim.feed.entries(conn, self.kiosk_id, 0, head, BIG)
        return OrderedDict((key, (seq, item)) for seq, key, item in entries)

    @property
    def change_seq(self) -> int:
        with self.sim.hub.reader.connect() as conn:
            return fleet.feed_head(conn, self.kiosk_id)

    @property
    def staff(self) -> list[Any]:
        if self.staff_override is not None:
            return list(self.staff_override)
        with self.sim.hub.reader.connect() as conn:
            return list(staff.directory(conn, self.kiosk_id)[0]["staff"])

    @property
    def dossiers(self) -> dict[str, dict[str, Any]]:
        """What GET dossiers answers: the hub's, by its releases, and the looked-up ones."""
        out: dict[str, dict[str, Any]] = {}
        with self.sim.hub.reader.connect() as conn:
            head = fleet.feed_head(conn, self.kiosk_id)
            for row in releases.feed_rows(conn, self.kiosk_id, 0, head, BIG):
                found = releases.dossier_state(conn, self.kiosk_id, row.dossier_code)
                if found is not None:
                    out[row.dossier_code] = found
        return out | {code: dict(d) for code, d in self.lookup.items()}

    @property
    def poll_interval_s(self) -> float:
        with self.sim.hub.reader.connect() as conn:
            return fleet.poll_interval(conn, self.kiosk_id)

    @poll_interval_s.setter
    def poll_interval_s(self, seconds: float) -> None:
        with self.sim.hub.engine.begin() as conn:
            fleet.set_poll_interval(conn, self.kiosk_id, seconds)


def _ram_dir() -> str | None:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _no_sync(dbapi_conn: Any, _record: object) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")


class CentralSimulator:
    def __init__(
        self,
        *,
        seed: bool = True,
        now: Callable[[], float] = time.time,
        pin_iterations: int = PIN_ITERATIONS,
        random_seed: int = SEED,
    ) -> None:
        self.now = now
        self.lock = threading.RLock()
        # Set when the server stops: cuts short any simulated slow reply.
        self.stopping = threading.Event()
        self.kiosks: dict[str, KioskState] = {}
        self.faults = FaultSwitches()
        self.requests: list[RequestRecord] = []
        self.seed_otps: dict[str, str] = {}  # dossier code -> OTP, for the console sheet
        self.seed_staff: list[SeedStaff] = []
        self._rng = random.Random(random_seed)
        self._phones = random.Random(random_seed + 1)  # apart: the ids stay as they were
        self._release_ids: set[str] = set()
        # The hub's store: a SQLite file in memory where the system has a RAM file system
        # (/dev/shm), else in the temporary directory; deleted with the simulator.
        self._dir = tempfile.TemporaryDirectory(prefix="central-sim-", dir=_ram_dir())
        engine = open_engine(f"sqlite:///{Path(self._dir.name) / 'hub.sqlite3'}")
        # Nothing here outlives the process: no waiting for the disk (the hub syncs NORMAL).
        event.listen(engine, "connect", _no_sync)
        # Alembic's set-up lines (at its import, too) are not the demo's business.
        logging.getLogger("alembic").setLevel(logging.WARNING)
        from hub.migrate import upgrade

        upgrade(engine)
        # The hub's clock is the simulator's (a test may replace ``now``); a kiosk's token and
        # poll interval are read afresh on each request (a test changes them under the server).
        self.hub = Hub(
            engine,
            HubKeys(secrets.token_bytes(32)),
            now=self._now,
            pin_iterations=pin_iterations,
            token_cache_s=0.0,
            # Ids from the seed, as before the simulator was the hub: the demo loads the same
            # results into the same doors every time (it takes them in release id order).
            new_release_id=self._new_release_id,
        )
        self.feed = Feed(self.hub, self.lock)
        self._tokens = fleet.TokenCache(0.0)
        if seed:
            self.seed_demo()

    def _now(self) -> float:
        return self.now()  # whatever ``now`` is when asked: a test may have replaced it

    def _new_release_id(self) -> str:
        while True:
            release_id = f"r-{self._rng.getrandbits(24):06x}"
            if release_id not in self._release_ids:
                self._release_ids.add(release_id)
                return release_id

    @property
    def pin_iterations(self) -> int:
        return self.hub.pin_iterations

    @pin_iterations.setter
    def pin_iterations(self, iterations: int) -> None:
        self.hub.pin_iterations = iterations

    def close(self) -> None:
        self.hub.engine.dispose()
        self._dir.cleanup()

    # --- kiosks, staff, dossiers ------------------------------------------------------------

    def add_kiosk(self, kiosk_id: str, token: str) -> None:
        """Register a kiosk with its token (a kiosk known already keeps its own)."""
        with self.lock:
            try:
                with self.hub.engine.begin() as conn:
                    fleet.add_kiosk(conn, self.hub, kiosk_id, WARD, token)
            except HubError:
                pass
            self.kiosks.setdefault(kiosk_id, KioskState(self, kiosk_id))
            self.feed.add_kiosk(kiosk_id)

    def kiosk(self, kiosk_id: str) -> KioskState:
        return self.kiosks[kiosk_id]

    def authorised(self, kiosk_id: str, token: str | None) -> bool:
        return token is not None and self._tokens.kiosk_for(self.hub, token) == kiosk_id

    def set_staff(self, kiosk_id: str, people: list[Any]) -> None:
        """Serve the directory as given, malformed items included (a central system's bugs)."""
        with self.lock:
            self.kiosk(kiosk_id).staff_override = [
                dict(p) if isinstance(p, dict) else p for p in people
            ]

    def add_staff(
        self,
        kiosk_id: str,
        staff_id: str,
        name: str,
        role: str,
        pin: str,
        secret: str | None = None,
    ) -> str:
        """List someone at a kiosk (anew, if listed); the badge payload to scan (a new secret
        unless given)."""
        with self.lock, self.hub.engine.begin() as conn:
            with contextlib.suppress(NotFound):
                staff.remove(conn, staff_id)
            badge = staff.add(
                conn, self.hub, staff_id, name, role, kiosk_id, secret or badge_secret(self._rng)
            )
            staff.set_pin(conn, self.hub, staff_id, pin)
            self.kiosk(kiosk_id).staff_override = None
        return badge

    def remove_staff(self, kiosk_id: str, staff_id: str) -> None:
        with self.lock, self.hub.engine.begin() as conn:
            staff.remove(conn, staff_id)
            self.kiosk(kiosk_id).staff_override = None

    def set_dossier(self, kiosk_id: str, dossier: dict[str, Any]) -> None:
        """A dossier the kiosk can look up (drop-off, status) beyond those with a result."""
        with self.lock:
            self.kiosk(kiosk_id).lookup[dossier["dossier_code"]] = dict(dossier)

    # --- releases ---------------------------------------------------------------------------

    def release(
        self,
        kiosk_id: str,
        *,
        dossier_code: str,
        procedure_name: str,
        holder_name: str,
        phone_last_digits: str | None = None,
        size_hint: str | None = None,
        expires_at: str | None = None,
        otp: str | None = None,
        needs_low_compartment: bool = False,
    ) -> Released:
        """Release a new result for pickup at a kiosk (version 1), through the hub.

        An ``otp`` that another active release of the kiosk holds (two results under one code,
        which the hub never gives) is released with the hub's own code, and its feed item
        then replaced by the same item with ``otp`` (``Feed.publish_raw``)."""
        item = {
            "dossier_code": dossier_code,
            "procedure_name": procedure_name,
            "holder_name": holder_name,
            "phone_last_digits": phone_last_digits,
            "size_hint": size_hint,
            "expires_at": expires_at,
            "otp": otp,
            "needs_low_compartment": needs_low_compartment,
        }
        with self.lock:
            try:
                (release_id,) = self.release_many(kiosk_id, [item])
            except IntegrityError:
                (release_id,) = self.release_many(kiosk_id, [item | {"otp": None}])
                _, fed = self.kiosk(kiosk_id).releases[release_id]
                self.feed.publish_raw(kiosk_id, fed | {"otp": otp})
                return Released(release_id, int(fed["version"]), otp)
            with self.hub.reader.connect() as conn:
                return self._released(conn, release_id)

    def release_many(self, kiosk_id: str, items: Iterable[Mapping[str, Any]]) -> list[str]:
        """Release many results in one transaction (``release``'s arguments, one mapping per
        result), their release ids: what benchmarks seed 100,000 results with."""
        news: list[releases.NewRelease] = []
        otps: list[str] = []
        for item in items:
            digits = item.get("phone_last_digits")
            phone = f"09{self._phones.randrange(10**8):08d}"
            news.append(
                releases.NewRelease(
                    kiosk_id,
                    item["dossier_code"],
                    item["procedure_name"],
                    item["holder_name"],
                    phone[: -len(digits)] + digits if digits else phone,
                    item.get("expires_at") or self.iso(self.now() + 14 * 86_400),
                    item.get("size_hint"),
                    bool(item.get("needs_low_compartment")),
                )
            )
            otps.append(item.get("otp") or "")
        with self.lock:
            with self.hub.engine.begin() as conn:
                # The hub makes the codes unless every result came with its own.
                chosen = otps if all(otps) else None
                made = releases.create_many(conn, self.hub, news, ACTOR, chosen)
            state = self.kiosk(kiosk_id)
            for new in news:
                # The hub's answer about this dossier now: a result is ready.
                state.lookup.pop(new.dossier_code, None)
        return [release_id for release_id, _ in made]

    def reissue(self, kiosk_id: str, release_id: str) -> Released:
        """A new OTP for a result: a new version with a new code; the old code stops working."""
        return self._change(kiosk_id, release_id, releases.reissue, "asked by a test")

    def revoke(self, kiosk_id: str, release_id: str) -> Released:
        """Withdraw a result: a new version with status ``revoked`` and no code."""
        return self._change(kiosk_id, release_id, releases.revoke)

    def _change(self, kiosk_id: str, release_id: str, how: Any, *why: str) -> Released:
        with self.lock:
            self.feed.forget_raw(kiosk_id, release_id)
            try:
                with self.hub.engine.begin() as conn:
                    if releases.row_of(conn, release_id).kiosk_id != kiosk_id:
                        raise UnknownReleaseError(release_id)
                    how(conn, self.hub, release_id, ACTOR, *why)
                    return self._released(conn, release_id)
            except NotFound as exc:
                raise UnknownReleaseError(release_id) from exc

    def _released(self, conn: Any, release_id: str) -> Released:
        item = releases.wire_item(self.hub, releases.row_of(conn, release_id))
        return Released(release_id, int(item["version"]), item.get("otp"))

    # --- events and heartbeats --------------------------------------------------------------

    def claim_key(self, kiosk_id: str, key: str, body: Any) -> tuple[int, dict[str, Any] | None]:
        """Claim an Idempotency-Key with ``body`` as the hub does: (0, None) taken now;
        (200, reply) a replay; 409 in progress; 422 another body."""
        digest = kiosk_events.body_digest(body)
        try:
            stored = kiosk_events.claim(self.hub, kiosk_id, key, digest)
        except Refused as exc:
            return exc.status, None
        return (0, None) if stored is None else (200, stored)

    def events(self, kiosk_id: str = DEMO_KIOSK_ID) -> list[dict[str, Any]]:
        """The events the hub recorded from the kiosk, oldest first, in the contract's form."""
        with self.hub.reader.connect() as conn:
            bodies = kiosk_events.received(conn, kiosk_id)
        return [Event.model_validate(b).model_dump(mode="json") for b in bodies]

    def record_heartbeat(self, kiosk_id: str, beat: dict[str, Any]) -> None:
        with self.lock:
            self.kiosk(kiosk_id).heartbeats.append(beat)

    # --- the request log --------------------------------------------------------------------

    def log_request(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def request_log(self) -> list[RequestRecord]:
        with self.lock:
            return list(self.requests)

    # --- time and seed ----------------------------------------------------------------------

    def iso(self, ts: float | None = None) -> str:
        return iso(self.now() if ts is None else ts)

    def _at_five_pm(self, days: int) -> str:
        day = datetime.fromtimestamp(self.now(), VN) + timedelta(days=days)
        return day.replace(hour=17, minute=0, second=0, microsecond=0).isoformat()

    def seed_demo(self, kiosk_id: str = DEMO_KIOSK_ID, token: str = DEMO_TOKEN) -> None:
        """The demo's data (seed.py), for one kiosk; the OTPs and PINs kept to be printed."""
        rng = random.Random(SEED)
        self.add_kiosk(kiosk_id, token)
        seeded = demo_releases(rng)
        self.release_many(
            kiosk_id,
            [
                {
                    "dossier_code": r.dossier_code,
                    "procedure_name": r.procedure_name,
                    "holder_name": r.holder_name,
                    "phone_last_digits": r.phone_last_digits,
                    "size_hint": r.size_hint,
                    "expires_at": self._at_five_pm(r.days_valid),
                    "otp": r.otp,
                }
                for r in seeded
            ],
        )
        self.seed_otps.update((r.dossier_code, r.otp) for r in seeded)
        for d in demo_dossiers(rng):
            self.set_dossier(
                kiosk_id,
                {
                    "dossier_code": d.dossier_code,
                    "procedure_name": d.procedure_name,
                    "state": d.state,
                    "dropoff_allowed": d.state == "awaiting_paper",
                    "appointment_at": self._at_five_pm(d.appointment_days),
                },
            )
        self.seed_staff = demo_staff(rng)
        for s in self.seed_staff:
            self.add_staff(kiosk_id, s.staff_id, s.name, s.role, s.pin, s.secret)

    def seed_sheet(self, kiosk_id: str = DEMO_KIOSK_ID) -> str:
        """The demo's cheat sheet: every seeded OTP and PIN, for the simulator's console only."""
        state = self.kiosk(kiosk_id)
        lines = [f"Central simulator: demo data for kiosk {kiosk_id}", "", "Results (OTP):"]
        for _, item in state.releases.values():
            if isinstance(item, dict) and item.get("status") == "released":
                lines.append(
                    f"  {item['dossier_code']}  {item['otp']}  {item.get('size_hint', '-')}"
                    f"  {item['holder_name']} · {item['procedure_name']}"
                )
        lines += ["", "Dossiers for drop-off and status lookup:"]
        for d in state.dossiers.values():
            if d["state"] != "result_ready":
                lines.append(f"  {d['dossier_code']}  {d['state']}")
        lines += ["", "Staff (scan the badge, type the PIN):"]
        for s in self.seed_staff:
            lines.append(f"  {s.badge}  PIN {s.pin}  {s.role}  {s.name}")
        return "\n".join(lines)
