"""Counting the frames the window actually paints: for the admin panel's frame rate, the
health metrics (frames painted, age of the last frame) and the one-time "first frame" signal
that tells systemd the exhibit is ready.

Qt paints a widget window when it handles an UpdateRequest event; an event filter on the
window sees each one, so counting costs nothing between frames.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.clock import Clock


class FrameCounter(QObject):
    first_frame = Signal()  # once, just after the first frame has been painted

    def __init__(self, window: QWidget, clock: Clock) -> None:
        super().__init__(window)
        self.clock = clock
        self.frames = 0
        self.last_frame_at: float | None = None
        self._recent: deque[float] = deque(maxlen=240)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest:
            self.frames += 1
            now = self.clock.now()
            self.last_frame_at = now
            self._recent.append(now)
            if self.frames == 1:
                QTimer.singleShot(0, self.first_frame.emit)  # after this frame has been painted
        return False

    def frames_per_second(self, span: float = 2.0) -> float:
        """Frames painted per second over the last `span` seconds (0 on a still screen)."""
        now = self.clock.now()
        recent = [t for t in self._recent if now - t <= span]
        return len(recent) / span

    def seconds_since_last_frame(self) -> float | None:
        return None if self.last_frame_at is None else self.clock.now() - self.last_frame_at
