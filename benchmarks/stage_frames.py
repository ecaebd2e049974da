"""In-process timings of the exhibit's stage: screen-transition frames and tap-to-response latency.

    .venv/bin/python benchmarks/stage_frames.py transitions --size 3840x2160 [--rounds N]
    .venv/bin/python benchmarks/stage_frames.py chart [--frames N]
    .venv/bin/python benchmarks/stage_frames.py latency [--taps N]

Both build the real ExhibitSession (window, stage, gesture filter, attract, lockdown and admin
event filters, frame counter) with the bundled content, show its window at the given size and
print a table and, as the last line, a JSON object. Run them on a real X server (the benchmark
starts them on a private Xvfb with the xcb platform) so every frame is painted into the window's
backing store and flushed to the server, as on a kiosk; QT_QPA_PLATFORM=offscreen works too.

transitions: a ManualClock moves 1/60 s per frame and FrameDriver.pump() delivers it, exactly
  as the 60 Hz timer does; each frame is timed from pump() until the event loop has painted and
  flushed what it made dirty (processEvents), and frames start 1/60 s apart (see FrameTimer).
  The stage walks to the last screen and back, so
  every slide is measured; the two pixmaps a transition slides are rendered once when the tap
  arrives, which counts in the latency, not here.
chart: the power chart's playback on its screen in the stage (backdrop, chrome and all), frames
  driven and timed the same way, every scenario played from start to end in `--frames` frames.
  (benchmarks/chart_frames.py times the chart alone and checks that replays do not grow.)
latency: the real clock and the real 60 Hz frame timer; QTest presses and releases the mouse on
  the next-screen arrow (through the application's event filters, as a touch would). Two times
  are taken from just before the press: until the transition layer's first frame is painted,
  and until the first painted frame in which the new screen has moved in (what the visitor
  sees). Every screen is reached for the first time by a tap, so views that are built lazily
  count.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.figures import summary
from kiosk.clock import Clock, ManualClock, SystemClock
from kiosk.content.loader import load_pack
from kiosk.content.model import Exhibit
from kiosk.frames import FrameDriver
from kiosk.locations import bundled_content_dir
from kiosk.session import ExhibitSession, SessionOptions
from kiosk.style import load_bundled_fonts

FRAME_SECONDS = 1 / 60


class PaintCounter(QObject):
    """Counts paint events of one widget, and remembers the layer's progress at each."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.paints = 0
        self.progress: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            self.progress.append(float(getattr(watched, "progress", 0.0)))
        return False


def bundled_exhibit() -> Exhibit:
    result = load_pack(bundled_content_dir())
    if result.exhibit is None:
        raise SystemExit("the bundled content pack does not load:\n" + "\n".join(map(str, result.problems)))
    return result.exhibit


def open_session(clock: Clock, size: tuple[int, int]) -> ExhibitSession:
    # attract far away: nothing but the measured taps may move the stage
    session = ExhibitSession(bundled_exhibit(), clock, SessionOptions(windowed=True, attract_after=10**7))
    session.window.setGeometry(0, 0, *size)
    session.window.show()
    session.start()
    settle(1.5)  # what start-up leaves for the event loop is done, as on a kiosk that has been up a while
    return session


def settle(seconds: float) -> None:
    app = QApplication.instance()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.002)


class FrameTimer:
    """Times frames the way the 60 Hz FrameDriver timer makes them: the clock moves 1/60 s, pump()
    delivers the frame, the event loop paints and flushes it; the next frame starts one real
    frame interval after the last began (a frame that overran starts the next at once), so the
    X server copies a frame in the gap as it does in the running program."""

    def __init__(self, clock: ManualClock, frames: FrameDriver) -> None:
        self.clock = clock
        self.frames = frames
        self.times_ms: list[float] = []
        self._next_start = time.perf_counter()

    def frame(self, clock_step: float = FRAME_SECONDS) -> None:
        delay = self._next_start - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        self.clock.advance(clock_step)
        start = time.perf_counter()
        self.frames.pump()
        QApplication.instance().processEvents()
        end = time.perf_counter()
        self.times_ms.append((end - start) * 1000)
        self._next_start = max(start + FRAME_SECONDS, end)


