"""A ``Receipt`` laid out as ESC/POS bytes, built with python-escpos.

Text goes out either through the printer's TCVN-3 code pages (small) or drawn with Noto Sans as
raster images (works everywhere, larger); the QR code is drawn by the printer (``GS ( k``) or sent
as an image when the profile has no QR support or the configuration asks for it.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from escpos.magicencode import Encoder
from escpos.printer import Dummy
from PIL import Image

from drivers.config import PrinterConfig
from drivers.interfaces import Receipt
from drivers.printer import raster

TCVN3 = ("TCVN-3-1", "TCVN-3-2")  # lower case and upper case halves of TCVN-3
DEFAULT_WIDTH_DOTS = 576
REPO_FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"

# python-escpos's TCVN-3-2 table has Ð (U+00D0) where TCVN-3 has Đ (U+0110); both look the same.
# Typographic punctuation has no TCVN-3 code: send the ASCII look-alike instead of "?".
_TCVN3_SUBSTITUTES = str.maketrans({"Đ": "Ð", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'"})

RULE = "-"


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    large: bool = False
    center: bool = False


def receipt_lines(receipt: Receipt) -> tuple[list[Line], list[Line]]:
    """The receipt's lines before and after the QR code, independent of how they are sent."""
    labels = receipt.labels
    before = [
        Line(receipt.kiosk_name, bold=True, center=True),
        Line(receipt.ward, center=True),
        Line(""),
        Line(receipt.title, bold=True, large=True, center=True),
        Line(""),
        Line(f"{labels.dossier}: {receipt.dossier_code}", bold=True),
        Line(f"{labels.procedure}: {receipt.procedure}"),
        Line(f"{labels.compartment}: {receipt.compartment}"),
        Line(f"{labels.time}: {receipt.time:%H:%M %d/%m/%Y}"),
        *(Line(extra) for extra in receipt.extra_lines),
    ]
    after = [Line(receipt.message, center=True)] if receipt.message else []
    return before, after


class ReceiptLayout:
    def __init__(self, config: PrinterConfig) -> None:
        self._config = config
        probe = Dummy(profile=config.profile)
        self._profile = probe.profile
        pages = probe.profile.get_code_pages()
        self._tcvn3 = {name: pages[name] for name in TCVN3 if name in pages}
        self.text_mode = config.text_mode
        if self.text_mode == "auto":
            self.text_mode = "codepage" if len(self._tcvn3) == len(TCVN3) else "raster"
        if self.text_mode == "codepage" and len(self._tcvn3) != len(TCVN3):
            raise ValueError(
                f"printer profile {config.profile!r} has no TCVN-3 code pages: use "
                "text_mode = 'raster' (or 'auto')"
            )
        self.native_qr = config.qr == "native" and bool(self._profile.supports("qrCode"))
        pixels = self._profile.media["width"]["pixels"]
        self.width_dots = config.width_dots or (
            pixels if isinstance(pixels, int) else DEFAULT_WIDTH_DOTS
        )
        fonts = Path(config.font_dir) if config.font_dir else REPO_FONTS
        self._fonts = raster.Fonts(fonts) if self.text_mode == "raster" else None

    def render(self, receipt: Receipt) -> bytes:
        printer = Dummy(
            profile=self._config.profile,
            magic_encode_args={"encoder": Encoder(self._tcvn3)} if self._tcvn3 else None,
        )
        printer.hw("INIT")
        before, after = receipt_lines(receipt)
        self._lines(printer, before)
        printer.set(align="center")
        self._qr(printer, receipt.qr_data)
        self._lines(printer, after)
        printer.cut(mode="PART" if self._config.cut == "partial" else "FULL")
        output: bytes = printer.output
        return output

    def _lines(self, printer: Dummy, lines: list[Line]) -> None:
        for line in lines:
            if self._fonts is None:
                self._text_line(printer, line)
            else:
                self._raster_line(printer, line)

    def _text_line(self, printer: Dummy, line: Line) -> None:
        printer.set(
            align="center" if line.center else "left",
            bold=line.bold,
            double_height=line.large,
            double_width=line.large,
            normal_textsize=not line.large,
        )
        columns = int(self._profile.get_columns("a")) // (2 if line.large else 1)
        text = unicodedata.normalize("NFC", line.text).translate(_TCVN3_SUBSTITUTES)
        for row in textwrap.wrap(text, columns) or [""]:
            printer.textln(row)

    def _raster_line(self, printer: Dummy, line: Line) -> None:
        assert self._fonts is not None
        printer.set(align="center" if line.center else "left")
        text = unicodedata.normalize("NFC", line.text)
        for image in self._fonts.render(text, self.width_dots, bold=line.bold, large=line.large):
            self._image(printer, image)

    def _qr(self, printer: Dummy, data: str) -> None:
        if self.native_qr:
            printer.qr(data, native=True, size=self._config.qr_size)
            printer.ln()
        else:
            self._image(printer, raster.qr_image(data, self._config.qr_size))

    @staticmethod
    def _image(printer: Dummy, image: Image.Image | None) -> None:
        if image is None:  # an empty line costs one line feed, not a blank image
            printer.ln()
        else:
            printer._raw(raster.gs_v_0(image))
