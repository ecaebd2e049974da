"""The attract loop's call to action ("Touch to explore"): a pill near the foot of the screen
that gently breathes, with a ripple from a fingertip, over a soft scrim that keeps it legible
on any screen. It takes no input (the attract controller handles the touch that wakes the
exhibit) and animates only while shown, at 20 frames a second at most.

The breathing pill is a small opaque child widget that paints what lies beneath it from a
snapshot (backdrop, screen and scrim, taken when the screen beneath changes), so a frame of the
pill repaints the pill alone. As a transparent widget it made Qt repaint the window, the stage,
the backdrop and the screen's widgets beneath it for every frame: 3.5 ms a frame at 1920x1080,
6 % of a core for the call to action alone. While a transition runs beneath it, the pill is
transparent again, so the screens fade under it as everywhere else.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Text
from kiosk.frames import FrameDriver
from kiosk.style import Style

BREATH_SECONDS = 2.4
# A breath moves the pill by half a pixel in a twentieth of a second: 20 frames a second are as
# smooth as 60 and cost a third. The margin keeps a frame whose timer fired a little early.
FRAME_GAP_SECONDS = 1 / 20 - 0.004


class _Pill(QWidget):
    """The animated part, opaque over its snapshot of what lies beneath (see the module's docstring)."""

    def __init__(self, overlay: InvitationOverlay) -> None:
        super().__init__(overlay)
        self.overlay = overlay
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.beneath: QPixmap | None = None
        self.set_opaque(False)

    def set_opaque(self, opaque: bool) -> None:
        """Opaque over the snapshot, or transparent while the screens beneath move."""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, opaque and self.beneath is not None)

    @property
    def opaque(self) -> bool:
        return self.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.opaque and self.beneath is not None:
            painter.drawPixmap(0, 0, self.beneath)
        painter.translate(-QPointF(self.pos()))
        self.overlay.paint_pill(painter)


