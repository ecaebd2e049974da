"""Swipes and navigation keys, seen once for the whole window.

An application-wide event filter: a horizontal drag that travels far enough is a swipe
(touch is delivered as synthesized mouse events); the press's release is then swallowed
so the control under the finger is not also tapped. Widgets that use horizontal drags
themselves (a chart's scrubber) set the `claims_drag` property to opt out.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

SWIPE_FRACTION = 0.06  # of the window's width

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace}
HOME_KEYS = {Qt.Key.Key_Home}


def _claims_drag(widget: QWidget | None) -> bool:
    while widget is not None:
        if widget.property("claims_drag"):
            return True
        widget = widget.parentWidget()
    return False


def _control_has_focus() -> bool:
    """A control (a widget Tab can reach) has the keyboard focus."""
    focused = QApplication.focusWidget()
    return focused is not None and bool(focused.focusPolicy() & Qt.FocusPolicy.TabFocus)


class GestureFilter(QObject):
    swiped = Signal(int)  # +1: to the next screen (finger moved left), -1: to the previous one
    key_navigated = Signal(str)  # "next" | "previous" | "home"
    touched = Signal()  # any input at all (for idle timers)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._press: QPointF | None = None
        self._target: QWidget | None = None
        self._swiping = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            if not isinstance(watched, QWidget) or watched.window() is not self._window:
                return False
            return self._mouse(watched, kind, event)  # type: ignore[arg-type]
        if kind == QEvent.Type.KeyPress and isinstance(watched, QWidget) and watched.window() is self._window:
            return self._key(event)  # type: ignore[arg-type]
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.Wheel):
            self.touched.emit()
        return False

    def _mouse(self, widget: QWidget, kind: QEvent.Type, event: QMouseEvent) -> bool:
        if kind == QEvent.Type.MouseButtonPress:
            self.touched.emit()
            self._press = event.globalPosition()
            self._target = widget
            self._swiping = False
            return False
        if self._press is None:
            return False
        delta = event.globalPosition() - self._press
        threshold = SWIPE_FRACTION * max(self._window.width(), 1)
        if kind == QEvent.Type.MouseMove:
            if not self._swiping and abs(delta.x()) > threshold and abs(delta.x()) > 1.5 * abs(delta.y()) \
                    and not _claims_drag(self._target):
                self._swiping = True
                cancel = getattr(self._target, "cancel_press", None)
                if callable(cancel):
                    cancel()
            return self._swiping
        # release
        swiping, self._press, self._target, self._swiping = self._swiping, None, None, False
        if swiping:
            self.swiped.emit(1 if delta.x() < 0 else -1)
            return True  # the release belongs to the swipe, not to what is under the finger
        return False

    def _key(self, event: QKeyEvent) -> bool:
        self.touched.emit()
        if _claims_drag(QApplication.focusWidget()):
            return False  # an overlay (the technician's PIN pad) takes the keys itself
        if event.key() == Qt.Key.Key_Space and _control_has_focus():
            return False  # Space presses the focused control (Enter too); with none focused it is "next"
        if event.isAutoRepeat():
            return event.key() in NEXT_KEYS | PREVIOUS_KEYS | HOME_KEYS
        key = Qt.Key(event.key())
        if key in NEXT_KEYS:
            self.key_navigated.emit("next")
        elif key in PREVIOUS_KEYS:
            self.key_navigated.emit("previous")
        elif key in HOME_KEYS:
            self.key_navigated.emit("home")
        else:
            return False
        return True
