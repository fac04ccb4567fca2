"""What technicians look at: door fault counts, paper history, sync state, alarms, logs, export.

Functions taking ``Services`` read or write the store and run on the services thread
(``runtime.call``); those taking ``Devices``, settings or paths do I/O and run on the io pool
(``runtime.run_io``): the audit check and the export's audit log among them, on read-only
connections of their own. Nothing here talks to Qt.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from drivers.errors import DeviceError
from drivers.interfaces import BoardStatus, PaperState, Receipt
from drivers.registry import Devices
from kiosk.clock import Clock
from kiosk.domain import SYSTEM, AlarmKind
from kiosk.errors import EnvironmentProblem
from kiosk.paths import DATABASE_NAME, LOG_DIR_NAME
from kiosk.services import alarms
from kiosk.services.context import record
from kiosk.services.core import Services
from kiosk.services.otp_key import load_or_create_device_key
from kiosk.services.status import last_failure, snapshot
from kiosk.settings import Settings
from kiosk.store import audit
from kiosk.store.db import open_read_only
from kiosk.store.sync_failure import SyncFailure

log = logging.getLogger(__name__)

PAPER_ACTION = "printer.paper"
REDACTED = "***"
TAIL_LINES = 500
# Where removable media are mounted on the Linux desktops kiosks run (udisks, or by hand).
MEDIA_ROOTS = ("/media", "/run/media", "/mnt")
EXPORTS_DIR = "exports"


# --- doors ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DoorCounts:
    """How often a door jammed or was forced open, over the whole alarm history."""

    jams: int = 0
    forced: int = 0


def door_counts(services: Services) -> dict[str, DoorCounts]:
    rows = services.ctx.store.query(
        "SELECT subject, kind, count(*) FROM alarms WHERE kind IN (?, ?) GROUP BY subject, kind",
        (AlarmKind.DOOR_JAMMED.value, AlarmKind.DOOR_FORCED.value),
    )
    counts: dict[str, dict[str, int]] = {}
    for subject, kind, n in rows:
        counts.setdefault(subject, {})[kind] = n
    return {
        label: DoorCounts(
            c.get(AlarmKind.DOOR_JAMMED.value, 0), c.get(AlarmKind.DOOR_FORCED.value, 0)
        )
        for label, c in counts.items()
    }


def read_boards(devices: Devices, boards: Iterable[int]) -> dict[int, BoardStatus | str]:
    """Every board's sensors now, or why a board could not be read (io pool)."""
    readings: dict[int, BoardStatus | str] = {}
    for board in boards:
        try:
            readings[board] = devices.locks.read_board(board)
        except DeviceError as exc:
            readings[board] = str(exc)
    return readings


# --- printer ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperChange:
    at: str
    paper: PaperState


def note_paper(conn: sqlite3.Connection, clock: Clock, paper: PaperState) -> bool:
    """Record the printer's paper state when it differs from the last one recorded.

    Called with every status the kiosk learns (the health loop, the technician's screen);
    ``paper_history`` reads these records back. True if a change was recorded.
    """
    if paper is PaperState.UNKNOWN:
        return False
    last = conn.execute(
        "SELECT details FROM audit WHERE action = ? ORDER BY seq DESC LIMIT 1", (PAPER_ACTION,)
    ).fetchone()
    if last is not None and json.loads(last[0]).get("paper") == paper.value:
        return False
    record(
        conn,
        clock,
        actor=SYSTEM,
        action=PAPER_ACTION,
        subject="printer",
        details={"paper": paper.value},
    )
    return True


def note_health(conn: sqlite3.Connection, clock: Clock, health: Mapping[str, Any]) -> None:
    """``note_paper`` for a ``Devices.health()`` snapshot (the runtime's health loop)."""
    status = (health.get("printer") or {}).get("status") or {}
    try:
        paper = PaperState(status.get("paper", PaperState.UNKNOWN.value))
    except ValueError:
        return
    note_paper(conn, clock, paper)


def paper_history(services: Services, limit: int = 12) -> list[PaperChange]:
    """The printer's paper states as they changed, newest first."""
    rows = services.ctx.store.query(
        "SELECT at, details FROM audit WHERE action = ? ORDER BY seq DESC LIMIT ?",
        (PAPER_ACTION, limit),
    )
    return [PaperChange(r[0], PaperState(json.loads(r[1])["paper"])) for r in rows]


def record_paper(services: Services, paper: PaperState) -> bool:
    with services.ctx.store.transaction() as conn:
        return note_paper(conn, services.ctx.clock, paper)


