"""The citizen's drop-off: a dossier code, the central system's check (or none, offline), a
size, the door; and the ways back when that fails: a full size (the free ones offered), a door
that closed on nothing ("Mở lại ô tủ": same code, same size), a drop-off taken back at its door
(the larger free sizes offered).

Kept beside ``CitizenFlows`` (which creates it), like ``LookupFlow``: it keeps the dossier in
the flows' ``Session`` and takes the answers through the flows' ``answer``, so one that arrives
after the citizen left is dropped. What the door does is ``DoorFlow``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.domain import Size
from kiosk.runtime import DoorOutcome
from kiosk.services.refusals import Refusal, Refused
from kiosk.ui.machine import Screen
from kiosk.ui.screens.dropoff import (
    DropoffCodeScreen,
    DropoffRefusal,
    DropoffRefusedScreen,
    DropoffSizeScreen,
    NoFreeCompartmentScreen,
)
from kiosk.ui.screens.dropoff_cancel import DropoffCancelledScreen
from kiosk.ui.screens.working import Task
from kiosk.ui.session import Session
from sync.errors import CentralUnavailable
from sync.wire import DossierInfo

if TYPE_CHECKING:
    from kiosk.ui.flows import CitizenFlows

log = logging.getLogger(__name__)


class DropoffFlow(QObject):
    def __init__(self, flows: CitizenFlows) -> None:
        super().__init__(flows)
        self.flows = flows
        self.sizes = {c.label: c.size for c in flows.settings.locker.compartments}
        w = flows.window
        w.get(DropoffCodeScreen).entered.connect(self._check_dossier)
        w.get(DropoffSizeScreen).chosen.connect(self._dropoff)
        w.get(DropoffRefusedScreen).retry.connect(self._code_again)
        w.get(DropoffRefusedScreen).open_again.connect(lambda: self._again(self.flows.session.size))
        w.get(NoFreeCompartmentScreen).offer.chosen.connect(self._again)
        w.get(DropoffCancelledScreen).offer.chosen.connect(self._again)

    # --- the dossier and its size ---------------------------------------------------------

    def _check_dossier(self, code: str) -> None:
        self.flows.check_dossier(
            code, Task.CHECK_DOSSIER, self._dossier_checked, self._dossier_unchecked
        )

    def _dossier_checked(self, info: DossierInfo | None) -> None:
        s = self.flows.session
        if info is None:
            self.refuse(DropoffRefusal.UNKNOWN, "unknown at the central system")
            return
        if not info.dropoff_allowed:
            self.refuse(DropoffRefusal.NOT_ALLOWED, "central system: no drop-off")
            return
        s.procedure, s.verified = info.procedure_name, True
        self._choose_size("dossier verified")

    def _dossier_unchecked(self, error: BaseException) -> None:
        # Offline, the kiosk still accepts a well-formed code, marked unverified.
        if not isinstance(error, CentralUnavailable):
            log.error("dossier check failed: %r", error)
        self.flows.session.verified = False
        self._choose_size("central system unreachable: unverified")

    def _choose_size(self, why: str) -> None:
        s = self.flows.session
        self.flows.window.get(DropoffSizeScreen).show_dossier(
            s.dossier_code, s.procedure or None, s.verified
        )
        self.flows.go(Screen.DROPOFF_SIZE, why)

    def refuse(self, reason: DropoffRefusal, why: str) -> None:
        flows = self.flows
        flows.window.get(DropoffRefusedScreen).show_refusal(reason, flows.session.dossier_code)
        flows.go(Screen.DROPOFF_REFUSED, why)

    def _code_again(self) -> None:
        code = self.flows.session.dossier_code
        self.flows.go(Screen.DROPOFF_CODE, "citizen tries again")
        self.flows.window.get(DropoffCodeScreen).prefill(code)

    # --- the door -----------------------------------------------------------------------

    def _dropoff(self, size: Size | None) -> None:
        flows = self.flows
        s = flows.session
        s.size = size
        flows.working(Task.OPEN_DOOR, f"size {size or 'chosen by the kiosk'}")
        future = flows.runtime.dropoff(
            s.dossier_code, size, s.verified, s.procedure or None, low_only=flows.accessible.on
        )
        flows.bridge.when_done(future, flows.answer(self._opened), flows.answer(self._failed))

    def _again(self, size: Size | None) -> None:
        """Another door for the same dossier (checked already): nothing to type again."""
        s = self.flows.session
        self.flows.session = Session(
            dossier_code=s.dossier_code, procedure=s.procedure, verified=s.verified
        )
        self._dropoff(size)

    def _opened(self, outcome: DoorOutcome) -> None:
        self.flows.doors.answered(outcome)

    def _failed(self, error: BaseException) -> None:
        if not (isinstance(error, Refused) and error.reason is Refusal.NO_FREE_COMPARTMENT):
            self.flows.problem(error)
            return
        size, low_only = self.flows.session.size, self.flows.accessible.on

        def show(free: list[Size]) -> None:
            self.flows.window.get(NoFreeCompartmentScreen).show_full(size, free, low_only)
            self.flows.go(Screen.NO_FREE_COMPARTMENT, error.reason.value)

        self._free_sizes(self.flows.answer(show), self.flows.answer(self.flows.problem))

    def cancelled(self) -> None:
        """The door of a drop-off taken back shut empty (its intent ended, the compartment
        free): say so, with the larger sizes that have a free door."""
        flows = self.flows
        s = flows.session
        door = self.sizes[s.door]

        def show(free: list[Size]) -> None:
            if flows.session is not s or flows.machine.current is not Screen.DROPOFF_CANCEL:
                return
            larger = [size for size in free if door.fits_in(size) and size is not door]
            flows.window.get(DropoffCancelledScreen).show_cancelled(s.dossier_code, s.door, larger)
            flows.go(Screen.DROPOFF_CANCELLED, f"door {s.door} shut empty: drop-off cancelled")

        def unknown(error: BaseException) -> None:
            flows.log_error("free sizes")(error)
            show([])  # the door is shut and the drop-off cancelled all the same

        self._free_sizes(show, unknown)

    def _free_sizes(
        self, then: Callable[[list[Size]], None], failed: Callable[[BaseException], None]
    ) -> None:
        low_only = self.flows.accessible.on
        self.flows.bridge.when_done(
            self.flows.runtime.call(lambda sv: sv.citizen_doors.free_sizes(low_only)), then, failed
        )
