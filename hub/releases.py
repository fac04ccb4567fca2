"""Releases: a result released for pickup at one kiosk, its versions, its code, its end.

One owner for the ``releases`` table and its history. A change the kiosk must hear of (created,
re-issued, revoked) takes the kiosk's next change number (``kiosks.change_seq``, which also
orders concurrent writers on PostgreSQL: the row stays locked until commit) and gets a history
row; an end the kiosk reported itself (picked up, retrieved) or an expiry only ends the code.
Every function runs inside the caller's transaction.

The OTP is made here and leaves this module only encrypted (to the table and the SMS queue) or
in the kiosk's feed; it is never returned to the one-stop system and never logged.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, update

from hub import sms
from hub.context import Hub
from hub.errors import NotFound, Refused
from hub.schema import kiosks, release_history, releases
from kiosk.clock import parse_rfc3339
from kiosk.domain import DOSSIER_CODE_PATTERN

log = logging.getLogger(__name__)

ACTIVE = "released"
WIRE_STATES = ("released", "revoked")  # what the kiosk's feed carries
HANDED_OVER = ("picked_up", "retrieved")  # the papers left the kiosk: nothing follows
PHONE = re.compile(r"^\+?[0-9]{9,15}$")
SIZES = ("S", "M", "L")
RELEASE_NAMED = ("release_id", "dossier_code", "kiosk_id")  # what the log says of one release


@dataclass(frozen=True)
class NewRelease:
    """What the one-stop system (or a clerk) releases; checked by ``parse``."""

    kiosk_id: str
    dossier_code: str
    procedure_name: str
    holder_name: str
    phone: str
    expires_at: str
    size_hint: str | None = None
    needs_low_compartment: bool = False

    @classmethod
    def parse(cls, body: Any, now: float) -> NewRelease:
        if not isinstance(body, dict):
            raise Refused(400, "bad_request", "the body must be a JSON object")
        problems: list[str] = []

        def text(name: str, limit: int = 500) -> str:
            value = body.get(name)
            if not isinstance(value, str) or not value.strip() or len(value) > limit:
                problems.append(f"{name}: a text of 1..{limit} characters is required")
                return ""
            return unicodedata.normalize("NFC", value.strip())

        kiosk_id = text("kiosk_id", 100)
        code = text("dossier_code", 64)
        if code and not DOSSIER_CODE_PATTERN.match(code):
            problems.append("dossier_code: not a code like 000.00.07.H29-251123-0001")
        phone = re.sub(r"[\s.-]", "", text("phone", 30))
        if phone and not PHONE.match(phone):
            problems.append("phone: 9 to 15 digits, optionally after +")
        expires_at = text("expires_at", 64)
        if expires_at:
            try:
                if parse_rfc3339(expires_at).timestamp() <= now:
                    problems.append("expires_at: must be in the future")
            except ValueError:
                problems.append("expires_at: an RFC 3339 time with offset is required")
        size = body.get("size_hint")
        if size is not None and size not in SIZES:
            problems.append("size_hint: S, M, L or absent")
        low = body.get("needs_low_compartment", False)
        if not isinstance(low, bool):
            problems.append("needs_low_compartment: true or false")
        release = cls(
            kiosk_id,
            code,
            text("procedure_name"),
            text("holder_name"),
            phone,
            expires_at,
            size,
            bool(low),
        )
        if problems:
            raise Refused(400, "bad_request", "; ".join(problems))
        return release


def next_change(conn: Connection, kiosk_id: str, count: int = 1) -> int:
    """Take ``count`` change numbers of the kiosk's feed; the newest one taken."""
    seq = conn.execute(
        update(kiosks)
        .where(kiosks.c.kiosk_id == kiosk_id)
        .values(change_seq=kiosks.c.change_seq + count)
        .returning(kiosks.c.change_seq)
    ).scalar_one_or_none()
    if seq is None:
        raise Refused(404, "unknown_kiosk", f"no kiosk {kiosk_id!r} on this hub")
    return int(seq)


