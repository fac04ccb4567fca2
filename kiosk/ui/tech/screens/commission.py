"""Commissioning a cabinet, step by step on one screen: the boards, the door walk, the item
sensors, the code-page sample, the scanner's suffix, then the new configuration as a diff.

The page shows what the flow (kiosk/ui/tech/commission.py) tells it and says what each answer
did; every text is rebuilt from those facts on a language change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QWidget

from drivers.interfaces import UnlockOutcome
from drivers.locks.probe import FoundBoard
from kiosk.commission.findings import SCAN_WAIT_S, CommissionError, DeviceFault, Problem
from kiosk.settings import Settings
from kiosk.ui.staff.machine import StaffScreen
from kiosk.ui.staff.page import RowList, StaffPage
from kiosk.ui.tech.commission_words import device_fault_text, problem_text, stop_text
from kiosk.ui.widgets.common import button, label, set_role

LABEL_COLUMNS = 12


class Step(StrEnum):
    START = "start"
    SEARCHING = "searching"
    STOPPED = "stopped"
    DOOR = "door"
    PULSING = "pulsing"
    NAME = "name"
    CLOSE = "close"
    ITEM_PUT = "item_put"
    ITEM_TAKE = "item_take"
    PRINTING = "printing"
    LINES = "lines"
    SCAN = "scan"
    SCANNING = "scanning"
    WRITING = "writing"  # the draft being written and checked, or saved
    REVIEW = "review"
    DONE = "done"


class Action(StrEnum):
    SEARCH = "search"
    PULSE = "pulse"
    SKIP = "skip"
    SKIP_BOARD = "skip_board"
    END_WALK = "end_walk"
    PROPOSED = "proposed"  # the label the wizard proposes for a door the sensor saw open
    NONE_OPENED = "none_opened"
    CLOSED = "closed"
    SKIP_CLOSE = "skip_close"
    ITEM_IN = "item_in"
    ITEM_OUT = "item_out"
    NO_LINE = "no_line"
    SCAN = "scan"
    SKIP_SCAN = "skip_scan"
    SAVE = "save"
    DISCARD = "discard"
    AGAIN = "again"


# The buttons each step offers, in the order shown.
ACTIONS: dict[Step, tuple[Action, ...]] = {
    Step.START: (Action.SEARCH,),
    Step.STOPPED: (Action.AGAIN,),
    Step.DOOR: (Action.PULSE, Action.SKIP, Action.SKIP_BOARD, Action.END_WALK),
    Step.NAME: (Action.PROPOSED, Action.NONE_OPENED),
    Step.CLOSE: (Action.CLOSED, Action.SKIP_CLOSE),
    Step.ITEM_PUT: (Action.ITEM_IN,),
    Step.ITEM_TAKE: (Action.ITEM_OUT,),
    Step.LINES: (Action.NO_LINE,),
    Step.SCAN: (Action.SCAN, Action.SKIP_SCAN),
    Step.REVIEW: (Action.SAVE, Action.DISCARD),
    Step.DONE: (Action.AGAIN,),
}


class Note(StrEnum):
    """What the last answer or device did, under the step's instruction."""

    NONE = "none"
    NO_FILE = "no_file"
    LABEL_TAKEN = "label_taken"
    STILL_OPEN = "still_open"
    READ_FAILED = "read_failed"
    PROBLEM = "problem"  # a recorded ``Problem``
    ITEM_SEEN = "item_seen"
    ITEM_NOT_SEEN = "item_not_seen"
    RASTER = "raster"
    SCAN_LEARNED = "scan_learned"
    NOTHING_TO_LEARN = "nothing_to_learn"
    SAVED = "saved"
    SAVED_ELSEWHERE = "saved_elsewhere"  # the file to install by hand: the kiosk may not write
    NOT_SAVED = "not_saved"


GOOD_NOTES = frozenset(
    {
        Note.ITEM_SEEN,
        Note.RASTER,
        Note.SCAN_LEARNED,
        Note.NOTHING_TO_LEARN,
        Note.SAVED,
        Note.SAVED_ELSEWHERE,
    }
)


