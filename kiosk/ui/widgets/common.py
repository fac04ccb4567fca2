"""Labels and buttons with a stylesheet ``role``: the only way screens make them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


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
