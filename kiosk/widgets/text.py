"""Labels that show plain text only (never rich text from content), styled from the theme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class TextLabel(QLabel):
    """Word-wrapped plain text. Content is never interpreted as HTML or links."""

    def __init__(self, parent: QWidget | None = None, *, wrap: bool = True, role: str = "body") -> None:
        super().__init__(parent)
        self.role = role  # what the text is (title, body, caption, ...): tests and styling read it
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(wrap)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setOpenExternalLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(wrap)
        self.setSizePolicy(policy)

    def apply(self, font: QFont, color: QColor, line_height: float | None = None) -> None:
        self.setFont(font)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.setPalette(palette)
        del line_height  # QLabel has no line-height; kept for a later rich layout

    def overflows(self) -> bool:
        return label_overflows(self)


def label_overflows(label: QLabel) -> bool:
    """True when a label's text needs more room than the label has (clipped or cut off)."""
    if not label.isVisibleTo(label.window()) or not label.text():
        return False
    metrics = label.fontMetrics()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        longest_word = max((metrics.horizontalAdvance(w) for w in label.text().split()), default=0)
        return needed > label.height() + 1 or longest_word > label.width() + 1
    lines = label.text().splitlines() or [""]
    width = max(metrics.horizontalAdvance(line) for line in lines)
    return width > label.width() + 1 or metrics.height() * len(lines) > label.height() + 1
