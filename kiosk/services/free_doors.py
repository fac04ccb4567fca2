"""Choosing a free door: the one ranking a drop-off, a load and the staff's proposal share."""

from __future__ import annotations

import sqlite3

from kiosk.domain import Content, Size
from kiosk.services.refusals import Refusal, Refused

SIZES = [Size.S, Size.M, Size.L]


def free_doors(
    conn: sqlite3.Connection, need: Size, exact: bool = False, low_only: bool = False
) -> list[str]:
    """Free doors a ``need``-sized item fits in, best first: the smallest that fits, then
    middle height (easiest to reach), then label. ``low_only``: the low row alone (within
    reach of a wheelchair)."""
    sizes = [need] if exact else [s for s in SIZES if need.fits_in(s)]
    marks = ",".join("?" * len(sizes))
    low = " AND height = 'low'" if low_only else ""
    rows = conn.execute(
        f"SELECT label FROM compartments WHERE content = ? AND disabled = 0"
        f" AND out_of_service = 0 AND intent_id IS NULL AND size IN ({marks}){low}"
        " ORDER BY CASE size WHEN 'S' THEN 0 WHEN 'M' THEN 1 ELSE 2 END,"
        " CASE height WHEN 'middle' THEN 0 WHEN 'low' THEN 1 ELSE 2 END, label",
        [Content.EMPTY, *[s.value for s in sizes]],
    ).fetchall()
    return [str(r[0]) for r in rows]


def choose_free(conn: sqlite3.Connection, need: Size, exact: bool, low_only: bool = False) -> str:
    doors = free_doors(conn, need, exact, low_only)
    if not doors:
        raise Refused(Refusal.NO_FREE_COMPARTMENT)
    return doors[0]


def check_free(conn: sqlite3.Connection, label: str, need: Size, low_only: bool = False) -> None:
    """Refuse a door staff picked themselves unless ``free_doors`` could have offered it."""
    row = conn.execute(
        "SELECT size, height, content, disabled, out_of_service, intent_id FROM compartments"
        " WHERE label = ?",
        (label,),
    ).fetchone()
    if (
        row is None
        or row["content"] != Content.EMPTY
        or row["disabled"]
        or row["out_of_service"]
        or row["intent_id"] is not None
        or not need.fits_in(Size(row["size"]))
        or (low_only and row["height"] != "low")
    ):
        raise Refused(Refusal.NOT_SUITABLE, detail=label)
