"""The simulator window's SMS: what the simulated central system sent to the citizens' phones
(hub/sim/phones.py), newest first, so a code sent again ("Không nhận được mã?") or re-issued
can be read and typed as a citizen would from their phone."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QListWidget, QWidget

from hub.sim.phones import Phones

POLL_MS = 500


class SmsView(QListWidget):
    def __init__(self, phones: Phones, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("SimSms")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)  # a code is read to its last digit
        self._phones = phones
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(POLL_MS)
        self.refresh()

    def refresh(self) -> None:
        """Show the messages received since the last look (memory only: no I/O here)."""
        inbox = self._phones.inbox()
        if len(inbox) == self.count():
            return
        for sms in inbox[: len(inbox) - self.count()][::-1]:
            at = time.strftime("%H:%M:%S", time.localtime(sms.at))
            self.insertItem(0, f"{at}  to …{sms.to[-3:]}\n{sms.text}")
