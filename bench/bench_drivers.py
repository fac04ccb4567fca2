"""Benchmark: the drivers' I/O over a pseudo-terminal and the size of a receipt on the wire.

Prints p50/p99 of an unlock round trip (unlock frame + status read-back, the read-back delay
set to 0 so only the I/O is timed) against the board simulator, and the bytes and time on the
wire at 9600 and 115200 baud of a standard Vietnamese receipt in text (TCVN-3) and raster mode.
Goals: receipt ≤ 2 KB in text mode, ≤ 25 KB in raster mode.

    .venv/bin/python -m bench.bench_drivers [--unlocks 500]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from drivers.config import LockBusConfig, PrinterConfig
from drivers.interfaces import Receipt
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.layout import ReceiptLayout
from drivers.printer.transports import wire_seconds

STANDARD_RECEIPT = Receipt(
    kiosk_name="ATM hồ sơ 24/7",
    ward="Trung tâm Phục vụ hành chính công phường Bến Nghé",
    title="PHIẾU NHẬN KẾT QUẢ",
    dossier_code="000.00.12.H29-261123-0001",
    procedure="Cấp bản sao trích lục khai sinh",
    compartment="A03",
    time=datetime(2026, 11, 23, 9, 30),
    qr_data="https://dichvucong.gov.vn/tra-cuu?ma=000.00.12.H29-261123-0001",
    message="Vui lòng lấy hồ sơ và đóng cửa ô tủ. Xin cảm ơn!",
)


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {cuts[49] * 1000:6.2f} ms   p99 {cuts[98] * 1000:6.2f} ms"


def timed(action: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def bench_locks(protocol: Literal["cu16", "8a80"], unlocks: int) -> None:
    sim = LockBoardSimulator(protocol, [0]).start()
    config = LockBusConfig(port=f"sim:{protocol}", protocol=protocol, unlock_readback_delay_ms=0)
    bus = SerialLockBus(config, [0], port=sim.port)
    try:
        read = timed(lambda: bus.read_board(0), unlocks)
        unlock = timed(lambda: bus.unlock(0, 1), unlocks)
    finally:
        bus.close()
        sim.close()
    exchanges = "1 exchange" if protocol == "cu16" else "16 exchanges"
    print(f"  {protocol:<5} read board ({exchanges:<12})   {percentiles(read)}")
    print(f"  {protocol:<5} unlock + read-back            {percentiles(unlock)}")


def bench_receipt() -> None:
    print("Standard Vietnamese receipt on the wire (native QR unless noted)")
    print(f"  {'mode':<26}{'bytes':>8}{'9600 baud':>12}{'115200 baud':>13}")
    for label, overrides in (
        ("text (TCVN-3 code page)", {"text_mode": "codepage"}),
        ("raster text", {"text_mode": "raster"}),
        ("raster text + raster QR", {"text_mode": "raster", "qr": "raster"}),
    ):
        layout = ReceiptLayout(PrinterConfig.model_validate(overrides))
        started = time.perf_counter()
        size = len(layout.render(STANDARD_RECEIPT))
        built = (time.perf_counter() - started) * 1000
        print(
            f"  {label:<26}{size:>8}{wire_seconds(size, 9600):>11.2f}s"
            f"{wire_seconds(size, 115200):>12.3f}s   (built in {built:.0f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unlocks", type=int, default=500)
    args = parser.parse_args()
    print("Lock bus over a pty (board simulator; the read-back delay set to 0)")
    bench_locks("cu16", args.unlocks)
    bench_locks("8a80", args.unlocks)
    # On a real bus the bytes also take time on the wire: 5 + 5 + 9 bytes at 19200 baud.
    print(f"  on a real KR-CU16 bus add {wire_seconds(19, 19200) * 1000:.1f} ms on the wire, and")
    print("  the default unlock_readback_delay_ms (50 ms) before the read-back")
    bench_receipt()


if __name__ == "__main__":
    main()
