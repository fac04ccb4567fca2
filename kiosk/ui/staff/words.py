"""The words for the codes the services use (states, reasons, alarm kinds), in one place.

Codes stay codes in the store and the audit log; only the screens put them into words.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from drivers.interfaces import PaperState
from kiosk.clock import parse_rfc3339
from kiosk.services.staff_auth import Role
from kiosk.services.staff_ops import CompartmentState, RecallReason


def _t(text: str) -> str:
    return QCoreApplication.translate("StaffWords", text)


class OosReason(StrEnum):
    """Why staff take a compartment out of service (stored as the code)."""

    DOOR_BROKEN = "door_broken"
    LOCK_JAMMED = "lock_jammed"
    SENSOR_BROKEN = "sensor_broken"
    NEEDS_CLEANING = "needs_cleaning"
    OTHER = "other"


def state_name(state: CompartmentState) -> str:
    return {
        CompartmentState.OPEN: _t("Đang mở"),
        CompartmentState.OUT_OF_SERVICE: _t("Tạm ngưng phục vụ"),
        CompartmentState.EXPIRED: _t("Cần thu hồi"),
        CompartmentState.LOADED: _t("Có kết quả"),
        CompartmentState.DROPOFF: _t("Có hồ sơ đã nộp"),
        CompartmentState.FREE: _t("Trống"),
    }[state]


def recall_reason(reason: RecallReason) -> str:
    return {
        RecallReason.REVOKED: _t("Kết quả đã bị thu hồi hoặc mã OTP đã được cấp lại"),
        RecallReason.EXPIRED: _t("Mã OTP đã hết hạn"),
        RecallReason.OVERDUE: _t("Quá thời hạn lưu giữ"),
    }[reason]


def oos_reason(code: str | None) -> str:
    """A reason code (staff's or the kiosk's own) in words; unknown codes as they are."""
    known = {
        OosReason.DOOR_BROKEN.value: _t("Cửa hỏng"),
        OosReason.LOCK_JAMMED.value: _t("Khóa bị kẹt"),
        OosReason.SENSOR_BROKEN.value: _t("Cảm biến hỏng"),
        OosReason.NEEDS_CLEANING.value: _t("Cần vệ sinh"),
        OosReason.OTHER.value: _t("Lý do khác"),
        "door_jammed": _t("Cửa không mở được (kẹt)"),
        "board_offline": _t("Mất kết nối bo mạch khóa"),
        "check_compartment": _t("Cần kiểm tra sau khi máy khởi động lại"),
        "item_left_inside": _t("Còn giấy tờ bỏ quên trong ô"),
        "disabled": _t("Tắt trong cấu hình"),
    }
    return known.get(code or "", code or "")


def alarm_kind(kind: str) -> str:
    return {
        "door_left_open": _t("Cửa ô tủ để mở quá lâu"),
        "door_forced": _t("Cửa ô tủ bị mở không qua lệnh"),
        "door_jammed": _t("Cửa ô tủ bị kẹt"),
        "board_offline": _t("Mất kết nối bo mạch khóa"),
        "printer_paper_out": _t("Máy in hết giấy"),
        "printer_offline": _t("Máy in không hoạt động"),
        "tamper": _t("Có tác động bất thường vào tủ"),
        "lockout": _t("Khóa do nhập sai nhiều lần"),
        "check_compartment": _t("Cần kiểm tra ô tủ"),
    }.get(kind, kind)


def paper_name(paper: PaperState) -> str:
    return {
        PaperState.OK: _t("Đủ giấy"),
        PaperState.NEAR_END: _t("Sắp hết giấy"),
        PaperState.OUT: _t("Hết giấy"),
        PaperState.UNKNOWN: _t("Không rõ"),
    }[paper]


def role_name(role: Role) -> str:
    return _t("Kỹ thuật viên") if role is Role.TECHNICIAN else _t("Cán bộ")


def yes_no(value: bool | None) -> str:
    if value is None:
        return _t("Không rõ")
    return _t("Có") if value else _t("Không")


def short_time(rfc3339: str | None) -> str:
    """``21:07 23/11/2026`` (the screens' format), or a dash when unknown."""
    if not rfc3339:
        return "—"
    try:
        return f"{parse_rfc3339(rfc3339):%H:%M %d/%m/%Y}"
    except ValueError:
        return rfc3339
