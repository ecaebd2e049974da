"""The statistics recorder: stand-in stage and attract signals on a ManualClock into a real
store, then once with the real stage, attract controller and input events."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from statistics_session import AFTERNOON, make_rig, play_session

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.model import Exhibit
from kiosk.controllers.attract import AttractController, AttractPlan
from kiosk.controllers.statistics import StatisticsRecorder
from kiosk.stage import Stage
from kiosk.statistics import StatisticsStore


def rows(path: Path, sql: str, *parameters: object) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def test_a_scripted_session_is_recorded_as_visits_views_taps_and_attract(qapp, tmp_path: Path) -> None:
    path = tmp_path / "statistics.sqlite3"
    expected = play_session(make_rig(path))
    visits = rows(path, "SELECT id, started, ended - started FROM visits ORDER BY id")
    assert [(visit_id, round(length, 3)) for visit_id, _, length in visits] == [(1, 140.0), (2, 33.0)]
    assert [started for _, started, _ in visits] == pytest.approx(expected.visit_starts)
    views = rows(path, "SELECT visit_id, screen, ROUND(seconds, 3) FROM screen_views WHERE visit_id IS NOT NULL "
                       "ORDER BY id")
    assert tuple(views) == expected.visitor_views
    attract_views = rows(path, "SELECT screen, ROUND(seconds, 3) FROM screen_views WHERE visit_id IS NULL ORDER BY id")
    assert tuple(attract_views) == expected.attract_views
    assert rows(path, "SELECT visit_id, screen, kind, item FROM taps") == [(1, "power", "hotspot", "tokamak")]
    assert rows(path, "SELECT visit_id, language FROM language_switches") == [(1, "fr")], \
        "attract mode's reset to English is not a visitor's switch"
    assert rows(path, "SELECT ROUND(ended - started, 3) FROM attract_periods") == [(expected.attract_seconds,)]


def test_views_too_short_to_read_are_dropped(qapp, tmp_path: Path) -> None:
    rig = make_rig(tmp_path / "statistics.sqlite3")
    rig.stage.visitor_touched.emit()
    rig.clock.advance(0.3)
    rig.stage.show_screen("power")  # flicked past
    rig.clock.advance(0.6)
    rig.stage.show_screen("site")
    rig.recorder.flush()
    rig.recorder.flush()  # nothing more on screen since: no second view
    rig.store.close()
    assert rows(rig.store.path, "SELECT screen, ROUND(seconds, 3) FROM screen_views") == [("power", 0.6)]


def test_a_touch_that_reaches_the_stage_in_attract_mode_ends_it(qapp, tmp_path: Path) -> None:
    rig = make_rig(tmp_path / "statistics.sqlite3")
    rig.attract.start()
    rig.clock.advance(12)
    rig.stage.visitor_touched.emit()  # before the controller's attract_ended
    rig.clock.advance(4)
    rig.attract.end()
    rig.clock.advance(6)
    rig.close()
    path = rig.store.path
    assert rows(path, "SELECT ROUND(ended - started, 3) FROM attract_periods") == [(12.0,)]
    assert rows(path, "SELECT COUNT(*), ROUND(SUM(ended - started), 3) FROM visits") == [(1, 10.0)]
    assert rows(path, "SELECT visit_id, ROUND(seconds, 3) FROM screen_views ORDER BY id") == [(None, 12.0), (1, 10.0)]


def test_a_recorder_rebuilt_for_new_content_keeps_the_open_visit(qapp, tmp_path: Path) -> None:
    rig = make_rig(tmp_path / "statistics.sqlite3")
    rig.stage.visitor_touched.emit()
    rig.clock.advance(20)
    rig.recorder.flush()  # the session does this before it replaces the stage
    rig.recorder.deleteLater()
    stage = type(rig.stage)()
    recorder = StatisticsRecorder(rig.store, stage, rig.attract, rig.clock)
    stage.item_opened.emit("home", "region", "europe")
    rig.clock.advance(10)
    recorder.flush()
    rig.store.close()
    path = rig.store.path
    assert rows(path, "SELECT id, ROUND(ended - started, 3) FROM visits") == [(1, 30.0)]
    assert rows(path, "SELECT visit_id, item FROM taps") == [(1, "europe")]
    assert rows(path, "SELECT visit_id, ROUND(seconds, 3) FROM screen_views") == [(1, 20.0), (1, 10.0)]


def test_a_store_that_cannot_write_costs_the_exhibit_nothing(qapp, tmp_path: Path, caplog) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    store = StatisticsStore(blocked / "statistics.sqlite3", wall_clock=lambda: AFTERNOON)
    assert not store.ok
    rig = make_rig(tmp_path / "unused.sqlite3")
    recorder = StatisticsRecorder(store, rig.stage, rig.attract, rig.clock)
    for _ in range(3):  # a whole session, raising nothing into Qt's signal delivery
        rig.stage.visitor_touched.emit()
        rig.clock.advance(5)
        rig.stage.show_screen("power")
        rig.stage.item_opened.emit("power", "hotspot", "x")
        rig.attract.start()
        rig.clock.advance(5)
        rig.attract.end()
    recorder.flush()
    store.close()
    assert store.visits_today() == 0
    assert len([r for r in caplog.records if r.name == "kiosk.statistics"]) == 1


# --- with the real stage and attract controller ------------------------------------------------
def test_the_real_stage_and_attract_controller_feed_the_recorder(qtbot, exhibit: Exhibit, tmp_path: Path) -> None:
    clock = ManualClock()
    window = QWidget()
    qtbot.addWidget(window)
    context = make_context(exhibit, clock, None)
    stage = Stage(exhibit, context, window)
    window.resize(1280, 720)
    stage.setGeometry(window.rect())
    window.show()
    qtbot.waitExposed(window)
    gestures = stage.install_gestures()
    plan = AttractPlan(after_seconds=60, seconds_per_screen=12, screen_ids=exhibit.attract.screens)
    attract = AttractController(stage, clock, plan)
    attract.install()
    path = tmp_path / "statistics.sqlite3"
    store = StatisticsStore(path, wall_clock=lambda: AFTERNOON + clock.now())
    recorder = StatisticsRecorder(store, stage, attract, clock, parent=stage)

    def idle(seconds: float) -> None:
        end = clock.now() + seconds
        while clock.now() < end - 1e-9:
            clock.advance(min(1 / 30 if context.frames.active else 1.0, end - clock.now()))
            context.frames.pump()
            attract.check()

    try:
        idle(5)
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(640, 360))  # visit starts on the home screen
        idle(10)
        QTest.keyClick(window, Qt.Key.Key_Right)
        idle(20)  # the slide, then reading the second screen
        QTest.mouseClick(stage.language_buttons["fr"], Qt.MouseButton.LeftButton)
        idle(plan.after_seconds + plan.seconds_per_screen + 2)  # walked away; attract loops on
        assert attract.active
        QTest.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(640, 360))  # the next visitor
        idle(7)
        recorder.flush()
        store.close()
    finally:
        attract.uninstall()
        QApplication.instance().removeEventFilter(gestures)
        stage.current_view().left()
    first, second = exhibit.screens[0].id, exhibit.screens[1].id
    clock_start = AFTERNOON + 1000.0  # ManualClock starts at 1000
    visits = rows(path, "SELECT ROUND(started - ?, 1), ROUND(ended - started, 1) FROM visits ORDER BY id", clock_start)
    assert [start for start, _ in visits] == [5.0, pytest.approx(5 + 30 + plan.after_seconds + 14, abs=0.1)]
    assert visits[0][1] == pytest.approx(30 + plan.after_seconds, abs=0.1), "a visit lasts until attract starts"
    assert visits[1][1] == pytest.approx(7.0, abs=0.1)
    views = rows(path, "SELECT visit_id, screen, ROUND(seconds, 1) FROM screen_views WHERE visit_id IS NOT NULL "
                       "ORDER BY id")
    assert views[0] == (1, first, pytest.approx(10.35, abs=0.1)), "home until the slide ends"
    assert views[1][:2] == (1, second)
    assert views[-1][:2] == (2, first), "the next visitor starts at home"
    assert rows(path, "SELECT visit_id, language FROM language_switches") == [(1, "fr")]
    attract_views = rows(path, "SELECT screen, seconds FROM screen_views WHERE visit_id IS NULL ORDER BY id")
    assert [screen for screen, _ in attract_views] == [second, *exhibit.attract.screens[:2]], \
        "the fade away from the visitor's screen, then the attract loop"
    [(attract_seconds,)] = rows(path, "SELECT ended - started FROM attract_periods")
    assert attract_seconds == pytest.approx(plan.seconds_per_screen + 2, abs=0.1)
    assert sum(seconds for _, seconds in attract_views) == pytest.approx(attract_seconds, abs=0.01)