def _new_codes(conn: Connection, hub: Hub, kiosk_id: str, count: int) -> list[tuple[str, str]]:
    """``count`` OTPs unique among the kiosk's active releases and each other, with their tags.
    The caller holds the kiosk's change row, so no other writer can take the same code
    meanwhile. One query per round: a bulk release checks its candidates together."""
    chosen: dict[str, str] = {}  # tag -> otp
    while len(chosen) < count:
        candidates: dict[str, str] = {}
        while len(chosen) + len(candidates) < count:
            otp = f"{secrets.randbelow(10**8):08d}"
            tag = hub.keys.otp_tag(kiosk_id, otp)
            if tag not in chosen:
                candidates[tag] = otp
        tags = list(candidates)
        for start in range(0, len(tags), 900):  # under SQLite's limit of bound parameters
            taken = conn.execute(
                select(releases.c.otp_tag).where(
                    releases.c.kiosk_id == kiosk_id,
                    releases.c.otp_tag.in_(tags[start : start + 900]),
                )
            ).scalars()
            for tag in taken:
                candidates.pop(tag, None)
        chosen |= candidates
    return [(otp, tag) for tag, otp in chosen.items()]


def _history(
    conn: Connection,
    hub: Hub,
    release_id: str,
    action: str,
    version: int,
    actor: str,
    detail: str | None = None,
) -> None:
    conn.execute(
        insert(release_history).values(
            release_id=release_id,
            ts=hub.now(),
            action=action,
            version=version,
            actor=actor,
            detail=detail,
        )
    )


def create(
    conn: Connection, hub: Hub, new: NewRelease, actor: str, otp: str | None = None
) -> tuple[str, int]:
    """Release a result: version 1 with a fresh code, and the SMS queued."""
    ((release_id, version),) = create_many(conn, hub, [new], actor, None if otp is None else [otp])
    return release_id, version


def create_many(
    conn: Connection,
    hub: Hub,
    news: Sequence[NewRelease],
    actor: str,
    otps: Sequence[str] | None = None,
) -> list[tuple[str, int]]:
    """Release results (of one kiosk or several), each as ``create`` does, in bulk: a few
    statements for the lot, not a few per result. ``otps``: codes chosen by the caller (the
    demo's seed prints them); by default the hub makes them."""
    now = hub.now()
    by_kiosk: dict[str, list[int]] = {}
    for n, new in enumerate(news):
        by_kiosk.setdefault(new.kiosk_id, []).append(n)
    rows: list[dict[str, Any]] = [{} for _ in news]
    for kiosk_id in sorted(by_kiosk):  # one lock order for the kiosks' change rows
        indices = by_kiosk[kiosk_id]
        head = next_change(conn, kiosk_id, len(indices))
        codes = (
            [(otps[n], hub.keys.otp_tag(kiosk_id, otps[n])) for n in indices]
            if otps is not None
            else _new_codes(conn, hub, kiosk_id, len(indices))
        )
        for seq, n, (otp, tag) in zip(
            range(head - len(indices) + 1, head + 1), indices, codes, strict=True
        ):
            new = news[n]
            rows[n] = dict(
                release_id=hub.new_release_id(),
                kiosk_id=kiosk_id,
                dossier_code=new.dossier_code,
                procedure_name=new.procedure_name,
                holder_name=new.holder_name,
                phone=new.phone,
                version=1,
                state=ACTIVE,
                expires_at=new.expires_at,
                expires_ts=parse_rfc3339(new.expires_at).timestamp(),
                size_hint=new.size_hint,
                needs_low_compartment=new.needs_low_compartment,
                otp_enc=hub.keys.seal(otp),
                otp_tag=tag,
                change_seq=seq,
                created_ts=now,
                updated_ts=now,
            )
            rows[n]["otp"] = otp
    if not rows:
        return []
    codes_sent = [sms.Code.of(r, r.pop("otp")) for r in rows]
    conn.execute(insert(releases), rows)
    conn.execute(
        insert(release_history),
        [
            dict(release_id=r["release_id"], ts=now, action="released", version=1, actor=actor)
            for r in rows
        ],
    )
    sms.queue_codes(conn, hub, codes_sent)
    if len(rows) == 1:
        log.info("release %s v1 for %s at kiosk %s", *(rows[0][k] for k in RELEASE_NAMED))
    else:
        log.info("%d releases v1 at %d kiosk(s)", len(rows), len(by_kiosk))
    return [(r["release_id"], 1) for r in rows]


