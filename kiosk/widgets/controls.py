"""Touch controls drawn by us (no default Qt buttons): large targets, calm looks.

A tap fires on release, once, and only when the finger did not travel (a swipe that
starts on a control is a swipe, not a tap).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.style import Style

TAP_SLOP_FRACTION = 0.02  # of the window's short side


class Tappable(QWidget):
    tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._press: QPointF | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def _slop(self) -> float:
        window = self.window()
        return max(8.0, TAP_SLOP_FRACTION * min(window.width(), window.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.globalPosition()
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        self.update()
        event.accept()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.globalPosition() - press).manhattanLength()
        if moved <= self._slop() and self.rect().contains(event.position().toPoint()):
            self.tapped.emit()

    def cancel_press(self) -> None:
        """A gesture took over: forget the press so its release taps nothing."""
        self._press = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            self.tapped.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def pressed(self) -> bool:
        return self._press is not None

    def draw_focus(self, painter: QPainter, rect: QRectF, radius: float, color: QColor) -> None:
        if self.hasFocus():
            painter.setPen(QPen(color, max(2.0, rect.height() * 0.04)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), radius, radius)


class PillButton(Tappable):
    """A rounded text button; `checked` draws it filled in the accent colour."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self.checked = False
        self.font_ = QFont()
        self.fill = QColor("#142234")
        self.fill_checked = QColor("#f2a93b")
        self.text_color = QColor("#f3f6fa")
        self.text_checked = QColor("#0b1420")
        self.outline = QColor(255, 255, 255, 60)
        self.min_height = 96
        self.padding = 36
        self.align = Qt.AlignmentFlag.AlignCenter
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self._text

    def apply_style(self, style: Style, font: QFont, height: int, padding: int, fill_alpha: float) -> None:
        """Theme colours and sizes (design pixels) for the button."""
        self.font_ = font
        self.min_height = style.px(height)
        self.padding = style.px(padding)
        self.fill = style.color("surface", fill_alpha)
        self.fill_checked = style.color("accent")
        self.text_color = style.color("text")
        self.text_checked = style.color("background")
        self.updateGeometry()

    def set_text(self, text: str) -> None:
        self._text = text
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    def set_checked(self, checked: bool) -> None:
        self.checked = checked
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font_)
        width = metrics.horizontalAdvance(self._text) + 2 * self.padding
        return QSize(width, max(self.min_height, metrics.height() * 2))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 2
        fill = self.fill_checked if self.checked else self.fill
        if self.pressed:
            fill = fill.lighter(130)
        painter.setBrush(fill)
        painter.setPen(QPen(self.outline, 1.5) if not self.checked else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(self.font_)
        painter.setPen(self.text_checked if self.checked else self.text_color)
        centred = self.align & Qt.AlignmentFlag.AlignHCenter
        text_box = rect if centred else rect.adjusted(self.padding, 0, -self.padding, 0)
        painter.drawText(text_box, self.align, self._text)
        self.draw_focus(painter, rect, radius, self.fill_checked)


class RoundButton(Tappable):
    """A circular button with an arrow ('left'/'right'/'close') or a short label (a number)."""

    def __init__(self, symbol: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.symbol = symbol
        self.font_ = QFont()
        self.fill = QColor(20, 34, 52, 210)
        self.fill_active = QColor("#f2a93b")
        self.ink = QColor("#f3f6fa")
        self.ink_active = QColor("#0b1420")
        self.active = False
        self.ring = QColor(255, 255, 255, 70)
        self.pulse = 0.0  # 0..1: an extra halo, for markers that invite a tap

    def set_active(self, active: bool) -> None:
        self.active = active
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        center = QPointF(self.width() / 2, self.height() / 2)
        radius = side / 2 - 2
        if self.pulse > 0:
            halo = QColor(self.fill_active)
            halo.setAlphaF(0.35 * (1 - self.pulse))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(center, radius * (0.75 + 0.25 * self.pulse), radius * (0.75 + 0.25 * self.pulse))
            radius *= 0.75
        fill = self.fill_active if self.active else self.fill
        if self.pressed:
            fill = fill.lighter(140)
        painter.setBrush(fill)
        painter.setPen(QPen(self.ring if not self.active else fill, max(1.5, side * 0.02)))
        painter.drawEllipse(center, radius, radius)
        ink = self.ink_active if self.active else self.ink
        if self.symbol in ("left", "right", "close"):
            self._draw_symbol(painter, center, radius, ink)
        else:
            painter.setFont(self.font_)
            painter.setPen(ink)
            painter.drawText(QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius),
                             Qt.AlignmentFlag.AlignCenter, self.symbol)
        if self.hasFocus():
            painter.setPen(QPen(self.fill_active, max(2.0, side * 0.04)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(center, radius + 1, radius + 1)

    def _draw_symbol(self, painter: QPainter, center: QPointF, radius: float, ink: QColor) -> None:
        pen = QPen(ink, max(2.0, radius * 0.12), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        r = radius * 0.32
        path = QPainterPath()
        if self.symbol == "close":
            path.moveTo(center.x() - r, center.y() - r)
            path.lineTo(center.x() + r, center.y() + r)
            path.moveTo(center.x() + r, center.y() - r)
            path.lineTo(center.x() - r, center.y() + r)
        else:
            sign = -1 if self.symbol == "left" else 1
            path.moveTo(center.x() - sign * r * 0.5, center.y() - r)
            path.lineTo(center.x() + sign * r * 0.6, center.y())
            path.lineTo(center.x() - sign * r * 0.5, center.y() + r)
        painter.drawPath(path)


class PageDots(QWidget):
    """One dot per screen; tapping a dot asks for that screen. Each dot has a large hit area."""

    dot_tapped = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.current = 0
        self.spacing = 64
        self.dot = 14
        self.active_color = QColor("#f2a93b")
        self.idle_color = QColor(255, 255, 255, 110)
        self._press: QPointF | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_current(self, index: int) -> None:
        self.current = index
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.spacing * self.count, max(self.spacing, 96))

    def dot_center(self, index: int) -> QPointF:
        left = (self.width() - self.spacing * self.count) / 2
        return QPointF(left + self.spacing * (index + 0.5), self.height() / 2)

    def index_at(self, x: float) -> int | None:
        left = (self.width() - self.spacing * self.count) / 2
        index = math.floor((x - left) / self.spacing)
        return index if 0 <= index < self.count else None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        event.accept()
        if press is None or (event.position() - press).manhattanLength() > self.spacing / 2:
            return
        index = self.index_at(event.position().x())
        if index is not None:
            self.dot_tapped.emit(index)

    def cancel_press(self) -> None:
        self._press = None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for index in range(self.count):
            center = self.dot_center(index)
            if index == self.current:
                painter.setBrush(self.active_color)
                w, h = self.dot * 2.6, self.dot
                painter.drawRoundedRect(QRectF(center.x() - w / 2, center.y() - h / 2, w, h), h / 2, h / 2)
            else:
                painter.setBrush(self.idle_color)
                painter.drawEllipse(center, self.dot / 2, self.dot / 2)