class InvitationOverlay(QWidget):
    def __init__(self, stage: QWidget, frames: FrameDriver, call_to_action: Text, reduced_motion: bool = False) -> None:
        super().__init__(stage)
        self.setObjectName("attract-invitation")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.frames = frames
        self.call_to_action = call_to_action
        self.language = ""
        self.reduced_motion = reduced_motion
        self.phase = 0.0  # 0..1 through one breath
        self._token: int | None = None
        self._started_at = 0.0
        self._last_frame = -1.0
        self.pill = _Pill(self)
        transition_finished = getattr(stage, "transition_finished", None)
        if transition_finished is not None:
            transition_finished.connect(self.refresh_beneath)
        self.hide()

    # --- control -------------------------------------------------------------------
    def set_call_to_action(self, text: Text) -> None:
        self.call_to_action = text
        self._place_pill()

    def set_language(self, language: str) -> None:
        self.language = language
        self._place_pill()

    @property
    def text(self) -> str:
        return self.call_to_action.get(self.language) if self.call_to_action else ""

    @property
    def animating(self) -> bool:
        return self._token is not None

    def start(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.phase = 0.0
        self._place_pill()
        if not self.reduced_motion and self._token is None:
            self._started_at = self.frames.clock.now()
            self._token = self.frames.subscribe(self._frame)

    def stop(self) -> None:
        if self._token is not None:
            self.frames.unsubscribe(self._token)
            self._token = None
        self.pill.beneath = None
        self.hide()

    def _frame(self, now: float) -> None:
        if self._stage_moving():
            self.pill.set_opaque(False)
        if now - self._last_frame < FRAME_GAP_SECONDS:
            return
        self._last_frame = now
        self.phase = ((now - self._started_at) / BREATH_SECONDS) % 1.0
        self.pill.update()

    def _stage_moving(self) -> bool:
        return bool(getattr(self.parentWidget(), "transitioning", False))

    # --- what lies beneath the pill ----------------------------------------------------
    def refresh_beneath(self) -> None:
        """Snapshot the backdrop, the screen and the scrim under the pill (after the screen beneath
        changed); the pill is opaque over it from now on."""
        if not self.isVisible() or self._stage_moving():
            return
        self.pill.beneath = self._render_beneath(self.pill.geometry())
        self.pill.set_opaque(True)
        self.pill.update()

    def _render_beneath(self, rect: QRect) -> QPixmap | None:
        stage = self.parentWidget()
        backdrop = getattr(stage, "backdrop", None)
        current_view = getattr(stage, "current_view", None)
        if rect.isEmpty() or backdrop is None or current_view is None:
            return None
        pixmap = QPixmap(rect.size())
        painter = QPainter(pixmap)
        painter.drawPixmap(QPoint(0, 0), backdrop.pixmap(), rect)
        view = current_view()  # it covers the stage: its coordinates are the stage's
        view.render(painter, QPoint(0, 0), QRegion(rect), QWidget.RenderFlag.DrawChildren)
        painter.translate(-QPointF(rect.topLeft()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_scrim(painter, self._style())
        painter.end()
        return pixmap

    def _place_pill(self) -> None:
        reach = self._ripple_reach() + self._style().px(14) + self._style().px(6)  # ripple, halo, breath
        self.pill.setGeometry(self.pill_rect().adjusted(-reach, -reach, reach, reach).intersected(self.rect()))
        self.update()
        self.refresh_beneath()

    # --- geometry ------------------------------------------------------------------
    def _style(self) -> Style:
        return self.parentWidget().style_  # the stage's: scaled to the window

    def _font(self) -> QFont:
        style = self._style()
        return style.font(style.theme.body_px * 1.25, QFont.Weight.Bold, display=True)

    def _ripple_reach(self) -> int:
        return self._style().px(36)

    def pill_rect(self) -> QRect:
        style = self._style()
        metrics = QFontMetrics(self._font())
        icon = style.px(64)
        width = min(self.width() - 2 * style.px(48),
                    metrics.horizontalAdvance(self.text) + icon + style.px(40) + 2 * style.px(56))
        height = max(style.px(96), metrics.height() + 2 * style.px(20))
        bottom_gap = style.px(40)  # where the page dots sit when a visitor is here (hidden in attract mode)
        return QRect((self.width() - width) // 2, self.height() - bottom_gap - height, width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_pill()

    # --- drawing -------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self._paint_scrim(painter, self._style())

    def paint_pill(self, painter: QPainter) -> None:
        """The pill at this point of its breath, in the overlay's coordinates."""
        style = self._style()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pill = QRectF(self.pill_rect())
        breath = 0.5 - 0.5 * math.cos(2 * math.pi * self.phase)  # 0 → 1 → 0, smooth at both ends
        grow = style.px(6) * breath
        shape = pill.adjusted(-grow, -grow / 2, grow, grow / 2)
        glow = style.color("accent", 0.18 + 0.22 * breath)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        halo = style.px(14)
        painter.drawRoundedRect(shape.adjusted(-halo, -halo, halo, halo), (shape.height() + 2 * halo) / 2,
                                (shape.height() + 2 * halo) / 2)
        painter.setBrush(style.color("accent"))
        painter.drawRoundedRect(shape, shape.height() / 2, shape.height() / 2)
        self._paint_fingertip(painter, style, shape)
        painter.setFont(self._font())
        painter.setPen(style.color("background"))
        text_box = shape.adjusted(style.px(56) + style.px(64) + style.px(24), 0, -style.px(48), 0)
        painter.drawText(text_box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text)

    def _paint_scrim(self, painter: QPainter, style: Style) -> None:
        top = self.height() * 0.7
        gradient = QLinearGradient(0, top, 0, self.height())
        gradient.setColorAt(0.0, style.color("background", 0.0))
        gradient.setColorAt(1.0, style.color("background", 0.8))
        painter.fillRect(QRectF(0, top, self.width(), self.height() - top), gradient)

    def _paint_fingertip(self, painter: QPainter, style: Style, pill: QRectF) -> None:
        centre = QPointF(pill.left() + style.px(56) + style.px(32), pill.center().y())
        ink = QColor(style.color("background"))
        painter.setBrush(ink)
        painter.drawEllipse(centre, style.px(14), style.px(14))
        if self.reduced_motion:
            ring = style.px(26)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ink, style.px(4)))
            painter.drawEllipse(centre, ring, ring)
            return
        for offset in (0.0, 0.5):  # two ripples, half a breath apart
            wave = (self.phase + offset) % 1.0
            ripple = QColor(ink)
            ripple.setAlphaF(max(0.0, 1.0 - wave) * 0.9)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(ripple, style.px(4)))
            radius = style.px(16) + wave * style.px(22)
            painter.drawEllipse(centre, radius, radius)
