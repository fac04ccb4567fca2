"""Commissioning from the technician's screen, end to end: the kiosk's own lock boards (three
addresses, one gone silent, inverted polarity), printer and scanner simulators on ptys, the
technician tapping through every step, and the configuration file written."""

from __future__ import annotations

import json
import logging
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drivers.interfaces import PaperState
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.sim import PrinterSimulator
from drivers.scanner.sim import ScannerSimulator
from kiosk.services.staff_auth import Role
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.tech.screens.commission import Action, Step, TechCommissionPage
from kiosk.ui.tech.screens.menu import TechMenuPage
from tests.kiosk.helpers import JAMS_WITHIN
from tests.kiosk.ui.staff.conftest import Staffed
from tests.kiosk.ui.staff.test_tech_words import english_in, shown_text

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)

FILE = '[kiosk]\nname = "ATM Bến Nghé"\n'


def commissioning(
    make_staffed: Callable[..., Staffed], settings: Settings, path: Path, **sections: Any
) -> tuple[Staffed, TechCommissionPage]:
    """A kiosk whose doors C05..C08 are on a third board (address 3), signed in as a
    technician, on the commissioning screen."""
    layout = [
        c.model_copy(update={"board": 3, "lock": c.lock - 8}) if c.board == 1 and c.lock > 8 else c
        for c in settings.locker.compartments
    ]
    if path.parent.is_dir():
        path.write_text(FILE, encoding="utf-8")
    staffed = make_staffed(
        config_path=path,
        locker={"compartments": layout},
        # The search gives each address 10 ms (a reply held up on a loaded machine still counts
        # while the next addresses are asked); the bus's own exchanges keep 40 ms.
        lock_bus={
            "reply_timeout_ms": 40,
            "probe_timeout_ms": 10,
            "poll_interval_ms": 40,
            **JAMS_WITHIN,  # lock 2 of board 0 jams
            **sections.pop("lock_bus", {}),
        },
        scanner={"duplicate_window_ms": 0, **sections.pop("scanner", {})},
        **sections,
    )
    staffed.sign_in(staffed.hire("kt-0100", Role.TECHNICIAN))
    staffed.choose(StaffScreen.TECH_MENU)
    staffed.tap(staffed.page(TechMenuPage).buttons[StaffScreen.TECH_COMMISSION])
    staffed.wait_for(StaffScreen.TECH_COMMISSION)
    return staffed, staffed.page(TechCommissionPage)


def at(staffed: Staffed, page: TechCommissionPage, step: Step, **view: Any) -> None:
    staffed.wait(
        lambda: page.view.step is step and all(getattr(page.view, k) == v for k, v in view.items())
    )


def act(staffed: Staffed, page: TechCommissionPage, action: Action) -> None:
    staffed.tap(page.buttons[action])


def walk_the_doors(staffed: Staffed, page: TechCommissionPage, locks: LockBoardSimulator) -> None:
    """A01 opens and is closed on the second try; lock 2 is jammed, A02 opens anyway, after
    a tap on A01 (taken); board 0's other locks skipped; C05 on board 3; the walk ended."""
    # Board 0 lock 1 opens: the sensor saw it, the wizard proposes the layout's A01.
    act(staffed, page, Action.PULSE)
    at(staffed, page, Step.NAME)
    assert page.message.text() == "Cảm biến thấy một cửa mở. Chạm vào nhãn của cửa vừa mở."
    assert page.buttons[Action.PROPOSED].text() == "Đúng, là A01"
    act(staffed, page, Action.PROPOSED)
    at(staffed, page, Step.CLOSE, door="A01")
    act(staffed, page, Action.CLOSED)  # not closed yet
    staffed.wait(
        lambda: page.note.text() == "Cảm biến của A01 vẫn báo mở: đóng chặt cửa rồi chạm lại."
    )
    locks.close_door(0, 1)
    act(staffed, page, Action.CLOSED)
    at(staffed, page, Step.DOOR, board=0, lock=2)

    # Lock 2 is jammed: the sensor saw nothing; A01 is taken; A02 opened anyway.
    locks.set_jammed(0, 2)
    act(staffed, page, Action.PULSE)
    at(staffed, page, Step.NAME)
    assert page.message.text().startswith("Cảm biến không thấy cửa nào mở (cửa vẫn đóng: kẹt?)")
    assert not page.buttons[Action.PROPOSED].isVisible()
    staffed.tap(page.label_buttons["A01"])
    staffed.wait(lambda: page.note.text() == "A01 đã là nhãn của một cửa khác: chọn nhãn khác.")
    staffed.tap(page.label_buttons["A02"])
    at(staffed, page, Step.DOOR, board=0, lock=3)
    assert page.note.text() == (
        "A02 (bo mạch 0 khóa 2): cửa mở nhưng cảm biến không thấy (dây cảm biến hoặc cực tính)."
    )
    act(staffed, page, Action.SKIP)
    at(staffed, page, Step.DOOR, board=0, lock=4)
    act(staffed, page, Action.SKIP_BOARD)  # locks 4..16 of board 0
    at(staffed, page, Step.DOOR, board=3, lock=1)
    act(staffed, page, Action.PULSE)
    at(staffed, page, Step.NAME)
    assert page.buttons[Action.PROPOSED].text() == "Đúng, là C05"
    act(staffed, page, Action.PROPOSED)
    at(staffed, page, Step.CLOSE, door="C05")
    locks.close_door(3, 1)
    act(staffed, page, Action.CLOSED)
    at(staffed, page, Step.DOOR, board=3, lock=2)
    act(staffed, page, Action.END_WALK)


