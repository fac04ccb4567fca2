"""The throttle as citizens meet it (docs/security.md): after someone else's wrong codes the
next citizen opens the door with one extra step, a live code is never confirmed without the
phone's digits, every wait is counted down, a voided code is reported, a junk QR is refused
unread. Doors are counted as unlock frames on the wire."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.locks import cu16
from drivers.scanner.lines import MAX_CODE_BYTES
from kiosk.commands.demo import pull_now
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorOpenScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pickup import PhoneDigitsScreen, PickupCodeScreen
from kiosk.ui.screens.rating import RatingScreen
from kiosk.ui.screens.receipt import TakeReceiptScreen
from kiosk.ui.screens.refusals import CodePausedScreen, SeeCounterScreen, WrongCodeScreen
from tests.kiosk.ui.conftest import Kiosk
from tests.kiosk.ui.test_pickup import type_code

NOT_LOADED = "000.00.07.H29-251123-0777"


def unlock_frames(kiosk: Kiosk) -> int:
    locks = kiosk.sims.locks
    assert locks is not None and kiosk.runtime.settings.devices.lock_bus.protocol == cu16.NAME
    return sum(1 for f in locks.received if cu16.parse_request(f).command == cu16.CMD_UNLOCK)


def phone_digits(kiosk: Kiosk, dossier_code: str) -> str:
    rows = kiosk.rows("SELECT phone_last_digits FROM releases WHERE dossier_code = ?", dossier_code)
    return str(rows[0][0])[-3:]


def type_digits(kiosk: Kiosk, digits: str) -> None:
    screen = kiosk.ui.window.get(PhoneDigitsScreen)
    for digit in digits:
        kiosk.tap_text(screen.keypad, digit)
    kiosk.tap(screen.confirm)


def wrong_code(kiosk: Kiosk, otp: str) -> bool:
    """Type a wrong code on the keypad (the phone digits too, if asked); True if asked."""
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, otp)
    kiosk.tap(kiosk.ui.window.get(PickupCodeScreen).confirm)
    kiosk.qtbot.waitUntil(lambda: kiosk.screen in (Screen.PHONE_DIGITS, Screen.WRONG_CODE))
    asked = kiosk.screen is Screen.PHONE_DIGITS
    if asked:
        type_digits(kiosk, "000")
    kiosk.wait_for(Screen.WRONG_CODE)
    return asked


def release_unloaded(kiosk: Kiosk, otp: str) -> None:
    kiosk.central.release(
        kiosk.runtime.settings.kiosk.id,
        dossier_code=NOT_LOADED,
        procedure_name="Đăng ký khai sinh",
        holder_name="Trần Thị Bình",
        phone_last_digits="456",
        otp=otp,
    )
    kiosk.runtime.call(pull_now).result()


def screen_texts(kiosk: Kiosk) -> list[str]:
    screen = kiosk.ui.window.get(WrongCodeScreen)
    texts = [screen.title.text(), screen.message.text()]
    return texts + [s.text() for s in screen.steps if s.isVisible()]


def test_after_ten_wrong_codes_the_next_citizens_open_their_doors_with_one_extra_step(
    kiosk: Kiosk,
) -> None:
    base = unlock_frames(kiosk)
    first, second = kiosk.loaded
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    asked = []
    for i in range(10):
        asked.append(wrong_code(kiosk, f"9{i:07d}"))
        kiosk.tap(window.get(WrongCodeScreen).retry_button)
    # Three wrong codes, then the kiosk asks everyone for the phone digits too; no wait yet.
    assert asked == [False] * 3 + [True] * 7
    assert unlock_frames(kiosk) - base == 0
    kiosk.tap(window.get(PickupCodeScreen).back)
    kiosk.wait_for(Screen.HOME)

    # The next citizen scans the QR: one extra step (the digits), and the door opens.
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan(first.qr)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    type_digits(kiosk, phone_digits(kiosk, first.dossier_code))
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert window.get(DoorOpenScreen).door_label.text() == first.compartment
    assert unlock_frames(kiosk) - base == 1
    kiosk.close_door(first.compartment, item=False)
    kiosk.wait_for(Screen.TAKE_RECEIPT)
    kiosk.tap(window.get(TakeReceiptScreen).continue_button)
    kiosk.wait_for(Screen.RATING)
    kiosk.tap(window.get(RatingScreen).skip)
    kiosk.wait_for(Screen.HOME)

    # And the one after types the code: the same one extra step.
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, second.otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    type_digits(kiosk, phone_digits(kiosk, second.dossier_code))
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert window.get(DoorOpenScreen).door_label.text() == second.compartment
    assert unlock_frames(kiosk) - base == 2


def test_a_live_code_not_yet_loaded_looks_like_a_wrong_one_until_the_digits_are_right(
    kiosk: Kiosk,
) -> None:
    base = unlock_frames(kiosk)
    release_unloaded(kiosk, "24681357")
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    wrong_code(kiosk, "13572468")
    invented = screen_texts(kiosk)
    kiosk.tap(window.get(WrongCodeScreen).retry_button)
    wrong_code(kiosk, "24681357")
    assert screen_texts(kiosk) == invented  # nothing says this code is a live one
    assert not any("chưa có trong tủ" in t for t in invented)

    # The citizen sure of the code checks it with the phone digits: a wrong guess learns nothing.
    kiosk.tap(window.get(WrongCodeScreen).digits_button)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    type_digits(kiosk, "999")
    kiosk.wait_for(Screen.WRONG_CODE)
    assert screen_texts(kiosk)[0] == "Mã không đúng"
    assert not window.get(WrongCodeScreen).digits_button.isVisible()
    kiosk.tap(window.get(WrongCodeScreen).retry_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, "24681357")
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.PHONE_DIGITS)  # three failures: the kiosk asks everyone now
    type_digits(kiosk, "456")
    kiosk.wait_for(Screen.SEE_COUNTER)
    assert window.get(SeeCounterScreen).title.text() == "Kết quả chưa có trong tủ"
    assert unlock_frames(kiosk) - base == 0


def test_every_wait_is_stated_and_counted_down(make_kiosk: Callable[..., Kiosk]) -> None:
    # Waits from the second wrong code on; the phone digits are left out of this one.
    otp = {"kiosk_fails_before_delay": 1, "kiosk_delay_first_s": 3, "free_fails": 100}
    kiosk = make_kiosk(results=1, fake_clock=True, otp=otp)
    base = unlock_frames(kiosk)
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    wrong_code(kiosk, "90000001")
    kiosk.tap(window.get(WrongCodeScreen).retry_button)
    wrong_code(kiosk, "90000002")  # the second in a row starts a wait
    screen = window.get(WrongCodeScreen)
    assert screen.message.text() == "Vui lòng chờ 3 giây rồi thử lại."
    assert not screen.retry_button.isEnabled()
    kiosk.advance(2)
    assert screen.message.text() == "Vui lòng chờ 1 giây rồi thử lại."
    assert not screen.retry_button.isEnabled()
    kiosk.advance(1)
    assert screen.retry_button.isEnabled()
    kiosk.tap(screen.retry_button)
    wrong_code(kiosk, "90000003")  # doubles: 6 s
    kiosk.tap(kiosk.ui.window.get(WrongCodeScreen).back)
    kiosk.wait_for(Screen.HOME)

    # Someone else typing in the meantime is told the same wait, counted down.
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, kiosk.loaded[0].otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.CODE_PAUSED)
    paused = window.get(CodePausedScreen)
    assert paused.message.text().startswith("Vui lòng thử lại sau 6 giây")
    assert not paused.retry_button.isEnabled()
    kiosk.advance(5)
    assert not paused.retry_button.isEnabled()
    kiosk.advance(1)
    assert paused.retry_button.isEnabled()
    assert paused.message.text() == "Ông/Bà có thể thử lại ngay bây giờ."
    kiosk.tap(paused.retry_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, kiosk.loaded[0].otp)
    kiosk.tap(window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert unlock_frames(kiosk) - base == 1


def test_ten_wrong_scans_naming_a_dossier_void_its_code_and_the_central_system_hears_of_it(
    make_kiosk: Callable[..., Kiosk],
) -> None:
    kiosk = make_kiosk(otp={"dossier_fails_before_hold": 10})  # no 15-minute hold on the way
    base = unlock_frames(kiosk)
    victim = kiosk.loaded[0]
    scanner = kiosk.sims.scanner
    assert scanner is not None
    for i in range(10):
        scanner.scan(f"DATM1|{victim.dossier_code}|{i:08d}")
        kiosk.qtbot.waitUntil(lambda: kiosk.screen in (Screen.PHONE_DIGITS, Screen.WRONG_CODE))
        if kiosk.screen is Screen.PHONE_DIGITS:
            type_digits(kiosk, "000")
        kiosk.wait_for(Screen.WRONG_CODE)
        kiosk.tap(kiosk.ui.window.get(WrongCodeScreen).back)
        kiosk.wait_for(Screen.HOME)
    assert len(kiosk.events("result.code_voided")) == 1
    kiosk.runtime.sync_now()
    kiosk_id = kiosk.runtime.settings.kiosk.id

    def reported() -> list[dict[str, object]]:
        return [e for e in kiosk.central.events(kiosk_id) if e["type"] == "result.code_voided"]

    kiosk.qtbot.waitUntil(lambda: len(reported()) == 1, timeout=8000)
    event = reported()[0]
    assert event["dossier_code"] == victim.dossier_code
    assert event["data"] == {"reason": "too_many_failures"}
    assert event["actor"] == "citizen"

    # The victim's own QR now says the code is void (it can never open a door): no door opens.
    scanner.scan(victim.qr)
    kiosk.wait_for(Screen.SEE_COUNTER)
    assert kiosk.ui.window.get(SeeCounterScreen).title.text() == "Mã OTP đã bị khóa"
    assert unlock_frames(kiosk) - base == 0


def _store_size(kiosk: Kiosk) -> int:
    path = Path(kiosk.runtime.settings.data_dir)
    return sum(p.stat().st_size for p in path.glob("*.db*"))


@pytest.mark.parametrize("payload", ["DATM1|" + "0" * 200_000 + "|12345678", "Z" * 200_000])
def test_a_200_kb_qr_is_refused_unread(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture, payload: str
) -> None:
    base = unlock_frames(kiosk)
    caplog.set_level(logging.DEBUG)
    count = "SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM otp_attempts),"
    count += " (SELECT count(*) FROM otp_failures)"
    before, size = kiosk.rows(count), _store_size(kiosk)
    assert kiosk.sims.scanner is not None
    # In 1 kB pieces, as a scanner sends it: one write would overflow the pty.
    kiosk.sims.scanner.scan(payload, pieces=200, gap=0.01)
    kiosk.wait_for(Screen.WRONG_CODE, timeout=15000)
    screen = kiosk.ui.window.get(WrongCodeScreen)
    assert screen.title.text() == "Mã QR không hợp lệ"
    assert screen.message.text() == "Mã QR này không phải mã nhận kết quả."
    assert kiosk.rows(count) == before
    assert _store_size(kiosk) - size < 16_384  # not by 200 kB: nothing of it was written
    assert payload[6:100] not in caplog.text
    # The scanner driver keeps a run's first 4 kB (more than any QR holds) and the kiosk
    # refuses that as too long.
    assert f"scan refused: too long ({MAX_CODE_BYTES}" in caplog.text
    assert unlock_frames(kiosk) - base == 0


def test_a_pickup_qr_with_a_malformed_dossier_code_is_refused_before_it_counts(
    kiosk: Kiosk, caplog: pytest.LogCaptureFixture
) -> None:
    base = unlock_frames(kiosk)
    caplog.set_level(logging.INFO)
    before = kiosk.rows("SELECT count(*) FROM audit")
    assert kiosk.sims.scanner is not None
    kiosk.sims.scanner.scan("DATM1|<script>alert(1)</script>|12345678")
    kiosk.wait_for(Screen.WRONG_CODE)
    assert kiosk.ui.window.get(WrongCodeScreen).title.text() == "Mã QR không hợp lệ"
    assert kiosk.rows("SELECT count(*) FROM audit") == before
    assert "script" not in caplog.text
    assert "pickup QR with a malformed dossier code (40 characters)" in caplog.text
    assert unlock_frames(kiosk) == base


def test_a_held_dossiers_qr_waits_counted_down_while_its_typed_code_still_opens(
    kiosk: Kiosk,
) -> None:
    base = unlock_frames(kiosk)
    victim = kiosk.loaded[0]
    scanner = kiosk.sims.scanner
    assert scanner is not None
    for i in range(5):  # five wrong in a row for this dossier: its QR is held
        scanner.scan(f"DATM1|{victim.dossier_code}|{i:08d}")
        kiosk.qtbot.waitUntil(lambda: kiosk.screen in (Screen.PHONE_DIGITS, Screen.WRONG_CODE))
        if kiosk.screen is Screen.PHONE_DIGITS:
            type_digits(kiosk, "000")
        kiosk.wait_for(Screen.WRONG_CODE)
        kiosk.tap(kiosk.ui.window.get(WrongCodeScreen).back)
        kiosk.wait_for(Screen.HOME)
    scanner.scan(victim.qr)
    kiosk.wait_for(Screen.CODE_PAUSED)
    paused = kiosk.ui.window.get(CodePausedScreen)
    assert paused.message.text().startswith(
        ("Vui lòng thử lại sau 15 phút", "Vui lòng thử lại sau 14 phút")
    )
    steps = [s.text() for s in paused.steps if s.isVisible()]
    assert any("nhập mã OTP trên bàn phím" in s for s in steps)
    kiosk.tap(paused.back)
    kiosk.wait_for(Screen.HOME)

    # Typed, the same code answers to the kiosk's limits only: the door opens.
    kiosk.tap(kiosk.ui.window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    type_code(kiosk, victim.otp)
    kiosk.tap(kiosk.ui.window.get(PickupCodeScreen).confirm)
    kiosk.wait_for(Screen.PHONE_DIGITS)
    type_digits(kiosk, phone_digits(kiosk, victim.dossier_code))
    kiosk.wait_for(Screen.DOOR_OPEN)
    assert unlock_frames(kiosk) - base == 1
