"""A citizen's "the SMS never came": ``otp.resend_requested`` for the central system, limited.

The kiosk does not look the dossier up: it sends the code as typed or scanned and the phone's
last digits, and the central system re-sends the SMS only when they match (central-api.md).
The citizen is told the same whether or not the dossier exists. The limits are per code typed
and for the whole kiosk, read from the outbox (one row per request), so they hold across a
restart and tell nobody anything about a dossier.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.clock import parse_rfc3339
from kiosk.domain import CITIZEN, DOSSIER_CODE_PATTERN
from kiosk.services.context import record
from kiosk.services.core import Services

EVENT = "otp.resend_requested"
PHONE_DIGITS = 3
#: One request per dossier code in this long (an SMS can take minutes to come).
SAME_CODE_S = 15 * 60
#: At most this many requests from the kiosk in an hour (nobody walks the codes through it).
KIOSK_PER_HOUR = 12
HOUR_S = 3600


@dataclass(frozen=True)
class ResendAnswer:
    """Sent, or held back by a limit for ``wait_s`` more seconds."""

    sent: bool
    wait_s: float = 0.0


def request_resend(services: Services, dossier_code: str, phone_digits: str) -> ResendAnswer:
    """Runs on the services thread: one audit record and one outbox event, unless limited."""
    if not DOSSIER_CODE_PATTERN.match(dossier_code):
        raise ValueError(f"not a dossier code: {dossier_code!r}")
    if len(phone_digits) != PHONE_DIGITS or not phone_digits.isdigit():
        raise ValueError("the phone's last digits are 3 digits")
    clock = services.ctx.clock
    with services.ctx.store.transaction() as conn:
        now = clock.timestamp()
        same = conn.execute(
            "SELECT occurred_at FROM outbox WHERE type = ? AND dossier_code = ?"
            " ORDER BY seq DESC LIMIT 1",
            (EVENT, dossier_code),
        ).fetchone()
        if same is not None:
            wait = parse_rfc3339(same[0]).timestamp() + SAME_CODE_S - now
            if wait > 0:
                return ResendAnswer(False, wait)
        recent = conn.execute(
            "SELECT occurred_at FROM outbox WHERE type = ? ORDER BY seq DESC LIMIT ?",
            (EVENT, KIOSK_PER_HOUR),
        ).fetchall()
        if len(recent) == KIOSK_PER_HOUR:
            wait = parse_rfc3339(recent[-1][0]).timestamp() + HOUR_S - now
            if wait > 0:
                return ResendAnswer(False, wait)
        record(
            conn,
            clock,
            actor=CITIZEN,
            action=EVENT,
            subject=dossier_code,
            event=EVENT,
            dossier_code=dossier_code,
            data={"phone_last_digits": phone_digits},
        )
    return ResendAnswer(True)
