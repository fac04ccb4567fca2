"""What a scanned code means on the citizen screens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.domain import DOSSIER_CODE_PATTERN

PICKUP_QR_PREFIX = "DATM1|"
# A dossier code anywhere in a receipt's QR (the Circular 01/2023 QR carries more fields).
_DOSSIER_CODE = re.compile(DOSSIER_CODE_PATTERN.pattern.removeprefix("^").removesuffix("$"))


@dataclass(frozen=True)
class PickupQr:
    """``DATM1|{dossier_code}|{otp}`` from the SMS (central-api.md): the same as typing the OTP."""

    dossier_code: str
    otp: str


def pickup_qr(text: str) -> PickupQr | None:
    if not text.startswith(PICKUP_QR_PREFIX):
        return None
    parts = text.split("|")
    if len(parts) != 3 or not parts[1] or not parts[2]:
        return None
    return PickupQr(parts[1], parts[2])


def dossier_code_in(text: str) -> str | None:
    found = _DOSSIER_CODE.search(text)
    return found.group(0) if found else None
