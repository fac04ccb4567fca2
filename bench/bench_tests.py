"""Benchmark: does the test suite compute or wait? Issue 16's goal: its wall time within 1.5 x its
CPU time divided by the cores.

Runs the README's test command (``QT_QPA_PLATFORM=offscreen python -m pytest -n 2``) from the
repository root with this interpreter, passing any further arguments on to pytest, and prints
the wall time, the CPU time of pytest and every child it waited for (user + system, from
``getrusage(RUSAGE_CHILDREN)``: xdist workers, ``kiosk run`` processes, simulators), the cores
and the ratio wall / (CPU / cores). It asserts nothing about time: on a shared machine the
figures are the other work's too (docs/benchmarks.md, "Test suite").

    .venv/bin/python -m bench.bench_tests [pytest arguments, e.g. -q]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

GOAL = 1.5
ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["-m", "pytest", "-n", "2"]  # the README's, run with this interpreter


def main(argv: list[str]) -> int:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    code = subprocess.call([sys.executable, *COMMAND, *argv], cwd=ROOT, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    cpu = user + system
    cores = os.cpu_count() or 1
    ratio = wall / (cpu / cores) if cpu > 0 else float("inf")
    load = os.getloadavg()[0]
    verdict = "met" if ratio <= GOAL else "not met"
    print(
        f"wall {wall:.1f} s, CPU {cpu:.1f} s (user {user:.1f} + sys {system:.1f}), {cores} cores:"
        f" ratio wall / (CPU / cores) = {ratio:.2f}, goal <= {GOAL}: {verdict}"
        f" (load average at the end {load:.1f}; pytest exit {code})"
    )
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
