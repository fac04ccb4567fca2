"""Text and QR codes drawn as 1-bit images for printers whose code pages cannot do Vietnamese."""

from __future__ import annotations

from pathlib import Path

import qrcode
from escpos.image import EscposImage
from PIL import Image, ImageDraw, ImageFont, ImageOps

GS_V_0 = b"\x1dv0\x00"  # raster bit image, normal density

TEXT_SIZE = 24  # dots: the printer's own font A is 24 dots high
LARGE_SIZE = 34
LINE_GAP = 6


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

    def render(self, text: str, width: int, *, bold: bool, large: bool) -> list[Image.Image | None]:
        """One image per wrapped row, cropped to its ink; None for an empty line."""
        font = self._fonts[(bold, large)]
        rows = _wrap(text, font, width)
        if not rows:
            return [None]
        ascent, descent = font.getmetrics()
        height = ascent + descent + LINE_GAP
        images: list[Image.Image | None] = []
        for row in rows:
            image = Image.new("L", (width, height), 255)
            ImageDraw.Draw(image).text((0, LINE_GAP // 2), row, font=font, fill=0)
            images.append(_crop_width(image))
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


def _crop_width(image: Image.Image) -> Image.Image:
    """Drop blank columns left and right; the printer aligns what remains (ESC a)."""
    box = ImageOps.invert(image).getbbox()
    if box is None:
        return image
    return image.crop((box[0], 0, box[2], image.height))


def qr_image(data: str, module_size: int) -> Image.Image:
    code = qrcode.QRCode(box_size=module_size, border=2)
    code.add_data(data)
    code.make(fit=True)
    image: Image.Image = code.make_image().get_image().convert("L")
    return image


def gs_v_0(image: Image.Image) -> bytes:
    """``GS v 0`` with the image in raster format (python-escpos's bitImageRaster)."""
    raster = EscposImage(image)
    width: int = raster.width_bytes
    height: int = raster.height
    bits: bytes = raster.to_raster_format()
    return GS_V_0 + width.to_bytes(2, "little") + height.to_bytes(2, "little") + bits
