"""What a door's events and an unlock's or a receipt's outcome mean: decided here, on the
services thread, and returned as what happened; ``kiosk.runtime`` only moves work between
threads and tells the screens.

The sensors, not the commands, decide (docs/store.md "Doors"):
- an unlock's outcome comes from comparing the lock before and after the pulse
  (``UnlockOutcome``); "unknown" is never recorded as failed: the intent stays pending and the
  next reading of that board settles it;
- a door seen opening while its compartment has a pending intent is that intent's opening,
  however late the reading came; an opening with no intent is forced;
- a board's return settles its doors from the sensors.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from drivers.errors import DeviceError, PaperOutError
from drivers.interfaces import (
    BoardStatus,
    DoorEvent,
    DoorEventKind,
    UnlockOutcome,
    UnlockResult,
)
from kiosk.domain import SYSTEM, AlarmKind, IntentState
from kiosk.services import alarms
from kiosk.services.core import Services
from kiosk.services.doors import Closing, DoorGrant, DoorReading

log = logging.getLogger(__name__)


class DoorStatus(StrEnum):
    """What the person in front of the door is told after an unlock."""

    OPENED = "opened"
    JAMMED = "jammed"  # the door stayed shut: the code still works
    #: The board gave no trustworthy answer: the door may be open; the next reading settles it.
    UNKNOWN = "unknown"
    #: The door cannot be trusted (its sensor reads open before the unlock, or its board
    #: cannot be read): no pulse was sent, the code still works, staff are told.
    OUT_OF_SERVICE = "out_of_service"


@dataclass(frozen=True)
class DoorOutcome:
    """What happened when a granted door was unlocked."""

    grant: DoorGrant
    status: DoorStatus

    @property
    def opened(self) -> bool:
        return self.status is DoorStatus.OPENED


class Withdrawal(StrEnum):
    """What the citizen who takes back a drop-off at its open door is told."""

    CLOSE_EMPTY = "close_empty"  # no papers seen inside (or no sensor to see them): shut it
    PAPERS_INSIDE = "papers_inside"  # the item sensor sees them: take them out first
    #: The door had already closed: its closing was decided (its notice is on the way).
    SETTLED = "settled"


class DoorNoticeKind(StrEnum):
    CLOSED = "closed"
    LEFT_OPEN = "left_open"
    FORCED = "forced"
    #: An unknown unlock settled later: the door was seen open after all.
    OPENED = "opened"
    #: An unknown unlock settled later: the door never opened (nothing changed).
    NOT_OPENED = "not_opened"
    #: An unknown unlock the next reading cannot settle either (the door shut, no item
    #: sensor): out of service until staff inspect it (``DoorJournal._uncertain``).
    UNCERTAIN = "uncertain"
    #: The item sensor changed while the door stayed open (papers put in or taken out).
    ITEM_CHANGED = "item_changed"


@dataclass(frozen=True)
class DoorNotice:
    """A door changed, told to the screens: which compartment, and what closing meant."""

    compartment: str
    kind: DoorNoticeKind
    closing: Closing | None = None
    #: What the item sensor reads now (ITEM_CHANGED); None without a trusted one.
    item: bool | None = None


@dataclass(frozen=True)
class PrintOutcome:
    printed: bool
    paper_out: bool = False  # why it was not printed, when it is the paper (the rest: the log)


@dataclass(frozen=True)
class Decided:
    """What a decision changed: notices for the screens, and whether a new alarm was raised
    (which goes out with a heartbeat at once)."""

    notices: tuple[DoorNotice, ...] = ()
    alarmed: bool = False
    #: A door was forced: the local alert output (if configured) is switched.
    alert: bool = False


def board_subject(board: int) -> str:
    """The subject of a board's alarms: filed under the board, not under one of its doors."""
    return f"board:{board}"


# --- unlocks -------------------------------------------------------------------------------


