"""The audit log: append-only, each row carrying the hash of the one before.

A row's hash covers its own fields and the previous hash, so changing, removing or reordering
any row breaks the chain from that row on; ``verify`` names the first row that does not fit.
SQLite triggers refuse UPDATE and DELETE on the table (see the schema).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def _digest(
    seq: int, at: str, actor: str, action: str, subject: str, details: str, prev_hash: str
) -> str:
    canonical = json.dumps(
        [seq, at, actor, action, subject, details, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def append(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    action: str,
    subject: str,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Add one record inside the caller's transaction; returns its sequence number."""
    last = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text = json.dumps(dict(details or {}), ensure_ascii=False, sort_keys=True)
    digest = _digest(seq, at, actor, action, subject, text, prev)
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, action, subject, text, prev, digest),
    )
    return seq


@dataclass(frozen=True)
class ChainReport:
    rows: int
    first_bad_seq: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify(conn: sqlite3.Connection) -> ChainReport:
    prev = GENESIS
    expected_seq = 1
    count = 0
    for row in conn.execute(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit ORDER BY seq"
    ):
        seq = row[0]
        if seq != expected_seq:
            return ChainReport(count, expected_seq, f"row {expected_seq} is missing")
        if row[6] != prev:
            return ChainReport(count, seq, f"row {seq} does not follow row {seq - 1}")
        if _digest(*row[:7]) != row[7]:
            return ChainReport(count, seq, f"row {seq} was altered")
        prev = row[7]
        expected_seq += 1
        count += 1
    return ChainReport(count, None, "ok")
