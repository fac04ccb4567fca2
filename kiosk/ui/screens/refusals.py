"""Refusals and apologies, each saying what the citizen can do next.

A wrong code never says whether the dossier exists (central-api.md: codes are guessable).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from kiosk.services.availability import Availability
from kiosk.services.refusals import Refusal
from kiosk.settings import Settings
from kiosk.ui import timers
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import IncidentSlipScreen, NoticeScreen
from kiosk.ui.widgets.common import button


class WaitCountdown(QObject):
    """A wait the citizen is told about, counted down each second: ``tick`` carries the whole
    seconds left, and 0 once when it is over."""

    tick = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deadline = 0.0
        self._timer = timers.Timer(self, 1000, self._tick, repeat=True)

    def start(self, wait_s: float) -> None:
        self._deadline = timers.monotonic() + wait_s
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()
        self._deadline = 0.0

    @property
    def left_s(self) -> int:
        return max(math.ceil(self._deadline - timers.monotonic()), 0)

    def _tick(self) -> None:
        left = self.left_s
        if left == 0:
            self._timer.stop()
        self.tick.emit(left)


def wait_text(seconds: int) -> str:
    """ "14 phút 05 giây" / "42 giây": how long is left, to the second."""
    minutes, rest = divmod(seconds, 60)
    if minutes:
        return QCoreApplication.translate("WaitText", "{minutes} phút {seconds} giây").format(
            minutes=minutes, seconds=f"{rest:02d}"
        )
    return QCoreApplication.translate("WaitText", "{seconds} giây").format(seconds=rest)


class WrongCodeScreen(NoticeScreen):
    """A code that opened no door, for a reason it may not tell (docs/security.md), or a QR
    that is not a pickup code at all. A wait the wrong code started is counted down before the
    citizen may try again; a code typed without the phone digits may be checked with them."""

    kind = Screen.WRONG_CODE

    retry = Signal()
    with_digits = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.tries_left: int | None = None
        self.bad_qr = False
        self.verified = False
        self.countdown = WaitCountdown(self)
        self.countdown.tick.connect(lambda _left: self.retranslate())
        self.retry_button = button("primary", self)
        self.retry_button.clicked.connect(self.retry.emit)
        self.digits_button = button("", self)
        self.digits_button.clicked.connect(self.with_digits.emit)
        self.back = self.home_button()
        self.button_row(self.retry_button, self.digits_button, self.back)
        self.retranslate()

    def show_tries(
        self, tries_left: int | None, wait_s: float = 0.0, verified: bool = False
    ) -> None:
        """A wrong code; ``verified``: the phone digits were given already."""
        self.tries_left, self.bad_qr, self.verified = tries_left, False, verified
        self.countdown.start(wait_s)

    def show_bad_qr(self) -> None:
        """A scanned QR that is not a pickup code (malformed, or far too long)."""
        self.tries_left, self.bad_qr, self.verified = None, True, True
        self.countdown.start(0)

    def reset(self) -> None:
        self.countdown.stop()

    def retranslate(self) -> None:
        left, wait = self.tries_left, self.countdown.left_s
        if wait:
            message = self.tr("Vui lòng chờ {wait} rồi thử lại.").format(wait=wait_text(wait))
        elif left is not None and 0 < left <= 3:
            message = self.tr("Ông/Bà còn %n lần thử.", "", left)
        else:
            message = ""
        if self.bad_qr:
            title = self.tr("Mã QR không hợp lệ")
            message = self.tr("Mã QR này không phải mã nhận kết quả.")
            steps = [
                self.tr("Dùng mã QR trong tin nhắn SMS báo kết quả, hoặc nhập mã OTP 8 chữ số."),
            ]
        else:
            title = self.tr("Mã không đúng")
            steps = [
                self.tr("Kiểm tra lại mã OTP gồm 8 chữ số trong tin nhắn SMS."),
                self.tr("Có mã QR trong tin nhắn? Đưa mã QR vào máy quét."),
            ]
            if not self.verified:
                steps.append(
                    self.tr(
                        "Chắc chắn mã đúng? Kiểm tra bằng 3 số cuối điện thoại: kết quả có thể"
                        " chưa được đưa vào tủ."
                    )
                )
        steps.append(
            self.tr("Cần hỗ trợ? Gọi Đường dây nóng {hotline}.").format(hotline=self.hotline)
        )
        self.show_notice(title, message, steps)
        self.retry_button.setText(self.tr("Nhập lại mã"))
        self.retry_button.setEnabled(wait == 0)
        self.digits_button.setText(self.tr("Kiểm tra bằng số điện thoại"))
        self.digits_button.setVisible(not self.verified)
        self.digits_button.setEnabled(wait == 0)
        self.back.setText(self.tr("Về màn hình chính"))


class CodePausedScreen(NoticeScreen):
    """Typed codes wait after a run of wrong ones, or this dossier is on hold: how long, counted
    down to the second; then the citizen may try again."""

    kind = Screen.CODE_PAUSED

    retry = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.held = False
        self.countdown = WaitCountdown(self)
        self.countdown.tick.connect(lambda _left: self.retranslate())
        self.retry_button = button("primary", self)
        self.retry_button.clicked.connect(self.retry.emit)
        self.back = self.home_button()
        self.button_row(self.retry_button, self.back)
        self.retranslate()

    def show_wait(self, wait_s: float, held: bool = False) -> None:
        """``held``: a QR's dossier is on hold (typed codes are not held up by it)."""
        self.held = held
        self.countdown.start(wait_s)

    def reset(self) -> None:
        self.countdown.stop()

    def retranslate(self) -> None:
        wait = self.countdown.left_s
        message = (
            self.tr("Vui lòng thử lại sau {wait}.").format(wait=wait_text(wait))
            if wait
            else self.tr("Ông/Bà có thể thử lại ngay bây giờ.")
        )
        self.show_notice(
            self.tr("Tạm khóa nhập mã"),
            message,
            [
                self.tr("Kiểm tra lại mã OTP trong tin nhắn SMS trước khi thử lại."),
                self.tr("Mã QR này tạm khóa; Ông/Bà có thể nhập mã OTP trên bàn phím.")
                if self.held
                else self.tr("Có mã QR trong tin nhắn? Mã QR không phải chờ."),
                self.hotline_step(),
                self.counter_step(),
            ],
        )
        self.retry_button.setText(self.tr("Nhập lại mã"))
        self.retry_button.setEnabled(wait == 0)
        self.back.setText(self.tr("Về màn hình chính"))


