"""A real ExhibitSession for the robustness tests (window, stage, attract, admin, lockdown), built
as kiosk/app.py builds it, and taken down again so its application-wide event filters do not
outlive the test."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from kiosk.clock import Clock
from kiosk.content.model import Exhibit
from kiosk.session import ExhibitSession, SessionOptions


def open_session(qtbot, exhibit: Exhibit, clock: Clock, size: tuple[int, int] = (1280, 720), windowed: bool = True,
                 **options: object) -> ExhibitSession:
    """A running session. `windowed=False` is the locked kiosk (quit keys and close requests refused);
    the pointer stays visible either way, so no test hides it for the next."""
    session = ExhibitSession(exhibit, clock, SessionOptions(windowed=windowed, cursor="visible",  # type: ignore[arg-type]
                                                            **options))
    window = session.window
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)  # exposed, so paint events are delivered (off-screen platform)
    session.start()
    return session


def close_session(session: ExhibitSession) -> None:
    app = QApplication.instance()
    if session.attract is not None:
        session.attract.uninstall()
    if session.stage is not None:
        app.removeEventFilter(session.gestures)
    if session.admin is not None:
        session.admin.uninstall()  # type: ignore[attr-defined]
    session.shutdown()
    session.window.may_close = True
    session.window.close()
