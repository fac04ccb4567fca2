"""``sync.last_failure`` as stored and read back, and in English for the command line."""

from __future__ import annotations

import pytest

from kiosk.store.sync_failure import FailureKind, SyncFailure


@pytest.mark.parametrize(
    ("failure", "english"),
    [
        (
            SyncFailure(FailureKind.HTTP, "releases", 503),
            "releases: the central system answered HTTP 503",
        ),
        (SyncFailure(FailureKind.OFFLINE, "outbox"), "outbox: cannot reach the central system"),
        (SyncFailure(FailureKind.TIMEOUT, "staff"), "staff: no reply within the timeout"),
        (
            SyncFailure(FailureKind.MALFORMED, "heartbeat"),
            "heartbeat: the reply broke the contract",
        ),
        (
            SyncFailure(FailureKind.AUTH, "releases", 403),
            "releases: the central system refused this kiosk's token (HTTP 403)",
        ),
        (SyncFailure(FailureKind.INTERNAL), "sync itself failed (see the log)"),
    ],
)
def test_a_failure_is_stored_as_json_and_read_back(failure: SyncFailure, english: str) -> None:
    assert SyncFailure.from_json(failure.to_json()) == failure
    assert failure.text() == english


@pytest.mark.parametrize(
    "stored", ["releases: timed out", "[]", '{"kind": "gremlins"}', '{"step": 3, "kind": "http"}']
)
def test_what_this_version_cannot_read_is_an_internal_failure_not_an_error(stored: str) -> None:
    """An older kiosk's text, or a value from a newer one: the screen still says something."""
    failure = SyncFailure.from_json(stored)
    assert failure is not None
    assert failure.kind in (FailureKind.INTERNAL, FailureKind.HTTP) and failure.step is None


def test_a_success_leaves_no_failure() -> None:
    assert SyncFailure.from_json("") is None and SyncFailure.from_json(None) is None
