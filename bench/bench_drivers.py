"""Benchmark: the drivers' I/O over a pseudo-terminal and the size of a receipt on the wire.

Prints p50/p99 of an unlock round trip (unlock frame + status read-back, the read-back delay
set to 0 so only the I/O is timed) against the board simulator, and the bytes and time on the
wire at 9600 and 115200 baud of a standard Vietnamese receipt in text (TCVN-3) and raster mode.
Goals: text and raster receipts each ≤ 1.1× their floor: the characters and line feeds
themselves for text, each row's ink box (measured with PIL directly) for raster, plus the QR
code and the cut that every mode shares.

    .venv/bin/python -m bench.bench_drivers [--unlocks 500]
"""

from __future__ import annotations

import argparse
import statistics
import textwrap
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Literal

import qrcode
from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image, ImageDraw, ImageFont, ImageOps

from drivers.config import LockBusConfig, PrinterConfig
from drivers.interfaces import Receipt
from drivers.locks.bus import SerialLockBus
from drivers.locks.sim import LockBoardSimulator
from drivers.printer.codepages import TCVN3
from drivers.printer.layout import REPO_FONTS, Line, ReceiptLayout, receipt_lines
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


def bench_locks(protocol: Literal["cu16", "cu48", "8a80"], unlocks: int) -> None:
    sim = LockBoardSimulator(protocol, [0]).start()
    config = LockBusConfig(port=f"sim:{protocol}", protocol=protocol, unlock_readback_delay_ms=0)
    bus = SerialLockBus(config, [0], port=sim.port)
    try:
        read = timed(lambda: bus.read_board(0), unlocks)
        # A person shuts the door after each opening, so every unlock finds it closed.
        unlock = timed(lambda: (bus.unlock(0, 1), sim.close_door(0, 1)), unlocks)
    finally:
        bus.close()
        sim.close()
    print(f"  {protocol:<5} read board (1 exchange)      {percentiles(read)}")
    print(f"  {protocol:<5} unlock + read-back            {percentiles(unlock)}")


#: Where the QR code goes between the lines: centred, no text of its own.
QR_PLACE = Line("QR", center=True)


def _qr_and_cut(layout: ReceiptLayout, config: PrinterConfig, receipt: Receipt) -> int:
    """Bytes every mode shares: ESC @, the QR code (as the layout sends it) and the cut."""
    printer = Dummy(profile=config.profile)
    if layout.native_qr:
        printer.qr(receipt.qr_data, native=True, size=config.qr_size)
        qr = len(printer.output) + 1  # and the line feed that prints it
    else:
        code = qrcode.QRCode(box_size=config.qr_size, border=0)
        code.add_data(receipt.qr_data)
        code.make(fit=True)
        side = code.modules_count * config.qr_size
        qr = (side + 7) // 8 * side
    return 2 + qr + 3 + 3  # ESC @, QR, ESC d 6 + GS V 0


def text_floor(layout: ReceiptLayout, config: PrinterConfig, receipt: Receipt) -> int:
    """The least a code-page receipt can be: one byte per character and line feed, a 3-byte
    command for each style change the content has (centre, bold, large), and the fewest
    ``ESC t`` switches between the two TCVN-3 halves that can encode the text."""
    before, after = receipt_lines(receipt)
    columns = int(Dummy(profile=config.profile).profile.get_columns("a"))
    chars = 0
    style = (False, False, False)
    changes = 0
    text = ""
    for line in [*before, QR_PLACE, *after]:
        width = columns // (2 if line.large else 1)
        rows = [] if line is QR_PLACE else textwrap.wrap(line.text, width) or [""]
        chars += sum(len(row) + 1 for row in rows)
        text += "".join(rows)
        if line.text:
            new = (line.center, line.bold, line.large)
            changes += sum(a != b for a, b in zip(style, new, strict=True))
            style = new
    return (
        chars + 3 * changes + 3 * _fewest_page_switches(text) + _qr_and_cut(layout, config, receipt)
    )


