"""What a citizen's receipt needs that the screens do not know: the procedure's name, the time.

Read on the services thread (``runtime.call``); the UI builds the receipt from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.services.core import Services


@dataclass(frozen=True)
class Facts:
    procedure: str  # as the central system named it; "" when the release is unknown
    time: datetime


def facts(services: Services, release_id: str | None) -> Facts:
    row = None
    if release_id is not None:
        row = services.ctx.store.one(
            "SELECT procedure_name FROM releases WHERE release_id = ?", (release_id,)
        )
    return Facts(row[0] if row else "", services.ctx.clock.now())