def row_of(conn: Connection, release_id: str, *, lock: bool = False) -> Row[Any]:
    query = select(releases).where(releases.c.release_id == release_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound(f"no release {release_id!r}")
    return row


def reissue(conn: Connection, hub: Hub, release_id: str, actor: str, why: str) -> int:
    """A new version with a new code (the old one stops working) and a new SMS."""
    row, seq = _for_new_version(conn, release_id)
    if row.state in HANDED_OVER:
        raise Refused(409, "release_ended", f"release {release_id} was already {row.state}")
    if row.expires_ts <= hub.now():
        raise Refused(409, "release_ended", f"release {release_id} has expired")
    ((otp, tag),) = _new_codes(conn, hub, row.kiosk_id, 1)
    version = _new_version(
        conn, hub, row, seq, ("reissued", actor, why), ACTIVE, hub.keys.seal(otp), tag
    )
    sms.queue_code(conn, hub, row_of(conn, release_id), otp)
    log.info("release %s v%d re-issued (%s)", release_id, version, why)
    return version


def revoke(conn: Connection, hub: Hub, release_id: str, actor: str) -> int:
    """Withdraw the result: a new version, status revoked, no code. Revoking twice is a no-op."""
    row, seq = _for_new_version(conn, release_id)
    if row.state == "revoked":
        return int(row.version)
    if row.state in HANDED_OVER:
        raise Refused(409, "release_ended", f"release {release_id} was already {row.state}")
    version = _new_version(conn, hub, row, seq, ("revoked", actor, None), "revoked", None, None)
    log.info("release %s v%d revoked", release_id, version)
    return version


def _for_new_version(conn: Connection, release_id: str) -> tuple[Row[Any], int]:
    """The release and its kiosk's next change number, read after taking that number: the
    kiosk's change row is held from then on, so no other writer changes the release meanwhile."""
    seq = next_change(conn, row_of(conn, release_id).kiosk_id)
    return row_of(conn, release_id), seq


def _new_version(
    conn: Connection,
    hub: Hub,
    row: Row[Any],
    seq: int,
    history: tuple[str, str, str | None],
    state: str,
    otp_enc: bytes | None,
    otp_tag: str | None,
) -> int:
    """Write the release's next version in the feed, its history line (action, actor, detail),
    and cancel SMS not yet sent for the old one."""
    version = int(row.version) + 1
    conn.execute(
        update(releases)
        .where(releases.c.release_id == row.release_id)
        .values(
            version=version,
            state=state,
            otp_enc=otp_enc,
            otp_tag=otp_tag,
            change_seq=seq,
            updated_ts=hub.now(),
        )
    )
    action, actor, detail = history
    _history(conn, hub, row.release_id, action, version, actor, detail)
    sms.supersede(conn, row.release_id)
    return version


def end(conn: Connection, hub: Hub, release_id: str, state: str, actor: str) -> bool:
    """The release is over (picked up, retrieved, expired): its code is deleted. False when
    the release is unknown or already handed over (a late or repeated event). An expired
    release can still be retrieved by staff, or reported picked up by a kiosk whose clock
    differed: the history records what happened."""
    row = conn.execute(select(releases).where(releases.c.release_id == release_id)).first()
    if row is None or row.state in HANDED_OVER or row.state == state:
        return False
    conn.execute(
        update(releases)
        .where(releases.c.release_id == release_id)
        .values(state=state, otp_enc=None, otp_tag=None, updated_ts=hub.now())
    )
    _history(conn, hub, release_id, state, row.version, actor)
    sms.supersede(conn, release_id)
    return True


def note(
    conn: Connection, hub: Hub, release_id: str, action: str, actor: str, detail: str | None = None
) -> None:
    """A history line for something that changes no state (loaded, a pickup that failed)."""
    row = conn.execute(
        select(releases.c.version).where(releases.c.release_id == release_id)
    ).first()
    if row is not None:
        _history(conn, hub, release_id, action, row.version, actor, detail)


def expire_due(conn: Connection, hub: Hub, limit: int = 500) -> int:
    """End the releases whose time is over (released or revoked ones still holding a code)."""
    due = (
        conn.execute(
            select(releases.c.release_id)
            .where(releases.c.state.in_(WIRE_STATES), releases.c.expires_ts <= hub.now())
            .limit(limit)
        )
        .scalars()
        .all()
    )
    for release_id in due:
        end(conn, hub, release_id, "expired", "hub")
    return len(due)


def active_for_dossier(conn: Connection, kiosk_id: str, dossier_code: str) -> Row[Any] | None:
    return conn.execute(
        select(releases)
        .where(
            releases.c.kiosk_id == kiosk_id,
            releases.c.dossier_code == dossier_code,
            releases.c.state == ACTIVE,
        )
        .order_by(releases.c.updated_ts.desc())
    ).first()


def current_code(hub: Hub, row: Row[Any]) -> str:
    assert row.otp_enc is not None, "an active release holds its code"
    return hub.keys.open(row.otp_enc)


# --- what the kiosk's feed carries ---------------------------------------------------------


def feed_etag(change_seq: int) -> str:
    return f'"r-{change_seq}"'


def feed_page(
    conn: Connection, hub: Hub, kiosk_id: str, after: int, limit: int, head: int
) -> tuple[list[dict[str, Any]], int, bool]:
    """Items changed after change number ``after``: (items, next cursor position, has_more).

    A release that ended at the kiosk (picked up, retrieved) or expired is left out: a kiosk
    pulling from the beginning has nothing to do with it."""
    rows = feed_rows(conn, kiosk_id, after, head, limit + 1)
    has_more = len(rows) > limit
    page = rows[:limit]
    last = int(page[-1].change_seq) if has_more else head
    return [wire_item(hub, r) for r in page], last, has_more


def feed_rows(conn: Connection, kiosk_id: str, after: int, head: int, limit: int) -> list[Row[Any]]:
    """The feed's releases changed in (after, head], in change order, at most ``limit``."""
    return list(
        conn.execute(
            select(releases)
            .where(
                releases.c.kiosk_id == kiosk_id,
                releases.c.change_seq > after,
                releases.c.change_seq <= head,
                releases.c.state.in_(WIRE_STATES),
            )
            .order_by(releases.c.change_seq)
            .limit(limit)
        ).all()
    )


def wire_item(hub: Hub, row: Row[Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "release_id": row.release_id,
        "version": row.version,
        "status": row.state,
        "dossier_code": row.dossier_code,
        "procedure_name": row.procedure_name,
        "holder_name": row.holder_name,
        "phone_last_digits": row.phone[-3:],
        "expires_at": row.expires_at,
        "needs_low_compartment": bool(row.needs_low_compartment),
    }
    if row.state == ACTIVE:
        item["otp"] = current_code(hub, row)
    if row.size_hint:
        item["size_hint"] = row.size_hint
    return item


# --- what the one-stop system and the dashboard see (never the code) -----------------------


def public_view(conn: Connection, release_id: str) -> dict[str, Any]:
    row = row_of(conn, release_id)
    history = conn.execute(
        select(release_history)
        .where(release_history.c.release_id == release_id)
        .order_by(release_history.c.id)
    ).all()
    return {
        "release_id": row.release_id,
        "kiosk_id": row.kiosk_id,
        "version": row.version,
        "state": row.state,
        "dossier_code": row.dossier_code,
        "procedure_name": row.procedure_name,
        "holder_name": row.holder_name,
        "phone_last_digits": row.phone[-3:],
        "expires_at": row.expires_at,
        "size_hint": row.size_hint,
        "needs_low_compartment": bool(row.needs_low_compartment),
        "history": [
            {
                "at_ts": h.ts,
                "action": h.action,
                "version": h.version,
                "actor": h.actor,
                "detail": h.detail,
            }
            for h in history
        ],
    }


def search(conn: Connection, dossier_code: str, limit: int = 50) -> list[str]:
    """Release ids whose dossier code contains the text typed, newest first."""
    pattern = f"%{dossier_code.strip()}%"
    return list(
        conn.execute(
            select(releases.c.release_id)
            .where(func.upper(releases.c.dossier_code).like(pattern.upper()))
            .order_by(releases.c.updated_ts.desc())
            .limit(limit)
        ).scalars()
    )


def dossier_state(conn: Connection, kiosk_id: str, code: str) -> dict[str, Any] | None:
    """GET dossiers/{code} as far as the hub knows a dossier: by the releases it holds."""
    row = conn.execute(
        select(releases)
        .where(and_(releases.c.kiosk_id == kiosk_id, releases.c.dossier_code == code))
        .order_by(releases.c.updated_ts.desc())
    ).first()
    if row is None:
        return None
    state = {"released": "result_ready", "picked_up": "picked_up"}.get(row.state, "unknown")
    return {
        "dossier_code": row.dossier_code,
        "procedure_name": row.procedure_name,
        "state": state,
        "dropoff_allowed": False,
    }
