"""The kiosk window under systemd: watchdog pings only while the whole kiosk is alive, and the
window a kiosk with a damaged database shows."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.sd_notify import ServiceNotifier
from kiosk.settings import Settings
from kiosk.ui.screens.refusals import OutOfServiceScreen
from kiosk.ui.systemd_service import ServiceHeartbeat, out_of_service_window
from tests.kiosk.commands.run.conftest import DatagramSink
from tests.kiosk.ui.conftest import Kiosk


def test_the_watchdog_goes_quiet_while_the_services_thread_hangs(kiosk: Kiosk) -> None:
    with tempfile.TemporaryDirectory(prefix="sd-") as folder:
        sink = DatagramSink(Path(folder) / "notify")
        env = {"NOTIFY_SOCKET": str(sink.path), "WATCHDOG_USEC": "200000"}
        heartbeat = ServiceHeartbeat(ServiceNotifier(env), kiosk.runtime.services_responsive)
        pings: list[bytes] = []

        def pinged(at_least: int) -> bool:
            pings.extend(sink.drain())
            return pings.count(b"WATCHDOG=1") >= at_least

        def ticks(n: int) -> None:
            """Let the heartbeat's timer fire n times (driven by its signal, not by a delay)."""
            for _ in range(n):
                with kiosk.qtbot.waitSignal(heartbeat.timer.timeout, timeout=5000):
                    pass

        release = threading.Event()
        try:
            kiosk.qtbot.waitUntil(lambda: pinged(2), timeout=5000)

            # A door command that never returns: the screen still turns, the pings stop.
            kiosk.runtime.call(lambda _s: release.wait(30))
            ticks(2)  # the tick that queued the last probe may still have pinged
            sink.drain()
            ticks(6)
            assert sink.drain() == []

            release.set()
            pings.clear()
            kiosk.qtbot.waitUntil(lambda: pinged(1), timeout=5000)
        finally:
            release.set()
            heartbeat.timer.stop()
            sink.close()


def test_a_damaged_database_leaves_only_out_of_service_on_the_screen(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    window = out_of_service_window(settings)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    screen = window.get(OutOfServiceScreen)
    assert window.stack.currentWidget() is screen
    assert screen.title.text() == "Tạm ngưng phục vụ"
    steps = [s.text() for s in screen.steps if s.isVisible()]
    assert steps[:3] == [
        "•  Nhận kết quả: tạm ngưng",
        "•  Nộp hồ sơ: tạm ngưng",
        "•  Tra cứu hồ sơ: tạm ngưng",
    ]
    # Nothing to tap: no service works, and there is no way anywhere else.
    assert [b.text() for b in screen.findChildren(QPushButton) if b.isVisible()] == []
    assert window.grab().save(str(tmp_path / "out_of_service.png"))
