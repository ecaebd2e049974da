"""The hidden gesture that calls the technician's PIN pad: the four corners of the window
tapped in order (top-left, top-right, bottom-right, bottom-left) within five seconds, or
Ctrl+Alt+Shift+A on a keyboard.

An application-wide event filter that only observes: a tap in a corner still reaches the
button under it, so a visitor who happens to touch a corner sees nothing unusual.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.clock import Clock

log = logging.getLogger("kiosk.admin")

CORNER_ORDER = ("top-left", "top-right", "bottom-right", "bottom-left")
SEQUENCE_SECONDS = 5.0
CORNER_FRACTION = 0.07  # of the window's short side
CORNER_MIN_PX = 48
# A second tap soon after the first reaches widgets as a double-click instead of a press (even
# across the screen, for taps synthesized from touch): both are presses here.
PRESS_EVENTS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin)
SHORTCUT_KEY = Qt.Key.Key_A
SHORTCUT_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                      | Qt.KeyboardModifier.ShiftModifier)


def corner_size(width: int, height: int) -> int:
    """The side of each square corner zone, in pixels."""
    return max(CORNER_MIN_PX, round(CORNER_FRACTION * min(width, height)))


def corner_at(point: QPointF, width: int, height: int) -> str | None:
    """Which corner zone of a width×height window holds `point` (window coordinates), if any."""
    side = corner_size(width, height)
    x, y = point.x(), point.y()
    if not (0 <= x < width and 0 <= y < height):
        return None
    left, right = x < side, x >= width - side
    top, bottom = y < side, y >= height - side
    if top and left:
        return "top-left"
    if top and right:
        return "top-right"
    if bottom and right:
        return "bottom-right"
    if bottom and left:
        return "bottom-left"
    return None


class CornerSequence:
    """The corner taps seen so far (plain Python, so the rule is easy to read and test)."""

    def __init__(self) -> None:
        self.steps = 0  # corners of CORNER_ORDER matched so far
        self.started_at = 0.0

    def reset(self) -> None:
        self.steps = 0

    def press(self, corner: str | None, now: float) -> bool:
        """Record one press; True when it completes the sequence."""
        if self.steps and now - self.started_at > SEQUENCE_SECONDS:
            self.steps = 0
        if self.steps and corner == CORNER_ORDER[self.steps - 1]:
            # The same press seen again: Qt hands an unaccepted press to each parent in turn
            # (and a touch may arrive both as TouchBegin and as a synthesized mouse press).
            return False
        if corner == CORNER_ORDER[self.steps]:
            if self.steps == 0:
                self.started_at = now
            self.steps += 1
        else:
            self.steps = 0
            if corner == CORNER_ORDER[0]:  # a wrong corner that is the first one starts afresh
                self.started_at = now
                self.steps = 1
        if self.steps == len(CORNER_ORDER):
            self.steps = 0
            return True
        return False


class CornerGesture(QObject):
    """Emits `triggered` when the corner sequence or the keyboard shortcut is done in `window`."""

    triggered = Signal()

    def __init__(self, window: QWidget, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._clock = clock
        self.sequence = CornerSequence()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in PRESS_EVENTS and kind != QEvent.Type.KeyPress:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False  # another top-level window (or a QWindow): not ours
        if kind == QEvent.Type.KeyPress:
            return self._key(event)  # type: ignore[arg-type]
        if kind != QEvent.Type.TouchBegin:
            mouse: QMouseEvent = event  # type: ignore[assignment]
            if mouse.button() != Qt.MouseButton.LeftButton:
                return False
            position = mouse.globalPosition()
        else:
            touch: QTouchEvent = event  # type: ignore[assignment]
            if not touch.points():
                return False
            position = touch.points()[0].globalPosition()
        self._press(position)
        return False  # observe only: the press goes on to whatever is under it

    def _press(self, global_position: QPointF) -> None:
        window = self._window
        corner = corner_at(window.mapFromGlobal(global_position), window.width(), window.height())
        if self.sequence.press(corner, self._clock.now()):
            log.info("corner gesture completed")
            self.triggered.emit()

    def _key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == SHORTCUT_KEY and modifiers == SHORTCUT_MODIFIERS:
            if not event.isAutoRepeat():
                log.info("admin keyboard shortcut pressed")
                self.triggered.emit()
            return True  # the shortcut is ours: nothing underneath should see it
        return False
