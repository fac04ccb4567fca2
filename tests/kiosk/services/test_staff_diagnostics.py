"""Technicians' diagnostics: fault counts, paper history, sync state, alarms, logs and export."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from drivers.interfaces import PaperState
from kiosk.clock import FakeClock
from kiosk.errors import EnvironmentProblem
from kiosk.services import alarms, diagnostics
from kiosk.services.core import Services
from kiosk.store import kv, outbox
from kiosk.store.sync_failure import FailureKind, SyncFailure

TECH = "technician:kt-0007"


def raise_alarm(services: Services, kind: str, subject: str) -> None:
    with services.ctx.store.transaction() as conn:
        alarms.raise_alarm(conn, services.ctx.clock, kind, subject)


def test_jam_and_forced_counts_per_door(services: Services) -> None:
    for _ in range(2):
        raise_alarm(services, "door_jammed", "A01")
        (alarm,) = diagnostics.open_alarms(services)
        diagnostics.clear_alarm(services, alarm.id, TECH)
    raise_alarm(services, "door_forced", "A01")
    raise_alarm(services, "door_forced", "B02")
    raise_alarm(services, "board_offline", "board:0")
    counts = diagnostics.door_counts(services)
    assert counts == {
        "A01": diagnostics.DoorCounts(jams=2, forced=1),
        "B02": diagnostics.DoorCounts(jams=0, forced=1),
    }


def test_paper_history_records_changes_only(services: Services, clock: FakeClock) -> None:
    ok = {"printer": {"status": {"paper": "ok"}}}
    near = {"printer": {"status": {"paper": "near_end"}}}
    for health in (ok, ok, near, near, {"printer": {"status": {"paper": "unknown"}}}, ok, {}):
        with services.ctx.store.transaction() as conn:
            diagnostics.note_health(conn, clock, health)
        clock.advance(60)
    assert not diagnostics.record_paper(services, PaperState.OK)
    history = [c.paper for c in diagnostics.paper_history(services)]
    assert history == [PaperState.OK, PaperState.NEAR_END, PaperState.OK]


def test_sync_state_with_rejected_events(services: Services) -> None:
    ctx = services.ctx
    with ctx.store.transaction() as conn:
        kv.put(conn, kv.Key.ONLINE, "0")
        kv.put(conn, kv.Key.LAST_SUCCESS_AT, "2026-11-23T21:00:00+07:00")
        kv.put(conn, kv.Key.LAST_FAILURE, SyncFailure(FailureKind.TIMEOUT, "releases").to_json())
        for n in range(3):
            outbox.enqueue(
                conn,
                type="rating.submitted",
                occurred_at=f"2026-11-23T21:0{n}:00+07:00",
                actor="citizen",
                data={"score": 5},
            )
        conn.execute(
            "UPDATE outbox SET state = 'rejected', reject_reason = 'unknown dossier' WHERE seq = 1"
        )
    state = diagnostics.sync_state(services)
    assert (state.online, state.last_failure, state.outbox_pending, state.outbox_oldest_at) == (
        False,
        SyncFailure(FailureKind.TIMEOUT, "releases"),
        2,
        "2026-11-23T21:01:00+07:00",
    )
    (rejected,) = state.rejected
    assert (rejected.type, rejected.reason) == ("rating.submitted", "unknown dossier")


def test_acknowledge_and_clear_are_audited_and_reported(services: Services) -> None:
    raise_alarm(services, "printer_paper_out", "printer")
    (alarm,) = diagnostics.open_alarms(services)
    assert diagnostics.acknowledge_alarm(services, alarm.id, TECH)
    assert not diagnostics.acknowledge_alarm(services, alarm.id, TECH)
    assert diagnostics.open_alarms(services)[0].acknowledged
    assert diagnostics.clear_alarm(services, alarm.id, TECH)
    assert diagnostics.open_alarms(services) == []
    rows = services.ctx.store.query("SELECT type, actor, data FROM outbox ORDER BY seq")
    assert [tuple(r) for r in rows] == [
        ("alarm.raised", "kiosk", '{"kind": "printer_paper_out"}'),
        ("alarm.cleared", TECH, '{"kind": "printer_paper_out"}'),
    ]
    actions = [r[0] for r in services.ctx.store.query("SELECT action FROM audit ORDER BY seq")]
    assert actions[-2:] == ["alarm.acknowledged", "alarm.cleared"]


@pytest.mark.logs(logging.ERROR)
def test_export_writes_logs_config_without_secrets_and_the_audit_log(
    services: Services, tmp_path: Path
) -> None:
    settings = services.ctx.settings
    logs = diagnostics.log_dir(settings)
    logs.mkdir(parents=True)
    (logs / "kiosk.log").write_text("line 1\nline 2\nline 3\n", encoding="utf-8")
    tail = diagnostics.LogTail(size=2)
    logger = logging.getLogger("test.staff.diag")
    logger.addHandler(tail)
    try:
        for n in range(3):
            logger.warning("tail %d", n)
    finally:
        logger.removeHandler(tail)
    assert [line.rsplit(" ", 1)[-1] for line in tail.lines()] == ["1", "2"]
    assert diagnostics.last_log_lines(settings, tail, 2) == ["line 2", "line 3"]

    data = diagnostics.gather_export(services)
    result = diagnostics.write_export(data, tmp_path / "usb", logs, tail.lines())
    names = sorted(p.relative_to(result.folder).as_posix() for p in result.files)
    assert names == [
        "audit-verify.txt",
        "audit.jsonl",
        "config.json",
        "logs/kiosk.log",
        "logs/recent.log",
        "status.json",
    ]
    config = json.loads((result.folder / "config.json").read_text(encoding="utf-8"))
    assert config["central"]["token"] == "***"
    assert settings.central.token not in (result.folder / "config.json").read_text()
    audit_lines = (result.folder / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(audit_lines) == len(services.ctx.store.query("SELECT seq FROM audit"))
    verify = (result.folder / "audit-verify.txt").read_text()
    assert verify.startswith("audit log ok:")
    assert diagnostics.verify_text(diagnostics.verify_audit(settings)) == verify.strip()
    assert result.verify.ok

    (tmp_path / "read-only").write_text("a file, not a folder")
    with pytest.raises(EnvironmentProblem, match="export to"):
        diagnostics.write_export(data, tmp_path / "read-only", logs, [])


def test_export_targets_are_mounted_sticks_then_the_data_dir(
    services: Services, tmp_path: Path
) -> None:
    media = tmp_path / "media"
    stick = media / "kiosk" / "USB STICK"
    stick.mkdir(parents=True)
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        f"/dev/sdb1 {media}/kiosk/USB\\040STICK vfat rw 0 0\n"
        f"/dev/sdc1 {media}/kiosk/gone vfat rw 0 0\n"
        "proc /proc proc rw 0 0\n",
        encoding="utf-8",
    )
    settings = services.ctx.settings
    assert diagnostics.export_targets(settings, mounts, roots=[str(media)]) == [
        stick,
        settings.data_path() / diagnostics.EXPORTS_DIR,
    ]
