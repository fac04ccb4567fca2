"""A QR code as inline SVG (a badge to print; no image files, no Pillow needed)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(payload: str) -> str:
    image = qrcode.make(payload, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return str(image.to_string(encoding="unicode"))
