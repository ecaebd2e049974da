"""Starting the exhibit: the Qt application, the window, and what to show when content is bad."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.clock import Clock, ScaledClock, SystemClock
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.frames import FrameDriver
from kiosk.layouts.base import RenderContext
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage
from kiosk.style import load_bundled_fonts

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


class ExhibitWindow(QWidget):
    """The top-level window holding the stage."""

    def __init__(self, exhibit: Exhibit, context: RenderContext, windowed: bool) -> None:
        super().__init__()
        self.windowed = windowed
        self.setWindowTitle(exhibit.title.get(context.language))
        self.setObjectName("exhibit-window")
        self.stage = Stage(exhibit, context, self)
        context.frames.setParent(self)
        self.gestures = self.stage.install_gestures()
        self.setMinimumSize(480, 320)

    def resizeEvent(self, event: object) -> None:
        self.stage.setGeometry(self.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        quit_keys = event.key() == Qt.Key.Key_Escape or (
            event.key() in (Qt.Key.Key_Q, Qt.Key.Key_W) and event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if quit_keys and self.windowed:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        log.info("window closed")
        event.accept()


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


def run_exhibit(args: argparse.Namespace, clock: Clock | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = make_application()
    pack: Path = args.content or bundled_content_dir()
    result = load_pack(pack)
    for problem in result.problems:
        (log.error if problem.is_error else log.warning)("%s", problem)
    if not result.ok or result.exhibit is None:
        from kiosk.backsoon import BackSoonWindow

        log.error("content pack %s cannot be shown; showing the 'back soon' screen", pack)
        fallback = BackSoonWindow(args.windowed)
        place_window(fallback, args.windowed, args.size, args.screen)
        return app.exec()
    exhibit = result.exhibit
    if args.lang and args.lang not in exhibit.languages:
        log.warning("language '%s' is not in this exhibit (%s); using %s", args.lang, ", ".join(exhibit.languages),
                    exhibit.default_language)
    if clock is None:
        speed = getattr(args, "clock_speed", 1.0)
        clock = ScaledClock(speed) if speed != 1.0 else SystemClock()
    context = make_context(exhibit, clock, args.lang)
    window = ExhibitWindow(exhibit, context, args.windowed)
    place_window(window, args.windowed, args.size, args.screen)
    log.info("exhibit %s (content %s) running, kiosk %s, %s", pack, exhibit.version, __version__,
             "windowed" if args.windowed else "full screen")
    window.stage.current_view().entered()
    return app.exec()
