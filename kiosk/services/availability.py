"""Which citizen services work now, from the kiosk's state (alarms, free doors, sync)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.domain import AlarmKind
from kiosk.services.core import Services
from kiosk.services.status import snapshot


@dataclass(frozen=True)
class Availability:
    pickup: bool = True
    dropoff: bool = True
    online: bool = True  # the central system answered lately: look-ups can work


def availability(services: Services) -> Availability:
    """On the services thread (``runtime.call``): the UI shows what this returns."""
    state: dict[str, Any] = snapshot(services.ctx.store, services.ctx.clock)
    boards = set(services.ctx.settings.locker.boards())
    offline = {a["subject"] for a in state["alarms"] if a["kind"] == AlarmKind.BOARD_OFFLINE}
    doors_work = bool(boards) and not {f"board:{b}" for b in boards} <= offline
    return Availability(
        pickup=doors_work,
        dropoff=doors_work and state["compartments"]["free"] > 0,
        online=state["sync"]["online"],
    )
