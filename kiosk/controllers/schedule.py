"""Opening hours in a running exhibit: black and still while the museum is closed.

At closing time the controller covers the window with black, stops what moves (the screen's
animations, the attract loop and its timer, a transition, the admin panel), ends the open
visit in the statistics, and asks the display to sleep where the platform lets a program ask
(`xset dpms force off` on X11; best effort, logged). At opening time it wakes the display and
brings the home screen back with a fresh visitor state (the exhibit's language and settings).

A technician's touch (or click, or key) while closed wakes the exhibit for WAKE_SECONDS; every
further touch extends it. That touch is swallowed, so it cannot also tap what is under the finger.

One single-shot timer waits for the next change (capped at CHECK_CAP_SECONDS, so a wall clock set
forward or back is noticed within minutes). Time comes from an injectable wall clock; tests
call `check()` after moving it, as with the attract controller.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.schedule import OpeningHours

log = logging.getLogger("kiosk.schedule")

WAKE_SECONDS = 600.0
CHECK_CAP_SECONDS = 600.0
WAKING_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
                 QEvent.Type.KeyPress, QEvent.Type.TabletPress}
SWALLOWED_EVENTS = WAKING_EVENTS | {QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove, QEvent.Type.TouchUpdate,
                                    QEvent.Type.TouchEnd, QEvent.Type.KeyRelease, QEvent.Type.Wheel,
                                    QEvent.Type.TabletMove, QEvent.Type.TabletRelease}
WallClock = Callable[[], datetime]


class ClosedCover(QWidget):
    """Plain black over the whole window: painted once, and nothing under it is painted."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("closed-cover")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(event.rect(), QColor(0, 0, 0))


class DisplaySleep:
    """Asks the display to power down and back up: DPMS through `xset` on X11, nothing elsewhere.
    `xset` exits 0 even where the X server has no DPMS, so `xset q` is asked whether it worked."""

    def __init__(self) -> None:
        self.asleep = False

    def available(self) -> bool:
        return QGuiApplication.platformName() == "xcb" and bool(os.environ.get("DISPLAY")) \
            and shutil.which("xset") is not None

    def sleep(self) -> None:
        if not self.available():
            log.info("closed: the display is left on (no X11 DPMS here); the screen is black")
            return
        _xset("dpms", "force", "off")
        self.asleep = "Monitor is Off" in _xset("q")
        log.info("closed: %s", "asked the display to sleep (DPMS off)" if self.asleep else
                 "the X server did not put the display to sleep (no DPMS?); the screen is black")

    def wake(self) -> None:
        if not self.asleep:
            return
        # Force it on, then turn DPMS back off: the unit's `xset -dpms` (never blank while open) stands again.
        _xset("dpms", "force", "on")
        _xset("-dpms")
        self.asleep = False
        log.info("opening: display woken (DPMS on)")


def _xset(*arguments: str) -> str:
    """xset's output ('' when it could not run)."""
    try:
        return subprocess.run(["xset", *arguments], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError) as error:
        log.debug("xset %s: %s", " ".join(arguments), error)
        return ""


