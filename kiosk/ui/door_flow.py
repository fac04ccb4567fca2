"""What the citizen is told from an unlock's answer until the door is shut again: the door is
open, may be open (the board gave no trustworthy answer), did not open, was left open, was
shut with the papers still inside, or is being closed on a drop-off taken back.

The sensors decide (docs/store.md "Doors"): a door whose unlock had no trustworthy answer is
shown as "check the door", and only the door monitor's notice that it opened prints the pickup
receipt; a pickup shut with the papers inside hands nothing over and offers the same door again;
a drop-off taken back ("Ô tủ quá nhỏ / Hủy") is cancelled only when its door shuts on an empty
compartment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.domain import DoorPurpose
from kiosk.runtime import DoorNotice, DoorNoticeKind, DoorOutcome, Withdrawal
from kiosk.services.door_events import DoorStatus
from kiosk.ui.machine import Screen
from kiosk.ui.receipts import dropoff_receipt, incident_receipt
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen, DoorTask
from kiosk.ui.screens.door_doubts import DoorUnknownScreen, PapersLeftScreen
from kiosk.ui.screens.dropoff import DropoffRefusal
from kiosk.ui.screens.dropoff_cancel import DropoffCancelScreen
from kiosk.ui.screens.receipt import Done, TakeReceiptScreen
from kiosk.ui.screens.refusals import DoorFailedScreen
from kiosk.ui.timers import Timer

if TYPE_CHECKING:
    from kiosk.ui.flows import CitizenFlows

log = logging.getLogger(__name__)

#: Screens on which a notice about the session's door matters.
_WATCHING = frozenset(
    {
        Screen.DOOR_OPEN,
        Screen.CLOSE_REMINDER,
        Screen.DOOR_UNKNOWN,
        Screen.PAPERS_LEFT,
        Screen.DROPOFF_CANCEL,
    }
)


class DoorFlow(QObject):
    def __init__(self, flows: CitizenFlows) -> None:
        super().__init__(flows)
        self.flows = flows
        t = flows.settings.timeouts
        self._reminder = Timer(self, int(t.door_close_reminder_s * 1000), self._remind)
        self._grace = Timer(self, int(t.papers_left_grace_s * 1000), self._grace_over)
        flows.bridge.door.connect(self._door)
        flows.window.get(PapersLeftScreen).reopen.connect(self._reopen)
        for door in (DoorOpenScreen, CloseReminderScreen):
            flows.window.get(door).withdraw.connect(self._withdraw)

    def scale_times(self, more: Callable[[float], float]) -> None:
        """The accessible mode's longer times for the close reminder and the papers' grace."""
        t = self.flows.settings.timeouts
        self._reminder.set_interval(int(more(t.door_close_reminder_s) * 1000))
        self._grace.set_interval(int(more(t.papers_left_grace_s) * 1000))

    def stop(self) -> None:
        self._reminder.stop()
        self._grace.stop()

    def left(self, screen: Screen) -> None:
        if screen is Screen.DOOR_OPEN:
            self._reminder.stop()

    def leaving(self) -> None:
        """The session ends (home, idle): papers still inside are now staff's business."""
        self.stop()
        self._report_papers_left()

    # --- the unlock's answer ----------------------------------------------------------------

    def answered(self, outcome: DoorOutcome) -> None:
        """The answer to the session's unlock (pickup or drop-off)."""
        s = self.flows.session
        s.door, s.grant = outcome.grant.compartment, outcome.grant
        s.task = DoorTask.TAKE if outcome.grant.purpose is DoorPurpose.PICKUP else DoorTask.PUT
        if outcome.status is DoorStatus.UNKNOWN:
            self.flows.window.get(DoorUnknownScreen).show_door(s.door, s.task)
            self.flows.go(Screen.DOOR_UNKNOWN, f"door {s.door}: unlock outcome unknown")
        elif outcome.opened:
            self._opened(f"door opened for {'pickup' if s.task is DoorTask.TAKE else 'drop-off'}")
        else:
            self._failed()

    def _opened(self, why: str) -> None:
        s = self.flows.session
        if s.task is DoorTask.TAKE and not s.reopened:
            # Print while they take it (the door is seen open, the receipt is theirs).
            self.flows.print_pickup_receipt()
        for cls in (DoorOpenScreen, CloseReminderScreen):
            self.flows.window.get(cls).show_door(s.door, s.task)
            self.flows.window.get(cls).show_procedure(s.procedure)
        self.flows.window.get(CloseReminderScreen).show_papers_inside(s.reopened)
        self.flows.go(Screen.DOOR_OPEN, why)
        self._reminder.start()

    def _failed(self) -> None:
        s = self.flows.session
        dropoff = s.task is DoorTask.PUT
        self.flows.window.get(DoorFailedScreen).show_failure(dropoff)
        self.flows.go(Screen.DOOR_FAILED, f"door {s.door} did not open")
        time = self.flows.runtime.now()
        self.flows.print_receipt(
            incident_receipt(self.flows.settings, s.dossier_code, s.door, dropoff, time)
        )

    # --- what the door monitor saw ------------------------------------------------------------

    def _remind(self) -> None:
        if self.flows.machine.current is Screen.DOOR_OPEN:
            self.flows.go(Screen.CLOSE_REMINDER, "door still open")

    def _door(self, notice: DoorNotice) -> None:
        s = self.flows.session
        current = self.flows.machine.current
        if notice.compartment != s.door or current not in _WATCHING:
            return
        kind = notice.kind
        if current is Screen.DROPOFF_CANCEL:
            self._withdrawn_door(notice)
            return
        if current is Screen.DOOR_UNKNOWN:
            if kind is DoorNoticeKind.OPENED:
                self._opened("the door monitor saw the door open")
                return
            if kind is DoorNoticeKind.NOT_OPENED:
                log.info("door %s: never opened after an unknown unlock", s.door)
                self.flows.window.get(DoorUnknownScreen).show_not_opened()
                return
            if kind is DoorNoticeKind.UNCERTAIN:
                log.info("door %s: shut again, no item sensor: staff will inspect it", s.door)
                self.flows.window.get(DoorUnknownScreen).show_uncertain()
                return
        if kind is DoorNoticeKind.LEFT_OPEN and current is not Screen.DOOR_UNKNOWN:
            self.flows.window.get(CloseReminderScreen).show_staff_told()
            if current is Screen.DOOR_OPEN:
                self.flows.go(Screen.CLOSE_REMINDER, "door left open: staff alerted")
            else:
                self.flows.idle.arm(True)
            return
        if kind is not DoorNoticeKind.CLOSED or current is Screen.PAPERS_LEFT:
            return
        s.closed = True
        fulfilled = notice.closing is None or notice.closing.fulfilled
        if s.task is DoorTask.PUT:
            self._dropoff_closed(fulfilled)
        elif fulfilled:
            if current is Screen.DOOR_UNKNOWN:
                self.flows.print_pickup_receipt()  # the door opened and shut between readings
            s.papers_left = False
            self._after_close("door closed after pickup")
        else:
            self._papers_left()

    def _dropoff_closed(self, fulfilled: bool) -> None:
        s = self.flows.session
        if not fulfilled:
            self.flows.dropoff.refuse(DropoffRefusal.EMPTY, "door closed on an empty compartment")
            return
        time = self.flows.runtime.now()
        self.flows.print_receipt(
            dropoff_receipt(
                self.flows.settings,
                s.dossier_code,
                procedure=s.procedure,
                compartment=s.door,
                verified=s.verified,
                time=time,
            )
        )
        self._after_close("dossier dropped off")

    def _after_close(self, why: str) -> None:
        s = self.flows.session
        done = Done.PICKED_UP if s.task is DoorTask.TAKE else Done.DROPPED_OFF
        self.flows.window.get(TakeReceiptScreen).show_done(done, s.dossier_code)
        if s.printed is not None and not s.printed.printed and s.receipt is not None:
            self.flows.receipt_on_screen(why)
        else:
            self.flows.go(Screen.TAKE_RECEIPT, why)

    # --- a drop-off taken back at its door ------------------------------------------------

    def _withdraw(self) -> None:
        """ "Ô tủ quá nhỏ / Hủy": the door must be shut empty; the item sensor, read now, says
        whether the papers are still inside."""
        s = self.flows.session
        grant = s.grant
        if s.task is not DoorTask.PUT or grant is None:
            return
        self._reminder.stop()
        screen = self.flows.window.get(DropoffCancelScreen)
        screen.show_door(s.door, s.task)
        screen.show_procedure(s.procedure)
        self.flows.go(Screen.DROPOFF_CANCEL, f"citizen takes the drop-off at {s.door} back")

        def withdrawn(answer: Withdrawal) -> None:
            if self.flows.session is s and self.flows.machine.current is Screen.DROPOFF_CANCEL:
                screen.show_papers_inside(answer is Withdrawal.PAPERS_INSIDE)

        self.flows.bridge.when_done(
            self.flows.runtime.withdraw_dropoff(grant),
            withdrawn,
            self.flows.log_error("taking a drop-off back"),
        )

    def _withdrawn_door(self, notice: DoorNotice) -> None:
        """The door of a drop-off taken back: papers in or out, then its closing."""
        s = self.flows.session
        if notice.kind is DoorNoticeKind.ITEM_CHANGED:
            self.flows.window.get(DropoffCancelScreen).show_papers_inside(notice.item is True)
        elif notice.kind is DoorNoticeKind.LEFT_OPEN:
            self.flows.window.get(DropoffCancelScreen).show_staff_told()
            self.flows.idle.arm(True)  # staff are alerted; the citizen may walk away
        elif notice.kind is DoorNoticeKind.CLOSED:
            s.closed = True
            if notice.closing is not None and notice.closing.fulfilled:
                log.info("door %s shut on the papers after all: received", s.door)
                self._dropoff_closed(True)
            else:
                self.flows.dropoff.cancelled()

    # --- papers left inside after a pickup ----------------------------------------------------

    def _papers_left(self) -> None:
        s = self.flows.session
        s.papers_left = True
        self._reminder.stop()
        self.flows.window.get(PapersLeftScreen).show_door(s.door, s.task)
        self.flows.go(Screen.PAPERS_LEFT, f"door {s.door} closed with the papers inside")
        self._grace.start()

    def _reopen(self) -> None:
        """The same door again, through the same code (still unused: nothing was handed over)."""
        self._grace.stop()
        s = self.flows.session
        log.info("citizen asks for door %s again: papers still inside", s.door)
        self.flows.reopen()

    def _grace_over(self) -> None:
        if self.flows.machine.current is Screen.PAPERS_LEFT:
            self._report_papers_left()
            self.flows.window.get(PapersLeftScreen).show_staff_told()

    def _report_papers_left(self) -> None:
        s = self.flows.session
        if not s.papers_left:
            return
        s.papers_left = False
        door = s.door
        self.flows.bridge.when_done(
            self.flows.runtime.papers_left(door),
            lambda _: None,
            self.flows.log_error("reporting papers left"),
        )
