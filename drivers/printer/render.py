"""ESC/POS bytes drawn as the paper would look: one picture per cut receipt.

For the demo's simulator window (and anyone checking a receipt by eye). It reads the subset our
driver sends (``layout``): text lines with ``ESC a`` / ``ESC E`` / ``ESC !`` / ``GS !`` styles
through the code page ``ESC t`` selected, ``GS v 0`` raster images placed by the alignment,
``ESC J`` / ``ESC d`` feeds, and QR codes (``GS ( k``) drawn from the data they stored. Status
and presenter commands print nothing and are skipped by their sizes. No Qt here: the result is
a Pillow image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import qrcode
from escpos.capabilities import get_profile
from escpos.magicencode import Encoder
from PIL import Image

from drivers.printer import raster
from drivers.printer.layout import DEFAULT_WIDTH_DOTS, REPO_FONTS
from drivers.printer.sim import DLE, ESC, ESC_ARGS, GS, GS_ARGS, LF, QR_STORE

QR_SIZE = ord("C")
QR_PRINT = ord("Q")
DEFAULT_QR_MODULE = 3  # dots, as a printer after ESC @
ALIGNMENTS = {0: 0, 48: 0, 1: 1, 49: 1, 2: 2, 50: 2}  # left, centre, right


@dataclass
class _Paper:
    """One receipt being printed: the pieces down the paper, each an image at its x or a gap."""

    width: int
    pieces: list[tuple[Image.Image | None, int]] = field(default_factory=list)

    def feed(self, dots: int) -> None:
        self.pieces.append((None, dots))

    def place(self, image: Image.Image, align: int) -> None:
        spare = max(0, self.width - image.width)
        self.pieces.append((image.convert("L"), (0, spare // 2, spare)[align]))

    def picture(self) -> Image.Image:
        width = max([self.width, *(i.width for i, _ in self.pieces if i is not None)])
        height = sum(dots if image is None else image.height for image, dots in self.pieces)
        page = Image.new("L", (width, max(height, 1)), 255)
        y = 0
        for image, value in self.pieces:
            if image is None:
                y += value
            else:
                page.paste(image, (value, y))
                y += image.height
        return page


class _Renderer:
    def __init__(self, width: int, profile: str) -> None:
        self._width = width
        pages = get_profile(profile).get_code_pages()
        self._code_pages = {int(slot): name for name, slot in pages.items()}
        self._encoder = Encoder(pages)
        self._fonts = raster.Fonts(REPO_FONTS)
        self.receipts: list[Image.Image] = []
        self._paper = _Paper(width)
        self._reset()

    def _reset(self) -> None:
        self._align = 0
        self._bold = self._large = False
        self._code_page = 0
        self._qr_module = DEFAULT_QR_MODULE
        self._qr_data = ""
        self._line: list[str] = []

    def run(self, data: bytes) -> None:
        pos = 0
        while pos < len(data):
            size = self._command(data, pos)
            if size == 0:  # a command cut short at the end: nothing more to draw
                break
            pos += size

    def _command(self, data: bytes, pos: int) -> int:
        first = data[pos]
        if first == DLE:
            return 3 if pos + 3 <= len(data) else 0
        if first == ESC:
            return self._esc(data, pos)
        if first == GS:
            return self._gs(data, pos)
        if first == LF:
            self._print_line()
        elif first >= 0x20:
            self._line.append(self._char(first))
        return 1

    def _esc(self, data: bytes, pos: int) -> int:
        if pos + 1 >= len(data):
            return 0
        command = data[pos + 1]
        size = 2 + ESC_ARGS.get(command, 0)
        if pos + size > len(data):
            return 0
        n = data[pos + 2] if size == 3 else 0
        if command == ord("@"):
            self._reset()
        elif command == ord("a"):
            self._align = ALIGNMENTS.get(n, 0)
        elif command == ord("E"):
            self._bold = bool(n & 1)
        elif command == ord("!"):  # bit 3 bold, bits 4 and 5 double height and width
            self._bold, self._large = bool(n & 0x08), bool(n & 0x30)
        elif command == ord("t"):
            self._code_page = n
        elif command == ord("J"):
            self._flush_text()
            self._paper.feed(n)
        elif command == ord("d"):
            self._flush_text()
            for _ in range(n):
                self._print_line()
        return size

    def _gs(self, data: bytes, pos: int) -> int:
        if pos + 1 >= len(data):
            return 0
        command = data[pos + 1]
        if command == ord("("):  # GS ( k: pL pH, then cn fn and the function's bytes
            if pos + 5 > len(data):
                return 0
            size = 5 + data[pos + 3] + 256 * data[pos + 4]
            if pos + size > len(data):
                return 0
            if data[pos + 2] == ord("k") and size >= 8:
                self._qr(data[pos + 5 : pos + size])
            return size
        if command == ord("v"):  # GS v 0 m xL xH yL yH, then the rows, 1 = black
            if pos + 8 > len(data):
                return 0
            width = int.from_bytes(data[pos + 4 : pos + 6], "little")
            height = int.from_bytes(data[pos + 6 : pos + 8], "little")
            size = 8 + width * height
            if pos + size > len(data):
                return 0
            if width and height:
                bits = bytes(b ^ 0xFF for b in data[pos + 8 : pos + size])  # Pillow: 1 = white
                self._flush_text()
                self._paper.place(Image.frombytes("1", (width * 8, height), bits), self._align)
            return size
        if command == ord("V"):
            if pos + 3 > len(data):
                return 0
            size = 4 if data[pos + 2] in (65, 66) else 3
            if pos + size > len(data):
                return 0
            self._flush_text()
            self.receipts.append(self._paper.picture())
            self._paper = _Paper(self._width)
            return size
        if command in (ord("e"), ord("R")):  # presenters: GS e 3 m and GS R 1 t carry one more
            if pos + 3 > len(data):
                return 0
            return 4 if (command, data[pos + 2]) in ((ord("e"), 3), (ord("R"), 1)) else 3
        size = 2 + GS_ARGS.get(command, 0)
        if pos + size > len(data):
            return 0
        if command == ord("!"):
            self._large = bool(data[pos + 2] & 0x77)
        return size

    def _qr(self, body: bytes) -> None:
        function = body[1]
        if function == QR_SIZE:
            self._qr_module = max(1, body[2])
        elif function == QR_STORE:
            self._qr_data = body[3:].decode("utf-8", "replace")
        elif function == QR_PRINT and self._qr_data:
            code = qrcode.QRCode(box_size=self._qr_module, border=0)
            code.add_data(self._qr_data)
            code.make(fit=True)
            image: Image.Image = code.make_image().get_image()
            self._flush_text()
            self._paper.place(image, self._align)

    def _char(self, value: int) -> str:
        """A character through the code page selected last (``ESC t``)."""
        if value < 0x80:
            return chr(value)
        name = self._code_pages.get(self._code_page)
        if name is None:
            return "\ufffd"
        table: list[str] = self._encoder._get_codepage_char_list(name)
        return table[value - 0x80]

    def _flush_text(self) -> None:
        """Text waiting for its LF is printed by a feed, an image or a cut too."""
        if self._line:
            self._print_line()

    def _print_line(self) -> None:
        text, self._line = "".join(self._line), []
        for inked in self._fonts.render(
            text, self._paper.width, bold=self._bold, large=self._large
        ):
            self._paper.feed(inked.above)
            if inked.image is not None:
                self._paper.place(inked.image, self._align)
            self._paper.feed(inked.below)


def render_receipts(
    data: bytes, *, width_dots: int = DEFAULT_WIDTH_DOTS, profile: str = "default"
) -> list[Image.Image]:
    """One greyscale picture per receipt that ``data`` cut (``GS V``), in order; what follows
    the last cut is not a receipt yet. ``width_dots``: the paper's printable width."""
    renderer = _Renderer(width_dots, profile)
    renderer.run(data)
    return renderer.receipts
