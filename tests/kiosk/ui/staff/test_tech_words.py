"""The technician's screens in Vietnamese say everything in Vietnamese: the services' machine
facts (printer status, a refused print, the audit check, a refusal) are put into words at the
screen, not shown as the English the services log."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from drivers.errors import PaperOutError, PortMissingError
from drivers.interfaces import PaperState
from hub.sim import Endpoint, Fault, FaultKind
from kiosk.services.refusals import Refusal, Refused
from kiosk.services.reports import report_problem
from kiosk.ui.staff.host import problem_text
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.load_end import LoadDonePage, LoadSummaryPage, PrintStep
from kiosk.ui.tech.screens.alarms import TechAlarmsPage
from kiosk.ui.tech.screens.doors import TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.printer import TechPrinterPage, TrialPrint
from kiosk.ui.tech.screens.sync import TechSyncPage
from tests.kiosk.ui.staff.conftest import Staffed
from tests.kiosk.ui.staff.test_diagnostics import go, technician

# Words of the services' and drivers' English that leaked onto these screens before.
ENGLISH = re.compile(
    r"\b(ready|paper|out|printer|audit|log|ok|rows|chain|intact|anchored|unknown|dossier|"
    r"online|offline|error|not|the)\b",
    re.IGNORECASE,
)


def shown_text(staffed: Staffed) -> list[str]:
    """Every text a person can read on the console now."""
    widgets: list[QLabel | QAbstractButton] = [
        *staffed.console.findChildren(QLabel),
        *staffed.console.findChildren(QAbstractButton),
    ]
    return [w.text() for w in widgets if w.isVisible() and w.text()]


def english_in(texts: list[str]) -> list[str]:
    return [t for t in texts if ENGLISH.search(t)]


@pytest.mark.logs(logging.ERROR)  # the trial print with no paper is logged as a failure
def test_technician_screens_in_vietnamese_show_no_english(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = technician(make_staffed)
    printer = staffed.kiosk.sims.printer
    assert printer is not None
    seen: list[str] = shown_text(staffed)

    printer.paper = PaperState.OUT
    go(staffed, StaffScreen.TECH_PRINTER)
    page = staffed.page(TechPrinterPage)
    staffed.wait(lambda: "Giấy: Hết giấy" in page.facts.text())
    staffed.tap(page.test_button)
    staffed.wait(lambda: page.test_state is TrialPrint.FAILED)
    assert page.test_result.text() == "Không in được: máy in hết giấy."
    seen += shown_text(staffed)

    for kind in (StaffScreen.TECH_DOORS, StaffScreen.TECH_SCANNER, StaffScreen.TECH_ALARMS):
        go(staffed, kind)
        if kind is StaffScreen.TECH_DOORS:
            boards = staffed.page(TechDoorsPage).boards
            staffed.wait(lambda b=boards: "trực tuyến" in b.text())
        seen += shown_text(staffed)

    go(staffed, StaffScreen.TECH_LOGS)
    logs = staffed.page(TechLogsPage)
    staffed.tap(logs.verify_button)
    staffed.wait(lambda: logs.report is not None)
    assert re.fullmatch(
        r"Nhật ký kiểm toán nguyên vẹn: \d+ dòng, dòng cuối khớp với mốc neo ở dòng \d+",
        logs.audit.text(),
    ), logs.audit.text()
    # The log lines themselves are the program's log, in English by design: not counted.
    seen += [t for t in shown_text(staffed) if t != logs.log_text.text()]

    assert english_in(seen) == []
    assert problem_text(Refused(Refusal.UNKNOWN_DOSSIER)) == (
        "Không thực hiện được (không có hồ sơ này tại kiosk)."
    )
    # A driver's message is a technician's English, for the log: staff read what it is about.
    assert problem_text(PaperOutError("printer not ready: paper out")) == (
        "Không thực hiện được: máy in hết giấy. Chi tiết đã được ghi vào nhật ký."
    )
    assert problem_text(PortMissingError("/dev/ttyUSB0 does not exist")) == (
        "Không thực hiện được: không tìm thấy thiết bị (cáp hoặc cổng). Chi tiết đã được ghi vào"
        " nhật ký."
    )


def load_with_no_paper(staffed: Staffed) -> tuple[str, str]:
    """A loading session whose summary cannot be printed, the paper ran out: (door, code)."""
    printer = staffed.kiosk.sims.printer
    assert printer is not None
    staffed.tap(staffed.console.menu_button)
    staffed.wait_for(StaffScreen.MENU)
    staffed.choose(StaffScreen.LOAD_SCAN)
    door, code = staffed.load_envelope()
    printer.paper = PaperState.OUT
    staffed.tap(staffed.page(LoadDonePage).finish_button)
    summary = staffed.page(LoadSummaryPage)
    staffed.wait(lambda: summary.step is PrintStep.FAILED)
    assert summary.status.text() == "Không in được phiếu: máy in hết giấy."
    return door, code


@pytest.mark.logs(logging.ERROR)  # the summary with no paper is logged as a failure
def test_failures_on_staff_and_technician_screens_are_said_in_vietnamese(
    make_staffed: Callable[..., Staffed],
) -> None:
    """What went wrong, from the real services and simulators: a summary the printer could not
    print, the alarms it and a citizen raised, the central system failing, an export that could
    not be written. Every line in Vietnamese words, none of the services' English."""
    staffed = technician(lambda: make_staffed(central={"max_attempts": 1}))
    kiosk = staffed.kiosk
    door, code = load_with_no_paper(staffed)
    seen = shown_text(staffed)

    # A citizen reports a problem at that door; then every releases pull answers 503.
    assert kiosk.runtime.call(lambda s: report_problem(s, door, code, "pickup")).result()
    kiosk.central.faults.add(Fault(FaultKind.SERVER_ERROR, Endpoint.RELEASES, times=None))
    staffed.tap(staffed.console.menu_button)
    staffed.wait_for(StaffScreen.MENU)
    staffed.choose(StaffScreen.TECH_MENU)
    go(staffed, StaffScreen.TECH_SYNC)
    sync = staffed.page(TechSyncPage)
    staffed.tap(sync.sync_button)
    staffed.wait(
        lambda: (
            "Lỗi gần nhất: Nhận kết quả mới: hệ thống trả lời mã lỗi HTTP 503" in sync.facts.text()
        )
    )
    assert sync.online.text() == "Mất kết nối"
    seen += shown_text(staffed)
    kiosk.central.faults.clear()

    go(staffed, StaffScreen.TECH_ALARMS)
    alarms = staffed.page(TechAlarmsPage)
    staffed.wait(lambda: {a.kind for a in alarms.alarms} >= {"printer_paper_out", "citizen_report"})
    staffed.wait(lambda: any(t.startswith("Máy in phiếu\n") for t in shown_text(staffed)))
    texts = shown_text(staffed)
    assert "Máy in hết giấy" in texts
    assert "Công dân báo sự cố tại ô tủ (ô trống hoặc không đúng hồ sơ)" in texts
    assert any(t.startswith(f"{door} · {code}\n") for t in texts)  # which papers, too
    seen += texts

    # An export to a folder that is not one.
    go(staffed, StaffScreen.TECH_LOGS)
    logs = staffed.page(TechLogsPage)
    staffed.wait(lambda: logs.targets)
    target = logs.targets[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("not a folder")
    staffed.tap_text(str(target))
    staffed.wait(lambda: logs.export_result.text().startswith("Không xuất được"))
    assert logs.export_result.text() == (
        f"Không xuất được vào {target}: đường dẫn không phải là một thư mục."
    )
    seen += [t for t in shown_text(staffed) if t != logs.log_text.text()]

    assert english_in(seen) == []
