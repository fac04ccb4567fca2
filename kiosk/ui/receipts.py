"""The receipts a citizen takes away: pickup, drop-off, and the incident of a door that failed.

A receipt is in the language the screens show now (Vietnamese, or English for the citizen who
chose it): its words go through the citizen catalogue like every text on screen, so build it on
the UI thread. What comes from elsewhere stays as it is (the kiosk's and ward's names, the
procedure's name from the central system), except control characters: every text is stripped of
them here, so that nothing the central system sends can become a printer command (ESC @, GS V).
Its QR carries the dossier code: a look-up code (Circular 01/2023/TT-VPCP), never the OTP.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from drivers.interfaces import Receipt, ReceiptLabels
from kiosk.services.receipt_facts import Facts
from kiosk.settings import Settings


def labels() -> ReceiptLabels:
    return ReceiptLabels(
        dossier=QCoreApplication.translate("Receipt", "Mã hồ sơ"),
        procedure=QCoreApplication.translate("Receipt", "Thủ tục"),
        compartment=QCoreApplication.translate("Receipt", "Ô tủ"),
        time=QCoreApplication.translate("Receipt", "Thời gian"),
    )


def printable(text: str) -> str:
    """``text`` without control characters (C0, DEL, C1); a tab or line break becomes a space."""
    return "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or unicodedata.category(ch) != "Cc"
    )


def _receipt(
    settings: Settings,
    *,
    title: str,
    dossier_code: str,
    procedure: str,
    compartment: str,
    time: datetime,
    message: str,
) -> Receipt:
    k = settings.kiosk
    hotline = QCoreApplication.translate("Receipt", "Đường dây nóng: {hotline}")
    return Receipt(
        kiosk_name=printable(k.name),
        ward=printable(k.ward),
        title=printable(title),
        dossier_code=printable(dossier_code),
        procedure=printable(procedure),
        compartment=printable(compartment),
        time=time,
        qr_data=printable(dossier_code),
        message=printable(message),
        extra_lines=(printable(hotline.format(hotline=k.hotline)),),
        labels=labels(),
    )


def pickup_receipt(
    settings: Settings, dossier_code: str, compartment: str, known: Facts
) -> Receipt:
    return _receipt(
        settings,
        title=QCoreApplication.translate("Receipt", "PHIẾU NHẬN KẾT QUẢ"),
        dossier_code=dossier_code,
        procedure=known.procedure,
        compartment=compartment,
        time=known.time,
        message=QCoreApplication.translate(
            "Receipt", "Công dân đã nhận kết quả giải quyết hồ sơ tại ATM hồ sơ 24/7."
        ),
    )


def dropoff_receipt(
    settings: Settings,
    dossier_code: str,
    *,
    procedure: str,
    compartment: str,
    verified: bool,
    time: datetime,
) -> Receipt:
    message = QCoreApplication.translate(
        "Receipt", "Hồ sơ đã được nộp vào tủ. Cán bộ sẽ tiếp nhận trong giờ hành chính."
    )
    if not verified:
        message += " " + QCoreApplication.translate(
            "Receipt", "Mã hồ sơ chưa được đối chiếu với hệ thống (mất kết nối)."
        )
    return _receipt(
        settings,
        title=QCoreApplication.translate("Receipt", "PHIẾU TIẾP NHẬN HỒ SƠ"),
        dossier_code=dossier_code,
        procedure=procedure,
        compartment=compartment,
        time=time,
        message=message,
    )


def incident_receipt(
    settings: Settings, dossier_code: str, compartment: str, dropoff: bool, time: datetime
) -> Receipt:
    what = (
        QCoreApplication.translate("Receipt", "Hồ sơ chưa được nộp.")
        if dropoff
        else QCoreApplication.translate(
            "Receipt", "Kết quả vẫn ở trong tủ; mã OTP vẫn còn hiệu lực."
        )
    )
    k = settings.kiosk
    message = QCoreApplication.translate(
        "Receipt",
        "Ô tủ {label} không mở được. {what} Cán bộ đã được thông báo. Giờ hành chính: {hours}.",
    ).format(label=compartment, what=what, hours=k.office_hours, hours_en=k.office_hours_en)
    return _receipt(
        settings,
        title=QCoreApplication.translate("Receipt", "PHIẾU GHI NHẬN SỰ CỐ"),
        dossier_code=dossier_code,
        procedure="",
        compartment=compartment,
        time=time,
        message=message,
    )


def report_receipt(
    settings: Settings, dossier_code: str, compartment: str, procedure: str, time: datetime
) -> Receipt:
    """The citizen's proof that they reported a problem at an open door ("Báo sự cố")."""
    k = settings.kiosk
    message = QCoreApplication.translate(
        "Receipt",
        "Công dân đã báo sự cố tại ô tủ {label}. Cán bộ đã được thông báo và sẽ kiểm tra."
        " Giờ hành chính: {hours}.",
    ).format(label=compartment, hours=k.office_hours, hours_en=k.office_hours_en)
    return _receipt(
        settings,
        title=QCoreApplication.translate("Receipt", "PHIẾU GHI NHẬN SỰ CỐ"),
        dossier_code=dossier_code,
        procedure=procedure,
        compartment=compartment,
        time=time,
        message=message,
    )
