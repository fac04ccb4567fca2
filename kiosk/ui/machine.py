"""The screen state machine: which screen shows, and which changes are allowed.

One class serves the citizen screens (``Screen``, here) and the staff console's
(``kiosk.ui.staff.machine``); each passes its own table of allowed changes. One method, ``go``,
changes the screen; it logs "X → Y (why)", emits ``left`` and ``entered``, and raises
``IllegalScreenChangeError`` for a change the flows should never ask for (a bug). ``follow`` is
for an answer that comes back from a worker: the person may have left the screen that asked for
it, so a change no longer allowed is logged and skipped, not raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from kiosk.errors import KioskError

log = logging.getLogger(__name__)


class Screen(StrEnum):
    HOME = "home"
    PICKUP_CODE = "pickup_code"
    PHONE_DIGITS = "phone_digits"
    WORKING = "working"
    DOOR_OPEN = "door_open"
    CLOSE_REMINDER = "close_reminder"
    DOOR_UNKNOWN = "door_unknown"  # the unlock's outcome is not known yet
    PAPERS_LEFT = "papers_left"  # the door closed after a pickup with the papers inside
    TAKE_RECEIPT = "take_receipt"
    RECEIPT_ON_SCREEN = "receipt_on_screen"
    RATING = "rating"
    THANKS = "thanks"
    WRONG_CODE = "wrong_code"
    CODE_PAUSED = "code_paused"
    SEE_COUNTER = "see_counter"
    DOOR_FAILED = "door_failed"
    PROBLEM = "problem"
    OUT_OF_SERVICE = "out_of_service"
    DROPOFF_CODE = "dropoff_code"
    DROPOFF_SIZE = "dropoff_size"
    DROPOFF_REFUSED = "dropoff_refused"
    NO_FREE_COMPARTMENT = "no_free_compartment"
    DROPOFF_CANCEL = "dropoff_cancel"  # "Ô tủ quá nhỏ / Hủy" at the open door: close it empty
    DROPOFF_CANCELLED = "dropoff_cancelled"  # it shut empty: nothing handed in
    LOOKUP_CODE = "lookup_code"
    LOOKUP_RESULT = "lookup_result"
    LOST_CODE = "lost_code"  # "Không nhận được mã?": the dossier code
    LOST_CODE_PHONE = "lost_code_phone"  # the phone's last digits
    LOST_CODE_SENT = "lost_code_sent"  # the same answer whether or not the dossier exists
    REPORT_SENT = "report_sent"  # "Báo sự cố" at an open door: staff told, an incident slip
    STAFF = "staff"  # the staff and technician console (kiosk/ui/staff), with its own screens


S = Screen

# Where each screen may lead. Three moves are allowed from everywhere and not listed: HOME (idle,
# cancel, end of a session), WORKING (a scanned pickup QR starts a pickup on any screen) and
# STAFF (a scanned staff badge opens the staff console; kiosk/ui/staff decides when it may).
_NEXT: dict[Screen, frozenset[Screen]] = {
    S.HOME: frozenset({S.PICKUP_CODE, S.DROPOFF_CODE, S.LOOKUP_CODE, S.OUT_OF_SERVICE}),
    S.PICKUP_CODE: frozenset({S.LOST_CODE}),
    S.PHONE_DIGITS: frozenset(),
    S.WORKING: frozenset(
        {
            S.DOOR_OPEN,
            S.DOOR_UNKNOWN,
            S.PHONE_DIGITS,
            S.WRONG_CODE,
            S.CODE_PAUSED,
            S.SEE_COUNTER,
            S.DOOR_FAILED,
            S.PROBLEM,
            S.OUT_OF_SERVICE,
            S.DROPOFF_SIZE,
            S.DROPOFF_REFUSED,
            S.NO_FREE_COMPARTMENT,
            S.LOOKUP_RESULT,
            S.PICKUP_CODE,
        }
    ),
    S.DOOR_OPEN: frozenset(
        {
            S.REPORT_SENT,
            S.DROPOFF_CANCEL,
            S.CLOSE_REMINDER,
            S.TAKE_RECEIPT,
            S.RECEIPT_ON_SCREEN,
            S.DROPOFF_REFUSED,
            S.PAPERS_LEFT,
        }
    ),
    S.CLOSE_REMINDER: frozenset(
        {
            S.TAKE_RECEIPT,
            S.RECEIPT_ON_SCREEN,
            S.DROPOFF_REFUSED,
            S.PAPERS_LEFT,
            S.REPORT_SENT,
            S.DROPOFF_CANCEL,
        }
    ),
    # Settled by the door monitor: the door was open after all (and may have closed already).
    S.DOOR_UNKNOWN: frozenset(
        {S.DOOR_OPEN, S.TAKE_RECEIPT, S.RECEIPT_ON_SCREEN, S.DROPOFF_REFUSED, S.PAPERS_LEFT}
    ),
    S.PAPERS_LEFT: frozenset(),  # "open again" goes through WORKING
    S.TAKE_RECEIPT: frozenset({S.RATING, S.RECEIPT_ON_SCREEN, S.PICKUP_CODE}),
    S.RECEIPT_ON_SCREEN: frozenset({S.RATING, S.PICKUP_CODE}),
    S.RATING: frozenset({S.THANKS}),
    S.THANKS: frozenset({S.PICKUP_CODE}),
    S.WRONG_CODE: frozenset({S.PICKUP_CODE, S.PHONE_DIGITS}),
    S.CODE_PAUSED: frozenset({S.PICKUP_CODE}),
    S.SEE_COUNTER: frozenset(),
    S.DOOR_FAILED: frozenset(),
    # A door that opened after the 'please wait' deadline is still shown to its citizen.
    S.PROBLEM: frozenset({S.DOOR_OPEN, S.DOOR_UNKNOWN}),
    S.OUT_OF_SERVICE: frozenset({S.LOOKUP_CODE}),
    S.DROPOFF_CODE: frozenset(),
    S.DROPOFF_SIZE: frozenset({S.DROPOFF_CODE}),
    S.DROPOFF_REFUSED: frozenset({S.DROPOFF_CODE}),
    S.NO_FREE_COMPARTMENT: frozenset(),  # a free size opens its door (through WORKING)
    # Closed empty: cancelled; closed on the papers: received after all.
    S.DROPOFF_CANCEL: frozenset(
        {S.DROPOFF_CANCELLED, S.TAKE_RECEIPT, S.RECEIPT_ON_SCREEN, S.REPORT_SENT}
    ),
    S.DROPOFF_CANCELLED: frozenset(),  # a larger size opens its door (through WORKING)
    S.LOOKUP_CODE: frozenset(),
    S.LOOKUP_RESULT: frozenset({S.LOOKUP_CODE}),
    S.LOST_CODE: frozenset({S.LOST_CODE_PHONE}),
    S.LOST_CODE_PHONE: frozenset({S.LOST_CODE_SENT}),
    S.LOST_CODE_SENT: frozenset({S.PICKUP_CODE}),
    S.REPORT_SENT: frozenset(),
    S.STAFF: frozenset(),
}
_ANYWHERE = frozenset({S.HOME, S.WORKING, S.STAFF})


class IllegalScreenChangeError(KioskError):
    """The flows asked for a screen change the machine does not allow: a bug."""


def allowed(source: Screen, target: Screen) -> bool:
    return target in _ANYWHERE or target in _NEXT[source]


K = TypeVar("K", bound=StrEnum)


class ScreenMachine(QObject, Generic[K]):
    left = Signal(object)  # K
    entered = Signal(object)  # K

    def __init__(
        self,
        start: K,
        allows: Callable[[K, K], bool],
        name: str = "screen",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._current = start
        self._allows = allows
        self._name = name  # how the log and errors call these screens

    @property
    def current(self) -> K:
        return self._current

    def leads_to(self, target: K) -> bool:
        return self._allows(self._current, target)

    def go(self, target: K, why: str) -> None:
        source = self._current
        if not self._allows(source, target):
            raise IllegalScreenChangeError(
                f"{self._name} {source} → {target} is not allowed ({why})"
            )
        log.info("%s %s → %s (%s)", self._name, source, target, why)
        self._current = target
        self.left.emit(source)
        self.entered.emit(target)

    def follow(self, target: K, why: str) -> bool:
        """``go`` for a late answer: False, logged, if the way no longer leads to ``target``."""
        if not self.leads_to(target):
            log.info("%s stays %s (not → %s: %s)", self._name, self._current, target, why)
            return False
        self.go(target, why)
        return True


def citizen_machine(parent: QObject | None = None) -> ScreenMachine[Screen]:
    return ScreenMachine(Screen.HOME, allowed, "screen", parent)
