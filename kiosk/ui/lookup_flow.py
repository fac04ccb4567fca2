"""The citizen's look-up: a dossier code, the central system's answer, and what this kiosk
knows itself (a result collected here minutes ago wins over the central system's older state).

Kept beside ``CitizenFlows`` (which creates it), like ``LostCodeFlow``: it wires its two
screens, keeps the code in the flows' ``Session`` and takes the answers through the flows'
``answer``, so one that arrives after the citizen left is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.clock import parse_rfc3339
from kiosk.services.local_state import LocalState, local_state
from kiosk.ui.machine import Screen
from kiosk.ui.screens.lookup import Found, LookupCodeScreen, LookupResultScreen
from kiosk.ui.screens.working import Task
from sync.errors import CentralUnavailable
from sync.wire import DossierInfo

if TYPE_CHECKING:
    from kiosk.ui.flows import CitizenFlows

log = logging.getLogger(__name__)


class LookupFlow(QObject):
    def __init__(self, flows: CitizenFlows) -> None:
        super().__init__(flows)
        self.flows = flows
        w = flows.window
        w.get(LookupCodeScreen).entered.connect(self._lookup)
        w.get(LookupResultScreen).again.connect(
            lambda: flows.go(Screen.LOOKUP_CODE, "citizen looks up another")
        )

    def _lookup(self, code: str) -> None:
        self.flows.check_dossier(code, Task.LOOKUP, self._looked_up, self._lookup_failed)

    def _looked_up(self, info: DossierInfo | None) -> None:
        self._with_local_state(lambda local: self._show(info, local, offline=False))

    def _lookup_failed(self, error: BaseException) -> None:
        if not isinstance(error, CentralUnavailable):
            log.error("look-up failed: %r", error)
        self._with_local_state(lambda local: self._show(None, local, offline=True))

    def _with_local_state(self, then: Callable[[LocalState | None], None]) -> None:
        flows = self.flows
        code = flows.session.dossier_code
        flows.bridge.when_done(
            flows.runtime.call(lambda sv: local_state(sv, code)),
            flows.answer(then),
            flows.answer(flows.problem),
        )

    def _show(self, info: DossierInfo | None, local: LocalState | None, *, offline: bool) -> None:
        screen = self.flows.window.get(LookupResultScreen)
        code = self.flows.session.dossier_code
        if info is not None:
            at = info.appointment_at
            state = local.state if local is not None else info.state
            screen.show_found(code, info.procedure_name, state, parse_rfc3339(at) if at else None)
        elif local is not None:
            screen.show_found(code, local.procedure, local.state, None)
        else:
            screen.show_missing(code, Found.OFFLINE if offline else Found.NOT_FOUND)
        self.flows.go(Screen.LOOKUP_RESULT, "central system unreachable" if offline else "answered")
