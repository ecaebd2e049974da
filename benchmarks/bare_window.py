"""The baseline: a bare PySide6 + pyqtgraph full-screen window animating one curve at 60 Hz.

    python benchmarks/bare_window.py

It is what "a Qt kiosk with nothing in it" costs: the benchmark starts it beside the exhibit
and compares first frame, memory and CPU. It sends systemd's `READY=1` to `$NOTIFY_SOCKET`
from its first paint, exactly as the exhibit does, so both are timed the same way. Ctrl+C or
SIGTERM ends it.
"""

from __future__ import annotations

import math
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # kiosk.sdnotify, when run as a script

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication

from kiosk.sdnotify import SystemdNotifier

POINTS = 600
FRAME_MS = 16


class BareWindow(pg.PlotWidget):
    def __init__(self) -> None:
        super().__init__()
        self.notifier = SystemdNotifier.from_environment()
        self.painted = False
        self.xs = np.linspace(0, 4 * math.pi, POINTS)
        self.curve = self.plot(self.xs, np.sin(self.xs), pen=pg.mkPen("#f2a93b", width=4))
        self.setYRange(-1.2, 1.2)
        self.started = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self.animate)
        self.timer.start()

    def animate(self) -> None:
        phase = (time.monotonic() - self.started) * 2.0
        self.curve.setData(self.xs, np.sin(self.xs + phase))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            if self.notifier is not None:
                # after this paint has reached the window (the flush follows paintEvent at once)
                QTimer.singleShot(0, self.notifier.ready)


def main() -> int:
    app = QApplication(sys.argv[:1])
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    window = BareWindow()
    window.showFullScreen()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
