"""The fault guard with a real session on the bundled exhibit: a view made to raise in `entered()`
or in `paintEvent`, reached by real key events through Qt's event loop. The traceback is logged,
the visitor is brought home, and a screen that fails three times leaves the rotation (keys, arrows,
dots and the attract loop skip it) until the content changes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from events import deliver, post_key, post_tap
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QPaintEvent
from sessions import close_session, open_session

from kiosk.clock import ManualClock
from kiosk.controllers.faults import FaultGuard, screen_in_traceback
from kiosk.layouts.hotspots import HotspotsView
from kiosk.layouts.timeline import TimelineView
from kiosk.session import ExhibitSession

CUTAWAY, SIGNING = 2, 3  # in the bundled exhibit: meaning, power, cutaway, signing, parties, site


class Kiosk:
    def __init__(self, qtbot, session: ExhibitSession, guard: FaultGuard, clock: ManualClock) -> None:
        self.qtbot, self.session, self.guard, self.clock = qtbot, session, guard, clock

    @property
    def stage(self):  # the stage is rebuilt when the content changes
        assert self.session.stage is not None
        return self.session.stage

    def press(self, key: Qt.Key, times: int = 1) -> None:
        for _ in range(times):
            post_key(self.session.window, key)
            deliver()
            self.settle()

    def settle(self) -> None:
        """Let a running transition end (the frame timer finishes it once the manual clock has moved
        past its end), and the guard's recovery run."""
        if self.stage.transitioning:
            self.clock.advance(5)
            self.qtbot.waitUntil(lambda: not self.stage.transitioning, timeout=5000)
        deliver()


@pytest.fixture
def kiosk(qtbot, exhibit) -> Iterator[Kiosk]:
    clock = ManualClock()
    guard = FaultGuard()
    guard.install()  # before the window is built, as in the kiosk
    session = open_session(qtbot, exhibit, clock)
    guard.attach(session)
    try:
        yield Kiosk(qtbot, session, guard, clock)
    finally:
        guard.uninstall()
        close_session(session)


def failing_entered(self: HotspotsView) -> None:
    raise RuntimeError("boom in entered")


def failing_paint(self: TimelineView, event: QPaintEvent) -> None:
    raise ZeroDivisionError("boom in paintEvent")


def test_an_exception_in_entered_is_logged_and_the_visitor_goes_home(kiosk: Kiosk, monkeypatch, caplog) -> None:
    monkeypatch.setattr(HotspotsView, "entered", failing_entered)
    with caplog.at_level(logging.ERROR, logger="kiosk.faults"):
        kiosk.press(Qt.Key.Key_Right, 2)  # meaning -> power -> cutaway
    assert kiosk.guard.total_faults == 1 and kiosk.guard.faults["cutaway"] == 1
    assert kiosk.stage.index == 0, "not brought back to the home screen"
    record = next(r for r in caplog.records if r.name == "kiosk.faults" and r.exc_info)
    assert "unexpected error on screen cutaway" in record.getMessage()
    assert "Traceback (most recent call last)" in caplog.text and "RuntimeError: boom in entered" in caplog.text
    assert "failing_entered" in caplog.text, "the traceback shows where it happened"
    assert kiosk.stage.screen_enabled(CUTAWAY), "one fault does not take a screen out"


def test_an_exception_while_painting_is_one_fault_and_the_visitor_goes_home(kiosk: Kiosk, monkeypatch,
                                                                           caplog) -> None:
    monkeypatch.setattr(TimelineView, "paintEvent", failing_paint)
    kiosk.guard.contain()  # as if the layout had been written that way: wrapped like every handler
    with caplog.at_level(logging.ERROR, logger="kiosk.faults"):
        kiosk.press(Qt.Key.Key_Right, 3)  # ... -> signing, which fails on every paint
        kiosk.stage.current_view().update()
        deliver()
    assert kiosk.stage.index == 0
    assert kiosk.guard.faults["signing"] == 1, "the repaints before recovery are one incident"
    assert "ZeroDivisionError" in caplog.text and "boom in paintEvent" in caplog.text
    assert "in failing_paint" in caplog.text, "the traceback shows where it happened"


