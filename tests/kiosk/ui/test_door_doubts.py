"""When the kiosk cannot be sure what a door did, through the real UI and drivers: a board silent
while the door's read-back is due, and papers left inside after a pickup."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest

from drivers.config import BoardConfig
from drivers.locks import cu16
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import CloseReminderScreen
from kiosk.ui.screens.door_doubts import DoorUnknownScreen, PapersLeftScreen
from tests.kiosk.ui.conftest import Kiosk

# The board is deaf for far longer than the read-back window: the test ends the deafness.
DEAF_S = 60.0
# The citizen scans the same QR again within seconds: not a duplicate read here.
RESCAN = {"duplicate_window_ms": 1}


def silent_during_readback(make_kiosk: Callable[..., Kiosk]) -> Kiosk:
    kiosk = make_kiosk(
        results=1,
        lock_bus={"poll_interval_ms": 40, "unlock_confirm_ms": 200},
        scanner=RESCAN,
    )
    assert kiosk.sims.locks is not None
    board, _ = kiosk.door(kiosk.loaded[0].compartment)
    kiosk.sims.locks.set_deaf_during_pulse(board, DEAF_S)
    return kiosk


def unlocks(kiosk: Kiosk, label: str) -> int:
    assert kiosk.sims.locks is not None
    board, lock = kiosk.door(label)
    return kiosk.sims.locks.received.count(cu16.unlock_request(board, lock))


@pytest.mark.logs(logging.WARNING)
def test_an_unlock_without_a_read_back_says_check_the_door_and_prints_once_it_is_seen_open(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = silent_during_readback(make_kiosk)
    result = kiosk.loaded[0]
    locks, printer, scanner = kiosk.sims.locks, kiosk.sims.printer, kiosk.sims.scanner
    assert locks is not None and printer is not None and scanner is not None
    board, lock = kiosk.door(result.compartment)
    loaded = unlocks(kiosk, result.compartment)  # the demo's loading opened it once
    scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_UNKNOWN)

    screen = kiosk.ui.window.get(DoorUnknownScreen)
    assert screen.title.text() == f"Vui lòng kiểm tra cửa ô tủ {result.compartment}"
    assert screen.instruction.text() == "Nếu cửa đã mở: lấy hồ sơ ra rồi đóng cửa lại."
    assert screen.note.text().startswith("Nếu cửa chưa mở: mã OTP vẫn còn hiệu lực.")
    assert not locks.is_closed(board, lock)  # the door did open: the board just said nothing
    # Nothing is decided yet: no receipt, nothing failed, nothing picked up, the intent pending.
    assert printer.receipts == []
    assert kiosk.events("result.pickup_failed") == []
    assert kiosk.events("result.picked_up") == []
    assert kiosk.rows(
        "SELECT state, note FROM door_intents WHERE compartment = ? ORDER BY id DESC LIMIT 1",
        result.compartment,
    ) == [("pending", "unconfirmed")]
    assert kiosk.rows(
        "SELECT out_of_service FROM compartments WHERE label = ?", result.compartment
    ) == [(0,)]

    locks.hear_again(board)  # the board answers again: the monitor sees the door open
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    assert printer.receipts[0].qr_codes == [result.dossier_code]
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert [e[:2] for e in kiosk.events("result.picked_up")] == [
        (result.dossier_code, result.compartment)
    ]
    assert unlocks(kiosk, result.compartment) == loaded + 1
    assert kiosk.events("result.pickup_failed") == []
    assert len(printer.receipts) == 1


@pytest.mark.logs(logging.WARNING)
def test_an_unknown_unlock_that_never_opened_says_so_and_the_code_still_works(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = silent_during_readback(make_kiosk)
    result = kiosk.loaded[0]
    locks, printer, scanner = kiosk.sims.locks, kiosk.sims.printer, kiosk.sims.scanner
    assert locks is not None and printer is not None and scanner is not None
    board, lock = kiosk.door(result.compartment)
    locks.set_jammed(board, lock)
    scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_UNKNOWN)
    locks.hear_again(board)
    screen = kiosk.ui.window.get(DoorUnknownScreen)
    kiosk.qtbot.waitUntil(lambda: screen.title.text() == f"Ô tủ {result.compartment} không mở được")
    assert screen.instruction.text() == "Mã OTP của Ông/Bà vẫn còn hiệu lực."
    assert kiosk.screen is Screen.DOOR_UNKNOWN
    assert printer.receipts == []
    assert kiosk.events("result.pickup_failed") == []
    assert kiosk.rows(
        "SELECT otp_used FROM releases WHERE dossier_code = ?", result.dossier_code
    ) == [(0,)]

    # The door works again: the same code opens it.
    locks.set_jammed(board, lock, False)
    locks.set_deaf_during_pulse(board, 0.0)
    kiosk.tap(screen.back)
    kiosk.wait_for(Screen.HOME)
    scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)


@pytest.mark.logs(logging.WARNING)
def test_an_unknown_unlock_on_a_board_without_item_sensors_that_reads_shut_is_left_to_staff(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    # The door reads shut when the board answers again: it may have opened and shut between
    # readings, and without an item sensor nothing says whether the papers were taken.
    no_items = [BoardConfig(address=b, item_sensors=False) for b in (0, 1)]
    kiosk = make_kiosk(
        results=1,
        lock_bus={"poll_interval_ms": 40, "unlock_confirm_ms": 200, "boards": no_items},
        scanner=RESCAN,
    )
    result = kiosk.loaded[0]
    locks, printer, scanner = kiosk.sims.locks, kiosk.sims.printer, kiosk.sims.scanner
    assert locks is not None and printer is not None and scanner is not None
    board, lock = kiosk.door(result.compartment)
    locks.set_deaf_during_pulse(board, DEAF_S)
    locks.set_jammed(board, lock)
    scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_UNKNOWN)
    locks.hear_again(board)
    screen = kiosk.ui.window.get(DoorUnknownScreen)
    kiosk.qtbot.waitUntil(
        lambda: screen.title.text() == f"Cán bộ sẽ kiểm tra ô tủ {result.compartment}"
    )
    assert screen.instruction.text() == (
        "Nếu Ông/Bà chưa nhận được hồ sơ, vui lòng giữ lại tin nhắn có mã OTP."
    )
    assert screen.spoken() == ["staff_check"]
    # Nothing handed over, nothing failed, no receipt: staff's inspection decides.
    assert kiosk.screen is Screen.DOOR_UNKNOWN
    assert printer.receipts == []
    assert kiosk.events("result.picked_up") == []
    assert kiosk.events("result.pickup_failed") == []
    assert kiosk.rows(
        "SELECT out_of_service, oos_reason FROM compartments WHERE label = ?", result.compartment
    ) == [(1, "check_compartment")]


def door_actions(kiosk: Kiosk, label: str) -> list[str]:
    """The audit actions of the door's latest intent, in order."""
    [(intent,)] = kiosk.rows(
        "SELECT id FROM door_intents WHERE compartment = ? ORDER BY id DESC LIMIT 1", label
    )
    return [
        a
        for (a,) in kiosk.rows(
            "SELECT action FROM audit WHERE action LIKE 'door.%' AND details LIKE ? ORDER BY seq",
            f'%"intent": {intent}%',
        )
    ]


