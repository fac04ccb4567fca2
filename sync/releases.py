"""Pulling released results: pages by cursor, applied by version, cursor stored with its rows.

Each page is one transaction: its rows, their audit records and the cursor that covers them,
so a crash between pages resumes exactly where the last committed page ended. The OTP is hashed
with the device key on receipt; its digits are neither stored nor logged.

Each item stands on its own (central-api.md): one that does not fit the contract is set aside
for technicians (kiosk/store/set_aside.py) with an alarm, and the rest of the page applies and
the cursor moves on. A page's rows are read in one statement and written in one, its audit
records too (``audit.append_many``): the cost of a pull is linear in its items.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.domain import SYSTEM
from kiosk.services import alarms
from kiosk.services.otp_guard import reset_dossier
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store, audit, kv, set_aside
from kiosk.store.privacy import mask_name
from sync.client import CentralClient
from sync.errors import BadReply, CursorExpired
from sync.wire import RELEASES_FEED, ReleaseItem, ReleasesPage, expiry_ts

log = logging.getLogger(__name__)


@dataclass
class PullCount:
    applied: int = 0
    ignored: int = 0
    set_aside: int = 0  # new items set aside (one seen before is not counted again)
    pages: int = 0
    resynced: bool = False

    def __str__(self) -> str:
        text = f"{self.applied} applied, {self.ignored} unchanged"
        if self.set_aside:
            text += f", {self.set_aside} set aside (see kiosk status)"
        text += f" in {self.pages} page(s)"
        return text + (" after a resync from the start" if self.resynced else "")


def pull_releases(
    store: Store, client: CentralClient, hasher: OtpHasher, clock: Clock, limit: int
) -> PullCount:
    count = PullCount()
    cursor = kv.get(store.conn, kv.Key.RELEASES_CURSOR)
    etag = kv.get(store.conn, kv.Key.RELEASES_ETAG)
    while True:
        try:
            fetched = client.releases(cursor, limit, etag)
        except CursorExpired:
            if cursor is None or count.resynced:
                raise BadReply("GET releases: 410 for a pull from the beginning") from None
            log.warning(
                "releases cursor expired (410): pulling again from the beginning;"
                " nothing local is discarded"
            )
            with store.transaction() as conn:
                kv.delete(conn, kv.Key.RELEASES_CURSOR)
                kv.delete(conn, kv.Key.RELEASES_ETAG)
            cursor, etag, count.resynced = None, None, True
            continue
        etag = None  # only the first request of a pull is conditional
        page = fetched.body
        if page is None:
            return count
        if page.has_more and page.next_cursor in (None, cursor):
            raise BadReply("GET releases: has_more without a new next_cursor")
        cursor = page.next_cursor or cursor
        with store.transaction() as conn:
            _store_page(conn, page, hasher, clock, count)
            if cursor is not None:
                kv.put(conn, kv.Key.RELEASES_CURSOR, cursor)
            # The ETag names the state we are now up to date with: only the last page's.
            if not page.has_more and fetched.etag:
                kv.put(conn, kv.Key.RELEASES_ETAG, fetched.etag)
            else:
                kv.delete(conn, kv.Key.RELEASES_ETAG)
            kv.raise_clock_floor(conn, clock.floor)
        count.pages += 1
        if not page.has_more:
            return count


def _store_page(
    conn: sqlite3.Connection,
    page: ReleasesPage,
    hasher: OtpHasher,
    clock: Clock,
    count: PullCount,
) -> None:
    """Apply one page inside its transaction: the items that fit, in one statement; the ones
    that do not, set aside with an alarm (central-api.md: each item stands on its own)."""
    at = clock.iso()
    changes = _changes(conn, page.items, hasher)
    count.applied += len(changes)
    count.ignored += len(page.items) - len(changes)
    if changes:
        conn.executemany(_UPSERT, [c.row(at) for c in changes])
        audit.append_many(
            conn,
            [
                audit.Record(
                    at,
                    SYSTEM,
                    c.action,
                    c.item.dossier_code,
                    {"release_id": c.item.release_id, "version": c.item.version},
                )
                for c in changes
            ],
        )
    for c in changes:
        if c.reissued:
            # A re-issued code: it starts unused and with no wrong tries against it.
            reset_dossier(conn, c.item.dossier_code)
    waiting = set_aside.open_keys(conn, RELEASES_FEED) if changes else {}
    for c in changes:
        if c.item.release_id in waiting:
            _resolve(conn, clock, c.item, at)
    for item in page.set_aside:
        if _set_aside(conn, clock, hasher, item, at):
            count.set_aside += 1


@dataclass(frozen=True)
class _Change:
    """An item newer than what the kiosk holds, and what applying it means."""

    item: ReleaseItem
    action: str
    otp_hash: str | None
    otp_used: int
    reissued: bool

    def row(self, at: str) -> tuple[object, ...]:
        item = self.item
        return (
            item.release_id,
            item.version,
            item.status,
            item.dossier_code,
            item.procedure_name,
            # Masked here rather than by the privacy trigger: the same result, one write.
            mask_name(item.holder_name),
            item.phone_last_digits,
            self.otp_hash,
            item.expires_at,
            expiry_ts(item.expires_at),
            item.size_hint,
            self.otp_used,
            at,
            int(item.needs_low_compartment),
        )


def _changes(
    conn: sqlite3.Connection, items: list[ReleaseItem], hasher: OtpHasher
) -> list[_Change]:
    """The items that change something, in order; replays and older versions left out. The
    rows held are read in one query; an id twice in a page counts its first change as held."""
    ids = json.dumps(sorted({i.release_id for i in items}))
    held: dict[str, tuple[int, str | None, int]] = {
        r[0]: (r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT release_id, version, otp_hash, otp_used FROM releases"
            " WHERE release_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    changes: list[_Change] = []
    for item in items:
        before = held.get(item.release_id)
        if before is not None and before[0] >= item.version:
            continue
        change = _change(item, before, hasher)
        held[item.release_id] = (item.version, change.otp_hash, change.otp_used)
        changes.append(change)
    return changes


def _change(
    item: ReleaseItem, held: tuple[int, str | None, int] | None, hasher: OtpHasher
) -> _Change:
    otp_hash = hasher.hash(item.otp) if item.otp is not None else None
    reissued = False
    if held is None:
        action, otp_used = "release.applied", 0
    elif otp_hash is not None and otp_hash != held[1]:
        action, otp_used, reissued = "release.reissued", 0, True
    else:
        action, otp_used = "release.updated", held[2]
    if item.status == "revoked":
        action = "release.revoked"
    if otp_hash is None and held is not None:
        # Keep the withdrawn code's hash so the kiosk can say "this code was withdrawn".
        otp_hash = held[1]
    return _Change(item, action, otp_hash, otp_used, reissued)


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


def _set_aside(
    conn: sqlite3.Connection, clock: Clock, hasher: OtpHasher, bad: set_aside.Bad, at: str
) -> bool:
    """Keep an item that does not fit, with an alarm and a log line; True the first time."""
    fingerprint = hasher.hash(set_aside.canonical(bad.item))
    row_id = set_aside.keep(conn, bad, fingerprint, at)
    if row_id is None:
        log.debug("release item %s set aside again (seen before)", bad.key or "without id")
        return False
    name = bad.key or "without a readable release_id"
    if bad.version is not None:
        name += f" v{bad.version}"
    log.warning(
        "set aside release item %s: %s; the rest of the page applies (kiosk status lists it)",
        name,
        bad.error,
    )
    alarms.raise_alarm(
        conn,
        clock,
        alarms.FEED_ITEM_SET_ASIDE,
        _alarm_subject(bad.key, row_id),
        {"feed": bad.feed, "set_aside_id": row_id, "version": bad.version, "error": bad.error},
    )
    return True


def _resolve(conn: sqlite3.Connection, clock: Clock, item: ReleaseItem, at: str) -> None:
    """A valid item replaced the ones set aside under its id: their alarm clears."""
    if set_aside.resolve(conn, RELEASES_FEED, item.release_id, item.version, at):
        log.info(
            "release %s v%d replaces the items set aside under it", item.release_id, item.version
        )
        alarms.clear_kind(
            conn, clock, alarms.FEED_ITEM_SET_ASIDE, _alarm_subject(item.release_id, None), SYSTEM
        )


def _alarm_subject(release_id: str | None, row_id: int | None) -> str:
    return f"release:{release_id}" if release_id else f"set_aside:{row_id}"
