"""The exhibit with the keyboard alone, in windowed mode, with real key events through the
application (so the gesture, attract and admin filters see them as they would a keyboard's):
Tab reaches every control in reading order, Enter and Space activate the focused one, and
the arrow keys still change screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.layouts.base import can_take_focus
from kiosk.stage import Stage


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press and release delivered to whatever has the focus (the window when nothing has)."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "no active window to type into"
    QTest.keyClick(target, key, modifier)


def start_on(stage: Stage, index: int) -> None:
    """A fresh visitor on screen `index`, with no control focused."""
    stage.reset()
    stage.go_to(index, duration_ms=0)
    stage.setFocus(Qt.FocusReason.OtherFocusReason)
    QApplication.processEvents()


def all_controls(stage: Stage) -> set[QWidget]:
    return {w for w in stage.findChildren(QWidget) if can_take_focus(w)}


def activation_signal(control: QWidget):
    return control.clicked if isinstance(control, QAbstractButton) else control.tapped


def test_tab_visits_every_control_in_reading_order_and_wraps(windowed_session) -> None:
    stage = windowed_session.stage
    for index, screen in enumerate(stage.exhibit.screens):
        start_on(stage, index)
        chain = stage.focus_chain()
        assert set(chain) == all_controls(stage), f"{screen.id}: a control Tab never reaches"
        assert chain[0] is stage.access.button and chain[1] is stage.language_buttons["en"]
        visited = []
        for _ in range(len(chain) + 1):
            press(Qt.Key.Key_Tab)
            visited.append(QApplication.focusWidget())
        assert visited[:-1] == chain, screen.id
        assert visited[-1] is chain[0], f"{screen.id}: Tab does not wrap round"
        press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        assert QApplication.focusWidget() is chain[-1], f"{screen.id}: Shift+Tab does not go back"
        assert stage.index == index, "Tab must not change the screen"


def test_tab_order_follows_the_screen(windowed_session) -> None:
    """Top chrome first, then the screen's controls down the screen (never back up a row), then
    the arrows and dots; on the cut-away, the numbered points in number order, then their list."""
    stage = windowed_session.stage
    for index, screen in enumerate(stage.exhibit.screens):
        start_on(stage, index)
        view = stage.current_view()
        chain = stage.focus_chain()
        own = [c for c in chain if view.isAncestorOf(c)]
        if screen.hotspots:
            assert own[:len(screen.hotspots)] == view.markers, "markers in number order"
            assert own[len(screen.hotspots):] == view.legend
            continue
        band = view.style_.px(60)
        rows = [c.mapTo(view, c.rect().center()).y() // band for c in own]
        assert rows == sorted(rows), f"{screen.id}: Tab goes back up the screen"
        assert chain[-1] is stage.next_button or not stage.next_button.isVisible()


def test_enter_activates_every_control_on_every_screen(windowed_session) -> None:
    stage = windowed_session.stage
    activated = 0
    for index, screen in enumerate(stage.exhibit.screens):
        start_on(stage, index)
        count = len(stage.focus_chain())
        for position in range(count):
            start_on(stage, index)
            chain = stage.focus_chain()
            for _ in range(position + 1):
                press(Qt.Key.Key_Tab)
            control = QApplication.focusWidget()
            assert control is chain[position], f"{screen.id}: Tab #{position + 1} lands elsewhere"
            spy = QSignalSpy(activation_signal(control))
            press(Qt.Key.Key_Return)
            assert spy.count() == 1, f"{screen.id}: Enter does not activate {control.objectName() or control}"
            activated += 1
    assert activated > 60


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_and_space_do_what_a_tap_does(windowed_session, key) -> None:
    stage = windowed_session.stage
    start_on(stage, 0)
    stage.language_buttons["fr"].setFocus(Qt.FocusReason.TabFocusReason)
    press(key)
    assert stage.language == "fr" and stage.index == 0, "the language changes; the screen does not"
    stage.next_button.setFocus(Qt.FocusReason.TabFocusReason)
    press(key)
    assert stage.index == 1


def test_space_goes_on_when_no_control_has_focus_and_arrows_always_change_screen(windowed_session) -> None:
    stage = windowed_session.stage
    start_on(stage, 0)
    press(Qt.Key.Key_Space)
    assert stage.index == 1
    press(Qt.Key.Key_Tab)  # a control now has the focus: the arrows still turn the pages
    assert QApplication.focusWidget() is stage.access.button
    press(Qt.Key.Key_Right)
    assert stage.index == 2
    press(Qt.Key.Key_Left)
    assert stage.index == 1
    assert QApplication.focusWidget() is stage.access.button


def test_the_accessibility_panel_from_the_keyboard(windowed_session) -> None:
    stage = windowed_session.stage
    start_on(stage, 2)
    press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is stage.access.button
    press(Qt.Key.Key_Return)
    panel = stage.access.panel
    assert stage.access.is_open and QApplication.focusWidget() is panel.switches["large_text"]
    visited = []
    for _ in range(len(panel.controls())):
        press(Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [*panel.controls()[1:], panel.controls()[0]], "Tab stays inside the open panel"
    press(Qt.Key.Key_Space)  # on the large-text switch again
    assert stage.settings.large_text and stage.index == 2
    press(Qt.Key.Key_Tab)
    press(Qt.Key.Key_Return)
    assert stage.settings.high_contrast
    press(Qt.Key.Key_Escape)
    assert not stage.access.is_open and windowed_session.window.isVisible(), "Esc closes the panel, not the window"
    assert QApplication.focusWidget() is stage.access.button


def test_esc_closes_a_panel_opened_by_touch_before_anything_else(windowed_session, qtbot) -> None:
    stage = windowed_session.stage
    start_on(stage, 0)
    qtbot.mouseClick(stage.access.button, Qt.MouseButton.LeftButton)
    assert stage.access.is_open
    press(Qt.Key.Key_Escape)
    assert not stage.access.is_open and windowed_session.window.isVisible()
