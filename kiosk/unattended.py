"""What lets a kiosk run for months without anyone looking: one hook-up for a running session.

    unattended = attach_unattended(session, settings, clock)   # after session.start()
    ...
    unattended.close()                                          # when the event loop has ended

- `kiosk.health.Heartbeat`: systemd's READY=1 after the first frame, WATCHDOG=1 from the GUI
  thread, STATUS= with the screen or mode (only with `$NOTIFY_SOCKET`).
- `kiosk.metrics`: the Prometheus endpoint (only with the `metrics` setting).
- `kiosk.fleet.follower.ContentFollower`: follows `content_source` (only when it is set).
- `kiosk.controllers.schedule.ScheduleController`: opening hours (only with `schedule`).
- `kiosk.lastexit.RunRecord`: why the last run ended, for the metrics.
Each part is built only when its setting (or systemd) asks for it; with none, this costs nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from kiosk.clock import Clock
from kiosk.controllers.schedule import ScheduleController
from kiosk.fleet.follower import ContentFollower
from kiosk.fleet.versions import version_of
from kiosk.health import Heartbeat
from kiosk.lastexit import RunRecord
from kiosk.runstate import ExhibitState
from kiosk.sdnotify import SystemdNotifier
from kiosk.statistics import default_statistics_path

if TYPE_CHECKING:
    from kiosk.metrics import MetricsServer
    from kiosk.settings import Settings

log = logging.getLogger("kiosk")


class Unattended(QObject):
    def __init__(self, session: Any, settings: Settings, clock: Clock, environment: Mapping[str, str] | None = None,
                 wall_clock: Callable[[], datetime] = datetime.now, parent: QObject | None = None) -> None:
        super().__init__(parent or session)
        self.session = session
        self.run_record = RunRecord(settings.data_dir, environment)
        self.state = ExhibitState(restart_reason=self.run_record.reason)
        self.metrics: MetricsServer | None = None
        if settings.metrics is not None:
            from kiosk.metrics import ExhibitCollector, MetricsServer  # prometheus_client only when asked for

            statistics = default_statistics_path(settings.data_dir) if settings.statistics else None
            frames = session.frame_counter
            self.metrics = MetricsServer(settings.metrics, ExhibitCollector(
                self.state, lambda: (frames.frames, frames.seconds_since_last_frame()), statistics,
                lambda: len(session.last_content_problems)))
        self.heartbeat = Heartbeat(session.window, session.frame_counter,
                                   SystemdNotifier.from_environment(environment), self.metrics is not None, self)
        self.follower: ContentFollower | None = None
        if settings.content_source is not None:
            self.follower = ContentFollower(session, settings.content_source, settings.data_dir, clock,
                                            settings.keep_versions, parent=self)
            self.follower.version_refused.connect(self._refused)
            self.follower.waiting_changed.connect(lambda waiting: self.state.update(source_waiting=waiting))
        self.schedule: ScheduleController | None = None
        if settings.schedule is not None:
            self.schedule = ScheduleController(session, settings.schedule, wall_clock, parent=self)
            self.schedule.closed.connect(self._opening_changed)
            self.schedule.opened.connect(self._opening_changed)
        session.content_replaced.connect(self._content_replaced)
        self._closed = False
        self._content_shown(initial=True)

    # --- running -------------------------------------------------------------------
    def start(self) -> None:
        self.state.update(restart_reason=self.run_record.start())
        if self.metrics is not None:
            self.metrics.start()
        self._watch_stage()
        self.heartbeat.start()
        if self.follower is not None:
            self.follower.start()
        if self.schedule is not None:
            self.schedule.install()
        self._update_status()

    def close(self, clean: bool = True) -> None:
        """Stop every part; `clean` records a clean exit for the next start's restart reason. Once only."""
        if self._closed:
            return
        self._closed = True
        if self.schedule is not None:
            self.schedule.uninstall()
        if self.follower is not None:
            self.follower.stop()
        self.heartbeat.stop()
        if self.metrics is not None:
            self.metrics.stop()
        if clean:
            self.run_record.stopped_cleanly()

    def rollback(self) -> str:
        """The admin panel's "previous content version"."""
        if self.follower is None:
            return "No rollback: this kiosk does not follow a content source (content_source)"
        return self.follower.rollback()

    # --- keeping the state and the status current ----------------------------------
    def _watch_stage(self) -> None:
        """The stage and attract controller are rebuilt with new content: follow the current ones."""
        stage, attract = self.session.stage, self.session.attract
        if stage is not None:
            stage.screen_changed.connect(self._update_status)
        if attract is not None:
            attract.attract_started.connect(self._update_status)
            attract.attract_ended.connect(self._update_status)

    def _content_replaced(self, _version: str) -> None:
        self._content_shown(initial=False)
        self._watch_stage()
        self._update_status()

    def _content_shown(self, initial: bool) -> None:
        exhibit = self.session.exhibit
        values: dict[str, object] = {"content_version": version_of(exhibit.root) or "local",
                                     "exhibit_version": exhibit.version}
        if not initial:
            values.update(content_changed_at=time.time())
        self.state.update(**values)

    def _refused(self, _version: str, problems: list[str]) -> None:
        refused = self.follower.refused_total if self.follower is not None else 0
        self.state.update(content_refused=refused)

    def _opening_changed(self) -> None:
        self.heartbeat.repaint = self.schedule is None or not self.schedule.is_closed
        self._update_status()

    def _update_status(self, *_signal_arguments: object) -> None:
        session = self.session
        closed = self.schedule is not None and self.schedule.is_closed
        attract = session.attract is not None and session.attract.active
        screen = session.exhibit.screens[session.stage.index].id if session.stage is not None else ""
        self.state.update(open=not closed, attract=attract)
        if closed:
            mode = self.schedule.describe()  # type: ignore[union-attr]
        else:
            mode = f"attract loop on '{screen}'" if attract else f"visitor on '{screen}'"
            if self.schedule is not None:
                mode += f" ({self.schedule.describe()})"
        self.heartbeat.set_status(f"{mode}; content {self.state.content_version}")


def attach_unattended(session: Any, settings: Settings, clock: Clock,
                      environment: Mapping[str, str] | None = None) -> Unattended:
    """Watchdog, metrics, content following and opening hours for `session`, as the settings ask.
    Call after `session.start()`; call `.close()` on the result when the event loop has ended."""
    unattended = Unattended(session, settings, clock, environment)
    unattended.start()
    return unattended
