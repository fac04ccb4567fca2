"""Log lines: structured entries for the journal over its native protocol (a real datagram
socket stands in for journald), rotated files in the data directory, and no secrets."""

from __future__ import annotations

import logging
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.logs import (
    JournalHandler,
    Redactor,
    StderrHandler,
    configure_logging,
    log_service,
    redact,
)
from kiosk.settings import Settings
from tests.kiosk.commands.run.conftest import DatagramSink


def decode_entry(data: bytes) -> dict[str, str]:
    """journald's side of the native protocol."""
    fields: dict[str, str] = {}
    while data:
        line, _, rest = data.partition(b"\n")
        if b"=" in line:
            key, _, value = line.partition(b"=")
            fields[key.decode()] = value.decode()
            data = rest
        else:
            (size,) = struct.unpack("<Q", rest[:8])
            fields[line.decode()] = rest[8 : 8 + size].decode()
            data = rest[8 + size + 1 :]
    return fields


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    saved, level = root.handlers[:], root.level
    yield root
    for handler in root.handlers:
        if handler not in saved:
            handler.close()
    root.handlers[:], root.level = saved, level


@pytest.mark.logs(logging.ERROR)
def test_entries_carry_priority_logger_code_and_kiosk_as_journal_fields(
    sink: DatagramSink, root_logger: logging.Logger, tmp_path: Path
) -> None:
    handler = JournalHandler(str(sink.path))
    handler.setFormatter(logging.Formatter("%(message)s"))
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.INFO)
    log_service(Settings(data_dir=str(tmp_path)), "kiosk")  # names the kiosk on entries

    logging.getLogger("kiosk.runtime").warning("door %s did not open: jammed?", "A03")
    try:
        raise OSError("port gone")
    except OSError:
        logging.getLogger("drivers.locks").exception("board 1 offline")

    first, second = (decode_entry(d) for d in sink.drain())
    assert first["MESSAGE"] == "door A03 did not open: jammed?"
    assert first["PRIORITY"] == "4"  # journalctl -p warning
    assert first["LOGGER"] == "kiosk.runtime"
    assert first["SYSLOG_IDENTIFIER"] == "atm-ho-so"
    assert first["KIOSK_ID"] == Settings().kiosk.id
    assert first["CODE_FILE"].endswith("test_logs.py") and first["CODE_LINE"].isdigit()
    assert first["THREAD_NAME"] == "MainThread"
    # A traceback has newlines: sent length-prefixed, whole.
    assert second["PRIORITY"] == "3"
    assert second["MESSAGE"].startswith("board 1 offline\nTraceback")
    assert second["MESSAGE"].endswith("OSError: port gone")
    # And the same lines in the rotated file the technician exports.
    text = (tmp_path / "logs" / "kiosk.log").read_text("utf-8")
    assert "WARNING kiosk.runtime: door A03 did not open: jammed?" in text


def test_the_journal_is_used_only_when_systemd_connected_stderr_to_it(
    sink: DatagramSink, root_logger: logging.Logger
) -> None:
    st = os.fstat(sys.stderr.fileno())
    ours = {"JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"}
    # pytest's own handlers are kept; an earlier in-process command's are replaced.
    others = [h for h in root_logger.handlers if not isinstance(h, JournalHandler | StderrHandler)]
    configure_logging(False, ours, journal_path=str(sink.path))
    assert [type(h) for h in root_logger.handlers if h not in others] == [JournalHandler]
    configure_logging(False, {"JOURNAL_STREAM": "1:2"}, journal_path=str(sink.path))
    assert [type(h) for h in root_logger.handlers if h not in others] == [StderrHandler]
    configure_logging(False, {}, journal_path=str(sink.path))
    assert [type(h) for h in root_logger.handlers if h not in others] == [StderrHandler]
    assert [h for h in root_logger.handlers if h in others] == others


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (
            "scan DATM1|000.00.12.H29-241123-0001|48213906 not used",
            "scan DATM1|000.00.12.H29-241123-0001|*** not used",
        ),
        ("claim failed otp=48213906 code=X", "claim failed otp=*** code=X"),
        ("reply {'pin': '2468', 'id': 'cb-1'}", "reply {'pin': '***', 'id': 'cb-1'}"),
        ('body {"token": "s3cret"}', 'body {"token": "***"}'),
        ("Authorization: Bearer abc.def", "Authorization: Bearer ***"),
        ("door A03 opened for 000.00.12.H29-241123-0001", None),
    ],
)
def test_secrets_that_slip_into_a_message_are_masked(line: str, shown: str | None) -> None:
    assert redact(line) == (shown or line)


def test_the_redactor_masks_the_formatted_message(
    sink: DatagramSink, root_logger: logging.Logger
) -> None:
    handler = JournalHandler(str(sink.path))
    handler.addFilter(Redactor())
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.INFO)
    logging.getLogger("t").info("scanned %s", "DATM1|000.00.12.H29-241123-0001|48213906")
    (entry,) = (decode_entry(d) for d in sink.drain())
    assert "48213906" not in entry["MESSAGE"]
