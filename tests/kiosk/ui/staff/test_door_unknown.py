"""Staff doors whose unlock had no trustworthy answer (the board silent for its whole pulse, on
the lock simulator's pty): the screens wait for the door monitor, offer no other door meanwhile,
say plainly what to do after the deadline (``timeouts.working_s``), and record nothing as
failed."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from drivers.config import BoardConfig
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.screens.load import (
    DoorStep,
    LoadConfirmPage,
    LoadDoorPage,
    LoadPickPage,
)
from kiosk.ui.staff.screens.load_end import LoadDonePage
from kiosk.ui.staff.screens.occupancy import CompartmentAction, CompartmentPage, MapPage
from kiosk.ui.staff.screens.takeout import CollectPage, TakeOutPage, TakeStatus
from tests.kiosk.ui.staff.conftest import Staffed
from tests.kiosk.ui.staff.test_collect_recall import DROPPED, drop_off, recall_revoked

# The board is deaf for far longer than the read-back window: the test ends the deafness.
DEAF_S = 60.0
CONFIRM = {"poll_interval_ms": 40, "unlock_confirm_ms": 200}
SHORT_DEADLINE = {"working_s": 0.3}
RESULTS = (
    "SELECT r.compartment, r.state FROM results r JOIN releases l USING (release_id)"
    " WHERE l.dossier_code = ?"
)
LAST_INTENT = (
    "SELECT id, purpose, state, note FROM door_intents WHERE compartment = ? ORDER BY id DESC"
    " LIMIT 1"
)


def deafen(staffed: Staffed, label: str, jammed: bool = False) -> int:
    """The board of ``label`` answers nothing during its next pulse (and the door stays shut
    if ``jammed``); the board's address."""
    locks = staffed.kiosk.sims.locks
    assert locks is not None
    board, lock = staffed.kiosk.door(label)
    locks.set_deaf_during_pulse(board, DEAF_S)
    locks.set_jammed(board, lock, jammed)
    return board


def hear_again(staffed: Staffed, board: int) -> None:
    locks = staffed.kiosk.sims.locks
    assert locks is not None
    locks.set_deaf_during_pulse(board, 0.0)
    locks.hear_again(board)


def door_actions(staffed: Staffed, intent: int) -> list[str]:
    sql = "SELECT action FROM audit WHERE action LIKE 'door.%' AND details LIKE ? ORDER BY seq"
    return [a for (a,) in staffed.kiosk.rows(sql, f'%"intent": {intent}%')]


def start_loading(staffed: Staffed, staff_id: str) -> tuple[str, str]:
    """Sign in, scan a waiting envelope: its code and the door proposed, deafened."""
    kiosk = staffed.kiosk
    loaded = {item.dossier_code for item in kiosk.loaded}
    code = next(code for code in kiosk.central.seed_otps if code not in loaded)
    staffed.sign_in(staffed.hire(staff_id))
    staffed.choose(StaffScreen.LOAD_SCAN)
    staffed.scan(code)
    staffed.wait_for(StaffScreen.LOAD_CONFIRM)
    door = staffed.page(LoadConfirmPage).compartment
    assert door is not None
    return code, door


def open_unanswered(
    staffed: Staffed, staff_id: str, jammed: bool = False
) -> tuple[str, str, int, LoadDoorPage]:
    """Start loading, and open the proposed door with its board deaf for the whole pulse: the
    envelope's code, the door, its board and the door page."""
    code, door = start_loading(staffed, staff_id)
    board = deafen(staffed, door, jammed)
    staffed.tap(staffed.page(LoadConfirmPage).open_button)
    return code, door, board, staffed.page(LoadDoorPage)


def offers_no_other_door(page: LoadDoorPage) -> bool:
    return not (
        page.pick_button.isVisible()
        or page.rescan_button.isVisible()
        or page.reopen_button.isVisible()
    )


