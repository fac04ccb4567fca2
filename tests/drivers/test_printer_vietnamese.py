"""Vietnamese on real printer families: a code page only where it is verified, raster (cropped
to its ink, blank paper as feeds) everywhere else, and a test print that says which."""

from __future__ import annotations

from pathlib import Path

import pytest
from drivertest import printer_config, sample_receipt

from drivers.printer import codepages
from drivers.printer.driver import EscposPrinter
from drivers.printer.layout import ReceiptLayout
from drivers.printer.sim import PrintedReceipt, PrinterSimulator
from kiosk.cli import main

ESC_T = b"\x1bt"


@pytest.mark.parametrize(
    ("profile", "mode"),
    [
        ("default", "raster"),  # a printer of unknown make: TCVN-3 at 30/31 is not believed
        ("POS-5890", "raster"),  # Zjiang: CP1258 at 94, no TCVN-3
        ("NT-80-V-UL", "raster"),  # Netum
        ("RP326", "raster"),  # Rongta: CP1258 at 35
        ("TEP-200M", "raster"),  # lists TCVN-3, but only python-escpos says so
        ("TM-T88IV", "raster"),  # Epson firmware without TCVN-3
        ("TM-T20II", "codepage"),
        ("TM-T88V", "codepage"),
        ("CT-S651", "codepage"),
    ],
)
def test_auto_uses_a_code_page_only_where_it_is_verified(profile: str, mode: str) -> None:
    layout = ReceiptLayout(printer_config(profile=profile))
    assert layout.text_mode == mode
    assert layout.text_verified


def test_the_technicians_pages_are_used_and_verified() -> None:
    layout = ReceiptLayout(printer_config(profile="POS-5890", tcvn3_pages=(40, 41)))
    assert (layout.text_mode, layout.vietnamese.verified) == ("codepage", True)
    data = layout.render(sample_receipt())
    assert ESC_T + b"\x28" in data and ESC_T + b"\x29" in data
    assert ESC_T + b"\x1e" not in data


def test_codepage_forced_on_the_default_profile_is_unverified() -> None:
    layout = ReceiptLayout(printer_config(text_mode="codepage"))
    assert not layout.text_verified
    assert "NOT verified" in layout.vietnamese.describe()


def test_family_numbering_differs() -> None:
    assert codepages.family("TM-T20II").tcvn3 == (30, 31)
    assert codepages.family("TM-T20II").cp1258 == 52
    assert codepages.family("POS-5890").tcvn3 is None
    assert codepages.family("POS-5890").cp1258 == 94
    assert codepages.family("RP326").cp1258 == 35


def test_style_commands_only_when_the_style_changes() -> None:
    data = ReceiptLayout(printer_config(profile="TM-T20II")).render(sample_receipt())
    # Bold: kiosk name on, ward off, title on (dossier code stays bold), procedure off.
    assert data.count(b"\x1bE\x01") == 2 and data.count(b"\x1bE\x00") == 2
    assert data.count(b"\x1d!\x11") == 1 and data.count(b"\x1d!\x00") == 1
    # Centre for the name, left for the dossier lines, centre again for the QR code.
    assert data.count(b"\x1ba\x01") == 2 and data.count(b"\x1ba\x00") == 1


def images(data: bytes) -> list[tuple[int, int, bytes]]:
    found = []
    pos = data.find(b"\x1dv0\x00")
    while pos >= 0:
        width = int.from_bytes(data[pos + 4 : pos + 6], "little")
        height = int.from_bytes(data[pos + 6 : pos + 8], "little")
        bits = data[pos + 8 : pos + 8 + width * height]
        found.append((width, height, bits))
        pos = data.find(b"\x1dv0\x00", pos + 8 + width * height)
    return found


def test_raster_images_have_no_blank_rows_and_blank_paper_is_fed() -> None:
    data = ReceiptLayout(printer_config(text_mode="raster", qr="raster")).render(sample_receipt())
    found = images(data)
    assert len(found) == 9  # 7 text lines, the QR code, the message (one row each)
    for width, height, bits in found:
        rows = [bits[r * width : (r + 1) * width] for r in range(height)]
        assert any(rows[0]) and any(rows[-1]), "a blank row at the top or bottom was sent"
    assert data.count(b"\x1bJ") >= 9  # the gaps between rows and the blank lines
    assert b"\n\n" not in data


def print_on(sim: PrinterSimulator, **overrides: object) -> PrintedReceipt:
    driver = EscposPrinter(printer_config(**overrides), port=sim.port)
    try:
        driver.print_receipt(sample_receipt())
    finally:
        driver.close()
    return sim.receipts[-1]


def test_a_chinese_printer_prints_tcvn3_as_garbage_and_raster_as_drawn() -> None:
    """A Rongta-class printer numbers its pages its own way: TCVN-3 sent at Epson's 30/31 (the
    old default, here forced) prints garbage; auto sends images, which print as drawn."""
    sim = PrinterSimulator("RP326").start()
    try:
        forced = print_on(sim, profile="RP326", tcvn3_pages=(30, 31))
        assert forced.lines[1] != "Phường Bến Nghé"  # pages 30/31 are other scripts there
        assert "Ph\xadęng BŐn NghĐ" in forced.lines
        auto = print_on(sim, profile="RP326")
        assert auto.lines == [""]  # the native QR code's line feed: all text is in images
        assert len(auto.images) == 8 and auto.qr_codes == [sample_receipt().qr_data]
    finally:
        sim.close()


def test_diag_test_print_does_not_claim_unverified_vietnamese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[devices.printer]\ntext_mode = "codepage"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    sim = PrinterSimulator().start()
    try:
        code = main(["diag", "printer", "test", "--port", sim.port, "--baud", "115200"])
    finally:
        sim.close()
    out = capsys.readouterr().out
    assert code == 0
    assert "printed" not in out
    assert "Vietnamese NOT verified: TCVN-3 in code pages 30/31" in out
    assert 'text_mode = "raster"' in out
