"""The audit log: append-only, each row carrying the hash of the one before, both ends anchored.

**The chain.** A row's hash is SHA-256 over its own fields and the previous row's hash, so
changing, removing or reordering a middle row breaks the chain from that row on. SQLite
triggers refuse UPDATE, and DELETE of any row a checkpoint does not cover (see the schema).

**The anchor.** The chain alone cannot show the newest rows deleted, nor a row rewritten with
every later hash recomputed (the row format is public). So the table ``audit_anchor`` keeps the
chain's two ends, the *checkpoint* (the sequence number and hash of the last purged row; 0 and
``GENESIS`` before any purge) and the *head* (the newest row's), under an HMAC whose key is
derived from the device key. Every ``append`` updates it in the caller's transaction, taking the
next row's place from the anchor, not from whatever rows are left. Without ``device.key``
nobody can write a valid anchor: a truncation leaves the anchor naming a row that is gone, a
recomputed chain ends in a hash that is not the anchored one. Someone who also holds the key
could rewrite the anchor as well: the heartbeat's ``audit_head`` gives the central system its
own record of the head.

**Purging.** ``purge`` moves the checkpoint up to a row and deletes the rows up to it in one
transaction, and records the purge as a new row: the kept chain starts from the checkpoint, and
``verify`` checks that its first row follows the checkpoint's hash.

``verify`` and ``rows`` read in chunks inside one read transaction (a consistent snapshot that
never blocks the writer); in the kiosk they run on a read-only connection of their own on the io
pool (``kiosk.services.diagnostics``), never on the services thread the watchdog probes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.errors import KioskError

GENESIS = "0" * 64
#: The SQL function (registered on every store connection) that MACs an anchor.
MAC_FUNCTION = "audit_anchor_mac"
VERIFY_CHUNK_ROWS = 5000
_ANCHOR_KEY_LABEL = b"atm-ho-so audit anchor v1"
_COLUMNS = "seq, at, actor, action, subject, details, prev_hash, hash"


# Built once: json.dumps with options builds a new encoder on every call (every door command,
# alarm and page of releases writes a record). The same bytes as json.dumps with these options.
_CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_DETAILS = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _digest(
    seq: int, at: str, actor: str, action: str, subject: str, details: str, prev_hash: str
) -> str:
    canonical = _CANONICAL([seq, at, actor, action, subject, details, prev_hash])
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- the anchor's key ---------------------------------------------------------------------------


def anchor_key(device_key: bytes) -> bytes:
    """The anchor's own key, derived so that no OTP hash is ever a valid anchor MAC."""
    return hmac.new(device_key, _ANCHOR_KEY_LABEL, hashlib.sha256).digest()


def anchor_mac(key: bytes, base_seq: int, base_hash: str, head_seq: int, head_hash: str) -> str:
    message = f"{base_seq}|{base_hash}|{head_seq}|{head_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def bind_device_key(conn: sqlite3.Connection, device_key: bytes) -> None:
    """Let this connection write anchors (``Store`` does it on open, before migrating)."""
    key = anchor_key(device_key)

    def mac(base_seq: int, base_hash: str, head_seq: int, head_hash: str) -> str:
        return anchor_mac(key, base_seq, base_hash, head_seq, head_hash)

    conn.create_function(MAC_FUNCTION, 4, mac, deterministic=True)


