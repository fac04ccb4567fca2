"""What one citizen typed, scanned or was given, kept while they stand at the kiosk."""

from __future__ import annotations

from dataclasses import dataclass

from drivers.interfaces import Receipt
from kiosk.domain import Size
from kiosk.runtime import PrintOutcome
from kiosk.services.doors import DoorGrant
from kiosk.ui.screens.door import DoorTask


@dataclass
class Session:
    """What one citizen typed, scanned or was given; dropped on the way home."""

    otp: str = ""
    qr_dossier: str | None = None
    phone_digits: str | None = None
    dossier_code: str = ""
    release_id: str | None = None
    procedure: str = ""
    verified: bool = False
    #: The drop-off size asked for (None: the kiosk chooses), for "Mở lại ô tủ".
    size: Size | None = None
    door: str = ""
    #: The door granted to this session (its intent: a drop-off is taken back through it).
    grant: DoorGrant | None = None
    task: DoorTask = DoorTask.TAKE
    receipt: Receipt | None = None
    printed: PrintOutcome | None = None
    closed: bool = False
    #: The door was opened again after a pickup shut with the papers inside.
    reopened: bool = False
    #: Papers are inside after a pickup and staff have not been told yet.
    papers_left: bool = False
