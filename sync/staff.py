"""Pulling the staff directory: the people who may sign in here, each item checked on its own.

A delivered directory (200) replaces the table in one transaction, through its owner
(kiosk/services/staff_directory.py): people no longer listed are forgotten. An item the kiosk
cannot accept (a missing field, a wrong type, a badge or staff id that two items share) is set
aside (kiosk/store/set_aside.py, feed ``staff``: what was wrong and a copy without its hashes)
with a ``feed_item_set_aside`` alarm under ``staff:<id>`` and a line in ``kiosk status``; the
others apply. Someone whose item is set aside cannot sign in until the central system fixes it;
a directory that no longer carries the bad item resolves it.

A 304 changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from kiosk.clock import Clock
from kiosk.domain import SYSTEM
from kiosk.services import alarms, staff_directory
from kiosk.store import Store, kv, set_aside
from sync.client import CentralClient
from sync.wire import StaffDirectory, StaffMember, describe

log = logging.getLogger(__name__)

FEED = "staff"


@dataclass
class Checked:
    members: list[StaffMember] = field(default_factory=list)
    set_aside: list[set_aside.Bad] = field(default_factory=list)


def pull_staff(store: Store, client: CentralClient, clock: Clock) -> str:
    fetched = client.staff(kv.get(store.conn, kv.Key.STAFF_ETAG))
    if fetched.body is None:
        return "unchanged"
    checked = check_items(fetched.body)
    with store.transaction() as conn:
        changes = staff_directory.replace(conn, checked.members, clock.iso())
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
    valid: list[tuple[Any, StaffMember]] = []
    for item in directory.staff:
        try:
            valid.append((item, StaffMember.model_validate(item)))
        except ValidationError as exc:
            checked.set_aside.append(_bad(item, _claimed_id(item), describe(exc, "item")))
    ids = Counter(m.staff_id for _, m in valid)
    badges = Counter(m.badge_sha256 for _, m in valid)
    for item, member in valid:
        if ids[member.staff_id] > 1:
            checked.set_aside.append(_bad(item, member.staff_id, "staff_id listed twice"))
        elif badges[member.badge_sha256] > 1:
            checked.set_aside.append(
                _bad(item, member.staff_id, "badge_sha256 shared with another item")
            )
        else:
            checked.members.append(member)
    return checked


def record_set_aside(conn: sqlite3.Connection, clock: Clock, bad: list[set_aside.Bad]) -> None:
    """Keep this delivery's bad items (each alarm raised once, however often it comes again)
    and resolve those the central system no longer sends."""
    at = clock.iso()
    prints = _fingerprints(bad)
    for item, fingerprint in zip(bad, prints, strict=True):
        if set_aside.keep(conn, item, fingerprint, at) is None:
            continue
        log.warning(
            "set aside staff directory item %s: %s; the rest applies (kiosk status lists it)",
            item.key or "without a readable staff_id",
            item.error,
        )
        alarms.raise_alarm(
            conn,
            clock,
            alarms.FEED_ITEM_SET_ASIDE,
            _subject(item.key, fingerprint),
            {"feed": FEED, "error": item.error},
        )
    still = {_subject(i.key, f) for i, f in zip(bad, prints, strict=True)}
    for _, key in set_aside.resolve_absent(conn, FEED, set(prints), at):
        log.info("staff directory item %s no longer sent: resolved", key or "without staff_id")
    for subject in alarms.open_subjects(conn, alarms.FEED_ITEM_SET_ASIDE, "staff:"):
        if subject not in still:
            alarms.clear_kind(conn, clock, alarms.FEED_ITEM_SET_ASIDE, subject, SYSTEM)


def _bad(item: Any, key: str | None, error: str) -> set_aside.Bad:
    return set_aside.Bad(feed=FEED, key=key, version=None, error=error, item=item)


def _fingerprints(bad: list[set_aside.Bad]) -> list[str]:
    # A plain hash is enough here: unlike a release's 8-digit OTP, nothing in a staff item is
    # short enough to be found from its hash.
    return [hashlib.sha256(set_aside.canonical(b.item).encode()).hexdigest() for b in bad]


def _subject(key: str | None, fingerprint: str) -> str:
    return f"staff:{key}" if key else f"staff:item-{fingerprint[:12]}"


def _claimed_id(item: Any) -> str | None:
    staff_id = item.get("staff_id") if isinstance(item, dict) else None
    if isinstance(staff_id, str) and 0 < len(staff_id) <= 200 and staff_id.isprintable():
        return staff_id
    return None
