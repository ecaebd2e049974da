"""Frame ticks for every animation, read from the injectable clock.

One QTimer runs only while something is animating; with nothing subscribed the exhibit
spends no CPU on frames. Tests drive frames with `pump()` and a ManualClock instead of
waiting for the timer.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.clock import Clock

log = logging.getLogger(__name__)

FrameCallback = Callable[[float], None]
FRAME_INTERVAL_MS = 16


class FrameDriver(QObject):
    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._subscribers: dict[int, FrameCallback] = {}
        self._next_token = 1
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_INTERVAL_MS)
        self._timer.timeout.connect(self.pump)

    def subscribe(self, callback: FrameCallback) -> int:
        token = self._next_token
        self._next_token += 1
        if self._closed:  # the exhibit has ended: late callbacks (a queued timer) animate nothing
            return token
        self._subscribers[token] = callback
        if not self._timer.isActive():
            self._timer.start()
        return token

    def close(self) -> None:
        """No more frames, ever: for when the exhibit ends."""
        self._closed = True
        self._subscribers.clear()
        self._timer.stop()

    def unsubscribe(self, token: int) -> None:
        self._subscribers.pop(token, None)
        if not self._subscribers:
            self._timer.stop()

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, interval_ms: int) -> None:
        """Time between frames from now on. Animations read the clock, so they keep their
        speed at any rate; only their smoothness and their CPU cost change."""
        self._timer.setInterval(max(1, interval_ms))

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def pump(self) -> None:
        """Deliver one frame to every subscriber (the timer calls this; so can tests)."""
        now = self.clock.now()
        for token, callback in list(self._subscribers.items()):
            if token not in self._subscribers:
                continue
            try:
                callback(now)
            except RuntimeError as error:
                if "already deleted" not in str(error):
                    raise
                # its widget was destroyed without unsubscribing: drop it rather than fail every frame
                log.error("dropped the animation of a deleted widget: %s", error)
                self.unsubscribe(token)


def ease_in_out_cubic(t: float) -> float:
    t = min(max(t, 0.0), 1.0)
    return 4 * t * t * t if t < 0.5 else 1 - math.pow(-2 * t + 2, 3) / 2


def ease_out_cubic(t: float) -> float:
    t = min(max(t, 0.0), 1.0)
    return 1 - math.pow(1 - t, 3)


class Tween(QObject):
    """A value from 0 to 1 over `duration` seconds of the driver's clock, eased.

    `on_frame(progress)` is called every frame; `on_done()` once at the end. Owned by its
    parent widget; `stop()` releases the frame subscription at once.
    """

    def __init__(
        self,
        frames: FrameDriver,
        duration: float,
        on_frame: Callable[[float], None],
        on_done: Callable[[], None] | None = None,
        easing: Callable[[float], float] = ease_in_out_cubic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._frames = frames
        self._duration = max(duration, 0.0)
        self._on_frame = on_frame
        self._on_done = on_done
        self._easing = easing
        self._token: int | None = None
        self._start = 0.0

    @property
    def running(self) -> bool:
        return self._token is not None

    def start(self, lead: float = 0.0) -> None:
        """Run from now; with a `lead` (seconds) the first frame is already that far in, so a
        response to a tap moves in the very frame that first shows it."""
        self.stop()
        self._start = self._frames.clock.now() - lead
        if self._duration == 0 or lead >= self._duration:
            self._finish()
            return
        self._token = self._frames.subscribe(self._tick)
        self._on_frame(self._easing(lead / self._duration) if lead > 0 else 0.0)

    def stop(self) -> None:
        if self._token is not None:
            self._frames.unsubscribe(self._token)
            self._token = None

    def finish_now(self) -> None:
        if self.running:
            self.stop()
            self._finish()

    def _tick(self, now: float) -> None:
        linear = (now - self._start) / self._duration
        if linear >= 1.0:
            self.stop()
            self._finish()
        else:
            self._on_frame(self._easing(linear))

    def _finish(self) -> None:
        self._on_frame(1.0)
        if self._on_done is not None:
            self._on_done()
