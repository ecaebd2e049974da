"""Input fuzzing: a fixed-seed stream of random touches, swipes, clicks, key presses, wheel turns and
window resizes on a real ExhibitSession (the bundled exhibit, the fault guard installed, the
technician's PIN pad reachable by the corner gesture), with a ManualClock moved between events so
attract mode comes and goes. Nothing may go wrong: no exception, no error logged, no fault.

20,000 events by default (about a minute on a CI core); KIOSK_FUZZ_EVENTS=200000 runs a longer one.
The figures are printed (`pytest -s`) and repeated in the assertion messages.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from types import TracebackType

import pytest
from events import deliver, post_key, post_swipe, post_tap
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sessions import close_session, open_session

from kiosk.admin.corners import CORNER_ORDER, corner_size
from kiosk.clock import ManualClock
from kiosk.controllers.faults import FaultGuard
from kiosk.pin import ALGORITHM, MIN_ITERATIONS, _b64, _derive
from kiosk.session import ExhibitSession

pytestmark = pytest.mark.slow

EVENTS = int(os.environ.get("KIOSK_FUZZ_EVENTS", "20000"))
SEED = 20_251_125
BATCH = 8  # events posted before the event loop runs (a burst, as from a real finger)
# Small windows (the layouts scale; painting costs by the pixel), landscape and portrait, down to the minimum.
SIZES = [(640, 360), (800, 450), (480, 320), (640, 480), (480, 640), (480, 720), (1024, 576), (560, 560)]
KEYS = [Qt.Key.Key_Right, Qt.Key.Key_Left, Qt.Key.Key_Home, Qt.Key.Key_Space, Qt.Key.Key_Backspace,
        Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return,
        Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_End, Qt.Key.Key_A,
        Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W, *(Qt.Key(Qt.Key.Key_0 + digit) for digit in range(10))]
MODIFIERS = [Qt.KeyboardModifier.NoModifier] * 6 + [
    Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier]


def quick_pin_hash(pin: str) -> str:
    """A valid stored PIN hash with the fewest iterations allowed, so the fuzzer's wrong PINs are cheap."""
    salt = secrets.token_bytes(16)
    return f"{ALGORITHM}${MIN_ITERATIONS}${_b64(salt)}${_b64(_derive(pin, salt, MIN_ITERATIONS))}"


class Trouble(logging.Handler):
    """Every record at ERROR or above, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Fuzzer:
    def __init__(self, session: ExhibitSession, clock: ManualClock, rng: random.Random) -> None:
        self.session, self.clock, self.rng = session, clock, rng
        self.window = session.window
        self.touch = QTest.createTouchDevice()
        self.done: Counter[str] = Counter()
        self.screens: set[int] = set()
        self.attract_cycles = 0
        self.pad_opened = 0
        self.actions: list[tuple[float, Callable[[], None]]] = [
            (27, self.tap), (10, self.tap_control), (13, self.swipe), (10, self.touch_tap), (24, self.key),
            (3, self.wheel), (0.5, self.resize), (0.5, self.corner_gesture), (0.5, self.idle), (11.5, self.wait)]
        self._weights = [weight for weight, _ in self.actions]

    @property
    def stage(self):
        return self.session.stage

    def watch(self) -> None:
        self.session.admin.opened.connect(self._pad_opened)  # type: ignore[union-attr]
        self._watch_stage()

    def _watch_stage(self) -> None:
        self.stage.screen_changed.connect(lambda index, _id: self.screens.add(index))
        self.session.attract.attract_started.connect(self._attract_started)

    def _pad_opened(self) -> None:
        self.pad_opened += 1

    def _attract_started(self) -> None:
        self.attract_cycles += 1

    # --- one event ------------------------------------------------------------------
    def step(self) -> None:
        action = self.rng.choices(self.actions, self._weights)[0][1]
        action()
        self.clock.advance(self.rng.uniform(0.0, 0.25))

    def settle(self) -> None:
        deliver()
        self.check_attract()
        self.screens.add(self.stage.index)

    def check_attract(self) -> None:
        """What the attract controller's timer does when it fires (the clock is a ManualClock, so
        the test fires it), run from the event loop as the timer would."""
        QTimer.singleShot(0, self.session.attract.check)
        deliver()

    def point(self) -> QPoint:
        return QPoint(self.rng.randrange(self.window.width()), self.rng.randrange(self.window.height()))

    def tap(self) -> None:
        self.done["tap"] += 1
        post_tap(self.window, self.point())

    def tap_control(self) -> None:
        """A tap on the middle of a visible widget: buttons, dots, hotspots, pad keys."""
        widgets = [w for w in self.window.findChildren(QWidget) if w.isVisible() and 0 < w.width() < 900]
        if not widgets:
            return self.tap()
        widget = self.rng.choice(widgets)
        self.done["tap on a control"] += 1
        post_tap(self.window, widget.mapTo(self.window, widget.rect().center()))
        return None

    def swipe(self) -> None:
        self.done["swipe"] += 1
        start = self.point()
        distance = self.rng.choice([-1, 1]) * self.rng.randrange(20, max(21, self.window.width() // 2))
        end = QPoint(min(max(start.x() + distance, 0), self.window.width() - 1),
                     min(max(start.y() + self.rng.randrange(-60, 61), 0), self.window.height() - 1))
        post_swipe(self.window, start, end, steps=self.rng.randrange(2, 7))

    def touch_tap(self) -> None:
        """A real touch (QTouchEvent through the window), sometimes dragged."""
        self.done["touch"] += 1
        start = self.point()
        QTest.touchEvent(self.window, self.touch).press(0, start).commit()
        end = start
        if self.rng.random() < 0.4:
            end = QPoint(max(0, min(self.window.width() - 1, start.x() + self.rng.randrange(-400, 401))), start.y())
            QTest.touchEvent(self.window, self.touch).move(0, end).commit()
        QTest.touchEvent(self.window, self.touch).release(0, end).commit()

    def key(self) -> None:
        self.done["key"] += 1
        post_key(self.window, self.rng.choice(KEYS), self.rng.choice(MODIFIERS))

    def wheel(self) -> None:
        self.done["wheel"] += 1
        point = self.point()
        target = self.window.childAt(point) or self.window
        QApplication.postEvent(target, QWheelEvent(
            QPointF(target.mapFrom(self.window, point)), QPointF(self.window.mapToGlobal(point)), QPoint(0, 0),
            QPoint(0, self.rng.choice([-120, 120])), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase, False))

    def resize(self) -> None:
        self.done["resize"] += 1
        self.window.resize(*self.rng.choice(SIZES))

    def corner_gesture(self) -> None:
        """The technician's gesture: the four corners in order, within five seconds."""
        self.done["corner gesture"] += 1
        inset = corner_size(self.window.width(), self.window.height()) // 2
        for corner in CORNER_ORDER:
            x = inset if "left" in corner else self.window.width() - inset
            y = inset if "top" in corner else self.window.height() - inset
            post_tap(self.window, QPoint(x, y))
            deliver()
            self.clock.advance(0.4)

    def idle(self) -> None:
        """Nobody there: long enough for attract mode, then a few of its screens."""
        self.done["idle until attract"] += 1
        attract = self.session.attract
        deliver()  # the last visitor's input lands first
        self.clock.advance(attract.plan.after_seconds + 1)
        self.check_attract()
        for _ in range(self.rng.randrange(1, 4)):
            self.clock.advance(attract.plan.seconds_per_screen)
            self.check_attract()

    def wait(self) -> None:
        self.done["wait"] += 1
        self.clock.advance(self.rng.uniform(0.3, 8.0))