class SeeCounterScreen(NoticeScreen):
    """The code cannot open a door here: expired, revoked, void, used, not loaded yet, or the
    door is out of service. The counter or the hotline can help."""

    kind = Screen.SEE_COUNTER
    REASONS = (
        Refusal.EXPIRED,
        Refusal.REVOKED,
        Refusal.VOID,
        Refusal.USED,
        Refusal.NOT_READY,
        Refusal.OUT_OF_SERVICE,
    )

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.reason = Refusal.EXPIRED
        self.back = self.home_button("primary")
        self.button_row(self.back)
        self.retranslate()

    def show_reason(self, reason: Refusal) -> None:
        self.reason = reason
        self.retranslate()

    def retranslate(self) -> None:
        title, message = {
            Refusal.EXPIRED: (
                self.tr("Mã OTP đã hết hạn"),
                self.tr("Không thể nhận kết quả tại tủ bằng mã này nữa."),
            ),
            Refusal.REVOKED: (
                self.tr("Mã OTP không còn hiệu lực"),
                self.tr(
                    "Mã này đã được thay bằng mã mới hoặc kết quả đã được"
                    " chuyển về bộ phận một cửa. Vui lòng xem tin nhắn SMS"
                    " mới nhất."
                ),
            ),
            Refusal.VOID: (
                self.tr("Mã OTP đã bị khóa"),
                self.tr("Mã đã bị nhập sai quá nhiều lần nên không dùng được nữa."),
            ),
            Refusal.USED: (
                self.tr("Mã OTP đã được sử dụng"),
                self.tr("Kết quả của mã này đã được nhận."),
            ),
            Refusal.NOT_READY: (
                self.tr("Kết quả chưa có trong tủ"),
                self.tr("Kết quả của Ông/Bà chưa được đưa vào tủ. Vui lòng quay lại sau."),
            ),
            Refusal.OUT_OF_SERVICE: (
                self.tr("Ô tủ tạm ngưng phục vụ"),
                self.tr(
                    "Ô tủ chứa kết quả của Ông/Bà đang chờ cán bộ kiểm"
                    " tra. Xin lỗi vì sự bất tiện này."
                ),
            ),
        }[self.reason]
        self.show_notice(
            title,
            message,
            [
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        self.back.setText(self.tr("Về màn hình chính"))


class DoorFailedScreen(IncidentSlipScreen):
    """The door did not open: apologise, say staff know, hand an incident receipt."""

    kind = Screen.DOOR_FAILED

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.dropoff = False
        self.retranslate()

    def show_failure(self, dropoff: bool) -> None:
        self.dropoff = dropoff
        self.expect_slip()
        self.retranslate()

    def retranslate(self) -> None:
        message = (
            self.tr("Hồ sơ của Ông/Bà chưa được nộp. Cán bộ đã được thông báo.")
            if self.dropoff
            else self.tr(
                "Kết quả của Ông/Bà vẫn an toàn trong tủ và mã OTP vẫn còn hiệu lực."
                " Cán bộ đã được thông báo."
            )
        )
        receipt = (
            self.tr("Nhận phiếu ghi nhận sự cố ở khe máy in.")
            if self.printed
            else self.tr("Chụp ảnh phiếu ghi nhận sự cố bên phải bằng điện thoại.")
        )
        self.show_notice(
            self.tr("Xin lỗi, ô tủ không mở được"),
            message,
            [
                receipt,
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        self.back.setText(self.tr("Về màn hình chính"))


class ProblemScreen(NoticeScreen):
    """Something else went wrong (a door busy, a fault), or the kiosk took too long
    (``overdue``: a 'please wait' screen's deadline passed): try again later."""

    kind = Screen.PROBLEM

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.overdue = False
        self.back = self.home_button("primary")
        self.button_row(self.back)
        self.retranslate()

    def show_cause(self, overdue: bool) -> None:
        self.overdue = overdue
        self.retranslate()

    def retranslate(self) -> None:
        title, message = (
            (
                self.tr("Xin lỗi, máy phản hồi quá lâu"),
                self.tr(
                    "Yêu cầu của Ông/Bà chưa hoàn tất. Mã của Ông/Bà vẫn còn hiệu lực;"
                    " vui lòng thử lại sau ít phút."
                ),
            )
            if self.overdue
            else (self.tr("Xin lỗi, máy đang bận"), self.tr("Vui lòng thử lại sau ít phút."))
        )
        self.show_notice(
            title,
            message,
            [
                self.tr("Gọi Đường dây nóng {hotline} nếu cần hỗ trợ.").format(
                    hotline=self.hotline
                ),
            ],
        )
        self.back.setText(self.tr("Về màn hình chính"))


class OutOfServiceScreen(NoticeScreen):
    """Part of the kiosk does not work: say which services still do."""

    kind = Screen.OUT_OF_SERVICE

    lookup = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.available = Availability(pickup=False, dropoff=False)
        self.lookup_button = button("primary", self)
        self.lookup_button.clicked.connect(self.lookup.emit)
        self.back = self.home_button()
        self.button_row(self.lookup_button, self.back)
        self.retranslate()

    def show_availability(self, available: Availability) -> None:
        self.available = available
        self.retranslate()

    def retranslate(self) -> None:
        works, stopped = self.tr("vẫn hoạt động"), self.tr("tạm ngưng")
        a = self.available
        self.show_notice(
            self.tr("Tạm ngưng phục vụ"),
            self.tr("Xin lỗi, tủ đang gặp sự cố. Cán bộ đã được thông báo."),
            [
                self.tr("Nhận kết quả: {state}").format(state=works if a.pickup else stopped),
                self.tr("Nộp hồ sơ: {state}").format(state=works if a.dropoff else stopped),
                self.tr("Tra cứu hồ sơ: {state}").format(state=works if a.online else stopped),
                self.counter_step(),
                self.hotline_step(),
            ],
        )
        self.next_heading.setText(self.tr("Tình trạng các dịch vụ:"))
        self.lookup_button.setText(self.tr("Tra cứu hồ sơ"))
        self.back.setText(self.tr("Về màn hình chính"))
