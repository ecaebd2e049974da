"""What the exhibit imports before its first frame, and PySide6's source scan turned off.

Each check runs in a fresh interpreter: what a process has imported cannot be undone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str) -> dict:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SCAN = """
    import json, linecache, sys
    import PySide6
    {setup}
    import colorsys  # any module with a source file, imported after PySide6
    print(json.dumps({{"cached": colorsys.__file__ in linecache.cache, "skipped": skipped}}))
"""


def test_pyside_no_longer_reads_every_imported_module() -> None:
    scanned = run_python(SCAN.format(setup="skipped = None"))
    assert scanned["cached"]  # PySide6 as it comes: the module's whole source kept in memory
    skipped = run_python(SCAN.format(setup="from kiosk.library_setup import skip_pyside_source_scan; "
                                           "skipped = skip_pyside_source_scan()"))
    assert skipped == {"cached": False, "skipped": True}


def test_the_first_screen_is_shown_without_the_chart_and_its_libraries() -> None:
    """pyqtgraph and numpy (0.3 s and 40 MB) come with the chart's module, imported when the
    chart's screen is built, after the first frame; the prometheus client only with `metrics`.
    The chart's classes are still contained by the fault guard when they come."""
    found = run_python("""
        import json, sys
        from kiosk.library_setup import skip_pyside_source_scan
        skip_pyside_source_scan()
        from kiosk.app import make_application, make_context, run_exhibit
        from kiosk.content.loader import load_pack
        from kiosk.controllers.containment import MARK
        from kiosk.controllers.faults import FaultGuard
        from kiosk.locations import bundled_content_dir
        from kiosk.session import ExhibitSession, SessionOptions
        from kiosk.clock import ManualClock

        app = make_application()
        guard = FaultGuard(parent=app)
        guard.install()
        exhibit = load_pack(bundled_content_dir()).exhibit
        session = ExhibitSession(exhibit, ManualClock(), SessionOptions(windowed=True, attract_after=10**7))
        session.window.setGeometry(0, 0, 960, 540)
        names = ("pyqtgraph", "numpy", "prometheus_client", "kiosk.charts.view", "kiosk.layouts.chart")
        at_first_frame = {}
        session.frame_counter.first_frame.connect(
            lambda: at_first_frame.update({name: name in sys.modules for name in names}))
        session.window.show()
        session.start()
        prepared = []
        session.stage.views_prepared.connect(lambda: prepared.append(True))
        for _ in range(500):
            app.processEvents()
            if prepared:
                break
        from kiosk.charts.view import Readouts  # its own paintEvent, defined after the guard was installed
        contained = getattr(Readouts.paintEvent, MARK, False)
        after = {name: name in sys.modules for name in ("pyqtgraph", "kiosk.layouts.chart")}
        session.shutdown()
        guard.uninstall()
        print(json.dumps({"before": at_first_frame, "after": after, "contained": contained, "prepared": prepared}))
    """)
    assert found["before"] and not any(found["before"].values()), found["before"]
    assert found["prepared"]
    assert all(found["after"].values()), found["after"]
    assert found["contained"]
