"""Why the last sync cycle failed, as a fact (which step, what kind of failure, the HTTP status),
not as text: the agent keeps it in ``kv`` (``sync.last_failure``, JSON), the technician's screen
puts it into words in the screen's language, ``kiosk status`` into English.

The detail (which field of a reply broke the contract, the exception's text) goes to the log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class FailureKind(StrEnum):
    OFFLINE = "offline"  # the central system could not be reached (network, DNS, refused)
    TIMEOUT = "timeout"  # reached, but no reply within the timeout
    HTTP = "http"  # an HTTP status the step cannot use (5xx, 429, an unexpected one): ``status``
    MALFORMED = "malformed"  # the reply broke the contract: nothing from it was stored
    AUTH = "auth"  # 401/403: the central system refuses this kiosk's token
    INTERNAL = "internal"  # the kiosk's own sync failed (a bug, the database, a full disk)


@dataclass(frozen=True)
class SyncFailure:
    """``step`` is a ``sync.agent.Step`` value, or None when the whole cycle failed
    (``INTERNAL``); ``status`` the HTTP status when there was one."""

    kind: FailureKind
    step: str | None = None
    status: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.step, "kind": self.kind.value, "status": self.status}

    def to_json(self) -> str:
        return json.dumps(self.as_dict())

    @classmethod
    def from_json(cls, text: str | None) -> SyncFailure | None:
        """The stored fact; None after a success (``""``) or when nothing was stored. A value
        this version cannot read (an older kiosk's text) is an internal failure of unknown
        detail rather than an error on the technician's screen."""
        if not text:
            return None
        try:
            data = json.loads(text)
        except ValueError:
            return cls(FailureKind.INTERNAL)
        return cls.from_mapping(data) if isinstance(data, Mapping) else cls(FailureKind.INTERNAL)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> SyncFailure:
        try:
            kind = FailureKind(str(data.get("kind")))
        except ValueError:
            kind = FailureKind.INTERNAL
        step, status = data.get("step"), data.get("status")
        return cls(
            kind,
            step if isinstance(step, str) else None,
            status if isinstance(status, int) else None,
        )

    def text(self) -> str:
        """In English, for ``kiosk status`` and ``kiosk diag report`` (technicians' CLI)."""
        what = {
            FailureKind.OFFLINE: "cannot reach the central system",
            FailureKind.TIMEOUT: "no reply within the timeout",
            FailureKind.HTTP: "the central system answered HTTP",
            FailureKind.MALFORMED: "the reply broke the contract",
            FailureKind.AUTH: "the central system refused this kiosk's token",
            FailureKind.INTERNAL: "sync itself failed (see the log)",
        }[self.kind]
        if self.status is not None:
            what += f" {self.status}" if self.kind is FailureKind.HTTP else f" (HTTP {self.status})"
        return f"{self.step}: {what}" if self.step else what
