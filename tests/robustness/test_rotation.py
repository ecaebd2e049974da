"""Screens taken out of the rotation (Stage.set_screen_enabled), with the real stage and real keys:
navigation, arrows, home and the attract loop skip them; the last screen cannot be taken out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.controllers.attract import AttractController, AttractPlan
from kiosk.stage import Stage


@pytest.fixture
def stage(qtbot, exhibit) -> Iterator[Stage]:
    stage = Stage(exhibit, make_context(exhibit, ManualClock(), None, reduced_motion=True))  # cuts: no tweens
    qtbot.addWidget(stage)
    stage.resize(960, 540)
    stage.show()
    stage.install_gestures()
    yield stage
    stage.current_view().left()


def test_keys_and_arrows_skip_a_screen_out_of_the_rotation(stage: Stage) -> None:
    stage.set_screen_enabled(1, False)
    assert not stage.screen_enabled(1)
    QTest.keyClick(stage, Qt.Key.Key_Right)
    assert stage.index == 2
    QTest.keyClick(stage, Qt.Key.Key_Left)
    assert stage.index == 0
    stage.go_to(1)
    assert stage.index == 0, "go_to went to a screen out of the rotation"
    stage.set_screen_enabled(1, True)
    QTest.keyClick(stage, Qt.Key.Key_Right)
    assert stage.index == 1


def test_arrows_hide_when_only_screens_out_of_the_rotation_lie_beyond(stage: Stage) -> None:
    last = len(stage.exhibit.screens) - 1
    stage.go_to(last - 1)
    assert stage.next_button.isVisible()
    stage.set_screen_enabled(last, False)
    assert not stage.next_button.isVisible() and stage.previous_button.isVisible()


def test_home_is_the_first_screen_in_the_rotation(stage: Stage) -> None:
    stage.go_to(3)
    stage.set_screen_enabled(0, False)
    assert stage.home_index() == 1
    QTest.keyClick(stage, Qt.Key.Key_Home)
    assert stage.index == 1


def test_the_last_screen_in_the_rotation_stays(stage: Stage) -> None:
    count = len(stage.exhibit.screens)
    for index in range(count):
        stage.set_screen_enabled(index, False)
    assert [stage.screen_enabled(index) for index in range(count)].count(True) == 1
    assert stage.screen_enabled(count - 1)


def test_the_attract_loop_skips_a_screen_taken_out_while_it_plays(stage: Stage, exhibit) -> None:
    clock = ManualClock()
    attract = exhibit.attract
    controller = AttractController(stage, clock, AttractPlan(attract.after_seconds, attract.seconds_per_screen,
                                                             attract.screens, attract.call_to_action))
    loop = [exhibit.index_of(screen_id) for screen_id in attract.screens]
    controller.enter()
    stage.set_screen_enabled(loop[1], False)
    shown = []
    for _ in range(2 * len(loop)):
        clock.advance(attract.seconds_per_screen)
        controller.check()
        shown.append(stage.index)
    controller.leave()
    controller.uninstall()
    assert loop[1] not in shown and set(shown) == set(loop) - {loop[1]}, shown


def test_a_screen_out_of_the_rotation_has_no_page_dot_and_the_others_close_up(qtbot, stage: Stage) -> None:
    dots = stage.dots
    count = len(stage.exhibit.screens)
    centre_of_last = dots.dot_center(count - 1)
    stage.set_screen_enabled(1, False)
    assert dots.shown == [0, *range(2, count)]
    assert not dots.buttons[1].isVisible() and dots.buttons[2].isVisible()
    assert dots.dot_center(2).x() < centre_of_last.x()  # the row is one dot shorter, still centred
    assert dots.index_at(dots.dot_center(2).x()) == 2  # a tap on the dot where screen 1's was goes to 2
    with qtbot.waitSignal(dots.dot_tapped) as tapped:
        QTest.mouseClick(dots, Qt.MouseButton.LeftButton, pos=dots.dot_center(2).toPoint())
    assert tapped.args == [2]
    assert dots.buttons[1] not in stage.focus_chain()  # Tab skips it too
    stage.set_screen_enabled(1, True)
    assert dots.shown == list(range(count)) and dots.buttons[1].isVisible()
    assert dots.dot_center(count - 1) == centre_of_last
