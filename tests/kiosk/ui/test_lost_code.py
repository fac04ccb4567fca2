""" "Không nhận được mã?": the resend request reaches the outbox, the answer says nothing about
the dossier, and a second request for the same code is held back."""

from __future__ import annotations

import json

from kiosk.services.resend import EVENT, KIOSK_PER_HOUR, request_resend
from kiosk.ui.machine import Screen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.lost_code import LostCodePhoneScreen, LostCodeScreen, LostCodeSentScreen
from kiosk.ui.screens.pickup import PickupCodeScreen
from tests.kiosk.ui.conftest import Kiosk

UNKNOWN_CODE = "000.00.07.H29-991231-0042"


def ask_resend(kiosk: Kiosk, slip: str, digits: str, typed: bool = False) -> tuple[str, str]:
    """From home: pickup, "Không nhận được mã?", the slip scanned (or the code typed), the
    digits typed; the answer's title and message."""
    window = kiosk.ui.window
    kiosk.tap(window.get(HomeScreen).pickup_button)
    kiosk.wait_for(Screen.PICKUP_CODE)
    kiosk.tap(window.get(PickupCodeScreen).lost_button)
    kiosk.wait_for(Screen.LOST_CODE)
    entry = window.get(LostCodeScreen)
    assert entry.title.text() == "Không nhận được mã?"
    if typed:
        for char in slip:
            kiosk.tap_text(entry.keyboard, char)
        kiosk.tap(entry.confirm)
    else:
        assert kiosk.sims.scanner is not None
        kiosk.sims.scanner.scan(slip)
    kiosk.wait_for(Screen.LOST_CODE_PHONE)
    phone = window.get(LostCodePhoneScreen)
    for digit in digits:
        kiosk.tap_text(phone.keypad, digit)
    kiosk.tap(phone.confirm)
    kiosk.wait_for(Screen.LOST_CODE_SENT)
    sent = window.get(LostCodeSentScreen)
    answer = (sent.title.text(), sent.message.text())
    kiosk.tap(sent.back)
    kiosk.wait_for(Screen.HOME)
    return answer


def test_a_lost_code_is_asked_for_again_with_the_same_answer_known_or_not(kiosk: Kiosk) -> None:
    result = kiosk.loaded[0]
    slip = f"{result.dossier_code}|Đăng ký khai sinh|Nguyễn Văn An|30/11/2026"
    known = ask_resend(kiosk, slip, "821")
    unknown = ask_resend(kiosk, UNKNOWN_CODE, "123")
    assert (
        known
        == unknown
        == (
            "Đã ghi nhận yêu cầu gửi lại mã",
            "Nếu thông tin khớp, mã sẽ được gửi lại qua tin nhắn SMS.",
        )
    )
    events = kiosk.events(EVENT)
    assert [(e[0], e[1], e[2], json.loads(e[3])) for e in events] == [
        (result.dossier_code, None, "citizen", {"phone_last_digits": "821"}),
        (UNKNOWN_CODE, None, "citizen", {"phone_last_digits": "123"}),
    ]
    assert kiosk.rows("SELECT release_id FROM outbox WHERE type = ?", EVENT) == [(None,), (None,)]

    # Asked again at once: held back, told to wait for the SMS; nothing more is sent.
    title, message = ask_resend(kiosk, UNKNOWN_CODE, "123", typed=True)
    assert title == "Yêu cầu gửi lại mã đã được ghi nhận trước đó"
    assert message == ("Vui lòng chờ tin nhắn SMS. Nếu vẫn không nhận được, thử lại sau 15 phút.")
    assert len(kiosk.events(EVENT)) == 2


def test_the_kiosk_as_a_whole_takes_a_dozen_requests_an_hour(kiosk: Kiosk) -> None:
    """Nobody walks dossier codes through the kiosk: past the hour's limit, every code waits."""
    codes = [f"000.00.07.H29-991231-{n:04d}" for n in range(KIOSK_PER_HOUR + 1)]
    answers = [
        kiosk.runtime.call(lambda s, c=c: request_resend(s, c, "123")).result() for c in codes
    ]
    assert [a.sent for a in answers] == [True] * KIOSK_PER_HOUR + [False]
    assert 3500 < answers[-1].wait_s <= 3600
    assert len(kiosk.events(EVENT)) == KIOSK_PER_HOUR
