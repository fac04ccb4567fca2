"""When a door or the printer lets the citizen down, and when a door stays open."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from drivers.interfaces import PaperState
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import CloseReminderScreen, DoorOpenScreen
from kiosk.ui.screens.receipt import ReceiptOnScreenScreen
from kiosk.ui.screens.refusals import DoorFailedScreen
from tests.kiosk.helpers import JAMS_WITHIN
from tests.kiosk.ui.conftest import Kiosk


@pytest.mark.logs(logging.ERROR)
def test_a_jammed_door_apologises_alerts_staff_and_prints_an_incident_receipt(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(lock_bus=JAMS_WITHIN)
    result = kiosk.loaded[0]
    assert kiosk.sims.locks is not None and kiosk.sims.scanner is not None
    kiosk.sims.locks.set_jammed(*kiosk.door(result.compartment))
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_FAILED)
    assert kiosk.ui.window.get(DoorFailedScreen).title.text() == "Xin lỗi, ô tủ không mở được"

    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    assert printer.receipts[0].qr_codes == [result.dossier_code]
    failed = kiosk.events("result.pickup_failed")
    assert [(f[0], f[1]) for f in failed] == [(result.dossier_code, result.compartment)]
    assert kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL") == [
        ("door_jammed", result.compartment)
    ]
    assert kiosk.events("result.picked_up") == []


@pytest.mark.logs(logging.ERROR)
def test_printer_out_of_paper_shows_the_receipt_on_screen(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    assert kiosk.sims.printer is not None and kiosk.sims.scanner is not None
    kiosk.sims.printer.paper = PaperState.OUT
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    # While the door is open the screen no longer promises a receipt "being printed".
    door = kiosk.ui.window.get(DoorOpenScreen)
    kiosk.qtbot.waitUntil(
        lambda: door.note.text() == "Máy in hết giấy. Phiếu nhận kết quả sẽ hiện trên màn hình."
    )
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.RECEIPT_ON_SCREEN)
    screen = kiosk.ui.window.get(ReceiptOnScreenScreen)
    assert screen.title.text() == "Máy in hết giấy"
    assert result.dossier_code in screen.paper.lines.text()
    assert screen.paper.qr.pixmap() is not None and not screen.paper.qr.pixmap().isNull()
    kiosk.qtbot.waitUntil(
        lambda: (
            ("printer_paper_out", "printer")
            in kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL")
        )
    )


def test_a_door_left_open_is_reminded_then_reported(make_kiosk: object) -> None:
    assert callable(make_kiosk)
    kiosk: Kiosk = make_kiosk(
        results=1,
        fake_clock=True,
        timeouts={"door_close_reminder_s": 30},
        # The lock bus's own timing (drivers keep real time), after the reminder.
        lock_bus={"poll_interval_ms": 40, "left_open_alarm_ms": 900},
    )
    result = kiosk.loaded[0]
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.advance(30)
    kiosk.wait_for(Screen.CLOSE_REMINDER)
    screen = kiosk.ui.window.get(CloseReminderScreen)
    assert screen.title.text() == "Cửa ô tủ chưa được đóng"
    assert not screen.finish.isVisible()
    kiosk.qtbot.waitUntil(screen.finish.isVisible)
    assert screen.note.text() == "Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính."
    assert ("door_left_open", result.compartment) in kiosk.rows(
        "SELECT kind, subject FROM alarms WHERE cleared_at IS NULL"
    )
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
