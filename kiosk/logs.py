"""Where log lines go: the systemd journal (structured) or stderr, and rotated files.

Under systemd the journal gets each line as fields (``journalctl -o verbose`` shows them;
``journalctl LOGGER=kiosk.runtime`` selects by them) over the journal's native datagram
protocol, written here in plain Python like ``kiosk.sd_notify``. ``kiosk run`` and ``kiosk sync``
also write rotated files into the data directory, which the technician's export copies to a USB
stick (``kiosk.services.diagnostics``).

No OTP, PIN or token is ever logged: the code logs lengths, not scanned text, and
``Redactor`` masks what slips through on every handler (a pickup QR, ``otp=…``, a bearer token).
"""

from __future__ import annotations

import logging
import os
import re
import socket
import struct
import sys
from collections.abc import Mapping
from logging.handlers import RotatingFileHandler
from pathlib import Path

from kiosk.paths import LOG_DIR_NAME
from kiosk.settings import Settings

JOURNAL_SOCKET = "/run/systemd/journal/socket"
SYSLOG_IDENTIFIER = "atm-ho-so"
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
#: Five files of 5 MB per process: weeks of normal operation, little of an SD card.
FILE_BYTES = 5 * 1024 * 1024
FILE_BACKUPS = 4

# syslog priorities (journalctl -p) for Python's levels.
_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}

_SECRETS = (
    # The pickup QR: DATM1|{dossier_code}|{otp}.
    (re.compile(r"(DATM1\|[^|\s]*\|)[^\s'\"|]+"), r"\1***"),
    # otp=…, "pin": "…", token: … in messages and reprs.
    (
        re.compile(r"""(?i)\b(otp|pin|token|password)(['"]?\s*[:=]\s*['"]?)[^\s'",}]+"""),
        r"\1\2***",
    ),
    (re.compile(r"(?i)(bearer\s+)\S+"), r"\1***"),
)


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class Redactor(logging.Filter):
    """Masks secrets in the formatted message before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class JournalHandler(logging.Handler):
    """Sends records to journald as structured entries (systemd.journal-fields(7))."""

    def __init__(self, path: str = JOURNAL_SOCKET) -> None:
        super().__init__()
        #: Fields on every entry; ``log_service`` adds the kiosk's id once settings are loaded.
        self.fields = {"SYSLOG_IDENTIFIER": SYSLOG_IDENTIFIER}
        self._path = path
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
            fields = {
                **self.fields,
                "MESSAGE": message,
                "PRIORITY": str(_PRIORITY.get(record.levelno, 6)),
                "LOGGER": record.name,
                "THREAD_NAME": record.threadName or "",
                "CODE_FILE": record.pathname,
                "CODE_LINE": str(record.lineno),
                "CODE_FUNC": record.funcName,
            }
            self._socket.sendto(encode_entry(fields), self._path)
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self._socket.close()
        super().close()


def encode_entry(fields: Mapping[str, str]) -> bytes:
    """The native protocol: ``KEY=value`` lines; a value with a newline goes as ``KEY``, a
    little-endian 64-bit length and the raw bytes."""
    out = bytearray()
    for key, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            out += key.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n"
        else:
            out += key.encode() + b"=" + data + b"\n"
    return bytes(out)


def journal_connected(environ: Mapping[str, str], stream: object = sys.stderr) -> bool:
    """True when systemd connected our stderr to the journal (``JOURNAL_STREAM`` names it)."""
    device, _, inode = environ.get("JOURNAL_STREAM", "").partition(":")
    fileno = getattr(stream, "fileno", None)
    if not (device and inode and callable(fileno)):
        return False
    try:
        st = os.fstat(fileno())
    except (OSError, ValueError):
        return False
    return f"{st.st_dev}:{st.st_ino}" == f"{device}:{inode}"


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to ``sys.stderr`` as it is when a line is written, not as it was when the handler
    was made (a test harness swaps it; lines from a finished command's threads still land)."""

    def __init__(self) -> None:
        super().__init__()

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure_logging(
    verbose: bool,
    environ: Mapping[str, str] | None = None,
    journal_path: str = JOURNAL_SOCKET,
) -> None:
    """The root logger: to the journal when systemd runs us (stderr would lose the fields and
    double every line), else to stderr. Replaces what an earlier call installed, and nothing
    else."""
    env = os.environ if environ is None else environ
    handler: logging.Handler
    if journal_connected(env) and Path(journal_path).exists():
        handler = JournalHandler(journal_path)
        handler.setFormatter(logging.Formatter("%(message)s"))  # time and level are fields
    else:
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter(LINE_FORMAT))
    handler.addFilter(Redactor())
    root = logging.getLogger()
    for old in root.handlers[:]:
        if isinstance(old, JournalHandler | StderrHandler):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


def log_service(settings: Settings, name: str) -> Path:
    """A long-running service's logging: the kiosk's id on its journal entries, and
    ``<data dir>/logs/<name>.log``, rotated (one file per process: the kiosk and the sync agent
    never write the same file)."""
    root = logging.getLogger()
    for journal in root.handlers:
        if isinstance(journal, JournalHandler):
            journal.fields["KIOSK_ID"] = settings.kiosk.id
    folder = settings.data_path() / LOG_DIR_NAME
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.log"
    handler = RotatingFileHandler(
        path, maxBytes=FILE_BYTES, backupCount=FILE_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LINE_FORMAT))
    handler.addFilter(Redactor())
    root.addHandler(handler)
    return path