def test_a_reply_lost_during_the_read_back_is_retried_and_the_pickup_goes_as_usual(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1)
    result = kiosk.loaded[0]
    locks, printer, scanner = kiosk.sims.locks, kiosk.sims.printer, kiosk.sims.scanner
    assert locks is not None and printer is not None and scanner is not None
    board, _ = kiosk.door(result.compartment)
    loaded = unlocks(kiosk, result.compartment)
    locks.lose_replies_after_unlock(board, 1)
    scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert unlocks(kiosk, result.compartment) == loaded + 1  # read again, never pulsed again
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert [e[:2] for e in kiosk.events("result.picked_up")] == [
        (result.dossier_code, result.compartment)
    ]
    assert kiosk.events("result.pickup_failed") == []
    assert door_actions(kiosk, result.compartment) == [
        "door.commanded",
        "door.opened",
        "door.done",
    ]
    assert kiosk.rows(
        "SELECT content, out_of_service FROM compartments WHERE label = ?", result.compartment
    ) == [("empty", 0)]
    assert kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == []


def leave_papers_inside(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=True)
    kiosk.wait_for(Screen.PAPERS_LEFT)


def test_papers_left_inside_are_not_picked_up_and_the_same_door_opens_again(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"door_close_reminder_s": 30})
    result = kiosk.loaded[0]
    loaded = unlocks(kiosk, result.compartment)
    leave_papers_inside(kiosk)
    screen = kiosk.ui.window.get(PapersLeftScreen)
    assert screen.title.text() == "Hồ sơ vẫn còn trong ô tủ"
    assert screen.door_label.text() == result.compartment
    assert kiosk.events("result.picked_up") == []
    assert kiosk.rows(
        "SELECT otp_used FROM releases WHERE dossier_code = ?", result.dossier_code
    ) == [(0,)]
    assert kiosk.rows(
        "SELECT content, out_of_service FROM compartments WHERE label = ?", result.compartment
    ) == [("result", 0)]
    assert kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == []

    kiosk.tap(screen.reopen_button)
    # Left open, the reminder says the papers are still inside.
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.advance(30)
    kiosk.wait_for(Screen.CLOSE_REMINDER)
    reminder = kiosk.ui.window.get(CloseReminderScreen)
    inside = "Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra."
    assert reminder.instruction.text().startswith(inside)
    assert unlocks(kiosk, result.compartment) == loaded + 2
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert [e[:2] for e in kiosk.events("result.picked_up")] == [
        (result.dossier_code, result.compartment)
    ]
    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1)
    assert kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == []


