"""The stage with real widgets: navigation, transitions, input during a transition."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage


@pytest.fixture(scope="module")
def bundled():
    result = load_pack(bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.problems))
    return result.exhibit


@pytest.fixture
def stage(qtbot, bundled):
    clock = ManualClock()
    context = make_context(bundled, clock, None)
    stage = Stage(bundled, context)
    qtbot.addWidget(stage)
    stage.resize(1280, 720)
    stage.show()
    qtbot.waitExposed(stage)
    stage.install_gestures()
    stage.clock = clock
    yield stage
    stage.current_view().left()


def run_transition(stage: Stage) -> None:
    """Advance the manual clock through a whole transition, frame by frame."""
    frames = stage.context.frames
    for _ in range(100):
        if not stage.transitioning:
            return
        stage.clock.advance(1 / 60)
        frames.pump()
    raise AssertionError("transition did not end")


def test_keys_walk_through_every_screen_and_back(qtbot, stage):
    seen = [stage.exhibit.screens[stage.index].id]
    for _ in range(len(stage.exhibit.screens) - 1):
        QTest.keyClick(stage, Qt.Key.Key_Right)
        assert stage.transitioning, "a transition is animated"
        run_transition(stage)
        seen.append(stage.exhibit.screens[stage.index].id)
    assert seen == [s.id for s in stage.exhibit.screens]
    QTest.keyClick(stage, Qt.Key.Key_Right)  # past the end: nothing happens
    assert not stage.transitioning and stage.index == len(seen) - 1
    QTest.keyClick(stage, Qt.Key.Key_PageUp)
    run_transition(stage)
    assert stage.index == len(seen) - 2
    QTest.keyClick(stage, Qt.Key.Key_Home)
    run_transition(stage)
    assert stage.index == 0


def test_transition_takes_its_declared_time(stage):
    stage.next()
    duration = stage.exhibit.transition_ms / 1000
    stage.clock.advance(duration * 0.5)
    stage.context.frames.pump()
    assert stage.transitioning and 0 < stage.layer.progress < 1
    stage.clock.advance(duration * 0.51)
    stage.context.frames.pump()
    assert not stage.transitioning and stage.index == 1
    assert not stage.context.frames.active or stage.context.frames.subscriber_count > 0


def test_arrow_and_dot_taps_navigate(qtbot, stage):
    qtbot.mouseClick(stage.next_button, Qt.MouseButton.LeftButton)
    run_transition(stage)
    assert stage.index == 1
    dots = stage.dots
    center = dots.dot_center(4).toPoint()
    qtbot.mouseClick(dots, Qt.MouseButton.LeftButton, pos=center)
    run_transition(stage)
    assert stage.index == 4
    qtbot.mouseClick(stage.previous_button, Qt.MouseButton.LeftButton)
    run_transition(stage)
    assert stage.index == 3


def test_swipe_left_goes_forward_and_does_not_tap(qtbot, stage):
    view = stage.current_view()
    opened = []
    view.item_opened.connect(lambda kind, item: opened.append(item))
    start = QPoint(stage.width() * 3 // 4, stage.height() // 2)
    end = QPoint(stage.width() // 4, stage.height() // 2)
    QTest.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        QTest.mouseMove(view, start + (end - start) * step / 10)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, pos=end)
    run_transition(stage)
    assert stage.index == 1
    assert opened == []


def test_taps_during_a_transition_are_swallowed(qtbot, stage):
    stage.next()
    assert stage.transitioning
    qtbot.mouseClick(stage.layer, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    stage.next()  # a second request while one runs does nothing
    run_transition(stage)
    assert stage.index == 1


def test_language_switch_keeps_the_screen(qtbot, stage):
    stage.go_to(2)
    run_transition(stage)
    button = stage.language_buttons["fr"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert stage.language == "fr" and stage.index == 2
    title = stage.current_view().title.text()
    assert title == stage.exhibit.screens[2].title.get("fr")
    stage.reset()
    assert stage.language == stage.exhibit.default_language


def test_hidden_screens_run_no_frames(stage):
    for _ in range(len(stage.exhibit.screens) - 1):
        stage.next()
        run_transition(stage)
    stage.current_view().left()
    assert stage.context.frames.subscriber_count == 0
    assert not stage.context.frames.active
