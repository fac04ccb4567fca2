"""SIGKILL at random points of pickup and loading: after every restart nothing is lost."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from tests.core import crash_harness

KILLS = int(os.environ.get("CRASH_KILLS", "200"))


@pytest.mark.logs(logging.WARNING)
def test_kills_mid_transaction_lose_nothing_and_count_nothing_twice(tmp_path: Path) -> None:
    report = crash_harness.run(tmp_path / "data", KILLS)
    assert report.kills == KILLS
    assert report.problems == []
    # The kills really landed inside the work: many restarts found a door command cut short.
    assert report.interrupted > KILLS // 5
    assert report.pickups > 0 and report.loads >= report.pickups
    assert report.uncertain > 0
