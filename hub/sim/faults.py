"""The simulator's fault switches: what a real central system (or the network) can do to a kiosk.

A fault is armed for the next ``times`` requests to one endpoint (or to any), then disarms
itself; ``times=None`` keeps it until ``FaultSwitches.clear()``. ``skip`` lets that many matching
requests through first (fail the third page, not the first). Faults apply to the kiosk API only,
never to the admin endpoints.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class FaultKind(StrEnum):
    SERVER_ERROR = "server_error"  # reply `status` (5xx) before doing anything
    RATE_LIMIT = "rate_limit"  # 429 with `retry_after` (seconds or an HTTP date)
    # Wait `delay_s` while handling; longer than the client's read timeout = a timeout. On
    # events the wait comes after the Idempotency-Key is claimed, so a retry meets a 409.
    SLOW = "slow"
    DROP_AFTER_COMMIT = "drop_after_commit"  # do the work, then close the socket unanswered
    MALFORMED_JSON = "malformed_json"  # a 200 whose body is cut in the middle
    WRONG_TYPES = "wrong_types"  # a 200 with every number and boolean sent as a string
    NON_NFC = "non_nfc"  # a 200 with every text decomposed (NFD)
    HUGE_BODY = "huge_body"  # a valid 200 padded to `size` bytes, streamed without a length
    EXPIRE_CURSOR = "expire_cursor"  # 410 cursor_expired to a releases request with a cursor


class Endpoint(StrEnum):
    RELEASES = "releases"
    EVENTS = "events"
    STAFF = "staff"
    HEARTBEAT = "heartbeat"
    DOSSIERS = "dossiers"


@dataclass
class Fault:
    kind: FaultKind
    endpoint: Endpoint | None = None
    times: int | None = 1
    skip: int = 0
    status: int = 503
    retry_after: str | None = None
    delay_s: float = 0.0
    size: int = 20_000_000

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Fault:
        fields = dict(obj)
        fields["kind"] = FaultKind(fields["kind"])
        if fields.get("endpoint") is not None:
            fields["endpoint"] = Endpoint(fields["endpoint"])
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def applies_to(self, endpoint: Endpoint, has_cursor: bool) -> bool:
        if self.endpoint not in (None, endpoint):
            return False
        if self.kind is FaultKind.EXPIRE_CURSOR:
            return endpoint is Endpoint.RELEASES and has_cursor
        return True


class FaultSwitches:
    """The armed faults, in the order armed: a request meets the first that applies to it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # armed by a test or the admin API, taken by requests
        self._armed: list[Fault] = []

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._armed.append(fault)

    def remove(self, fault: Fault) -> None:
        """Disarm this one fault (not another armed alike), if it is still armed."""
        with self._lock:
            self._armed = [f for f in self._armed if f is not fault]

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def armed(self) -> list[Fault]:
        with self._lock:
            return list(self._armed)

    def take(self, endpoint: Endpoint, has_cursor: bool) -> Fault | None:
        """The first armed fault for this request, counted as used."""
        with self._lock:
            for fault in self._armed:
                if fault.applies_to(endpoint, has_cursor):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._armed.remove(fault)
                    return fault
            return None


def stringify_scalars(value: Any) -> Any:
    """Every number and boolean as a string: "version": "3", "has_more": "false"."""
    if isinstance(value, dict):
        return {k: stringify_scalars(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stringify_scalars(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def decompose_text(value: Any) -> Any:
    """Every string in NFD: looks the same on screen, compares different."""
    if isinstance(value, dict):
        return {k: decompose_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decompose_text(v) for v in value]
    if isinstance(value, str):
        return unicodedata.normalize("NFD", value)
    return value


def cut_json(body: dict[str, Any]) -> bytes:
    text = json.dumps(body, ensure_ascii=False).encode()
    return text[: max(1, len(text) // 2)]
