"""The hub's exceptions: one root, and the refusals an API turns into an error reply."""

from __future__ import annotations


class HubError(Exception):
    """Something a person running the hub must fix (configuration, key file, database)."""


class Refused(Exception):
    """A request the hub will not carry out: HTTP ``status`` with the contract's error body."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class NotFound(Refused):
    def __init__(self, message: str) -> None:
        super().__init__(404, "not_found", message)