@pytest.mark.logs(logging.WARNING)
def test_a_load_whose_unlock_had_no_answer_waits_and_is_loaded_once_the_monitor_sees_it_open(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM)
    kiosk = staffed.kiosk
    code, door, board, page = open_unanswered(staffed, "cb-0410")

    staffed.wait(lambda: page.step is DoorStep.UNKNOWN)
    assert staffed.screen is StaffScreen.LOAD_DOOR
    assert page.title.text() == "Chưa rõ ô tủ đã mở chưa"
    assert page.instruction.text() == (
        f"Máy đang chờ bo mạch khóa trả lời. Nhìn cửa ô {door}: nếu đã mở, làm tiếp rồi đóng"
        " cửa, máy sẽ ghi nhận; nếu chưa mở, chờ máy báo."
    )
    assert offers_no_other_door(page)
    # Nothing is decided: the intent pending, the envelope staged, the door in service.
    [(intent, purpose, state, note)] = kiosk.rows(LAST_INTENT, door)
    assert (purpose, state, note) == ("load", "pending", "unconfirmed")
    assert kiosk.rows(RESULTS, code) == [(door, "staged")]
    assert kiosk.rows("SELECT out_of_service FROM compartments WHERE label = ?", door) == [(0,)]
    assert [e for e in kiosk.events("result.loaded") if e[0] == code] == []
    assert door_actions(staffed, intent) == ["door.commanded", "door.unconfirmed"]

    # The board answers again: the monitor sees the door open, the envelope goes in.
    hear_again(staffed, board)
    staffed.wait(lambda: page.step is DoorStep.OPEN)
    assert page.instruction.text() == f"Đặt phong bì vào ô tủ {door} rồi đóng cửa."
    staffed.close_when_open(door, item=True)
    staffed.wait_for(StaffScreen.LOAD_DONE)
    assert kiosk.rows(RESULTS, code) == [(door, "loaded")]
    assert [e[:3] for e in kiosk.events("result.loaded")[-1:]] == [(code, door, "staff:cb-0410")]
    assert door_actions(staffed, intent) == [
        "door.commanded",
        "door.unconfirmed",
        "door.opened",
        "door.done",
    ]
    assert kiosk.rows("SELECT out_of_service FROM compartments WHERE label = ?", door) == [(0,)]


@pytest.mark.logs(logging.WARNING)
def test_a_load_whose_door_never_opens_says_so_after_the_deadline_and_then_offers_other_doors(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM, timeouts=SHORT_DEADLINE)
    kiosk = staffed.kiosk
    code, door, board, page = open_unanswered(staffed, "cb-0420", jammed=True)

    # The deadline passes with the board still silent: what to do, and still no other door.
    staffed.wait(lambda: page.step is DoorStep.NO_ANSWER)
    assert page.title.text() == "Bo mạch khóa chưa trả lời"
    assert page.instruction.text() == (
        f"Máy vẫn chưa biết cửa ô {door} đã mở hay chưa. Nếu cửa đã mở: làm tiếp rồi đóng cửa,"
        " máy sẽ ghi nhận khi bo mạch trả lời lại. Nếu cửa chưa mở: giữ phong bì lại và báo kỹ"
        " thuật viên. Lệnh mở ô này chưa xong nên chưa chọn được ô khác."
    )
    assert offers_no_other_door(page)
    [(intent, _, state, note)] = kiosk.rows(LAST_INTENT, door)
    assert (state, note) == ("pending", "unconfirmed")  # never recorded as failed

    # The board answers: the door never opened. Nothing changed; now another door is offered.
    locks = kiosk.sims.locks
    assert locks is not None
    locks.set_jammed(*kiosk.door(door), False)
    hear_again(staffed, board)
    staffed.wait(lambda: page.step is DoorStep.NOT_OPENED)
    assert page.title.text() == "Ô tủ không mở được"
    assert page.instruction.text() == (
        f"Bo mạch khóa đã trả lời: cửa ô {door} không mở, không có gì thay đổi. Mở lại ô này"
        " hoặc chọn ô khác."
    )
    assert page.pick_button.isVisible() and page.reopen_button.isVisible()
    assert kiosk.rows(LAST_INTENT, door) == [(intent, "load", "aborted", "door never opened")]
    assert kiosk.rows(RESULTS, code) == []
    assert kiosk.rows("SELECT out_of_service FROM compartments WHERE label = ?", door) == [(0,)]
    assert door_actions(staffed, intent) == ["door.commanded", "door.unconfirmed", "door.aborted"]
    assert [e for e in kiosk.events("result.loaded") if e[0] == code] == []

    # The same envelope goes into another door.
    staffed.tap(page.pick_button)
    staffed.wait_for(StaffScreen.LOAD_PICK)
    pick = staffed.page(LoadPickPage)
    other = next(name for name in pick.free if name != door)
    staffed.tap(pick.grid.doors[other])
    staffed.close_when_open(other, item=True)
    staffed.wait_for(StaffScreen.LOAD_DONE)
    assert [e[:2] for e in kiosk.events("result.loaded") if e[0] == code] == [(code, other)]


