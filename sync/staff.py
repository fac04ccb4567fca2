"""Pulling the staff directory: the people who may sign in here, each item checked on its own.

A delivered directory (200) replaces the table in one transaction: people no longer listed are
forgotten. An item the kiosk cannot accept (a missing field, a wrong type, a badge or staff id
that two items share) is set aside: kept in ``staff_set_aside`` by position, staff id and reason
(never a hash), with one local alarm for technicians and a line in ``kiosk status``; the others
apply. Someone whose item is set aside cannot sign in until the central system fixes it.

A badge's wrong-PIN count and lockout survive a refresh unless the PIN hash changed (a new PIN
set centrally is the way to lift a lockout, docs/staff.md). A 304 changes nothing. Each change
gets an audit record; PIN and badge hashes never appear in it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kiosk.clock import Clock
from kiosk.services import alarms
from kiosk.store import Store, audit, kv
from sync.client import CentralClient
from sync.wire import StaffDirectory, StaffMember

log = logging.getLogger(__name__)

SYSTEM = "system"
FIELDS = ("name", "role", "badge_sha256", "pin_pbkdf2", "active")
# Local only (the contract's alarm kinds have no word for it): the technicians' cue to look
# at ``kiosk status`` and ask the central system to fix the directory.
SET_ASIDE_ALARM = "staff_directory_item_rejected"
SET_ASIDE_SUBJECT = "staff_directory"


@dataclass(frozen=True)
class SetAside:
    position: int  # 0-based index in the delivered list
    staff_id: str | None  # when the item names one
    reason: str


@dataclass
class Checked:
    members: list[StaffMember] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


def pull_staff(store: Store, client: CentralClient, clock: Clock) -> str:
    fetched = client.staff(kv.get(store.conn, kv.Key.STAFF_ETAG))
    if fetched.body is None:
        return "unchanged"
    checked = check_items(fetched.body)
    with store.transaction() as conn:
        changes = replace_directory(conn, checked.members, clock.iso())
        record_set_aside(conn, clock, checked.set_aside)
        if fetched.etag:
            kv.put(conn, kv.Key.STAFF_ETAG, fetched.etag)
        else:
            kv.delete(conn, kv.Key.STAFF_ETAG)
        kv.raise_clock_floor(conn, clock.floor)
    summary = f"{len(checked.members)} people, {changes} change(s)"
    if checked.set_aside:
        summary += f", {len(checked.set_aside)} item(s) set aside"
    return summary


def check_items(directory: StaffDirectory) -> Checked:
    """Each item validated alone; items sharing a staff id or a badge are all set aside (which
    of them is right cannot be told, and a shared badge would sign in the wrong person)."""
    checked = Checked()
    valid: list[tuple[int, StaffMember]] = []
    for position, item in enumerate(directory.staff):
        try:
            valid.append((position, StaffMember.model_validate(item)))
        except ValidationError as exc:
            checked.set_aside.append(SetAside(position, _claimed_id(item), _reason(exc)))
    ids = Counter(m.staff_id for _, m in valid)
    badges = Counter(m.badge_sha256 for _, m in valid)
    for position, member in valid:
        if ids[member.staff_id] > 1:
            checked.set_aside.append(SetAside(position, member.staff_id, "staff_id listed twice"))
        elif badges[member.badge_sha256] > 1:
            checked.set_aside.append(
                SetAside(position, member.staff_id, "badge_sha256 shared with another item")
            )
        else:
            checked.members.append(member)
    checked.set_aside.sort(key=lambda s: s.position)
    return checked


def record_set_aside(conn: sqlite3.Connection, clock: Clock, items: list[SetAside]) -> None:
    """Replace the list of set-aside items; the alarm is open exactly while the list is not
    empty."""
    conn.execute("DELETE FROM staff_set_aside")
    at = clock.iso()
    for s in items:
        conn.execute(
            "INSERT INTO staff_set_aside (position, staff_id, reason, seen_at) VALUES (?, ?, ?, ?)",
            (s.position, s.staff_id, s.reason, at),
        )
        log.warning(
            "staff directory: item %d (%s) set aside: %s", s.position, s.staff_id or "?", s.reason
        )
    if items:
        alarms.raise_alarm(
            conn,
            clock,
            SET_ASIDE_ALARM,
            SET_ASIDE_SUBJECT,
            {"set_aside": len(items), "staff_ids": [s.staff_id for s in items if s.staff_id]},
        )
    else:
        alarms.clear_kind(conn, clock, SET_ASIDE_ALARM, SET_ASIDE_SUBJECT, SYSTEM)


def replace_directory(conn: sqlite3.Connection, members: list[StaffMember], at: str) -> int:
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


def _lockout_kept(old: sqlite3.Row | None, member: StaffMember) -> tuple[int, int]:
    """A refresh must not hand an attacker ten fresh tries: only a new PIN starts over."""
    if old is None or old["pin_pbkdf2"] != member.pin_pbkdf2:
        return 0, 0
    return old["pin_fails"], old["disabled"]


def _claimed_id(item: Any) -> str | None:
    staff_id = item.get("staff_id") if isinstance(item, dict) else None
    if isinstance(staff_id, str) and 0 < len(staff_id) <= 200 and staff_id.isprintable():
        return staff_id
    return None


def _reason(exc: ValidationError) -> str:
    """Which fields are wrong and how, without their values (a hash is a secret's shadow)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "item"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)[:500]


def _value(member: StaffMember, name: str) -> object:
    value = getattr(member, name)
    return int(value) if isinstance(value, bool) else value
