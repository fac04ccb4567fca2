"""Commissioning's facts (kiosk/commission/findings.py) in the technician's words: Vietnamese
first, English through the staff catalogue. The drivers' English details stay in the report."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.commission.findings import (
    SCAN_WAIT_S,
    CommissionError,
    DeviceFault,
    Fault,
    Problem,
    Stop,
)


def device_fault_text(fault: DeviceFault | None) -> str:
    """What a device did wrong, as the end of a sentence."""
    return {
        DeviceFault.PORT_MISSING: QCoreApplication.translate(
            "CommissionWords", "không thấy cổng (cáp chưa cắm? xem /dev/serial/by-id)"
        ),
        DeviceFault.PORT_BUSY: QCoreApplication.translate(
            "CommissionWords", "cổng đang được một chương trình khác dùng"
        ),
        DeviceFault.NO_REPLY: QCoreApplication.translate(
            "CommissionWords", "không trả lời (nguồn, công tắc địa chỉ, dây A/B, tốc độ truyền)"
        ),
        DeviceFault.GARBLED: QCoreApplication.translate(
            "CommissionWords", "trả lời sai khung (dây RS-485, điện trở cuối, tốc độ truyền)"
        ),
        DeviceFault.PAPER_OUT: QCoreApplication.translate("CommissionWords", "máy in hết giấy"),
        DeviceFault.PRINTER_NOT_READY: QCoreApplication.translate(
            "CommissionWords", "máy in chưa sẵn sàng (nắp, giấy, dao cắt)"
        ),
        DeviceFault.OTHER: QCoreApplication.translate(
            "CommissionWords", "lỗi thiết bị (chi tiết trong biên bản)"
        ),
        None: QCoreApplication.translate(
            "CommissionWords", "lỗi thiết bị (chi tiết trong biên bản)"
        ),
    }[fault]


def stop_text(error: CommissionError) -> str:
    """Why commissioning stopped, and what to check."""
    if error.stop is Stop.BUS_UNREACHABLE:
        return QCoreApplication.translate(
            "CommissionWords", "Không mở được bus khóa: {fault}."
        ).format(fault=device_fault_text(error.device))
    if error.stop is Stop.NO_BOARDS:
        return QCoreApplication.translate(
            "CommissionWords",
            "Không bo mạch khóa nào trả lời. Kiểm tra nguồn của bo mạch, dây A nối A và B nối B,"
            " bộ chuyển đổi RS-485 và công tắc địa chỉ của từng bo mạch.",
        )
    if error.stop is Stop.INVALID_CONFIG:
        return QCoreApplication.translate(
            "CommissionWords",
            "Cấu hình mới không hợp lệ nên chưa được lưu; chi tiết trong nhật ký.",
        )
    return QCoreApplication.translate(
        "CommissionWords",
        "Không ghi được tệp cấu hình (quyền ghi hoặc ổ đĩa); chi tiết trong nhật ký.",
    )


def problem_text(p: Problem) -> str:
    f = Fault
    if p.fault is f.OTHER_PROTOCOL:
        return QCoreApplication.translate(
            "CommissionWords", "Các bo mạch giao thức khác ({protocol}) trên cùng bus bị bỏ qua."
        ).format(protocol=p.protocol)
    if p.fault is f.POLARITY_DIFFERS:
        return QCoreApplication.translate(
            "CommissionWords",
            "Bo mạch {board} đọc cảm biến cửa ngược với các bo mạch khác: đã ghi closed_bit riêng"
            " cho bo mạch này (bước thử từng cửa sẽ kiểm tra; nếu lúc quét có cửa của nó đang mở,"
            " hãy đóng lại và quét lại).",
        ).format(board=p.board)
    if p.fault is f.UNLOCK_FAILED:
        return QCoreApplication.translate(
            "CommissionWords", "Bo mạch {board} khóa {lock}: {fault}."
        ).format(board=p.board, lock=p.lock, fault=device_fault_text(p.device))
    if p.fault is f.NOT_NAMED:
        return QCoreApplication.translate(
            "CommissionWords",
            "Bo mạch {board} khóa {lock}: cảm biến thấy cửa mở nhưng chưa đặt nhãn.",
        ).format(board=p.board, lock=p.lock)
    if p.fault is f.UNSEEN:
        return QCoreApplication.translate(
            "CommissionWords",
            "{label} (bo mạch {board} khóa {lock}): cửa mở nhưng cảm biến không thấy (dây cảm"
            " biến hoặc cực tính).",
        ).format(label=p.label, board=p.board, lock=p.lock)
    if p.fault is f.NEVER_CLOSED:
        return QCoreApplication.translate(
            "CommissionWords", "{label}: cảm biến không báo đóng lại."
        ).format(label=p.label)
    if p.fault is f.ITEM_READ_FAILED:
        return QCoreApplication.translate("CommissionWords", "Cảm biến vật phẩm: {fault}.").format(
            fault=device_fault_text(p.device)
        )
    if p.fault is f.SAMPLE_NOT_PRINTED:
        return QCoreApplication.translate(
            "CommissionWords", "Máy in: chưa in được phiếu mẫu bảng mã: {fault}."
        ).format(fault=device_fault_text(p.device))
    if p.fault is f.NO_LINE_CHOSEN:
        return QCoreApplication.translate(
            "CommissionWords", "Máy in: chưa chọn dòng bảng mã; giữ nguyên cài đặt cũ."
        )
    if p.fault is f.SCANNER_FAILED:
        return QCoreApplication.translate("CommissionWords", "Máy quét: {fault}.").format(
            fault=device_fault_text(p.device)
        )
    return QCoreApplication.translate(
        "CommissionWords",
        "Máy quét: không đọc được mã nào trong {seconds} giây (cáp, chế độ serial/CDC, tốc độ"
        " truyền).",
    ).format(seconds=f"{SCAN_WAIT_S:g}")
