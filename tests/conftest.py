"""Shared test set-up.

- Qt runs off-screen: QT_QPA_PLATFORM=offscreen is set here, before anything imports Qt, so
  tests behave the same with or without a display. Tests that need a real X server start the
  program as a subprocess on the `xvfb_display` fixture (see tests/xvfb_support.py).
- The bundled fonts (assets/fonts) are registered as soon as pytest-qt's `qapp` exists, so
  text is measured and drawn with Inter, as on a kiosk.

Fixtures for every test: `manual_clock`, `exhibit`, `xvfb_display` (and pytest-qt's `qapp`,
`qtbot`). An autouse check fails a test that leaves a repeating QTimer running on a widget
that is hidden (closed) at teardown; mark a test `allow_running_timers` to let it.
"""

from __future__ import annotations

import os
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported anywhere

# The kiosk keeps its config file, log and statistics where platformdirs says (XDG on Linux).
# Tests point those at a private folder, so a test run never reads or writes the real ones
# (child processes started by tests inherit it). Tests that need their own set one per test.
_PRIVATE_HOME = tempfile.mkdtemp(prefix="kiosk-test-home-")
for _variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_variable] = os.path.join(_PRIVATE_HOME, _variable.lower())

from collections.abc import Iterator

import pytest
import xvfb_support

from kiosk.clock import ManualClock
from kiosk.content.model import Exhibit
from kiosk.locations import bundled_content_dir


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allow_running_timers: the test may leave a repeating QTimer running on a "
                                       "hidden widget (skips the dangling-timer check)")


@pytest.fixture(scope="session")
def qapp(qapp):  # pytest-qt's qapp, with the kiosk's fonts registered
    from kiosk.style import load_bundled_fonts

    families = load_bundled_fonts()
    if not families:
        pytest.fail("no font in assets/fonts could be loaded into Qt")
    return qapp


@pytest.fixture
def manual_clock() -> ManualClock:
    """A clock that moves only with `manual_clock.advance(seconds)`."""
    return ManualClock()


@pytest.fixture(scope="session")
def exhibit() -> Exhibit:
    """The bundled content pack (content/), loaded once per session. Treat it as read-only.

    Fails every test that uses it when the pack has errors, listing them: the bundled exhibit
    must always be valid.
    """
    from kiosk.content.loader import load_pack

    pack = bundled_content_dir()
    result = load_pack(pack)
    errors = [str(problem) for problem in result.problems if problem.is_error]
    if not result.ok or result.exhibit is None:
        pytest.fail(f"the bundled content pack {pack} does not load:\n" + "\n".join(errors or ["(no exhibit)"]),
                    pytrace=False)
    return result.exhibit


@pytest.fixture(scope="session")
def xvfb_display() -> Iterator[str]:
    """A private X server (`Xvfb :N -screen 0 1920x1080x24 -nolisten tcp`) for the session: yields ':N'.

    Skipped when Xvfb and its tools are missing, except under CI (CI=true), where that fails.
    """
    missing = xvfb_support.missing_tools()
    if missing:
        message = f"Xvfb tests need the Debian packages: {' '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run installs them)", pytrace=False)
        pytest.skip(message)
    with xvfb_support.xvfb_server(1920, 1080) as display:
        yield display


# --- repeating timers left running on hidden widgets -----------------------------------------------------
# Like napari's `_dangling_qtimers`: QTimer.start is wrapped for the test's duration and every timer
# started is remembered. At teardown (after pytest-qt has closed the widgets registered with qtbot) a
# timer fails the test when it is still valid, active, repeating, and its nearest widget ancestor is
# hidden: an animation that would spend CPU on a screen nobody sees. Single-shot timers stop on their
# own and are not judged, nor are timers with no widget ancestor (they belong to no screen).
# QTimer.singleShot and timers started from C++ are not seen. Offending timers are stopped, so one
# leak cannot make later tests fail.


def _widget_owner(timer):
    from PySide6.QtWidgets import QWidget

    owner = timer.parent()
    while owner is not None and not isinstance(owner, QWidget):
        owner = owner.parent()
    return owner


def _describe(obj) -> str:
    chain = []
    while obj is not None:
        name = obj.objectName()
        chain.append(type(obj).__name__ + (f"#{name}" if name else ""))
        obj = obj.parent()
    return " < ".join(chain)


@pytest.fixture(autouse=True)
def _dangling_qtimers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import shiboken6
    from PySide6.QtCore import QTimer

    started: list[QTimer] = []
    original_start = QTimer.start

    def start(self, *args, **kwargs):
        started.append(self)
        return original_start(self, *args, **kwargs)

    monkeypatch.setattr(QTimer, "start", start)
    yield
    monkeypatch.undo()
    if request.node.get_closest_marker("allow_running_timers"):
        started.clear()
        return
    dangling = []
    for timer in dict.fromkeys(started):  # each timer once, in start order
        if not shiboken6.isValid(timer) or not timer.isActive() or timer.isSingleShot():
            continue
        owner = _widget_owner(timer)
        if owner is not None and not owner.isVisible():
            dangling.append(f"{_describe(timer)} (every {timer.interval()} ms)")
            timer.stop()
    started.clear()
    if dangling:
        pytest.fail("repeating QTimer(s) still running on hidden widgets after the test:\n  " + "\n  ".join(dangling)
                    + "\nStop the animation when its screen is left or closed, or mark the test "
                      "@pytest.mark.allow_running_timers.", pytrace=False)