def record_commissioning(
    services: Services, actor: str, saved: str, report: str, installed: bool
) -> None:
    """A technician saved the configuration commissioning wrote (kiosk/ui/tech/commission.py):
    who, where, and its report. ``installed``: it replaced the kiosk's file (else it waits to be
    installed by hand). Audited only: the central system has no event for it."""
    with services.ctx.store.transaction() as conn:
        record(
            conn,
            services.ctx.clock,
            actor=actor,
            action="config.commissioned",
            subject=saved,
            details={"report": report, "installed": installed},
        )


def test_receipt(settings: Settings, time: datetime) -> Receipt:
    """A receipt with every Vietnamese letter shape and a QR code, for the printer test."""
    k = settings.kiosk
    return Receipt(
        kiosk_name=k.name,
        ward=k.ward,
        title="PHIẾU IN THỬ",
        dossier_code="KIỂM-TRA-0001",
        procedure="Kiểm tra máy in: tiếng Việt có dấu đầy đủ",
        compartment="-",
        time=time,
        qr_data=f"ATM-HO-SO-PRINTER-TEST|{k.id}",
        message="Nếu đọc được dòng này và quét được mã QR, máy in hoạt động tốt.",
        extra_lines=("ĂÂĐÊÔƠƯ ăâđêôơư àảãáạ ỳỷỹýỵ",),
    )


# --- sync ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedEvent:
    event_id: str
    type: str
    occurred_at: str
    reason: str
    dossier_code: str | None
    compartment: str | None


@dataclass(frozen=True)
class SyncState:
    online: bool
    last_success_at: str | None
    last_failure: SyncFailure | None
    outbox_pending: int
    outbox_oldest_at: str | None
    rejected: list[RejectedEvent]


def sync_state(services: Services, limit: int = 20) -> SyncState:
    s = snapshot(services.ctx.store, services.ctx.clock)["sync"]
    rows = services.ctx.store.query(
        "SELECT event_id, type, occurred_at, reject_reason, dossier_code, compartment"
        " FROM outbox WHERE state = 'rejected' ORDER BY seq DESC LIMIT ?",
        (limit,),
    )
    return SyncState(
        online=s["online"],
        last_success_at=s["last_success_at"],
        last_failure=last_failure(services.ctx.store.conn),
        outbox_pending=s["outbox_pending"],
        outbox_oldest_at=s["outbox_oldest_at"],
        rejected=[RejectedEvent(r[0], r[1], r[2], r[3] or "", r[4], r[5]) for r in rows],
    )


# --- alarms -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlarmView:
    id: int
    kind: str
    subject: str
    raised_at: str
    acknowledged: bool
    details: dict[str, Any]


def open_alarms(services: Services) -> list[AlarmView]:
    return [
        AlarmView(a["id"], a["kind"], a["subject"], a["raised_at"], a["acknowledged"], a["details"])
        for a in alarms.open_alarms(services.ctx.store.conn)
    ]


def acknowledge_alarm(services: Services, alarm_id: int, actor: str) -> bool:
    with services.ctx.store.transaction() as conn:
        return alarms.acknowledge(conn, services.ctx.clock, alarm_id, actor)


def clear_alarm(services: Services, alarm_id: int, actor: str) -> bool:
    """Clear an alarm (reported to the central system as ``alarm.cleared``)."""
    with services.ctx.store.transaction() as conn:
        return alarms.clear_alarm(conn, services.ctx.clock, alarm_id, actor)


# --- logs ---------------------------------------------------------------------------------------


class LogTail(logging.Handler):
    """The last lines logged by this process, for the technician's screen and the export.

    Attached to the root logger by whoever builds the UI (``attach``), detached on close.
    """

    def __init__(self, size: int = TAIL_LINES) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self._lines: deque[str] = deque(maxlen=size)
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        with self._guard:
            self._lines.append(line)

    def lines(self, n: int | None = None) -> list[str]:
        with self._guard:
            kept = list(self._lines)
        return kept if n is None else kept[-n:]

    def attach(self) -> None:
        logging.getLogger().addHandler(self)

    def detach(self) -> None:
        logging.getLogger().removeHandler(self)


def log_dir(settings: Settings) -> Path:
    return settings.data_path() / LOG_DIR_NAME


def last_log_lines(settings: Settings, tail: LogTail | None, n: int) -> list[str]:
    """The newest log file's last ``n`` lines, or this process's own when there is none."""
    files = _log_files(log_dir(settings))
    if files:
        try:
            with files[-1].open(encoding="utf-8", errors="replace") as f:
                return [line.rstrip("\n") for line in deque(f, maxlen=n)]
        except OSError as exc:
            log.warning("cannot read %s: %s", files[-1], exc)
    return tail.lines(n) if tail is not None else []


