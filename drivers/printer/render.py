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

from drivers.printer import escpos_commands, raster
from drivers.printer.escpos_commands import ESC, GS, LF, QR_STORE
from drivers.printer.layout import DEFAULT_WIDTH_DOTS, REPO_FONTS

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
        commands, _ = escpos_commands.split(data)  # a command cut short at the end draws nothing
        for command in commands:
            self._command(command)

    def _command(self, command: bytes) -> None:
        first = command[0]
        if first == ESC:
            self._esc(command)
        elif first == GS:
            self._gs(command)
        elif first == LF:
            self._print_line()
        elif first >= 0x20:  # DLE and other control bytes print nothing
            self._line.append(self._char(first))

    def _esc(self, command: bytes) -> None:
        code = command[1]
        n = command[2] if len(command) == 3 else 0
        if code == ord("@"):
            self._reset()
        elif code == ord("a"):
            self._align = ALIGNMENTS.get(n, 0)
        elif code == ord("E"):
            self._bold = bool(n & 1)
        elif code == ord("!"):  # bit 3 bold, bits 4 and 5 double height and width
            self._bold, self._large = bool(n & 0x08), bool(n & 0x30)
        elif code == ord("t"):
            self._code_page = n
        elif code == ord("J"):
            self._flush_text()
            self._paper.feed(n)
        elif code == ord("d"):
            self._flush_text()
            for _ in range(n):
                self._print_line()

    def _gs(self, command: bytes) -> None:
        code = command[1]
        if code == ord("("):  # GS ( k: pL pH, then cn fn and the function's bytes
            if command[2] == ord("k") and len(command) >= 8:
                self._qr(command[5:])
        elif code == ord("v"):  # GS v 0 m xL xH yL yH, then the rows, 1 = black
            width = int.from_bytes(command[4:6], "little")
            height = int.from_bytes(command[6:8], "little")
            if width and height:
                bits = bytes(b ^ 0xFF for b in command[8:])  # Pillow: 1 = white
                self._flush_text()
                self._paper.place(Image.frombytes("1", (width * 8, height), bits), self._align)
        elif code == ord("V"):
            self._flush_text()
            self.receipts.append(self._paper.picture())
            self._paper = _Paper(self._width)
        elif code == ord("!"):  # presenters' GS e / GS R print nothing
            self._large = bool(command[2] & 0x77)

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
