"""Text and QR codes drawn as 1-bit images for printers whose code pages cannot do Vietnamese.

Every image is cropped to its ink, both ways: blank rows above and below go to the printer as a
paper feed (``ESC J``, three bytes) instead of as white raster lines, and blank columns are not
sent at all (the printer's alignment, ``ESC a``, places what remains).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import qrcode
from escpos.image import EscposImage
from PIL import Image, ImageDraw, ImageFont, ImageOps

GS_V_0 = b"\x1dv0\x00"  # raster bit image, normal density
ESC_J = b"\x1bJ"  # print and feed n dots
MAX_FEED = 255

TEXT_SIZE = 24  # dots: the printer's own font A is 24 dots high
LARGE_SIZE = 34
LINE_GAP = 6


@dataclass(frozen=True)
class Inked:
    """An image cropped to its ink, with the blank dots that were above and below it."""

    image: Image.Image | None  # None: nothing to print, only ``above`` dots of paper
    above: int
    below: int


class Fonts:
    def __init__(self, directory: Path) -> None:
        try:
            self._fonts = {
                (bold, large): ImageFont.truetype(
                    str(directory / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")),
                    LARGE_SIZE if large else TEXT_SIZE,
                )
                for bold in (False, True)
                for large in (False, True)
            }
        except OSError as exc:
            raise ValueError(f"cannot load the receipt fonts from {directory}: {exc}") from exc

    def line_height(self, *, bold: bool = False, large: bool = False) -> int:
        ascent, descent = self._fonts[(bold, large)].getmetrics()
        return int(ascent + descent + LINE_GAP)

    def render(self, text: str, width: int, *, bold: bool, large: bool) -> list[Inked]:
        """One inked image per wrapped row; an empty line is a line's height of paper."""
        font = self._fonts[(bold, large)]
        height = self.line_height(bold=bold, large=large)
        rows = _wrap(text, font, width)
        if not rows:
            return [Inked(None, height, 0)]
        images = []
        for row in rows:
            image = Image.new("L", (width, height), 255)
            ImageDraw.Draw(image).text((0, LINE_GAP // 2), row, font=font, fill=0)
            images.append(ink(image))
        return images


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    rows: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width:
            rows.append(current)
            current = word
        else:
            current = candidate
    if current:
        rows.append(current)
    return rows


def ink(image: Image.Image) -> Inked:
    """``image`` cropped to the box of its dark pixels."""
    box = ImageOps.invert(image.convert("L")).getbbox()
    if box is None:
        return Inked(None, image.height, 0)
    _, top, _, bottom = box
    return Inked(image.crop(box), top, image.height - bottom)


def qr_image(data: str, module_size: int) -> Inked:
    code = qrcode.QRCode(box_size=module_size, border=2)
    code.add_data(data)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image().convert("L")
    return ink(image)  # the quiet zone is paper either way: fed above and below, blank beside


def gs_v_0(image: Image.Image) -> bytes:
    """``GS v 0`` with the image in raster format (python-escpos's bitImageRaster)."""
    raster = EscposImage(image)
    width: int = raster.width_bytes
    height: int = raster.height
    bits: bytes = raster.to_raster_format()
    return GS_V_0 + width.to_bytes(2, "little") + height.to_bytes(2, "little") + bits


def feed(dots: int) -> bytes:
    """``ESC J`` commands that feed ``dots`` dots of blank paper."""
    out = bytearray()
    while dots > 0:
        step = min(dots, MAX_FEED)
        out += ESC_J + bytes([step])
        dots -= step
    return bytes(out)
