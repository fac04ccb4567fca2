"""What this kiosk itself knows of a dossier, for the look-up: a result collected here minutes
ago is "Đã trả kết quả" even while the central system, not yet told, still says "Đã có kết
quả"; and with the central system unreachable, a result held here can still be looked up."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain import ResultState
from kiosk.services.core import Services

# A result's local state → the contract's dossier state it means.
_STATES = {ResultState.PICKED_UP: "picked_up", ResultState.LOADED: "result_ready"}


@dataclass(frozen=True)
class LocalState:
    state: str  # as the contract's dossier states: picked_up, result_ready
    procedure: str


def local_state(services: Services, dossier_code: str) -> LocalState | None:
    """Runs on the services thread: the newest result of ``dossier_code`` at this kiosk."""
    row = services.ctx.store.one(
        "SELECT s.state, r.procedure_name FROM results s"
        " JOIN releases r ON r.release_id = s.release_id"
        " WHERE r.dossier_code = ? AND s.state IN (?, ?)"
        " ORDER BY s.id DESC LIMIT 1",
        (dossier_code, *_STATES),
    )
    if row is None:
        return None
    return LocalState(_STATES[ResultState(row[0])], row[1] or "")
