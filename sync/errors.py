"""What can go wrong talking to the central system, from the caller's point of view.

Every failure is a ``CentralUnavailable``: the kiosk carries on with what it has (the UI's
drop-off check marks a dossier unverified). The subclasses say why, for the log and for
``kiosk sync --once``: a reply we refuse to trust, or a token the server refuses.
"""

from __future__ import annotations

from typing import ClassVar

from kiosk.errors import KioskError
from kiosk.store.sync_failure import FailureKind


class CentralUnavailable(KioskError):
    """The central system could not be reached, failed, or sent a reply we cannot use.

    ``kind`` and ``status`` say why as facts (the message says it for the log);
    ``retry_after_s`` is set when the server asked us to come back later (429/503).
    """

    default_kind: ClassVar[FailureKind] = FailureKind.OFFLINE

    def __init__(
        self,
        message: str,
        *,
        kind: FailureKind | None = None,
        status: int | None = None,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind or self.default_kind
        self.status = status
        self.retry_after_s = retry_after_s


class BadReply(CentralUnavailable):
    """The reply broke the contract (bad JSON, wrong types, too big, non-NFC text).

    Nothing from such a reply is stored.
    """

    default_kind = FailureKind.MALFORMED


class AuthRejected(CentralUnavailable):
    """401 or 403: the server refuses this kiosk's token. Retrying will not help."""

    default_kind = FailureKind.AUTH


class CursorExpired(KioskError):
    """410 Gone on releases: the server forgot our cursor; pull again from the beginning."""


class IdempotencyConflict(KioskError):
    """422 on events: the server holds this Idempotency-Key for a different body."""
