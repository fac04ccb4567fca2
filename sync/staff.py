"""Pulling the staff directory: the people who may sign in here, replaced as a whole.

A delivered directory (200) replaces the table in one transaction: people no longer listed are
forgotten, and every badge's wrong-PIN count and lockout is cleared (a lockout lasts "until the
directory is synced again"). A 304 changes nothing. Each change gets an audit record; PIN
hashes never appear in it.
"""

from __future__ import annotations

import sqlite3

from kiosk.clock import Clock
from kiosk.store import Store, audit, kv
from sync.client import CentralClient
from sync.wire import StaffDirectory, StaffMember

SYSTEM = "system"
FIELDS = ("name", "role", "badge", "pin_pbkdf2", "active")


def pull_staff(store: Store, client: CentralClient, clock: Clock) -> str:
    fetched = client.staff(kv.get(store.conn, kv.Key.STAFF_ETAG))
    if fetched.body is None:
        return "unchanged"
    with store.transaction() as conn:
        changes = replace_directory(conn, fetched.body, clock.iso())
        if fetched.etag:
            kv.put(conn, kv.Key.STAFF_ETAG, fetched.etag)
        else:
            kv.delete(conn, kv.Key.STAFF_ETAG)
        kv.raise_clock_floor(conn, clock.floor)
    return f"{len(fetched.body.staff)} people, {changes} change(s)"


def replace_directory(conn: sqlite3.Connection, directory: StaffDirectory, at: str) -> int:
    held = {row["staff_id"]: row for row in conn.execute("SELECT * FROM staff")}
    listed = {m.staff_id: m for m in directory.staff}
    changes = 0
    for staff_id in sorted(held.keys() - listed.keys()):
        audit.append(conn, at=at, actor=SYSTEM, action="staff.removed", subject=staff_id)
        changes += 1
    for staff_id, member in listed.items():
        old = held.get(staff_id)
        changed = [f for f in FIELDS if old is None or _value(member, f) != old[f]]
        if old is None:
            audit.append(
                conn,
                at=at,
                actor=SYSTEM,
                action="staff.added",
                subject=staff_id,
                details={"role": member.role, "active": member.active},
            )
            changes += 1
        elif changed:
            shown = ["pin" if f == "pin_pbkdf2" else f for f in changed]
            audit.append(
                conn,
                at=at,
                actor=SYSTEM,
                action="staff.changed",
                subject=staff_id,
                details={"changed": shown},
            )
            changes += 1
    # Delete then insert: two people may swap badges, which row-by-row updates would refuse.
    conn.execute("DELETE FROM staff")
    for member in directory.staff:
        old = held.get(member.staff_id)
        conn.execute(
            "INSERT INTO staff (staff_id, name, role, badge, pin_pbkdf2, active, pin_fails,"
            " pin_hold_until_ts, disabled) VALUES (?, ?, ?, ?, ?, ?, 0, ?, 0)",
            (
                member.staff_id,
                member.name,
                member.role,
                member.badge,
                member.pin_pbkdf2,
                int(member.active),
                old["pin_hold_until_ts"] if old is not None else 0.0,
            ),
        )
    return changes


def _value(member: StaffMember, name: str) -> object:
    value = getattr(member, name)
    return int(value) if isinstance(value, bool) else value
