"""Real input for the exhibit window, delivered through Qt's event queue.

Events are posted and then processed by the event loop, as a real touch or key would be: an
exception in a handler then goes to sys.excepthook (as in the running kiosk) instead of back into
the test, which is what QTest's direct sendEvent would do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def post_key(window: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    target = QApplication.focusWidget() if QApplication.focusWidget() is not None else window
    if target.window() is not window:
        target = window
    QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    QApplication.postEvent(target, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers))


def _mouse(window: QWidget, kind: QEvent.Type, point: QPoint, button: Qt.MouseButton,
           buttons: Qt.MouseButton) -> None:
    """A mouse event for the widget under `point` (window coordinates), as the window would route it."""
    target = window.childAt(point) or window
    local = QPointF(target.mapFrom(window, point))
    QApplication.postEvent(target, QMouseEvent(kind, local, QPointF(window.mapToGlobal(point)), button, buttons,
                                               NO_MODIFIER))


def post_tap(window: QWidget, point: QPoint) -> None:
    _mouse(window, QEvent.Type.MouseButtonPress, point, LEFT, LEFT)
    _mouse(window, QEvent.Type.MouseButtonRelease, point, LEFT, NO_BUTTON)


def post_swipe(window: QWidget, start: QPoint, end: QPoint, steps: int = 4) -> None:
    """Press, move in `steps`, release. Moves and the release go to the pressed widget (Qt's
    implicit grab), as with a real finger."""
    target = window.childAt(start) or window

    def send(kind: QEvent.Type, point: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton) -> None:
        local = QPointF(target.mapFrom(window, point))
        QApplication.postEvent(target, QMouseEvent(kind, local, QPointF(window.mapToGlobal(point)), button,
                                                   buttons, NO_MODIFIER))

    send(QEvent.Type.MouseButtonPress, start, LEFT, LEFT)
    for step in range(1, steps + 1):
        point = start + (end - start) * step / steps
        send(QEvent.Type.MouseMove, point, NO_BUTTON, LEFT)
    send(QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON)


def deliver() -> None:
    """Run the event loop over what is posted (and what handling it posts in turn), as the kiosk's
    own loop would: unlike processEvents() from the top, a running loop also deletes the objects
    whose deleteLater() was called."""
    for _ in range(2):
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        loop.exec()
