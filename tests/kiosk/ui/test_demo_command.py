"""``kiosk demo`` as a person starts it: with no display at all, and with KIOSK_DATA_DIR."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DEMO_START_S = 60.0


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "KIOSK_DATA_DIR")
    }
    env.update(extra)
    return env


def test_with_no_display_the_demo_says_so_and_how_to_run_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo"],
        env=_env(KIOSK_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1  # not -SIGABRT
    assert "no display" in done.stderr
    assert "xvfb-run" in done.stderr
    assert "kiosk screenshots DIR" in done.stderr
    assert not (tmp_path / "kiosk.sqlite3").exists()  # nothing was started


def test_the_demo_keeps_its_database_in_kiosk_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "demo", "--windowed"],
        env=_env(KIOSK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert demo.stdout is not None
        deadline = time.monotonic() + DEMO_START_S
        said = ""
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            if line.startswith("Data directory:"):
                said = line.split(":", 1)[1].strip()
                break
        assert said == str(data)
        assert (data / "kiosk.sqlite3").exists()
    finally:
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
