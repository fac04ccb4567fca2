"""The ``releases`` table's one owner: results the central system released for pickup here.

Every write of the table is here: applying what the sync step received (newer versions only,
the OTP hashed with the device key, the name masked), a code used up, the phone digits of an
expired code forgotten, finished releases purged. So is every look-up of releases themselves:
by code, by dossier, by id, how many are open, a receipt's procedure name. A query about
another table's rows may join ``releases`` read-only to label or filter them (the occupancy map,
the recall list; docs/architecture.md "Where each kind of fact lives").

Holder names are stored only masked, phone digits only while the code is live
(kiosk/store/privacy.py: the rules, which the table's CHECK constraints enforce, live in the
store, which the services sit on); what leaves this module is the stored, masked name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.domain import SYSTEM, ReleaseStatus, Size
from kiosk.services.otp_guard import reset_dossier
from kiosk.services.otp_key import OtpHasher
from kiosk.store import audit
from kiosk.store.privacy import mask_name
from kiosk.store.schema import OTP_INDEX_PREFIX


class Incoming(Protocol):
    """One release item as the sync step validated it (sync/wire.py ``ReleaseItem``)."""

    @property
    def release_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def dossier_code(self) -> str: ...
    @property
    def procedure_name(self) -> str: ...
    @property
    def holder_name(self) -> str: ...
    @property
    def phone_last_digits(self) -> str | None: ...
    @property
    def otp(self) -> str | None: ...
    @property
    def expires_at(self) -> str: ...
    @property
    def size_hint(self) -> str | None: ...
    @property
    def needs_low_compartment(self) -> bool: ...


@dataclass(frozen=True)
class ReleaseInfo:
    """A release as staff see it while loading it."""

    release_id: str
    dossier_code: str
    procedure_name: str
    holder_masked: str
    size_hint: Size | None
    needs_low: bool = False  # the holder asked for a door within reach of a wheelchair


# --- applying what the central system sent --------------------------------------------------

#: The audit record of a page of releases applied: one per page, not per release (issue 11:
#: a pull costs what its rows cost); its details name every release it changed.
PAGE_APPLIED = "releases.applied"
PAGE_SUBJECT = "releases"


@dataclass(frozen=True)
class Change:
    """An item newer than what the kiosk holds, and what applying it means."""

    item: Incoming
    action: str
    otp_hash: str | None
    otp_used: int
    reissued: bool

    def row(self, at: str, expires_ts: float) -> tuple[object, ...]:
        """The row as the table's privacy checks accept it (kiosk/store/privacy.py)."""
        item = self.item
        live = item.status == ReleaseStatus.RELEASED and not self.otp_used
        return (
            item.release_id,
            item.version,
            item.status,
            item.dossier_code,
            item.procedure_name,
            mask_name(item.holder_name),
            item.phone_last_digits if live else None,
            self.otp_hash,
            item.expires_at,
            expires_ts,
            item.size_hint,
            self.otp_used,
            at,
            int(item.needs_low_compartment),
        )


def apply(
    conn: sqlite3.Connection,
    items: Sequence[Incoming],
    hasher: OtpHasher,
    at: str,
    expires_ts: Callable[[str], float],
) -> list[Change]:
    """Apply a page of items inside the caller's transaction: the ones newer than what is held,
    written in one statement, with one audit record for the page (``PAGE_APPLIED``); a
    re-issued code starts with no wrong tries against it. ``expires_ts``: epoch seconds of an
    ``expires_at`` text (the validator's, cached). Returns the changes, in order (replays and
    older versions left out)."""
    changes = _changes(conn, items, hasher)
    if not changes:
        return changes
    conn.executemany(_UPSERT, [c.row(at, expires_ts(c.item.expires_at)) for c in changes])
    audit.append(
        conn,
        at=at,
        actor=SYSTEM,
        action=PAGE_APPLIED,
        subject=PAGE_SUBJECT,
        details=page_details(changes),
    )
    for c in changes:
        if c.reissued:
            reset_dossier(conn, c.item.dossier_code)
    return changes


def page_details(changes: Sequence[Change]) -> dict[str, list[list[object]]]:
    """What a page changed, for its audit record: ``[release_id, version, dossier_code]`` under
    what happened to each (``release.applied``, ``release.updated``, ``release.reissued``,
    ``release.revoked``), in the page's order. Never the OTP, nor its hash."""
    kinds: dict[str, list[list[object]]] = {}
    for c in changes:
        kinds.setdefault(c.action, []).append(
            [c.item.release_id, c.item.version, c.item.dossier_code]
        )
    return kinds


