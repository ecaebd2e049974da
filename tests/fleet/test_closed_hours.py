"""kiosk/controllers/schedule.py on a real session with a controllable clock: closing time blanks
the screen and stops every timer (counted), opening time brings the home screen back fresh, and a
technician's touch wakes a closed exhibit for ten minutes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fleet_sessions import WallClock, active_timers, close_session, open_session
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from kiosk.clock import ManualClock
from kiosk.controllers.schedule import ScheduleController
from kiosk.schedule import parse_schedule
from kiosk.session import ExhibitSession
from kiosk.statistics import StatisticsStore

MONDAY_EVENING = datetime(2026, 11, 23, 17, 58)
TUESDAY_MORNING = datetime(2026, 11, 24, 9, 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StatisticsStore]:
    opened = StatisticsStore(tmp_path / "statistics.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def closing(qtbot, exhibit, manual_clock: ManualClock, store) -> Iterator[tuple[ExhibitSession, ScheduleController,
                                                                                   WallClock]]:
    session = open_session(qtbot, exhibit, manual_clock, statistics=store)
    wall = WallClock(MONDAY_EVENING, manual_clock)
    week, errors = parse_schedule({"mon-fri": "09:00-18:00", "sat-sun": "closed"})
    assert week is not None, errors
    controller = ScheduleController(session, week, wall, parent=session)
    controller.install()
    yield session, controller, wall
    controller.uninstall()
    close_session(session)


def is_black(session: ExhibitSession) -> bool:
    image = session.window.grab().toImage()
    points = [(x, y) for x in range(5, image.width(), image.width() // 7) for y in range(5, image.height(),
                                                                                          image.height() // 5)]
    return all(image.pixelColor(x, y) == QColor(0, 0, 0) for x, y in points)


def test_closing_time_blanks_the_screen_and_stops_every_timer(qtbot, closing, store) -> None:
    session, controller, wall = closing
    stage = session.stage
    assert not controller.is_closed and not is_black(session)
    # A visitor is deep in the exhibit, in French, with an animated chart running.
    store.start_visit()
    stage.set_language("fr")
    stage.go_to(session.exhibit.index_of("power"), duration_ms=0)
    running_while_open = active_timers(session, session.window)
    assert session.frames.active and session.attract._timer in running_while_open  # something to stop

    wall.set(datetime(2026, 11, 23, 18, 0, 1))
    controller.check()
    assert controller.is_closed and controller.cover.isVisible()
    assert is_black(session)
    # Every timer has stopped but the controller's own single-shot wake-up for the morning.
    assert active_timers(session, session.window) == [controller._timer]
    assert controller._timer.isSingleShot()
    assert session.frames.subscriber_count == 0 and not session.frames.active
    assert not store.visit_open and not store.attract_open
    assert controller.describe() == "closed until Tue 09:00"

    wall.set(TUESDAY_MORNING)
    controller.check()
    assert not controller.is_closed and not controller.cover.isVisible()
    assert stage.index == stage.home_index() and stage.language == session.exhibit.default_language
    assert session.attract._timer.isActive() and not session.attract.active
    assert not is_black(session)


def test_the_controller_waits_for_the_next_change(closing) -> None:
    _session, controller, wall = closing
    assert controller.next_change(wall()) == datetime(2026, 11, 23, 18, 0)
    assert controller._timer.isActive() and 120_000 <= controller._timer.interval() <= 120_010  # two minutes


def test_new_content_while_closed_stays_black_and_still(qtbot, closing) -> None:
    session, controller, wall = closing
    wall.set(datetime(2026, 11, 23, 22, 0))
    controller.check()
    session.replace_exhibit(session.exhibit)  # a content update arrives at night
    assert controller.cover.isVisible() and is_black(session)
    assert active_timers(session, session.window) == [controller._timer]


def test_a_technician_s_touch_wakes_it_for_ten_minutes(qtbot, closing) -> None:
    session, controller, wall = closing
    wall.set(datetime(2026, 11, 28, 11, 0))  # Saturday: closed all day
    controller.check()
    assert controller.is_closed
    centre = QPoint(session.window.width() // 2, session.window.height() // 2)
    qtbot.mouseClick(session.window, Qt.MouseButton.LeftButton, pos=centre)
    assert not controller.is_closed and not is_black(session)
    assert controller.woken_until == datetime(2026, 11, 28, 11, 10)
    assert session.stage.index == session.stage.home_index()  # the waking touch tapped nothing
    assert controller.describe() == "woken by a technician until 11:10"

    wall.set(datetime(2026, 11, 28, 11, 8))
    qtbot.mouseClick(session.window, Qt.MouseButton.LeftButton, pos=centre)  # still working: ten more minutes
    controller.check()
    assert not controller.is_closed and controller.woken_until == datetime(2026, 11, 28, 11, 18)

    wall.set(datetime(2026, 11, 28, 11, 18, 1))
    controller.check()
    assert controller.is_closed and is_black(session)
    assert active_timers(session, session.window) == [controller._timer]
