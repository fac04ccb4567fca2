"""``kiosk diag report`` and ``kiosk diag export``: the diagnostics screens' facts, remotely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config_loader import load_settings
from kiosk.services import alarms
from kiosk.services.core import open_services


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    services = open_services(load_settings(None))
    try:
        with services.ctx.store.transaction() as conn:
            alarms.raise_alarm(conn, services.ctx.clock, "door_jammed", "A02")
    finally:
        services.close()
    return tmp_path / "data"


def test_report_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diag", "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["doors"] == {"A02": {"jams": 1, "forced": 0}}
    assert [(a["kind"], a["subject"]) for a in report["alarms"]] == [("door_jammed", "A02")]
    assert report["audit"]["ok"] and report["audit"]["text"].startswith("audit log ok:")
    assert report["sync"]["outbox_pending"] == 1


def test_report_text_and_export(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diag", "report"]) == 0
    text = capsys.readouterr().out
    assert "door faults      A02 jammed 1 forced 0" in text
    assert main(["diag", "export", str(tmp_path / "usb")]) == 0
    (folder,) = (tmp_path / "usb").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == [
        "audit-verify.txt", "audit.jsonl", "config.json", "logs", "status.json",
    ]  # fmt: skip
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert config["central"]["token"] == "***"
