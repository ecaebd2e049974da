"""Gives freed memory back to the system after the stage's bursts of large allocations.

Every transition renders two window-sized pixmaps (8 MB each at 1920x1080, 33 MB at 3840x2160)
and frees them when the slide ends; building the screens after the first frame does the same.
glibc's allocator keeps freed blocks for reuse and raises its mmap threshold after such frees,
so later bursts land on the heap and leave it fragmented: the process held 8 MB more after the
screens were prepared, and grew 7 MB over its first round of the attract loop, without leaking
anything. `malloc_trim(0)` returns the free pages. It walks the allocator's free lists (1 ms in
the kiosk, tens of ms in a process with a large heap), so it runs at most once every two seconds,
two seconds after a burst began: a visitor flipping through the screens costs one trim, and it
never runs inside a frame. Elsewhere than glibc it does nothing.

Once the screens are prepared, the objects made so far (Qt wrappers, content, pyqtgraph and
numpy's modules: about 200,000) are moved out of the cyclic garbage collector's sight with
`gc.freeze()`: they live as long as the exhibit, and every full collection walked all of them,
a CPU cost and a stall in the middle of an animation frame. New content unfreezes them first,
so the replaced screens are collected.

It also empties Python's line cache, which keeps the source of every file a logged traceback
came through (kiosk.library_setup.py stops PySide6 from filling it with every module's source).
"""

from __future__ import annotations

import ctypes
import gc
import linecache
import logging
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, SignalInstance

log = logging.getLogger("kiosk.memory")

TRIM_DELAY_MS = 2000


def _find_malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # musl and others have no malloc_trim
        return None


_MALLOC_TRIM = _find_malloc_trim()


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; False where that cannot be done."""
    if _MALLOC_TRIM is None:
        return False
    _MALLOC_TRIM(0)
    return True


def settle_long_lived_objects() -> float:
    """Collect what start-up (or the content it replaced) left, then freeze what remains; the
    seconds it took."""
    started = time.perf_counter()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return time.perf_counter() - started


class HeapTrimmer(QObject):
    """Trims the heap after each of the given signals, once per burst (signals arriving before
    the trim runs are one); after `settled` signals, freezes the long-lived objects first."""

    def __init__(self, bursts_ended: list[SignalInstance], settled: SignalInstance | None = None,
                 parent: QObject | None = None, delay_ms: int = TRIM_DELAY_MS) -> None:
        super().__init__(parent)
        self.delay_ms = delay_ms
        self.trims = 0
        self.settles = 0
        self._pending = False
        self._settle = False
        for signal in bursts_ended:
            signal.connect(self.trim_soon)
        if settled is not None:
            settled.connect(self.settle_soon)

    def settle_soon(self) -> None:
        """On the next turn of the event loop (the screens are prepared once per content)."""
        self._settle = True
        self.trim_soon(0)

    def trim_soon(self, delay_ms: int | None = None) -> None:
        """`delay_ms` from now, once for every burst that ends meanwhile."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(self.delay_ms if delay_ms is None else delay_ms, self, self.trim)

    def trim(self) -> None:
        self._pending = False
        if self._settle:
            self._settle = False
            seconds = settle_long_lived_objects()
            self.settles += 1
            log.debug("%d long-lived objects frozen in %.0f ms", gc.get_freeze_count(), seconds * 1000)
        linecache.clearcache()
        if release_free_memory():
            self.trims += 1
