"""Helpers shared by the driver tests (a unique module name: test directories are not packages)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from drivers.config import LockBusConfig, PrinterConfig
from drivers.interfaces import Receipt

BOARDS = (0, 1)

# Short timeouts keep the suite fast; the simulator answers within a millisecond.
FAST_LOCKS = {
    "reply_timeout_ms": 150,
    "unlock_readback_delay_ms": 5,
    "unlock_confirm_ms": 120,
    "poll_interval_ms": 15,
    "offline_after_failures": 2,
}


class Collector:
    """Collects events delivered on a driver's thread and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[Any] = []
        self._changed = threading.Condition()

    def __call__(self, event: Any) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, predicate: Callable[[Any], bool], timeout: float = 3.0) -> Any:
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event in self.events:
                    if predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching event; got {self.events}")
                self._changed.wait(left)


def lock_config(protocol: str = "cu16", **overrides: object) -> LockBusConfig:
    return LockBusConfig.model_validate(
        {"port": f"sim:{protocol}", "protocol": protocol, **FAST_LOCKS, **overrides}
    )


def sample_receipt(**overrides: object) -> Receipt:
    fields: dict[str, Any] = {
        "kiosk_name": "ATM hồ sơ 24/7",
        "ward": "Phường Bến Nghé",
        "title": "PHIẾU NHẬN KẾT QUẢ",
        "dossier_code": "H29-261123-0001",
        "procedure": "Cấp bản sao trích lục khai sinh",
        "compartment": "A03",
        "time": datetime(2026, 11, 23, 9, 30),
        "qr_data": "https://dichvucong.gov.vn/tra-cuu?ma=H29-261123-0001",
        "message": "Vui lòng lấy hồ sơ và đóng cửa ô tủ. Xin cảm ơn!",
    }
    return Receipt(**{**fields, **overrides})


def printer_config(**overrides: object) -> PrinterConfig:
    # 115200 baud: the allowance for time on the wire stays short when a test waits it out.
    fast = {"status_timeout_ms": 300, "print_timeout_ms": 500, "baud": 115200}
    return PrinterConfig.model_validate({**fast, **overrides})
