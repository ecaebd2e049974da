"""The calm screen shown when there is no content that can be shown."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Theme
from kiosk.i18n import tr
from kiosk.style import Style


class BackSoonWindow(QWidget):
    def __init__(self, windowed: bool) -> None:
        super().__init__()
        self.windowed = windowed
        self.setObjectName("back-soon")
        self.setWindowTitle("Back soon")
        self.setAccessibleName(f"{tr('back_soon', 'en')} {tr('back_soon', 'fr')}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.windowed and event.key() == Qt.Key.Key_Escape:
            self.close()

    def paintEvent(self, event: QPaintEvent) -> None:
        style = Style(Theme(), Style.scale_for(self.width(), self.height()))
        painter = QPainter(self)
        painter.fillRect(self.rect(), style.color("background"))
        english, french = tr("back_soon", "en"), tr("back_soon", "fr")
        painter.setPen(style.color("text"))
        painter.setFont(style.font(72, QFont.Weight.Bold, display=True))
        box = QRectF(self.rect()).adjusted(style.px(96), 0, -style.px(96), 0)
        painter.drawText(box.adjusted(0, 0, 0, -style.px(60)), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         english)
        painter.setPen(QColor(style.theme.muted))
        painter.setFont(style.font(40))
        painter.drawText(box.adjusted(0, style.px(140), 0, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         french)