@dataclass
class CommissionView:
    """Everything the screen shows; the flow changes it and calls ``show``."""

    step: Step = Step.START
    note: Note = Note.NONE
    boards: list[FoundBoard] = field(default_factory=list)
    board: int = 0
    lock: int = 0
    index: int = 0  # of the door walk, from 1
    total: int = 0
    outcome: UnlockOutcome | None = None
    labels: list[str] = field(default_factory=list)  # to tap on NAME
    taken: set[str] = field(default_factory=set)
    proposed: str | None = None
    door: str = ""  # the label of the door the step is about
    fault: DeviceFault | None = None
    problem: Problem | None = None
    candidates: list[tuple[int, int]] = field(default_factory=list)
    suffix: str | None = None
    strip_aim: bool = False
    diff: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    error: CommissionError | None = None
    path: str = ""
    saved: str = ""  # where "Lưu cấu hình" puts it: ``path``, or a file to install
    report: str = ""


class TechCommissionPage(StaffPage):
    kind = StaffScreen.TECH_COMMISSION

    act = Signal(object)  # Action
    named = Signal(str)  # the label tapped
    line = Signal(int)  # the sample line that reads right, from 1

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(settings, parent)
        self.view = CommissionView()
        self.facts = label("staff-small", self)
        self.message = label("staff-subtitle", self)
        self.note = label("staff-notice", self)
        self.labels = QFrame(self)
        self.labels.setProperty("role", "locker-tech")
        self._label_grid = QGridLayout(self.labels)
        self._label_grid.setSpacing(6)
        self.label_buttons: dict[str, QPushButton] = {}
        self.lines_row = QHBoxLayout()
        self.lines_row.setSpacing(16)
        self.line_buttons: list[QPushButton] = []
        self.diff_view = RowList(self)
        self.diff_text = label("staff-log", self.diff_view.widget())
        self.diff_view.add(self.diff_text)
        self.diff_view.show_empty(False)
        self.problems = label("staff-small", self)
        self.buttons: dict[Action, QPushButton] = {}
        actions = QHBoxLayout()
        actions.setSpacing(24)
        for action in Action:
            b = self.staff_button("primary" if action in _PRIMARY else "staff")
            b.clicked.connect(lambda _=False, a=action: self.act.emit(a))
            actions.addWidget(b)
            self.buttons[action] = b
        for w in (self.facts, self.message, self.note):
            self.body.addWidget(w)
        self.body.addWidget(self.labels)
        self.body.addLayout(self.lines_row)
        self.body.addWidget(self.diff_view, 1)
        self.body.addWidget(self.problems)
        self.body.addStretch(0)
        self.body.addLayout(actions)
        self.show_view(self.view)

    def reset(self) -> None:
        self.show_view(CommissionView())

    def show_view(self, view: CommissionView) -> None:
        self.view = view
        self._fill_labels(view.labels if view.step is Step.NAME else [])
        self._fill_lines(view.candidates if view.step is Step.LINES else [])
        self.retranslate()

    def _fill_labels(self, labels: Sequence[str]) -> None:
        if list(self.label_buttons) == list(labels):
            return
        for b in self.label_buttons.values():
            b.hide()  # at once: the deletion waits for the event loop
            b.deleteLater()
        self.label_buttons = {}
        for n, name in enumerate(labels):
            b = button("door-free", self.labels)
            b.setText(name)
            b.clicked.connect(lambda _=False, text=name: self.named.emit(text))
            self._label_grid.addWidget(b, n // LABEL_COLUMNS, n % LABEL_COLUMNS)
            self.label_buttons[name] = b

    def _fill_lines(self, candidates: Sequence[tuple[int, int]]) -> None:
        if len(self.line_buttons) == len(candidates):
            return
        for b in self.line_buttons:
            b.hide()
            b.deleteLater()
        self.line_buttons = []
        for n in range(1, len(candidates) + 1):
            b = button("staff", self)
            b.clicked.connect(lambda _=False, line=n: self.line.emit(line))
            self.lines_row.addWidget(b)
            self.line_buttons.append(b)

    def retranslate(self) -> None:
        v = self.view
        self.title.setText(self.tr("Lắp đặt tủ: dò thiết bị và ghi cấu hình"))
        self.facts.setText("\n".join(self._board_line(b) for b in v.boards))
        self.facts.setVisible(bool(v.boards))
        self.message.setText(self._message())
        note = self._note()
        self.note.setText(note)
        self.note.setVisible(bool(note))
        set_role(self.note, "staff-notice")
        self.note.setProperty("tone", "good" if v.note in GOOD_NOTES else "bad")
        self.note.style().polish(self.note)
        self.labels.setVisible(v.step is Step.NAME)
        for name, b in self.label_buttons.items():
            wanted = "door-oos" if name in v.taken else "door-free"
            if b.property("role") != wanted:
                set_role(b, wanted)
        for n, b in enumerate(self.line_buttons):
            first, second = v.candidates[n]
            b.setText(
                self.tr("Dòng {n} ({first}/{second})").format(n=n + 1, first=first, second=second)
            )
        self.diff_view.setVisible(v.step is Step.REVIEW)
        self.diff_text.setText("\n".join(v.diff) or self.tr("(không thay đổi gì)"))
        self.problems.setVisible(v.step is Step.REVIEW)
        self.problems.setText(
            self.tr("Cần xem lại:") + "\n" + "\n".join(f"• {problem_text(p)}" for p in v.problems)
            if v.problems
            else self.tr("Không có vấn đề nào.")
        )
        shown = ACTIONS.get(v.step, ())
        if v.step is Step.NAME and v.proposed is None:
            shown = (Action.NONE_OPENED,)
        if v.step is Step.START and v.note is Note.NO_FILE:
            shown = ()
        for action, b in self.buttons.items():
            b.setVisible(action in shown)
            b.setText(self._action_text(action))

    def _board_line(self, b: FoundBoard) -> str:
        return self.tr(
            "Bo mạch {address}: {protocol} · {baud} baud · {channels} khóa · closed_bit {bit}"
        ).format(
            address=b.address,
            protocol=b.protocol,
            baud=b.baud,
            channels=b.channels,
            bit=b.closed_bit,
        )

    def _message(self) -> str:
        v = self.view
        s = Step
        if v.step is s.START:
            return self.tr(
                "Đóng tất cả các cửa của tủ rồi chạm “Tìm bo mạch”. Trong lúc lắp đặt, kiosk"
                " ngừng theo dõi cửa và máy quét; khi xong, kiosk theo dõi lại."
            )
        if v.step is s.SEARCHING:
            return self.tr("Đang tìm bo mạch khóa: các giao thức, tốc độ truyền và địa chỉ…")
        if v.step is s.STOPPED:
            return stop_text(v.error) if v.error is not None else ""
        if v.step is s.DOOR:
            return self.tr(
                "Bo mạch {board}, khóa {lock} ({index}/{total}): chạm “Mở thử” rồi xem cửa nào mở."
            ).format(board=v.board, lock=v.lock, index=v.index, total=v.total)
        if v.step is s.PULSING:
            return self.tr("Đang mở khóa {lock} của bo mạch {board}…").format(
                board=v.board, lock=v.lock
            )
        if v.step is s.NAME:
            if v.outcome is UnlockOutcome.OPENED:
                return self.tr("Cảm biến thấy một cửa mở. Chạm vào nhãn của cửa vừa mở.")
            return self.tr(
                "Cảm biến không thấy cửa nào mở ({why}). Nếu một cửa vẫn mở, chạm vào nhãn của nó."
            ).format(why=self._outcome())
        if v.step is s.CLOSE:
            return self.tr("Đóng cửa {label} rồi chạm “Đã đóng”.").format(label=v.door)
        if v.step is s.ITEM_PUT:
            return self.tr("Đặt một tờ giấy vào ô {label}, đóng cửa rồi chạm “Xong”.").format(
                label=v.door
            )
        if v.step is s.ITEM_TAKE:
            return self.tr("Lấy tờ giấy ra khỏi ô {label}, đóng cửa rồi chạm “Xong”.").format(
                label=v.door
            )
        if v.step is s.PRINTING:
            return self.tr("Đang in phiếu mẫu bảng mã…")
        if v.step is s.LINES:
            return self.tr(
                "Dòng đánh số nào trên phiếu mẫu đọc đúng “Tiếng Việt: Phường Bến Nghé…”?"
            )
        if v.step is s.SCAN:
            return self.tr("Chạm “Quét thử” rồi quét mã QR trên phiếu mẫu.")
        if v.step is s.SCANNING:
            return self.tr("Đang chờ mã quét (tối đa {seconds} giây)…").format(
                seconds=f"{SCAN_WAIT_S:g}"
            )
        if v.step is s.WRITING:
            return self.tr("Đang ghi và kiểm tra cấu hình…")
        if v.step is s.REVIEW:
            review = self.tr(
                "Xem lại cấu hình mới của {path} (dòng “+” được thêm, dòng “-” bị bỏ) rồi lưu."
            ).format(path=v.path)
            if v.saved and v.saved != v.path:
                review += " " + self.tr(
                    "Kiosk không được ghi vào thư mục của tệp này: cấu hình mới sẽ được lưu ở"
                    " {saved} để cài đặt."
                ).format(saved=v.saved)
            return review
        if v.note is Note.SAVED_ELSEWHERE:
            return self.tr(
                "Đã lưu cấu hình mới ở {saved}. Cài đặt nó bằng “sudo cp {saved} {path}” rồi"
                " khởi động lại kiosk. Biên bản lắp đặt: {report}"
            ).format(saved=v.saved, path=v.path, report=v.report)
        if v.note is Note.SAVED:
            return self.tr(
                "Đã lưu cấu hình. Khởi động lại kiosk để dùng cấu hình mới. Biên bản lắp đặt:"
                " {report}"
            ).format(report=v.report)
        return self.tr("Chưa lưu cấu hình. Biên bản lắp đặt: {report}").format(report=v.report)

    def _outcome(self) -> str:
        return {
            UnlockOutcome.JAMMED: self.tr("cửa vẫn đóng: kẹt?"),
            UnlockOutcome.OPEN_BEFORE: self.tr("cảm biến đã báo mở từ trước"),
            UnlockOutcome.UNKNOWN: self.tr("không đọc lại được bo mạch"),
        }.get(self.view.outcome or UnlockOutcome.UNKNOWN, self.tr("không đọc lại được bo mạch"))

    def _note(self) -> str:
        v = self.view
        n = Note
        if v.note is n.NO_FILE:
            return self.tr(
                "Kiosk chạy không có tệp cấu hình (--config hoặc KIOSK_CONFIG): không có nơi lưu"
                " cấu hình mới."
            )
        if v.note is n.LABEL_TAKEN:
            return self.tr("{label} đã là nhãn của một cửa khác: chọn nhãn khác.").format(
                label=v.door
            )
        if v.note is n.STILL_OPEN:
            return self.tr("Cảm biến của {label} vẫn báo mở: đóng chặt cửa rồi chạm lại.").format(
                label=v.door
            )
        if v.note is n.READ_FAILED:
            return self.tr("Không đọc được bo mạch {board}: {fault}.").format(
                board=v.board, fault=device_fault_text(v.fault)
            )
        if v.note is n.PROBLEM and v.problem is not None:
            return problem_text(v.problem)
        if v.note is n.ITEM_SEEN:
            return self.tr("Cảm biến vật phẩm thấy tờ giấy: dùng cảm biến vật phẩm.")
        if v.note is n.ITEM_NOT_SEEN:
            return self.tr(
                "Cảm biến vật phẩm của {label} không thấy tờ giấy: không dùng cảm biến vật phẩm."
            ).format(label=v.door)
        if v.note is n.RASTER:
            return self.tr("Tiếng Việt sẽ được in dạng ảnh (raster).")
        if v.note is n.SCAN_LEARNED:
            ends = {"CR": "CR", "LF": "LF", "CRLF": "CRLF"}.get(
                v.suffix or "", self.tr("một khoảng lặng")
            )
            aim = self.tr(", có tiền tố AIM") if v.strip_aim else ""
            return self.tr("Máy quét kết thúc mã bằng {suffix}{aim}.").format(suffix=ends, aim=aim)
        if v.note is n.NOTHING_TO_LEARN:
            return self.tr("Máy quét không dùng cổng serial: không cần dò ký tự kết thúc.")
        return ""

    def _action_text(self, action: Action) -> str:
        a = Action
        return {
            a.SEARCH: self.tr("Tìm bo mạch"),
            a.PULSE: self.tr("Mở thử"),
            a.SKIP: self.tr("Bỏ qua khóa này"),
            a.SKIP_BOARD: self.tr("Bỏ qua bo mạch này"),
            a.END_WALK: self.tr("Kết thúc đi cửa"),
            a.PROPOSED: self.tr("Đúng, là {label}").format(label=self.view.proposed or ""),
            a.NONE_OPENED: self.tr("Không có cửa nào mở"),
            a.CLOSED: self.tr("Đã đóng"),
            a.SKIP_CLOSE: self.tr("Bỏ qua"),
            a.ITEM_IN: self.tr("Xong"),
            a.ITEM_OUT: self.tr("Xong"),
            a.NO_LINE: self.tr("Không dòng nào đúng"),
            a.SCAN: self.tr("Quét thử"),
            a.SKIP_SCAN: self.tr("Bỏ qua máy quét"),
            a.SAVE: self.tr("Lưu cấu hình"),
            a.DISCARD: self.tr("Không lưu"),
            a.AGAIN: self.tr("Lắp đặt lại từ đầu"),
        }[action]


_PRIMARY = frozenset(
    {Action.SEARCH, Action.PULSE, Action.PROPOSED, Action.CLOSED, Action.ITEM_IN, Action.ITEM_OUT,
     Action.SCAN, Action.SAVE}
)  # fmt: skip
