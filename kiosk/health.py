"""The exhibit's pulse: systemd's watchdog and readiness, and a heartbeat that keeps the frame
metrics honest.

- `READY=1` goes to systemd once the window has painted its first frame (`FrameCounter.first_frame`),
  so a `Type=notify` unit counts the exhibit as started only when something is on screen.
- `WATCHDOG=1` is sent by a QTimer in the GUI thread every half of `$WATCHDOG_USEC`. The ping
  needs the event loop: a GUI thread stuck in a long computation, a deadlock or an endless
  loop sends nothing, and systemd restarts the exhibit (`WatchdogSec=` in the unit).
- `STATUS=` carries what is on screen or the mode (`systemctl --user status iter-kiosk`).
- The same timer asks the window to repaint one pixel while the exhibit is open, so "seconds
  since the last painted frame" stays small on a still screen and grows only when painting
  itself has stopped: that is what the metrics' stale-frame alert watches.

Without `$NOTIFY_SOCKET` and without metrics there is no timer at all: nothing costs anything.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.clock import SystemClock
from kiosk.framecount import FrameCounter
from kiosk.sdnotify import SystemdNotifier

log = logging.getLogger("kiosk.health")

HEARTBEAT_SECONDS = 15.0  # the one-pixel repaint for the metrics when no watchdog asks for more often


def heartbeat_seconds(notifier: SystemdNotifier | None, metrics: bool) -> float | None:
    """How often the heartbeat runs: half the watchdog's interval, at most HEARTBEAT_SECONDS when
    metrics are served; None when nothing needs it."""
    intervals = []
    watchdog = notifier.watchdog_interval() if notifier is not None else None
    if watchdog is not None:
        intervals.append(watchdog / 2)
    if metrics:
        intervals.append(HEARTBEAT_SECONDS)
    return min(intervals) if intervals else None


class Heartbeat(QObject):
    def __init__(self, window: QWidget, frame_counter: FrameCounter, notifier: SystemdNotifier | None,
                 metrics: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.frame_counter = frame_counter
        self.notifier = notifier
        self.repaint = True  # off while closed: a black screen needs no proof that it paints
        self.ready_sent = False
        self.beats = 0
        self._status = ""
        self.interval = heartbeat_seconds(notifier, metrics)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.beat)
        if self.interval is not None:
            self._timer.setInterval(max(1, int(self.interval * 1000)))
        if notifier is not None:
            frame_counter.first_frame.connect(self._first_frame)

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self.notifier is not None and self.frame_counter.frames > 0:
            self._first_frame()  # painted before we were attached
        if self.interval is not None:
            self._timer.start()
            log.info("heartbeat every %.1f s (%s)", self.interval,
                     "systemd watchdog" if self.notifier and self.notifier.watchdog_interval() else "metrics")

    def stop(self) -> None:
        self._timer.stop()
        if self.notifier is not None:
            self.notifier.stopping()

    def beat(self) -> None:
        """Called by the timer, so only while the GUI thread's event loop runs."""
        self.beats += 1
        if self.notifier is not None:
            self.notifier.watchdog()
        if self.repaint and self.window.isVisible():
            self.window.update(0, 0, 1, 1)

    def _first_frame(self) -> None:
        if self.ready_sent or self.notifier is None:
            return
        self.ready_sent = True
        self.notifier.ready()
        log.info("first frame painted: told systemd the exhibit is ready")

    def set_status(self, text: str) -> None:
        """What `systemctl status` shows; sent when it changes."""
        if text == self._status:
            return
        self._status = text
        if self.notifier is not None:
            self.notifier.status(text)


def watch_window(window: QWidget, environment: dict[str, str] | None = None) -> Heartbeat | None:
    """READY=1 and the watchdog for a window shown without an exhibit session (the "back soon"
    screen of a pack that cannot be shown): under `Type=notify` it must say it is up too, or systemd
    would kill it after `TimeoutStartSec=` and start it again and again. None outside systemd."""
    notifier = SystemdNotifier.from_environment(environment)
    if notifier is None:
        return None
    heartbeat = Heartbeat(window, FrameCounter(window, SystemClock()), notifier, parent=window)
    heartbeat.start()
    return heartbeat