# --- writing ------------------------------------------------------------------------------------


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Add one record and move the anchored head to it, inside the caller's transaction;
    returns its sequence number."""
    anchor = conn.execute("SELECT head_seq, head_hash FROM audit_anchor").fetchone()
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    if anchor is not None:
        # The anchor, not the rows left, says where the chain goes on: rows deleted at the end
        # stay a visible gap. Rows added outside the kiosk are stepped over (verify names them).
        seq, prev = max(anchor[0], last[0] if last else 0) + 1, anchor[1]
    else:
        # The anchor was removed outside the kiosk: verify reports it; it is never made again
        # here, which would bless whatever was done to the rows.
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text = _DETAILS(dict(details or {}))
    digest = _digest(seq, at, actor, action, subject, text, prev)
    conn.execute(
        f"INSERT INTO audit ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, subject, text, prev, digest),
    )
    conn.execute(
        f"UPDATE audit_anchor SET head_seq = ?, head_hash = ?,"
        f" mac = {MAC_FUNCTION}(base_seq, base_hash, ?, ?)",
        (seq, digest, seq, digest),
    )
    return int(seq)


@dataclass(frozen=True)
class Purged:
    """What one ``purge_before`` batch did: rows deleted, and the new checkpoint."""

    deleted: int
    checkpoint_seq: int
    checkpoint_hash: str


class PurgeRefused(KioskError):
    """The rows due for purging do not verify: deleting them would destroy the evidence and
    leave a chain that verifies. Nothing was deleted; ``verify`` names the fault."""


def purge_before(conn: sqlite3.Connection, cutoff: str, limit: int) -> Purged | None:
    """Delete up to ``limit`` of the oldest rows recorded before ``cutoff`` (RFC 3339), inside
    the caller's transaction, moving the anchored checkpoint to the last of them: the kept
    chain starts from its hash, which ``verify`` checks. None when no row is due.

    The caller records the purge as a new row in the same transaction. The rows deleted are
    checked first (each follows the one before, from the checkpoint, and matches its own hash):
    a broken stretch is never purged away (``PurgeRefused``). A row whose time does not parse
    stops the purge there; so does the newest row, which stays until a later one exists.
    """
    anchor = conn.execute("SELECT base_seq, base_hash, head_seq FROM audit_anchor").fetchone()
    if anchor is None:
        raise PurgeRefused("the audit anchor is missing")
    base_seq, prev, head_seq = int(anchor[0]), str(anchor[1]), int(anchor[2])
    rows = conn.execute(
        f"SELECT {_COLUMNS}, coalesce(julianday(at) < julianday(?), 0) FROM audit"
        " WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?",
        (cutoff, base_seq, head_seq, limit),
    ).fetchall()
    last: tuple[int, str] | None = None
    expected = base_seq + 1
    for row in rows:
        if not row[8]:
            break
        seq = row[0]
        if seq != expected or row[6] != prev or _digest(*row[:7]) != row[7]:
            raise PurgeRefused(f"row {expected} does not verify; nothing purged")
        prev, expected, last = row[7], expected + 1, (seq, row[7])
    if last is None:
        return None
    seq, digest = last
    # The checkpoint first: the delete trigger lets only rows it covers go.
    conn.execute(
        f"UPDATE audit_anchor SET base_seq = ?, base_hash = ?,"
        f" mac = {MAC_FUNCTION}(?, ?, head_seq, head_hash)",
        (seq, digest, seq, digest),
    )
    deleted = conn.execute("DELETE FROM audit WHERE seq <= ?", (seq,)).rowcount
    return Purged(deleted, seq, digest)


def head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """(seq, hash) of the newest record present, as the heartbeat reports it."""
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None


# --- checking -----------------------------------------------------------------------------------


class Finding(StrEnum):
    """What ``verify`` found; ``kiosk audit verify`` says it in words."""

    OK = "ok"
    MISSING = "missing"  # a row is missing from the middle
    OUT_OF_ORDER = "out_of_order"  # a row does not follow the one before
    ALTERED = "altered"  # a row's fields do not match its own hash
    TRUNCATED = "truncated"  # the newest rows are gone: the anchor names a later row
    RECOMPUTED = "recomputed"  # a consistent chain whose head is not the anchored one
    ADDED = "added"  # rows after the anchored head, written outside the kiosk
    ANCHOR_MISSING = "anchor_missing"
    ANCHOR_FORGED = "anchor_forged"  # the anchor's MAC does not match the device key
    NO_ANCHOR_TABLE = "no_anchor_table"  # a database from before anchors, not migrated


@dataclass(frozen=True)
class ChainReport:
    rows: int
    first_bad_seq: int | None
    reason: str
    finding: Finding = Finding.OK
    checkpoint_seq: int = 0
    head_seq: int = 0
    anchor_checked: bool = True

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None

    def text(self) -> str:
        """The line ``kiosk audit verify`` prints (and the technician's screen shows)."""
        if not self.ok:
            return f"audit log BROKEN at row {self.first_bad_seq}: {self.reason}"
        since = f", from the checkpoint at row {self.checkpoint_seq}" if self.checkpoint_seq else ""
        anchored = (
            f", head anchored at row {self.head_seq}"
            if self.anchor_checked
            else " (anchor not checked: no device key)"
        )
        return f"audit log ok: {self.rows} rows, chain intact{since}{anchored}"


@dataclass(frozen=True)
class _Anchor:
    base_seq: int
    base_hash: str
    head_seq: int
    head_hash: str
    mac: str


def verify(
    conn: sqlite3.Connection,
    device_key: bytes | None = None,
    *,
    chunk_rows: int = VERIFY_CHUNK_ROWS,
) -> ChainReport:
    """Walk the chain from the checkpoint to the head and check both against the anchor (its
    MAC only when ``device_key`` is given). Names the first thing that does not fit."""
    with snapshot(conn):
        try:
            row = conn.execute(
                "SELECT base_seq, base_hash, head_seq, head_hash, mac FROM audit_anchor"
            ).fetchone()
        except sqlite3.OperationalError:  # no such table: never migrated
            return _walk(conn, None, chunk_rows, anchor_checked=False)
        if row is None:
            return ChainReport(
                0,
                1,
                "the anchor (audit_anchor) was removed outside the kiosk: nothing shows whether"
                " rows were deleted or rewritten",
                Finding.ANCHOR_MISSING,
            )
        anchor = _Anchor(*row)
        if device_key is not None:
            expected = anchor_mac(
                anchor_key(device_key),
                anchor.base_seq,
                anchor.base_hash,
                anchor.head_seq,
                anchor.head_hash,
            )
            if not hmac.compare_digest(expected, anchor.mac):
                return ChainReport(
                    0,
                    anchor.base_seq + 1,
                    "the anchor's MAC does not match this kiosk's device key: the anchor was"
                    " rewritten outside the kiosk (or device.key was replaced)",
                    Finding.ANCHOR_FORGED,
                    anchor.base_seq,
                    anchor.head_seq,
                )
        return _walk(conn, anchor, chunk_rows, anchor_checked=device_key is not None)


def _walk(
    conn: sqlite3.Connection, anchor: _Anchor | None, chunk_rows: int, *, anchor_checked: bool
) -> ChainReport:
    base = anchor.base_seq if anchor else 0
    prev = anchor.base_hash if anchor else GENESIS
    expected = base + 1
    count = 0

    def broken(seq: int, reason: str, finding: Finding) -> ChainReport:
        head_seq = anchor.head_seq if anchor else 0
        return ChainReport(count, seq, reason, finding, base, head_seq, anchor_checked)

    while True:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM audit WHERE seq >= ? ORDER BY seq LIMIT ?",
            (expected, chunk_rows),
        ).fetchall()
        for row in rows:
            seq = row[0]
            follows = "the checkpoint" if base and seq - 1 == base else f"row {seq - 1}"
            if seq != expected:
                return broken(expected, f"row {expected} is missing", Finding.MISSING)
            if row[6] != prev:
                return broken(seq, f"row {seq} does not follow {follows}", Finding.OUT_OF_ORDER)
            if _digest(*row[:7]) != row[7]:
                return broken(seq, f"row {seq} was altered", Finding.ALTERED)
            prev = row[7]
            expected += 1
            count += 1
        if len(rows) < chunk_rows:
            break
    last = expected - 1
    if anchor is None:
        return ChainReport(count, None, "ok", Finding.OK, 0, last, anchor_checked=False)
    if last < anchor.head_seq:
        return broken(
            last + 1,
            f"the newest rows were deleted: the anchor names row {anchor.head_seq}, the log"
            f" ends at row {last}",
            Finding.TRUNCATED,
        )
    if last > anchor.head_seq:
        return broken(
            anchor.head_seq + 1,
            f"rows {anchor.head_seq + 1}–{last} were added outside the kiosk, after the"
            f" anchored head (row {anchor.head_seq})",
            Finding.ADDED,
        )
    if prev != anchor.head_hash:
        return broken(
            base + 1,
            f"the chain was recomputed: it is consistent, but row {last}'s hash is not the"
            f" anchored one, so rows between {base + 1} and {last} were rewritten outside"
            " the kiosk",
            Finding.RECOMPUTED,
        )
    return ChainReport(count, None, "ok", Finding.OK, base, anchor.head_seq, anchor_checked)


def rows(
    conn: sqlite3.Connection, *, chunk_rows: int = VERIFY_CHUNK_ROWS
) -> Iterator[dict[str, Any]]:
    """Every record in order, as a dict, read ``chunk_rows`` at a time (call it inside
    ``snapshot`` to see one consistent log)."""
    after = 0
    while True:
        chunk = conn.execute(
            f"SELECT {_COLUMNS} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, chunk_rows),
        ).fetchall()
        names = _COLUMNS.split(", ")
        for row in chunk:
            yield dict(zip(names, tuple(row), strict=True))
        if len(chunk) < chunk_rows:
            return
        after = chunk[-1][0]


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction around the whole walk (unless the caller is in one already): every
    chunk sees the same rows, and in WAL mode the writer is never held up."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")
