"""At the open door: the procedure's name, and "Báo sự cố" (a citizen_report alarm and an
incident slip, printed or shown)."""

from __future__ import annotations

import json
import logging

import pytest

from drivers.interfaces import PaperState
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorOpenScreen
from kiosk.ui.screens.report import ReportSentScreen
from tests.kiosk.ui.conftest import Kiosk


def procedure_of(kiosk: Kiosk, dossier_code: str) -> str:
    with kiosk.central.lock:
        dossiers = kiosk.central.kiosk(kiosk.runtime.settings.kiosk.id).dossiers
        return str(dossiers[dossier_code]["procedure_name"])


def open_door(kiosk: Kiosk) -> tuple[str, str]:
    result = kiosk.loaded[0]
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    return result.dossier_code, result.compartment


def test_the_door_screen_names_the_procedure_and_takes_a_report(kiosk: Kiosk) -> None:
    code, label = open_door(kiosk)
    door = kiosk.ui.window.get(DoorOpenScreen)
    procedure = procedure_of(kiosk, code)
    kiosk.qtbot.waitUntil(lambda: door.procedure_line.text() == f"Thủ tục: {procedure}")
    assert door.procedure_line.isVisible()
    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)  # the pickup receipt

    kiosk.tap_text(door, "Báo sự cố")
    kiosk.wait_for(Screen.REPORT_SENT)
    sent = kiosk.ui.window.get(ReportSentScreen)
    assert sent.title.text() == "Đã báo sự cố cho cán bộ"
    assert sent.message.text() == f"Vui lòng đóng cửa ô tủ {label}. Cán bộ sẽ kiểm tra ô tủ này."
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 2)
    slip = printer.receipts[1].lines
    assert "PHIẾU GHI NHẬN SỰ CỐ" in slip and f"Mã hồ sơ: {code}" in slip
    assert f"Thủ tục: {procedure}" in slip
    kiosk.qtbot.waitUntil(lambda: kiosk.events("alarm.raised") != [])
    raised = [(e[1], e[2], json.loads(e[3])) for e in kiosk.events("alarm.raised")]
    assert raised == [
        (label, "citizen", {"kind": "citizen_report", "dossier_code": code, "task": "take"})
    ]
    assert kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL") == [
        ("citizen_report", label)
    ]


@pytest.mark.logs(logging.ERROR)
def test_a_report_slip_that_cannot_be_printed_is_shown(kiosk: Kiosk) -> None:
    assert kiosk.sims.printer is not None
    kiosk.sims.printer.paper = PaperState.OUT
    _, label = open_door(kiosk)
    door = kiosk.ui.window.get(DoorOpenScreen)
    kiosk.qtbot.waitUntil(lambda: door.note.text().startswith("Máy in hết giấy"))
    kiosk.tap(door.report_button)
    kiosk.wait_for(Screen.REPORT_SENT)
    sent = kiosk.ui.window.get(ReportSentScreen)
    kiosk.qtbot.waitUntil(sent.paper.isVisible)
    assert sent.paper.title.text() == "PHIẾU GHI NHẬN SỰ CỐ"
    assert f"Ô tủ: {label}" in sent.paper.lines.text()
    assert "Chụp ảnh phiếu ghi nhận sự cố" in sent.steps[0].text()