def _changes(
    conn: sqlite3.Connection, items: Sequence[Incoming], hasher: OtpHasher
) -> list[Change]:
    """The rows held are read in one query; an id twice in a page counts its first change as
    held."""
    ids = json.dumps(sorted({i.release_id for i in items}))
    held: dict[str, tuple[int, str | None, int]] = {
        r[0]: (r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT release_id, version, otp_hash, otp_used FROM releases"
            " WHERE release_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    changes: list[Change] = []
    for item in items:
        before = held.get(item.release_id)
        if before is not None and before[0] >= item.version:
            continue
        change = _change(item, before, hasher)
        held[item.release_id] = (item.version, change.otp_hash, change.otp_used)
        changes.append(change)
    return changes


def _change(item: Incoming, held: tuple[int, str | None, int] | None, hasher: OtpHasher) -> Change:
    otp_hash = hasher.hash(item.otp) if item.otp is not None else None
    reissued = False
    if held is None:
        action, otp_used = "release.applied", 0
    elif otp_hash is not None and otp_hash != held[1]:
        action, otp_used, reissued = "release.reissued", 0, True
    else:
        action, otp_used = "release.updated", held[2]
    if item.status == ReleaseStatus.REVOKED:
        action = "release.revoked"
    if otp_hash is None and held is not None:
        # Keep the withdrawn code's hash so the kiosk can say "this code was withdrawn".
        otp_hash = held[1]
    return Change(item, action, otp_hash, otp_used, reissued)


_UPSERT = (
    "INSERT INTO releases (release_id, version, status, dossier_code, procedure_name,"
    " holder_name, phone_last_digits, otp_hash, expires_at, expires_ts, size_hint, otp_used,"
    " received_at, needs_low_compartment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (release_id) DO UPDATE SET version = excluded.version,"
    " status = excluded.status, dossier_code = excluded.dossier_code,"
    " procedure_name = excluded.procedure_name, holder_name = excluded.holder_name,"
    " phone_last_digits = excluded.phone_last_digits, otp_hash = excluded.otp_hash,"
    " expires_at = excluded.expires_at, expires_ts = excluded.expires_ts,"
    " size_hint = excluded.size_hint, otp_used = excluded.otp_used,"
    " received_at = excluded.received_at, needs_low_compartment = excluded.needs_low_compartment"
)


# --- looking releases up --------------------------------------------------------------------


#: Through the index on the hash's first digits, then the whole hash. ``+otp_hash``: with a
#: bare ``otp_hash = ?`` SQLite would put the value into ``substr(…)`` (constant propagation),
#: which then no longer matches the index's expression, and scan the table.
BY_OTP_HASH = (
    f"SELECT * FROM releases WHERE substr(otp_hash, 1, {OTP_INDEX_PREFIX}) = ?"
    " AND +otp_hash = ? ORDER BY version DESC"
)


def by_otp_hash(conn: sqlite3.Connection, otp_hash: str) -> list[sqlite3.Row]:
    """Every release carrying the code, newest version first (live, used or revoked)."""
    return conn.execute(BY_OTP_HASH, (otp_hash[:OTP_INDEX_PREFIX], otp_hash)).fetchall()


def live_id(conn: sqlite3.Connection, dossier_code: str) -> str | None:
    """The release whose code can still open a door for the dossier (released, unused)."""
    row = conn.execute(
        "SELECT release_id FROM releases WHERE dossier_code = ? AND status = 'released'"
        " AND NOT otp_used ORDER BY version DESC LIMIT 1",
        (dossier_code,),
    ).fetchone()
    return str(row[0]) if row is not None else None


def released(conn: sqlite3.Connection, release_id: str) -> sqlite3.Row | None:
    """The release, if the central system has it released (not revoked)."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM releases WHERE release_id = ? AND status = 'released'", (release_id,)
    ).fetchone()
    return row


def for_loading(conn: sqlite3.Connection, dossier_code: str) -> ReleaseInfo | None:
    """The released result an envelope belongs to, by the code printed on it (newest)."""
    row = conn.execute(
        "SELECT * FROM releases WHERE dossier_code = ? AND status = 'released'"
        " ORDER BY version DESC LIMIT 1",
        (dossier_code,),
    ).fetchone()
    if row is None:
        return None
    hint = row["size_hint"]
    return ReleaseInfo(
        row["release_id"],
        row["dossier_code"],
        row["procedure_name"],
        row["holder_name"],
        Size(hint) if hint else None,
        bool(row["needs_low_compartment"]),
    )


def procedure_name(conn: sqlite3.Connection, release_id: str) -> str | None:
    row = conn.execute(
        "SELECT procedure_name FROM releases WHERE release_id = ?", (release_id,)
    ).fetchone()
    return str(row[0]) if row is not None else None


def open_count(conn: sqlite3.Connection, now: float) -> int:
    """Releases whose code can still be used: released, unused, not expired at ``now``."""
    row = conn.execute(
        "SELECT count(*) FROM releases WHERE status = 'released' AND otp_used = 0"
        " AND expires_ts > ?",
        (now,),
    ).fetchone()
    return int(row[0])


def released_ids(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(release_id, dossier_code) of every released result, oldest received first."""
    rows = conn.execute(
        "SELECT release_id, dossier_code FROM releases WHERE status = 'released'"
        " ORDER BY received_at, release_id"
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


# --- changes of the kiosk's own --------------------------------------------------------------


def mark_used(conn: sqlite3.Connection, release_id: str) -> None:
    """The code opened its door: each code works once, and its phone digits go."""
    conn.execute(
        "UPDATE releases SET otp_used = 1, phone_last_digits = NULL WHERE release_id = ?",
        (release_id,),
    )


def forget_expired_phone_digits(conn: sqlite3.Connection, now: float, limit: int) -> int:
    """Drop the phone digits of up to ``limit`` expired codes (used and revoked ones never keep
    them); returns how many."""
    return conn.execute(
        "UPDATE releases SET phone_last_digits = NULL WHERE release_id IN"
        " (SELECT release_id FROM releases WHERE phone_last_digits IS NOT NULL"
        " AND expires_ts < ? LIMIT ?)",
        (now, limit),
    ).rowcount


def purge_finished(conn: sqlite3.Connection, cutoff: str, cutoff_ts: float, limit: int) -> int:
    """Delete up to ``limit`` releases received before ``cutoff`` whose code is used, revoked or
    expired before ``cutoff_ts``, once no result of theirs is left (results reference them);
    returns how many."""
    return conn.execute(
        "DELETE FROM releases WHERE release_id IN (SELECT release_id FROM releases AS r"
        " WHERE NOT EXISTS (SELECT 1 FROM results WHERE release_id = r.release_id)"
        " AND julianday(received_at) < julianday(?)"
        " AND (status = 'revoked' OR otp_used = 1 OR expires_ts < ?) LIMIT ?)",
        (cutoff, cutoff_ts, limit),
    ).rowcount
