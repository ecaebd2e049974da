"""The canary for PySide6 6.12.0's None leak.

PySide6(-Essentials) 6.12.0 on CPython 3.11 drops a reference to None on every call of a
void C++ method (QLabel.setText, QWidget.update, QTimer.start, ...). A kiosk makes such
calls on every frame, None's reference count runs down to zero within hours and the process
dies in `none_dealloc`. requirements.lock pins 6.11.3; this test fails at once if a
different build with the bug is installed.

On CPython 3.12 and newer None is immortal: `sys.getrefcount(None)` is a fixed huge number
that calls cannot change, so the test still runs and passes there, and guards nothing.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

CALLS = 3000
TOLERANCE = 10  # the interpreter's own bookkeeping may move it by a few; the bug moves it by thousands


def _void_calls(label: QLabel, widget: QWidget, timer: QTimer) -> None:
    for index in range(CALLS):
        label.setText("tick" if index % 2 else "tock")
        widget.update()
        timer.start(1000)
        timer.stop()


def test_void_calls_keep_none_refcount(qapp) -> None:
    widget = QWidget()
    label = QLabel("start", widget)
    timer = QTimer(widget)
    try:
        _void_calls(label, widget, timer)  # warm-up: caches, interned strings, lazily built bindings
        before = sys.getrefcount(None)
        _void_calls(label, widget, timer)
        after = sys.getrefcount(None)
    finally:
        timer.stop()
        widget.deleteLater()
    assert abs(after - before) <= TOLERANCE, (
        f"{4 * CALLS} void Qt calls changed None's reference count by {after - before}: this PySide6 build "
        f"leaks None (PySide6 6.12.0 on CPython 3.11 does); install the pinned one from requirements.lock")


def test_installed_pyside_is_the_locked_one() -> None:
    """The venv runs the PySide6 that requirements.lock pins (a stale .venv would hide the canary)."""
    from pathlib import Path

    import PySide6

    lock = (Path(__file__).resolve().parent.parent / "requirements.lock").read_text()
    pins = dict(line.split("==", 1) for line in lock.splitlines() if "==" in line and not line.startswith("#"))
    assert PySide6.__version__ == pins["PySide6-Essentials"].strip()
    assert PySide6.__version__ != "6.12.0"
