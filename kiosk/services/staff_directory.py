"""The staff directory: the people who may sign in here, as the central system lists them.

A delivered directory replaces the ``staff`` table in one transaction (sync/staff.py fetches and
checks it): people no longer listed are forgotten. A badge's wrong-PIN count and lockout
(written by kiosk/services/staff_auth.py) survive a refresh unless the PIN hash changed: a new
PIN set centrally is the way to lift a lockout (docs/staff.md). Each change gets an audit record;
PIN and badge hashes never appear in it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Protocol

from kiosk.domain import SYSTEM
from kiosk.store import audit

FIELDS = ("name", "role", "badge_sha256", "pin_pbkdf2", "active")


class Listed(Protocol):
    """One person as the sync step validated the item (sync/wire.py ``StaffMember``)."""

    @property
    def staff_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def badge_sha256(self) -> str: ...
    @property
    def pin_pbkdf2(self) -> str: ...
    @property
    def active(self) -> bool: ...


def replace(conn: sqlite3.Connection, members: Sequence[Listed], at: str) -> int:
    """The directory becomes ``members``, inside the caller's transaction; returns the number
    of people added, removed or changed."""
    held = {row["staff_id"]: row for row in conn.execute("SELECT * FROM staff")}
    listed = {m.staff_id: m for m in members}
    changes = 0
    for staff_id in sorted(held.keys() - listed.keys()):
        audit.append(conn, at=at, actor=SYSTEM, action="staff.removed", subject=staff_id)
        changes += 1
    for staff_id, member in listed.items():
        old = held.get(staff_id)
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
            continue
        changed = [f for f in FIELDS if _value(member, f) != old[f]]
        if changed:
            shown = [{"pin_pbkdf2": "pin", "badge_sha256": "badge"}.get(f, f) for f in changed]
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
    for member in members:
        fails, disabled = _lockout_kept(held.get(member.staff_id), member)
        conn.execute(
            "INSERT INTO staff (staff_id, name, role, badge_sha256, pin_pbkdf2, active, pin_fails,"
            " disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                member.staff_id,
                member.name,
                member.role,
                member.badge_sha256,
                member.pin_pbkdf2,
                int(member.active),
                fails,
                disabled,
            ),
        )
    return changes


def _lockout_kept(old: sqlite3.Row | None, member: Listed) -> tuple[int, int]:
    """A refresh must not hand an attacker ten fresh tries: only a new PIN starts over."""
    if old is None or old["pin_pbkdf2"] != member.pin_pbkdf2:
        return 0, 0
    return old["pin_fails"], old["disabled"]


def _value(member: Listed, name: str) -> object:
    value = getattr(member, name)
    return int(value) if isinstance(value, bool) else value