def test_a_fault_during_a_real_slide_transition(kiosk: Kiosk, monkeypatch, qtbot) -> None:
    """The frame timer, not the test, finishes the slide: the fault happens inside a timer slot."""
    monkeypatch.setattr(HotspotsView, "entered", failing_entered)
    kiosk.stage.go_to(1, duration_ms=0)
    post_key(kiosk.session.window, Qt.Key.Key_Right)
    deliver()
    assert kiosk.stage.transitioning
    kiosk.clock.advance(5)
    qtbot.waitUntil(lambda: kiosk.guard.total_faults == 1 and kiosk.stage.index == 0, timeout=5000)


def test_three_faults_take_a_screen_out_until_the_content_changes(kiosk: Kiosk, monkeypatch, caplog,
                                                                  exhibit) -> None:
    monkeypatch.setattr(HotspotsView, "entered", failing_entered)
    disabled: list[str] = []
    kiosk.guard.screen_disabled.connect(disabled.append)
    with caplog.at_level(logging.ERROR, logger="kiosk.faults"):
        for attempt in range(3):
            kiosk.press(Qt.Key.Key_Right, 2)
            assert kiosk.stage.index == 0, f"attempt {attempt + 1} did not end at home"
    assert disabled == ["cutaway"] and not kiosk.stage.screen_enabled(CUTAWAY)
    assert "screen cutaway failed 3 times; it is out of the rotation" in caplog.text
    print(f"\nfaults: {kiosk.guard.total_faults} logged, screens taken out: {disabled}")

    # keys skip it
    kiosk.press(Qt.Key.Key_Right, 2)
    assert kiosk.stage.index == SIGNING, "the Right key did not skip the screen taken out"
    kiosk.press(Qt.Key.Key_Left)
    assert kiosk.stage.index == 1
    # it has no page dot, and the others still work
    dots = kiosk.stage.dots
    assert CUTAWAY not in dots.shown and not dots.buttons[CUTAWAY].isVisible()
    post_tap(kiosk.session.window, dots.mapTo(kiosk.session.window, dots.dot_center(SIGNING).toPoint()))
    deliver()
    kiosk.settle()
    assert kiosk.stage.index == SIGNING, "the dots no longer work at all"
    # the attract loop skips it
    attract = kiosk.session.attract
    attract.enter()
    shown = set()
    for _ in range(3 * len(exhibit.attract.screens)):
        kiosk.clock.advance(attract.plan.seconds_per_screen)
        attract.check()
        kiosk.settle()
        shown.add(kiosk.stage.index)
    assert CUTAWAY not in shown and len(shown) == len(exhibit.attract.screens) - 1, shown
    attract.leave()
    assert kiosk.guard.total_faults == 3

    kiosk.session.replace_exhibit(exhibit)  # new content: a fresh start
    assert kiosk.stage.screen_enabled(CUTAWAY) and not kiosk.guard.faults
    monkeypatch.undo()
    kiosk.press(Qt.Key.Key_Right, 2)
    assert kiosk.stage.index == CUTAWAY


def test_faults_on_the_home_screen_move_home_to_the_next_screen(kiosk: Kiosk, monkeypatch) -> None:
    from kiosk.layouts.hero import HeroView

    def failing_reset(self: HeroView) -> None:
        raise RuntimeError("home is broken")

    monkeypatch.setattr(HeroView, "reset", failing_reset)
    for _ in range(3):
        QTimer.singleShot(0, kiosk.stage.current_view().reset)  # from the event loop, as a timer would
        deliver()
    assert not kiosk.stage.screen_enabled(0)
    assert kiosk.stage.home_index() == 1 and kiosk.stage.index == 1


def test_an_error_outside_the_screens_is_logged_but_blames_no_screen(kiosk: Kiosk, caplog) -> None:
    kiosk.stage.go_to(SIGNING, duration_ms=0)

    def statistics_failure() -> None:
        raise OSError("database is locked")

    with caplog.at_level(logging.ERROR, logger="kiosk.faults"):
        QTimer.singleShot(0, statistics_failure)
        deliver()
    assert "unexpected error outside the screens" in caplog.text and "OSError: database is locked" in caplog.text
    assert kiosk.guard.total_faults == 1 and not kiosk.guard.faults
    assert kiosk.stage.index == 0


