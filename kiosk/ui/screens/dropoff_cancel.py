"""Taking a drop-off back at its open door ("Ô tủ quá nhỏ / Hủy"): close the door empty, then
the drop-off is cancelled, with the larger sizes still free offered."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.domain import Size
from kiosk.settings import Settings
from kiosk.ui.machine import Screen
from kiosk.ui.screens.base import NoticeScreen
from kiosk.ui.screens.door import DoorScreen, DoorTask
from kiosk.ui.screens.dropoff import SizeOffer


class DropoffCancelScreen(DoorScreen):
    """The door is still open: the citizen closes it, with their papers taken out. Its closing
    decides, through the sensors: shut empty, the drop-off is cancelled; shut on the papers,
    they are received (and the citizen gets the receipt)."""

    kind = Screen.DROPOFF_CANCEL

    def spoken(self) -> list[str]:
        return ["dropoff_cancel_papers" if self.papers_inside else "dropoff_cancel"]

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.papers_inside = False
        self.staff_told = False
        self.where.hide()  # the citizen is standing at the open door
        self.finish = self.home_button("primary")
        self.text.addWidget(self.finish)
        self.retranslate()

    def show_door(self, compartment: str, task: DoorTask) -> None:
        self.papers_inside = self.staff_told = False
        super().show_door(compartment, task)

    def show_staff_told(self) -> None:
        """The door stayed open past the alarm time: staff know (``door_left_open``), and the
        citizen may leave; its closing still decides, whenever it comes."""
        self.staff_told = True
        self.retranslate()

    def show_papers_inside(self, inside: bool) -> None:
        """What the item sensor sees in the open compartment now."""
        self.papers_inside = inside
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Hủy nộp hồ sơ"))
        instruction = (
            self.tr("Hồ sơ vẫn còn trong ô tủ: vui lòng lấy hồ sơ ra, rồi đóng cửa ô tủ {label}.")
            if self.papers_inside
            else self.tr("Vui lòng lấy lại hồ sơ (nếu đã đặt vào) và đóng cửa ô tủ {label}.")
        )
        self.instruction.setText(instruction.format(label=self.compartment))
        self.note.setText(
            self.tr("Cán bộ đã được thông báo. Ông/Bà có thể về màn hình chính.")
            if self.staff_told
            else self.tr(
                "Đóng cửa khi ô tủ trống thì việc nộp hồ sơ được hủy; nếu còn hồ sơ bên trong,"
                " tủ nhận hồ sơ."
            )
        )
        self.finish.setVisible(self.staff_told)
        self.finish.setText(self.tr("Về màn hình chính"))


class DropoffCancelledScreen(NoticeScreen):
    """The door shut empty: nothing was handed in. A larger free size is one tap away."""

    kind = Screen.DROPOFF_CANCELLED

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent, title_role="title")
        self.dossier_code = ""
        self.compartment = ""
        self.larger: list[Size] = []
        self.offer = SizeOffer(self)
        self.body.insertWidget(self.body.count() - 1, self.offer)
        self.back = self.home_button()
        self.button_row(self.back)
        self.retranslate()

    def show_cancelled(self, dossier_code: str, compartment: str, larger: list[Size]) -> None:
        """``larger``: the sizes above the door's that have a free door now."""
        self.dossier_code = dossier_code
        self.compartment = compartment
        self.larger = larger
        self.offer.offer(larger)
        self.retranslate()

    def retranslate(self) -> None:
        door = self.compartment
        message = self.tr("Ô tủ {label} đã đóng và trống. Hồ sơ {code} chưa được nộp.").format(
            label=door, code=self.dossier_code
        )
        if self.larger:  # one step: the sizes below it need the room
            steps = [self.tr("Ô tủ quá nhỏ? Chạm vào một cỡ lớn hơn bên dưới để mở ô tủ khác.")]
        else:
            message += " " + self.tr("Hiện không còn ô tủ trống nào lớn hơn.")
            counter = self.tr("Nộp hồ sơ tại bộ phận một cửa trong giờ hành chính: {hours}.")
            steps = [self.with_hours(counter), self.hotline_step()]
        self.show_notice(self.tr("Đã hủy nộp hồ sơ"), message, steps)
        self.back.setText(self.tr("Về màn hình chính"))