@pytest.mark.logs(logging.WARNING)
def test_a_reopen_that_never_happens_goes_back_to_the_loaded_envelope(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM)
    kiosk = staffed.kiosk
    code, door = start_loading(staffed, "cb-0440")
    staffed.tap(staffed.page(LoadConfirmPage).open_button)
    staffed.close_when_open(door, item=True)
    staffed.wait_for(StaffScreen.LOAD_DONE)
    done = staffed.page(LoadDonePage)
    board = deafen(staffed, door, jammed=True)
    staffed.tap(done.reopen_button)
    page = staffed.page(LoadDoorPage)
    staffed.wait(lambda: page.step is DoorStep.UNKNOWN)
    assert offers_no_other_door(page)

    locks = kiosk.sims.locks
    assert locks is not None
    locks.set_jammed(*kiosk.door(door), False)
    hear_again(staffed, board)
    staffed.wait_for(StaffScreen.LOAD_DONE)
    staffed.wait(
        lambda: (
            staffed.console.notice.text() == f"Ô {door} không mở lại được: phong bì vẫn ở trong ô."
        )
    )
    assert kiosk.rows(RESULTS, code) == [(door, "loaded")]
    assert [e for e in kiosk.events("result.retrieved") if e[0] == code] == []
    [(intent, purpose, state, _)] = kiosk.rows(LAST_INTENT, door)
    assert (purpose, state) == ("retrieve", "aborted")
    assert door_actions(staffed, intent) == [
        "door.commanded",
        "door.unconfirmed",
        "door.aborted",
    ]


@pytest.mark.logs(logging.WARNING)
def test_a_load_whose_board_has_no_item_sensors_and_reads_shut_again_waits_for_an_inspection(
    make_staffed: Callable[..., Staffed],
) -> None:
    # Nothing tells whether a door that reads shut when its board answers again ever opened:
    # the load is neither done nor undone, the door waits for staff to look.
    no_items = [BoardConfig(address=b, item_sensors=False) for b in (0, 1)]
    staffed = make_staffed(lock_bus={**CONFIRM, "boards": no_items})
    kiosk = staffed.kiosk
    code, door, board, page = open_unanswered(staffed, "cb-0430", jammed=True)
    staffed.wait(lambda: page.step is DoorStep.UNKNOWN)

    hear_again(staffed, board)
    staffed.wait(lambda: page.step is DoorStep.CHECK)
    assert page.title.text() == "Ô tủ cần kiểm tra"
    assert page.instruction.text() == (
        f"Bo mạch khóa đã trả lời nhưng không cho biết cửa ô {door} đã mở hay chưa. Ô đã tạm"
        " ngưng phục vụ: mở ô từ Sơ đồ tủ, kiểm tra rồi ghi nhận điều đã thấy."
    )
    assert page.rescan_button.isVisible() and not page.pick_button.isVisible()
    [(intent, _, state, note)] = kiosk.rows(LAST_INTENT, door)
    assert (state, note) == ("uncertain", "door closed, no item sensor")
    assert kiosk.rows(RESULTS, code) == [(door, "staged")]
    assert kiosk.rows(
        "SELECT out_of_service, oos_reason FROM compartments WHERE label = ?", door
    ) == [(1, "check_compartment")]
    assert [e for e in kiosk.events("result.loaded") if e[0] == code] == []
    assert door_actions(staffed, intent) == [
        "door.commanded",
        "door.unconfirmed",
        "door.uncertain",
    ]


def open_row(staffed: Staffed, page: TakeOutPage, label: str) -> None:
    """Tap the "Mở" of the row of ``label`` (the only row) and wait for the unlock's answer."""
    staffed.tap_text("Mở", page.list)
    staffed.wait(lambda: page.status[label] is not TakeStatus.OPENING)


def shows(staffed: Staffed, page: TakeOutPage, status: str, buttons: int) -> None:
    """Wait until the list shows ``status`` in a row and ``buttons`` "Mở" buttons."""

    def shown() -> bool:
        texts = [w.text() for w in page.list.findChildren(QLabel) if w.isVisible()]
        opens = [b for b in page.list.findChildren(QPushButton) if b.isVisible()]
        return status in texts and len(opens) == buttons

    staffed.wait(shown)


