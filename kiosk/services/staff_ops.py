"""What ward staff see and do: the occupancy map, loading results, drop-offs to collect, recalls.

Every function takes ``Services`` and runs on the services thread (``runtime.call``). Opening a
door goes through ``runtime.open_granted`` with one of the ``StaffDoors.begin_*`` methods, or with
``begin_reopen`` below, so that every door command is journaled (see doors.py).

A loading session is a list the screens keep; the store already has each load as a
``result.loaded`` event. ``loading_summary`` turns the list into the receipt staff sign.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from drivers.interfaces import Receipt
from kiosk.clock import parse_rfc3339
from kiosk.domain import AlarmKind, Content, DoorPurpose, IntentState, ResultState, Size
from kiosk.errors import KioskError
from kiosk.services.alarms import CHECK_COMPARTMENT
from kiosk.services.core import Services
from kiosk.services.door_contents import maybe_inside, subject_code
from kiosk.services.doors import DoorGrant
from kiosk.services.free_doors import free_doors
from kiosk.services.releases import ReleaseInfo
from kiosk.settings import Settings

SUMMARY_TITLE = "PHIẾU TỔNG HỢP NẠP KẾT QUẢ"


class CompartmentState(StrEnum):
    """One door on the occupancy map, the most urgent fact first."""

    OPEN = "open"  # a door command is under way, or the door was left or forced open
    OUT_OF_SERVICE = "out_of_service"  # taken out by staff, a fault, or the configuration
    EXPIRED = "expired"  # holds a result due for recall
    LOADED = "loaded"  # holds a result waiting for its citizen
    DROPOFF = "dropoff"  # holds a dossier a citizen dropped off
    FREE = "free"


class RecallReason(StrEnum):
    REVOKED = "revoked"  # the central system withdrew the result or re-issued its code
    EXPIRED = "expired"  # the code expired
    OVERDUE = "overdue"  # uncollected after ``retention.uncollected_days``


class GraceOver(KioskError):
    """The re-open grace after a load has passed, or the load was someone else's."""


@dataclass(frozen=True)
class CompartmentView:
    label: str
    size: Size
    column: int
    row: int
    state: CompartmentState
    busy: bool = False  # a door command is under way: nothing else may start
    dossier_code: str | None = None
    procedure_name: str | None = None
    holder_masked: str | None = None
    since: str | None = None  # loaded_at or received_at (RFC 3339)
    expires_at: str | None = None
    recall: RecallReason | None = None
    oos_reason: str | None = None


@dataclass(frozen=True)
class DropoffItem:
    label: str
    dossier_code: str
    procedure_name: str | None
    verified: bool
    received_at: str


@dataclass(frozen=True)
class RecallItem:
    label: str
    release_id: str
    dossier_code: str
    procedure_name: str
    reason: RecallReason
    expires_at: str
    loaded_at: str


@dataclass(frozen=True)
class LoadProposal:
    """An envelope scanned for loading: whose it is, and the door the kiosk would use."""

    release: ReleaseInfo
    size: Size
    compartment: str | None  # None: no free compartment fits (a low one, if the release needs it)


@dataclass(frozen=True)
class LoadedEnvelope:
    """One line of a loading session (and of its printed summary)."""

    dossier_code: str
    procedure_name: str
    holder_masked: str
    compartment: str
    release_id: str


# --- reading --------------------------------------------------------------------------------


def occupancy(services: Services) -> list[CompartmentView]:
    """Every door of the locker with what it holds, in column and row order."""
    store = services.ctx.store
    due = {r.label: r.reason for r in recalls(services)}
    opened = {
        row[0]
        for row in store.query(
            "SELECT subject FROM alarms WHERE cleared_at IS NULL AND kind IN (?, ?)",
            (AlarmKind.DOOR_LEFT_OPEN.value, AlarmKind.DOOR_FORCED.value),
        )
    }
    rows = store.query(
        "SELECT c.*, i.state AS intent_state,"
        " r.dossier_code AS r_code, r.procedure_name AS r_proc, r.holder_name, r.expires_at,"
        " s.loaded_at, d.dossier_code AS d_code, d.procedure_name AS d_proc, d.received_at"
        " FROM compartments c"
        " LEFT JOIN door_intents i ON i.id = c.intent_id"
        " LEFT JOIN results s ON s.id = c.result_id"
        " LEFT JOIN releases r ON r.release_id = s.release_id"
        " LEFT JOIN dropoffs d ON d.id = c.dropoff_id"
        " ORDER BY c.col, c.row, c.label"
    )
    # A load or drop-off a restart could not judge: its code, for staff's inspection to settle.
    unjudged = {
        row["label"]: subject_code(store.conn, intent)
        for row in rows
        if row["content"] == Content.EMPTY
        and row["oos_reason"] == CHECK_COMPARTMENT
        and (intent := maybe_inside(store.conn, row["label"])) is not None
    }
    return [
        _view(row, due.get(row["label"]), row["label"] in opened, unjudged.get(row["label"]))
        for row in rows
    ]


