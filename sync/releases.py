"""Pulling released results: pages by cursor, applied by version, cursor stored with its rows.

Each page is one transaction: its rows, their audit records and the cursor that covers them,
so a crash between pages resumes exactly where the last committed page ended. The OTP is hashed
with the device key on receipt; its digits are neither stored nor logged.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from kiosk.clock import Clock, parse_rfc3339
from kiosk.services.otp_guard import reset_dossier
from kiosk.services.otp_key import OtpHasher
from kiosk.store import Store, audit, kv
from sync.client import CentralClient
from sync.errors import BadReply, CursorExpired
from sync.wire import ReleaseItem, ReleasesPage

log = logging.getLogger(__name__)
SYSTEM = "system"


@dataclass
class PullCount:
    applied: int = 0
    ignored: int = 0
    pages: int = 0
    resynced: bool = False

    def __str__(self) -> str:
        text = f"{self.applied} applied, {self.ignored} unchanged in {self.pages} page(s)"
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
            _store_page(conn, page, hasher, clock.iso(), count)
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
    conn: sqlite3.Connection, page: ReleasesPage, hasher: OtpHasher, at: str, count: PullCount
) -> None:
    for item in page.items:
        if apply_release(conn, item, hasher, at):
            count.applied += 1
        else:
            count.ignored += 1


def apply_release(conn: sqlite3.Connection, item: ReleaseItem, hasher: OtpHasher, at: str) -> bool:
    """Apply one item if it is newer than what we hold; False for a replay or an older one."""
    held = conn.execute(
        "SELECT version, otp_hash, otp_used FROM releases WHERE release_id = ?",
        (item.release_id,),
    ).fetchone()
    if held is not None and held["version"] >= item.version:
        return False
    otp_hash = hasher.hash(item.otp) if item.otp is not None else None
    if held is None:
        action, otp_used = "release.applied", 0
    elif otp_hash is not None and otp_hash != held["otp_hash"]:
        # A re-issued code: it starts unused and with no wrong tries against it.
        action, otp_used = "release.reissued", 0
        reset_dossier(conn, item.dossier_code)
    else:
        action, otp_used = "release.updated", held["otp_used"]
    if item.status == "revoked":
        action = "release.revoked"
    if otp_hash is None and held is not None:
        # Keep the withdrawn code's hash so the kiosk can say "this code was withdrawn".
        otp_hash = held["otp_hash"]
    conn.execute(
        "INSERT INTO releases (release_id, version, status, dossier_code, procedure_name,"
        " holder_name, phone_last_digits, otp_hash, expires_at, expires_ts, size_hint, otp_used,"
        " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (release_id) DO UPDATE SET version = excluded.version,"
        " status = excluded.status, dossier_code = excluded.dossier_code,"
        " procedure_name = excluded.procedure_name, holder_name = excluded.holder_name,"
        " phone_last_digits = excluded.phone_last_digits, otp_hash = excluded.otp_hash,"
        " expires_at = excluded.expires_at, expires_ts = excluded.expires_ts,"
        " size_hint = excluded.size_hint, otp_used = excluded.otp_used,"
        " received_at = excluded.received_at",
        (
            item.release_id,
            item.version,
            item.status,
            item.dossier_code,
            item.procedure_name,
            item.holder_name,
            item.phone_last_digits,
            otp_hash,
            item.expires_at,
            parse_rfc3339(item.expires_at).timestamp(),
            item.size_hint,
            otp_used,
            at,
        ),
    )
    audit.append(
        conn,
        at=at,
        actor=SYSTEM,
        action=action,
        subject=item.dossier_code,
        details={"release_id": item.release_id, "version": item.version},
    )
    return True
