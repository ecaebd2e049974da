"""A soak: a real ExhibitSession on the bundled exhibit lives through at least 10,000 screen
transitions and 500 attract cycles on a ManualClock (days of kiosk life in about a minute). After
a warm-up, its memory may grow by at most 5 MB, and the number of live Qt objects and of running
timers must come back to what it was. The figures are printed (`pytest -s`) and repeated in the
assertion messages.

KIOSK_SOAK_TRANSITIONS and KIOSK_SOAK_CYCLES run a longer soak.
"""

from __future__ import annotations

import gc
import os
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from events import deliver, post_key, post_tap
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication
from sessions import close_session, open_session

from kiosk.clock import ManualClock
from kiosk.controllers.faults import FaultGuard
from kiosk.procinfo import resident_bytes
from kiosk.session import ExhibitSession

pytestmark = pytest.mark.slow

TRANSITIONS = int(os.environ.get("KIOSK_SOAK_TRANSITIONS", "10000"))
CYCLES = int(os.environ.get("KIOSK_SOAK_CYCLES", "500"))
WARM_UP = (300, 15)  # transitions, attract cycles: every screen built, every cache filled
MAX_GROWTH_MB = 5.0
SEED = 7
NAVIGATION_KEYS = [Qt.Key.Key_Right] * 4 + [Qt.Key.Key_Left] * 3 + [Qt.Key.Key_Home]


@dataclass(frozen=True)
class Snapshot:
    rss_mb: float
    qobjects: int
    widgets: int
    active_timers: int
    frame_subscribers: int

    def __str__(self) -> str:
        return (f"RSS {self.rss_mb:.1f} MB, {self.qobjects} QObjects, {self.widgets} widgets, "
                f"{self.active_timers} active timers, {self.frame_subscribers} frame subscribers")


