"""The staff directory: who may sign in at which kiosk (central-api.md, GET staff).

The badge secret is made here and shown once (to print the badge QR); the hub keeps only the
SHA-256 of the badge payload, which is what the kiosks get. A PIN is at least 6 digits and is
stored as the contract's PBKDF2; a person without a PIN yet is not listed to kiosks.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import Connection, delete, insert, or_, select, update

from hub.context import Hub
from hub.crypto import badge_digest, badge_payload, badge_secret, pbkdf2
from hub.errors import NotFound, Refused
from hub.schema import staff

ROLES = ("staff", "technician")
STAFF_ID = re.compile(r"^[\x21-\x7b\x7d\x7e]{1,100}$")  # printable, no '|' (the badge separator)
PIN = re.compile(r"^[0-9]{6,12}$")


def add(
    conn: Connection,
    hub: Hub,
    staff_id: str,
    name: str,
    role: str,
    kiosk_id: str | None,
    secret: str | None = None,
) -> str:
    """A new person; their badge payload (``STAFF|id|secret``), returned once. ``secret``: a
    badge's secret chosen beforehand (the demo's printed badges); by default a new one."""
    if not STAFF_ID.match(staff_id):
        raise Refused(400, "bad_request", "staff_id: printable characters without '|'")
    if role not in ROLES:
        raise Refused(400, "bad_request", "role: staff or technician")
    if not name.strip():
        raise Refused(400, "bad_request", "name is required")
    if conn.execute(select(staff.c.staff_id).where(staff.c.staff_id == staff_id)).first():
        raise Refused(409, "exists", f"staff {staff_id} already exists")
    payload = badge_payload(staff_id, secret or badge_secret())
    conn.execute(
        insert(staff).values(
            staff_id=staff_id,
            name=name.strip(),
            role=role,
            kiosk_id=kiosk_id or None,
            badge_sha256=badge_digest(payload),
            active=True,
            updated_ts=hub.now(),
        )
    )
    return payload


def new_badge(conn: Connection, hub: Hub, staff_id: str) -> str:
    """A new badge secret (a lost badge): the old badge stops working at the next sync."""
    payload = badge_payload(staff_id, badge_secret())
    _update(conn, hub, staff_id, badge_sha256=badge_digest(payload))
    return payload


def set_pin(conn: Connection, hub: Hub, staff_id: str, pin: str) -> None:
    if not PIN.match(pin):
        raise Refused(400, "bad_pin", "a PIN is 6 to 12 digits")
    _update(conn, hub, staff_id, pin_pbkdf2=pbkdf2(pin, hub.pin_iterations))


def set_active(conn: Connection, hub: Hub, staff_id: str, active: bool) -> None:
    _update(conn, hub, staff_id, active=active)


def _update(conn: Connection, hub: Hub, staff_id: str, **values: Any) -> None:
    done = conn.execute(
        update(staff).where(staff.c.staff_id == staff_id).values(updated_ts=hub.now(), **values)
    ).rowcount
    if not done:
        raise NotFound(f"no staff {staff_id!r}")


def remove(conn: Connection, staff_id: str) -> None:
    """Forget a person: off every kiosk's directory at its next sync."""
    if not conn.execute(delete(staff).where(staff.c.staff_id == staff_id)).rowcount:
        raise NotFound(f"no staff {staff_id!r}")


def everyone(conn: Connection) -> list[Any]:
    return list(conn.execute(select(staff).order_by(staff.c.staff_id)))


def directory(conn: Connection, kiosk_id: str) -> tuple[dict[str, Any], str]:
    """The directory a kiosk gets, and its ETag (a digest of the body)."""
    rows = conn.execute(
        select(staff)
        .where(
            or_(staff.c.kiosk_id.is_(None), staff.c.kiosk_id == kiosk_id),
            staff.c.pin_pbkdf2.is_not(None),
        )
        .order_by(staff.c.staff_id)
    )
    body = {
        "staff": [
            {
                "staff_id": r.staff_id,
                "name": r.name,
                "role": r.role,
                "badge_sha256": r.badge_sha256,
                "pin_pbkdf2": r.pin_pbkdf2,
                "active": bool(r.active),
            }
            for r in rows
        ]
    }
    return body, directory_etag(body)


def directory_etag(body: Any) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return f'"s-{hashlib.sha256(text).hexdigest()[:16]}"'
