"""What one citizen typed, scanned or was given, kept while they stand at the kiosk."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.interfaces import Receipt
from kiosk.runtime import PrintOutcome
from kiosk.ui.screens.door import DoorTask


@dataclass
class Session:
    """What one citizen typed, scanned or was given; dropped on the way home."""

    otp: str = ""
    qr_dossier: str | None = None
    phone: str | None = None  # the phone's last digits, once asked for
    dossier_code: str = ""
    release_id: str | None = None
    procedure: str = ""
    verified: bool = False
    door: str = ""
    task: DoorTask = DoorTask.TAKE
    receipt: Receipt | None = None
    printed: PrintOutcome | None = None
    closed: bool = False