class Soak:
    def __init__(self, session: ExhibitSession, clock: ManualClock) -> None:
        self.session, self.clock = session, clock
        self.rng = random.Random(SEED)
        self.transitions = 0
        self.animated = 0  # of them, slides and fades (the others are cuts: attract mode's way home)
        self.cycles = 0
        self.stage.screen_changed.connect(self._screen_changed)
        self.session.attract.attract_started.connect(self._attract_started)

    @property
    def stage(self):  # one stage for the whole soak (the content does not change)
        return self.session.stage

    def _screen_changed(self, index: int, screen_id: str) -> None:
        self.transitions += 1

    def _attract_started(self) -> None:
        self.cycles += 1

    def run(self, transitions: int, cycles: int) -> None:
        """Visitors and attract loops in turn until both counts are reached."""
        goal_transitions, goal_cycles = self.transitions + transitions, self.cycles + cycles
        attract_screens = len(self.session.attract._attract_indices())
        # the attract loop moves the stage too (entering, and each of its screens): visitors do the rest
        per_visit = max(1, (transitions - cycles * attract_screens) // max(cycles, 1))
        while self.transitions < goal_transitions or self.cycles < goal_cycles:
            self.visitor(per_visit)
            if self.cycles < goal_cycles:
                self.attract_cycle()

    def visitor(self, steps: int) -> None:
        """A visitor walks the screens with the keys, now and then switching the language."""
        for _ in range(steps):
            if self.rng.random() < 0.01:
                other = [lang for lang in self.session.exhibit.languages if lang != self.stage.language]
                self.stage.set_language(self.rng.choice(other))
            key = self.rng.choice(NAVIGATION_KEYS)
            if key == Qt.Key.Key_Right and self.stage.index == len(self.session.exhibit.screens) - 1:
                key = Qt.Key.Key_Home
            if key == Qt.Key.Key_Left and self.stage.index == 0:
                key = Qt.Key.Key_Right
            post_key(self.session.window, key)
            deliver()
            self.animated += self.stage.transitioning
            self.finish_animations(self.rng.uniform(0.4, 1.2))

    def attract_cycle(self) -> None:
        """Nobody there until attract mode starts and loops once through its screens; then a
        visitor touches the screen."""
        attract = self.session.attract
        self.clock.advance(attract.plan.after_seconds + 0.5)
        attract.check()
        self.animated += self.stage.transitioning
        self.finish_animations(0.1)
        for _ in attract._attract_indices():
            self.clock.advance(attract.plan.seconds_per_screen)
            attract.check()
            self.animated += self.stage.transitioning
            self.finish_animations(0.1)
        window = self.session.window
        post_tap(window, QPoint(window.width() // 2, window.height() // 2))
        deliver()
        self.finish_animations(0.5)

    def finish_animations(self, seconds: float) -> None:
        """Let `seconds` of clock time pass, ten frames a second while something animates (enough
        for every tween to run its course; each frame costs what a real one does)."""
        frames = self.stage.context.frames
        end = self.clock.now() + seconds
        while self.clock.now() < end:
            step = 1 / 10 if frames.active else end - self.clock.now()
            self.clock.advance(min(step, end - self.clock.now()) + 1e-9)
            frames.pump()

    def snapshot(self) -> Snapshot:
        """Taken at home, with no transition running and everything deleted that is due."""
        self.stage.finish_transition()
        for _ in range(3):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            QApplication.processEvents()
        gc.collect()
        roots = [self.session.window, self.session]
        objects = {id(obj) for root in roots for obj in [root, *root.findChildren(QObject)]}
        objects |= {id(widget) for widget in QApplication.allWidgets()}
        timers = {id(timer) for root in roots for timer in root.findChildren(QTimer) if timer.isActive()}
        rss = resident_bytes()
        assert rss is not None, "no /proc/self/status: the soak needs Linux"
        return Snapshot(rss / 2**20, len(objects), len(QApplication.allWidgets()), len(timers),
                        self.stage.context.frames.subscriber_count)


@pytest.fixture
def soaked_session(qtbot, exhibit) -> Iterator[ExhibitSession]:
    """The locked kiosk as it runs (the fault guard installed first), in its smallest window:
    painting costs by the pixel, leaks do not."""
    guard = FaultGuard()
    guard.install()
    session = open_session(qtbot, exhibit, ManualClock(1000.0), size=(480, 320), windowed=False)
    guard.attach(session)
    yield session
    guard.uninstall()
    close_session(session)
    assert guard.total_faults == 0, "a fault was logged during the soak"


def test_soak_ten_thousand_transitions_and_five_hundred_attract_cycles(soaked_session) -> None:
    session = soaked_session
    soak = Soak(session, session.clock)  # type: ignore[arg-type]
    soak.run(*WARM_UP)
    soak.stage.home()
    soak.finish_animations(1)
    before = soak.snapshot()
    start_transitions, start_cycles, start_animated = soak.transitions, soak.cycles, soak.animated
    started = time.perf_counter()
    soak.run(TRANSITIONS, CYCLES)
    soak.stage.home()
    soak.finish_animations(1)
    seconds = time.perf_counter() - started
    after = soak.snapshot()
    transitions, cycles = soak.transitions - start_transitions, soak.cycles - start_cycles
    animated = soak.animated - start_animated
    growth = after.rss_mb - before.rss_mb
    days = (session.clock.now() - 1000.0) / 86400
    figures = (f"soak: {transitions} transitions ({animated} animated, {transitions - animated} cuts) and {cycles} "
               f"attract cycles in {seconds:.1f} s "
               f"({days:.1f} days of clock time); memory growth {growth:+.2f} MB (at most {MAX_GROWTH_MB:g}); "
               f"before: {before}; after: {after}")
    print("\n" + figures)
    assert transitions >= TRANSITIONS and cycles >= CYCLES, figures
    assert animated >= 0.9 * transitions, figures
    assert growth <= MAX_GROWTH_MB, figures
    assert (after.qobjects, after.widgets) == (before.qobjects, before.widgets), f"Qt objects leak: {figures}"
    assert after.active_timers == before.active_timers, f"timers left running: {figures}"
    assert after.frame_subscribers == before.frame_subscribers == 0, f"animations left subscribed: {figures}"
