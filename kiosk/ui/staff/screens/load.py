"""Loading results: scan an envelope, confirm whose it is and which door, place it, close.

A loading session runs through these screens once per envelope and ends with a printed summary
(the two pages after the door, and the session's list, are in ``load_end``).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.services.refusals import Refusal
from kiosk.services.staff_ops import LoadedEnvelope, LoadProposal
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import DoorGrid, StaffPage
from kiosk.ui.staff.screens.load_end import LoadDonePage, LoadSummaryPage, SessionList
from kiosk.ui.widgets.codepad import CodeKeyboard, fit_code, type_key
from kiosk.ui.widgets.common import label, set_role
from kiosk.ui.widgets.locker_map import LockerMap

# The locker picture as tall as on the citizen's door screen (its labels stay legible).
MAP_MAX_PX = 600


class LoadScanPage(StaffPage):
    kind = StaffScreen.LOAD_SCAN

    code_entered = Signal(str)
    finish = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.code = ""
        self.refusal: Refusal | None = None
        self.loaded: list[LoadedEnvelope] = []
        self.instruction = label("staff-text", self)
        self.field = label("code-field-small", self, wrap=False)
        self.message = label("staff-bad", self)
        self.keyboard = CodeKeyboard(self)
        self.keyboard.key.connect(self._key)
        self.keyboard.delete.connect(self._delete)
        self.confirm = self.staff_button("primary")
        self.confirm.clicked.connect(lambda: self.code_entered.emit(self.code))
        self.session_title = label("staff-subtitle", self)
        self.session = SessionList(self)
        self.finish_button = self.staff_button()
        self.finish_button.clicked.connect(self.finish.emit)

        self.confirm.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        entry = QHBoxLayout()
        entry.setSpacing(16)
        entry.addWidget(self.field, 1)
        entry.addWidget(self.confirm)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.instruction)
        left.addLayout(entry)
        left.addWidget(self.message)
        left.addWidget(self.keyboard)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self.session_title)
        right.addWidget(self.session, 1)
        right.addWidget(self.finish_button)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addLayout(left, 3)
        row.addLayout(right, 2)
        self.body.addLayout(row, 1)
        self.reset()

    def reset(self) -> None:
        self.code = ""
        self.refusal = None
        self._update()

    def set_code(self, code: str) -> None:
        """A code scanned from the envelope, shown as if typed."""
        self.code = fit_code(code)
        self.refusal = None
        self._update()

    def show_session(self, loaded: Sequence[LoadedEnvelope]) -> None:
        self.loaded = list(loaded)
        self.session.show_envelopes(self.loaded)
        self._update()

    def show_refusal(self, refusal: Refusal) -> None:
        self.refusal = refusal
        self._update()

    def _key(self, char: str) -> None:
        self.code = type_key(self.code, char)  # the dots and dashes follow, as for citizens
        self.refusal = None
        self._update()

    def _delete(self) -> None:
        self.code = self.code[:-1]
        self._update()

    def _update(self) -> None:
        self.field.setText(self.code or " ")
        self.confirm.setEnabled(bool(self.code))
        self.finish_button.setEnabled(bool(self.loaded))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Nạp kết quả vào tủ"))
        self.instruction.setText(
            self.tr("Quét mã hồ sơ trên phong bì kết quả, hoặc nhập mã hồ sơ:")
        )
        self.confirm.setText(self.tr("Tiếp tục"))
        self.keyboard.retranslate()
        self.session_title.setText(self.tr("Đã nạp trong phiên này: %n", "", len(self.loaded)))
        self.session.set_empty_text(self.tr("Chưa nạp phong bì nào."))
        self.finish_button.setText(self.tr("Kết thúc, in phiếu tổng hợp"))
        self.message.setText(self._refusal_text())
        self.message.setVisible(self.refusal is not None)

    def _refusal_text(self) -> str:
        return {
            Refusal.UNKNOWN_DOSSIER: self.tr(
                "Không có kết quả nào được phát hành cho mã hồ sơ này tại máy. Kiểm tra lại mã,"
                " hoặc chờ máy đồng bộ với hệ thống."
            ),
            Refusal.ALREADY_LOADED: self.tr("Kết quả của hồ sơ này đã được nạp vào tủ."),
            Refusal.PICKED_UP: self.tr("Công dân đã nhận kết quả của hồ sơ này."),
            Refusal.BAD_CODE_FORMAT: self.tr("Mã hồ sơ không đúng định dạng."),
            None: "",
        }.get(self.refusal, self.tr("Không nạp được phong bì này."))


class DoorChoicePage(StaffPage):
    """A door, large and lit on the locker picture; under its texts the page's own action, then
    "pick another door" and "scan another envelope"."""

    pick = Signal()
    rescan = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.door_label = label("big-label", self)
        self.map = LockerMap(settings.locker.compartments, self)
        self.map.setMaximumHeight(MAP_MAX_PX)

    def lay_out(self, texts: Sequence[QWidget], action: QPushButton, spacing: int) -> None:
        """``texts`` from the top and the buttons at the bottom on the left, the map right."""
        # Made here, after the page's own ``action``: siblings are painted in creation order.
        self.pick_button = self.staff_button()
        self.pick_button.clicked.connect(self.pick.emit)
        self.rescan_button = self.staff_button()
        self.rescan_button.clicked.connect(self.rescan.emit)
        column = QVBoxLayout()
        column.setSpacing(spacing)
        for w in texts:
            column.addWidget(w)
        column.addStretch(1)
        for b in (action, self.pick_button, self.rescan_button):
            column.addWidget(b)
        row = QHBoxLayout()
        row.setSpacing(48)
        row.addLayout(column, 3)
        row.addWidget(self.map, 2)
        self.body.addLayout(row, 1)


class LoadConfirmPage(DoorChoicePage):
    kind = StaffScreen.LOAD_CONFIRM

    open_door = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.proposal: LoadProposal | None = None
        self.compartment: str | None = None
        self.facts = label("staff-text", self)
        self.door_note = label("staff-text", self)
        self.open_button = self.staff_button("primary")
        self.open_button.clicked.connect(self.open_door.emit)
        self.lay_out((self.facts, self.door_label, self.door_note), self.open_button, spacing=16)
        self.retranslate()

    def show_proposal(self, proposal: LoadProposal, compartment: str | None) -> None:
        """Whose envelope it is and the door it goes into (the kiosk's or staff's choice)."""
        self.proposal = proposal
        self.compartment = compartment
        self.map.highlight(compartment)
        # No door: the note says so in words, with no stand-in for a label.
        self.door_label.setVisible(compartment is not None)
        self.open_button.setVisible(compartment is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Kiểm tra phong bì"))
        p = self.proposal
        if p is not None:
            r = p.release
            self.facts.setText(
                self.tr("Mã hồ sơ: {code}\nNgười nhận: {holder}\nThủ tục: {procedure}").format(
                    code=r.dossier_code, holder=r.holder_masked, procedure=r.procedure_name
                )
            )
        self.door_label.setText(self.compartment or "")
        self.door_note.setText(self._door_note(p))
        self.open_button.setText(self.tr("Mở ô {label}").format(label=self.compartment or ""))
        self.pick_button.setText(self.tr("Chọn ô khác"))
        self.rescan_button.setText(self.tr("Quét phong bì khác"))

    def _door_note(self, p: LoadProposal | None) -> str:
        size = p.size if p else ""
        if p is not None and p.release.needs_low:
            if self.compartment:
                return self.tr(
                    "Người nhận cần ô ở hàng thấp (người dùng xe lăn): ô tủ cỡ {size} ở hàng thấp"
                    " được chọn cho phong bì này."
                ).format(size=size)
            return self.tr(
                "Người nhận cần ô ở hàng thấp (người dùng xe lăn), nhưng không còn ô thấp trống"
                " vừa với phong bì này. Giữ phong bì lại cho đến khi có ô thấp trống, hoặc báo kỹ"
                " thuật viên."
            )
        if self.compartment:
            return self.tr("Ô tủ cỡ {size} được chọn cho phong bì này.").format(size=size)
        return self.tr(
            "Không còn ô trống từ cỡ {size} trở lên cho phong bì này. Giữ phong bì lại và quét"
            " phong bì khác, hoặc báo kỹ thuật viên."
        ).format(size=size)


class LoadPickPage(StaffPage):
    kind = StaffScreen.LOAD_PICK

    chosen = Signal(str)
    back = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.hint = label("staff-text", self)
        self.grid = DoorGrid(settings.locker.compartments, self)
        self.grid.tapped.connect(self.chosen.emit)
        self.back_button = self.staff_button()
        self.back_button.clicked.connect(self.back.emit)
        self.back_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.body.addWidget(self.grid, 1)
        bottom = QHBoxLayout()
        bottom.setSpacing(24)
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.back_button)
        self.body.addLayout(bottom)
        self.free: list[str] = []
        self.retranslate()

    def show_choices(self, free: Sequence[str]) -> None:
        self.free = list(free)
        for name in self.grid.doors:
            usable = name in self.free
            self.grid.set_door(name, name, "door-free" if usable else "door-unusable", usable)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Chọn ô tủ khác"))
        self.hint.setText(
            self.tr("Chạm vào một ô trống vừa với phong bì (%n ô).", "", len(self.free))
        )
        self.back_button.setText(self.tr("Quay lại"))


class DoorStep(StrEnum):
    OPENING = "opening"
    OPEN = "open"  # waiting for the envelope and the door closing
    FAILED = "failed"  # the door did not open: it is now out of service
    EMPTY = "empty"  # the door closed on an empty compartment: nothing was loaded
    REOPENED = "reopened"  # re-opened within the grace time
    UNKNOWN = "unknown"  # no trustworthy answer: the door may be open; the monitor settles it
    NO_ANSWER = "no_answer"  # still unknown after ``timeouts.working_s``
    NOT_OPENED = "not_opened"  # the board answered again: the door never opened
    CHECK = "check"  # the board answered, but nothing says whether it opened: staff inspect


class LoadDoorPage(DoorChoicePage):
    kind = StaffScreen.LOAD_DOOR

    reopen = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.compartment = ""
        self.step = DoorStep.OPENING
        self.instruction = label("staff-subtitle", self)
        self.reopen_button = self.staff_button("primary")
        self.reopen_button.clicked.connect(self.reopen.emit)
        self.lay_out((self.door_label, self.instruction), self.reopen_button, spacing=20)
        self.retranslate()

    def show_door(self, compartment: str, step: DoorStep) -> None:
        self.compartment, self.step = compartment, step
        self.map.highlight(compartment)
        # While the door's intent is pending (unknown) no other door is offered.
        stuck = step in (DoorStep.FAILED, DoorStep.EMPTY, DoorStep.NOT_OPENED)
        bad = stuck or step in (DoorStep.NO_ANSWER, DoorStep.CHECK)
        set_role(self.title, "staff-title-bad" if bad else "staff-title")
        self.reopen_button.setVisible(step in (DoorStep.EMPTY, DoorStep.NOT_OPENED))
        self.pick_button.setVisible(stuck)
        # After CHECK the envelope's load awaits the inspection: only the next envelope.
        self.rescan_button.setVisible(stuck or step is DoorStep.CHECK)
        self.retranslate()

    def retranslate(self) -> None:
        c = self.compartment
        self.title.setText(
            {
                DoorStep.OPENING: self.tr("Đang mở ô tủ…"),
                DoorStep.OPEN: self.tr("Ô tủ đã mở"),
                DoorStep.FAILED: self.tr("Ô tủ không mở được"),
                DoorStep.EMPTY: self.tr("Chưa nạp: ô tủ trống khi đóng cửa"),
                DoorStep.REOPENED: self.tr("Ô tủ đã mở lại"),
                DoorStep.UNKNOWN: self.tr("Chưa rõ ô tủ đã mở chưa"),
                DoorStep.NO_ANSWER: self.tr("Bo mạch khóa chưa trả lời"),
                DoorStep.NOT_OPENED: self.tr("Ô tủ không mở được"),
                DoorStep.CHECK: self.tr("Ô tủ cần kiểm tra"),
            }[self.step]
        )
        self.door_label.setText(c)
        self.instruction.setText(
            {
                DoorStep.OPENING: "",
                DoorStep.OPEN: self.tr("Đặt phong bì vào ô tủ {label} rồi đóng cửa.").format(
                    label=c
                ),
                DoorStep.FAILED: self.tr(
                    "Ô {label} đã được tạm ngưng phục vụ và báo cho kỹ thuật viên. Chọn ô khác."
                ).format(label=c),
                DoorStep.EMPTY: self.tr(
                    "Máy không thấy phong bì trong ô {label}. Mở lại để đặt phong bì, hoặc chọn"
                    " ô khác."
                ).format(label=c),
                DoorStep.REOPENED: self.tr(
                    "Đổi đúng phong bì rồi đóng cửa. Nếu lấy phong bì ra rồi đóng cửa, máy sẽ cho"
                    " chọn ô khác."
                ),
                DoorStep.UNKNOWN: self.tr(
                    "Máy đang chờ bo mạch khóa trả lời. Nhìn cửa ô {label}: nếu đã mở, làm tiếp"
                    " rồi đóng cửa, máy sẽ ghi nhận; nếu chưa mở, chờ máy báo."
                ).format(label=c),
                DoorStep.NO_ANSWER: self.tr(
                    "Máy vẫn chưa biết cửa ô {label} đã mở hay chưa. Nếu cửa đã mở: làm tiếp rồi"
                    " đóng cửa, máy sẽ ghi nhận khi bo mạch trả lời lại. Nếu cửa chưa mở: giữ"
                    " phong bì lại và báo kỹ thuật viên. Lệnh mở ô này chưa xong nên chưa chọn"
                    " được ô khác."
                ).format(label=c),
                DoorStep.NOT_OPENED: self.tr(
                    "Bo mạch khóa đã trả lời: cửa ô {label} không mở, không có gì thay đổi. Mở"
                    " lại ô này hoặc chọn ô khác."
                ).format(label=c),
                DoorStep.CHECK: self.tr(
                    "Bo mạch khóa đã trả lời nhưng không cho biết cửa ô {label} đã mở hay chưa. Ô"
                    " đã tạm ngưng phục vụ: mở ô từ Sơ đồ tủ, kiểm tra rồi ghi nhận điều đã thấy."
                ).format(label=c),
            }[self.step]
        )
        self.reopen_button.setText(self.tr("Mở lại ô {label}").format(label=c))
        self.pick_button.setText(self.tr("Chọn ô khác"))
        self.rescan_button.setText(self.tr("Quét phong bì khác"))


#: The pages of a loading session, in the order staff meet them: the console builds them from
#: this one list; the flow and the screenshots name them as ``load.<Page>``.
PAGES: tuple[type[StaffPage], ...] = (
    LoadScanPage,
    LoadConfirmPage,
    LoadPickPage,
    LoadDoorPage,
    LoadDonePage,
    LoadSummaryPage,
)
