"""The Qt binding we resolve must not leak references to ``None``.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every ``QLabel.setText()``
(and ``processEvents()``); when the count reaches zero the interpreter aborts with "Fatal
Python error: none_dealloc". The header clock calls ``setText`` every second, so a kiosk died
after about 17 idle hours. ``pyproject.toml`` excludes that release; this test catches any
future release with the same fault. It runs in a child process so that a leaking binding
fails this test with a count, not by aborting the test worker.
"""

from __future__ import annotations

import os
import subprocess
import sys

CALLS = 100_000

PROBE = f"""
import sys
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("x")
for _ in range(1000):  # warm-up: first calls may intern strings and build caches
    label.setText("09:30")
    QCoreApplication.processEvents()
before = sys.getrefcount(None)
for _ in range({CALLS}):
    label.setText("09:30")
for _ in range(1000):
    QCoreApplication.processEvents()
print(sys.getrefcount(None) - before)
"""


def test_none_refcount_unchanged_after_many_settext_calls() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"the probe aborted: {done.stderr[-500:]}"
    assert int(done.stdout.strip()) == 0, "references to None leaked"
