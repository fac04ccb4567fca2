"""A citizen's "Báo sự cố" at an open door (empty compartment, not their papers): a
``citizen_report`` alarm on that compartment, for staff and the central system."""

from __future__ import annotations

from kiosk.domain import CITIZEN, AlarmKind
from kiosk.services.alarms import raise_alarm
from kiosk.services.core import Services


def report_problem(services: Services, compartment: str, dossier_code: str, task: str) -> bool:
    """Runs on the services thread; True if the alarm is new (a second tap adds nothing)."""
    with services.ctx.store.transaction() as conn:
        return raise_alarm(
            conn,
            services.ctx.clock,
            AlarmKind.CITIZEN_REPORT,
            compartment,
            {"dossier_code": dossier_code, "task": task},
            actor=CITIZEN,
        )
