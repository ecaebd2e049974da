"""One running exhibit: the window and stage, and the kiosk behaviours that observe it
(attract and idle reset, lockdown, admin access, visitor statistics, frame counting).

`ExhibitSession` owns them all and knows how to swap in new content without restarting:
the stage and the controllers tied to it are rebuilt; the window, the admin access, the
statistics database and the lockdown stay.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import __version__
from kiosk.clock import Clock
from kiosk.content.model import Exhibit
from kiosk.controllers.attract import AttractController, AttractPlan
from kiosk.controllers.lockdown import Lockdown, apply_pointer, is_quit_key
from kiosk.controllers.memory import HeapTrimmer
from kiosk.framecount import FrameCounter
from kiosk.frames import FrameDriver
from kiosk.layouts.base import RenderContext
from kiosk.procinfo import resident_bytes
from kiosk.stage import Stage

log = logging.getLogger("kiosk")


@dataclass
class SessionOptions:
    """What the session needs from the settings (kept small so tests can build one)."""

    windowed: bool = False
    language: str | None = None
    reduced_motion: bool = False
    large_text: bool = False
    high_contrast: bool = False
    attract_after: float | None = None  # None: the exhibit's own
    attract_seconds_per_screen: float | None = None
    cursor: str = "auto"
    pin_hash: Callable[[], str | None] = field(default=lambda: None)
    recent_errors: Callable[[], list[str]] = field(default=list)


class ExhibitWindow(QWidget):
    """The top-level window. Full screen it is locked: close requests are refused unless the
    session itself quits (the technician's Exit)."""

    def __init__(self, windowed: bool) -> None:
        super().__init__()
        self.windowed = windowed
        self.may_close = windowed
        self.refused_closes = 0
        self.stage: Stage | None = None
        self.setObjectName("exhibit-window")
        self.setMinimumSize(480, 320)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def resizeEvent(self, event: object) -> None:
        if self.stage is not None:
            self.stage.setGeometry(self.rect())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.windowed and is_quit_key(event) and event.key() != Qt.Key.Key_F4:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_close:
            self.refused_closes += 1
            log.info("close request refused (kiosk lockdown; the admin panel's Exit ends the exhibit)")
            event.ignore()
            return
        log.info("window closed")
        event.accept()


class ExhibitSession(QObject):
    content_replaced = Signal(str)  # the new content version

    def __init__(self, exhibit: Exhibit, clock: Clock, options: SessionOptions, statistics: object | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.exhibit = exhibit
        self.clock = clock
        self.options = options
        self.started_at = time.monotonic()
        self.statistics = statistics
        self.window = ExhibitWindow(options.windowed)
        self.frames = FrameDriver(clock, self.window)
        self.frame_counter = FrameCounter(self.window, clock)
        self.lockdown = Lockdown(locked=not options.windowed, parent=self)
        self.lockdown.install()
        self.stage: Stage | None = None
        self.attract: AttractController | None = None
        self.recorder: QObject | None = None
        self.heap_trimmer: HeapTrimmer | None = None
        self.admin: QObject | None = None
        self.reload_callback: Callable[[], None] | None = None
        self.rollback_callback: Callable[[], str] | None = None
        self.last_content_problems: list[str] = []
        self._build_stage(exhibit)
        self._build_admin()

    # --- the stage and what observes it --------------------------------------------
    def _context(self, exhibit: Exhibit, language: str | None) -> RenderContext:
        chosen = language if language in exhibit.languages else exhibit.default_language
        return RenderContext(exhibit.theme, self.clock, self.frames, chosen, self.options.reduced_motion,
                             large_text=self.options.large_text, high_contrast=self.options.high_contrast)

    def attract_plan(self, exhibit: Exhibit) -> AttractPlan:
        attract = exhibit.attract
        return AttractPlan(
            after_seconds=self.options.attract_after or attract.after_seconds,
            seconds_per_screen=self.options.attract_seconds_per_screen or attract.seconds_per_screen,
            screen_ids=attract.screens, call_to_action=attract.call_to_action)

    def _build_stage(self, exhibit: Exhibit, screen_id: str | None = None) -> None:
        stage = Stage(exhibit, self._context(exhibit, self.options.language), self.window)
        stage.setGeometry(self.window.rect())
        self.window.stage = stage
        self.window.setWindowTitle(exhibit.title.get(stage.language))
        self.stage = stage
        self.gestures = stage.install_gestures()
        self.attract = AttractController(stage, self.clock, self.attract_plan(exhibit))
        self.attract.install()
        self.heap_trimmer = HeapTrimmer([stage.transition_finished], settled=stage.views_prepared, parent=stage)
        if self.statistics is not None:
            from kiosk.controllers.statistics import StatisticsRecorder

            self.recorder = StatisticsRecorder(self.statistics, stage, self.attract, self.clock, parent=stage)
        ids = [screen.id for screen in exhibit.screens]
        if screen_id in ids:
            stage.go_to(ids.index(screen_id), duration_ms=0)
        stage.show()
        if self.admin is not None:
            self.attract.attract_started.connect(self.admin.close)  # type: ignore[attr-defined]
            # the admin filter must stay the last installed, so the open pad gets its keys first
            self.admin.uninstall()  # type: ignore[attr-defined]
            self.admin.install()  # type: ignore[attr-defined]

    def _teardown_stage(self) -> None:
        stage = self.stage
        if stage is None:
            return
        if self.recorder is not None:
            self.recorder.flush()  # type: ignore[attr-defined]
            self.recorder = None
        if self.attract is not None:
            self.attract.uninstall()
            self.attract = None
        QApplication.instance().removeEventFilter(self.gestures)
        stage.finish_transition()  # its tween is driven by the session's frames, which outlive the stage
        stage.current_view().left()
        stage.hide()
        stage.setParent(None)
        stage.deleteLater()
        self.stage = None
        self.window.stage = None

    def start(self) -> None:
        """The first screen starts moving (the window is shown by the caller)."""
        assert self.stage is not None
        self.stage.current_view().entered()
        # the other screens are built and rendered once the first frame is up
        self.frame_counter.first_frame.connect(self._prepare_views)
        apply_pointer(self.options.cursor, self.options.windowed)

    def _prepare_views(self) -> None:
        if self.stage is not None:
            self.stage.prepare_views()

    def replace_exhibit(self, exhibit: Exhibit) -> None:
        """New content, same window: the visitor stays on their screen when it still exists."""
        assert self.stage is not None
        screen_id = None if self.attract is None or self.attract.active else \
            self.exhibit.screens[self.stage.index].id
        language = self.stage.language
        self._teardown_stage()
        self.exhibit = exhibit
        self.options.language = language if language in exhibit.languages else self.options.language
        self._build_stage(exhibit, screen_id)
        self.stage.current_view().entered()
        self.stage.prepare_views()
        log.info("content %s is now showing", exhibit.version)
        self.content_replaced.emit(exhibit.version)

    # --- the technician's access ---------------------------------------------------
    def _build_admin(self) -> None:
        from kiosk.admin import AdminAction, AdminController

        actions = [AdminAction("exit", "Exit exhibit", self.quit),
                   AdminAction("reload", "Reload content", self.reload),
                   AdminAction("rollback", "Previous content version", self.rollback),
                   AdminAction("toggle_window", "Switch windowed / full screen", self.toggle_windowed)]
        self.admin = AdminController(self.window, self.clock, self.options.pin_hash, self.diagnostics, actions,
                                     theme=self.exhibit.theme, parent=self)
        self.admin.install()
        if self.attract is not None:
            self.attract.attract_started.connect(self.admin.close)

    def diagnostics(self) -> list[tuple[str, str]]:
        from PySide6 import __version__ as pyside_version

        uptime = int(time.monotonic() - self.started_at)
        memory = resident_bytes()
        rows = [
            ("Program", f"iter-kiosk {__version__} (PySide6 {pyside_version})"),
            ("Content", f"{self.exhibit.version}, {len(self.exhibit.screens)} screens"),
            ("Uptime", f"{uptime // 86400} d {uptime % 86400 // 3600} h {uptime % 3600 // 60} min"),
            ("Frame rate", f"{self.frame_counter.frames_per_second():.0f} frames/s "
                           f"({self.frame_counter.frames} painted)"),
            ("Memory", "unknown" if memory is None else f"{memory / 2**20:.0f} MB resident"),
            ("Visitors today", self._visitors_today()),
        ]
        problems = self.last_content_problems[:3]
        errors = self.options.recent_errors()[-5:]
        rows += [("Content error", line) for line in problems]
        rows += [("Last errors", line) for line in errors] or [("Last errors", "none")]
        return rows

    def _visitors_today(self) -> str:
        store = self.statistics
        if store is None:
            return "statistics off"
        if not getattr(store, "ok", True):
            return "statistics unavailable (see the log)"
        return str(store.visits_today())  # type: ignore[attr-defined]

    # --- actions -------------------------------------------------------------------
    def reload(self) -> None:
        if self.reload_callback is not None:
            self.reload_callback()

    def rollback(self) -> None:
        if self.rollback_callback is not None:
            log.info("rollback: %s", self.rollback_callback())

    def toggle_windowed(self) -> None:
        from kiosk.app import place_window

        windowed = not self.window.windowed
        self.window.windowed = windowed
        self.window.may_close = windowed
        self.lockdown.locked = not windowed
        self.window.hide()
        place_window(self.window, windowed, None, None)
        apply_pointer(self.options.cursor, windowed)
        log.info("switched to %s", "a window" if windowed else "full screen")

    def quit(self) -> None:
        log.info("exhibit ended from the admin panel")
        self.window.may_close = True
        self.window.close()
        QApplication.instance().quit()

    def shutdown(self) -> None:
        """The exhibit ends: statistics flushed, every filter removed, nothing left to animate."""
        if self.recorder is not None:
            self.recorder.flush()  # type: ignore[attr-defined]
        if self.attract is not None:
            self.attract.uninstall()
        if self.admin is not None:
            self.admin.uninstall()  # type: ignore[attr-defined]
        if self.stage is not None:
            QApplication.instance().removeEventFilter(self.gestures)
            self.stage.finish_transition()
            self.stage.current_view().left()
        self.lockdown.uninstall()
        self.frames.close()
