"""The heap trimmer: freed memory goes back to the system after the stage's bursts of large
allocations, once per burst, never inside the frame that ends it."""

from __future__ import annotations

import gc
import linecache
import sys
import weakref
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from kiosk.controllers.memory import HeapTrimmer, release_free_memory

glibc_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")


class Bursts(QObject):
    views_prepared = Signal()
    transition_finished = Signal()


def resident_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@glibc_only
def test_freed_heap_blocks_go_back_to_the_system() -> None:
    # 100 kB blocks are below glibc's mmap threshold, so they come from the heap; the last one
    # stays allocated, so the heap cannot shrink from its top by itself and the pages of the
    # others stay resident after they are freed, as after a transition's pixmaps.
    blocks = [bytearray(100_000) for _ in range(600)]
    for block in blocks:
        block[::4096] = b"x" * len(block[::4096])  # touch every page
    keep = blocks.pop()
    before_free = resident_kib()
    del blocks
    after_free = resident_kib()
    assert release_free_memory()
    after_trim = resident_kib()
    print(f"\nRSS {before_free} kB with 60 MB of blocks, {after_free} kB after freeing them, "
          f"{after_trim} kB after the trim")
    assert after_free - after_trim > 40_000  # most of the 60 MB given back
    assert len(keep) == 100_000


def test_one_trim_per_burst_on_the_next_turn_of_the_event_loop(qtbot) -> None:
    bursts = Bursts()
    trimmer = HeapTrimmer([bursts.views_prepared, bursts.transition_finished], parent=bursts, delay_ms=0)
    linecache.getlines(__file__)  # as a logged traceback leaves it
    assert __file__ in linecache.cache
    bursts.views_prepared.emit()
    bursts.transition_finished.emit()
    bursts.transition_finished.emit()
    assert trimmer.trims == 0  # not inside the slot that ends the burst
    expected = 1 if release_free_memory() else 0
    qtbot.waitUntil(lambda: __file__ not in linecache.cache)
    assert trimmer.trims == expected
    bursts.transition_finished.emit()
    qtbot.waitUntil(lambda: trimmer.trims == 2 * expected and not trimmer._pending)


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_settling_freezes_what_lives_long_and_collects_what_was_replaced(qtbot) -> None:
    bursts = Bursts()
    trimmer = HeapTrimmer([bursts.transition_finished], settled=bursts.views_prepared, parent=bursts,
                          delay_ms=0)
    try:
        old_screen = Node()
        gone = weakref.ref(old_screen)
        bursts.views_prepared.emit()  # start-up: the screens are prepared
        qtbot.waitUntil(lambda: trimmer.settles == 1)
        assert gc.get_freeze_count() > 0 and gone() is not None
        del old_screen  # new content replaced it: garbage, but frozen
        gc.collect()
        assert gone() is not None  # a frozen object is never looked at
        bursts.views_prepared.emit()  # the new content's screens are prepared
        qtbot.waitUntil(lambda: trimmer.settles == 2)
        assert gone() is None
        bursts.transition_finished.emit()
        qtbot.waitUntil(lambda: not trimmer._pending)
        assert trimmer.settles == 2  # a transition only trims
    finally:
        gc.unfreeze()
