"""Technician access with real widgets: the corner gesture through the real event filter, the PIN
pad with a real PBKDF2 hash, the lock-out and the panel's idle close on a ManualClock."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.admin import AdminAction, AdminController
from kiosk.admin.corners import CornerSequence, corner_at, corner_size
from kiosk.admin.panel import IDLE_CLOSE_SECONDS, MAX_VALUE_LINES, AdminPanel
from kiosk.admin.pinpad import DAMAGED_PIN, NO_PIN, PinPad
from kiosk.clock import ManualClock
from kiosk.gestures import GestureFilter
from kiosk.pin import hash_pin
from kiosk.widgets.text import label_overflows

PIN = "2468"
LEFT = Qt.MouseButton.LeftButton


def corner_point(window: QWidget, corner: str) -> QPoint:
    """The middle of a corner zone, in window coordinates."""
    inset = corner_size(window.width(), window.height()) // 2
    return QPoint(inset if "left" in corner else window.width() - inset,
                  inset if "top" in corner else window.height() - inset)


class Underneath(QWidget):
    """Stands in for the stage: fills the window and counts the presses it receives."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.presses: list[QPoint] = []

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.presses.append(event.position().toPoint())
        event.accept()


@dataclass
class Kiosk:
    window: QWidget
    underneath: Underneath
    controller: AdminController
    clock: ManualClock
    stored: str | None
    calls: list[str] = field(default_factory=list)
    navigated: list[str] = field(default_factory=list)
    swiped: list[int] = field(default_factory=list)
    opened: int = 0
    closed: int = 0
    diagnostics: list[tuple[str, str]] = field(default_factory=list)

    @property
    def pad(self) -> PinPad:
        return self.controller.pad

    @property
    def panel(self) -> AdminPanel:
        return self.controller.panel

    def corner_point(self, corner: str) -> QPoint:
        return corner_point(self.window, corner)

    def tap_corners(self, *corners: str, seconds_between: float = 0.5) -> None:
        for index, corner in enumerate(corners):
            if index:
                self.clock.advance(seconds_between)
            QTest.mouseClick(self.underneath, LEFT, Qt.KeyboardModifier.NoModifier, self.corner_point(corner))

    def tap(self, name: str) -> None:
        widget = self.window.findChild(QWidget, name)
        assert widget is not None, f"no widget named {name}"
        assert widget.isVisible(), f"{name} is not shown"
        QTest.mouseClick(widget, LEFT, Qt.KeyboardModifier.NoModifier, widget.rect().center())

    def enter_pin(self, pin: str) -> None:
        for digit in pin:
            self.tap(f"pin-key-{digit}")
        self.tap("pin-ok")


@pytest.fixture(scope="module")
def stored_hash() -> str:
    return hash_pin(PIN)  # PBKDF2 takes a moment: once for the module


@pytest.fixture
def make_kiosk(qtbot, manual_clock, exhibit, stored_hash):
    app = QApplication.instance()
    filters: list[object] = []

    def make(size: tuple[int, int] = (1920, 1080), stored: str | None = stored_hash,
             failing_action: bool = False) -> Kiosk:
        window = QWidget()
        window.setObjectName("test-window")
        qtbot.addWidget(window)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.resize(*size)
        underneath = Underneath(window)
        underneath.setGeometry(window.rect())
        # The stage's swipe and navigation-key filter goes in first, as in the real window.
        gestures = GestureFilter(window)
        app.installEventFilter(gestures)
        kiosk = Kiosk(window, underneath, None, manual_clock, stored)  # type: ignore[arg-type]
        gestures.key_navigated.connect(kiosk.navigated.append)
        gestures.swiped.connect(kiosk.swiped.append)
        kiosk.diagnostics = [("Program version", "0.1.0"), ("Uptime", "0 s")]

        def fail() -> None:
            raise OSError("content/exhibit.yaml: permission denied")

        actions = [AdminAction("exit", "Exit exhibit", lambda: kiosk.calls.append("exit")),
                   AdminAction("reload", "Reload content", fail if failing_action else lambda: kiosk.calls.append(
                       "reload")),
                   AdminAction("toggle_window", "Switch to a window", lambda: kiosk.calls.append("toggle_window"))]
        controller = AdminController(window, manual_clock, lambda: kiosk.stored, lambda: list(kiosk.diagnostics),
                                     actions, theme=exhibit.theme)
        controller.install()
        kiosk.controller = controller
        controller.opened.connect(lambda: setattr(kiosk, "opened", kiosk.opened + 1))
        controller.closed.connect(lambda: setattr(kiosk, "closed", kiosk.closed + 1))
        filters.extend([gestures, controller])
        window.show()
        return kiosk

    yield make
    for installed in filters:
        if isinstance(installed, AdminController):
            installed.uninstall()
        else:
            app.removeEventFilter(installed)