# --- export -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportData:
    """What an export writes from the services thread's view (cheap to gather there); the
    audit log itself is read by ``write_export``, on its own connection."""

    kiosk_id: str
    at: datetime
    config: dict[str, Any]
    status: dict[str, Any]
    database: Path
    device_key: bytes


class ExportFailed(EnvironmentProblem):
    """The export could not be written to ``dest``; ``errno`` says why (the OS's number)."""

    def __init__(self, dest: Path, error: OSError) -> None:
        super().__init__(f"export to {dest} failed: {error.strerror or error}")
        self.dest = dest
        self.errno = error.errno


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: list[Path]
    verify: audit.ChainReport


def redacted_config(settings: Settings) -> dict[str, Any]:
    """The running configuration with its secrets replaced (safe to hand over)."""
    config: dict[str, Any] = settings.model_dump(mode="json")
    config["central"]["token"] = REDACTED
    return config


def verify_audit(settings: Settings) -> audit.ChainReport:
    """``kiosk audit verify``'s check, on a read-only connection of its own: run it on the io
    pool (``runtime.run_io``). Years of rows take seconds, which must not hold up a door or
    the service watchdog's probe of the services thread."""
    data = settings.data_path()
    conn = open_read_only(data / DATABASE_NAME)
    try:
        return audit.verify(conn, load_or_create_device_key(data))
    finally:
        conn.close()


def gather_export(services: Services) -> ExportData:
    ctx = services.ctx
    return ExportData(
        kiosk_id=ctx.settings.kiosk.id,
        at=ctx.clock.now(),
        config=redacted_config(ctx.settings),
        status=snapshot(ctx.store, ctx.clock),
        database=ctx.store.path,
        device_key=ctx.store.device_key,
    )


def write_export(data: ExportData, dest: Path, logs: Path, recent: Sequence[str]) -> ExportResult:
    """Write logs, configuration (no secrets), audit log and status into a new folder in
    ``dest`` (a USB stick or the data directory); raises ``ExportFailed`` when it cannot.

    The audit log is streamed from one read-only snapshot in chunks, and checked on the same
    snapshot, so ``audit-verify.txt`` speaks of exactly the rows in ``audit.jsonl``. I/O: run
    it on the io pool."""
    folder = dest / f"atm-ho-so-{data.kiosk_id}-{data.at:%Y%m%d-%H%M%S}"
    conn = open_read_only(data.database)
    try:
        (folder / LOG_DIR_NAME).mkdir(parents=True, exist_ok=False)
        with audit.snapshot(conn):
            files = [
                _write_json(folder / "config.json", data.config),
                _write_json(folder / "status.json", data.status),
                _write_lines(
                    folder / "audit.jsonl",
                    (json.dumps(r, ensure_ascii=False) for r in audit.rows(conn)),
                ),
            ]
            verify = audit.verify(conn, data.device_key)
        files += [
            _write_lines(folder / "audit-verify.txt", [verify_text(verify)]),
            _write_lines(folder / LOG_DIR_NAME / "recent.log", recent),
        ]
        for source in _log_files(logs):
            target = folder / LOG_DIR_NAME / source.name
            shutil.copyfile(source, target)
            files.append(target)
        _sync_dir(folder)
    except OSError as exc:
        log.error("export to %s failed: %s", dest, exc)
        raise ExportFailed(dest, exc) from exc
    finally:
        conn.close()
    log.info("exported %d files to %s", len(files), folder)
    return ExportResult(folder, files, verify)


def export_targets(
    settings: Settings, mounts: Path = Path("/proc/mounts"), roots: Sequence[str] = MEDIA_ROOTS
) -> list[Path]:
    """Where an export can go: mounted removable media first, then the data directory."""
    sticks: list[Path] = []
    try:
        text = mounts.read_text(encoding="utf-8")
    except OSError:
        text = ""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        point = fields[1].replace("\\040", " ")
        if any(point.startswith(root + "/") for root in roots) and os.access(point, os.W_OK):
            sticks.append(Path(point))
    return [*sticks, settings.data_path() / EXPORTS_DIR]


def verify_text(report: audit.ChainReport) -> str:
    """The line ``kiosk audit verify`` prints."""
    return report.text()


def _log_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)


def _write_json(path: Path, value: Mapping[str, Any]) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _write_lines(path: Path, lines: Iterable[str]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    return path


def _sync_dir(folder: Path) -> None:
    """Flush the export to the stick before anyone pulls it out."""
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb+") as f:
                os.fsync(f.fileno())
