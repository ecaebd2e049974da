"""The technician's PIN pad: a masked display, a phone-style keypad, OK and Cancel.

The pad only collects digits and shows what the controller tells it (wrong PIN, locked, no
PIN set); checking the PIN and counting failures belong to the controller, so a lock-out
outlasts the pad being closed and opened again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QHideEvent, QKeyEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from kiosk.admin.overlay import ERROR_COLOR, Overlay
from kiosk.clock import Clock, clock_speed
from kiosk.content.model import Theme
from kiosk.widgets.controls import PillButton, RoundButton
from kiosk.widgets.text import TextLabel

MAX_DIGITS = 8  # kiosk.pin accepts PINs of 4 to 8 digits
KEY_ROWS = (("1", "2", "3"), ("4", "5", "6"), ("7", "8", "9"), ("clear", "0", "ok"))
KEY_DESIGN_PX = 112  # at 1920x1080; the brief's floor for a touch key is 96
KEY_GAP_DESIGN_PX = 20
CARD_DESIGN_WIDTH = 640  # room for the title and a two-line message beside the 3-key-wide pad
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{digit}"): str(digit) for digit in range(10)}

PROMPT = "Enter the technician PIN"
# Two lines, so the command is never split at its hyphen.
NO_PIN = "No PIN is set.\nSet one with: python main.py set-pin"
DAMAGED_PIN = "The stored PIN cannot be read.\nSet it again with: python main.py set-pin"


def wrong_pin_message(tries_left: int) -> str:
    return f"Wrong PIN. {tries_left} {'try' if tries_left == 1 else 'tries'} left."


def locked_message(seconds_left: float) -> str:
    return f"Locked — try again in {max(1, math.ceil(seconds_left))} s"


class PinDots(QWidget):
    """The masked PIN: one dot per digit typed, in a sunken field."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.count = 0
        self.field = QColor("#0b1420")
        self.dot = QColor("#f3f6fa")
        self.outline = QColor(255, 255, 255, 50)

    def set_count(self, count: int) -> None:
        self.count = count
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = rect.height() / 2
        painter.setPen(self.outline)
        painter.setBrush(self.field)
        painter.drawRoundedRect(rect, radius, radius)
        if not self.count:
            return
        size = rect.height() * 0.22
        step = size * 2.2
        left = rect.center().x() - step * (self.count - 1) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.dot)
        for index in range(self.count):
            painter.drawEllipse(QRectF(left + index * step - size / 2, rect.center().y() - size / 2, size, size))