def open_panel(kiosk: Kiosk) -> None:
    kiosk.controller.open_pad()
    kiosk.enter_pin(PIN)
    assert kiosk.controller.mode == "panel"


# --- the corner gesture -----------------------------------------------------------------------------

def test_corner_zone_is_seven_percent_of_the_short_side_and_at_least_48px():
    assert corner_size(1920, 1080) == 76
    assert corner_size(1080, 1920) == 76
    assert corner_size(3840, 2160) == 151
    assert corner_size(640, 480) == 48
    assert corner_at(QPointF(10, 10), 1920, 1080) == "top-left"
    assert corner_at(QPointF(1915, 1075), 1920, 1080) == "bottom-right"
    assert corner_at(QPointF(80, 10), 1920, 1080) is None
    assert corner_at(QPointF(960, 540), 1920, 1080) is None


def test_the_four_corners_in_order_open_the_pad_and_still_reach_the_screen(make_kiosk):
    kiosk = make_kiosk()
    kiosk.tap_corners("top-left", "top-right", "bottom-right", "bottom-left")
    assert kiosk.controller.is_open
    assert kiosk.opened == 1
    pad = kiosk.window.findChild(QWidget, "admin-pinpad")
    assert pad is kiosk.pad and pad.isVisible()
    assert pad.geometry() == kiosk.window.rect()
    assert kiosk.window.focusWidget() is pad
    # The gesture only watches: each corner tap also reached the widget under it.
    assert len(kiosk.underneath.presses) == 4


def test_finger_taps_on_a_widget_that_ignores_presses_count_once_each(make_kiosk):
    """A touch arrives as TouchBegin (to the QWindow) and a synthesized mouse press, which Qt
    passes on to each parent while nobody accepts it, so the filter sees each tap several times;
    and quick taps reach widgets as double-clicks, not presses."""
    kiosk = make_kiosk()
    ignoring = QWidget(kiosk.window)  # a plain QWidget ignores presses, like a picture or a label
    ignoring.setGeometry(kiosk.window.rect())
    ignoring.show()
    device = QTest.createTouchDevice()
    for corner in ("top-left", "top-right", "bottom-right", "bottom-left"):
        point = kiosk.corner_point(corner)
        QTest.touchEvent(kiosk.window, device).press(0, point, kiosk.window).commit()
        QTest.touchEvent(kiosk.window, device).release(0, point, kiosk.window).commit()
        kiosk.clock.advance(0.4)
    assert kiosk.controller.is_open


@pytest.mark.parametrize("corners", [
    ("top-right", "top-left", "bottom-right", "bottom-left"),
    ("top-left", "top-right", "bottom-left", "bottom-right"),
    ("top-left", "top-right", "middle", "bottom-right", "bottom-left"),
], ids=["wrong-start", "wrong-order", "tap-elsewhere"])
def test_a_wrong_order_or_a_tap_elsewhere_does_not_open(make_kiosk, corners):
    kiosk = make_kiosk()
    for corner in corners:
        point = kiosk.window.rect().center() if corner == "middle" else kiosk.corner_point(corner)
        QTest.mouseClick(kiosk.underneath, LEFT, Qt.KeyboardModifier.NoModifier, point)
    assert not kiosk.controller.is_open
    assert not kiosk.pad.isVisible()


