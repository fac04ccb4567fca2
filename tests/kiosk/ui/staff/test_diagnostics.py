"""The technician's diagnostics against the simulated boards, printer, scanner and central."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.interfaces import PaperState
from kiosk.services.staff_auth import Role
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.tech.screens.alarms import TechAlarmsPage
from kiosk.ui.tech.screens.doors import Pulse, TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.menu import TechMenuPage
from kiosk.ui.tech.screens.printer import TechPrinterPage, TrialPrint
from kiosk.ui.tech.screens.scanner import TechScannerPage
from kiosk.ui.tech.screens.sync import TechSyncPage
from tests.kiosk.helpers import JAMS_WITHIN, SILENT_WITHIN
from tests.kiosk.ui.staff.conftest import Staffed

TECH = "technician:kt-0100"


def technician(make_staffed: Callable[..., Staffed]) -> Staffed:
    staffed = make_staffed()
    staffed.sign_in(staffed.hire("kt-0100", Role.TECHNICIAN))
    staffed.choose(StaffScreen.TECH_MENU)
    menu = staffed.page(TechMenuPage)
    staffed.wait(lambda: menu.summary.boards == menu.summary.boards_online == 2)
    return staffed


def go(staffed: Staffed, kind: StaffScreen) -> None:
    if staffed.screen is not StaffScreen.TECH_MENU:
        staffed.tap(staffed.console.menu_button)  # a sub-screen's "Menu": the diagnostics menu
        staffed.wait_for(StaffScreen.TECH_MENU)
    staffed.tap(staffed.page(TechMenuPage).buttons[kind])
    staffed.wait_for(kind)


def test_menu_in_a_diagnostics_screen_leads_to_the_diagnostics_menu_then_the_menu(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = technician(make_staffed)
    go(staffed, StaffScreen.TECH_PRINTER)
    staffed.tap(staffed.console.menu_button)
    staffed.wait_for(StaffScreen.TECH_MENU)
    assert staffed.page(TechMenuPage).isVisible()
    staffed.tap(staffed.console.menu_button)
    staffed.wait_for(StaffScreen.MENU)


@pytest.mark.logs(logging.ERROR)
def test_doors_pulsed_jammed_and_a_board_offline_then_the_alarm_handled(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = technician(lambda: make_staffed(lock_bus={**JAMS_WITHIN, **SILENT_WITHIN}))
    kiosk = staffed.kiosk
    locks = kiosk.sims.locks
    assert locks is not None
    go(staffed, StaffScreen.TECH_DOORS)
    page = staffed.page(TechDoorsPage)
    a01, a02 = page.grid.doors["A01"], page.grid.doors["A02"]
    staffed.wait(lambda: a01.text() == "A01 · đóng · trống · kẹt 0, cạy 0")

    staffed.tap(a01)
    staffed.close_when_open("A01", item=False)
    staffed.wait(lambda: page.pulses.get("A01") is Pulse.OPENED)
    locks.set_jammed(*kiosk.door("A02"))
    staffed.tap(a02)
    staffed.wait(lambda: page.pulses.get("A02") is Pulse.JAMMED)
    staffed.wait(lambda: a02.text().endswith("KẸT · kẹt 1, cạy 0"))
    assert a02.property("role") == "door-oos"
    assert kiosk.rows("SELECT out_of_service, oos_reason FROM compartments WHERE label = 'A02'") \
        == [(1, "door_jammed")]  # fmt: skip

    locks.set_silent(1)
    staffed.wait(lambda: "Bo mạch 1: MẤT KẾT NỐI" in page.boards.text())
    staffed.wait(lambda: page.grid.doors["C01"].text().startswith("C01 · không đọc được"))
    locks.set_silent(1, False)
    staffed.wait(lambda: "Bo mạch 1: trực tuyến" in page.boards.text())

    go(staffed, StaffScreen.TECH_ALARMS)
    alarms = staffed.page(TechAlarmsPage)
    staffed.wait(lambda: [(a.kind, a.subject) for a in alarms.alarms] == [("door_jammed", "A02")])
    staffed.tap_text("Xác nhận")
    staffed.wait(lambda: alarms.alarms and alarms.alarms[0].acknowledged)
    staffed.tap_text("Xóa")
    staffed.wait(lambda: alarms.alarms == [])
    assert kiosk.rows(
        "SELECT acknowledged_by, cleared_by FROM alarms WHERE kind = 'door_jammed'"
    ) == [(TECH, TECH)]
    events = kiosk.rows("SELECT type, compartment, actor FROM outbox WHERE type LIKE 'alarm.%'")
    assert events[-1] == ("alarm.cleared", "A02", TECH)
    intents = "SELECT compartment, purpose, actor, state FROM door_intents WHERE actor = ?"
    assert kiosk.rows(intents, TECH) == [
        ("A01", "inspect", TECH, "done"),
        ("A02", "inspect", TECH, "failed"),
    ]


def test_pulsing_every_door_asks_for_the_pin_again(make_staffed: Callable[..., Staffed]) -> None:
    staffed = technician(make_staffed)
    go(staffed, StaffScreen.TECH_DOORS)
    page = staffed.page(TechDoorsPage)
    staffed.tap(page.all_button)
    assert page.prompt.isVisible() and not page.grid.isVisible()
    assert page.prompt.question.text() == "Nhập lại mã PIN để mở tất cả các ô cùng lúc."
    staffed.tap(page.prompt.cancel)  # changed their mind: nothing opened
    staffed.wait(lambda: page.grid.isVisible() and not page.prompt.isVisible())
    staffed.tap(page.all_button)
    staffed.pin_again(page.prompt)
    staffed.wait(lambda: page.pulses.get("A01") is Pulse.SENT)
    assert staffed.kiosk.rows("SELECT action FROM audit WHERE action = 'staff.pin_confirmed'") == [
        ("staff.pin_confirmed",)
    ]


@pytest.mark.logs(logging.WARNING)
def test_printer_scanner_sync_and_logs(make_staffed: Callable[..., Staffed]) -> None:
    staffed = technician(make_staffed)
    kiosk = staffed.kiosk
    printer = kiosk.sims.printer
    assert printer is not None

    go(staffed, StaffScreen.TECH_PRINTER)
    page = staffed.page(TechPrinterPage)
    staffed.wait(lambda: "Giấy: Đủ giấy" in page.facts.text())
    printer.paper = PaperState.NEAR_END
    staffed.wait(
        lambda: [c.paper for c in page.history][:2] == [PaperState.NEAR_END, PaperState.OK]
    )
    staffed.tap(page.test_button)
    staffed.wait(lambda: page.test_state is TrialPrint.PRINTED)
    assert printer.receipts[-1].qr_codes == ["ATM-HO-SO-PRINTER-TEST|demo-kiosk-01"]

    go(staffed, StaffScreen.TECH_SCANNER)
    scanner = staffed.page(TechScannerPage)
    staffed.scan("DATM1|000.00.07.H29-251120-0001|12345678")  # read, not used for a pickup
    staffed.wait(lambda: scanner.code.text() == "DATM1|000.00.07.H29-251120-0001|12345678")
    assert staffed.screen is StaffScreen.TECH_SCANNER

    go(staffed, StaffScreen.TECH_SYNC)
    sync = staffed.page(TechSyncPage)
    staffed.wait(lambda: sync.state is not None and sync.state.online)
    staffed.tap(sync.sync_button)
    assert sync.requested_label.text().startswith("Đã yêu cầu đồng bộ")

    go(staffed, StaffScreen.TECH_LOGS)
    logs = staffed.page(TechLogsPage)
    staffed.tap(logs.verify_button)
    staffed.wait(lambda: logs.audit.text().startswith("Nhật ký kiểm toán nguyên vẹn:"))
    staffed.wait(lambda: logs.targets and logs.lines)
    target = logs.targets[-1]
    assert target == Path(kiosk.runtime.settings.data_path()) / "exports"
    staffed.tap_text(str(target))
    staffed.wait(lambda: logs.export_result.text().startswith("Đã xuất"))
    (folder,) = target.iterdir()
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["central"]["token"] == "***"
    assert (folder / "audit-verify.txt").read_text().startswith("audit log ok:")
    assert "staff.signed_in" in (folder / "audit.jsonl").read_text(encoding="utf-8")


def test_the_audit_check_answers_while_the_services_thread_is_busy(
    make_staffed: Callable[..., Staffed],
) -> None:
    """A long audit log must not hold up doors, nor the watchdog's probe: the check runs on a
    connection of its own off the services thread, so it answers while that thread is held."""
    staffed = technician(make_staffed)
    runtime = staffed.kiosk.runtime
    go(staffed, StaffScreen.TECH_LOGS)
    logs = staffed.page(TechLogsPage)
    gate = threading.Event()
    held = runtime.call(lambda _: gate.wait(30))
    try:
        staffed.tap(logs.verify_button)
        staffed.wait(lambda: logs.audit.text().startswith("Nhật ký kiểm toán nguyên vẹn:"))
        assert not held.done()
    finally:
        gate.set()
    assert held.result(timeout=5)
