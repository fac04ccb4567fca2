"""What the stylesheet promises, measured on every rendered screen at 1080p: touch targets at
least 60 px high, text at least 24 px, and text colour against its background at least 7:1."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontInfo, QImage
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.settings import Settings
from kiosk.ui.app import qt_app
from kiosk.ui.shots import render
from kiosk.ui.window import KioskWindow

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


def test_every_screen_in_both_languages_keeps_the_style_rules(qtbot: QtBot) -> None:
    """Rendered once (it takes seconds): buttons, text sizes, contrast, on every picture."""
    from kiosk.config_loader import load_settings

    qt_app()
    settings: Settings = load_settings(None)
    failures: dict[str, list[str]] = {}
    names = []
    for name, window in render(settings):
        names.append(name)
        problems = []
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and button.height() < MIN_TARGET_PX:
                problems.append(f"button {button.text()!r} is {button.height()} px high")
        # Colours do not change with the language: measured on the Vietnamese pictures.
        image = (
            window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
            if name.endswith(".vi")
            else None
        )
        for w in texts(window):
            size = QFontInfo(w.font()).pixelSize()
            text = w.text()[:30]  # type: ignore[attr-defined]
            if size < MIN_TEXT_PX:
                problems.append(f"{text!r} is {size} px")
            if image is not None:
                rect = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
                contrast = text_contrast(image, rect)
                if contrast < MIN_CONTRAST:
                    problems.append(f"{text!r} contrast {contrast:.1f}:1")
        if problems:
            failures[name] = problems
    assert {"home.vi", "home.en", "door_failed-unprinted.en", "rating.vi"} <= set(names)
    assert len(set(names)) == len(names)
    assert failures == {}


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


def test_every_text_fits_its_box_on_every_screen_in_both_languages(qtbot: QtBot) -> None:
    """A line that wraps grows its box; nothing is cut or drawn over its neighbour."""
    from kiosk.config_loader import load_settings

    qt_app()
    failures: dict[str, list[str]] = {}
    for name, window in render(load_settings(None)):
        problems = [
            f"{w.text()[:40]!r} {why}"  # type: ignore[attr-defined]
            for w in texts(window)
            if (why := overflow(w)) is not None
        ]
        if problems:
            failures[name] = problems
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_citizens_are_addressed_as_ong_ba_on_every_citizen_screen(qtbot: QtBot) -> None:
    """The form used at public counters (glossary-vi.md): "Ông/Bà", never "bạn"."""
    import re

    from kiosk.config_loader import load_settings

    qt_app()
    informal = re.compile(r"\bbạn\b", re.IGNORECASE)
    found: dict[str, list[str]] = {}
    addressed = 0
    for name, window in render(load_settings(None)):
        if not name.endswith(".vi") or name.startswith("staff-"):
            continue
        shown = [w.text() for w in texts(window)]  # type: ignore[attr-defined]
        addressed += sum("Ông/Bà" in t for t in shown)
        if bad := [t for t in shown if informal.search(t)]:
            found[name] = bad
    assert found == {}
    assert addressed > 10
