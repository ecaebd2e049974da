"""Fixtures for the accessibility tests: a stage at a given size, language and visitor
settings, and the real program in windowed mode. Helpers are in accessibility_support.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from accessibility_support import LANDSCAPE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kiosk.accessibility import VisitorSettings
from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.model import Exhibit
from kiosk.stage import Stage

StageFactory = Callable[..., Stage]


@pytest.fixture
def make_stage(qtbot) -> StageFactory:
    """`make_stage(exhibit, size, language, settings)`: an off-screen stage, shown and sized."""

    def make(exhibit: Exhibit, size: tuple[int, int] = LANDSCAPE, language: str | None = None,
             settings: VisitorSettings | None = None) -> Stage:
        context = make_context(exhibit, ManualClock(), language, reduced_motion=True)
        stage = Stage(exhibit, context)
        qtbot.addWidget(stage)
        stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        stage.resize(*size)
        stage.show()
        if settings is not None:
            stage.apply_settings(VisitorSettings(settings.large_text, settings.high_contrast, True))
        QApplication.processEvents()
        return stage

    return make


@pytest.fixture
def windowed_session(qtbot, exhibit):
    """The real program in windowed mode (ExhibitSession: window, stage, gestures, attract, admin),
    1920x1080, active, with reduced motion so screens change with a cut. Taken down afterwards, so
    its application-wide event filters do not outlive the test."""
    from kiosk.session import ExhibitSession, SessionOptions

    session = ExhibitSession(exhibit, ManualClock(), SessionOptions(windowed=True, cursor="visible",
                                                                    reduced_motion=True))
    window = session.window
    qtbot.addWidget(window)
    window.resize(*LANDSCAPE)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    session.start()
    yield session
    app = QApplication.instance()
    if session.attract is not None:
        session.attract.uninstall()
    if session.stage is not None:
        app.removeEventFilter(session.gestures)
    if session.admin is not None:
        session.admin.uninstall()
    session.shutdown()
    session.window.may_close = True
    session.window.close()
