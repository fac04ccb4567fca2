"""The ``kiosk`` command run as a child process, as an operator or systemd runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path


def run_kiosk(
    *args: str, env: Mapping[str, str], timeout: float | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` to its end, its output captured as text; any exit status."""
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
