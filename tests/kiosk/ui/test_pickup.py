"""Collecting a result: keypad and QR, the door, the receipt, the rating, the refusals."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

import pytest

from kiosk.commands.demo import load_results, pull_now
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorOpenScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PhoneDigitsScreen, PickupCodeScreen
from kiosk.ui.screens.rating import RatingScreen
from kiosk.ui.screens.receipt import TakeReceiptScreen
from kiosk.ui.screens.refusals import (
    OutOfServiceScreen,
    ProblemScreen,
    SeeCounterScreen,
)
from tests.kiosk.helpers import SILENT_WITHIN
from tests.kiosk.ui.conftest import Kiosk


def type_code(kiosk: Kiosk, otp: str) -> None:
    screen = kiosk.ui.window.get(PickupCodeScreen)
    for digit in otp:
        kiosk.tap_text(screen.keypad, digit)


def test_pickup_typed_on_the_keypad_opens_the_door_prints_and_rates(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, result.otp)
    assert window.get(PickupCodeScreen).field.view.text().replace(" ", "") == result.otp

    with kiosk.qtbot.waitSignal(kiosk.ui.flows.receipt_queued, timeout=8000) as queued:
        kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.DOOR_OPEN)
    door = window.get(DoorOpenScreen)
    assert door.door_label.text() == result.compartment
    assert door.map.target == result.compartment
    board, lock = kiosk.door(result.compartment)
    assert kiosk.sims.locks is not None and not kiosk.sims.locks.is_closed(board, lock)
    assert queued.args[0].dossier_code == result.dossier_code

    # The receipt reaches the printer: the dossier code as its QR (never the OTP).
    printer = kiosk.sims.printer
    assert printer is not None
    kiosk.qtbot.waitUntil(lambda: len(printer.receipts) == 1, timeout=8000)
    assert printer.receipts[0].qr_codes == [result.dossier_code]
    assert b"1P0" + result.dossier_code.encode() in printer.received
    assert result.otp.encode() not in printer.received

    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.tap(window.get(TakeReceiptScreen).continue_button)
    kiosk.wait_for(Screen.RATING)
    kiosk.tap(window.get(RatingScreen).faces[5])
    kiosk.wait_for(Screen.THANKS)

    kiosk.qtbot.waitUntil(lambda: len(kiosk.events("rating.submitted")) == 1)
    picked = kiosk.events("result.picked_up")
    assert [(p[0], p[1], p[2]) for p in picked] == [
        (result.dossier_code, result.compartment, "citizen")
    ]
    assert json.loads(kiosk.events("rating.submitted")[0][3]) == {"score": 5}


def test_a_scanned_pickup_qr_on_any_screen_goes_straight_to_the_door(kiosk: Kiosk) -> None:
    first, second = kiosk.loaded
    kiosk.tap(kiosk.ui.window.get(HomeScreen).lookup_button)
    kiosk.wait_for(Screen.LOOKUP_CODE)
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(first.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert kiosk.ui.window.get(DoorOpenScreen).door_label.text() == first.compartment

    # Several results, each with its own code: "collect another result" opens the next door.
    kiosk.close_door(first.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.tap(kiosk.ui.window.get(TakeReceiptScreen).another_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, second.otp)
    kiosk.tap(kiosk.ui.window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert kiosk.ui.window.get(DoorOpenScreen).door_label.text() == second.compartment
    kiosk.close_door(second.compartment, item=False)  # the item sensor says it was taken
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    codes = [e[0] for e in kiosk.events("result.picked_up")]
    assert codes == [first.dossier_code, second.dossier_code]


def test_a_used_code_sends_the_citizen_to_the_counter(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = kiosk.loaded[0]
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(result.qr)
    kiosk.wait_for(Screen.DOOR_OPEN)
    kiosk.close_door(result.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.tap_text(kiosk.ui.window.get(TakeReceiptScreen), "Tiếp tục")
    kiosk.wait_for(Screen.RATING)
    kiosk.tap(kiosk.ui.window.get(RatingScreen).skip)
    kiosk.wait_for(Screen.HOME)
    # The scanner ignores the same code read again within its duplicate window: type it.
    kiosk.tap(kiosk.ui.window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, result.otp)
    kiosk.tap(kiosk.ui.window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.SEE_COUNTER)
    screen = kiosk.ui.window.get(SeeCounterScreen)
    assert screen.title.text() == "Mã OTP đã được sử dụng"
    steps = [s.text() for s in screen.steps if s.isVisible()]
    assert any(kiosk.runtime.settings.kiosk.hotline in s for s in steps)
    assert any("giờ hành chính" in s for s in steps)
    # Scanned, typed, refused: the OTP is in no log line, at any level.
    assert result.otp not in caplog.text


def test_two_results_under_one_code_ask_for_the_phone_digits(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=0)
    otp, kiosk_id = "31415926", kiosk.runtime.settings.kiosk.id
    codes = {"000.00.07.H29-251123-0901": "111", "000.00.07.H29-251123-0902": "222"}
    for code, digits in codes.items():
        kiosk.central.release(
            kiosk_id,
            dossier_code=code,
            procedure_name="Đăng ký khai sinh",
            holder_name="Trần Thị Bình",
            phone_last_digits=digits,
            otp=otp,
        )
    kiosk.runtime.call(pull_now).result()
    loaded = {r.dossier_code: r for r in load_results(kiosk.runtime, dict.fromkeys(codes, otp), 2)}
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    digits = window.get(PhoneDigitsScreen)
    for digit in "222":
        kiosk.tap_text(digits.keypad, digit)
    kiosk.tap(digits.confirm)
    kiosk.wait_for(Screen.DOOR_OPEN)
    second = loaded["000.00.07.H29-251123-0902"]
    assert window.get(DoorOpenScreen).door_label.text() == second.compartment
    kiosk.close_door(second.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    assert [e[0] for e in kiosk.events("result.picked_up")] == [second.dossier_code]


@pytest.mark.logs(logging.WARNING)
def test_with_every_lock_board_offline_the_kiosk_says_what_still_works(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(fake_clock=True, lock_bus=SILENT_WITHIN)
    locks = kiosk.sims.locks
    assert locks is not None
    boards = kiosk.runtime.settings.locker.boards()
    for board in boards:
        locks.set_silent(board)
    offline = [("board_offline", f"board:{b}") for b in boards]
    kiosk.qtbot.waitUntil(
        lambda: (
            kiosk.rows("SELECT kind, subject FROM alarms WHERE cleared_at IS NULL ORDER BY subject")
            == offline
        )
    )
    # Home says so before anyone taps: it asks what works every 10 s.
    home = kiosk.ui.window.get(HomeScreen)
    assert home.pickup_button.detail.text() != "Tạm ngưng phục vụ"
    kiosk.advance(10)
    kiosk.qtbot.waitUntil(lambda: home.pickup_button.detail.text() == "Tạm ngưng phục vụ")
    assert home.dropoff_button.detail.text() == "Tạm ngưng phục vụ"
    assert home.pickup_button.property("role") == "choice-off"
    kiosk.tap(home.pickup_button)
    kiosk.wait_for(Screen.OUT_OF_SERVICE)
    screen = kiosk.ui.window.get(OutOfServiceScreen)
    steps = [s.text() for s in screen.steps if s.isVisible()]
    assert steps[:2] == ["•  Nhận kết quả: tạm ngưng", "•  Nộp hồ sơ: tạm ngưng"]
    kiosk.tap(screen.lookup_button)
    kiosk.wait_for(Screen.LOOKUP_CODE)


@pytest.mark.logs(logging.ERROR)
def test_a_please_wait_that_never_ends_tells_the_citizen_and_offers_home(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    """The services thread is held (a lock command that hangs): after ``working_s`` the citizen
    is told, with the way home; the door that opens later is still shown to them."""
    kiosk = make_kiosk(results=1, fake_clock=True, timeouts={"working_s": 45})
    result = kiosk.loaded[0]
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    release = threading.Event()
    kiosk.runtime.call(lambda _s: release.wait(10))
    type_code(kiosk, result.otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.WORKING)
    kiosk.advance(44.9)
    assert kiosk.screen is Screen.WORKING
    kiosk.advance(0.1)
    kiosk.wait_for(Screen.PROBLEM)
    problem = window.get(ProblemScreen)
    assert problem.title.text() == "Xin lỗi, máy phản hồi quá lâu"
    assert "vẫn còn hiệu lực" in problem.message.text()
    assert problem.back.isVisible() and problem.back.text() == "Về màn hình chính"

    release.set()  # the work ends late: the door opens for the citizen still here
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert window.get(DoorOpenScreen).door_label.text() == result.compartment


@pytest.mark.logs(logging.ERROR)
def test_a_late_answer_after_the_citizen_went_home_changes_nothing_on_screen(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(results=0, fake_clock=True, timeouts={"working_s": 45})
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    release = threading.Event()
    kiosk.runtime.call(lambda _s: release.wait(10))
    type_code(kiosk, "12345678")
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.WORKING)
    kiosk.advance(45)
    kiosk.wait_for(Screen.PROBLEM)
    kiosk.tap(window.get(ProblemScreen).back)
    kiosk.wait_for(Screen.HOME)
    release.set()  # the wrong code's refusal arrives: nobody is waiting for it
    kiosk.settle()
    assert kiosk.screen is Screen.HOME
