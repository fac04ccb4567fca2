"""Feed items set aside: what the central system sent that the kiosk could not accept.

central-api.md: "an item the kiosk cannot accept (a missing field, a wrong type) is set aside
and reported to technicians; it does not stop the other items of the page or the cursor". The
sync step that found the item keeps it here (table ``set_aside``, migration ``m006_set_aside``)
inside the transaction of its page, raises the alarm and goes on; ``kiosk status`` lists what is
open.

What is kept is a redacted copy: an item may be broken anywhere, so secrets are withheld by
name (``WITHHELD_KEYS``, whatever their type) and every run of eight or more digits in any text
is masked, in case the OTP came under another key. The holder's name is kept masked, as the
releases table keeps it (kiosk/store/privacy.py).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from kiosk.store.privacy import mask_name

#: Keys whose values are never kept, only described: an OTP's digits, a phone's last digits,
#: a staff member's PIN and badge hashes.
WITHHELD_KEYS = frozenset({"otp", "phone_last_digits", "pin_pbkdf2", "badge_sha256"})
_LONG_DIGITS = re.compile(r"[0-9]{8,}")
_MASKED_KEYS = frozenset({"holder_name", "name"})


@dataclass(frozen=True)
class Bad:
    """One item a feed could not accept, as the sync step describes it."""

    feed: str
    key: str | None  # its release_id (staff_id) when that could be read
    version: int | None
    error: str  # fields and problems, never values (sync.wire.describe)
    item: Any  # as received: may carry secrets; only its redacted copy is stored


def redact(value: Any, key: str | None = None) -> Any:
    """A copy of a JSON value safe to keep and show: see the module's docstring."""
    if key in WITHHELD_KEYS:
        size = f" of {len(value)} characters" if isinstance(value, str) else ""
        return f"<withheld: {type(value).__name__}{size}>"
    if isinstance(value, dict):
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str):
        text = _LONG_DIGITS.sub(lambda m: "#" * len(m.group()), value)
        return mask_name(text) if key in _MASKED_KEYS else text
    return value


def canonical(item: Any) -> str:
    """The item as one string, for its fingerprint (keys sorted: the same item, the same text)."""
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def keep(conn: sqlite3.Connection, bad: Bad, fingerprint: str, at: str) -> int | None:
    """Store ``bad`` inside the caller's transaction; its new row id, or None when the same item
    was set aside before (then only counted: a replay raises no second alarm).

    ``fingerprint``: a keyed hash (the device key) of ``canonical(bad.item)``; a plain hash of an
    item whose other fields are kept would give its 8-digit OTP away to a brute force."""
    seen = conn.execute(
        "UPDATE set_aside SET last_seen_at = ?, times_seen = times_seen + 1"
        " WHERE feed = ? AND fingerprint = ?",
        (at, bad.feed, fingerprint),
    )
    if seen.rowcount:
        return None
    cur = conn.execute(
        "INSERT INTO set_aside (feed, item_key, version, error, item, fingerprint,"
        " first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            bad.feed,
            bad.key,
            bad.version,
            bad.error,
            json.dumps(redact(bad.item), ensure_ascii=False),
            fingerprint,
            at,
            at,
        ),
    )
    return cur.lastrowid


def open_keys(conn: sqlite3.Connection, feed: str) -> dict[str, int | None]:
    """Keys of this feed with an open set-aside item, each with the highest version seen (None:
    unknown), so that a pull looks up only the items that may resolve one."""
    rows = conn.execute(
        "SELECT item_key, max(coalesce(version, -1)) FROM set_aside"
        " WHERE feed = ? AND resolved_at IS NULL AND item_key IS NOT NULL GROUP BY item_key",
        (feed,),
    ).fetchall()
    return {r[0]: (None if r[1] < 0 else int(r[1])) for r in rows}


def resolve(conn: sqlite3.Connection, feed: str, key: str, version: int, at: str) -> int:
    """A valid item of ``key`` at ``version`` was applied: open items of that key with a version
    up to it (or none readable) are resolved. Returns how many."""
    cur = conn.execute(
        "UPDATE set_aside SET resolved_at = ? WHERE feed = ? AND item_key = ?"
        " AND resolved_at IS NULL AND (version IS NULL OR version <= ?)",
        (at, feed, key, version),
    )
    return cur.rowcount


def resolve_absent(
    conn: sqlite3.Connection, feed: str, present: set[str], at: str
) -> list[tuple[int, str | None]]:
    """For a feed delivered whole (the staff directory): open items whose fingerprint is not in
    ``present`` are no longer sent, so resolved. Returns their (row id, key)."""
    rows = conn.execute(
        "SELECT id, item_key, fingerprint FROM set_aside WHERE feed = ? AND resolved_at IS NULL",
        (feed,),
    ).fetchall()
    gone = [(r[0], r[1]) for r in rows if r[2] not in present]
    conn.executemany(
        "UPDATE set_aside SET resolved_at = ? WHERE id = ?", [(at, row_id) for row_id, _ in gone]
    )
    return gone


def open_items(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every open item, oldest first, as ``kiosk status`` shows it: what and where, not the
    copy kept (a masked name is still personal data: docs/privacy.md)."""
    rows = conn.execute(
        "SELECT id, feed, item_key, version, error, first_seen_at, times_seen"
        " FROM set_aside WHERE resolved_at IS NULL ORDER BY id"
    ).fetchall()
    keys = ("id", "feed", "key", "version", "error", "first_seen_at", "times_seen")
    return [dict(zip(keys, r, strict=True)) for r in rows]
