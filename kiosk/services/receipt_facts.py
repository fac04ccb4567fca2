"""What a citizen's receipt needs that the screens do not know: the procedure's name, the time.

Read on the services thread (``runtime.call``); the UI builds the receipt from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.services import releases
from kiosk.services.core import Services


@dataclass(frozen=True)
class Facts:
    procedure: str  # as the central system named it; "" when the release is unknown
    time: datetime


def facts(services: Services, release_id: str | None) -> Facts:
    name = None
    if release_id is not None:
        name = releases.procedure_name(services.ctx.store.conn, release_id)
    return Facts(name or "", services.ctx.clock.now())
