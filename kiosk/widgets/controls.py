"""Touch controls drawn by us (no default Qt buttons): large targets, calm looks.

A tap fires on release, once, and only when the finger did not travel (a swipe that
starts on a control is a swipe, not a tap). From the keyboard, Tab reaches every control
(the stage decides the order), Enter or Space activates the one with focus, and a two-tone
focus ring shows which one that is on any fill and in either theme.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.style import Style

TAP_SLOP_FRACTION = 0.02  # of the window's short side


ACTIVATE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select, Qt.Key.Key_Space)


class Tappable(QWidget):
    tapped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._press: QPointF | None = None
        self._owner: Tappable | None = None  # the control a press belongs to (see press_owner)
        self.focus_color = QColor("#f2a93b")
        self.focus_inner = QColor("#0b1420")  # the dark lines either side of the ring
        self.focus_width = 6.0
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def set_focus_style(self, style: Style) -> None:
        self.focus_color = style.color("accent")
        self.focus_inner = style.color("background")
        self.focus_width = max(3.0, float(style.px(6)))

    def set_accessible(self, name: str, description: str) -> None:
        """What a screen reader says: the control's name and what it does (in the visitor's language)."""
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)

    def press_owner(self, global_position: QPointF) -> Tappable:
        """The control a press at this point belongs to: this one, unless a subclass knows a
        neighbour whose target overlaps (hotspot markers give the press to the nearest)."""
        return self

    def _slop(self) -> float:
        window = self.window()
        return max(8.0, TAP_SLOP_FRACTION * min(window.width(), window.height()))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            owner = self.press_owner(event.globalPosition())
            self._owner = owner
            owner._press = event.globalPosition()
            owner.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        owner, self._owner = self._owner or self, None
        press, owner._press = owner._press, None
        owner.update()
        event.accept()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        moved = (event.globalPosition() - press).manhattanLength()
        if moved <= self._slop() and self.rect().contains(event.position().toPoint()):
            owner.tapped.emit()

    def cancel_press(self) -> None:
        """A gesture took over: forget the press so its release taps nothing."""
        if self._owner is not None and self._owner is not self:
            self._owner.cancel_press()
        self._owner = None
        self._press = None
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in ACTIVATE_KEYS and not event.isAutoRepeat():
            self.tapped.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def pressed(self) -> bool:
        return self._press is not None

    def draw_focus(self, painter: QPainter, rect: QRectF, radius: float, color: QColor | None = None) -> None:
        """With keyboard focus: the focus ring around `rect` (see paint_focus_ring)."""
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()), rect, radius, color or self.focus_color, self.focus_inner,
                             self.focus_width)


def paint_focus_ring(painter: QPainter, bounds: QRectF, rect: QRectF, radius: float, color: QColor, dark: QColor,
                     width: float) -> None:
    """The keyboard focus ring: a band of `color` around `rect` between two thin `dark` lines
    (kept inside `bounds`, the widget), so that it shows on a dark ground, on an accent fill and
    on a picture alike."""
    line = width / 2
    room = bounds.adjusted(line / 2, line / 2, -line / 2, -line / 2)
    outer = rect.adjusted(-width - line, -width - line, width + line, width + line).intersected(room)
    grow = (outer.height() - rect.height()) / 2
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for inset, pen_color, pen_width in ((0.0, dark, line), (line / 2 + width / 2, color, width),
                                        (line + width, dark, line)):
        ring = outer.adjusted(inset, inset, -inset, -inset)
        ring_radius = max(0.0, radius + grow - inset)
        painter.setPen(QPen(pen_color, pen_width))
        painter.drawRoundedRect(ring, ring_radius, ring_radius)
    painter.restore()


class PillButton(Tappable):
    """A rounded text button; `checked` draws it filled in the accent colour.

    The touch target is the whole widget; the pill may be drawn lower than it
    (`pill_height`), which keeps a row of 96-pixel targets from looking heavy. Long texts
    wrap onto a second line when `wrap` is on.
    """

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
        self.pill_height: int | None = None  # drawn height; None: the widget's
        self.padding = 36
        self.wrap = False
        self.align = Qt.AlignmentFlag.AlignCenter
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self._text

    def apply_style(self, style: Style, font: QFont, height: int, padding: int, fill_alpha: float,
                    pill_height: int | None = None) -> None:
        """Theme colours and sizes (design pixels) for the button: `height` is the touch target,
        `pill_height` what is drawn of it."""
        self.font_ = font
        self.min_height = style.px(height)
        self.pill_height = style.px(pill_height) if pill_height else None
        self.padding = style.px(padding)
        self.fill = style.color("surface", style.panel_alpha(fill_alpha))
        self.fill_checked = style.color("accent")
        self.text_color = style.color("text")
        self.text_checked = style.color("background")
        self.outline = style.outline()
        self.set_focus_style(style)
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
        width = metrics.horizontalAdvance(self._text) + 2 * self.padding + 4  # 4: the outline's inset
        return QSize(width, max(self.min_height, metrics.height() * 2))

    def pill_rect(self) -> QRectF:
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.pill_height is None or self.pill_height >= rect.height():
            return rect
        inset = (rect.height() - self.pill_height) / 2
        return rect.adjusted(0, inset, 0, -inset)

    def text_rect(self) -> QRectF:
        rect = self.pill_rect()
        return rect.adjusted(self.padding, 0, -self.padding, 0)

    def text_flags(self) -> int:
        return self.align.value | (Qt.TextFlag.TextWordWrap.value if self.wrap else 0)

    def wrapped_height(self, width: int) -> int:
        """The height this button needs at `width` to show its text (wrapped, with `wrap`)."""
        metrics = QFontMetrics(self.font_)
        box = QRect(0, 0, max(width - 2 * self.padding - 4, 1), 10_000)
        text = metrics.boundingRect(box, self.text_flags(), self._text).height()
        return text + 2 * max(self.padding // 2, metrics.height() // 3) + 4

    def text_fits(self) -> bool:
        """The text fits inside the pill (on one line, or two with `wrap`): the fit tests read it."""
        metrics = QFontMetrics(self.font_)
        box = self.text_rect()
        needed = metrics.boundingRect(box.toRect(), self.text_flags(), self._text)
        return needed.width() <= box.width() + 1 and needed.height() <= box.height() + 1

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.pill_rect()
        radius = min(rect.height() / 2, self.padding + rect.height() * 0.2) if self.wrap else rect.height() / 2
        fill = self.fill_checked if self.checked else self.fill
        if self.pressed:
            fill = fill.lighter(130)
        painter.setBrush(fill)
        painter.setPen(QPen(self.outline, 1.5) if not self.checked else Qt.PenStyle.NoPen)
        painter.drawRoundedRect(rect, radius, radius)
        painter.setFont(self.font_)
        painter.setPen(self.text_checked if self.checked else self.text_color)
        painter.drawText(self.text_rect(), self.text_flags(), self._text)
        self.draw_focus(painter, rect, radius)


class RoundButton(Tappable):
    """A circular button with a symbol ('left', 'right', 'close', 'access') or a short label (a
    number). The circle may be drawn smaller than the widget (`visual_fraction`), so a small
    marker still has a large touch target."""

    SYMBOLS = ("left", "right", "close", "access")

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
        self.visual_fraction = 1.0  # the drawn circle's diameter, as a share of the widget's side

    def set_active(self, active: bool) -> None:
        self.active = active
        self.update()

    def circle_radius(self) -> float:
        return min(self.width(), self.height()) * self.visual_fraction / 2 - 2

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) * self.visual_fraction
        center = QPointF(self.width() / 2, self.height() / 2)
        radius = self.circle_radius()
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
        if self.symbol == "access":
            self._draw_person(painter, center, radius, ink)
        elif self.symbol in self.SYMBOLS:
            self._draw_symbol(painter, center, radius, ink)
        else:
            painter.setFont(self.font_)
            painter.setPen(ink)
            painter.drawText(QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius),
                             Qt.AlignmentFlag.AlignCenter, self.symbol)
        self.draw_focus(painter, QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius), radius)

    def _draw_person(self, painter: QPainter, center: QPointF, radius: float, ink: QColor) -> None:
        """The accessibility symbol: a figure with open arms (not a flag, not a wheelchair)."""
        r = radius * 0.62
        pen = QPen(ink, max(2.0, radius * 0.11), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setBrush(ink)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(center.x(), center.y() - r * 0.68), r * 0.17, r * 0.17)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        arms_y = center.y() - r * 0.3
        path.moveTo(center.x() - r * 0.7, arms_y)
        path.lineTo(center.x() + r * 0.7, arms_y)
        path.moveTo(center.x(), arms_y)
        path.lineTo(center.x(), center.y() + r * 0.2)
        path.moveTo(center.x() - r * 0.38, center.y() + r * 0.85)
        path.lineTo(center.x(), center.y() + r * 0.2)
        path.lineTo(center.x() + r * 0.38, center.y() + r * 0.85)
        painter.drawPath(path)

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


class DotButton(Tappable):
    """One page dot's keyboard stop: Tab reaches it, Enter opens its screen. Touches fall through
    to the PageDots underneath (which owns the look and the tap handling)."""

    def __init__(self, dots: PageDots, index: int) -> None:
        super().__init__(dots)
        self.dots = dots
        self.index = index
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.tapped.connect(lambda: dots.dot_tapped.emit(index))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) * 0.56
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        self.draw_focus(painter, rect, side / 2)


class PageDots(QWidget):
    """One dot per screen in the rotation; tapping a dot asks for that screen. Each dot has a
    large hit area (`spacing` wide, the widget's height tall) and a keyboard stop of its own.
    A screen taken out of the rotation has no dot: the others close up."""

    dot_tapped = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count = count
        self.shown = list(range(count))  # the screens that have a dot, in order
        self.current = 0
        self.spacing = 64
        self.dot = 14
        self.active_color = QColor("#f2a93b")
        self.idle_color = QColor(255, 255, 255, 110)
        self._press: QPointF | None = None
        self.buttons = [DotButton(self, index) for index in range(count)]
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_current(self, index: int) -> None:
        self.current = index
        self.update()

    def set_shown(self, indices: list[int]) -> None:
        """The screens that have a dot (those in the rotation)."""
        self.shown = [index for index in range(self.count) if index in set(indices)]
        for index, button in enumerate(self.buttons):
            button.setVisible(index in self.shown)
        self._place_buttons()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.spacing * len(self.shown), max(self.spacing, 96))

    def dot_center(self, index: int) -> QPointF:
        left = (self.width() - self.spacing * len(self.shown)) / 2
        slot = self.shown.index(index) if index in self.shown else index
        return QPointF(left + self.spacing * (slot + 0.5), self.height() / 2)

    def index_at(self, x: float) -> int | None:
        left = (self.width() - self.spacing * len(self.shown)) / 2
        slot = math.floor((x - left) / self.spacing)
        return self.shown[slot] if 0 <= slot < len(self.shown) else None

    def fit_spacing(self, wanted: int) -> None:
        """Dots `wanted` pixels apart, closer only when that many do not fit the width."""
        self.spacing = max(1, min(wanted, self.width() // max(len(self.shown), 1)))
        self._place_buttons()

    def _place_buttons(self) -> None:
        for index in self.shown:
            center = self.dot_center(index)
            self.buttons[index].setGeometry(round(center.x() - self.spacing / 2), 0, self.spacing, self.height())

    def resizeEvent(self, event: object) -> None:
        self._place_buttons()

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
        for index in self.shown:
            center = self.dot_center(index)
            if index == self.current:
                painter.setBrush(self.active_color)
                w, h = self.dot * 2.6, self.dot
                painter.drawRoundedRect(QRectF(center.x() - w / 2, center.y() - h / 2, w, h), h / 2, h / 2)
            else:
                painter.setBrush(self.idle_color)
                painter.drawEllipse(center, self.dot / 2, self.dot / 2)
