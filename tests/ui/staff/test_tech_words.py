"""The technician's screens in Vietnamese say everything in Vietnamese: the services' machine
facts (printer status, a refused print, the audit check, a refusal) are put into words at the
screen, not shown as the English the services log."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from drivers.interfaces import PaperState
from kiosk.services.lockers import Refusal, Refused
from kiosk.ui.staff.host import problem_text
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.tech.screens.doors import TechDoorsPage
from kiosk.ui.tech.screens.logs import TechLogsPage
from kiosk.ui.tech.screens.printer import TechPrinterPage, TrialPrint
from tests.ui.staff.conftest import Staffed
from tests.ui.staff.test_diagnostics import go, technician

# Words of the services' and drivers' English that leaked onto these screens before.
ENGLISH = re.compile(
    r"\b(ready|paper|out|printer|audit|log|ok|rows|chain|intact|anchored|unknown|dossier|"
    r"online|offline|error|not|the)\b",
    re.IGNORECASE,
)


def shown_text(staffed: Staffed) -> list[str]:
    """Every text a person can read on the console now."""
    widgets = [
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
