"""The running program around one exhibit session: which content it starts with, the
"back soon" screen while there is none, live reload, and the unattended services (watchdog,
metrics, content following, opening hours). `kiosk.app.run_exhibit` drives it.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk import __version__
from kiosk.clock import Clock
from kiosk.content.model import Exhibit
from kiosk.settings import Settings, load_settings

log = logging.getLogger("kiosk")


class ExhibitRunner(QObject):
    def __init__(self, args: argparse.Namespace | None, early: Settings, clock: Clock,
                 recent_errors: Callable[[], list[str]], on_session: Callable[[object], None] | None = None) -> None:
        super().__init__()
        self.args = args
        self.early = early
        self.clock = clock
        self.recent_errors = recent_errors
        self.on_session = on_session
        self.session = None
        self.unattended = None
        self.live_reload = None
        self.fallback: QWidget | None = None
        self._fallback_watcher = None
        self._remember: tuple[Path, Path] | None = None

    # --- no content yet --------------------------------------------------------------
    def show_back_soon(self, pack: Path) -> None:
        """The calm screen, until the pack becomes valid (then the exhibit starts by itself)."""
        from kiosk.app import place_window
        from kiosk.backsoon import BackSoonWindow
        from kiosk.health import watch_window
        from kiosk.reload import ContentWatcher

        early = self.early
        self.fallback = BackSoonWindow(early.windowed)
        place_window(self.fallback, early.windowed, early.size, early.screen)
        watch_window(self.fallback)
        self._fallback_watcher = ContentWatcher(pack, data_dir=early.data_dir, parent=self)
        self._fallback_watcher.content_ready.connect(self._content_arrived)
        self._fallback_watcher.start()
        log.info("watching %s: the exhibit starts as soon as it is valid", pack)

    def _content_arrived(self, exhibit: Exhibit) -> None:
        if self._fallback_watcher is not None:
            self._fallback_watcher.stop()
            self._fallback_watcher.deleteLater()
            self._fallback_watcher = None
        if self.fallback is not None:
            self.fallback.hide()
            self.fallback.deleteLater()
            self.fallback = None
        log.info("the content pack is valid now; starting the exhibit")
        self.start(exhibit)

    # --- the exhibit -----------------------------------------------------------------
    def start(self, exhibit: Exhibit, remember: Path | None = None) -> None:
        """Show `exhibit`; `remember`: a valid pack to keep as the last good copy once the first
        frame is up (copying and re-validating it must not delay the first frame)."""
        from kiosk.app import build_session, place_window
        from kiosk.logs import log_startup
        from kiosk.unattended import attach_unattended

        settings = load_settings(self.args, exhibit)
        log_startup(settings, exhibit.version)
        if settings.language and settings.language not in exhibit.languages:
            log.warning("language '%s' is not in this exhibit (%s); using %s", settings.language,
                        ", ".join(exhibit.languages), exhibit.default_language)
        session = build_session(exhibit, settings, self.clock, self.recent_errors)
        self.session = session
        if self.on_session is not None:
            self.on_session(session)
        place_window(session.window, settings.windowed, settings.size, settings.screen)
        session.start()
        if remember is not None:
            self._remember = (remember, settings.data_dir)
            session.frame_counter.first_frame.connect(self._remember_good_pack)
        self.unattended = attach_unattended(session, settings, self.clock)
        session.rollback_callback = self.unattended.rollback
        if settings.content_source is None:
            from kiosk.reload import LiveReload

            self.live_reload = LiveReload(session, settings.content, self.clock, settings.data_dir, parent=self)
            self.live_reload.start()
        elif self.unattended.follower is not None:  # "Reload content" looks at the source now
            session.reload_callback = self.unattended.follower.check_now
        log.info("exhibit %s (content %s) running, kiosk %s, %s", settings.content, exhibit.version, __version__,
                 "windowed" if settings.windowed else "full screen")

    def _remember_good_pack(self) -> None:
        from kiosk.content.lastgood import remember_good_pack

        if self._remember is not None:
            remember_good_pack(*self._remember)
            self._remember = None

    def close(self) -> None:
        """After the event loop: everything stopped, the clean exit recorded, statistics closed."""
        if self.live_reload is not None:
            self.live_reload.stop()
        if self.unattended is not None:
            self.unattended.close()
        if self._fallback_watcher is not None:
            self._fallback_watcher.stop()
        session = self.session
        if session is not None:
            session.shutdown()
            if session.statistics is not None:
                session.statistics.close()