def compartment(services: Services, label: str) -> CompartmentView:
    for view in occupancy(services):
        if view.label == label:
            return view
    raise KeyError(label)


def dropoffs(services: Services) -> list[DropoffItem]:
    """Compartments holding a dropped-off dossier, oldest first."""
    rows = services.ctx.store.query(
        "SELECT c.label, d.dossier_code, d.procedure_name, d.verified, d.received_at"
        " FROM compartments c JOIN dropoffs d ON d.id = c.dropoff_id"
        " WHERE c.content = ? ORDER BY d.received_at, c.label",
        (Content.DROPOFF,),
    )
    return [DropoffItem(r[0], r[1], r[2], bool(r[3]), r[4]) for r in rows]


def recalls(services: Services) -> list[RecallItem]:
    """Loaded results to take back (``StaffDoors.due_for_recall``), each with its reason."""
    now = services.ctx.clock.timestamp()
    items = []
    for r in services.staff_doors.due_for_recall():
        if r["status"] == "revoked":
            reason = RecallReason.REVOKED
        elif parse_rfc3339(r["expires_at"]).timestamp() <= now:
            reason = RecallReason.EXPIRED
        else:
            reason = RecallReason.OVERDUE
        items.append(
            RecallItem(
                r["label"],
                r["release_id"],
                r["dossier_code"],
                r["procedure_name"],
                reason,
                r["expires_at"],
                r["loaded_at"],
            )
        )
    return items


# --- loading ----------------------------------------------------------------------------------


def propose(services: Services, dossier_code: str) -> LoadProposal:
    """The release an envelope belongs to and the door the kiosk would load it into.

    Raises ``Refused`` (unknown dossier, already loaded, already collected) as ``begin_load``
    would, so staff learn it before any door opens.
    """
    staff_doors = services.staff_doors
    release = staff_doors.find_release(dossier_code)
    store = services.ctx.store
    staff_doors.loadable(store.conn, release.release_id)  # the checks ``begin_load`` makes
    size = release.size_hint or Size.S
    # The one ranking of free doors (smallest fitting door, middle height first, low row only
    # for a holder in a wheelchair), read only: ``begin_load`` makes the same choice.
    label = next(iter(free_doors(store.conn, size, low_only=release.needs_low)), None)
    return LoadProposal(release, size, label)


def free_for(services: Services, size: Size, low_only: bool = False) -> list[str]:
    """Free doors a result of ``size`` fits in, for staff who want another one; ``low_only``
    for a release that needs a low door (``begin_load`` refuses any other)."""
    return sorted(free_doors(services.ctx.store.conn, size, low_only=low_only))


def grace_left(services: Services, compartment: str, actor: str) -> float:
    """Seconds left to re-open a door ``actor`` just loaded (0 when it may not).

    The one reckoning of the grace: the screens count down from it, ``begin_reopen`` enforces it.
    """
    return _grace_left(services, services.ctx.store.conn, compartment, actor)[0]


def begin_reopen(services: Services, compartment: str, actor: str) -> DoorGrant:
    """Re-open a door just loaded (wrong envelope, wrong door), within the grace time.

    Journaled as a retrieve: closing the door with the envelope still inside (swapped for the
    right one) changes nothing; closing it empty takes the result back out (``result.retrieved``)
    so that it can be loaded into another door.
    """
    with services.ctx.store.transaction() as conn:
        left, row = _grace_left(services, conn, compartment, actor)
        if row is None or row["actor"] != actor:
            raise GraceOver(f"{compartment}: not just loaded by {actor}")
        if left <= 0:
            grace = services.ctx.settings.timeouts.reopen_grace_s
            raise GraceOver(f"{compartment}: the {grace:g} s to re-open have passed")
        return services.doors.begin(
            conn,
            compartment,
            DoorPurpose.RETRIEVE,
            actor,
            subject_id=row["result_id"],
            dossier_code=row["dossier_code"],
            release_id=row["release_id"],
        )


