"""A ``Receipt`` laid out as ESC/POS bytes.

Text goes out either through the printer's TCVN-3 code pages (small; only where
``codepages`` knows they print right, or the technician said so) or drawn with Noto Sans as
raster images cropped to their ink (always right, larger). Style commands (``ESC a``,
``ESC E``, ``GS !``) are sent only when the style changes. The QR code is drawn by the printer
(``GS ( k``) or sent as an image when the profile has no QR support or the configuration asks.
"""

from __future__ import annotations

import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from escpos.magicencode import Encoder
from escpos.printer import Dummy

from drivers.config import PrinterConfig
from drivers.interfaces import Receipt
from drivers.printer import codepages, raster

DEFAULT_WIDTH_DOTS = 576
REPO_FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"

INIT = b"\x1b@"
ALIGN = {False: b"\x1ba\x00", True: b"\x1ba\x01"}  # left, centre
BOLD = {False: b"\x1bE\x00", True: b"\x1bE\x01"}
SIZE = {False: b"\x1d!\x00", True: b"\x1d!\x11"}  # normal, double width and height

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


def resolve_text_mode(config: PrinterConfig, vietnamese: codepages.Vietnamese) -> str:
    if config.text_mode == "auto":
        return "codepage" if vietnamese.verified else "raster"
    if config.text_mode == "codepage" and vietnamese.tcvn3 is None:
        raise ValueError(
            f"printer profile {config.profile!r} has no TCVN-3 code pages: use "
            "text_mode = 'raster' (or 'auto'), or set tcvn3_pages to the pages the printer's "
            "sample print shows correctly (kiosk diag printer codepages)"
        )
    return config.text_mode


class _Stream:
    """The bytes of one receipt, remembering the printer's style (as after ``ESC @``) and the
    blank paper still owed, so neither is sent twice."""

    def __init__(self, printer: Dummy) -> None:
        self.printer = printer
        self._center = self._bold = self._large = False
        self._feed = 0

    def style(self, *, center: bool, bold: bool = False, large: bool = False) -> None:
        for old, new, commands in (
            (self._center, center, ALIGN),
            (self._bold, bold, BOLD),
            (self._large, large, SIZE),
        ):
            if old != new:
                self.printer._raw(commands[new])
        self._center, self._bold, self._large = center, bold, large

    def blank(self, dots: int) -> None:
        self._feed += dots

    def flush_feed(self) -> None:
        self.printer._raw(raster.feed(self._feed))
        self._feed = 0

    def inked(self, inked: raster.Inked) -> None:
        self._feed += inked.above
        if inked.image is not None:
            self.flush_feed()
            self.printer._raw(raster.gs_v_0(inked.image))
        self._feed += inked.below


class ReceiptLayout:
    def __init__(self, config: PrinterConfig) -> None:
        self._config = config
        self._profile = Dummy(profile=config.profile).profile
        self.vietnamese = codepages.vietnamese(config.profile, config.tcvn3_pages)
        self.text_mode = resolve_text_mode(config, self.vietnamese)
        self.native_qr = config.qr == "native" and bool(self._profile.supports("qrCode"))
        pixels = self._profile.media["width"]["pixels"]
        self.width_dots = config.width_dots or (
            pixels if isinstance(pixels, int) else DEFAULT_WIDTH_DOTS
        )
        fonts = Path(config.font_dir) if config.font_dir else REPO_FONTS
        self._fonts = raster.Fonts(fonts) if self.text_mode == "raster" else None

    @property
    def text_verified(self) -> bool:
        """Whether the text reads right on paper: raster always, a code page when verified."""
        return self.text_mode == "raster" or self.vietnamese.verified

    def render(self, receipt: Receipt) -> bytes:
        pages = self.vietnamese.pages if self.text_mode == "codepage" else {}
        printer = Dummy(
            profile=self._config.profile,
            magic_encode_args={"encoder": Encoder(pages)} if pages else None,
        )
        printer._raw(INIT)
        stream = _Stream(printer)
        before, after = receipt_lines(receipt)
        self._lines(stream, before)
        stream.style(center=True)
        self._qr(stream, receipt.qr_data)
        self._lines(stream, after)
        # The cut's own feed (ESC d) covers blank paper still owed at the end.
        printer.cut(mode="PART" if self._config.cut == "partial" else "FULL")
        output: bytes = printer.output
        return output

    def _lines(self, stream: _Stream, lines: list[Line]) -> None:
        for line in lines:
            if self._fonts is None:
                self._text_line(stream, line)
            else:
                self._raster_line(stream, line)

    def _text_line(self, stream: _Stream, line: Line) -> None:
        if line.text:
            stream.style(center=line.center, bold=line.bold, large=line.large)
        columns = int(self._profile.get_columns("a")) // (2 if line.large else 1)
        text = unicodedata.normalize("NFC", line.text).translate(_TCVN3_SUBSTITUTES)
        for row in textwrap.wrap(text, columns) or [""]:
            stream.printer.textln(row)

    def _raster_line(self, stream: _Stream, line: Line) -> None:
        assert self._fonts is not None
        text = unicodedata.normalize("NFC", line.text)
        if text.strip():
            stream.style(center=line.center)
        for inked in self._fonts.render(text, self.width_dots, bold=line.bold, large=line.large):
            stream.inked(inked)

    def _qr(self, stream: _Stream, data: str) -> None:
        if self.native_qr:
            stream.flush_feed()
            stream.printer.qr(data, native=True, size=self._config.qr_size)
            stream.printer.ln()
        else:
            stream.inked(raster.qr_image(data, self._config.qr_size))


#: The sample line: lower and upper case, every tone mark, the letters only Vietnamese has.
SAMPLE_TEXT = "Tiếng Việt: Phường Bến Nghé, HỒ SƠ ĐÃ XONG, ỳ ỷ ỹ ý ỵ"


def code_page_sample(config: PrinterConfig, candidates: list[tuple[int, int]]) -> bytes:
    """A receipt with ``SAMPLE_TEXT`` in TCVN-3 at each candidate page pair, numbered from 1,
    for the technician to say which line reads right (0: none, then raster text is used)."""
    printer = Dummy(profile=config.profile)
    printer._raw(INIT)
    printer.textln("CODE PAGE SAMPLE / MAU BANG MA")
    printer.textln("")
    text = unicodedata.normalize("NFC", SAMPLE_TEXT).translate(_TCVN3_SUBSTITUTES)
    for number, pair in enumerate(candidates, 1):
        line = Dummy(
            profile=config.profile,
            magic_encode_args={"encoder": Encoder(dict(zip(codepages.TCVN3, pair, strict=True)))},
        )
        line.text(f"{number} ({pair[0]}/{pair[1]}): ")
        line.textln(text)
        printer._raw(line.output)
    printer.textln("")
    printer.textln("0: no line reads right")
    printer.cut(mode="PART" if config.cut == "partial" else "FULL")
    output: bytes = printer.output
    return output
