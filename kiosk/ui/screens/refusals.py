"""Refusals and apologies, each saying what the citizen can do next.

A wrong code never says whether the dossier exists (central-api.md: codes are guessable).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from drivers.interfaces import Receipt
from kiosk.clock import minutes_left
from kiosk.services.lockers import Refusal
from kiosk.settings import Settings
from kiosk.ui.availability import Availability
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import NoticeScreen
from kiosk.ui.widgets.common import button
from kiosk.ui.widgets.paper import PaperReceipt


class WrongCodeScreen(NoticeScreen):
    kind = Screen.WRONG_CODE

    retry = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.tries_left: int | None = None
        self.retry_button = button("primary", self)
        self.retry_button.clicked.connect(self.retry.emit)
        self.back = self.home_button()
        self.button_row(self.retry_button, self.back)
        self.retranslate()

    def show_tries(self, tries_left: int | None) -> None:
        self.tries_left = tries_left
        self.retranslate()

    def retranslate(self) -> None:
        left = self.tries_left
        if left is None:
            message = ""
        elif left > 0:
            message = self.tr("Ông/Bà còn %n lần thử.", "", left)
        else:
            message = self.tr("Ông/Bà đã nhập sai nhiều lần. Lần thử tiếp theo phải chờ một lát.")
        self.show_notice(
            self.tr("Mã không đúng"),
            message,
            [
                self.tr("Kiểm tra lại mã OTP gồm 8 chữ số trong tin nhắn SMS."),
                self.tr("Có mã QR trong tin nhắn? Đưa mã QR vào máy quét."),
                self.tr("Cần hỗ trợ? Gọi Đường dây nóng {hotline}.").format(hotline=self.hotline),
            ],
        )
        self.retry_button.setText(self.tr("Nhập lại mã"))
        self.back.setText(self.tr("Về màn hình chính"))


class CodePausedScreen(NoticeScreen):
    kind = Screen.CODE_PAUSED

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.wait_s = 0.0
        self.back = self.home_button("primary")
        self.button_row(self.back)
        self.retranslate()

    def show_wait(self, wait_s: float) -> None:
        self.wait_s = wait_s
        self.retranslate()

    def retranslate(self) -> None:
        minutes = max(minutes_left(self.wait_s), 1)
        self.show_notice(
            self.tr("Tạm khóa nhập mã"),
            self.tr("Vui lòng thử lại sau %n phút.", "", minutes),
            [
                self.tr("Kiểm tra lại mã OTP trong tin nhắn SMS trước khi thử lại."),
                self.hotline_step(),
                self.counter_step(),
            ],
        )
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


class DoorFailedScreen(NoticeScreen):
    """The door did not open: apologise, say staff know, hand an incident receipt."""

    kind = Screen.DOOR_FAILED

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.dropoff = False
        self.printed = True
        self.paper = PaperReceipt(self)
        self.paper.hide()
        self.middle.addWidget(self.paper, 1)
        self.back = self.home_button("primary")
        self.button_row(self.back)
        self.retranslate()

    def show_failure(self, dropoff: bool) -> None:
        self.dropoff = dropoff
        self.printed = True
        self.paper.hide()
        self.retranslate()

    def show_unprinted(self, receipt: Receipt) -> None:
        """The incident receipt could not be printed either: show it."""
        self.printed = False
        self.paper.show_receipt(receipt)
        self.paper.show()
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


class NoFreeCompartmentScreen(NoticeScreen):
    kind = Screen.NO_FREE_COMPARTMENT

    other_size = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.other = button("primary", self)
        self.other.clicked.connect(self.other_size.emit)
        self.back = self.home_button()
        self.button_row(self.other, self.back)
        self.retranslate()

    def retranslate(self) -> None:
        self.show_notice(
            self.tr("Hết ô tủ trống cỡ này"),
            self.tr("Không còn ô tủ trống vừa với cỡ Ông/Bà chọn."),
            [
                self.tr("Chọn cỡ ô tủ lớn hơn, hoặc để tủ tự chọn."),
                self.with_hours(
                    self.tr("Nộp hồ sơ tại bộ phận một cửa trong giờ hành chính: {hours}.")
                ),
            ],
        )
        self.other.setText(self.tr("Chọn cỡ khác"))
        self.back.setText(self.tr("Về màn hình chính"))
