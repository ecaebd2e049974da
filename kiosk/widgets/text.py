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
        """True when the text needs more room than the label has (clipped or cut off)."""
        if not self.isVisibleTo(self.window()) or not self.text():
            return False
        if self.wordWrap():
            needed = self.heightForWidth(self.width())
            longest_word = max((self.fontMetrics().horizontalAdvance(w) for w in self.text().split()), default=0)
            return needed > self.height() + 1 or longest_word > self.width() + 1
        return self.fontMetrics().horizontalAdvance(self.text()) > self.width() + 1 or \
            self.fontMetrics().height() > self.height() + 1
