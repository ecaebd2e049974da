"""Lockdown with real widgets and real key and close events: a visitor cannot leave the exhibit."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.awake import DisplayKeeper
from kiosk.controllers.lockdown import Lockdown, pointer_hidden
from kiosk.session import ExhibitWindow

QUIT_KEYS = [
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
]


@pytest.fixture
def locked(qtbot) -> Iterator[tuple[ExhibitWindow, Lockdown]]:
    window = ExhibitWindow(windowed=False)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    qtbot.waitExposed(window)
    lockdown = Lockdown(locked=True)
    lockdown.install()
    yield window, lockdown
    lockdown.uninstall()
    window.may_close = True


@pytest.mark.parametrize("key, modifiers", QUIT_KEYS)
def test_quit_keys_are_refused_in_full_screen(locked, key, modifiers) -> None:
    window, lockdown = locked
    QTest.keyClick(window, key, modifiers)
    assert window.isVisible()
    assert lockdown.refused == 1


def test_a_close_request_is_refused_in_full_screen(locked) -> None:
    window, _ = locked
    assert window.close() is False
    assert window.isVisible() and window.refused_closes == 1


def test_context_menus_never_open(locked) -> None:
    window, lockdown = locked
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), window.mapToGlobal(QPoint(10, 10)))
    QApplication.sendEvent(window, event)
    assert lockdown.refused == 1


def test_the_session_may_still_end_the_exhibit(locked) -> None:
    window, _ = locked
    window.may_close = True  # what the admin panel's Exit does
    assert window.close() is True
    assert not window.isVisible()


@pytest.mark.parametrize("key, modifiers", [QUIT_KEYS[0], QUIT_KEYS[2], QUIT_KEYS[3]])
def test_windowed_demo_quits_normally(qtbot, key, modifiers) -> None:
    window = ExhibitWindow(windowed=True)
    qtbot.addWidget(window)
    lockdown = Lockdown(locked=False)
    lockdown.install()
    try:
        window.show()
        qtbot.waitExposed(window)
        QTest.keyClick(window, key, modifiers)
        assert not window.isVisible()
    finally:
        lockdown.uninstall()


def test_the_pointer_is_hidden_only_where_asked(monkeypatch) -> None:
    import kiosk.controllers.lockdown as lockdown

    assert pointer_hidden("hidden", windowed=False) and pointer_hidden("hidden", windowed=True)
    assert not pointer_hidden("visible", windowed=False)
    monkeypatch.setattr(lockdown, "has_touch_screen", lambda: False)
    assert not pointer_hidden("auto", windowed=False), "a mouse-driven kiosk keeps its pointer"
    monkeypatch.setattr(lockdown, "has_touch_screen", lambda: True)
    assert pointer_hidden("auto", windowed=False), "a touch kiosk hides it"
    assert not pointer_hidden("auto", windowed=True), "a windowed demo always shows it"


def test_a_touch_screen_is_detected(qapp) -> None:
    from PySide6.QtTest import QTest

    from kiosk.controllers.lockdown import has_touch_screen

    QTest.createTouchDevice()
    assert has_touch_screen()


def test_keeping_the_display_awake_without_a_session_bus_fails_quietly(monkeypatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    keeper = DisplayKeeper()
    assert keeper.hold() == ""
    keeper.release()
    assert keeper.method == ""