def test_the_view_in_the_traceback_is_blamed(kiosk: Kiosk) -> None:
    view = kiosk.stage.view(4)

    def inner() -> None:
        raise ValueError("inside")

    class Probe:
        def run(self) -> None:
            inner()

    try:
        view.setProperty("probe", 1)
        type(view).probe_method = lambda self: Probe().run()  # type: ignore[attr-defined]
        view.probe_method()  # type: ignore[attr-defined]
    except ValueError:
        trace = sys.exc_info()[2]
    finally:
        del type(view).probe_method  # type: ignore[attr-defined]
    assert screen_in_traceback(trace) == "parties"
    assert screen_in_traceback(None) is None


def test_uninstall_restores_the_previous_hooks(qtbot, exhibit) -> None:
    from kiosk.stage import TransitionLayer

    before, painted_by = sys.excepthook, TransitionLayer.__dict__["paintEvent"]
    guard = FaultGuard()
    guard.install()
    assert sys.excepthook == guard.handle
    assert getattr(TransitionLayer.paintEvent, "_kiosk_contains_errors", False), "the handlers are wrapped"
    guard.handle(RuntimeError, RuntimeError("no stage yet"), None)  # must not raise
    deliver()
    guard.uninstall()
    assert sys.excepthook is before
    assert TransitionLayer.__dict__["paintEvent"] is painted_by


def test_a_tap_still_works_after_a_fault(kiosk: Kiosk, monkeypatch) -> None:
    monkeypatch.setattr(HotspotsView, "entered", failing_entered)
    kiosk.press(Qt.Key.Key_Right, 2)
    assert kiosk.stage.index == 0
    button = kiosk.stage.next_button
    post_tap(kiosk.session.window, button.mapTo(kiosk.session.window, QPoint(button.width() // 2,
                                                                             button.height() // 2)))
    deliver()
    kiosk.settle()
    assert kiosk.stage.index == 1


PAINT_CRASH = """
import logging, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
logging.basicConfig(level=logging.ERROR, stream=sys.stdout, format="%(name)s: %(message)s")
from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack
from kiosk.controllers.faults import FaultGuard
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage

exhibit = load_pack(bundled_content_dir()).exhibit
stage = Stage(exhibit, make_context(exhibit, ManualClock(), None))
stage.resize(1280, 720)
stage.show()
app.processEvents()

def failing_paint(self, event):  # a bug in the timeline layout
    raise ZeroDivisionError("a mark cannot be drawn")

from kiosk.layouts.timeline import EventMark
EventMark.paintEvent = failing_paint
if sys.argv[1] == "guarded":
    FaultGuard(lambda: stage).install()  # before the timeline screen is built
stage.go_to(3)  # renders the timeline into a pixmap for the slide
print("still running")
"""


def test_a_paint_error_inside_a_transition_render_does_not_crash_the_process(tmp_path) -> None:
    """PySide6 6.11 segfaults when a Python paintEvent raises while Python code renders widgets
    (the stage does, for every transition); with the guard installed it is one logged fault.
    Run in a child process, so a crash cannot take the test session with it."""
    from kiosk.locations import program_root

    script = tmp_path / "paint_crash.py"
    script.write_text(PAINT_CRASH)
    runs = {mode: subprocess.run([sys.executable, str(script), mode], cwd=program_root(), capture_output=True,
                                 text=True, timeout=120, env={**os.environ, "PYTHONPATH": "."})
            for mode in ("guarded", "unguarded")}
    guarded = runs["guarded"]
    print(f"\nrender with a failing paintEvent: guarded exit {guarded.returncode}, "
          f"unguarded exit {runs['unguarded'].returncode} (-11 is the PySide6 segfault)")
    assert guarded.returncode == 0, guarded.stdout + guarded.stderr
    assert "still running" in guarded.stdout
    assert "unexpected error on screen signing" in guarded.stdout and "a mark cannot be drawn" in guarded.stdout
