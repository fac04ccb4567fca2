"""The words for the codes the services use (states, reasons, alarm kinds), in one place.

Codes stay codes in the store and the audit log; only the screens put them into words.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from drivers.errors import (
    DeviceError,
    EnvironmentProblem,
    PaperOutError,
    PortBusyError,
    PortMissingError,
    PrinterNotReadyError,
)
from drivers.interfaces import PaperState
from kiosk.clock import parse_rfc3339
from kiosk.errors import StorageFull
from kiosk.services.refusals import Refusal
from kiosk.services.staff_auth import KIOSK_LOCKOUT_SUBJECT, Role
from kiosk.services.staff_ops import CompartmentState, RecallReason
from kiosk.store.sync_failure import FailureKind, SyncFailure


class OosReason(StrEnum):
    """Why staff take a compartment out of service (stored as the code)."""

    DOOR_BROKEN = "door_broken"
    LOCK_JAMMED = "lock_jammed"
    SENSOR_BROKEN = "sensor_broken"
    NEEDS_CLEANING = "needs_cleaning"
    OTHER = "other"


def state_name(state: CompartmentState) -> str:
    return {
        CompartmentState.OPEN: QCoreApplication.translate("StaffWords", "Đang mở"),
        CompartmentState.OUT_OF_SERVICE: QCoreApplication.translate(
            "StaffWords", "Tạm ngưng phục vụ"
        ),
        CompartmentState.EXPIRED: QCoreApplication.translate("StaffWords", "Cần thu hồi"),
        CompartmentState.LOADED: QCoreApplication.translate("StaffWords", "Có kết quả"),
        CompartmentState.DROPOFF: QCoreApplication.translate("StaffWords", "Có hồ sơ đã nộp"),
        CompartmentState.FREE: QCoreApplication.translate("StaffWords", "Trống"),
    }[state]


def recall_reason(reason: RecallReason) -> str:
    return {
        RecallReason.REVOKED: QCoreApplication.translate(
            "StaffWords", "Kết quả đã bị thu hồi hoặc mã OTP đã được cấp lại"
        ),
        RecallReason.EXPIRED: QCoreApplication.translate("StaffWords", "Mã OTP đã hết hạn"),
        RecallReason.OVERDUE: QCoreApplication.translate("StaffWords", "Quá thời hạn lưu giữ"),
    }[reason]


def oos_reason(code: str | None) -> str:
    """A reason code (staff's or the kiosk's own) in words; unknown codes as they are."""
    known = {
        OosReason.DOOR_BROKEN.value: QCoreApplication.translate("StaffWords", "Cửa hỏng"),
        OosReason.LOCK_JAMMED.value: QCoreApplication.translate("StaffWords", "Khóa bị kẹt"),
        OosReason.SENSOR_BROKEN.value: QCoreApplication.translate("StaffWords", "Cảm biến hỏng"),
        OosReason.NEEDS_CLEANING.value: QCoreApplication.translate("StaffWords", "Cần vệ sinh"),
        OosReason.OTHER.value: QCoreApplication.translate("StaffWords", "Lý do khác"),
        "door_jammed": QCoreApplication.translate("StaffWords", "Cửa không mở được (kẹt)"),
        "board_offline": QCoreApplication.translate("StaffWords", "Mất kết nối bo mạch khóa"),
        "check_compartment": QCoreApplication.translate(
            "StaffWords", "Cần kiểm tra sau khi máy khởi động lại"
        ),
        "item_left_inside": QCoreApplication.translate("StaffWords", "Còn giấy tờ bỏ quên trong ô"),
        "door_forced": QCoreApplication.translate(
            "StaffWords", "Cửa bị mở không qua lệnh: cần kiểm tra"
        ),
        "item_missing": QCoreApplication.translate(
            "StaffWords", "Hồ sơ không còn trong ô: cần kiểm tra"
        ),
        "sensor_fault": QCoreApplication.translate("StaffWords", "Cảm biến cửa báo sai"),
        "disabled": QCoreApplication.translate("StaffWords", "Tắt trong cấu hình"),
    }
    return known.get(code or "", code or "")


def alarm_kind(kind: str) -> str:
    return {
        "door_left_open": QCoreApplication.translate("StaffWords", "Cửa ô tủ để mở quá lâu"),
        "door_forced": QCoreApplication.translate("StaffWords", "Cửa ô tủ bị mở không qua lệnh"),
        "door_jammed": QCoreApplication.translate("StaffWords", "Cửa ô tủ bị kẹt"),
        "board_offline": QCoreApplication.translate("StaffWords", "Mất kết nối bo mạch khóa"),
        "printer_paper_out": QCoreApplication.translate("StaffWords", "Máy in hết giấy"),
        "printer_offline": QCoreApplication.translate("StaffWords", "Máy in không hoạt động"),
        "tamper": QCoreApplication.translate("StaffWords", "Có tác động bất thường vào tủ"),
        "lockout": QCoreApplication.translate("StaffWords", "Khóa do nhập sai nhiều lần"),
        "check_compartment": QCoreApplication.translate("StaffWords", "Cần kiểm tra ô tủ"),
        "item_left": QCoreApplication.translate("StaffWords", "Công dân bỏ quên hồ sơ trong ô"),
        "item_missing": QCoreApplication.translate("StaffWords", "Hồ sơ không còn trong ô tủ"),
        "sensor_fault": QCoreApplication.translate("StaffWords", "Cảm biến ô tủ báo sai"),
        "citizen_report": QCoreApplication.translate(
            "StaffWords", "Công dân báo sự cố tại ô tủ (ô trống hoặc không đúng hồ sơ)"
        ),
    }.get(kind, kind)


def alarm_subject(subject: str) -> str:
    """What an alarm is about: a compartment's label as it is, the kiosk's parts in words."""
    if subject.startswith("board:"):
        return QCoreApplication.translate("StaffWords", "Bo mạch khóa {board}").format(
            board=subject.removeprefix("board:")
        )
    if subject.startswith("badge:"):
        return QCoreApplication.translate("StaffWords", "Thẻ cán bộ {staff_id}").format(
            staff_id=subject.removeprefix("badge:")
        )
    return {
        "printer": QCoreApplication.translate("StaffWords", "Máy in phiếu"),
        "otp": QCoreApplication.translate("StaffWords", "Nhập mã OTP tại kiosk"),
        KIOSK_LOCKOUT_SUBJECT: QCoreApplication.translate("StaffWords", "Đăng nhập cán bộ"),
    }.get(subject, subject)


def event_name(event_type: str) -> str:
    """An outbox event's type (central-api.md) as staff read it."""
    return {
        "result.loaded": QCoreApplication.translate("StaffWords", "Nạp kết quả vào tủ"),
        "result.picked_up": QCoreApplication.translate("StaffWords", "Công dân nhận kết quả"),
        "result.pickup_failed": QCoreApplication.translate(
            "StaffWords", "Nhận kết quả không thành"
        ),
        "result.retrieved": QCoreApplication.translate("StaffWords", "Thu hồi kết quả"),
        "result.code_voided": QCoreApplication.translate(
            "StaffWords", "Hủy mã OTP do nhập sai nhiều lần"
        ),
        "otp.resend_requested": QCoreApplication.translate(
            "StaffWords", "Công dân xin gửi lại mã OTP"
        ),
        "dropoff.received": QCoreApplication.translate("StaffWords", "Công dân nộp hồ sơ"),
        "dropoff.collected": QCoreApplication.translate("StaffWords", "Cán bộ lấy hồ sơ đã nộp"),
        "rating.submitted": QCoreApplication.translate("StaffWords", "Đánh giá dịch vụ"),
        "alarm.raised": QCoreApplication.translate("StaffWords", "Cảnh báo mới"),
        "alarm.cleared": QCoreApplication.translate("StaffWords", "Cảnh báo đã xử lý"),
        "staff.signed_in": QCoreApplication.translate("StaffWords", "Cán bộ đăng nhập"),
        "staff.signed_out": QCoreApplication.translate("StaffWords", "Cán bộ đăng xuất"),
    }.get(event_type, event_type)


