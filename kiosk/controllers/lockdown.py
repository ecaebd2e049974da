"""Lockdown: in full-screen kiosk mode no visitor can leave the exhibit or reach the desktop.

Quit keys (Escape, Alt+F4, Ctrl+Q, Ctrl+W) and context menus are swallowed for the whole
application, window close requests are refused by the window (see ExhibitWindow.closeEvent),
and the pointer is hidden when the exhibit is touch-only. Only the technician's admin panel
(or the process being stopped) ends the exhibit. In windowed demo mode none of this applies.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QInputDevice, QKeyEvent
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

CURSOR_MODES = ("auto", "hidden", "visible")
_CTRL = Qt.KeyboardModifier.ControlModifier
_ALT = Qt.KeyboardModifier.AltModifier


def is_quit_key(event: QKeyEvent) -> bool:
    key, modifiers = event.key(), event.modifiers()
    return (key == Qt.Key.Key_Escape
            or (key == Qt.Key.Key_F4 and bool(modifiers & _ALT))
            or (key in (Qt.Key.Key_Q, Qt.Key.Key_W) and bool(modifiers & _CTRL)))


def has_touch_screen() -> bool:
    return any(device.type() == QInputDevice.DeviceType.TouchScreen for device in QInputDevice.devices())


def pointer_hidden(mode: str, windowed: bool) -> bool:
    """`hidden` always hides it; `auto` hides it on a full-screen kiosk with a touch screen."""
    if mode == "hidden":
        return True
    if mode == "auto":
        return not windowed and has_touch_screen()
    return False


class Lockdown(QObject):
    """An application event filter; `locked` is False in windowed mode."""

    def __init__(self, locked: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.locked = locked
        self.refused = 0  # quit keys and menus refused, for diagnostics and tests

    def install(self) -> None:
        QApplication.instance().installEventFilter(self)

    def uninstall(self) -> None:
        QApplication.instance().removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        kind = event.type()
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and is_quit_key(event):  # type: ignore[arg-type]
            if kind == QEvent.Type.KeyPress:
                self.refused += 1
                log.info("quit key refused (kiosk lockdown)")
            return True
        if kind == QEvent.Type.ContextMenu:
            self.refused += 1
            return True
        return False


def apply_pointer(mode: str, windowed: bool) -> bool:
    """Hide the pointer for the whole application when it should be; returns whether it is hidden."""
    hidden = pointer_hidden(mode, windowed)
    if hidden and QGuiApplication.overrideCursor() is None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
    elif not hidden:
        while QGuiApplication.overrideCursor() is not None:
            QGuiApplication.restoreOverrideCursor()
    return hidden
