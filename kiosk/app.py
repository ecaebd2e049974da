"""Starting the exhibit: the Qt application, the window, and what to show when content is bad."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.awake import DisplayKeeper
from kiosk.clock import Clock, ScaledClock, SystemClock
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.frames import FrameDriver
from kiosk.layouts.base import RenderContext
from kiosk.session import ExhibitSession, SessionOptions
from kiosk.style import load_bundled_fonts

if TYPE_CHECKING:
    from kiosk.settings import Settings

log = logging.getLogger("kiosk")
DEFAULT_WINDOW = (1280, 720)


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, "%s", message)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setApplicationName("iter-kiosk")
        QCoreApplication.setOrganizationName("iter-kiosk")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv or [sys.argv[0]])
        qInstallMessageHandler(_qt_message)
    load_bundled_fonts()
    return app  # type: ignore[return-value]


def make_context(exhibit: Exhibit, clock: Clock, language: str | None, reduced_motion: bool = False,
                 parent: QWidget | None = None) -> RenderContext:
    frames = FrameDriver(clock, parent)
    chosen = language if language in exhibit.languages else exhibit.default_language
    return RenderContext(exhibit.theme, clock, frames, chosen, reduced_motion)


def place_window(window: QWidget, windowed: bool, size: tuple[int, int] | None, screen_index: int | None) -> None:
    screens = QGuiApplication.screens()
    screen = QGuiApplication.primaryScreen()
    if screen_index is not None:
        if 0 <= screen_index < len(screens):
            screen = screens[screen_index]
        else:
            log.warning("there is no screen %d (found %d); using the primary screen", screen_index, len(screens))
    geometry = screen.geometry()
    if windowed:
        width, height = size or DEFAULT_WINDOW
        window.resize(width, height)
        window.move(geometry.left() + max(0, (geometry.width() - width) // 2),
                    geometry.top() + max(0, (geometry.height() - height) // 2))
        window.show()
        return
    window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
    if size:  # a forced size, e.g. to check a 4K layout on a smaller display
        window.setGeometry(geometry.left(), geometry.top(), *size)
        window.show()
    else:
        window.setGeometry(geometry)
        window.showFullScreen()


def _quit_on_signals(app: QApplication) -> None:
    """Ctrl+C and `systemctl stop` (SIGTERM) end the exhibit cleanly, statistics flushed.

    Python handles signals only when it runs; a wake-up pipe watched by Qt's event loop makes
    it run at once, without a polling timer."""
    import os
    import signal

    from PySide6.QtCore import QSocketNotifier

    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_blocking(write_end, False)
    signal.set_wakeup_fd(write_end)
    notifier = QSocketNotifier(read_end, QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(read_end, 64)

    notifier.activated.connect(drain)

    def stop(number: int, _frame: object) -> None:
        log.info("stopping on signal %d", number)
        app.quit()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)


def run_exhibit(args: argparse.Namespace, clock: Clock | None = None) -> int:
    from kiosk.content.lastgood import choose_pack_at_startup
    from kiosk.controllers.faults import FaultGuard
    from kiosk.fleet.versions import pack_to_show
    from kiosk.logs import setup_logging
    from kiosk.runner import ExhibitRunner
    from kiosk.settings import load_settings

    early = load_settings(args)  # where the content, log and data are, before any content is read
    recent_errors = setup_logging(early.log_dir, early.log_level)
    for problem in early.problems:
        log.warning("%s", problem)
    app = make_application()
    guard = FaultGuard(parent=app)  # before any exhibit widget exists: it wraps their Qt handlers
    guard.install()
    if sys.platform != "win32":
        _quit_on_signals(app)
    if clock is None:
        speed = getattr(args, "clock_speed", 1.0)
        clock = ScaledClock(speed) if speed != 1.0 else SystemClock()
    pack = pack_to_show(early.content, early.content_source, early.data_dir)
    choice = choose_pack_at_startup(pack, early.data_dir, remember=False)
    choice.log_to(log)
    runner = ExhibitRunner(args, early, clock, recent_errors.recent, on_session=guard.attach)
    display = DisplayKeeper()
    if choice.exhibit is None:
        runner.show_back_soon(pack)
    else:
        runner.start(choice.exhibit, remember=pack if choice.source == "live" else None)
    if not early.windowed:
        display.hold()
    try:
        return app.exec()
    finally:
        display.release()
        runner.close()
        guard.uninstall()


def build_session(exhibit: Exhibit, settings: Settings, clock: Clock,
                  recent_errors: Callable[[], list[str]] = list) -> ExhibitSession:
    from kiosk.settings import load_settings
    from kiosk.statistics import StatisticsStore, default_statistics_path

    store = StatisticsStore(default_statistics_path(settings.data_dir)) if settings.statistics else None
    options = SessionOptions(
        windowed=settings.windowed, language=settings.language, reduced_motion=settings.reduced_motion,
        large_text=settings.large_text, high_contrast=settings.high_contrast,
        attract_after=settings.attract_after, attract_seconds_per_screen=settings.attract_seconds_per_screen,
        cursor=settings.cursor, recent_errors=recent_errors,
        # read at each attempt, so `set-pin` takes effect without a restart
        pin_hash=lambda: load_settings(None, None, settings.config_path).admin_pin)
    session = ExhibitSession(exhibit, clock, options, statistics=store)

    def reload_content() -> None:
        result = load_pack(settings.content)
        problems = [str(problem) for problem in result.problems if problem.is_error]
        session.last_content_problems = problems
        for problem in problems:
            log.error("%s", problem)
        if result.ok and result.exhibit is not None:
            session.replace_exhibit(result.exhibit)
        else:
            log.error("content in %s is not valid; the last good content stays on screen", settings.content)

    session.reload_callback = reload_content
    return session