def sync_failure(failure: SyncFailure) -> str:
    """Why the last sync cycle failed: the step, then what went wrong."""
    status = failure.status if failure.status is not None else "—"
    what = {
        FailureKind.OFFLINE: QCoreApplication.translate(
            "StaffWords", "không kết nối được với hệ thống (mạng hoặc máy chủ)"
        ),
        FailureKind.TIMEOUT: QCoreApplication.translate(
            "StaffWords", "hệ thống không trả lời kịp thời gian chờ"
        ),
        FailureKind.HTTP: QCoreApplication.translate(
            "StaffWords", "hệ thống trả lời mã lỗi HTTP {status}"
        ),
        FailureKind.MALFORMED: QCoreApplication.translate(
            "StaffWords", "câu trả lời của hệ thống sai định dạng; không lưu gì từ câu trả lời đó"
        ),
        FailureKind.AUTH: QCoreApplication.translate(
            "StaffWords",
            "hệ thống từ chối mã xác thực của kiosk (HTTP {status}): kiểm tra mã kiosk và"
            " mã xác thực trong cấu hình",
        ),
        FailureKind.INTERNAL: QCoreApplication.translate(
            "StaffWords", "lỗi trong phần đồng bộ của kiosk (xem nhật ký)"
        ),
    }[failure.kind].format(status=status)
    step = {
        "releases": QCoreApplication.translate("StaffWords", "Nhận kết quả mới"),
        "outbox": QCoreApplication.translate("StaffWords", "Gửi sự kiện"),
        "staff": QCoreApplication.translate("StaffWords", "Cập nhật danh sách cán bộ"),
        "heartbeat": QCoreApplication.translate("StaffWords", "Gửi tín hiệu hoạt động"),
    }.get(failure.step or "")
    return f"{step}: {what}" if step else what[:1].upper() + what[1:]