class ScheduleController(QObject):
    closed = Signal()  # the exhibit went dark (closing time, or the end of a technician's wake)
    opened = Signal()  # it came back (opening time, or a technician's touch)

    def __init__(self, session: QObject, hours: OpeningHours, wall_clock: WallClock = datetime.now,
                 display: DisplaySleep | None = None, wake_seconds: float = WAKE_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hours = hours
        self.wall_clock = wall_clock
        self.display = display or DisplaySleep()
        self.wake_seconds = wake_seconds
        self.is_closed = False
        self.woken_until: datetime | None = None
        window: QWidget = session.window  # type: ignore[attr-defined]
        self.window = window
        self.cover = ClosedCover(window)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        session.content_replaced.connect(self._content_replaced)  # type: ignore[attr-defined]

    # --- set-up --------------------------------------------------------------------
    def install(self) -> None:
        """Start following the hours (closes at once when the exhibit starts outside them)."""
        QApplication.instance().installEventFilter(self)
        self.check()

    def uninstall(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._timer.stop()

    # --- time ----------------------------------------------------------------------
    def should_be_open(self, now: datetime) -> bool:
        return self.hours.is_open(now) or (self.woken_until is not None and now < self.woken_until)

    def check(self) -> None:
        """Open or close as the clock says, then wait for the next change."""
        now = self.wall_clock()
        if self.woken_until is not None and now >= self.woken_until:
            self.woken_until = None
        if self.should_be_open(now):
            if self.is_closed:
                self.open_up("technician's touch" if not self.hours.is_open(now) else "opening time")
        elif not self.is_closed:
            self.close_down()
        self._arm(now)

    def next_change(self, now: datetime) -> datetime | None:
        moments = [moment for moment in (self.hours.next_change(now), self.woken_until)
                   if moment is not None and moment > now]
        return min(moments) if moments else None

    def _arm(self, now: datetime) -> None:
        change = self.next_change(now)
        seconds = CHECK_CAP_SECONDS if change is None else min(CHECK_CAP_SECONDS, (change - now).total_seconds())
        self._timer.start(max(1, int(seconds * 1000) + 1))

    def describe(self) -> str:
        """For systemd's STATUS and the log: closed until when, or woken until when."""
        now = self.wall_clock()
        change = self.hours.next_change(now)
        if self.is_closed:
            return "closed" + (f" until {change:%a %H:%M}" if change else "")
        if self.woken_until is not None and not self.hours.is_open(now):
            return f"woken by a technician until {self.woken_until:%H:%M}"
        return "open" + (f" until {change:%a %H:%M}" if change else "")

    # --- closing and opening -------------------------------------------------------
    def close_down(self) -> None:
        self.is_closed = True
        self._end_visit()
        self._still()
        self.cover.setGeometry(self.window.rect())
        self.cover.show()
        self.cover.raise_()
        log.info("closed until %s: screen black, timers stopped", self._next_opening())
        self.display.sleep()
        self.closed.emit()

    def _still(self) -> None:
        """Stop everything that moves on the stage, including the attract loop's timer."""
        admin = getattr(self.session, "admin", None)
        if admin is not None:
            admin.close()
        attract = getattr(self.session, "attract", None)
        if attract is not None:
            attract.uninstall()
        stage = getattr(self.session, "stage", None)
        if stage is not None:
            stage.finish_transition()
            stage.current_view().left()

    def _end_visit(self) -> None:
        """Nobody visits a closed museum: the open visit (or attract period) ends now."""
        recorder = getattr(self.session, "recorder", None)
        if recorder is not None:
            recorder.flush()
            recorder.visiting = recorder.attracting = False
        store = getattr(self.session, "statistics", None)
        if store is not None:
            store.end_visit()
            store.end_attract()

    def open_up(self, reason: str) -> None:
        self.is_closed = False
        self.display.wake()
        self.cover.hide()
        stage = self.session.stage  # type: ignore[attr-defined]
        attract = getattr(self.session, "attract", None)
        if attract is not None:
            attract.active = False
            attract.overlay.stop()
        stage.set_chrome_visible(True)
        stage.reset()
        home = stage.home_index()
        if stage.index != home:
            stage.go_to(home, duration_ms=0)  # enters the home screen
        else:
            stage.current_view().entered()
        if attract is not None:
            attract.install()  # the idle timeout counts from now
        log.info("open (%s): home screen, fresh visitor state", reason)
        self.opened.emit()

    def _next_opening(self) -> str:
        change = self.hours.next_change(self.wall_clock())
        return f"{change:%a %d %b %H:%M}" if change else "further notice"

    def _content_replaced(self, _version: str) -> None:
        """New content while closed was built on a fresh stage that started moving: still it again."""
        if self.is_closed:
            self._still()
            self.cover.raise_()

    # --- a technician's touch ------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in SWALLOWED_EVENTS:
            return False
        if kind in WAKING_EVENTS and not self.hours.is_open(self.wall_clock()) \
                and (self.is_closed or self.woken_until is not None):
            self.woken_until = self.wall_clock() + timedelta(seconds=self.wake_seconds)
            if self.is_closed:
                log.info("woken by a touch for %.0f minutes", self.wake_seconds / 60)
                self.check()
                return True
            self._arm(self.wall_clock())
        return self.is_closed and isinstance(watched, QWidget) and watched.window() is self.window