def _fewest_page_switches(text: str) -> int:
    """Fewest ``ESC t`` (the first included) to print ``text`` through the TCVN-3 halves."""
    encoder = Encoder({})
    tables = [set(encoder._get_codepage_char_list(name)) for name in TCVN3]
    cost = [1, 1]  # the first page must be selected either way
    for char in unicodedata.normalize("NFC", text).replace("Đ", "Ð"):
        if ord(char) < 0x80:
            continue
        cost = [
            min(cost[page], cost[1 - page] + 1) if char in tables[page] else 10**6
            for page in (0, 1)
        ]
    return min(cost)


def raster_floor(
    layout: ReceiptLayout, config: PrinterConfig, receipt: Receipt, font_dir: Path
) -> int:
    """The least a raster receipt can be: each row's ink box, eight dots a byte, and nothing
    for blank paper. Measured with PIL directly, not through the layout's own cropping."""
    before, after = receipt_lines(receipt)
    total = 0
    for line in [*before, *after]:
        name = "NotoSans-Bold.ttf" if line.bold else "NotoSans-Regular.ttf"
        font = ImageFont.truetype(str(font_dir / name), 34 if line.large else 24)
        for row in textwrap.wrap(line.text, 200):
            for piece in _fit(row, font, layout.width_dots):
                image = Image.new("1", (layout.width_dots, 80), 1)
                ImageDraw.Draw(image).text((0, 10), piece, font=font, fill=0)
                box = ImageOps.invert(image.convert("L")).getbbox()
                if box is not None:
                    total += (box[2] - box[0] + 7) // 8 * (box[3] - box[1])
    return total + _qr_and_cut(layout, config, receipt)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    rows: list[str] = []
    for word in text.split():
        if rows and font.getlength(f"{rows[-1]} {word}") <= width:
            rows[-1] = f"{rows[-1]} {word}"
        else:
            rows.append(word)
    return rows


def bench_receipt() -> None:
    print("Standard Vietnamese receipt on the wire (native QR unless noted)")
    print(f"  {'mode':<26}{'bytes':>8}{'floor':>8}{'ratio':>7}{'9600 baud':>12}{'115200 baud':>13}")
    for label, overrides in (
        ("text (TCVN-3 code page)", {"text_mode": "codepage"}),
        ("raster text", {"text_mode": "raster"}),
        ("raster text + raster QR", {"text_mode": "raster", "qr": "raster"}),
    ):
        config = PrinterConfig.model_validate(overrides)
        layout = ReceiptLayout(config)
        started = time.perf_counter()
        size = len(layout.render(STANDARD_RECEIPT))
        built = (time.perf_counter() - started) * 1000
        if layout.text_mode == "codepage":
            floor = text_floor(layout, config, STANDARD_RECEIPT)
        else:
            floor = raster_floor(layout, config, STANDARD_RECEIPT, REPO_FONTS)
        print(
            f"  {label:<26}{size:>8}{floor:>8}{size / floor:>7.2f}"
            f"{wire_seconds(size, 9600):>11.2f}s"
            f"{wire_seconds(size, 115200):>12.3f}s   (built in {built:.0f} ms)"
        )
    print("  goal: text and raster each <= 1.10x their floor")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unlocks", type=int, default=500)
    args = parser.parse_args()
    print("Lock bus over a pty (board simulator; the read-back delay set to 0)")
    bench_locks("cu16", args.unlocks)
    bench_locks("cu48", args.unlocks)
    bench_locks("8a80", args.unlocks)
    # On a real bus the bytes also take time on the wire: 5 + 5 + 9 bytes at 19200 baud.
    print(f"  on a real KR-CU16 bus add {wire_seconds(19, 19200) * 1000:.1f} ms on the wire, and")
    print("  the default unlock_readback_delay_ms (50 ms) before the read-back")
    bench_receipt()


if __name__ == "__main__":
    main()