def test_a_citizen_who_leaves_the_papers_inside_raises_item_left_and_the_code_still_works(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, scanner=RESCAN)
    result = kiosk.loaded[0]
    leave_papers_inside(kiosk)
    kiosk.tap(kiosk.ui.window.get(PapersLeftScreen).back)
    kiosk.wait_for(Screen.HOME)
    kiosk.qtbot.waitUntil(
        lambda: kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == [("item_left",)]
    )
    [(subject, details)] = kiosk.rows("SELECT subject, details FROM alarms")
    assert subject == result.compartment
    assert json.loads(details) == {
        "compartment": result.compartment,
        "content": "result",
        "dossier_code": result.dossier_code,
    }
    [(actor, data)] = [e[2:] for e in kiosk.events("alarm.raised")]
    assert actor == "kiosk"
    assert json.loads(data)["kind"] == "item_left"
    assert kiosk.events("result.picked_up") == []

    # Later the citizen comes back: the same code opens the door, and taking the papers clears
    # the alarm.
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert len(kiosk.events("result.picked_up")) == 1
    assert kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == []


def test_after_the_grace_period_the_door_no_longer_reopens_and_staff_are_told(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"papers_left_grace_s": 60})
    leave_papers_inside(kiosk)
    screen = kiosk.ui.window.get(PapersLeftScreen)
    kiosk.advance(59.9)
    assert screen.reopen_button.isVisible()
    kiosk.advance(0.1)
    assert not screen.reopen_button.isVisible()
    assert screen.instruction.text() == (
        "Cán bộ đã được thông báo. Mã OTP của Ông/Bà vẫn còn hiệu lực."
    )
    kiosk.qtbot.waitUntil(
        lambda: kiosk.rows("SELECT kind FROM alarms WHERE cleared_at IS NULL") == [("item_left",)]
    )
