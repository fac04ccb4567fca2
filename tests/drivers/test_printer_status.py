"""DLE EOT status bytes: every bit, and random bytes never read as a good printer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.interfaces import PaperState
from drivers.printer import escpos_status
from drivers.printer.escpos_status import ERROR_CAUSE, OFFLINE_CAUSE, PAPER_ROLL, PRINTER

GOOD = {PRINTER: 0x12, OFFLINE_CAUSE: 0x12, ERROR_CAUSE: 0x12, PAPER_ROLL: 0x12}


def test_queries_are_dle_eot_n() -> None:
    assert [escpos_status.query(n).hex(" ") for n in escpos_status.QUERIES] == [
        "10 04 01",
        "10 04 02",
        "10 04 03",
        "10 04 04",
    ]


def test_all_good() -> None:
    status = escpos_status.parse(GOOD)
    assert status.to_json() == {
        "online": True,
        "responding": True,
        "paper": "ok",
        "cover_open": False,
        "cutter_error": False,
        "error": False,
        "ready": True,
        "detail": "ready",
    }


@pytest.mark.parametrize(
    ("n", "byte", "field", "value"),
    [
        (PRINTER, 0x1A, "online", False),
        (OFFLINE_CAUSE, 0x16, "cover_open", True),
        (OFFLINE_CAUSE, 0x32, "paper", PaperState.OUT),
        (OFFLINE_CAUSE, 0x52, "error", True),
        (ERROR_CAUSE, 0x1A, "cutter_error", True),
        (ERROR_CAUSE, 0x32, "error", True),
        (ERROR_CAUSE, 0x52, "error", True),
        (PAPER_ROLL, 0x1E, "paper", PaperState.NEAR_END),
        (PAPER_ROLL, 0x72, "paper", PaperState.OUT),
        (PAPER_ROLL, 0x7E, "paper", PaperState.OUT),
    ],
)
def test_each_status_bit(n: int, byte: int, field: str, value: object) -> None:
    status = escpos_status.parse({**GOOD, n: byte})
    assert getattr(status, field) == value
    if value is not PaperState.NEAR_END:
        assert not status.ready


def test_silence_is_offline_and_unknown_never_paper_ok() -> None:
    status = escpos_status.parse({})
    assert (status.online, status.responding, status.paper) == (False, False, PaperState.UNKNOWN)
    assert status.cover_open is None and status.cutter_error is None
    assert "no answer to DLE EOT" in status.detail


def test_partial_answers_leave_the_rest_unknown() -> None:
    status = escpos_status.parse({PRINTER: 0x12})
    assert status.online and status.paper is PaperState.UNKNOWN and not status.ready


@given(st.dictionaries(st.sampled_from(escpos_status.QUERIES), st.integers(0, 255)))
def test_random_bytes_never_make_a_believed_state(replies: dict[int, int]) -> None:
    status = escpos_status.parse(replies)
    valid = {n for n, b in replies.items() if escpos_status.is_status_byte(b)}
    if status.paper in (PaperState.OK, PaperState.NEAR_END):
        assert PAPER_ROLL in valid
    if status.ready:
        assert valid == set(escpos_status.QUERIES)
    if status.cover_open is not None:
        assert OFFLINE_CAUSE in valid
    if PRINTER not in valid:
        assert not status.online and status.paper is PaperState.UNKNOWN