def print_and_scan(
    staffed: Staffed,
    page: TechCommissionPage,
    printer: PrinterSimulator,
    scanner: ScannerSimulator,
) -> None:
    # The code-page sample, printed by the kiosk's own printer; line 1 reads right.
    at(staffed, page, Step.LINES)
    assert any(line.startswith("1 (30/31): Tiếng Việt") for line in printer.receipts[-1].lines)
    staffed.tap_text("Dòng 1 (30/31)")

    # The test QR: sent until the wizard has it (it opens the scanner's port itself).
    at(staffed, page, Step.SCAN)
    act(staffed, page, Action.SCAN)
    next_scan = 0.0

    def learned() -> bool:
        nonlocal next_scan
        if page.view.step is Step.SCANNING and time.monotonic() >= next_scan:
            scanner.scan("HS-TEST-QR", aim="]Q1")
            next_scan = time.monotonic() + 0.5
        return page.view.step is Step.REVIEW

    staffed.wait(learned)


@pytest.mark.logs(logging.ERROR)  # the jammed lock; the silent board unread when taken back
def test_the_technician_commissions_the_cabinet_and_the_config_is_written(
    make_staffed: Callable[..., Staffed], settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "kiosk.toml"
    staffed, page = commissioning(
        make_staffed, settings, path, lock_bus={"closed_bit": 0}, scanner={"suffix": "CRLF"}
    )
    kiosk = staffed.kiosk
    locks, printer, scanner = kiosk.sims.locks, kiosk.sims.printer, kiosk.sims.scanner
    assert locks is not None and printer is not None and scanner is not None
    assert page.message.text().startswith("Đóng tất cả các cửa của tủ rồi chạm “Tìm bo mạch”")

    locks.set_silent(1)
    act(staffed, page, Action.SEARCH)
    at(staffed, page, Step.DOOR, board=0, lock=1)
    health = kiosk.runtime.devices.locks.health()
    assert (health["monitoring"], health["lent"]) == (False, True)  # the monitor lets it be
    assert page.facts.text().splitlines() == [
        "Bo mạch 0: cu16 · 19200 baud · 16 khóa · closed_bit 0",
        "Bo mạch 3: cu16 · 19200 baud · 16 khóa · closed_bit 0",
    ]
    assert page.message.text() == "Bo mạch 0, khóa 1 (1/32): chạm “Mở thử” rồi xem cửa nào mở."

    walk_the_doors(staffed, page, locks)

    # Item sensors, with a sheet of paper in the first door named.
    at(staffed, page, Step.ITEM_PUT, door="A01")
    locks.set_item(0, 1, True)
    act(staffed, page, Action.ITEM_IN)
    at(staffed, page, Step.ITEM_TAKE)
    assert page.note.text() == "Cảm biến vật phẩm thấy tờ giấy: dùng cảm biến vật phẩm."
    locks.set_item(0, 1, False)
    act(staffed, page, Action.ITEM_OUT)

    print_and_scan(staffed, page, printer, scanner)
    assert page.note.text() == "Máy quét kết thúc mã bằng CRLF, có tiền tố AIM."
    diff = page.diff_text.text()
    assert "+closed_bit = 0" in diff and "+tcvn3_pages = [30, 31]" in diff
    assert '+suffix = "CRLF"' in diff and '+label = "C05"' in diff
    assert page.problems.text().startswith("Cần xem lại:\n• A02 (bo mạch 0 khóa 2)")
    # The diff is the file's TOML, English keys by design: not counted.
    assert english_in([t for t in shown_text(staffed) if t != diff]) == []
    assert path.read_text(encoding="utf-8") == FILE  # nothing saved before the yes

    act(staffed, page, Action.SAVE)
    at(staffed, page, Step.DONE)
    report = tmp_path / "kiosk.commissioning.json"
    assert page.message.text() == (
        f"Đã lưu cấu hình. Khởi động lại kiosk để dùng cấu hình mới. Biên bản lắp đặt: {report}"
    )
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert saved["kiosk"] == {"name": "ATM Bến Nghé"}
    bus = saved["devices"]["lock_bus"]
    assert (bus["protocol"], bus["baud"], bus["closed_bit"]) == ("cu16", 19200, 0)
    assert bus["boards"] == [
        {"address": 0, "channels": 16, "item_sensors": True},
        {"address": 3, "channels": 16, "item_sensors": True},
    ]
    assert saved["devices"]["printer"] == {"text_mode": "auto", "tcvn3_pages": [30, 31]}
    assert saved["devices"]["scanner"] == {"suffix": "CRLF", "strip_aim": True}
    doors = [(c["label"], c["board"], c["lock"]) for c in saved["locker"]["compartments"]]
    assert doors == [("A01", 0, 1), ("A02", 0, 2), ("C05", 3, 1)]
    kiosk.settle()
    audited = "SELECT actor, subject, details FROM audit WHERE action = 'config.commissioned'"
    assert kiosk.rows(audited) == [
        ("technician:kt-0100", str(path), json.dumps({"installed": True, "report": str(report)}))
    ]
    facts = json.loads(report.read_text(encoding="utf-8"))
    assert len(facts["problems"]) == 1 and facts["problems"][0].startswith("A02 (board 0 lock 2)")

    # The kiosk has its devices back: the monitor polls again, the scanner reads.
    staffed.wait(lambda: kiosk.runtime.devices.locks.health()["monitoring"])
    assert not kiosk.runtime.devices.locks.health()["lent"]
    staffed.wait(lambda: kiosk.runtime.devices.scanner.health()["online"])


@pytest.mark.logs(logging.ERROR)  # the sample refused for want of paper
def test_no_board_a_printer_without_paper_and_leaving_give_the_devices_back(
    make_staffed: Callable[..., Staffed], settings: Settings, tmp_path: Path
) -> None:
    staffed, page = commissioning(make_staffed, settings, tmp_path / "kiosk.toml")
    kiosk = staffed.kiosk
    locks, printer = kiosk.sims.locks, kiosk.sims.printer
    assert locks is not None and printer is not None
    for board in (0, 1, 3):
        locks.set_silent(board)
    act(staffed, page, Action.SEARCH)
    at(staffed, page, Step.STOPPED)
    assert page.message.text().startswith("Không bo mạch khóa nào trả lời. Kiểm tra nguồn")
    staffed.wait(lambda: kiosk.runtime.devices.locks.health()["monitoring"])

    for board in (0, 1, 3):
        locks.set_silent(board, False)
    act(staffed, page, Action.AGAIN)
    at(staffed, page, Step.START)
    act(staffed, page, Action.SEARCH)
    at(staffed, page, Step.DOOR, board=0, lock=1)
    assert len(page.facts.text().splitlines()) == 3
    printer.paper = PaperState.OUT
    act(staffed, page, Action.END_WALK)  # no door named: no item sensor check
    at(staffed, page, Step.SCAN)
    assert page.note.text() == "Máy in: chưa in được phiếu mẫu bảng mã: máy in hết giấy."
    assert not kiosk.runtime.devices.locks.health()["monitoring"]

    staffed.tap(staffed.console.menu_button)  # leaving the screen ends the commissioning
    staffed.wait_for(StaffScreen.TECH_MENU)
    staffed.wait(lambda: kiosk.runtime.devices.locks.health()["monitoring"])
    assert (tmp_path / "kiosk.toml").read_text(encoding="utf-8") == FILE


@pytest.mark.logs(logging.WARNING)  # the devices lent and taken back
def test_a_config_folder_the_kiosk_may_not_write_gets_a_file_to_install(
    make_staffed: Callable[..., Staffed], settings: Settings, tmp_path: Path
) -> None:
    """As on an installed kiosk (/etc read-only to its service): the reviewed file waits in
    the data folder, and the screen says how to put it in place."""
    (tmp_path / "etc").write_text("not a folder", encoding="utf-8")
    path = tmp_path / "etc" / "kiosk.toml"
    staffed, page = commissioning(make_staffed, settings, path)
    act(staffed, page, Action.SEARCH)
    at(staffed, page, Step.DOOR, board=0, lock=1)
    act(staffed, page, Action.END_WALK)
    at(staffed, page, Step.LINES)
    act(staffed, page, Action.NO_LINE)
    at(staffed, page, Step.SCAN)
    assert page.note.text() == "Tiếng Việt sẽ được in dạng ảnh (raster)."
    act(staffed, page, Action.SKIP_SCAN)
    at(staffed, page, Step.REVIEW)
    saved = Path(settings.data_dir) / "commissioning" / "kiosk.toml"
    assert page.message.text().endswith(
        f"Kiosk không được ghi vào thư mục của tệp này: cấu hình mới sẽ được lưu ở {saved} để"
        " cài đặt."
    )
    act(staffed, page, Action.SAVE)
    at(staffed, page, Step.DONE)
    assert page.message.text().startswith(
        f"Đã lưu cấu hình mới ở {saved}. Cài đặt nó bằng “sudo cp {saved} {path}” rồi khởi"
        " động lại kiosk."
    )
    written = tomllib.loads(saved.read_text(encoding="utf-8"))
    assert written["devices"]["printer"] == {"text_mode": "raster"}
    assert saved.stat().st_mode & 0o077 == 0  # it may hold the token: the kiosk's alone
    assert (saved.parent / "kiosk.commissioning.json").exists()
