"""Benchmark run of the crash test: 1,000 SIGKILLs at random points of pickup and loading.

.venv/bin/python -m bench.bench_crash [--kills 1000]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from tests.kiosk.services import crash_harness


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=1000)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # one line per reconciled intent is for real restarts
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        report = crash_harness.run(Path(tmp) / "data", args.kills)
        took = time.perf_counter() - started
    print(
        f"{report.kills} kills in {took:.1f} s: {report.interrupted} restarts found a door"
        f" command cut short ({report.uncertain} left for staff to check);"
        f" {report.pickups} pickups and {report.loads} loads in all;"
        f" problems: {len(report.problems)}"
    )
    for problem in report.problems[:20]:
        print("  ", problem)


if __name__ == "__main__":
    main()
