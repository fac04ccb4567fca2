"""The citizen's way from "Không nhận được mã?" to a resend request (kiosk/services/resend.py).

Kept beside ``CitizenFlows`` (which creates it) so that the pickup flows stay as they are: it
wires its three screens, keeps the typed code in the flows' ``Session`` and answers on the UI
thread through the flows' bridge.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.services.resend import ResendAnswer, request_resend
from kiosk.ui.machine import Screen
from kiosk.ui.screens.lost_code import LostCodePhoneScreen, LostCodeScreen, LostCodeSentScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from kiosk.ui.session import Session

if TYPE_CHECKING:
    from kiosk.ui.flows import CitizenFlows

log = logging.getLogger(__name__)


class LostCodeFlow(QObject):
    def __init__(self, flows: CitizenFlows) -> None:
        super().__init__(flows)
        self.flows = flows
        w = flows.window
        w.get(PickupCodeScreen).lost.connect(
            lambda: flows.go(Screen.LOST_CODE, "citizen did not get the code")
        )
        w.get(LostCodeScreen).entered.connect(self._code)
        w.get(LostCodePhoneScreen).confirmed.connect(self._digits)
        w.get(LostCodeSentScreen).enter_code.connect(
            lambda: flows.go(Screen.PICKUP_CODE, "citizen will type the code")
        )

    def _code(self, dossier_code: str) -> None:
        self.flows.session = Session(dossier_code=dossier_code)
        self.flows.go(Screen.LOST_CODE_PHONE, "dossier code given")

    def _digits(self, digits: str) -> None:
        flows = self.flows
        session = flows.session

        def answered(answer: ResendAnswer) -> None:
            log.info(
                "resend request %s",
                "queued" if answer.sent else f"held back ({answer.wait_s:.0f} s to wait)",
            )
            if flows.session is not session or flows.machine.current is not Screen.LOST_CODE_PHONE:
                return  # the citizen has gone
            flows.window.get(LostCodeSentScreen).show_answer(0.0 if answer.sent else answer.wait_s)
            flows.go(Screen.LOST_CODE_SENT, "resend requested" if answer.sent else "rate-limited")

        def failed(error: BaseException) -> None:
            if flows.session is session and flows.machine.current is Screen.LOST_CODE_PHONE:
                flows.problem(error)
            else:
                log.error("resend request failed: %r", error, exc_info=error)

        code = session.dossier_code
        future = flows.runtime.call(lambda s: request_resend(s, code, digits))
        flows.bridge.when_done(future, answered, failed)
