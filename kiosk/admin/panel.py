"""The admin panel the right PIN opens: big action buttons, Close, and a diagnostics table that
refreshes every second while the panel is shown. It closes itself after two minutes without
input, so a technician who walks away does not leave the exhibit open to the next visitor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QShowEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from kiosk.admin.overlay import ERROR_COLOR, Overlay
from kiosk.clock import Clock, clock_speed
from kiosk.content.model import Theme
from kiosk.widgets.controls import PillButton
from kiosk.widgets.text import TextLabel

log = logging.getLogger("kiosk.admin")

IDLE_CLOSE_SECONDS = 120.0
MAX_VALUE_LINES = 6  # lines one diagnostic may take (the last errors); more are summarised
Diagnostics = Callable[[], list[tuple[str, str]]]


@dataclass(frozen=True)
class AdminAction:
    name: str  # "exit" | "reload" | "toggle_window" | ...: names the button (admin-action-<name>) and the log line
    label: str  # button text, e.g. "Exit exhibit"
    run: Callable[[], None]


def wrap_text(text: str, font: QFont, width: int, max_lines: int) -> list[str]:
    """`text` broken into lines no wider than `width` (at words, or anywhere in a long word),
    at most `max_lines` of them. Each line of `text` (one error, say) starts a new line and gets
    an equal share of the room; what does not fit ends in an ellipsis or a "… N more" line."""
    metrics = QFontMetrics(font)
    paragraphs = text.splitlines() or [""]
    shown = paragraphs if len(paragraphs) <= max_lines else paragraphs[:max_lines - 1]
    share = max(1, max_lines // len(shown))
    lines: list[str] = []
    for paragraph in shown:
        wrapped = _wrap_paragraph(paragraph, font, width)
        if len(wrapped) > share:
            rest = " ".join(wrapped[share - 1:])
            wrapped = [*wrapped[:share - 1], metrics.elidedText(rest + " …", Qt.TextElideMode.ElideRight, width)]
        lines.extend(wrapped)
    if len(shown) < len(paragraphs):
        lines.append(f"… {len(paragraphs) - len(shown)} more")
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


def _wrap_paragraph(paragraph: str, font: QFont, width: int) -> list[str]:
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout = QTextLayout(paragraph, font)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(paragraph[line.textStart():line.textStart() + line.textLength()].rstrip())
    layout.endLayout()
    return lines or [""]


class DiagnosticsTable(QWidget):
    """Label/value rows drawn inside the widget's rectangle: long values wrap, then are cut
    with an ellipsis, and rows that do not fit are left out with a note, so nothing spills."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []
        self.label_font = QFont()
        self.value_font = QFont()
        self.label_color = QColor("#a8b6c8")
        self.value_color = QColor("#f3f6fa")
        self.rule_color = QColor(255, 255, 255, 30)
        self.row_gap = 16
        self.placed: list[tuple[int, str, list[str]]] = []  # (top, label, value lines) as drawn
        self.hidden_rows = 0

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        if rows != self.rows:
            self.rows = rows
            self._place()
            self.update()

    def label_width(self) -> int:
        return round(self.width() * 0.34)

    def value_width(self) -> int:
        return max(1, self.width() - self.label_width() - self.row_gap)

    def _place(self) -> None:
        line_height = QFontMetrics(self.value_font).lineSpacing()
        self.placed, self.hidden_rows, top = [], 0, 0
        reserve = line_height  # room for the "N more" note should rows be left out
        for index, (label, value) in enumerate(self.rows):
            lines = wrap_text(value, self.value_font, self.value_width(), MAX_VALUE_LINES)
            height = max(1, len(lines)) * line_height
            last = index == len(self.rows) - 1
            if top + height > self.height() - (0 if last else reserve):
                self.hidden_rows = len(self.rows) - index
                break
            self.placed.append((top, label, lines))
            top += height + self.row_gap

    def resizeEvent(self, event: object) -> None:
        self._place()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        line_height = QFontMetrics(self.value_font).lineSpacing()
        label_width, value_left = self.label_width(), self.label_width() + self.row_gap
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        label_metrics = QFontMetrics(self.label_font)
        for index, (top, label, lines) in enumerate(self.placed):
            if index:
                painter.setPen(self.rule_color)
                painter.drawLine(0, top - self.row_gap // 2, self.width(), top - self.row_gap // 2)
            painter.setFont(self.label_font)
            painter.setPen(self.label_color)
            shown = label_metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(QRectF(0, top, label_width, line_height), flags | Qt.AlignmentFlag.AlignVCenter, shown)
            painter.setFont(self.value_font)
            painter.setPen(self.value_color)
            for number, line in enumerate(lines):
                painter.drawText(QRectF(value_left, top + number * line_height, self.value_width(), line_height),
                                 flags | Qt.AlignmentFlag.AlignVCenter, line)
        if self.hidden_rows:
            top = self.placed[-1][0] + len(self.placed[-1][2]) * line_height + self.row_gap if self.placed else 0
            painter.setFont(self.label_font)
            painter.setPen(self.label_color)
            painter.drawText(QRectF(0, top, self.width(), line_height), flags,
                             f"… {self.hidden_rows} more (see the log file)")


class AdminPanel(Overlay):
    action_chosen = Signal(str)  # an AdminAction's name
    close_requested = Signal()
    timed_out = Signal()  # IDLE_CLOSE_SECONDS without input

    def __init__(self, window: QWidget, theme: Theme, clock: Clock, diagnostics: Diagnostics,
                 actions: list[AdminAction]) -> None:
        super().__init__(window, theme)
        self.setObjectName("admin-panel")
        self.setAccessibleName("Technician panel")
        self._clock = clock
        self._diagnostics = diagnostics
        self.last_input = clock.now()
        self.title = TextLabel(self.card, wrap=False, role="title")
        self.title.setText("Technician panel")
        self.status = TextLabel(self.card, role="status")
        self.status.setObjectName("admin-status")
        self._status_error = False
        self.buttons: dict[str, PillButton] = {}
        for action in actions:
            button = PillButton(action.label, self.card)
            button.setObjectName(f"admin-action-{action.name}")
            button.tapped.connect(lambda name=action.name: self.action_chosen.emit(name))
            self.buttons[action.name] = button
        self.close_button = PillButton("Close", self.card)
        self.close_button.setObjectName("admin-close")
        self.close_button.tapped.connect(self.close_requested)
        self.table_heading = TextLabel(self.card, wrap=False, role="kicker")
        self.table_heading.setText("DIAGNOSTICS")
        self.table = DiagnosticsTable(self.card)
        self.table.setObjectName("admin-diagnostics")
        # Refreshes the table and checks for idleness; runs only while the panel is shown.
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setObjectName("admin-refresh-timer")
        self.refresh_timer.setInterval(max(50, round(1000 / clock_speed(clock))))
        self.refresh_timer.timeout.connect(self.tick)
        self.hide()

    # --- state -------------------------------------------------------------------------
    def present(self) -> None:
        self.last_input = self._clock.now()
        self.show_status("")
        self.refresh()
        super().present()

    def note_input(self) -> None:
        """Someone touched or typed: the idle countdown starts again."""
        self.last_input = self._clock.now()

    def tick(self) -> None:
        """Once a second while shown: new diagnostics, and close when idle too long."""
        if self._clock.now() - self.last_input >= IDLE_CLOSE_SECONDS:
            self.refresh_timer.stop()
            self.timed_out.emit()
            return
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = [(str(label), str(value)) for label, value in self._diagnostics()]
        except Exception as exc:  # a broken probe must not take the panel down with it
            log.exception("diagnostics failed")
            rows = [("Diagnostics", f"could not be read: {exc}")]
        self.table.set_rows(rows)

    def show_status(self, text: str, error: bool = False) -> None:
        self._status_error = error
        self.status.setText(text)
        self.status.apply(self.status.font(), self._status_color())

    def _status_color(self) -> QColor:
        return QColor(ERROR_COLOR) if self._status_error else self.style_.color("accent")

    def handle_key(self, event: QKeyEvent) -> None:
        """Escape closes; Tab / arrows move between the buttons (a focus ring shows which);
        Enter or Space presses the focused one. Nothing is focused at first, so the Enter
        that submitted the PIN cannot press a button by repeating."""
        key = event.key()
        order: list[PillButton] = [*self.buttons.values(), self.close_button]
        focused = next((index for index, button in enumerate(order) if button.hasFocus()), None)
        if key == Qt.Key.Key_Escape:
            self.close_requested.emit()
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Down, Qt.Key.Key_Backtab, Qt.Key.Key_Up):
            step = -1 if key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up) else 1
            start = (-1 if step > 0 else 0) if focused is None else focused
            order[(start + step) % len(order)].setFocus(Qt.FocusReason.TabFocusReason)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and focused is not None \
                and not event.isAutoRepeat():
            order[focused].tapped.emit()

    # --- looks -------------------------------------------------------------------------
    def restyle(self) -> None:
        style = self.style_
        self.title.apply(style.font(56, QFont.Weight.Bold, display=True), style.color("text"))
        self.status.apply(style.font(style.theme.caption_px), self._status_color())
        self.table_heading.apply(style.kicker_font(), style.color("accent"))
        for button in self.buttons.values():
            self.style_pill(button)
            button.align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.style_pill(self.close_button, primary=True)
        self.table.label_font = style.font(style.theme.caption_px + 2)
        self.table.value_font = style.font(style.theme.caption_px + 2, QFont.Weight.DemiBold)
        self.table.label_color = style.color("muted")
        self.table.value_color = style.color("text")
        self.table.row_gap = style.px(18)

    def relayout(self) -> None:
        """Landscape: actions in a column on the left with Close at its foot, diagnostics on the
        right. Portrait: actions in two columns on top, diagnostics below, Close across the foot."""
        style = self.style_
        portrait = style.portrait
        card = self.card_rect(style.px(1040 if portrait else 1640), style.px(1760 if portrait else 940))
        self.card.setGeometry(card)
        pad = style.px(56)
        inner = QRect(pad, pad, card.width() - 2 * pad, card.height() - 2 * pad)
        title_h = style.px(72)
        self.title.setGeometry(inner.left(), inner.top(), inner.width(), title_h)
        body = inner.adjusted(0, title_h + style.px(32), 0, 0)
        button_h = self.close_button.sizeHint().height()
        self.close_button.setGeometry(body.left(), body.bottom() - button_h + 1,
                                      body.width() if portrait else style.px(540), button_h)
        if portrait:
            actions_bottom = self._place_actions(body.left(), body.top(), body.width(), columns=2)
            table_box = QRect(body.left(), actions_bottom + style.px(40), body.width(),
                              self.close_button.y() - style.px(40) - actions_bottom - style.px(40))
        else:
            column = style.px(540)
            self._place_actions(body.left(), body.top(), column, columns=1)
            table_box = body.adjusted(column + style.px(72), 0, 0, 0)
        heading_h = self.table_heading.sizeHint().height()
        self.table_heading.setGeometry(table_box.left(), table_box.top(), table_box.width(), heading_h)
        self.table.setGeometry(table_box.adjusted(0, heading_h + style.px(20), 0, 0))

    def _place_actions(self, left: int, top: int, width: int, columns: int) -> int:
        """The action buttons in a grid from (left, top), the status line under them; returns
        the status line's bottom."""
        gap = self.style_.px(20)
        height = self.close_button.sizeHint().height()
        button_w = (width - (columns - 1) * gap) // columns
        for index, button in enumerate(self.buttons.values()):
            row, column = divmod(index, columns)
            button.setGeometry(left + column * (button_w + gap), top + row * (height + gap), button_w, height)
        rows = -(-len(self.buttons) // columns)
        status_top = top + rows * (height + gap)
        status_h = self.status.fontMetrics().lineSpacing() * 2
        self.status.setGeometry(left, status_top, width, status_h)
        return status_top + status_h

    # --- timers follow visibility ----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        self.refresh_timer.stop()
        super().hideEvent(event)
