"""Receipts drawn from the ESC/POS bytes our layout sends, as a person would see the paper."""

from __future__ import annotations

import qrcode
from drivertest import printer_config, sample_receipt
from escpos.printer import Dummy
from PIL import Image, ImageChops, ImageOps

from drivers.printer import raster
from drivers.printer.layout import ReceiptLayout
from drivers.printer.render import render_receipts

CUT = b"\x1dV\x00"
CENTRE = b"\x1ba\x01"


def _ink(picture: Image.Image) -> Image.Image:
    box = ImageOps.invert(picture).getbbox()
    assert box is not None, "the picture is blank"
    return picture.crop(box)


def _same(a: Image.Image, b: Image.Image) -> bool:
    difference = ImageChops.difference(a.convert("L"), b.convert("L"))
    return a.size == b.size and difference.getbbox() is None


def test_each_cut_is_one_picture_the_paper_width() -> None:
    for mode in ("raster", "codepage"):
        job = ReceiptLayout(printer_config(text_mode=mode)).render(sample_receipt())
        pictures = render_receipts(job + job + b"\x1b@after the last cut\n")
        assert len(pictures) == 2
        assert all(p.width == 576 and p.height > 400 for p in pictures)


def test_a_raster_image_is_drawn_where_the_alignment_puts_it() -> None:
    image = Image.new("L", (64, 10), 255)
    image.paste(0, (8, 2, 40, 6))
    picture = render_receipts(CENTRE + raster.gs_v_0(image) + CUT)[0]
    assert picture.size == (576, 10)
    assert _same(picture.crop((256, 0, 320, 10)), image)


def test_a_printer_qr_code_is_drawn_from_the_data_it_stored() -> None:
    data = sample_receipt().qr_data
    printer = Dummy()
    printer.qr(data, native=True, size=6)  # as the layout sends it (GS ( k store, then print)
    code = qrcode.QRCode(box_size=6, border=0)
    code.add_data(data)
    expected = code.make_image().get_image().convert("L")
    drawn = render_receipts(CENTRE + printer.output + CUT)[0]
    assert _same(_ink(drawn), expected)


def test_bold_and_double_size_text_is_drawn_heavier_and_larger() -> None:
    plain, bold, large = (
        _ink(render_receipts(style + b"DATM " + b"\n" + CUT)[0])
        for style in (b"", b"\x1bE\x01", b"\x1d!\x11")
    )
    assert bold.width > plain.width
    assert large.height > plain.height
