"""The demo's simulator window as a developer sees and uses it, over a whole kiosk."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QCheckBox, QPushButton, QWidget

from drivers.printer.render import render_receipts
from kiosk.services.core import Services
from kiosk.settings import Settings
from kiosk.ui.app import SCREEN_SIZE
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorOpenScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.simpanel import SimulatorPanel, corner
from sync.agent import SyncAgent
from tests.kiosk.ui.conftest import Kiosk, tuned

SCREEN = QRect(0, 0, *SCREEN_SIZE)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # A sync cycle against the switched-off central system fails after its retries: at once,
    # not after the configured seconds of back-off.
    return tuned(settings, central={"retry_base_s": 0.01, "retry_cap_s": 0.05})


@pytest.fixture
def panel(kiosk: Kiosk) -> Iterator[SimulatorPanel]:
    panel = SimulatorPanel(
        kiosk.runtime, kiosk.loaded, badges=["STAFF|cb-1|x"], central=kiosk.central
    )
    panel.move(*corner(SCREEN))
    panel.show()
    kiosk.qtbot.waitExposed(panel)
    yield panel
    panel.close()
    panel.deleteLater()


def on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def buttons(panel: SimulatorPanel) -> list[str]:
    return [b.text() for b in panel.findChildren(QPushButton) if b.isVisible()]


def test_the_panel_fits_a_1080_screen_beside_nhan_ket_qua(
    kiosk: Kiosk, panel: SimulatorPanel
) -> None:
    pickup = kiosk.ui.window.get(HomeScreen).pickup_button
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        panel.adjustSize()
        box = panel.geometry()  # the offscreen platform misplaces frames by their margin
        # (the offscreen platform moves a window by its frame margins once more: 2 px each way)
        assert SCREEN.adjusted(0, 0, 4, 4).contains(box), (
            f"tab {panel.tabs.tabText(tab)}: {box} off the screen"
        )
        assert box.height() <= 1000
        assert not box.intersects(on_screen(pickup)), "covers Nhận kết quả"
        for button in panel.findChildren(QPushButton):
            if button.isVisible():  # every word of every button can be read
                metrics = button.fontMetrics()
                assert metrics.horizontalAdvance(button.text()) <= button.width()
                assert metrics.height() <= button.height(), f"{button.text()!r} is cut"
    kiosk.tap(panel.fold)  # folded: one button over the clock, the kiosk's buttons all clear
    panel.adjustSize()
    assert not panel.tabs.isVisible() and panel.height() < 60
    home = kiosk.ui.window.get(HomeScreen)
    for target in (home.pickup_button, home.dropoff_button, home.lookup_button, home.english):
        assert not panel.geometry().intersects(on_screen(target))
    kiosk.tap(panel.fold)
    assert panel.tabs.isVisible()


@pytest.mark.logs(logging.WARNING)  # a door opened without an unlock is a forced door
def test_each_door_opens_closes_and_takes_papers(kiosk: Kiosk, panel: SimulatorPanel) -> None:
    loaded = {item.compartment for item in kiosk.loaded}
    label = next(c for c in panel.door_rows if c not in loaded)
    state, force, shut, item = panel.door_rows[label]
    board, lock = kiosk.door(label)
    locks = kiosk.sims.locks
    assert locks is not None
    panel.tabs.setCurrentIndex(1)
    assert state.text() == f"{label}: closed, empty" and not shut.isEnabled()
    kiosk.tap(item)
    assert locks.has_item(board, lock) and state.text() == f"{label}: closed, item"
    assert item.text() == "Take item out"
    kiosk.tap(force)
    assert not locks.is_closed(board, lock) and state.text() == f"{label}: OPEN, item"
    kiosk.tap(item)
    kiosk.tap(shut)
    assert locks.is_closed(board, lock) and not locks.has_item(board, lock)
    assert state.text() == f"{label}: closed, empty"


def sync_ok(kiosk: Kiosk) -> bool:
    """One sync cycle against the central simulator, on the services thread."""

    def run(services: Services) -> bool:
        ctx = services.ctx
        return (
            SyncAgent(ctx.store, ctx.settings, ctx.clock, ctx.hasher).run_once(heartbeat=False).ok
        )

    return kiosk.runtime.call(run).result()


@pytest.mark.logs(logging.WARNING)  # the sync agent says that the server is failing
def test_the_central_system_offline_switch(kiosk: Kiosk, panel: SimulatorPanel) -> None:
    panel.tabs.setCurrentIndex(2)
    (switch,) = [b for b in panel.findChildren(QCheckBox) if b.text().startswith("Central")]
    assert sync_ok(kiosk)
    kiosk.tap(switch)
    assert not sync_ok(kiosk) and not sync_ok(kiosk)  # every request, not only the next
    kiosk.tap(switch)
    assert sync_ok(kiosk)
    assert kiosk.central.faults.armed() == []


def test_a_collected_result_loses_its_button_and_its_receipt_is_shown(
    kiosk: Kiosk, panel: SimulatorPanel
) -> None:
    first, second = kiosk.loaded
    scan_first = f"Scan pickup QR {first.dossier_code} ({first.compartment})"
    scan_second = f"Scan pickup QR {second.dossier_code} ({second.compartment})"
    assert {scan_first, scan_second} <= set(buttons(panel))
    assert panel.receipts is not None and panel.receipts.pictures == []
    kiosk.tap_text(panel, scan_first)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert kiosk.ui.window.get(DoorOpenScreen).door_label.text() == first.compartment
    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1, timeout=8000)
    kiosk.close_door(first.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.qtbot.waitUntil(lambda: scan_first not in buttons(panel), timeout=8000)
    assert scan_second in buttons(panel)

    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.receipts))
    kiosk.qtbot.waitUntil(lambda: len(panel.receipts.pictures) == 1, timeout=8000)  # type: ignore[union-attr]
    shown = panel.receipts.pictures[0]
    kiosk.qtbot.waitUntil(shown.isVisible, timeout=2000)
    pixmap = shown.pixmap()
    (paper,) = render_receipts(bytes(printer.received))
    assert pixmap.width() == 380
    assert pixmap.height() == round(paper.height * 380 / paper.width)
    assert paper.height > 600  # the lines, the QR code and the message, not a blank strip
