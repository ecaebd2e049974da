"""Attract mode and idle reset: when nobody has touched the exhibit for a while it resets every
piece of visitor state and loops through the screens marked for it, inviting the next visitor in.

The controller only observes: an application event filter sees every input (installed after
the stage's gesture filter, so it runs first), and the stage does the navigating. The first
press, touch or key in attract mode brings the home screen back at once and is swallowed with
its release, so it cannot also tap what lies under the finger.

Time comes from the injected clock. One single-shot timer waits for the next deadline (the idle
timeout, or the next attract screen); a timer that fires early just waits again, so a static
screen costs one wake-up per timeout, not a poll.

The loop animates at 30 frames a second instead of 60: its cross-fades and the chart playing
by itself stay smooth for passers-by, at half the CPU (and heat) of a loop that may run for
hours with nobody touching it. A visitor's touch brings 60 back with the home screen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.clock import Clock, clock_speed
from kiosk.content.model import EMPTY_TEXT, Text
from kiosk.frames import FRAME_INTERVAL_MS
from kiosk.widgets.invitation import InvitationOverlay

log = logging.getLogger(__name__)

PRESS_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
                QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress}
FOLLOW_EVENTS = {QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease, QEvent.Type.TouchUpdate,
                 QEvent.Type.TouchEnd, QEvent.Type.TouchCancel, QEvent.Type.KeyRelease, QEvent.Type.TabletMove,
                 QEvent.Type.TabletRelease}
END_OF_PRESS = {QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel}
ATTRACT_TRANSITION_MS = 1200  # slower and softer than a visitor's slide
ATTRACT_FRAME_INTERVAL_MS = 33  # 30 frames a second (see the module's docstring)


@dataclass(frozen=True)
class AttractPlan:
    after_seconds: float = 90.0
    seconds_per_screen: float = 12.0
    screen_ids: tuple[str, ...] = ()  # empty: every screen
    call_to_action: Text = EMPTY_TEXT


class AttractController(QObject):
    attract_started = Signal()
    attract_ended = Signal()

    def __init__(self, stage: QWidget, clock: Clock, plan: AttractPlan, parent: QObject | None = None) -> None:
        super().__init__(parent or stage)
        from kiosk.stage import Stage  # the type only; the stage module is heavy

        assert isinstance(stage, Stage)
        self.stage = stage
        self.clock = clock
        self.plan = plan
        self.active = False
        self.last_input = clock.now()
        self._loop: list[int] = self._attract_indices()
        self._loop_position = 0
        self._next_step_at = 0.0
        self._swallowing = False  # the rest of the press that woke the exhibit is not the visitor's
        self._released_at_window = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check)
        self.overlay = InvitationOverlay(stage, stage.context.frames, plan.call_to_action,
                                      reduced_motion=stage.context.reduced_motion)

    def _attract_indices(self) -> list[int]:
        """The screens the loop shows, without those taken out of the rotation."""
        ids = [screen.id for screen in self.stage.exhibit.screens]
        wanted = [ids.index(screen_id) for screen_id in self.plan.screen_ids if screen_id in ids]
        in_rotation = [index for index in wanted or range(len(ids)) if self.stage.screen_enabled(index)]
        return in_rotation or [self.stage.home_index()]

    # --- set-up --------------------------------------------------------------------
    def install(self) -> None:
        """Start watching input (call after the stage's gestures, so this filter runs first)."""
        QApplication.instance().installEventFilter(self)
        self.last_input = self.clock.now()
        self._arm(self.plan.after_seconds)

    def uninstall(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self._timer.stop()
        self.overlay.stop()

    def set_plan(self, plan: AttractPlan) -> None:
        self.plan = plan
        self._loop = self._attract_indices()
        self.overlay.set_call_to_action(plan.call_to_action)
        if not self.active:
            self._arm(max(0.0, plan.after_seconds - (self.clock.now() - self.last_input)))

    # --- time ----------------------------------------------------------------------
    def _arm(self, clock_seconds: float) -> None:
        real_ms = clock_seconds / clock_speed(self.clock) * 1000
        self._timer.start(max(1, min(int(real_ms) + 1, 2**31 - 1)))

    @property
    def idle_seconds(self) -> float:
        return self.clock.now() - self.last_input

    def check(self) -> None:
        """Act on the clock: enter attract mode, or move the loop on. The timer calls this;
        tests call it after advancing a ManualClock."""
        now = self.clock.now()
        if self.active:
            if now >= self._next_step_at:
                self._step()
            self._arm(self._next_step_at - self.clock.now())
            return
        idle = now - self.last_input
        if idle >= self.plan.after_seconds:
            self.enter()
        else:
            self._arm(self.plan.after_seconds - idle)

    # --- attract mode --------------------------------------------------------------
    def enter(self) -> None:
        if self.active:
            return
        log.info("attract mode after %.0f s without input", self.idle_seconds)
        self.active = True
        self.attract_started.emit()  # observers (admin panel, statistics) act before the reset
        self.stage.reset()
        self.overlay.reduced_motion = self.stage.context.reduced_motion  # back to the exhibit's default
        self.stage.set_chrome_visible(False)
        self.overlay.set_language(self.stage.language)
        self.stage.context.frames.set_interval_ms(ATTRACT_FRAME_INTERVAL_MS)
        self.overlay.start()
        self._loop = self._attract_indices()  # a screen may have been taken out since
        self._loop_position = 0
        first = self._loop[0]
        if self.stage.index != first:
            self.stage.go_to(first, mode="fade", duration_ms=ATTRACT_TRANSITION_MS)
        self._next_step_at = self.clock.now() + self.plan.seconds_per_screen
        self._arm(self.plan.seconds_per_screen)

    def _step(self) -> None:
        self._loop = self._attract_indices()
        if len(self._loop) > 1:
            self._loop_position = (self._loop_position + 1) % len(self._loop)
            self.stage.finish_transition()
            self.stage.go_to(self._loop[self._loop_position], mode="fade", duration_ms=ATTRACT_TRANSITION_MS)
        else:  # one screen: play it again
            view = self.stage.current_view()
            view.left()
            view.entered()
        self._next_step_at = self.clock.now() + self.plan.seconds_per_screen

    def leave(self) -> None:
        """A visitor arrived: the home screen at once, fresh."""
        if not self.active:
            return
        self.active = False
        self.overlay.stop()
        self.stage.context.frames.set_interval_ms(FRAME_INTERVAL_MS)
        self.stage.finish_transition()
        self.stage.reset()
        self.stage.go_to(self.stage.home_index(), duration_ms=0)
        self.stage.set_chrome_visible(True)
        self.last_input = self.clock.now()
        log.info("attract mode ended by a visitor; home screen %s",
                 self.stage.exhibit.screens[self.stage.home_index()].id)
        self.attract_ended.emit()
        self._arm(self.plan.after_seconds)

    # --- input ---------------------------------------------------------------------
    def _watch_window_level(self, kind: QEvent.Type) -> None:
        """Input reaches the window's QWindow before any widget. The release of a press we
        swallowed may never reach a widget (no widget took the press), so a window-level
        release followed by a new press ends the swallowing."""
        if not self._swallowing:
            return
        if kind in END_OF_PRESS:
            self._released_at_window = True
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin) and self._released_at_window:
            self._swallowing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in PRESS_EVENTS and kind not in FOLLOW_EVENTS:
            return False
        window = self.stage.window()
        if watched is window.windowHandle():
            self._watch_window_level(kind)
            return False
        if not isinstance(watched, QWidget) or watched.window() is not window:
            return False
        if self._swallowing:
            if kind in END_OF_PRESS:
                self._swallowing = False
            if kind in FOLLOW_EVENTS or kind == QEvent.Type.MouseButtonPress:
                return True  # the rest of the press that woke the exhibit (and a synthesized mouse press)
        if kind in PRESS_EVENTS or kind in (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate):
            self.last_input = self.clock.now()
        if not self.active:
            return False
        if kind in PRESS_EVENTS:
            self._swallowing = kind not in (QEvent.Type.KeyPress, QEvent.Type.Wheel)
            self._released_at_window = False
            self.leave()
            return True
        return True  # moves and stray releases while attract plays belong to nobody
