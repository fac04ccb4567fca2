"""What ``kiosk doctor`` reports: one ``Finding`` per check, and how findings are shown.

The JSON keys (``name``, ``status``, ``found``, ``fix``) and the status words are an interface
(docs/doctor.md): scripts and the central help desk read them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Names from deploy/install.sh (its user, units, paths) that fixes refer to.
KIOSK_USER = "atm-ho-so"
KIOSK_SERVICE = "atm-ho-so-kiosk"
AS_KIOSK_USER = (
    "run doctor with the services' settings, as the kiosk's user: `sudo kiosk doctor`"
    " (the command install.sh puts in /usr/local/bin)"
)


class Status(StrEnum):
    OK = "ok"
    WARN = "warn"  # works, but look at it soon; does not fail the run
    FAIL = "fail"  # the kiosk cannot serve (or serve safely) until this is fixed

    @property
    def label(self) -> str:
        """As printed: problems in capitals, so they stand out in a column of "ok"."""
        return "ok" if self is Status.OK else self.value.upper()


@dataclass(frozen=True)
class Finding:
    """One check's verdict: what it found and, unless all is well, what to do about it."""

    name: str
    status: Status
    found: str
    fix: str | None = None

    def __post_init__(self) -> None:
        if (self.fix is None) != (self.status is Status.OK):
            raise ValueError(f"{self.name}: a fix goes with WARN and FAIL, and only with them")

    def to_json(self) -> dict[str, Any]:
        status = self.status.value
        return {"name": self.name, "status": status, "found": self.found, "fix": self.fix}


def ok(name: str, found: str) -> Finding:
    return Finding(name, Status.OK, found)


def warn(name: str, found: str, fix: str) -> Finding:
    return Finding(name, Status.WARN, found, fix)


def fail(name: str, found: str, fix: str) -> Finding:
    return Finding(name, Status.FAIL, found, fix)


def duration(seconds: float) -> str:
    """A length of time as a technician says it: 40 s, 12 min, 3 h, 5 days."""
    seconds = abs(seconds)
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def overall(findings: Sequence[Finding]) -> Status:
    statuses = {f.status for f in findings}
    return next((s for s in (Status.FAIL, Status.WARN) if s in statuses), Status.OK)


def exit_code(findings: Sequence[Finding]) -> int:
    """0 unless something FAILed: a WARN is worth reading but the kiosk can serve."""
    return 1 if overall(findings) is Status.FAIL else 0


def render_text(findings: Sequence[Finding]) -> str:
    """One line per check (status, name, what was found), a "fix:" line under each problem."""
    width = max((len(f.name) for f in findings), default=0)
    lines = []
    for f in findings:
        lines.append(f"{f.status.label:<4}  {f.name:<{width}}  {f.found}")
        if f.fix is not None:
            lines.append(f"{'':<4}  {'':<{width}}  fix: {f.fix}")
    return "\n".join(lines)


def render_json(findings: Sequence[Finding]) -> str:
    report = {"status": overall(findings).value, "checks": [f.to_json() for f in findings]}
    return json.dumps(report, ensure_ascii=False, indent=2)
