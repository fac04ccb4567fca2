"""What the simulated central system knows, in memory, behind one lock.

``CentralSimulator`` is both the server's state and the admin API that tests and the demo
call directly: release, re-issue or revoke a result, read the events received, arm faults.
The HTTP layer (``app.py``) only translates requests into these methods.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import ValidationError

from sync.central_sim.faults import Endpoint, Fault
from sync.central_sim.seed import (
    DEMO_KIOSK_ID,
    DEMO_TOKEN,
    PIN_ITERATIONS,
    SEED,
    SeedStaff,
    badge_payload,
    badge_secret,
    badge_sha256,
    demo_dossiers,
    demo_releases,
    demo_staff,
    hash_pin,
)
from sync.wire import Event, describe

VN = timezone(timedelta(hours=7))
DEFAULT_POLL_INTERVAL_S = 30.0


class UnknownReleaseError(KeyError):
    """No release with this id at this kiosk."""


@dataclass
class KeyRecord:
    """An Idempotency-Key: the body it came with, and the reply once the batch is processed."""

    digest: str
    reply: dict[str, Any] | None = None


@dataclass
class KioskState:
    token: str
    # Current item of each release, in change order: a change moves the release to the end
    # (a compacted change log), and its change number is its position in the cursor space.
    releases: OrderedDict[str, tuple[int, Any]] = field(default_factory=OrderedDict)
    change_seq: int = 0
    active_otps: set[str] = field(default_factory=set)  # codes of released items
    events: list[dict[str, Any]] = field(default_factory=list)
    event_ids: set[str] = field(default_factory=set)
    keys: dict[str, KeyRecord] = field(default_factory=dict)
    staff: list[Any] = field(default_factory=list)  # dicts, unless a test serves junk
    dossiers: dict[str, dict[str, Any]] = field(default_factory=dict)
    heartbeats: list[dict[str, Any]] = field(default_factory=list)
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S


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
        self.pin_iterations = pin_iterations
        self.lock = threading.RLock()
        # Set when the server stops: cuts short any simulated slow reply.
        self.stopping = threading.Event()
        self.kiosks: dict[str, KioskState] = {}
        self.faults: list[Fault] = []
        self.requests: list[RequestRecord] = []
        self.seed_otps: dict[str, str] = {}  # dossier code → OTP, for the console sheet
        self.seed_staff: list[SeedStaff] = []
        self._rng = random.Random(random_seed)
        if seed:
            self.seed_demo()

    # --- kiosks, staff, dossiers ------------------------------------------------------------

    def add_kiosk(self, kiosk_id: str, token: str) -> None:
        with self.lock:
            self.kiosks.setdefault(kiosk_id, KioskState(token))

    def kiosk(self, kiosk_id: str) -> KioskState:
        return self.kiosks[kiosk_id]

    def authorise(self, kiosk_id: str, token: str | None) -> int:
        """200, 401 (unknown token) or 403 (a token of another kiosk)."""
        with self.lock:
            owners = [k for k, state in self.kiosks.items() if state.token == token]
        if token is None or not owners:
            return 401
        return 200 if kiosk_id in owners else 403

    def set_staff(self, kiosk_id: str, people: list[Any]) -> None:
        """The directory as given, malformed items included (a central system's bugs)."""
        with self.lock:
            self.kiosk(kiosk_id).staff = [dict(p) if isinstance(p, dict) else p for p in people]

    def add_staff(
        self,
        kiosk_id: str,
        staff_id: str,
        name: str,
        role: str,
        pin: str,
        secret: str | None = None,
    ) -> str:
        """List someone at a kiosk; the badge payload to scan (a new secret unless given)."""
        badge = badge_payload(staff_id, secret if secret is not None else badge_secret(self._rng))
        salt = self._rng.randbytes(16)
        member = {
            "staff_id": staff_id,
            "name": name,
            "role": role,
            "badge_sha256": badge_sha256(badge),
            "pin_pbkdf2": hash_pin(pin, salt, self.pin_iterations),
            "active": True,
        }
        with self.lock:
            state = self.kiosk(kiosk_id)
            state.staff = [p for p in state.staff if not _staff_is(p, staff_id)] + [member]
        return badge

    def remove_staff(self, kiosk_id: str, staff_id: str) -> None:
        with self.lock:
            state = self.kiosk(kiosk_id)
            state.staff = [p for p in state.staff if not _staff_is(p, staff_id)]

    def set_dossier(self, kiosk_id: str, dossier: dict[str, Any]) -> None:
        with self.lock:
            self.kiosk(kiosk_id).dossiers[dossier["dossier_code"]] = dict(dossier)

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
        """Release a new result for pickup at a kiosk (version 1)."""
        with self.lock:
            state = self.kiosk(kiosk_id)
            release_id = f"r-{self._rng.getrandbits(24):06x}"
            while release_id in state.releases:
                release_id = f"r-{self._rng.getrandbits(24):06x}"
            item: dict[str, Any] = {
                "release_id": release_id,
                "version": 1,
                "status": "released",
                "dossier_code": dossier_code,
                "procedure_name": procedure_name,
                "holder_name": holder_name,
                "phone_last_digits": phone_last_digits,
                "otp": otp or self._new_otp(state),
                "expires_at": expires_at or self.iso(self.now() + 14 * 86_400),
                "size_hint": size_hint,
                # Sent only when asked for: the field is optional in the contract.
                "needs_low_compartment": needs_low_compartment or None,
            }
            self._change(state, {k: v for k, v in item.items() if v is not None})
            dossier = state.dossiers.setdefault(dossier_code, {})
            dossier.update(
                dossier_code=dossier_code,
                procedure_name=procedure_name,
                state="result_ready",
                dropoff_allowed=False,
            )
            return Released(release_id, 1, item["otp"])

    def reissue(self, kiosk_id: str, release_id: str) -> Released:
        """A new OTP for a result: a new version with a new code; the old code stops working."""
        with self.lock:
            state = self.kiosk(kiosk_id)
            item = self._current(state, release_id)
            item.update(version=item["version"] + 1, status="released", otp=self._new_otp(state))
            self._change(state, item)
            return Released(release_id, item["version"], item["otp"])

    def revoke(self, kiosk_id: str, release_id: str) -> Released:
        """Withdraw a result: a new version with status ``revoked`` and no code."""
        with self.lock:
            state = self.kiosk(kiosk_id)
            item = self._current(state, release_id)
            item.update(version=item["version"] + 1, status="revoked")
            item.pop("otp", None)
            self._change(state, item)
            return Released(release_id, item["version"], None)

    def publish_raw(self, kiosk_id: str, item: Any) -> None:
        """Put ``item`` into the feed exactly as given, valid or not (a central system's bug,
        for the kiosk's set-aside handling). An object with a string ``release_id`` replaces
        that release's current item; anything else is a change of its own."""
        with self.lock:
            state = self.kiosk(kiosk_id)
            state.change_seq += 1
            key = item.get("release_id") if isinstance(item, dict) else None
            if not isinstance(key, str):
                key = f"raw-{state.change_seq}"
            old = state.releases.pop(key, None)
            if old is not None:
                state.active_otps.discard(old[1].get("otp", ""))
            state.releases[key] = (state.change_seq, item)

    def _current(self, state: KioskState, release_id: str) -> dict[str, Any]:
        if release_id not in state.releases:
            raise UnknownReleaseError(release_id)
        return dict(state.releases[release_id][1])

    def _change(self, state: KioskState, item: dict[str, Any]) -> None:
        state.change_seq += 1
        old = state.releases.pop(item["release_id"], None)
        if old is not None:
            state.active_otps.discard(old[1].get("otp", ""))
        if item["status"] == "released":
            state.active_otps.add(item["otp"])
        state.releases[item["release_id"]] = (state.change_seq, item)

    def _new_otp(self, state: KioskState) -> str:
        # Unique among the kiosk's active releases, as the contract promises.
        while True:
            otp = f"{self._rng.randrange(10**8):08d}"
            if otp not in state.active_otps:
                return otp

    def releases_etag(self, kiosk_id: str) -> str:
        with self.lock:
            return f'"r-{self.kiosk(kiosk_id).change_seq}"'

    def releases_page(
        self, kiosk_id: str, after: int, limit: int
    ) -> tuple[list[dict[str, Any]], int, bool]:
        """Items changed after change number ``after``: (items, last change number, has_more)."""
        with self.lock:
            changes: list[tuple[int, Any]] = []
            for seq, item in reversed(self.kiosk(kiosk_id).releases.values()):
                if seq <= after:
                    break
                changes.append((seq, item))
            changes.reverse()
            page = changes[:limit]
            last = page[-1][0] if page else after
            items = [dict(i) if isinstance(i, dict) else i for _, i in page]
            return items, last, len(changes) > limit

    # --- events -----------------------------------------------------------------------------

    def claim_key(self, kiosk_id: str, key: str, body: Any) -> tuple[int, dict[str, Any] | None]:
        """(0, None) to go ahead; (200, stored reply) for a replay; 409 in progress; 422."""
        digest = hashlib.sha256(
            json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()
        with self.lock:
            state = self.kiosk(kiosk_id)
            record = state.keys.get(key)
            if record is None:
                state.keys[key] = KeyRecord(digest)
                return 0, None
            if record.digest != digest:
                return 422, None
            if record.reply is None:
                return 409, None
            return 200, record.reply

    def forget_key(self, kiosk_id: str, key: str) -> None:
        with self.lock:
            self.kiosk(kiosk_id).keys.pop(key, None)

    def record_events(self, kiosk_id: str, key: str, events: list[Any]) -> dict[str, Any]:
        """Record a batch once per event id; the reply is kept for replays of the same key."""
        accepted: list[str] = []
        duplicates: list[str] = []
        rejected: list[dict[str, str]] = []
        with self.lock:
            state = self.kiosk(kiosk_id)
            for raw in events:
                event_id = raw["event_id"]
                try:
                    event = Event.model_validate(raw)
                except ValidationError as exc:
                    rejected.append({"event_id": event_id, "reason": describe(exc)})
                    continue
                if event.event_id in state.event_ids:
                    duplicates.append(event_id)
                    continue
                state.event_ids.add(event_id)
                state.events.append(event.model_dump(mode="json"))
                accepted.append(event_id)
            reply = {"accepted": accepted, "duplicates": duplicates, "rejected": rejected}
            state.keys[key].reply = reply
            return reply

    def events(self, kiosk_id: str = DEMO_KIOSK_ID) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(e) for e in self.kiosk(kiosk_id).events]

    def record_heartbeat(self, kiosk_id: str, beat: dict[str, Any]) -> float:
        with self.lock:
            state = self.kiosk(kiosk_id)
            state.heartbeats.append(beat)
            return state.poll_interval_s

    # --- faults and the request log ---------------------------------------------------------

    def add_fault(self, fault: Fault) -> None:
        with self.lock:
            self.faults.append(fault)

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def take_fault(self, endpoint: Endpoint, has_cursor: bool) -> Fault | None:
        """The first armed fault for this request, counted as used."""
        with self.lock:
            for fault in self.faults:
                if fault.applies_to(endpoint, has_cursor):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self.faults.remove(fault)
                    return fault
            return None

    def log_request(self, record: RequestRecord) -> None:
        with self.lock:
            self.requests.append(record)

    def request_log(self) -> list[RequestRecord]:
        with self.lock:
            return list(self.requests)

    # --- time and seed ----------------------------------------------------------------------

    def iso(self, ts: float | None = None) -> str:
        moment = self.now() if ts is None else ts
        return datetime.fromtimestamp(moment, VN).isoformat(timespec="seconds")

    def _at_five_pm(self, days: int) -> str:
        day = datetime.fromtimestamp(self.now(), VN) + timedelta(days=days)
        return day.replace(hour=17, minute=0, second=0, microsecond=0).isoformat()

    def seed_demo(self, kiosk_id: str = DEMO_KIOSK_ID, token: str = DEMO_TOKEN) -> None:
        """The demo's data (seed.py), for one kiosk; the OTPs and PINs kept to be printed."""
        rng = random.Random(SEED)
        self.add_kiosk(kiosk_id, token)
        for r in demo_releases(rng):
            self.release(
                kiosk_id,
                dossier_code=r.dossier_code,
                procedure_name=r.procedure_name,
                holder_name=r.holder_name,
                phone_last_digits=r.phone_last_digits,
                size_hint=r.size_hint,
                expires_at=self._at_five_pm(r.days_valid),
                otp=r.otp,
            )
            self.seed_otps[r.dossier_code] = r.otp
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
        with self.lock:
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


def _staff_is(item: Any, staff_id: str) -> bool:
    return isinstance(item, dict) and item.get("staff_id") == staff_id
