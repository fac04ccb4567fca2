"""The soak benchmark's smoke run: the real UI, services, sync agent and simulators for a
short stretch, as ``bench/soak_kiosk.py --quick`` runs them, only smaller. Its figures are
the benchmark's business (docs/benchmarks.md); here it must run through and keep the audit
log intact."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)


def test_the_soak_runs_through_and_reports_every_figure() -> None:
    args = ["--days", "0.2", "--pickups", "10", "--seconds", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.soak_kiosk", *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: not flat, which a benchmark judges
    out = done.stdout
    assert "10 loadings and pickups" in out, out
    assert "audit: audit log ok:" in out, out
    header = "day  pickups  RSS MB  fds  threads  refcount(None)  db KiB  WAL KiB  logs KiB"
    assert header in out
    assert "growth after warm-up" in out and "RSS" in out