@pytest.fixture
def fuzzed_session(qtbot, exhibit) -> Iterator[tuple[ExhibitSession, ManualClock, FaultGuard]]:
    """The locked kiosk as it runs: the fault guard installed first, then the session."""
    clock = ManualClock()
    stored = quick_pin_hash("73915046")  # 8 digits: random taps will not find it
    guard = FaultGuard()
    guard.install()
    session = open_session(qtbot, exhibit, clock, size=SIZES[0], windowed=False, pin_hash=lambda: stored)
    guard.attach(session)
    yield session, clock, guard
    guard.uninstall()
    close_session(session)


@pytest.mark.allow_running_timers  # the chart's playback may still run when the stream stops
def test_twenty_thousand_random_inputs_raise_nothing(qtbot, fuzzed_session) -> None:
    session, clock, guard = fuzzed_session
    errors: list[BaseException] = []
    chained = sys.excepthook

    def record(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        errors.append(value)
        chained(kind, value, trace)

    sys.excepthook = record
    trouble = Trouble()
    logging.getLogger().addHandler(trouble)
    fuzzer = Fuzzer(session, clock, random.Random(SEED))
    fuzzer.watch()
    started = time.perf_counter()
    try:
        for number in range(EVENTS):
            fuzzer.step()
            if number % BATCH == BATCH - 1:
                fuzzer.settle()
        fuzzer.settle()
    finally:
        seconds = time.perf_counter() - started
        logging.getLogger().removeHandler(trouble)
        sys.excepthook = chained
    total = sum(fuzzer.done.values())
    figures = (f"fuzz (seed {SEED}): {total} inputs in {seconds:.1f} s "
               f"({', '.join(f'{count} {kind}' for kind, count in fuzzer.done.most_common())}); "
               f"screens visited {sorted(fuzzer.screens)} of {len(session.exhibit.screens)}; "
               f"attract cycles {fuzzer.attract_cycles}; PIN pad opened {fuzzer.pad_opened}; "
               f"exceptions {len(errors)}; errors logged {len(trouble.records)}; faults {guard.total_faults}")
    print("\n" + figures)
    assert total >= EVENTS, figures
    assert not errors, f"{figures}\nfirst exception: {errors[0]!r}"
    assert not trouble.records, f"{figures}\nfirst error: {trouble.records[0].getMessage()}"
    assert guard.total_faults == 0, figures
    assert fuzzer.screens == set(range(len(session.exhibit.screens))), figures
    assert fuzzer.attract_cycles >= EVENTS // 400 and fuzzer.pad_opened >= EVENTS // 1000, figures
