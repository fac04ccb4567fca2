"""Pulling released results: pages by cursor, applied by version, cursor stored with its rows.

Each page is one transaction: its rows, its audit record and the cursor that covers them, so
a crash between pages resumes exactly where the last committed page ended. The OTP is hashed
with the device key on receipt; its digits are neither stored nor logged.

Each item stands on its own (central-api.md): one that does not fit the contract is set aside
for technicians (kiosk/store/set_aside.py) with an alarm, and the rest of the page applies and
the cursor moves on. This module fetches, reads and sets aside; what a valid item does to the
``releases`` table is its owner's, ``kiosk.services.releases.apply`` (a page's rows read in one
statement and written in one, one audit record for the page: the cost of a pull is linear in
its items).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.domain import SYSTEM
from kiosk.services import alarms, releases
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store, kv, set_aside
from sync.client import CentralClient
from sync.errors import BadReply, CursorExpired
from sync.wire import RELEASES_FEED, ReleasesPage, expiry_ts

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
    """Apply one page inside its transaction: the items that fit, through their owner
    (kiosk/services/releases.py); the ones that do not, set aside with an alarm (central-api.md:
    each item stands on its own)."""
    at = clock.iso()
    changes = releases.apply(conn, page.items, hasher, at, expiry_ts)
    count.applied += len(changes)
    count.ignored += len(page.items) - len(changes)
    waiting = set_aside.open_keys(conn, RELEASES_FEED) if changes else {}
    for c in changes:
        if c.item.release_id in waiting:
            _resolve(conn, clock, c.item, at)
    for item in page.set_aside:
        if _set_aside(conn, clock, hasher, item, at):
            count.set_aside += 1


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


def _resolve(conn: sqlite3.Connection, clock: Clock, item: releases.Incoming, at: str) -> None:
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
