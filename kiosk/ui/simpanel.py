"""The demo's simulator window: what a citizen's hands and the hardware's faults would do.

A developer's tool, not a citizen screen: its words are English and not translated. It talks
to the simulators only (never to the services), exactly as the real devices would, and hears
from the kiosk only which results were collected (to drop their pickup-QR buttons).

It sits in the kiosk screen's top-right corner, over the clock: open, it covers the right edge
(English, the right of "Nộp hồ sơ"), never "Nhận kết quả"; its top button folds it to that
one button over the clock, and opens it again. It stays on top of a full-screen kiosk under a
window manager, and without one it is shown after the kiosk, so it is on top there too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.interfaces import PaperState
from drivers.printer.layout import DEFAULT_WIDTH_DOTS
from hub.sim.faults import Fault, FaultKind
from hub.sim.phones import Phones
from hub.sim.simulator import CentralSimulator
from kiosk.domain import DoorPurpose
from kiosk.runtime import DoorNotice, DoorNoticeKind, KioskRuntime
from kiosk.ui.simpanel_receipts import ReceiptsView
from kiosk.ui.simpanel_sms import SmsView

WIDTH = 440  # px
MAX_HEIGHT = 900  # px: fits a 1080 px screen with the title bar and a task bar
DOOR_POLL_MS = 300
# The kiosk's own stylesheet is sized for citizens at arm's length; this window is a tool.
STYLE = """
#SimulatorPanel, #SimulatorPanel * { font-size: 13px; }
#SimulatorPanel QPushButton { padding: 3px 8px; min-height: 0; min-width: 0; border-radius: 3px; }
#SimulatorPanel QLineEdit { padding: 2px; min-height: 0; }
#SimulatorPanel #SimFold { min-height: 22px; }
#SimulatorPanel QTabBar::tab { color: #0b1a30; background: #d6dde8; padding: 4px 12px; }
#SimulatorPanel QTabBar::tab:selected { background: #ffd34d; }
#SimulatorPanel QLabel, #SimulatorPanel QCheckBox { color: #e8eef7; }
#SimulatorPanel QScrollArea,
#SimulatorPanel QScrollArea > QWidget > QWidget { background: #10233f; }
#SimulatorPanel QListWidget { color: #0b1a30; background: #f4f6fa; }
#SimulatorPanel QListWidget::item { padding: 4px 2px; border-bottom: 1px solid #c9d2df; }
"""


class LoadedResult(Protocol):
    @property
    def dossier_code(self) -> str: ...
    @property
    def compartment(self) -> str: ...
    @property
    def qr(self) -> str: ...


def corner(screen: QRect, width: int = WIDTH) -> tuple[int, int]:
    """Where a window ``width`` wide (with its frame) goes on ``screen``: the top-right corner."""
    return screen.right() + 1 - width, screen.top()


class SimulatorPanel(QWidget):
    #: A result was collected (compartment label); emitted from the services thread.
    collected = Signal(str)

    def __init__(
        self,
        runtime: KioskRuntime,
        loaded: Sequence[LoadedResult],
        parent: QWidget | None = None,
        badges: Sequence[str] = (),
        central: CentralSimulator | None = None,
        phones: Phones | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SimulatorPanel")
        self.setWindowTitle("ATM hồ sơ 24/7 — simulators")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint)
        self.setStyleSheet(STYLE)
        self.setFixedWidth(WIDTH)
        self.setMaximumHeight(MAX_HEIGHT)
        sims = runtime.devices.simulators
        assert sims is not None and sims.locks is not None
        self.sims = sims
        self.locks = sims.locks
        self.central = central
        self._offline: Fault | None = None
        self.doors = {c.label: (c.board, c.lock) for c in runtime.settings.locker.compartments}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.fold = self._button("Simulators ▾ (hide)", self.toggle)
        self.fold.setObjectName("SimFold")
        layout.addWidget(self.fold)
        self.tabs = QTabWidget(self)
        layout.addWidget(self.tabs)
        self.pickups: dict[str, QPushButton] = {}
        self.tabs.addTab(self._scanner_tab(loaded, badges), "Scanner")
        self.door_rows: dict[str, tuple[QLabel, QPushButton, QPushButton, QPushButton]] = {}
        self.tabs.addTab(self._doors_tab(), "Doors")
        self.tabs.addTab(self._faults_tab(), "Faults")
        self.receipts: ReceiptsView | None = None
        if sims.printer is not None:
            width = runtime.settings.devices.printer.width_dots or DEFAULT_WIDTH_DOTS
            self.receipts = ReceiptsView(sims.printer, width, self)
            self.tabs.addTab(self.receipts, "Receipts")
        self.sms: SmsView | None = None
        if phones is not None:
            self.sms = SmsView(phones, self)
            self.tabs.addTab(self.sms, "SMS")
        self.collected.connect(self._drop_pickup, Qt.ConnectionType.QueuedConnection)
        runtime.add_door_listener(self._on_door)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_doors)
        self._timer.start(DOOR_POLL_MS)
        self.refresh_doors()

    # --- building ----------------------------------------------------------------------------

    def _scanner_tab(self, loaded: Sequence[LoadedResult], badges: Sequence[str]) -> QWidget:
        tab = QWidget(self)
        col = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.text = QLineEdit(tab)
        self.text.setPlaceholderText("text to scan: DATM1|code|otp or a dossier code")
        row.addWidget(self.text)
        row.addWidget(self._button("Scan", lambda: self._scan(self.text.text())))
        col.addLayout(row)
        for item in loaded:
            button = self._button(
                f"Scan pickup QR {item.dossier_code} ({item.compartment})",
                partial(self._scan, item.qr),
            )
            self.pickups[item.compartment] = button
            col.addWidget(button)
        # Staff badges, STAFF|<id>|<secret> (the demo's badges and PINs are printed on the
        # console); the button names the staff id only.
        for badge in badges:
            who = badge.split("|")[1] if badge.count("|") == 2 else badge
            col.addWidget(self._button(f"Scan staff badge {who}", partial(self._scan, badge)))
        col.addStretch(1)
        return tab

    def _doors_tab(self) -> QWidget:
        tab = QWidget(self)
        grid = QGridLayout(tab)
        grid.setVerticalSpacing(2)
        for i, label in enumerate(self.doors):
            state = QLabel(tab)
            force = self._button("Open", partial(self._force_open, label))
            force.setToolTip("pull the door open without an unlock (a forced door)")
            shut = self._button("Close", partial(self._close, label))
            item = self._button("Put item in", partial(self._toggle_item, label))
            grid.addWidget(state, i, 0)
            for column, button in enumerate((force, shut, item), start=1):
                grid.addWidget(button, i, column)
            self.door_rows[label] = (state, force, shut, item)
        grid.setRowStretch(len(self.doors), 1)
        return tab

    def _faults_tab(self) -> QWidget:
        tab = QWidget(self)
        col = QVBoxLayout(tab)
        col.addWidget(
            self._button(
                "Take out and close every open door", lambda: self._close_open_doors(item=False)
            )
        )
        col.addWidget(
            self._button(
                "Put papers in and close every open door", lambda: self._close_open_doors(item=True)
            )
        )
        col.addWidget(self._switch("Every door jams", self._jam))
        col.addWidget(self._switch("Lock boards silent (offline)", self._silence))
        if self.sims.printer is not None:
            col.addWidget(self._switch("Printer out of paper", self._paper_out))
        if self.central is not None:
            col.addWidget(self._switch("Central system offline (every request 503)", self._down))
        col.addStretch(1)
        return tab

    def _button(self, text: str, action: Callable[[], None]) -> QPushButton:
        b = QPushButton(text, self)
        b.setProperty("role", "sim")
        b.clicked.connect(action)
        return b

    def _switch(self, text: str, action: Callable[[bool], None]) -> QCheckBox:
        box = QCheckBox(text, self)
        box.toggled.connect(action)
        return box

    # --- folding and doors ---------------------------------------------------------------------

    def toggle(self) -> None:
        """Fold to the title bar (the kiosk's right edge shows again) or unfold."""
        shown = not self.tabs.isVisible()
        self.tabs.setVisible(shown)
        self.fold.setText("Simulators ▾ (hide)" if shown else "Simulators ▸ (show)")
        self.adjustSize()

    def refresh_doors(self) -> None:
        for label, (state, force, shut, item) in self.door_rows.items():
            board, lock = self.doors[label]
            closed = self.locks.is_closed(board, lock)
            inside = self.locks.has_item(board, lock)
            state.setText(
                f"{label}: {'closed' if closed else 'OPEN'}, {'item' if inside else 'empty'}"
            )
            force.setEnabled(closed)
            shut.setEnabled(not closed)
            item.setText("Take item out" if inside else "Put item in")

    def _force_open(self, label: str) -> None:
        self.locks.force_open(*self.doors[label])
        self.refresh_doors()

    def _close(self, label: str) -> None:
        self.locks.close_door(*self.doors[label])
        self.refresh_doors()

    def _toggle_item(self, label: str) -> None:
        board, lock = self.doors[label]
        self.locks.set_item(board, lock, not self.locks.has_item(board, lock))
        self.refresh_doors()

    def _on_door(self, notice: DoorNotice) -> None:
        closing = notice.closing
        if (
            notice.kind is DoorNoticeKind.CLOSED
            and closing is not None
            and closing.purpose is DoorPurpose.PICKUP
            and closing.fulfilled
        ):
            self.collected.emit(notice.compartment)

    def _drop_pickup(self, compartment: str) -> None:
        button = self.pickups.pop(compartment, None)
        if button is not None:
            button.hide()
            button.deleteLater()

    # --- what the hands and faults do ---------------------------------------------------------

    def _scan(self, text: str) -> None:
        if self.sims.scanner is not None and text:
            self.sims.scanner.scan(text)

    def _close_open_doors(self, item: bool) -> None:
        for board, lock in self.doors.values():
            if not self.locks.is_closed(board, lock):
                self.locks.set_item(board, lock, item)
                self.locks.close_door(board, lock)

    def _jam(self, on: bool) -> None:
        for board, lock in self.doors.values():
            self.locks.set_jammed(board, lock, on)

    def _silence(self, on: bool) -> None:
        for board in {b for b, _ in self.doors.values()}:
            self.locks.set_silent(board, on)

    def _paper_out(self, on: bool) -> None:
        assert self.sims.printer is not None
        self.sims.printer.paper = PaperState.OUT if on else PaperState.OK

    def _down(self, on: bool) -> None:
        """Every Kiosk API request answered 503 until switched off (the other faults stay)."""
        assert self.central is not None
        if on and self._offline is None:
            self._offline = Fault(FaultKind.SERVER_ERROR, times=None, status=503)
            self.central.faults.add(self._offline)
        elif not on and self._offline is not None:
            self.central.faults.remove(self._offline)
            self._offline = None