class PinPad(Overlay):
    submitted = Signal(str)  # the digits, when OK or Enter is pressed with at least one digit
    cancelled = Signal()

    def __init__(self, window: QWidget, theme: Theme, clock: Clock, lock_remaining: Callable[[], float]) -> None:
        super().__init__(window, theme)
        self.setObjectName("admin-pinpad")
        self.setAccessibleName("Technician access")
        self._lock_remaining = lock_remaining
        self._digits = ""
        self.state = "entry"  # "entry" | "locked" | "no_pin"
        self.title = TextLabel(self.card, wrap=False, role="title")
        self.title.setText("Technician access")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = PinDots(self.card)
        self.dots.setObjectName("pin-display")
        self.message = TextLabel(self.card, role="message")
        self.message.setObjectName("pin-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.keys: dict[str, RoundButton] = {}
        for row in KEY_ROWS:
            for name in row:
                self.keys[name] = self._make_key(name)
        self.cancel_button = PillButton("Cancel", self.card)
        self.cancel_button.setObjectName("pin-cancel")
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.tapped.connect(self.cancelled)
        # Counts the lock-out down on screen; runs only while the pad is shown and locked.
        self.lock_timer = QTimer(self)
        self.lock_timer.setObjectName("pin-lock-timer")
        self.lock_timer.setInterval(max(50, round(1000 / clock_speed(clock))))
        self.lock_timer.timeout.connect(self.tick)
        self._message_error = False
        self.show_prompt()
        self.hide()

    def _make_key(self, name: str) -> RoundButton:
        symbol = {"clear": "⌫", "ok": "OK"}.get(name, name)
        key = RoundButton(symbol, self.card)
        key.setObjectName(f"pin-key-{name}" if name.isdigit() else f"pin-{name}")
        key.setAccessibleName({"clear": "Delete last digit", "ok": "OK"}.get(name, name))
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard goes to the pad as a whole
        key.tapped.connect(lambda name=name: self.press(name))
        return key

    # --- what the controller says ----------------------------------------------------
    def start(self, no_pin: bool) -> None:
        """Fresh for a new opening: empty display, and the right message for the state."""
        self._set_digits("")
        if no_pin:
            self.show_no_pin()
        elif self._lock_remaining() > 0:
            self.lock()
        else:
            self.show_prompt()

    def show_prompt(self) -> None:
        self._set_state("entry")
        self._set_message(PROMPT, error=False)

    def reject(self, tries_left: int) -> None:
        self._set_digits("")
        self._set_state("entry")
        self._set_message(wrong_pin_message(tries_left), error=True)

    def lock(self) -> None:
        self._set_digits("")
        self._set_state("locked")
        self._set_message(locked_message(self._lock_remaining()), error=True)
        if self.isVisible():
            self.lock_timer.start()

    def show_no_pin(self, message: str = NO_PIN) -> None:
        self._set_digits("")
        self._set_state("no_pin")
        self._set_message(message, error=False)

    def tick(self) -> None:
        """Once a second while locked: count down, and unlock when the time is up."""
        if self.state != "locked":
            self.lock_timer.stop()
            return
        remaining = self._lock_remaining()
        if remaining > 0:
            self._set_message(locked_message(remaining), error=True)
            return
        self.lock_timer.stop()
        self.show_prompt()

    # --- entry -------------------------------------------------------------------------
    @property
    def entered_length(self) -> int:
        """How many digits are on the display (the digits themselves stay private)."""
        return len(self._digits)

    def press(self, name: str) -> None:
        """A key of the pad: a digit, "clear" (delete the last digit) or "ok"."""
        if self.state != "entry":
            return
        if name.isdigit():
            if len(self._digits) < MAX_DIGITS:
                self._set_digits(self._digits + name)
        elif name == "clear":
            self._set_digits(self._digits[:-1])
        elif name == "ok" and self._digits:
            pin, self._digits = self._digits, ""
            self.dots.set_count(0)
            self.submitted.emit(pin)

    def handle_key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.cancelled.emit()
        elif key in DIGIT_KEYS:
            self.press(DIGIT_KEYS[key])
        elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.press("clear")
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("ok")

    def _set_digits(self, digits: str) -> None:
        self._digits = digits
        self.dots.set_count(len(digits))

    def _set_state(self, state: str) -> None:
        self.state = state
        if state != "locked":
            self.lock_timer.stop()
        for key in self.keys.values():
            key.setEnabled(state == "entry")
        self._style_keys()

    def _set_message(self, text: str, error: bool) -> None:
        self._message_error = error
        self.message.setText(text)
        self.message.apply(self.message.font(), self._message_color())

    def _message_color(self) -> QColor:
        return QColor(ERROR_COLOR) if self._message_error else self.style_.color("muted")

    # --- looks -------------------------------------------------------------------------
    def restyle(self) -> None:
        style = self.style_
        self.title.apply(style.font(56, QFont.Weight.Bold, display=True), style.color("text"))
        self.message.apply(style.font(style.theme.caption_px + 2), self._message_color())
        self.dots.field = style.color("background", 0.8)
        self.dots.dot = style.color("accent")
        self._style_keys()
        self.style_pill(self.cancel_button)

    def _style_keys(self) -> None:
        style = self.style_
        enabled = self.state == "entry"
        for name, key in self.keys.items():
            key.font_ = (style.font(30, QFont.Weight.DemiBold) if name == "ok"
                         else style.font(40 if name == "clear" else 46, QFont.Weight.Normal, display=name != "clear"))
            key.fill = style.color("background", 0.75 if enabled else 0.35)
            key.ring = QColor(255, 255, 255, 70 if enabled else 25)
            key.ink = style.color("text", 1.0 if enabled else 0.3)
            key.active = name == "ok" and enabled
            key.fill_active = style.color("accent")
            key.ink_active = style.color("background")
            key.update()

    def relayout(self) -> None:
        style = self.style_
        key, gap = style.px(KEY_DESIGN_PX), style.px(KEY_GAP_DESIGN_PX)
        pad = style.px(52)
        inner = 3 * key + 2 * gap
        width = max(inner + 2 * pad, style.px(CARD_DESIGN_WIDTH))
        title_h = style.px(72)
        dots_h = style.px(84)
        message_h = self.message.fontMetrics().lineSpacing() * 2 + style.px(8)
        keys_h = 4 * key + 3 * gap
        cancel_h = self.cancel_button.sizeHint().height()
        heights = [pad, title_h, style.px(20), dots_h, style.px(16), message_h, style.px(20), keys_h,
                   style.px(32), cancel_h, pad]
        self.card.setGeometry(self.card_rect(width, sum(heights)))
        left = (self.card.width() - inner) // 2
        y = pad
        self.title.setGeometry(QRect(0, y, self.card.width(), title_h))
        y += title_h + style.px(20)
        self.dots.setGeometry(left, y, inner, dots_h)
        y += dots_h + style.px(16)
        self.message.setGeometry(pad // 2, y, self.card.width() - pad, message_h)
        y += message_h + style.px(20)
        for row_index, row in enumerate(KEY_ROWS):
            for column, name in enumerate(row):
                self.keys[name].setGeometry(left + column * (key + gap), y + row_index * (key + gap), key, key)
        y += keys_h + style.px(32)
        self.cancel_button.setGeometry(left, y, inner, cancel_h)

    # --- timers follow visibility ----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.state == "locked":
            self.tick()
            if self.state == "locked":
                self.lock_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.lock_timer.stop()
        super().hideEvent(event)
