"""What the stylesheet promises, measured on every rendered screen at 1080p: touch targets at
least 60 px high, text at least 24 px, and text colour against its background at least 7:1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.ui.app import qt_app
from kiosk.ui.shots import render
from kiosk.ui.window import KioskWindow

pytestmark = pytest.mark.slow  # run first (tests/conftest.py)

MIN_TARGET_PX = 60
MIN_TEXT_PX = 24
MIN_CONTRAST = 7.0
SAMPLE_STEP = 2  # every other pixel in each direction is plenty to find two colours


def luminance(rgb: int) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ratio(a: int, b: int) -> float:
    hi, lo = sorted((luminance(a & 0xFFFFFF), luminance(b & 0xFFFFFF)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_contrast(image: QImage, rect: QRect) -> float:
    """Background = the commonest colour; text = the colour most unlike it among the common
    ones (anti-aliased edges are neither)."""
    width = image.bytesPerLine() // 4
    pixels = memoryview(image.constBits()).cast("I")  # type: ignore[arg-type]
    counts: Counter[int] = Counter()
    for y in range(rect.top(), rect.bottom(), SAMPLE_STEP):
        row = y * width
        counts.update(pixels[row + rect.left() : row + rect.right() : SAMPLE_STEP])
    background, _ = counts.most_common(1)[0]
    rest = sum(counts.values()) - counts[background]
    common = [c for c, n in counts.items() if c != background and n >= 0.05 * rest]
    return max((ratio(background, c & 0xFFFFFF) for c in common), default=21.0)


def texts(window: KioskWindow) -> list[QWidget]:
    found: list[QWidget] = []
    for w in window.findChildren(QWidget):
        if not w.isVisible():
            continue
        if (isinstance(w, QLabel) and w.text().strip()) or (
            isinstance(w, QAbstractButton) and w.text()
        ):
            found.append(w)
    return found


def overflow(widget: QWidget) -> str | None:
    """How ``widget``'s text does not fit its box, or None: a wrapped label needs the height its
    text takes at its width; a one-line label or a button needs the width of its text."""
    if isinstance(widget, QLabel):
        box = widget.contentsRect()
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                return f"needs {needed} px of height, has {widget.height()}"
            return None
        width = max(
            (widget.fontMetrics().horizontalAdvance(line) for line in widget.text().split("\n")),
            default=0,
        )
        if width > box.width():
            return f"needs {width} px of width, has {box.width()}"
        return None
    assert isinstance(widget, QAbstractButton)
    width = widget.fontMetrics().horizontalAdvance(widget.text())
    if width > widget.width():
        return f"needs {width} px of width, has {widget.width()}"
    return None


@dataclass(frozen=True)
class Shown:
    """One visible text as a person sees it, measured while its screen was up."""

    text: str
    pixel_size: int
    contrast: float | None  # measured on the Vietnamese pictures only
    overflow: str | None


BACK_TEXTS = ("Quay lại", "Back")


@dataclass(frozen=True)
class Screen:
    name: str
    buttons: list[tuple[str, int]]  # (text, height) of each visible button
    shown: list[Shown]
    back: tuple[int, int] | None  # "Quay lại": its right edge and top in the window
    titles: list[str]  # the texts shown as a screen's title


def measure(name: str, window: KioskWindow) -> Screen:
    visible = [b for b in window.findChildren(QAbstractButton) if b.isVisible()]
    buttons = [(b.text(), b.height()) for b in visible]
    backs = [
        QRect(b.mapTo(window, b.rect().topLeft()), b.size()) for b in visible
        if b.text() in BACK_TEXTS
    ]  # fmt: skip
    assert len(backs) <= 1, f"{name}: {len(backs)} back buttons"
    screen = window.stack.currentWidget()
    title = getattr(getattr(screen, "current", screen), "title", None)  # a staff page's, too
    titles = [title.text()] if isinstance(title, QLabel) and title.isVisible() else []
    # Colours do not change with the language: measured on the Vietnamese pictures.
    image = (
        window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if name.endswith(".vi")
        else None
    )
    shown = []
    for w in texts(window):
        contrast = None
        if image is not None:
            contrast = text_contrast(image, QRect(w.mapTo(window, w.rect().topLeft()), w.size()))
        shown.append(
            Shown(
                w.text(),  # type: ignore[attr-defined]
                QFontInfo(w.font()).pixelSize(),
                contrast,
                overflow(w),
            )
        )
    back = (backs[0].right(), backs[0].top()) if backs else None
    return Screen(name, buttons, shown, back, titles)


@pytest.fixture(scope="session")
def screens() -> Iterator[list[Screen]]:
    """Every screen in both languages, rendered once (tens of seconds) for the tests below,
    which read what each one showed; session-scoped, so that tests of other modules run in
    between on the same worker do not make it render again (xdist may still give the tests
    to both workers: then each renders once)."""
    from kiosk.config_loader import load_settings

    qt_app()
    yield [measure(name, window) for name, window in render(load_settings(None))]


def test_every_screen_in_both_languages_keeps_the_style_rules(screens: list[Screen]) -> None:
    """Buttons, text sizes, contrast, on every picture."""
    failures: dict[str, list[str]] = {}
    names = []
    for screen in screens:
        names.append(screen.name)
        problems = [
            f"button {text!r} is {height} px high"
            for text, height in screen.buttons
            if height < MIN_TARGET_PX
        ]
        for shown in screen.shown:
            text = shown.text[:30]
            if shown.pixel_size < MIN_TEXT_PX:
                problems.append(f"{text!r} is {shown.pixel_size} px")
            if shown.contrast is not None and shown.contrast < MIN_CONTRAST:
                problems.append(f"{text!r} contrast {shown.contrast:.1f}:1")
        if problems:
            failures[screen.name] = problems
    assert {"home.vi", "home.en", "door_failed-unprinted.en", "rating.vi"} <= set(names)
    assert len(set(names)) == len(names)
    assert failures == {}


def test_every_text_fits_its_box_on_every_screen_in_both_languages(screens: list[Screen]) -> None:
    """A line that wraps grows its box; nothing is cut or drawn over its neighbour."""
    failures: dict[str, list[str]] = {}
    for screen in screens:
        problems = [
            f"{shown.text[:40]!r} {shown.overflow}"
            for shown in screen.shown
            if shown.overflow is not None
        ]
        if problems:
            failures[screen.name] = problems
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_citizens_are_addressed_as_ong_ba_on_every_citizen_screen(screens: list[Screen]) -> None:
    """The form used at public counters (glossary-vi.md): "Ông/Bà", never "bạn"."""
    import re

    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    found: dict[str, list[str]] = {}
    addressed = 0
    for screen in screens:
        if not screen.name.endswith(".vi") or screen.name.startswith("staff-"):
            continue
        shown = [s.text for s in screen.shown]
        addressed += sum("Ông/Bà" in t for t in shown)
        if bad := [t for t in shown if informal.search(t)]:
            found[screen.name] = bad
    assert found == {}
    assert addressed > 10


def test_quay_lai_is_in_one_place_on_every_citizen_screen(screens: list[Screen]) -> None:
    """Top right, beside the title, on the code, drop-off, look-up and lost-code screens alike
    (it was bottom-left on one, top-right on others), in both languages; the accessible mode's
    larger text moves nothing of it but its size."""
    places: dict[bool, dict[tuple[int, int], list[str]]] = {False: {}, True: {}}
    for screen in screens:
        if screen.back is not None and not screen.name.startswith("staff-"):
            places["accessible" in screen.name].setdefault(screen.back, []).append(screen.name)
    assert len(places[False]) == 1, places[False]
    assert len(places[True]) == 1, places[True]
    (shown,) = places[False].values()
    assert {"pickup_code.vi", "phone_digits.en", "dropoff_code.vi", "lookup_code.en",
            "lost_code.vi", "dropoff_size-verified.vi"} <= set(shown)  # fmt: skip
    ((right, top),) = places[False]
    assert right > 1800 and top < 250


def test_a_title_is_not_said_again_in_the_body(screens: list[Screen]) -> None:
    """The title once, not again in the text under it ("Tạm khóa nhập mã"); a title of a word
    or two ("Nhật ký") may well name what the body speaks of ("Nhật ký kiểm toán")."""
    repeated: dict[str, list[str]] = {}
    for screen in screens:
        for title in (t for t in screen.titles if len(t.split()) >= 3):
            others = [s.text for s in screen.shown if s.text != title and title in s.text]
            if others:
                repeated.setdefault(screen.name, []).extend(others)
    assert repeated == {}
    assert any("Tạm khóa nhập mã" in s.titles for s in screens if s.name == "code_paused.vi")
