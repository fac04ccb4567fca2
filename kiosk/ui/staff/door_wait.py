"""Doors whose unlock had no trustworthy answer, as the staff screens wait for them.

An "unknown" unlock is never a failure (docs/store.md "Doors"): the intent stays pending and the
door monitor settles it from the board's next readings, telling the screens ``OPENED``,
``NOT_OPENED`` or ``UNCERTAIN`` (shut, and no item sensor to say whether it opened: staff
inspect it), or ``CLOSED`` (it opened and shut between two readings). A staff
screen waits for that notice and offers no other door meanwhile: the door may stand open with
the envelope going in. After ``timeouts.working_s`` it says the board still has not answered
and what to do; the intent stays pending, and the notice is still shown when it comes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject, Signal

from kiosk.runtime import DoorNotice, DoorNoticeKind
from kiosk.services.doors import DoorGrant
from kiosk.ui import timers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settled:
    """The door monitor's answer for a door waited for."""

    grant: DoorGrant
    kind: DoorNoticeKind  # OPENED, NOT_OPENED or UNCERTAIN

    @property
    def opened(self) -> bool:
        return self.kind is DoorNoticeKind.OPENED


class DoorWait(QObject):
    overdue = Signal(object)  # DoorGrant: no answer within the deadline

    def __init__(self, seconds: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ms = int(seconds * 1000)
        self._waits: dict[str, tuple[DoorGrant, timers.Timer]] = {}

    def wait(self, grant: DoorGrant) -> None:
        """Wait for the monitor's answer about ``grant``'s door."""
        self._forget(grant.compartment)
        timer = timers.Timer(self, self._ms, partial(self._overdue, grant))
        timer.start()
        self._waits[grant.compartment] = (grant, timer)

    def settled(self, notice: DoorNotice) -> Settled | None:
        """What ``notice`` settled for a door waited for; None when it settles nothing here.
        A closing ends the wait too, but what it meant is the caller's, as for any closing."""
        waited = self._waits.get(notice.compartment)
        if waited is None or notice.kind not in _SETTLING:
            return None
        self._forget(notice.compartment)
        if notice.kind is DoorNoticeKind.CLOSED:
            return None
        return Settled(waited[0], notice.kind)

    def _overdue(self, grant: DoorGrant) -> None:
        log.warning("door %s: still no answer from its board after the unlock", grant.compartment)
        self.overdue.emit(grant)

    def stop(self) -> None:
        for compartment in list(self._waits):
            self._forget(compartment)

    def _forget(self, compartment: str) -> None:
        waited = self._waits.pop(compartment, None)
        if waited is not None:
            waited[1].stop()
            waited[1].deleteLater()


_SETTLING = frozenset(
    {
        DoorNoticeKind.OPENED,
        DoorNoticeKind.NOT_OPENED,
        DoorNoticeKind.UNCERTAIN,
        DoorNoticeKind.CLOSED,
    }
)
