"""A real ``kiosk run`` process against devices this test process plays: the lock boards and the
scanner are simulators on ptys here, the kiosk opens them by name as it opens real ports.

What the citizen sees is read from the kiosk's log ("screen A → B (why)"), what the boards
receive from the lock simulator's frames.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from drivers.locks import cu16
from drivers.locks.sim import LockBoardSimulator
from drivers.scanner.sim import ScannerSimulator
from kiosk.config_loader import load_settings
from kiosk.settings import Settings
from tests.kiosk.commands.run.conftest import DatagramSink

START_S = 60  # a cold start on a loaded 2-core machine
BOARDS = (0, 1)  # the default layout's

#: Loaded before anything else in the child (PYTHONPATH): its wall clock set back a day, as a
#: person with the settings menu could. libfaketime misbehaves with Python 3.11 here.
CLOCK_BACK_A_DAY = """
import time
_real_time = time.time
time.time = lambda: _real_time() - 86400.0
"""


@dataclass
class Bench:
    """The devices and the files of one kiosk under test."""

    data_dir: Path
    config: Path
    locks: LockBoardSimulator
    scanner: ScannerSimulator

    def settings(self) -> Settings:
        return load_settings(str(self.config), env={"KIOSK_DATA_DIR": str(self.data_dir)})

    def unlock_frames(self) -> list[bytes]:
        commands = (cu16.CMD_UNLOCK, cu16.CMD_UNLOCK_ALL)
        return [f for f in self.locks.received if cu16.parse_request(f).command in commands]

    def log(self) -> str:
        path = self.data_dir / "logs" / "kiosk.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def wait_for_log(self, needle: str, after: int, timeout: float = 20.0) -> str:
        """The log from offset ``after`` once it holds ``needle``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            tail = self.log()[after:]
            if needle in tail:
                return tail
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} not logged within {timeout} s:\n{self.log()[after:]}")


@contextmanager
def bench(tmp_path: Path) -> Iterator[Bench]:
    locks = LockBoardSimulator("cu16", BOARDS).start()
    scanner = ScannerSimulator().start()
    try:
        config = tmp_path / "kiosk.toml"
        config.write_text(
            f'[devices.lock_bus]\nport = "{locks.port}"\nprotocol = "cu16"\n'
            f'[devices.scanner]\nkind = "serial"\nport = "{scanner.port}"\n',
            encoding="utf-8",
        )
        yield Bench(tmp_path / "data", config, locks, scanner)
    finally:
        scanner.close()
        locks.close()


@contextmanager
def running_kiosk(
    b: Bench, sink: DatagramSink, *, sitecustomize: str | None = None
) -> Iterator[subprocess.Popen[str]]:
    """``kiosk run --no-sync`` until its home screen is up; stopped as systemd stops it."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(sink.path),
        "KIOSK_DATA_DIR": str(b.data_dir),
        "KIOSK_CONFIG": str(b.config),
    }
    if sitecustomize is not None:
        site = b.data_dir.parent / "site"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(sitecustomize, encoding="utf-8")
        env["PYTHONPATH"] = os.pathsep.join([str(site), env.get("PYTHONPATH", "")])
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--no-sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        sink.wait_for(b"READY=1", timeout=START_S)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
        assert process.returncode == 0, output
