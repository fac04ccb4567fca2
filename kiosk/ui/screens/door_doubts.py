"""When the kiosk cannot be sure what a door did: an unlock without a trustworthy answer, and
papers still inside after a pickup. Each says plainly what the citizen can do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.door import DoorScreen, DoorTask
from kiosk.ui.widgets.common import button


class DoorUnknownScreen(DoorScreen):
    """The unlock was sent but the board gave no trustworthy answer: the door may be open.
    The door monitor's next readings settle it (``show_not_opened`` if it never opened,
    ``show_uncertain`` if they cannot: the door read shut again on a board without item sensors,
    and only staff, looking inside, can say whether the papers were taken or put in)."""

    kind = Screen.DOOR_UNKNOWN

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.not_opened = False
        self.uncertain = False
        self.back = self.home_button("primary")
        self.text.addWidget(self.back)
        self.retranslate()

    def idle_applies(self) -> bool:
        # The citizen may walk away: what the door did is settled by its sensors, not here.
        return True

    def spoken(self) -> list[str]:
        if self.not_opened:
            return ["not_opened"]
        if self.uncertain:
            return ["staff_check"]
        return ["check_door", *self.door_said(), "check_door_then"]

    def show_door(self, compartment: str, task: DoorTask) -> None:
        self.not_opened = self.uncertain = False
        super().show_door(compartment, task)

    def show_not_opened(self) -> None:
        """The board answered again and the door never opened."""
        self.not_opened = True
        self.retranslate()

    def show_uncertain(self) -> None:
        """The board answered again, the door reads shut, and nothing says whether it opened:
        the door is out of service until staff look inside."""
        self.uncertain = True
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        door = self.compartment
        take = self.task is DoorTask.TAKE
        call = self.tr("Vui lòng gọi Đường dây nóng {hotline} hoặc quay lại sau.").format(
            hotline=self.hotline
        )
        if self.not_opened:
            self.title.setText(self.tr("Ô tủ {label} không mở được").format(label=door))
            self.instruction.setText(
                self.tr("Mã OTP của Ông/Bà vẫn còn hiệu lực.")
                if take
                else self.tr("Hồ sơ của Ông/Bà chưa được nộp.")
            )
            self.note.setText(call)
        elif self.uncertain:
            self.title.setText(self.tr("Cán bộ sẽ kiểm tra ô tủ {label}").format(label=door))
            self.instruction.setText(
                self.tr("Nếu Ông/Bà chưa nhận được hồ sơ, vui lòng giữ lại tin nhắn có mã OTP.")
                if take
                else self.tr("Nếu hồ sơ chưa vào ô tủ, vui lòng giữ lại hồ sơ.")
            )
            self.note.setText(call)
        else:
            self.title.setText(self.tr("Vui lòng kiểm tra cửa ô tủ {label}").format(label=door))
            self.instruction.setText(
                self.tr("Nếu cửa đã mở: lấy hồ sơ ra rồi đóng cửa lại.")
                if take
                else self.tr("Nếu cửa đã mở: đặt hồ sơ vào rồi đóng cửa lại.")
            )
            self.note.setText(
                (
                    self.tr("Nếu cửa chưa mở: mã OTP vẫn còn hiệu lực.")
                    if take
                    else self.tr("Nếu cửa chưa mở: hồ sơ của Ông/Bà chưa được nộp.")
                )
                + " "
                + call
            )
        self.back.setText(self.tr("Về màn hình chính"))


class PapersLeftScreen(DoorScreen):
    """The door closed after a pickup with the papers still inside: nothing was handed over.
    The same door opens again while ``reopen`` shows (the grace period); after it, staff are
    told and the code still works."""

    kind = Screen.PAPERS_LEFT

    reopen = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.title.setProperty("role", "danger")
        self.staff_told = False
        self.reopen_button = button("primary", self)
        self.reopen_button.clicked.connect(self.reopen.emit)
        self.back = self.home_button()
        self.text.addWidget(self.reopen_button)
        self.text.addWidget(self.back)
        self.retranslate()

    def idle_applies(self) -> bool:
        return True

    def spoken(self) -> list[str]:
        return ["papers_left"]

    def show_door(self, compartment: str, task: DoorTask) -> None:
        self.staff_told = False
        super().show_door(compartment, task)

    def show_staff_told(self) -> None:
        """The grace period is over: the door no longer reopens from here."""
        self.staff_told = True
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Hồ sơ vẫn còn trong ô tủ"))
        if self.staff_told:
            self.instruction.setText(
                self.tr("Cán bộ đã được thông báo. Mã OTP của Ông/Bà vẫn còn hiệu lực.")
            )
        else:
            self.instruction.setText(
                self.tr("Ông/Bà chưa lấy hồ sơ. Bấm “Mở lại ô tủ” để lấy hồ sơ.")
            )
        self.note.setText(
            self.tr("Cần hỗ trợ? Gọi Đường dây nóng {hotline}.").format(hotline=self.hotline)
        )
        self.reopen_button.setVisible(not self.staff_told)
        self.reopen_button.setText(self.tr("Mở lại ô tủ"))
        self.back.setText(self.tr("Về màn hình chính"))
