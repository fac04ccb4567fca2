"""The demo's simulator window: what a citizen's hands and the hardware's faults would do.

A developer's tool, not a citizen screen: its words are English and not translated. It talks
to the simulators only (never to the services), exactly as the real devices would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from drivers.interfaces import PaperState
from kiosk.runtime import KioskRuntime


class LoadedResult(Protocol):
    @property
    def dossier_code(self) -> str: ...
    @property
    def compartment(self) -> str: ...
    @property
    def qr(self) -> str: ...


class SimulatorPanel(QWidget):
    def __init__(
        self,
        runtime: KioskRuntime,
        loaded: Sequence[LoadedResult],
        parent: QWidget | None = None,
        badges: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SimulatorPanel")
        self.setWindowTitle("ATM hồ sơ 24/7 — simulators")
        sims = runtime.devices.simulators
        assert sims is not None and sims.locks is not None
        self.sims = sims
        self.doors = {c.label: (c.board, c.lock) for c in runtime.settings.locker.compartments}
        layout = QVBoxLayout(self)

        scan = QGroupBox("Scanner", self)
        grid = QGridLayout(scan)
        self.text = QLineEdit(scan)
        self.text.setPlaceholderText("text to scan, e.g. DATM1|code|otp or a dossier code")
        grid.addWidget(self.text, 0, 0)
        grid.addWidget(self._button("Scan", lambda: self._scan(self.text.text())), 0, 1)
        for i, item in enumerate(loaded, start=1):
            grid.addWidget(
                self._button(
                    f"Scan pickup QR {item.dossier_code} ({item.compartment})",
                    partial(self._scan, item.qr),
                ),
                i,
                0,
                1,
                2,
            )
        # Staff badges, STAFF|<id>|<secret> (the demo's badges and PINs are printed on the
        # console); the button names the staff id only.
        for i, badge in enumerate(badges, start=len(loaded) + 1):
            who = badge.split("|")[1] if badge.count("|") == 2 else badge
            grid.addWidget(
                self._button(f"Scan staff badge {who}", partial(self._scan, badge)), i, 0, 1, 2
            )
        layout.addWidget(scan)

        doors = QGroupBox("Doors", self)
        row = QVBoxLayout(doors)
        row.addWidget(
            self._button(
                "Take out and close every open door", lambda: self._close_open_doors(item=False)
            )
        )
        row.addWidget(
            self._button(
                "Put papers in and close every open door", lambda: self._close_open_doors(item=True)
            )
        )
        layout.addWidget(doors)

        faults = QGroupBox("Faults", self)
        col = QVBoxLayout(faults)
        col.addWidget(self._switch("Every door jams", self._jam))
        col.addWidget(self._switch("Lock boards silent (offline)", self._silence))
        if sims.printer is not None:
            col.addWidget(self._switch("Printer out of paper", self._paper_out))
        layout.addWidget(faults)

    def _button(self, text: str, action: Callable[[], None]) -> QPushButton:
        b = QPushButton(text, self)
        b.setProperty("role", "sim")
        b.clicked.connect(action)
        return b

    def _switch(self, text: str, action: Callable[[bool], None]) -> QCheckBox:
        box = QCheckBox(text, self)
        box.toggled.connect(action)
        return box

    def _scan(self, text: str) -> None:
        if self.sims.scanner is not None and text:
            self.sims.scanner.scan(text)

    def _close_open_doors(self, item: bool) -> None:
        locks = self.sims.locks
        assert locks is not None
        for board, lock in self.doors.values():
            if not locks.is_closed(board, lock):
                locks.set_item(board, lock, item)
                locks.close_door(board, lock)

    def _jam(self, on: bool) -> None:
        locks = self.sims.locks
        assert locks is not None
        for board, lock in self.doors.values():
            locks.set_jammed(board, lock, on)

    def _silence(self, on: bool) -> None:
        locks = self.sims.locks
        assert locks is not None
        for board in {b for b, _ in self.doors.values()}:
            locks.set_silent(board, on)

    def _paper_out(self, on: bool) -> None:
        assert self.sims.printer is not None
        self.sims.printer.paper = PaperState.OUT if on else PaperState.OK
