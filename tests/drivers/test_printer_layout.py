"""Receipt bytes: QR, cut, code page and raster output, asserted byte for byte."""

from __future__ import annotations

import pytest
from drivertest import printer_config, sample_receipt

from drivers.printer.layout import ReceiptLayout

QR_NATIVE = [
    "1d 28 6b 04 00 31 41 32 00",  # model 2
    "1d 28 6b 03 00 31 43 06",  # module size 6
    "1d 28 6b 03 00 31 45 30",  # error correction L
]
QR_PRINT = "1d 28 6b 03 00 31 51 30"


def test_native_qr_is_gs_paren_k() -> None:
    data = ReceiptLayout(printer_config(text_mode="codepage")).render(sample_receipt())
    text = data.hex(" ")
    for command in QR_NATIVE:
        assert command in text
    payload = sample_receipt().qr_data.encode()
    store = b"\x1d(k" + (len(payload) + 3).to_bytes(2, "little") + b"1P0" + payload
    assert store in data
    assert text.index(QR_PRINT) > text.index(store.hex(" "))


@pytest.mark.parametrize(("cut", "command"), [("full", b"\x1dV\x00"), ("partial", b"\x1dV\x01")])
def test_cut_feeds_then_cuts(cut: str, command: bytes) -> None:
    data = ReceiptLayout(printer_config(cut=cut)).render(sample_receipt())
    assert data.endswith(b"\x1bd\x06" + command)


def test_codepage_text_is_tcvn3() -> None:
    data = ReceiptLayout(printer_config(text_mode="codepage")).render(sample_receipt())
    assert data.startswith(b"\x1b@")
    assert b"\x1bt\x1e" in data and b"\x1bt\x1f" in data  # TCVN-3 lower and upper halves
    assert "Bến Nghé".encode() not in data
    assert b"Ph\xad\xeang B\xd5n Ngh\xd0" in data  # "Phường Bến Nghé" in TCVN-3
    assert b"\x1dv0" not in data
    assert len(data) < 2048


def test_raster_text_is_gs_v_0_images_cropped_to_their_ink() -> None:
    layout = ReceiptLayout(printer_config(text_mode="raster"))
    data = layout.render(sample_receipt())
    assert data.count(b"\x1dv0\x00") == 8  # 7 lines and the message; the QR code is native
    first = data.index(b"\x1dv0\x00") + 4
    width_bytes = int.from_bytes(data[first : first + 2], "little")
    assert width_bytes < 576 // 8  # "ATM hồ sơ 24/7" is narrower than the paper
    assert len(data) < 25 * 1024


def test_profile_without_tcvn3_or_qr_falls_back_to_raster() -> None:
    layout = ReceiptLayout(printer_config(profile="POS-5890"))
    assert layout.text_mode == "raster"
    assert not layout.native_qr
    assert layout.width_dots == 384
    data = layout.render(sample_receipt())
    assert b"\x1d(k" not in data


def test_codepage_mode_refused_for_a_profile_without_tcvn3() -> None:
    with pytest.raises(ValueError, match="no TCVN-3"):
        ReceiptLayout(printer_config(profile="POS-5890", text_mode="codepage"))