def after_unlock(
    services: Services, grant: DoorGrant, result: UnlockResult | DeviceError
) -> tuple[DoorOutcome, Decided]:
    """Record what an unlock did to ``grant``'s door; ``result`` is the driver's answer, or
    the error that kept it from sending the pulse (the board could not be read before it)."""
    doors = services.doors
    watch = _AlarmWatch(services)
    if isinstance(result, DeviceError):
        log.error("unlock %s not sent: %s", grant.compartment, result)
        doors.failed(grant.intent_id, AlarmKind.BOARD_OFFLINE, board_subject(grant.board))
        status = DoorStatus.OUT_OF_SERVICE
    elif result.outcome is UnlockOutcome.OPENED:
        doors.opened(grant.intent_id)
        status = DoorStatus.OPENED
    elif result.outcome is UnlockOutcome.JAMMED:
        log.error("door %s did not open: jammed?", grant.compartment)
        doors.failed(grant.intent_id, AlarmKind.DOOR_JAMMED)
        status = DoorStatus.JAMMED
    elif result.outcome is UnlockOutcome.OPEN_BEFORE:
        log.error("door %s reads open before its unlock: sensor fault", grant.compartment)
        doors.failed(grant.intent_id, AlarmKind.SENSOR_FAULT)
        status = DoorStatus.OUT_OF_SERVICE
    else:
        log.warning("door %s: unlock sent, outcome unknown", grant.compartment)
        doors.unconfirmed(grant.intent_id)
        status = DoorStatus.UNKNOWN
    return DoorOutcome(grant, status), watch.decided()


def settle_unconfirmed(services: Services, grant: DoorGrant, status: BoardStatus) -> Decided:
    """A fresh reading of the board after an unknown unlock: settle the intent if the door
    events it produced have not already (the door seen opening makes it ``open``). The bus
    reports no item (None) for a board without trusted item sensors."""
    lock = status.lock(grant.lock)
    reading = DoorReading(open=not lock.closed, item=lock.item)
    watch = _AlarmWatch(services)
    if services.doors.settle(grant.intent_id, reading) is None:
        return watch.decided()  # already settled by the door events of that reading
    state = _intent_state(services, grant.intent_id)
    if state is IntentState.OPEN:
        notice = DoorNotice(grant.compartment, DoorNoticeKind.OPENED)
    elif state is IntentState.DONE:  # the item sensor shows it opened and closed again
        closing = Closing(grant.purpose, True, grant.compartment)
        notice = DoorNotice(grant.compartment, DoorNoticeKind.CLOSED, closing)
    elif state is IntentState.UNCERTAIN:
        notice = DoorNotice(grant.compartment, DoorNoticeKind.UNCERTAIN)
    else:
        notice = DoorNotice(grant.compartment, DoorNoticeKind.NOT_OPENED)
    return Decided((notice,), watch.decided().alarmed)


def technician_grant(services: Services, board: int, lock: int, actor: str) -> DoorGrant | None:
    """Journal a technician's opening of a lock (``kiosk diag lock open``) as an inspection,
    so that the kiosk (running, or at its next start) knows why the door is open and what its
    closing means; None when the lock drives no configured door. Raises ``DoorBusy``."""
    label = next(
        (
            c.label
            for c in services.ctx.settings.locker.compartments
            if (c.board, c.lock) == (board, lock)
        ),
        None,
    )
    if label is None:
        return None
    return services.staff_doors.begin_inspect(label, actor)


def withdraw(services: Services, grant: DoorGrant, reading: DoorReading | None) -> Withdrawal:
    """The citizen takes back the drop-off of ``grant`` (too small, changed their mind), its
    door read just now (``reading``; None: unreadable). Its closing decides: shut empty, the
    drop-off is cancelled and the compartment free again; shut on the papers, it is received."""
    if not services.doors.withdraw(grant.intent_id):
        return Withdrawal.SETTLED
    if reading is not None and reading.item:
        return Withdrawal.PAPERS_INSIDE
    return Withdrawal.CLOSE_EMPTY


# --- what the door monitor saw -------------------------------------------------------------------


