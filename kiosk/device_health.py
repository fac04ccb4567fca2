"""Device health as the kiosk reports it: each device's driver details plus a verdict.

The verdict (``state``: ``ok`` / ``degraded`` / ``offline``, and a ``reason``) is what the
heartbeat sends to the central system (central-api.md) and what ``kiosk status`` shows first.
"""

from __future__ import annotations

from typing import Any

JsonDict = dict[str, Any]


def summarize(health: JsonDict) -> JsonDict:
    """``drivers.registry.Devices.health()`` with a verdict added to every device."""
    simulated = bool(health.get("simulated"))
    out: JsonDict = {}
    for name, verdict in (("locks", _locks), ("printer", _printer), ("scanner", _scanner)):
        details = health.get(name)
        if isinstance(details, dict):
            state, reason = verdict(details)
            out[name] = {"state": state, "reason": reason, "simulated": simulated, **details}
    return out


def _locks(d: JsonDict) -> tuple[str, str | None]:
    boards = d.get("boards", [])
    down = [str(b["board"]) for b in boards if b.get("state") == "offline"]
    if boards and len(down) == len(boards):
        last = boards[0].get("last_error")  # the port missing at boot, a cut bus: say which
        return "offline", "no lock board answers" + (f": {last}" if last else "")
    if down:
        return "degraded", f"lock board {', '.join(down)} offline"
    return "ok", None


def _printer(d: JsonDict) -> tuple[str, str | None]:
    status = d.get("status") or {}
    if not status.get("online"):
        return "offline", status.get("detail") or "printer silent"
    if not status.get("ready") or status.get("paper") == "near_end":
        return "degraded", status.get("detail")
    return "ok", None


def _scanner(d: JsonDict) -> tuple[str, str | None]:
    if d.get("kind") == "none":
        return "ok", "no scanner fitted"
    if d.get("online") is False:
        return "offline", d.get("last_error") or "scanner not started"
    return "ok", None
