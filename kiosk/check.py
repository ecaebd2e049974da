"""`check`: a technician's self-test of an installed kiosk, one line per check.

    python main.py check [--content DIR] [--size WxH] [--config FILE]
    iter-kiosk check                      (the same, in the bundle)

It loads the settings and the content pack, renders every screen off-screen in every language
at the configured size (text must fit its box), plays the power chart to its end on a manual
clock, opens and closes the statistics database, and checks what the bundle could lack (fonts,
image formats, ICU's data). Each check prints `[ OK ]`, `[FAIL]` (with the problems under it,
files as path:line:column) or `[SKIP]`; the last line is `OK` or `FAILED: n checks: ...`.
The exit status is 0 only when every check passed. A check that raises is reported as a
failure with the exception's type and place, never a traceback.

Run over SSH it needs no display: with none set it uses Qt's off-screen platform.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import __version__

if TYPE_CHECKING:
    from kiosk.content.model import Exhibit, Screen
    from kiosk.settings import Settings

DEFAULT_SIZE = (1920, 1080)
CHART_FPS = 30  # frames per second of chart time when playing it on the manual clock
BROKEN_PYSIDE = "6.12.0"  # on CPython 3.11 it leaks a reference to None per void call (tests/test_none_refcount.py)


@dataclass
class Outcome:
    """What one check found: `status` is 'OK', 'FAIL' or 'SKIP'; `details` go under a FAIL."""

    name: str
    status: str
    summary: str
    details: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[str]:
        label = {"OK": "[ OK ]", "FAIL": "[FAIL]", "SKIP": "[SKIP]"}[self.status]
        yield f"{label} {self.name}: {self.summary}"
        for detail in self.details:
            yield f"       {detail}"


def passed(name: str, summary: str) -> Outcome:
    return Outcome(name, "OK", summary)


def failed(name: str, summary: str, details: Sequence[str] = ()) -> Outcome:
    return Outcome(name, "FAIL", summary, list(details))


def skipped(name: str, summary: str) -> Outcome:
    return Outcome(name, "SKIP", summary)


def raised(error: Exception) -> str:
    """An exception in one line: its type, message and where it was raised (no traceback)."""
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{type(error).__name__}: {error} (at {frame.filename}:{frame.lineno})"


def guarded(name: str, check: Callable[[], Outcome]) -> Outcome:
    """Run a check; an exception becomes a failure."""
    try:
        return check()
    except Exception as error:  # a self-test reports every failure and carries on
        return failed(name, raised(error))


# --- checks that need no Qt ---------------------------------------------------------------------

def check_python() -> Outcome:
    where = "bundled" if getattr(sys, "frozen", False) else sys.executable
    return passed("python", f"{'.'.join(map(str, sys.version_info[:3]))} ({where})")


def check_config(settings: Settings) -> Outcome:
    errors = [str(problem) for problem in settings.problems if problem.is_error]
    warnings = [str(problem) for problem in settings.problems if not problem.is_error]
    where = settings.config_path if settings.config_path.exists() else f"{settings.config_path} (none: defaults)"
    if errors:
        return failed("config file", f"{where}: {len(errors)} errors", errors + warnings)
    return passed("config file", f"{where}" + (f", {len(warnings)} warnings" if warnings else ""))


def check_content(content: Path, result: Any) -> Outcome:
    problems = sorted(result.problems, key=lambda p: (str(p.path), p.line, p.column))
    errors = [str(problem) for problem in problems if problem.is_error]
    warnings = len(problems) - len(errors)
    if not result.ok or result.exhibit is None:
        return failed("content pack", f"{content}: {len(errors)} errors", errors)
    exhibit = result.exhibit
    return passed("content pack", f"{content}: {len(exhibit.screens)} screens, {len(exhibit.languages)} languages"
                  + (f", {warnings} warnings (`main.py validate` lists them)" if warnings else ""))


def check_folder_writable(name: str, folder: Path) -> Outcome:
    """The kiosk writes here (the log); the folder is made as the kiosk would make it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return failed(name, f"{folder} is not writable: {error.strerror or error}")
    return passed(name, f"{folder} is writable")


def check_statistics(settings: Settings) -> Outcome:
    from kiosk.statistics import StatisticsStore, default_statistics_path

    path = default_statistics_path(settings.data_dir)
    if not settings.statistics:
        return passed("statistics", f"off in the config file (statistics: false); {path} not opened")
    store = StatisticsStore(path)
    try:
        if not store.ok:
            return failed("statistics", f"{path} does not open: {store.problem}")
    finally:
        store.close()
    return passed("statistics", f"{path} opens and closes")