@pytest.mark.logs(logging.WARNING)
def test_a_collection_whose_unlock_had_no_answer_is_collected_once_the_monitor_sees_it_open(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM)
    kiosk = staffed.kiosk
    label = drop_off(staffed, DROPPED[0])
    staffed.sign_in(staffed.hire("cb-0510"))
    staffed.choose(StaffScreen.COLLECT)
    page = staffed.page(CollectPage)
    staffed.wait(lambda: [i.label for i in page.items] == [label])
    board = deafen(staffed, label)
    open_row(staffed, page, label)

    assert page.status[label] is TakeStatus.UNKNOWN
    # No "Mở" while the door's intent is pending.
    shows(staffed, page, "Chưa rõ đã mở chưa: nhìn cửa, chờ máy báo", buttons=0)
    [(intent, purpose, state, note)] = kiosk.rows(LAST_INTENT, label)
    assert (purpose, state, note) == ("collect", "pending", "unconfirmed")
    assert kiosk.events("dropoff.collected") == []

    hear_again(staffed, board)
    staffed.wait(lambda: page.status[label] is TakeStatus.OPEN)
    staffed.close_when_open(label, item=False)
    staffed.wait(lambda: page.status[label] is TakeStatus.DONE)
    assert kiosk.rows("SELECT state, ended_by FROM dropoffs WHERE compartment = ?", label) == [
        ("collected", "staff:cb-0510")
    ]
    assert [e[:3] for e in kiosk.events("dropoff.collected")] == [
        (DROPPED[0], label, "staff:cb-0510")
    ]
    assert door_actions(staffed, intent) == [
        "door.commanded",
        "door.unconfirmed",
        "door.opened",
        "door.done",
    ]


@pytest.mark.logs(logging.WARNING)
def test_a_recall_whose_door_never_opens_keeps_the_result_and_offers_the_door_again(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM, timeouts=SHORT_DEADLINE)
    kiosk = staffed.kiosk
    label = kiosk.loaded[0].compartment
    page, release_id = recall_revoked(staffed, "cb-0610")
    board = deafen(staffed, label, jammed=True)
    open_row(staffed, page, label)

    staffed.wait(lambda: page.status[label] is TakeStatus.NO_ANSWER)
    shows(staffed, page, "Bo mạch khóa chưa trả lời: báo kỹ thuật viên", buttons=0)
    [(intent, _, state, note)] = kiosk.rows(LAST_INTENT, label)
    assert (state, note) == ("pending", "unconfirmed")

    locks = kiosk.sims.locks
    assert locks is not None
    locks.set_jammed(*kiosk.door(label), False)
    hear_again(staffed, board)
    staffed.wait(lambda: page.status[label] is TakeStatus.FAILED)
    shows(staffed, page, "Cửa không mở được", buttons=1)  # the door may be opened again
    assert kiosk.rows("SELECT state FROM results WHERE release_id = ?", release_id) == [("loaded",)]
    assert kiosk.events("result.retrieved") == []
    assert kiosk.rows("SELECT out_of_service FROM compartments WHERE label = ?", label) == [(0,)]
    assert door_actions(staffed, intent) == ["door.commanded", "door.unconfirmed", "door.aborted"]


@pytest.mark.logs(logging.WARNING)
def test_a_compartment_opened_from_the_map_without_an_answer_is_told_and_then_settled(
    make_staffed: Callable[..., Staffed],
) -> None:
    staffed = make_staffed(lock_bus=CONFIRM, timeouts=SHORT_DEADLINE)
    kiosk = staffed.kiosk
    staffed.sign_in(staffed.hire("cb-0710"))
    staffed.choose(StaffScreen.MAP)
    grid = staffed.page(MapPage).grid
    staffed.wait(lambda: any(d.property("role") == "door-free" for d in grid.doors.values()))
    label = next(name for name, door in grid.doors.items() if door.property("role") == "door-free")
    staffed.tap(grid.doors[label])
    staffed.wait_for(StaffScreen.COMPARTMENT)
    page = staffed.page(CompartmentPage)
    board = deafen(staffed, label)
    staffed.wait(page.buttons[CompartmentAction.INSPECT].isVisible)
    staffed.tap(page.buttons[CompartmentAction.INSPECT])

    notice = staffed.console.notice
    staffed.wait(lambda: notice.text().startswith(f"Chưa rõ ô {label} đã mở chưa"))
    staffed.wait(lambda: not page.buttons[CompartmentAction.INSPECT].isVisible())  # busy
    staffed.wait(lambda: notice.text().startswith("Bo mạch khóa vẫn chưa trả lời"))
    assert notice.text() == (
        f"Bo mạch khóa vẫn chưa trả lời: chưa rõ ô {label} đã mở chưa. Nếu cửa đã mở, làm tiếp"
        " rồi đóng cửa; nếu chưa, báo kỹ thuật viên."
    )
    hear_again(staffed, board)
    staffed.wait(lambda: notice.text() == f"Ô {label} đã mở. Đóng cửa khi xong.")
    staffed.close_when_open(label, item=False)
    intents = "SELECT purpose, state FROM door_intents WHERE compartment = ?"
    staffed.wait(lambda: kiosk.rows(intents, label) == [("inspect", "done")])
