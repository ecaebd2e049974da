"""Benchmark of the power chart: per-frame cost during playback, and no growth over 1,000 replays.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/chart_frames.py [--frames N] [--cycles N] [--json]

Frames are driven with a ManualClock and FrameDriver.pump(), exactly as the 60 fps timer
drives them. For each frame it times
  - update: the frame callback (curve data, cursor, labels, counters), and
  - frame:  the update plus the event loop's repaint and flush of what it made dirty,
at 1920×1080, and prints median and 95th percentile. Then it replays the pulse, switches
scenario and toggles JET 1,000 times and checks that live Qt objects, graphics items,
Python objects and traced memory do not grow (`--cycles 0` skips that). Exits 1 when a budget
is missed. With `--json` the last line is the frame figures as JSON (benchmarks/run.py reads it).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from benchmarks.figures import summary
from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack
from kiosk.frames import FrameDriver
from kiosk.layouts.base import RenderContext
from kiosk.layouts.chart import ChartView
from kiosk.locations import bundled_content_dir
from kiosk.style import load_bundled_fonts

MEDIAN_BUDGET_MS = 4.0
P95_BUDGET_MS = 8.0
FPS = 60


def measure_frames(view: ChartView, frames: FrameDriver, clock: ManualClock,
                   count: int) -> dict[str, list[float]]:
    app = QApplication.instance()
    chart = view.chart
    assert chart is not None
    update: list[float] = []
    frame: list[float] = []
    for scenario in [s.id for s in chart.spec.scenarios]:
        chart.set_scenario(scenario, animate=False)
        view.entered()
        step = chart.spec.playback_seconds / count
        for _ in range(count):
            clock.advance(step)
            start = time.perf_counter()
            frames.pump()
            middle = time.perf_counter()
            app.processEvents()  # paints what the frame made dirty and flushes it, as the event loop does
            end = time.perf_counter()
            update.append((middle - start) * 1000)
            frame.append((end - start) * 1000)
        view.left()
    return {"update": update, "frame": frame}


def live_counts(view: ChartView) -> dict[str, int]:
    gc.collect()
    chart = view.chart
    assert chart is not None
    return {
        "qobjects": len(view.findChildren(QObject)),
        "scene items": len(chart.plot.scene().items()),
        "python objects": len(gc.get_objects()),
        "traced KiB": tracemalloc.get_traced_memory()[0] // 1024,
    }


def replay_cycles(view: ChartView, frames: FrameDriver, clock: ManualClock, cycles: int) -> tuple[dict, dict]:
    app = QApplication.instance()
    chart = view.chart
    picker = view.picker
    assert chart is not None and picker is not None
    ids = [s.id for s in chart.spec.scenarios]

    def cycle(i: int) -> None:
        view.entered()
        for _ in range(5):
            clock.advance(1 / FPS)
            frames.pump()
        picker.buttons[ids[i % len(ids)]].click()  # a switch (or a replay of the same one)
        if picker.toggle is not None and i % 3 == 0:
            picker.toggle.click()
        for _ in range(5):
            clock.advance(chart.spec.axis_seconds / 4)
            frames.pump()
        view.left()
        if i % 50 == 0:
            app.processEvents()

    for i in range(50):  # warm-up: caches, fonts, first allocations
        cycle(i)
    tracemalloc.start()
    before = live_counts(view)
    for i in range(cycles):
        cycle(i)
    app.processEvents()
    after = live_counts(view)
    tracemalloc.stop()
    assert not frames.active, "a timer is still running after the screen was left"
    return before, after


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frames", type=int, default=720, help="frames per scenario (12 s at 60 fps)")
    parser.add_argument("--cycles", type=int, default=1000, help="replays + switches for the growth check")
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--json", action="store_true", help="end with the frame figures as one JSON line")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))

    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_bundled_fonts()
    result = load_pack(bundled_content_dir())
    if result.exhibit is None:
        print("the bundled content pack does not load:", *result.problems, sep="\n  ")
        return 2
    exhibit = result.exhibit
    clock = ManualClock()
    frames = FrameDriver(clock)
    context = RenderContext(exhibit.theme, clock, frames, exhibit.default_language)
    view = ChartView(exhibit.screen("power"), context)
    view.resize(width, height)
    view.show()
    app.processEvents()

    times = measure_frames(view, frames, clock, args.frames)
    ok = report_frames(times, width, height)
    if args.cycles > 0:
        ok = report_growth(view, frames, clock, args.cycles) and ok
    view.close()
    print("PASS" if ok else "FAIL")
    if args.json:
        print(json.dumps({"size": f"{width}x{height}", "update": summary(times["update"]),
                          "frame": summary(times["frame"])}))
    return 0 if ok else 1


def report_frames(times: dict[str, list[float]], width: int, height: int) -> bool:
    print(f"per-frame cost at {width}×{height}, {len(times['update'])} frames of playback:")
    for name, values in times.items():
        figures = summary(values)
        print(f"  {name:7s} median {figures['median']:6.2f} ms   p95 {figures['p95']:6.2f} ms   "
              f"max {figures['max']:6.2f} ms")
    frame = summary(times["frame"])
    if frame["median"] > MEDIAN_BUDGET_MS or frame["p95"] > P95_BUDGET_MS:
        print(f"  MISSED: budget is median ≤ {MEDIAN_BUDGET_MS} ms, p95 ≤ {P95_BUDGET_MS} ms "
              "(update + paint)")
        return False
    print(f"  within budget (median ≤ {MEDIAN_BUDGET_MS} ms, p95 ≤ {P95_BUDGET_MS} ms, update + paint)")
    return True


def report_growth(view: ChartView, frames: FrameDriver, clock: ManualClock, cycles: int) -> bool:
    started = time.perf_counter()
    before, after = replay_cycles(view, frames, clock, cycles)
    took = time.perf_counter() - started
    print(f"{cycles} replays with scenario switches and JET toggles ({took:.1f} s):")
    limits = {"qobjects": 0, "scene items": 0, "python objects": 2000, "traced KiB": 1024}
    ok = True
    for key, limit in limits.items():
        growth = after[key] - before[key]
        verdict = "ok" if growth <= limit else f"GREW (limit {limit})"
        print(f"  {key:15s} {before[key]:>9} → {after[key]:>9}   {growth:+d}   {verdict}")
        ok = ok and growth <= limit
    print(f"  timer running after left(): {frames.active}")
    return ok


if __name__ == "__main__":
    sys.exit(main())
