"""A row of big figures with their labels (hero and map screens)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Stat
from kiosk.widgets.text import TextLabel


class StatsRow(QWidget):
    def __init__(self, stats: tuple[Stat, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stats = stats
        self.values = [TextLabel(self, wrap=False, role="numeral") for _ in stats]
        self.labels = [TextLabel(self, role="caption") for _ in stats]
        self.gap = 32
        self.spacing = 12
        self.setVisible(bool(stats))

    def set_language(self, tr: Callable[[object], str]) -> None:
        for stat, value, label in zip(self.stats, self.values, self.labels, strict=True):
            value.setText(tr(stat.value))
            label.setText(tr(stat.label))

    def apply(self, numeral: QFont, caption: QFont, accent: QColor, muted: QColor, gap: int, spacing: int) -> None:
        for value in self.values:
            value.apply(numeral, accent)
        for label in self.labels:
            label.apply(caption, muted)
        self.gap, self.spacing = gap, spacing

    def hasHeightForWidth(self) -> bool:
        return True

    def _cell_width(self, width: int) -> int:
        count = max(len(self.stats), 1)
        return (width - self.gap * (count - 1)) // count

    def heightForWidth(self, width: int) -> int:
        cell = self._cell_width(width)
        self._fit_numerals(cell)
        tallest = 0
        for value, label in zip(self.values, self.labels, strict=True):
            tallest = max(tallest, value.sizeHint().height() + self.spacing + label.heightForWidth(cell))
        return tallest

    def _fit_numerals(self, cell: int) -> None:
        """Big figures never wrap or clip: the widest one sets one size for all."""
        widest = max((v.fontMetrics().horizontalAdvance(v.text()) for v in self.values), default=0)
        if widest > cell > 0:
            for value in self.values:
                font = value.font()
                font.setPixelSize(max(8, int(font.pixelSize() * cell / widest) - 1))
                value.setFont(font)

    def resizeEvent(self, event: object) -> None:
        cell = self._cell_width(self.width())
        self._fit_numerals(cell)
        for index, (value, label) in enumerate(zip(self.values, self.labels, strict=True)):
            x = index * (cell + self.gap)
            value_height = value.sizeHint().height()
            value.setGeometry(x, 0, cell, value_height)
            label.setGeometry(x, value_height + self.spacing, cell, label.heightForWidth(cell))
