"""The frame driver: one timer only while something animates, and no crash when a widget that
animated is destroyed without saying so."""

from __future__ import annotations

import logging

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from kiosk.clock import ManualClock
from kiosk.frames import FrameDriver


def test_the_timer_runs_only_while_something_is_subscribed(qapp) -> None:
    frames = FrameDriver(ManualClock())
    seen: list[float] = []
    token = frames.subscribe(seen.append)
    assert frames.active
    frames.pump()
    assert seen == [frames.clock.now()]
    frames.unsubscribe(token)
    assert not frames.active


def test_a_deleted_widgets_animation_is_dropped_and_logged(qapp, caplog: pytest.LogCaptureFixture) -> None:
    frames = FrameDriver(ManualClock())
    widget = QWidget()
    frames.subscribe(lambda _now: widget.update())
    survivor: list[float] = []
    frames.subscribe(survivor.append)
    shiboken6.delete(widget)
    with caplog.at_level(logging.ERROR, logger="kiosk.frames"):
        frames.pump()
        frames.pump()
    assert frames.subscriber_count == 1 and len(survivor) == 2, "the other animation keeps running"
    assert sum("deleted widget" in record.message for record in caplog.records) == 1
    frames.unsubscribe(next(iter(frames._subscribers)))


def test_nothing_animates_after_the_exhibit_has_ended(qapp) -> None:
    frames = FrameDriver(ManualClock())
    frames.subscribe(lambda _now: None)
    frames.close()
    assert not frames.active and frames.subscriber_count == 0
    frames.subscribe(lambda _now: None)  # a queued timer firing late
    assert not frames.active, "a closed driver starts no timer"
