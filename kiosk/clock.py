"""The one clock every time-driven part reads, so tests can run minutes of kiosk life at once."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a monotonic scale (only differences mean anything)."""
        ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that moves only when told to: tests advance it instead of sleeping."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not run backwards")
        self._now += seconds


class ScaledClock:
    """The system clock running `speed` times faster: soaks and benchmarks live through ten
    minutes of attract loop in thirty seconds. Timers that wait on this clock divide their
    real-time intervals by `speed`."""

    def __init__(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("clock speed must be positive")
        self.speed = speed
        self._start = time.monotonic()

    def now(self) -> float:
        return self._start + (time.monotonic() - self._start) * self.speed


def clock_speed(clock: Clock) -> float:
    """How many clock seconds pass per real second (1 for the system clock)."""
    return float(getattr(clock, "speed", 1.0))