def loading_summary(
    settings: Settings,
    staff_name: str,
    actor: str,
    envelopes: Sequence[LoadedEnvelope],
    time: datetime,
) -> Receipt:
    """The receipt of a loading session: every envelope and its door, and who loaded them.

    In Vietnamese whatever the screen shows, like every receipt of the office.
    """
    k = settings.kiosk
    reference = f"NAP-{time:%y%m%d-%H%M}-{actor.split(':', 1)[-1]}"
    doors = ", ".join(e.compartment for e in envelopes)
    return Receipt(
        kiosk_name=k.name,
        ward=k.ward,
        title=SUMMARY_TITLE,
        dossier_code=reference,
        procedure="Nạp kết quả vào tủ",
        compartment=doors,
        time=time,
        qr_data=reference,
        message=f"Đã nạp {len(envelopes)} kết quả vào tủ. Cán bộ: {staff_name}.",
        extra_lines=tuple(f"{e.compartment}  {e.dossier_code}" for e in envelopes),
    )


# --- inside -----------------------------------------------------------------------------------


def _last_load(conn: sqlite3.Connection, compartment: str) -> sqlite3.Row | None:
    """The load that put the compartment's current result in, if the door closed on it."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT i.actor, i.ended_at, s.id AS result_id, r.release_id, r.dossier_code"
        " FROM compartments c JOIN results s ON s.id = c.result_id AND s.state = ?"
        " JOIN releases r ON r.release_id = s.release_id"
        " JOIN door_intents i ON i.subject_id = s.id AND i.purpose = ? AND i.state = ?"
        " WHERE c.label = ? AND c.intent_id IS NULL ORDER BY i.id DESC LIMIT 1",
        (ResultState.LOADED, DoorPurpose.LOAD.value, IntentState.DONE.value, compartment),
    ).fetchone()
    return row


def _grace_left(
    services: Services, conn: sqlite3.Connection, compartment: str, actor: str
) -> tuple[float, sqlite3.Row | None]:
    """Seconds left of the re-open grace (0: over, or not ``actor``'s load), and the load."""
    row = _last_load(conn, compartment)
    if row is None or row["actor"] != actor:
        return 0.0, row
    closed = parse_rfc3339(row["ended_at"]).timestamp()
    grace = services.ctx.settings.timeouts.reopen_grace_s
    return max(closed + grace - services.ctx.clock.timestamp(), 0.0), row


def _view(
    row: sqlite3.Row, recall: RecallReason | None, alarm_open: bool, unjudged: str | None
) -> CompartmentView:
    busy = row["intent_id"] is not None
    if alarm_open or row["intent_state"] == IntentState.OPEN.value:
        state = CompartmentState.OPEN
    elif row["out_of_service"] or row["disabled"]:
        state = CompartmentState.OUT_OF_SERVICE
    elif recall is not None:
        state = CompartmentState.EXPIRED
    elif row["content"] == Content.RESULT:
        state = CompartmentState.LOADED
    elif row["content"] == Content.DROPOFF:
        state = CompartmentState.DROPOFF
    else:
        state = CompartmentState.FREE
    result = row["content"] == Content.RESULT
    return CompartmentView(
        label=row["label"],
        size=Size(row["size"]),
        column=row["col"],
        row=row["row"],
        state=state,
        busy=busy,
        dossier_code=row["r_code"] if result else row["d_code"] or unjudged,
        procedure_name=row["r_proc"] if result else row["d_proc"],
        # Stored only masked (kiosk/store/privacy.py), as kiosk/services/releases.py writes it.
        holder_masked=row["holder_name"] if result else None,
        since=row["loaded_at"] if result else row["received_at"],
        expires_at=row["expires_at"] if result else None,
        recall=recall,
        oos_reason=row["oos_reason"] or ("disabled" if row["disabled"] else None),
    )
