"""The technician's way in: corner gesture → PIN pad → admin panel, and the way out.

The controller owns the state that must outlive an overlay (failed PINs and the lock-out),
checks the PIN, runs the panel's actions, and while anything is open routes every key
pressed in the window to the open overlay, so the stage's navigation keys (Backspace is
"previous screen") cannot act behind it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.admin.corners import CornerGesture
from kiosk.admin.overlay import Overlay
from kiosk.admin.panel import AdminAction, AdminPanel, Diagnostics
from kiosk.admin.pinpad import DAMAGED_PIN, PinPad
from kiosk.clock import Clock
from kiosk.content.model import Theme
from kiosk.pin import verify_pin

log = logging.getLogger("kiosk.admin")

MAX_WRONG_PINS = 3
LOCK_SECONDS = 60.0
INPUT_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
                QEvent.Type.KeyPress, QEvent.Type.Wheel}


class PinLockout:
    """Wrong PINs in a row, and the lock they lead to (plain Python, read with the clock)."""

    def __init__(self, max_wrong: int = MAX_WRONG_PINS, lock_seconds: float = LOCK_SECONDS) -> None:
        self.max_wrong = max_wrong
        self.lock_seconds = lock_seconds
        self.wrong = 0
        self.locked_until: float | None = None

    def remaining(self, now: float) -> float:
        """Seconds until the pad unlocks; 0 when it is not locked."""
        self._expire(now)
        return 0.0 if self.locked_until is None else self.locked_until - now

    def record_wrong(self, now: float) -> bool:
        """One more wrong PIN; True when it locks the pad."""
        self._expire(now)
        self.wrong += 1
        if self.wrong >= self.max_wrong:
            self.locked_until = now + self.lock_seconds
            return True
        return False

    def record_right(self) -> None:
        self.wrong = 0
        self.locked_until = None

    @property
    def tries_left(self) -> int:
        return self.max_wrong - self.wrong

    def _expire(self, now: float) -> None:
        if self.locked_until is not None and now >= self.locked_until:
            self.locked_until = None
            self.wrong = 0  # a served lock-out starts a fresh count


class AdminController(QObject):
    opened = Signal()  # the PIN pad appeared (from nothing open)
    closed = Signal()  # the pad or the panel went away and the exhibit is back

    def __init__(self, window: QWidget, clock: Clock, pin_hash: Callable[[], str | None],
                 diagnostics: Diagnostics, actions: list[AdminAction],
                 parent: QObject | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._clock = clock
        self._pin_hash = pin_hash
        self._actions = {action.name: action for action in actions}
        self._mode = "closed"  # "closed" | "pad" | "panel"
        self.lockout = PinLockout()
        theme = theme or Theme()
        self.corners = CornerGesture(window, clock, self)
        self.corners.triggered.connect(self.open_pad)
        self.pad = PinPad(window, theme, clock, lambda: self.lockout.remaining(self._clock.now()))
        self.pad.submitted.connect(self._check_pin)
        self.pad.cancelled.connect(self.close)
        self.panel = AdminPanel(window, theme, clock, diagnostics, actions)
        self.panel.action_chosen.connect(self.run_action)
        self.panel.close_requested.connect(self.close)
        self.panel.timed_out.connect(self._panel_timed_out)

    # --- the lead's API --------------------------------------------------------------------
    def install(self) -> None:
        """Watch the whole application for the corner gesture, and for keys while open.

        Call it after the stage installed its gestures: the filter installed last sees events
        first, and keys meant for the PIN pad must reach it before the stage's navigation.
        """
        app = QApplication.instance()
        if app is None:
            raise RuntimeError("AdminController.install() needs a QApplication")
        app.installEventFilter(self.corners)
        app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.corners)
            app.removeEventFilter(self)

    @property
    def is_open(self) -> bool:
        return self._mode != "closed"

    @property
    def mode(self) -> str:
        """"closed", "pad" or "panel"."""
        return self._mode

    def open_pad(self) -> None:
        if self._mode != "closed":
            return  # already open: a second gesture changes nothing
        self._mode = "pad"
        self.pad.start(no_pin=self._pin_hash() is None)
        self.pad.present()
        log.info("PIN pad opened%s", " (no PIN is set)" if self.pad.state == "no_pin" else "")
        self.opened.emit()

    def close(self) -> None:
        if self._mode == "closed":
            return
        self._mode = "closed"
        self.pad.hide()
        self.panel.hide()
        self._window.setFocus(Qt.FocusReason.OtherFocusReason)
        log.info("admin access closed")
        self.closed.emit()

    def run_action(self, name: str) -> None:
        action = self._actions.get(name)
        if action is None or self._mode != "panel":
            return
        log.info("admin action: %s", name)
        try:
            action.run()
        except Exception as exc:  # shown to the technician and logged; the exhibit carries on
            log.exception("admin action %s failed", name)
            self.panel.show_status(f"{action.label} failed: {exc}", error=True)
        else:
            self.panel.show_status(f"{action.label}: done")
        if self._mode == "panel":
            self.panel.raise_()  # a reload may have put a new stage on top of it

    # --- PIN -------------------------------------------------------------------------------
    def _check_pin(self, pin: str) -> None:
        now = self._clock.now()
        if self.lockout.remaining(now) > 0:
            self.pad.lock()
            return
        stored = self._pin_hash()
        if stored is None:
            self.pad.show_no_pin()
            return
        try:
            right = verify_pin(pin, stored)
        except ValueError:
            log.error("the stored PIN hash cannot be read; set the PIN again with: python main.py set-pin")
            self.pad.show_no_pin(DAMAGED_PIN)
            return
        if right:
            self.lockout.record_right()
            self._open_panel()
            return
        locked = self.lockout.record_wrong(now)
        log.warning("wrong PIN entered (%d of %d in a row)", self.lockout.wrong, self.lockout.max_wrong)
        if locked:
            log.warning("PIN pad locked for %.0f s after %d wrong PINs", self.lockout.lock_seconds,
                        self.lockout.max_wrong)
            self.pad.lock()
        else:
            self.pad.reject(self.lockout.tries_left)

    def _open_panel(self) -> None:
        self._mode = "panel"
        self.pad.hide()
        self.panel.present()
        log.info("admin panel opened")

    def _panel_timed_out(self) -> None:
        log.info("admin panel closed after %.0f s without input", self._clock.now() - self.panel.last_input)
        self.close()

    # --- input while open ---------------------------------------------------------------------
    def _open_overlay(self) -> Overlay:
        return self.panel if self._mode == "panel" else self.pad

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._mode == "closed" or event.type() not in INPUT_EVENTS:
            return False
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        self.panel.note_input()
        if event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            self._open_overlay().handle_key(key_event)
            return True  # nothing behind the overlay sees keys while it is open
        return False