def test_just_outside_the_corner_zone_does_not_count(make_kiosk):
    kiosk = make_kiosk()
    side = corner_size(1920, 1080)
    kiosk.tap_corners("top-left", "top-right", "bottom-right")
    QTest.mouseClick(kiosk.underneath, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(side + 2, 1080 - side // 2))
    assert not kiosk.controller.is_open


def test_too_slow_does_not_open_but_a_fresh_sequence_does(make_kiosk):
    kiosk = make_kiosk()
    kiosk.tap_corners("top-left", "top-right", "bottom-right")
    kiosk.clock.advance(6)
    kiosk.tap_corners("bottom-left")
    assert not kiosk.controller.is_open
    kiosk.tap_corners("top-left", "top-right", "bottom-right", "bottom-left", seconds_between=1.6)  # 4.8 s
    assert kiosk.controller.is_open


def test_sequence_rules_in_plain_python():
    sequence = CornerSequence()
    # A press seen twice (Qt passes an unaccepted press to each parent) is one press.
    assert not any(sequence.press(corner, 0.0) for corner in ("top-left", "top-left", "top-right", "top-right"))
    assert not sequence.press("bottom-right", 1.0)
    assert sequence.press("bottom-left", 2.0)
    assert sequence.steps == 0
    # A wrong corner that is the first corner starts a new sequence there.
    for corner in ("top-left", "top-right", "top-left", "top-right", "bottom-right"):
        assert not sequence.press(corner, 3.0)
    assert sequence.press("bottom-left", 3.5)


def test_keyboard_shortcut_opens_the_pad_and_is_not_passed_on(make_kiosk):
    kiosk = make_kiosk()
    QTest.keyClick(kiosk.underneath, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert not kiosk.controller.is_open
    modifiers = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(kiosk.underneath, Qt.Key.Key_A, modifiers)
    assert kiosk.controller.is_open and kiosk.pad.isVisible()


def test_other_windows_are_ignored(make_kiosk, qtbot):
    kiosk = make_kiosk()
    other = QWidget()
    qtbot.addWidget(other)
    other.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    other.resize(1920, 1080)
    other.show()
    for corner in ("top-left", "top-right", "bottom-right", "bottom-left"):
        QTest.mouseClick(other, LEFT, Qt.KeyboardModifier.NoModifier, kiosk.corner_point(corner))
    assert not kiosk.controller.is_open


# --- the PIN pad ----------------------------------------------------------------------------------------

def test_right_pin_opens_the_panel_and_an_action_runs(make_kiosk, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.admin")
    kiosk = make_kiosk()
    kiosk.controller.open_pad()
    assert kiosk.pad.message.text() == "Enter the technician PIN"
    kiosk.enter_pin(PIN)
    assert kiosk.controller.mode == "panel"
    assert not kiosk.pad.isVisible()
    panel = kiosk.window.findChild(QWidget, "admin-panel")
    assert panel is kiosk.panel and panel.isVisible()
    assert kiosk.window.focusWidget() is panel
    kiosk.tap("admin-action-reload")
    assert kiosk.calls == ["reload"]
    assert kiosk.panel.status.text() == "Reload content: done"
    assert kiosk.controller.is_open, "an action leaves the panel open"
    kiosk.tap("admin-action-exit")
    assert kiosk.calls == ["reload", "exit"]
    kiosk.tap("admin-close")
    assert not kiosk.controller.is_open and not panel.isVisible()
    assert kiosk.closed == 1
    assert kiosk.window.focusWidget() is kiosk.window
    messages = [record.getMessage() for record in caplog.records if record.name == "kiosk.admin"]
    for expected in ("PIN pad opened", "admin panel opened", "admin action: reload", "admin action: exit"):
        assert expected in messages


def test_a_failing_action_is_reported_on_the_panel(make_kiosk, caplog):
    kiosk = make_kiosk(failing_action=True)
    open_panel(kiosk)
    with caplog.at_level(logging.ERROR, logger="kiosk.admin"):
        kiosk.tap("admin-action-reload")
    assert kiosk.panel.status.text() == "Reload content failed: content/exhibit.yaml: permission denied"
    assert kiosk.controller.mode == "panel"
    assert any(record.exc_info for record in caplog.records), "the traceback goes to the log"


def test_three_wrong_pins_lock_the_pad_for_60_seconds_even_across_reopening(make_kiosk, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.admin")
    kiosk = make_kiosk()
    pad = kiosk.pad
    kiosk.controller.open_pad()
    kiosk.enter_pin("1357")
    assert pad.message.text().startswith("Wrong PIN") and "2 tries left" in pad.message.text()
    assert pad.entered_length == 0
    kiosk.enter_pin("1357")
    assert "1 try left" in pad.message.text()
    kiosk.enter_pin("1357")
    assert pad.state == "locked"
    assert pad.message.text() == "Locked — try again in 60 s"
    assert pad.lock_timer.isActive()
    assert not kiosk.window.findChild(QWidget, "pin-key-2").isEnabled()
    kiosk.clock.advance(3)
    pad.tick()
    assert pad.message.text() == "Locked — try again in 57 s"
    # Locked: even the right PIN typed on the keyboard does nothing.
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6, Qt.Key.Key_8, Qt.Key.Key_Return):
        QTest.keyClick(pad, key)
    assert kiosk.controller.mode == "pad"
    # Closing and opening again does not lift the lock.
    kiosk.tap("pin-cancel")
    assert not pad.lock_timer.isActive()
    kiosk.controller.open_pad()
    assert pad.state == "locked" and pad.lock_timer.isActive()
    kiosk.clock.advance(56)  # 59 s after the lock
    pad.tick()
    assert pad.state == "locked" and pad.message.text() == "Locked — try again in 1 s"
    kiosk.clock.advance(2)  # 61 s
    pad.tick()
    assert pad.state == "entry" and not pad.lock_timer.isActive()
    assert kiosk.window.findChild(QWidget, "pin-key-2").isEnabled()
    kiosk.enter_pin("1357")  # a served lock-out starts a fresh count
    assert "2 tries left" in pad.message.text()
    kiosk.enter_pin(PIN)
    assert kiosk.controller.mode == "panel"
    log_text = "\n".join(record.getMessage() for record in caplog.records)
    assert "wrong PIN entered (1 of 3 in a row)" in log_text
    assert "PIN pad locked for 60 s" in log_text
    assert "1357" not in log_text and PIN not in log_text, "digits never reach the log"


def test_without_a_pin_the_pad_says_how_to_set_one(make_kiosk):
    kiosk = make_kiosk(stored=None)
    kiosk.controller.open_pad()
    assert kiosk.pad.message.text() == NO_PIN
    assert "python main.py set-pin" in NO_PIN
    assert not kiosk.window.findChild(QWidget, "pin-ok").isEnabled()
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6, Qt.Key.Key_8, Qt.Key.Key_Return):
        QTest.keyClick(kiosk.pad, key)
    assert kiosk.controller.mode == "pad"
    kiosk.tap("pin-cancel")
    assert not kiosk.controller.is_open


def test_a_damaged_stored_pin_is_explained_not_raised(make_kiosk):
    kiosk = make_kiosk(stored="not-a-hash")
    kiosk.controller.open_pad()
    kiosk.enter_pin(PIN)
    assert kiosk.controller.mode == "pad"
    assert "python main.py set-pin" in kiosk.pad.message.text()


def test_keyboard_entry_and_the_stage_keys_do_not_leak(make_kiosk):
    kiosk = make_kiosk()
    kiosk.controller.open_pad()
    for key in (Qt.Key.Key_2, Qt.Key.Key_4, Qt.Key.Key_6, Qt.Key.Key_9):
        QTest.keyClick(kiosk.pad, key)
    assert kiosk.pad.entered_length == 4
    QTest.keyClick(kiosk.pad, Qt.Key.Key_Backspace)  # the stage's "previous screen" key
    assert kiosk.pad.entered_length == 3
    QTest.keyClick(kiosk.pad, Qt.Key.Key_8, Qt.KeyboardModifier.KeypadModifier)
    QTest.keyClick(kiosk.pad, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert kiosk.controller.mode == "panel"
    QTest.keyClick(kiosk.panel, Qt.Key.Key_Space)  # "next screen" on the stage
    assert kiosk.navigated == [], "navigation keys stay with the overlay while it is open"
    QTest.keyClick(kiosk.panel, Qt.Key.Key_Escape)
    assert not kiosk.controller.is_open
    kiosk.controller.open_pad()
    QTest.keyClick(kiosk.pad, Qt.Key.Key_Escape)
    assert not kiosk.controller.is_open
    QTest.keyClick(kiosk.underneath, Qt.Key.Key_Space)  # once closed, the stage gets its keys again
    assert kiosk.navigated == ["next"]


def test_a_drag_across_the_pad_is_not_a_swipe_and_taps_nothing_below(make_kiosk):
    kiosk = make_kiosk()
    kiosk.controller.open_pad()
    start, end = QPoint(1500, 540), QPoint(300, 540)
    QTest.mousePress(kiosk.pad, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        position = QPointF(start + (end - start) * step / 10)
        QApplication.sendEvent(kiosk.pad, QMouseEvent(QEvent.Type.MouseMove, position, kiosk.pad.mapToGlobal(position),
                                                      Qt.MouseButton.NoButton, LEFT, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(kiosk.pad, LEFT, Qt.KeyboardModifier.NoModifier, end)
    assert kiosk.swiped == []
    assert kiosk.underneath.presses == []


def test_a_second_gesture_while_open_changes_nothing(make_kiosk):
    kiosk = make_kiosk()
    open_panel(kiosk)
    kiosk.controller.open_pad()
    assert kiosk.controller.mode == "panel" and kiosk.opened == 1


# --- the panel ---------------------------------------------------------------------------------------------

def test_panel_closes_itself_after_two_minutes_without_input(make_kiosk):
    kiosk = make_kiosk()
    open_panel(kiosk)
    assert kiosk.panel.refresh_timer.isActive()
    kiosk.clock.advance(IDLE_CLOSE_SECONDS - 1)
    kiosk.panel.tick()
    assert kiosk.controller.is_open
    QTest.mouseClick(kiosk.panel, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(10, 10))  # any touch counts
    kiosk.clock.advance(IDLE_CLOSE_SECONDS - 1)
    kiosk.panel.tick()
    assert kiosk.controller.is_open
    kiosk.clock.advance(2)
    kiosk.panel.tick()
    assert not kiosk.controller.is_open and not kiosk.panel.isVisible()
    assert kiosk.closed == 1
    assert not kiosk.panel.refresh_timer.isActive()


def test_diagnostics_refresh_while_shown(make_kiosk):
    kiosk = make_kiosk()
    open_panel(kiosk)
    assert kiosk.panel.table.rows == [("Program version", "0.1.0"), ("Uptime", "0 s")]
    kiosk.diagnostics[1] = ("Uptime", "1 s")
    kiosk.panel.tick()
    assert ("Uptime", "1 s") in kiosk.panel.table.rows


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_diagnostics_never_leave_the_card(make_kiosk, size):
    kiosk = make_kiosk(size=size)
    errors = "\n".join(f"12:0{n}:33 ERROR kiosk.content: content/screens/power.yaml:{n}:3: "
                       + "an unexpectedly long complaint " * 6 for n in range(9))
    kiosk.diagnostics = [(f"Row {n}", "ok") for n in range(6)] + [("Last errors", errors)] + [
        ("A label far too long to fit in the label column of the table at all", "x" * 400)] + [
        (f"Extra {n}", "value") for n in range(40)]
    open_panel(kiosk)
    table = kiosk.panel.table
    metrics = QFontMetrics(table.value_font)
    assert table.placed, "some rows are shown"
    assert table.hidden_rows > 0, "rows that do not fit are counted, not drawn outside"
    for _top, _label, lines in table.placed:
        assert len(lines) <= MAX_VALUE_LINES
        assert all(metrics.horizontalAdvance(line) <= table.value_width() for line in lines)
    last_top, _, last_lines = table.placed[-1]
    assert last_top + len(last_lines) * metrics.lineSpacing() <= table.height()
    card = kiosk.panel.card.geometry()
    assert card.contains(table.geometry().translated(card.topLeft()))
    assert kiosk.panel.rect().contains(card)


def test_a_failing_diagnostics_probe_shows_as_a_row(make_kiosk):
    kiosk = make_kiosk()
    kiosk.diagnostics = None  # type: ignore[assignment]  # list(None) raises in the probe
    open_panel(kiosk)
    assert kiosk.panel.table.rows[0][0] == "Diagnostics"
    assert kiosk.panel.table.rows[0][1].startswith("could not be read")


# --- sizes, looks and timers ------------------------------------------------------------------------------

def inside(parent: QWidget, child: QWidget) -> bool:
    return QRect(QPoint(0, 0), parent.size()).contains(child.geometry())


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_and_buttons_are_big_enough_and_inside_the_card(make_kiosk, size):
    kiosk = make_kiosk(size=size)
    kiosk.controller.open_pad()
    keys = [kiosk.window.findChild(QWidget, f"pin-key-{digit}") for digit in range(10)]
    keys += [kiosk.window.findChild(QWidget, name) for name in ("pin-clear", "pin-ok", "pin-cancel")]
    for key in keys:
        assert key.width() >= 96 and key.height() >= 96, f"{key.objectName()} is {key.width()}x{key.height()}"
        assert inside(kiosk.pad.card, key), key.objectName()
    assert kiosk.pad.rect().contains(kiosk.pad.card.geometry())
    assert inside(kiosk.pad.card, kiosk.pad.title) and inside(kiosk.pad.card, kiosk.pad.message)
    kiosk.controller.close()
    open_panel(kiosk)
    buttons = [*kiosk.panel.buttons.values(), kiosk.panel.close_button]
    for button in buttons:
        assert button.height() >= 96, f"{button.objectName()} is {button.height()} px tall"
        assert button.width() >= button.sizeHint().width(), f"{button.objectName()} cuts its label"
        assert inside(kiosk.panel.card, button), button.objectName()
    geometries = [button.geometry() for button in buttons]
    assert not any(a.intersects(b) for i, a in enumerate(geometries) for b in geometries[i + 1:])


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 720), (3840, 2160)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_pad_message_fits(make_kiosk, size):
    kiosk = make_kiosk(size=size)
    kiosk.controller.open_pad()
    pad = kiosk.pad
    shown = []
    for show in (pad.show_prompt, lambda: pad.reject(2), lambda: pad.reject(1), pad.lock, pad.show_no_pin,
                 lambda: pad.show_no_pin(DAMAGED_PIN)):
        show()
        shown.append(pad.message.text())
        assert not label_overflows(pad.message), f"{pad.message.text()!r} does not fit at {size}"
        assert not label_overflows(pad.title)
    assert len(set(shown)) == 6


def test_overlays_follow_the_window_when_it_is_resized(make_kiosk):
    kiosk = make_kiosk()
    kiosk.controller.open_pad()
    kiosk.window.resize(1080, 1920)
    assert kiosk.pad.geometry() == QRect(0, 0, 1080, 1920)
    assert kiosk.pad.rect().contains(kiosk.pad.card.geometry())


def test_no_timer_runs_after_closing(make_kiosk):
    kiosk = make_kiosk()
    kiosk.controller.open_pad()
    for _ in range(3):
        kiosk.enter_pin("1111")
    assert kiosk.pad.lock_timer.isActive()
    kiosk.controller.close()
    kiosk.clock.advance(61)
    open_panel(kiosk)
    assert kiosk.panel.refresh_timer.isActive()
    kiosk.controller.close()
    running = [timer.objectName() for overlay in (kiosk.pad, kiosk.panel)
               for timer in overlay.findChildren(QTimer) if timer.isActive()]
    assert running == []


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_screenshots_show_a_dimmed_exhibit_and_a_themed_card(make_kiosk, exhibit, size, tmp_path):
    kiosk = make_kiosk(size=size)
    kiosk.diagnostics = [("Program version", "0.1.0"), ("Last errors", "none")]
    kiosk.controller.open_pad()
    pad_shot = kiosk.window.grab()
    pad_shot.save(str(tmp_path / "pinpad.png"))
    assert (tmp_path / "pinpad.png").stat().st_size > 0
    image = pad_shot.toImage()
    card = kiosk.pad.card.geometry()
    surface = QColor(exhibit.theme.surface)
    inside_card = image.pixelColor(card.left() + 20, card.center().y())
    assert abs(inside_card.red() - surface.red()) < 12 and abs(inside_card.blue() - surface.blue()) < 12
    ok = kiosk.window.findChild(QWidget, "pin-ok")
    ok_centre = ok.mapTo(kiosk.window, QPoint(ok.width() // 2, ok.height() // 5))
    accent = QColor(exhibit.theme.accent)
    assert abs(image.pixelColor(ok_centre).red() - accent.red()) < 20, "OK is drawn in the accent colour"
    assert image.pixelColor(5, size[1] // 2).lightness() < 60, "the exhibit around the card is dimmed"
    kiosk.controller.close()
    open_panel(kiosk)
    panel_shot = kiosk.window.grab()
    panel_shot.save(str(tmp_path / "panel.png"))
    image = panel_shot.toImage()
    card = kiosk.panel.card.geometry()
    inside_card = image.pixelColor(card.left() + 20, card.bottom() - 12)
    assert abs(inside_card.red() - surface.red()) < 12 and abs(inside_card.blue() - surface.blue()) < 12


def test_over_the_real_stage_the_pad_keeps_keys_and_swipes_from_it(qtbot, exhibit, stored_hash):
    from kiosk.app import make_context
    from kiosk.stage import Stage

    clock = ManualClock()
    window = QWidget()
    qtbot.addWidget(window)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.resize(1920, 1080)
    stage = Stage(exhibit, make_context(exhibit, clock, None, reduced_motion=True), window)
    stage.setGeometry(window.rect())
    gestures = stage.install_gestures()
    controller = AdminController(window, clock, lambda: stored_hash, lambda: [("Uptime", "1 s")],
                                 [AdminAction("exit", "Exit exhibit", lambda: None)], theme=exhibit.theme)
    controller.install()
    try:
        window.show()
        stage.go_to(1)
        for corner in ("top-left", "top-right", "bottom-right", "bottom-left"):
            target = window.childAt(corner_point(window, corner)) or window
            QTest.mouseClick(target, LEFT, Qt.KeyboardModifier.NoModifier,
                             target.mapFrom(window, corner_point(window, corner)))
            clock.advance(0.5)
        assert controller.mode == "pad"
        hit = window.childAt(QPoint(960, 540))
        assert hit is controller.pad or controller.pad.isAncestorOf(hit), "the pad is on top of the stage"
        QTest.keyClick(controller.pad, Qt.Key.Key_Backspace)
        QTest.keyClick(controller.pad, Qt.Key.Key_Right)
        assert stage.index == 1, "keys typed on the pad do not navigate the exhibit"
        controller.close()
        QTest.keyClick(stage, Qt.Key.Key_Right)
        assert stage.index == 2
    finally:
        controller.uninstall()
        QApplication.instance().removeEventFilter(gestures)