def on_door_event(services: Services, event: DoorEvent, label: str, item: bool | None) -> Decided:
    """One change the monitor saw at the door of ``label``; ``item`` as far as it is trusted."""
    doors = services.doors
    ctx = services.ctx
    watch = _AlarmWatch(services)
    notice: DoorNotice | None = None
    forced = False
    if event.kind in (DoorEventKind.OPENED, DoorEventKind.FORCED):
        pending = doors.pending_intent(label)
        if pending is not None:
            # However late the reading (a board deaf during its pulse), an opening of a door
            # with a pending intent is that intent's opening.
            doors.opened(pending)
            notice = DoorNotice(label, DoorNoticeKind.OPENED)
        elif not doors.has_open_intent(label):
            # An open intent explains the opening even when this process did not send its
            # unlock (a technician's `kiosk diag lock open`).
            doors.forced(label)
            notice = DoorNotice(label, DoorNoticeKind.FORCED)
            forced = True
    elif event.kind is DoorEventKind.CLOSED:
        closing = doors.closed(label, item)
        with ctx.store.transaction() as conn:
            alarms.clear_kind(conn, ctx.clock, AlarmKind.DOOR_LEFT_OPEN.value, label, SYSTEM)
        notice = DoorNotice(label, DoorNoticeKind.CLOSED, closing)
    elif event.kind is DoorEventKind.LEFT_OPEN:
        _raise(services, AlarmKind.DOOR_LEFT_OPEN, label)
        notice = DoorNotice(label, DoorNoticeKind.LEFT_OPEN)
    elif event.kind is DoorEventKind.ITEM_CHANGED:
        notice = DoorNotice(label, DoorNoticeKind.ITEM_CHANGED, item=item)
    return Decided((notice,) if notice else (), watch.decided().alarmed, forced)


def on_board_event(services: Services, event: DoorEvent) -> Decided:
    """A board went offline or came back (its doors are settled by ``board_returned``)."""
    ctx = services.ctx
    subject = board_subject(event.board)
    watch = _AlarmWatch(services)
    if event.kind is DoorEventKind.BOARD_OFFLINE:
        _raise(services, AlarmKind.BOARD_OFFLINE, subject)
    elif event.kind is DoorEventKind.BOARD_ONLINE:
        with ctx.store.transaction() as conn:
            alarms.clear_kind(conn, ctx.clock, AlarmKind.BOARD_OFFLINE.value, subject, SYSTEM)
    return watch.decided()


def board_returned(
    services: Services, status: BoardStatus, labels: Mapping[tuple[int, int], str]
) -> Decided:
    """A board that was offline answers again (``status``, read fresh): settle each of its
    doors that went out of service for it, from the sensors."""
    watch = _AlarmWatch(services)
    for lock in status.locks:
        label = labels.get((status.board, lock.lock))
        if label is None:
            continue
        reading = DoorReading(open=not lock.closed, item=lock.item)
        back = services.doors.board_returned(label, reading)
        if back is not None:
            log.info(
                "board %d back: %s %s",
                status.board,
                label,
                "in service" if back else "stays out of service for staff",
            )
    return watch.decided()


# --- after a restart -----------------------------------------------------------------------------


def reconcile(services: Services, readings: Mapping[str, DoorReading | None]) -> list[str]:
    """Settle every unfinished intent from the start-up readings (``None``: unreadable)."""
    return services.doors.reconcile(readings)


# --- receipts ------------------------------------------------------------------------------------


def after_print(services: Services, dossier_code: str, error: DeviceError | None) -> PrintOutcome:
    """A receipt printed, or the printer's error: an alarm for staff, the citizen told."""
    if error is None:
        return PrintOutcome(printed=True)
    paper_out = isinstance(error, PaperOutError)
    kind = AlarmKind.PRINTER_PAPER_OUT if paper_out else AlarmKind.PRINTER_OFFLINE
    problem = str(error)
    log.error("receipt for %s not printed: %s", dossier_code, problem)
    _raise(services, kind, "printer", {"problem": problem})
    return PrintOutcome(printed=False, paper_out=paper_out)


# --- small steps ---------------------------------------------------------------------------------


def _raise(
    services: Services, kind: AlarmKind, subject: str, details: dict[str, object] | None = None
) -> bool:
    ctx = services.ctx
    with ctx.store.transaction() as conn:
        return alarms.raise_alarm(conn, ctx.clock, kind.value, subject, details)


def _intent_state(services: Services, intent_id: int) -> IntentState:
    row = services.ctx.store.one("SELECT state FROM door_intents WHERE id = ?", (intent_id,))
    assert row is not None
    return IntentState(row[0])


class _AlarmWatch:
    """Whether a decision raised a new alarm: the newest alarm id before and after."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._before = self._newest()

    def _newest(self) -> int:
        row = self._services.ctx.store.one("SELECT coalesce(max(id), 0) FROM alarms")
        return int(row[0]) if row is not None else 0

    def decided(self) -> Decided:
        return Decided(alarmed=self._newest() > self._before)