def environment_problem(error: EnvironmentProblem) -> str:
    """A device or the machine around the kiosk failed (the detail is in the log)."""
    if isinstance(error, PaperOutError):
        return QCoreApplication.translate("StaffWords", "máy in hết giấy")
    if isinstance(error, PrinterNotReadyError):
        return QCoreApplication.translate(
            "StaffWords", "máy in chưa sẵn sàng (nắp mở, kẹt giấy hoặc mất điện)"
        )
    if isinstance(error, PortMissingError):
        return QCoreApplication.translate("StaffWords", "không tìm thấy thiết bị (cáp hoặc cổng)")
    if isinstance(error, PortBusyError):
        return QCoreApplication.translate("StaffWords", "thiết bị đang bị chương trình khác dùng")
    if isinstance(error, DeviceError):
        return QCoreApplication.translate("StaffWords", "thiết bị không trả lời đúng")
    if isinstance(error, StorageFull):
        return QCoreApplication.translate("StaffWords", "ổ đĩa của máy đã đầy")
    return QCoreApplication.translate("StaffWords", "lỗi ổ đĩa hoặc tệp của máy")


def paper_name(paper: PaperState) -> str:
    return {
        PaperState.OK: QCoreApplication.translate("StaffWords", "Đủ giấy"),
        PaperState.NEAR_END: QCoreApplication.translate("StaffWords", "Sắp hết giấy"),
        PaperState.OUT: QCoreApplication.translate("StaffWords", "Hết giấy"),
        PaperState.UNKNOWN: QCoreApplication.translate("StaffWords", "Không rõ"),
    }[paper]


def role_name(role: Role) -> str:
    return (
        QCoreApplication.translate("StaffWords", "Kỹ thuật viên")
        if role is Role.TECHNICIAN
        else QCoreApplication.translate("StaffWords", "Cán bộ")
    )


def yes_no(value: bool | None) -> str:
    if value is None:
        return QCoreApplication.translate("StaffWords", "Không rõ")
    return (
        QCoreApplication.translate("StaffWords", "Có")
        if value
        else QCoreApplication.translate("StaffWords", "Không")
    )


def short_time(rfc3339: str | None) -> str:
    """``21:07 23/11/2026`` (the screens' format), or a dash when unknown."""
    if not rfc3339:
        return "—"
    try:
        return f"{parse_rfc3339(rfc3339):%H:%M %d/%m/%Y}"
    except ValueError:
        return rfc3339


def refusal_name(reason: Refusal) -> str:
    """Why the services refused what staff asked, as staff read it."""
    return {
        Refusal.WRONG_CODE: QCoreApplication.translate("StaffWords", "mã không đúng"),
        Refusal.DELAY: QCoreApplication.translate("StaffWords", "cần chờ trước lần thử tiếp theo"),
        Refusal.PAUSED: QCoreApplication.translate("StaffWords", "tạm khóa do nhập sai nhiều lần"),
        Refusal.VOID: QCoreApplication.translate("StaffWords", "mã đã bị hủy, cần cấp lại"),
        Refusal.EXPIRED: QCoreApplication.translate("StaffWords", "đã hết hạn"),
        Refusal.REVOKED: QCoreApplication.translate("StaffWords", "đã bị thu hồi"),
        Refusal.USED: QCoreApplication.translate("StaffWords", "mã đã được dùng"),
        Refusal.NOT_READY: QCoreApplication.translate("StaffWords", "kết quả chưa được nạp vào tủ"),
        Refusal.NEED_PHONE_DIGITS: QCoreApplication.translate(
            "StaffWords", "cần các số cuối điện thoại"
        ),
        Refusal.BUSY: QCoreApplication.translate("StaffWords", "ô tủ đang được mở"),
        Refusal.OUT_OF_SERVICE: QCoreApplication.translate(
            "StaffWords", "ô tủ đang tạm ngừng sử dụng"
        ),
        Refusal.NO_FREE_COMPARTMENT: QCoreApplication.translate(
            "StaffWords", "không còn ô trống phù hợp"
        ),
        Refusal.NOT_SUITABLE: QCoreApplication.translate(
            "StaffWords", "ô này đang có đồ, bị tắt hoặc quá nhỏ"
        ),
        Refusal.UNKNOWN_DOSSIER: QCoreApplication.translate(
            "StaffWords", "không có hồ sơ này tại kiosk"
        ),
        Refusal.ALREADY_LOADED: QCoreApplication.translate(
            "StaffWords", "kết quả đã được nạp vào tủ"
        ),
        Refusal.PICKED_UP: QCoreApplication.translate("StaffWords", "công dân đã nhận kết quả này"),
        Refusal.BAD_CODE_FORMAT: QCoreApplication.translate("StaffWords", "mã hồ sơ sai định dạng"),
        Refusal.NOTHING_TO_TAKE: QCoreApplication.translate(
            "StaffWords", "ô tủ không có gì để lấy ra"
        ),
    }[reason]
