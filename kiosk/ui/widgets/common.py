"""Labels and buttons with a stylesheet ``role``: the only way screens make them."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget
from typing_extensions import override


def label(
    role: str = "body", parent: QWidget | None = None, *, center: bool = False, wrap: bool = True
) -> QLabel:
    widget = QLabel(parent)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(role: str = "", parent: QWidget | None = None) -> QPushButton:
    widget = QPushButton(parent)
    if role:
        widget.setProperty("role", role)
    # A touch screen has no keyboard focus to show; a focus frame only confuses.
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return widget


def set_role(widget: QWidget, role: str) -> None:
    """Change a widget's stylesheet role after it was shown (Qt re-reads it only on polish)."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ChoiceButton(QPushButton):
    """A large button with a title and a line saying what it is for."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.title = label("choice-title", self, center=True)
        self.detail = label("choice-detail", self, center=True)
        for part in (self.title, self.detail):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
            layout.addWidget(part)

    def set_texts(self, title: str, detail: str) -> None:
        self.title.setText(title)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))

    # A QPushButton sizes itself for its own text, not for the labels laid out inside it: ask
    # the layout too, so that a larger font (or a detail line that wraps) grows the button.
    @override
    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(self._laid_out())

    @override
    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(self._laid_out())

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        own = super().sizeHint().height()
        layout = self.layout()
        return max(own, layout.totalHeightForWidth(width)) if layout is not None else own

    def _laid_out(self) -> QSize:
        layout = self.layout()
        if layout is None:
            return QSize(0, 0)
        # At the width it has now (a detail line that wraps there needs its second line).
        height = layout.totalMinimumSize().height()
        if self.width() > 0:
            height = max(height, layout.totalHeightForWidth(self.width()))
        return QSize(0, height)