# --- checks that need Qt ------------------------------------------------------------------------

def use_offscreen_without_display() -> None:
    """Over SSH there is no display: Qt's off-screen platform renders all the same."""
    if sys.platform.startswith("linux") and not any(os.environ.get(name) for name in
                                                    ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def check_qt() -> Outcome:
    import PySide6
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    summary = f"Qt {qVersion()}, PySide6 {PySide6.__version__}, platform {QGuiApplication.platformName()}"
    if PySide6.__version__ == BROKEN_PYSIDE and sys.version_info[:2] == (3, 11):
        return failed("qt", summary, [f"PySide6 {BROKEN_PYSIDE} on Python 3.11 leaks None and crashes after a while; "
                                      "install the version in requirements.lock"])
    return passed("qt", summary)


def check_fonts(exhibit: Exhibit | None) -> Outcome:
    from kiosk.style import load_bundled_fonts

    families = load_bundled_fonts()
    if not families:
        return failed("fonts", "no font in assets/fonts could be loaded")
    wanted = exhibit.theme.font_family if exhibit is not None else None
    if wanted and not any(family == wanted or family.startswith(wanted + " ") for family in families):
        return failed("fonts", f"the theme's font '{wanted}' is not among the loaded ones: {', '.join(families)}")
    return passed("fonts", ", ".join(families))


def check_image_formats() -> Outcome:
    from PySide6.QtGui import QImageReader

    formats = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    missing = [name for name in ("png", "jpeg", "svg") if name not in formats]
    if missing:
        return failed("image formats", f"Qt cannot read {', '.join(missing)} (a Qt image-format plug-in is missing)")
    return passed("image formats", "png, jpeg, svg")


def check_collation() -> Outcome:
    """Collation needs ICU's data (trimmed in the Linux bundle): French sorts 'é' before 'f'."""
    from PySide6.QtCore import QCollator, QLocale

    if QCollator(QLocale("fr")).compare("é", "f") >= 0:
        return failed("text collation", "'é' does not sort before 'f' in French: ICU's data is missing or damaged")
    return passed("text collation", "French and English sort as expected")


def render_stage(exhibit: Exhibit, size: tuple[int, int]) -> Any:
    """The stage off-screen at `size`, as `export` renders it (no animation, no window on screen)."""
    from PySide6.QtCore import Qt

    from kiosk.app import make_context
    from kiosk.clock import ManualClock
    from kiosk.stage import Stage

    stage = Stage(exhibit, make_context(exhibit, ManualClock(), None, reduced_motion=True))
    stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    stage.resize(*size)
    stage.show()
    return stage


def screen_problems(stage: Any, index: int) -> list[str]:
    """What is wrong with screen `index` in the stage's current language: text that does not fit, a blank picture."""
    from PySide6.QtWidgets import QApplication

    from kiosk.widgets.text import label_overflows

    stage.go_to(index, duration_ms=0)
    QApplication.processEvents()
    view = stage.current_view()
    view.entered()
    QApplication.processEvents()
    language = stage.language
    problems = [f"{language}: text does not fit its box: {label.text()[:60]!r} ({label.width()}x{label.height()})"
                for label in view.text_labels() if label_overflows(label)]
    image = stage.grab().toImage()
    corner = image.pixel(0, 0)
    step = max(1, min(image.width(), image.height()) // 64)
    if all(image.pixel(x, y) == corner for x in range(0, image.width(), step) for y in range(0, image.height(), step)):
        problems.append(f"{language}: the screen is drawn in one flat colour (nothing rendered)")
    view.left()
    return problems


def check_screens(exhibit: Exhibit, size: tuple[int, int]) -> list[Outcome]:
    stage = render_stage(exhibit, size)
    found: dict[int, list[str]] = {index: [] for index in range(len(exhibit.screens))}
    try:
        for language in exhibit.languages:
            stage.set_language(language)
            for index in found:
                found[index] += guarded_problems(lambda index=index: screen_problems(stage, index))
    finally:
        stage.close()
        stage.deleteLater()
    where = f"{', '.join(exhibit.languages)} at {size[0]}x{size[1]}"
    outcomes = []
    for index, screen in enumerate(exhibit.screens):
        name, summary = f"screen {screen.id}", f"{screen.layout}, {where}"
        outcomes.append(failed(name, summary, found[index]) if found[index] else passed(name, summary))
    return outcomes


def guarded_problems(find: Callable[[], list[str]]) -> list[str]:
    try:
        return find()
    except Exception as error:  # one screen's exception must not hide the others
        return [raised(error)]


def play_chart(exhibit: Exhibit, screen: Screen, size: tuple[int, int]) -> Outcome:
    """Every scenario plays to its end on a manual clock and the counter ends on its full-power energy."""
    from PySide6.QtCore import Qt

    from kiosk.app import make_context
    from kiosk.charts.pulse import MJ_PER_GJ
    from kiosk.clock import ManualClock
    from kiosk.layouts.chart import ChartView

    clock = ManualClock()
    context = make_context(exhibit, clock, None, reduced_motion=False)
    view = ChartView(screen, context)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(*size)
    view.show()
    name = f"chart {screen.id}"
    chart = view.chart
    if chart is None:
        view.close()
        return failed(name, "the screen has no chart")
    results, problems = [], []
    try:
        view.entered()
        for scenario in chart.spec.scenarios:
            if scenario.id != chart.scenario.id:
                chart.set_scenario(scenario.id)
            budget = chart.spec.axis_seconds + chart.spec.playback_seconds + 1.0
            for _ in range(round(budget * CHART_FPS)):
                if not chart.animating:
                    break
                clock.advance(1 / CHART_FPS)
                context.frames.pump()
            expected = scenario.pulse.flat_top_energy / MJ_PER_GJ
            if chart.animating:
                problems.append(f"{scenario.id}: still playing after {budget:g} s")
            elif abs(chart.energy_gj - expected) > 1e-6 * max(1.0, expected):
                problems.append(f"{scenario.id}: the counter ends on {chart.energy_gj:g} GJ, not {expected:g} GJ")
            results.append(f"{scenario.id} {expected:g} GJ")
        view.left()
        if context.frames.active:
            problems.append("frames keep running after the screen is left")
    finally:
        view.close()
        view.deleteLater()
    summary = f"{len(results)} scenarios play to the end: " + ", ".join(results)
    return failed(name, summary, problems) if problems else passed(name, summary)


# --- the command --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from kiosk.cli import parse_size

    parser = argparse.ArgumentParser(prog="main.py check", description="Self-test after an install or a content "
                                     "update: one line per check, exit status 0 only when all pass.")
    parser.add_argument("--content", type=Path, default=None, metavar="DIR",
                        help="content pack folder (default: the config file's content, else the bundled exhibit)")
    parser.add_argument("--size", type=parse_size, default=None, metavar="WxH",
                        help=f"screen size to render at (default: the config file's size, else "
                             f"{DEFAULT_SIZE[0]}x{DEFAULT_SIZE[1]})")
    parser.add_argument("--config", type=Path, default=None, metavar="FILE",
                        help="the config file (default: config.yaml in the platform's user config folder)")
    return parser


def run_checks(args: argparse.Namespace, report: Callable[[Outcome], None]) -> list[Outcome]:
    from kiosk.content.loader import load_pack
    from kiosk.settings import load_settings

    outcomes: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        outcomes.append(outcome)
        report(outcome)

    record(check_python())
    settings = load_settings(args, None, args.config)
    loaded = load_pack(settings.content)
    exhibit = loaded.exhibit if loaded.ok else None
    if exhibit is not None:
        settings = load_settings(args, exhibit, args.config)
    record(check_config(settings))
    record(guarded("content pack", lambda: check_content(settings.content, loaded)))
    use_offscreen_without_display()
    from kiosk.app import make_application

    make_application()
    for name, check in (("qt", check_qt), ("fonts", lambda: check_fonts(exhibit)),
                        ("image formats", check_image_formats), ("text collation", check_collation)):
        record(guarded(name, check))
    size = settings.size or DEFAULT_SIZE
    if exhibit is None:
        record(skipped("screens", "not rendered: the content pack does not load"))
    else:
        for outcome in guarded_list("screens", lambda: check_screens(exhibit, size)):
            record(outcome)
        for screen in exhibit.screens:
            if screen.layout == "chart":
                record(guarded(f"chart {screen.id}", lambda screen=screen: play_chart(exhibit, screen, size)))
    record(guarded("statistics", lambda: check_statistics(settings)))
    record(check_folder_writable("log folder", settings.log_dir))
    return outcomes


def guarded_list(name: str, checks: Callable[[], list[Outcome]]) -> list[Outcome]:
    try:
        return checks()
    except Exception as error:  # reported like any other failed check
        return [failed(name, raised(error))]


def check_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    print(f"iter-kiosk {__version__} check")

    def report(outcome: Outcome) -> None:
        for line in outcome.lines():
            print(line, flush=True)

    outcomes = run_checks(args, report)
    failures = [outcome.name for outcome in outcomes if outcome.status == "FAIL"]
    if failures:
        print(f"FAILED: {len(failures)} checks: {', '.join(failures)}")
        return 1
    print("OK")
    return 0
