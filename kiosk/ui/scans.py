"""What a scanned code means on the citizen screens, and which scans are refused unread.

A scanner delivers whatever a printed code holds; nothing scanned is trusted. A scan longer
than ``MAX_SCAN_CHARS`` is refused before anything reads it, and a pickup QR whose parts do not
have their documented form is refused before it reaches the services: neither can then reach a
counter, the audit log or a log line. What is refused is logged by length and kind only.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import StrEnum

from kiosk.domain import DOSSIER_CODE_PATTERN, OTP_PATTERN

log = logging.getLogger(__name__)

PICKUP_QR_PREFIX = "DATM1|"
# The longest scan read at all. A pickup QR is under 50 characters; the receipt QR of Circular
# 01/2023 (dossier code, procedure, applicant, appointment) stays well under this.
MAX_SCAN_CHARS = 1024
# A dossier code anywhere in a receipt's QR (the Circular 01/2023 QR carries more fields).
_DOSSIER_CODE = re.compile(DOSSIER_CODE_PATTERN.pattern.removeprefix("^").removesuffix("$"))


class ScanFault(StrEnum):
    """Why a scan was refused: the 'kind' logged, never the text."""

    TOO_LONG = "too long"
    BAD_DOSSIER_CODE = "pickup QR with a malformed dossier code"
    BAD_OTP = "pickup QR with a malformed OTP"
    BAD_PICKUP_QR = "pickup QR with the wrong number of fields"


@dataclass(frozen=True)
class PickupQr:
    """``DATM1|{dossier_code}|{otp}`` from the SMS (central-api.md): the same as typing the OTP."""

    dossier_code: str
    otp: str


def scan_fault(text: str) -> ScanFault | None:
    """Why this scan must not be used, or None when it may be read."""
    if len(text) > MAX_SCAN_CHARS:
        return ScanFault.TOO_LONG
    if not text.startswith(PICKUP_QR_PREFIX):
        return None
    parts = text.split("|")
    if len(parts) != 3:
        return ScanFault.BAD_PICKUP_QR
    if not DOSSIER_CODE_PATTERN.fullmatch(parts[1]):
        return ScanFault.BAD_DOSSIER_CODE
    if not OTP_PATTERN.fullmatch(parts[2]):
        return ScanFault.BAD_OTP
    return None


def log_refused(text: str, fault: ScanFault) -> None:
    log.info("scan refused: %s (%d characters)", fault.value, len(text))


def pickup_qr(text: str) -> PickupQr | None:
    """The pickup QR this scan is, if it is a well-formed one (see ``scan_fault``)."""
    if not text.startswith(PICKUP_QR_PREFIX) or scan_fault(text) is not None:
        return None
    _, dossier_code, otp = text.split("|")
    return PickupQr(dossier_code, otp)


def dossier_code_in(text: str) -> str | None:
    if len(text) > MAX_SCAN_CHARS:
        return None
    found = _DOSSIER_CODE.search(text)
    return found.group(0) if found else None
