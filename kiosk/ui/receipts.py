"""The receipts a citizen takes away: pickup, drop-off, and the incident of a door that failed.

Receipts are official paper of a Vietnamese one-stop office, so they are always in Vietnamese,
whatever language the screen shows. Their QR carries the dossier code: a look-up code
(Circular 01/2023/TT-VPCP), never the OTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from drivers.interfaces import Receipt
from kiosk.services.core import Services
from kiosk.settings import Settings


@dataclass(frozen=True)
class Facts:
    """What the screens do not know but a receipt needs, read on the services thread."""

    procedure: str
    time: datetime


def facts(services: Services, release_id: str | None) -> Facts:
    row = None
    if release_id is not None:
        row = services.ctx.store.one(
            "SELECT procedure_name FROM releases WHERE release_id = ?", (release_id,)
        )
    return Facts(row[0] if row else "", services.ctx.clock.now())


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
    return Receipt(
        kiosk_name=k.name,
        ward=k.ward,
        title=title,
        dossier_code=dossier_code,
        procedure=procedure,
        compartment=compartment,
        time=time,
        qr_data=dossier_code,
        message=message,
        extra_lines=(f"Đường dây nóng: {k.hotline}",),
    )


def pickup_receipt(
    settings: Settings, dossier_code: str, compartment: str, known: Facts
) -> Receipt:
    return _receipt(
        settings,
        title="PHIẾU NHẬN KẾT QUẢ",
        dossier_code=dossier_code,
        procedure=known.procedure,
        compartment=compartment,
        time=known.time,
        message="Công dân đã nhận kết quả giải quyết hồ sơ tại ATM hồ sơ 24/7.",
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
    message = "Hồ sơ đã được nộp vào tủ. Cán bộ sẽ tiếp nhận trong giờ hành chính."
    if not verified:
        message += " Mã hồ sơ chưa được đối chiếu với hệ thống (mất kết nối)."
    return _receipt(
        settings,
        title="PHIẾU TIẾP NHẬN HỒ SƠ",
        dossier_code=dossier_code,
        procedure=procedure,
        compartment=compartment,
        time=time,
        message=message,
    )


def incident_receipt(
    settings: Settings, dossier_code: str, compartment: str, dropoff: bool, time: datetime
) -> Receipt:
    what = "Hồ sơ chưa được nộp." if dropoff else "Kết quả vẫn ở trong tủ; mã OTP vẫn còn hiệu lực."
    return _receipt(
        settings,
        title="PHIẾU GHI NHẬN SỰ CỐ",
        dossier_code=dossier_code,
        procedure="",
        compartment=compartment,
        time=time,
        message=f"Ô tủ {compartment} không mở được. {what} Cán bộ đã được thông báo."
        f" Giờ hành chính: {settings.kiosk.office_hours}.",
    )