def transition_frames(size: tuple[int, int], rounds: int) -> dict[str, object]:
    app = QApplication.instance()
    clock = ManualClock()
    session = open_session(clock, size)
    stage = session.stage
    assert stage is not None
    timer = FrameTimer(clock, session.frames)
    count = len(stage.exhibit.screens)
    targets = [*range(1, count), *range(count - 2, -1, -1)] * rounds
    for target in targets:
        stage.go_to(target)
        app.processEvents()  # the tap's own work (rendering both screens) is not a transition frame
        for _ in range(1000):
            if not stage.transitioning:
                break
            timer.frame()
        else:
            raise SystemExit("a transition did not end")
        app.processEvents()
    session.shutdown()
    return {"size": f"{size[0]}x{size[1]}", "transitions": len(targets), **summary(timer.times_ms)}


def chart_frames(size: tuple[int, int], frames_per_scenario: int) -> dict[str, object]:
    app = QApplication.instance()
    clock = ManualClock()
    session = open_session(clock, size)
    stage = session.stage
    assert stage is not None
    layouts = [screen.layout for screen in stage.exhibit.screens]
    if "chart" not in layouts:
        raise SystemExit("the bundled exhibit has no chart screen")
    stage.go_to(layouts.index("chart"), duration_ms=0)
    view = stage.current_view()
    chart = view.chart
    timer = FrameTimer(clock, session.frames)
    for scenario in [s.id for s in chart.spec.scenarios]:
        chart.set_scenario(scenario, animate=False)
        view.left()
        view.entered()  # plays the pulse from its start
        app.processEvents()
        step = chart.spec.playback_seconds / frames_per_scenario
        for _ in range(frames_per_scenario):
            timer.frame(step)
    session.shutdown()
    return {"size": f"{size[0]}x{size[1]}", "scenarios": len(chart.spec.scenarios), **summary(timer.times_ms)}


def tap_latency(taps: int) -> dict[str, object]:
    app = QApplication.instance()
    session = open_session(SystemClock(), (1920, 1080))
    stage = session.stage
    assert stage is not None
    counter = PaintCounter(stage.layer)
    first_paint_ms: list[float] = []
    moved_ms: list[float] = []
    count = len(stage.exhibit.screens)
    for tap in range(taps):
        if stage.index == count - 1:  # at the end: back home untimed, and on again
            stage.go_to(0, duration_ms=0)
            settle(0.1)
        paints_before = counter.paints
        moved_before = sum(1 for p in counter.progress if p > 0)
        centre = QPoint(stage.next_button.width() // 2, stage.next_button.height() // 2)
        start = time.perf_counter()
        QTest.mousePress(stage.next_button, Qt.MouseButton.LeftButton, pos=centre)
        QTest.mouseRelease(stage.next_button, Qt.MouseButton.LeftButton, pos=centre)
        first: float | None = None
        deadline = start + 5
        while time.perf_counter() < deadline:
            app.processEvents()
            if first is None and counter.paints > paints_before:
                first = (time.perf_counter() - start) * 1000
            if sum(1 for p in counter.progress if p > 0) > moved_before:
                moved_ms.append((time.perf_counter() - start) * 1000)
                break
        else:
            raise SystemExit(f"tap {tap + 1}: the transition did not paint within 5 s")
        first_paint_ms.append(first if first is not None else moved_ms[-1])
        while stage.transitioning:
            app.processEvents()
        settle(0.15)
    session.shutdown()
    return {"taps": taps, "first_paint": summary(first_paint_ms), "moved": summary(moved_ms),
            "moved_each_ms": [round(value, 1) for value in moved_ms]}


def parse_size(text: str) -> tuple[int, int]:
    width, height = text.lower().split("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["transitions", "chart", "latency"])
    parser.add_argument("--size", type=parse_size, default=(1920, 1080), help="window size for transitions")
    parser.add_argument("--rounds", type=int, default=3, help="walks to the last screen and back")
    parser.add_argument("--frames", type=int, default=720, help="chart frames per scenario (12 s at 60 Hz)")
    parser.add_argument("--taps", type=int, default=10)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_bundled_fonts()
    if args.what == "transitions":
        result = transition_frames(args.size, args.rounds)
        print(f"transition frames at {result['size']}: {result['count']} frames, median {result['median']:.2f} ms, "
              f"p95 {result['p95']:.2f} ms, max {result['max']:.2f} ms")
    elif args.what == "chart":
        result = chart_frames(args.size, args.frames)
        print(f"chart frames at {result['size']}: {result['count']} frames, median {result['median']:.2f} ms, "
              f"p95 {result['p95']:.2f} ms, max {result['max']:.2f} ms")
    else:
        result = tap_latency(args.taps)
        print(f"tap to first layer paint: median {result['first_paint']['median']:.1f} ms; to the slide moving: "
              f"median {result['moved']['median']:.1f} ms, max {result['moved']['max']:.1f} ms")
    app.processEvents()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
