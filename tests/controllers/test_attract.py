"""Attract mode and idle reset with the real stage and real input events, on a ManualClock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.model import Exhibit
from kiosk.controllers.attract import ATTRACT_FRAME_INTERVAL_MS, AttractController, AttractPlan
from kiosk.frames import FRAME_INTERVAL_MS
from kiosk.stage import Stage


def plan_of(exhibit: Exhibit, **changes: object) -> AttractPlan:
    attract = exhibit.attract
    plan = AttractPlan(attract.after_seconds, attract.seconds_per_screen, attract.screens, attract.call_to_action)
    return AttractPlan(**{**plan.__dict__, **changes})


class Kiosk:
    """A window with the stage, its gestures and the attract controller, as the app builds them."""

    def __init__(self, qtbot, exhibit: Exhibit, reduced_motion: bool = False, **plan: object) -> None:
        self.clock = ManualClock()
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.context = make_context(exhibit, self.clock, None, reduced_motion=reduced_motion, parent=self.window)
        self.stage = Stage(exhibit, self.context, self.window)
        self.window.resize(1920, 1080)
        self.stage.setGeometry(self.window.rect())
        self.window.show()
        qtbot.waitExposed(self.window)
        self.gestures = self.stage.install_gestures()
        self.attract = AttractController(self.stage, self.clock, plan_of(exhibit, **plan))
        self.attract.install()
        self.started: list[str] = []
        self.attract.attract_started.connect(lambda: self.started.append("started"))
        self.attract.attract_ended.connect(lambda: self.started.append("ended"))

    def idle(self, seconds: float) -> None:
        """Let `seconds` pass without input, frame by frame where something animates."""
        step = 1 / 30
        end = self.clock.now() + seconds
        while self.clock.now() < end - 1e-9:
            self.clock.advance(min(step if self.context.frames.active else 1.0, end - self.clock.now()))
            self.context.frames.pump()
            self.attract.check()

    def screen_id(self) -> str:
        return self.stage.exhibit.screens[self.stage.index].id

    def close(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.attract.uninstall()
        QApplication.instance().removeEventFilter(self.gestures)
        self.stage.finish_transition()
        self.stage.current_view().left()
        assert not self.context.frames.active, "nothing may animate once the kiosk is closed"


@pytest.fixture
def kiosk(qtbot, exhibit) -> Iterator[Kiosk]:
    kiosk = Kiosk(qtbot, exhibit)
    yield kiosk
    kiosk.close()


def test_attract_starts_after_the_idle_time_and_loops_through_its_screens(kiosk: Kiosk, exhibit) -> None:
    after = exhibit.attract.after_seconds
    kiosk.idle(after - 1)
    assert not kiosk.attract.active
    kiosk.idle(1.5)
    assert kiosk.attract.active and kiosk.started == ["started"]
    assert kiosk.attract.overlay.isVisible() and kiosk.attract.overlay.text == "Touch to explore"
    assert not kiosk.stage.next_button.isVisible() and not kiosk.stage.dots.isVisible()
    seen = []
    for _ in range(len(exhibit.attract.screens) + 1):
        kiosk.idle(2.0)  # the soft fade ends
        seen.append(kiosk.screen_id())
        kiosk.idle(exhibit.attract.seconds_per_screen - 2.0)
    assert seen == [*exhibit.attract.screens, exhibit.attract.screens[0]]


def test_the_attract_transition_is_a_slow_fade(kiosk: Kiosk, exhibit) -> None:
    kiosk.idle(exhibit.attract.after_seconds + exhibit.attract.seconds_per_screen + 0.05)  # the loop's first step
    assert kiosk.stage.transitioning and kiosk.stage.layer.mode == "fade"
    kiosk.idle(0.6)
    assert kiosk.stage.transitioning, "slower than a visitor's 350 ms slide"
    kiosk.idle(0.7)
    assert not kiosk.stage.transitioning


def test_input_keeps_the_exhibit_out_of_attract_mode(kiosk: Kiosk, exhibit) -> None:
    after = exhibit.attract.after_seconds
    kiosk.idle(after - 10)
    QTest.mouseMove(kiosk.window, QPoint(400, 400))
    QTest.mouseClick(kiosk.window, Qt.MouseButton.LeftButton, pos=QPoint(900, 500))
    kiosk.idle(after - 10)
    assert not kiosk.attract.active
    kiosk.idle(11)
    assert kiosk.attract.active


def test_a_click_leaves_attract_for_home_and_taps_nothing_else(kiosk: Kiosk, exhibit) -> None:
    french = kiosk.stage.language_buttons["fr"]
    where = french.mapTo(kiosk.window, french.rect().center())
    kiosk.idle(exhibit.attract.after_seconds + exhibit.attract.seconds_per_screen + 3)  # the second attract screen
    assert kiosk.attract.active and kiosk.screen_id() != exhibit.screens[0].id
    under = kiosk.window.childAt(where) or kiosk.window  # in attract mode: the screen, not the hidden switch
    QTest.mouseClick(under, Qt.MouseButton.LeftButton, pos=under.mapFrom(kiosk.window, where))
    assert not kiosk.attract.active and kiosk.started == ["started", "ended"]
    assert kiosk.stage.index == 0 and not kiosk.stage.transitioning, "home at once, no animation to wait for"
    assert french.isVisible(), "the language switch is back under the finger..."
    assert kiosk.stage.language == "en", "... and the click that woke the exhibit did not press it"
    # the next click is the visitor's own
    QTest.mouseClick(french, Qt.MouseButton.LeftButton)
    assert kiosk.stage.language == "fr"


def test_a_touch_leaves_attract_and_its_synthesized_click_taps_nothing(kiosk: Kiosk, exhibit) -> None:
    french = kiosk.stage.language_buttons["fr"]
    where = french.mapTo(kiosk.window, french.rect().center())
    kiosk.idle(exhibit.attract.after_seconds + exhibit.attract.seconds_per_screen + 3)
    assert kiosk.attract.active
    device = QTest.createTouchDevice()
    QTest.touchEvent(kiosk.window, device).press(0, where, kiosk.window).commit()
    assert not kiosk.attract.active and kiosk.stage.index == 0
    QTest.touchEvent(kiosk.window, device).release(0, where, kiosk.window).commit()
    assert kiosk.stage.language == "en", "the touch that woke the exhibit did not press the switch"
    QTest.touchEvent(kiosk.window, device).press(0, where, kiosk.window).commit()
    QTest.touchEvent(kiosk.window, device).release(0, where, kiosk.window).commit()
    assert kiosk.stage.language == "fr", "the next touch is the visitor's own"


def test_a_key_leaves_attract_without_navigating(kiosk: Kiosk, exhibit) -> None:
    kiosk.idle(exhibit.attract.after_seconds + 3)
    QTest.keyClick(kiosk.stage, Qt.Key.Key_Right)
    assert not kiosk.attract.active and kiosk.stage.index == 0 and not kiosk.stage.transitioning


def test_attract_mode_resets_every_visitor_choice(kiosk: Kiosk, exhibit) -> None:
    ids = [screen.id for screen in exhibit.screens]
    stage = kiosk.stage
    stage.set_language("fr")
    cutaway = stage.view(ids.index("cutaway"))
    cutaway.open_callout(2)
    parties = stage.view(ids.index("parties"))
    parties.toggle_region(0)
    power = stage.view(ids.index("power"))
    power.chart.set_scenario("long", animate=False)
    power.chart.set_comparison(True)
    stage.go_to(ids.index("signing"), duration_ms=0)
    kiosk.idle(exhibit.attract.after_seconds + 0.5)
    assert kiosk.attract.active
    assert stage.language == "en" and stage.context.language == "en"
    assert stage.language_buttons["en"].checked and not stage.language_buttons["fr"].checked
    assert cutaway.opened is None and parties.opened is None
    assert power.chart.scenario.id == exhibit.screens[ids.index("power")].chart.start
    assert not power.chart.comparison_shown
    assert kiosk.attract.overlay.text == "Touch to explore"


def test_reduced_motion_cuts_and_does_not_pulse(qtbot, exhibit) -> None:
    kiosk = Kiosk(qtbot, exhibit, reduced_motion=True)
    try:
        kiosk.idle(exhibit.attract.after_seconds)
        assert kiosk.attract.active and not kiosk.stage.transitioning
        assert not kiosk.attract.overlay.animating
    finally:
        kiosk.close()


def test_nothing_animates_on_a_static_screen_and_the_pulse_stops_with_attract(kiosk: Kiosk, exhibit) -> None:
    ids = [screen.id for screen in exhibit.screens]
    kiosk.stage.go_to(ids.index("signing"), duration_ms=0)
    kiosk.idle(1.0)
    assert not kiosk.context.frames.active, "a static screen costs no frames"
    assert kiosk.attract._timer.isActive() and kiosk.attract._timer.isSingleShot()
    kiosk.idle(exhibit.attract.after_seconds)
    assert kiosk.attract.overlay.animating
    QTest.keyClick(kiosk.stage, Qt.Key.Key_Space)
    assert not kiosk.attract.overlay.animating and not kiosk.attract.overlay.isVisible()
    kiosk.idle(1.0)
    assert not kiosk.context.frames.active


def test_a_short_attract_after_from_the_settings_is_honoured(qtbot, exhibit) -> None:
    kiosk = Kiosk(qtbot, exhibit, after_seconds=3.0)
    try:
        kiosk.idle(2.9)
        assert not kiosk.attract.active
        kiosk.idle(0.2)
        assert kiosk.attract.active
    finally:
        kiosk.close()


def test_the_loop_animates_at_30_frames_a_second_and_a_visitor_gets_60(kiosk: Kiosk, exhibit) -> None:
    frames = kiosk.context.frames
    assert frames.interval_ms == FRAME_INTERVAL_MS
    kiosk.idle(exhibit.attract.after_seconds)
    assert kiosk.attract.active and frames.interval_ms == ATTRACT_FRAME_INTERVAL_MS
    QTest.keyClick(kiosk.stage, Qt.Key.Key_Space)
    assert not kiosk.attract.active and frames.interval_ms == FRAME_INTERVAL_MS


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched)
        return False


def test_the_breathing_pill_repaints_itself_alone_and_looks_as_if_drawn_over_the_screen(
        qtbot, kiosk: Kiosk, exhibit) -> None:
    kiosk.idle(exhibit.attract.after_seconds + 3)  # in the loop, its first fade over
    overlay = kiosk.attract.overlay
    pill = overlay.pill
    assert not kiosk.stage.transitioning and pill.opaque and pill.beneath is not None
    assert pill.geometry().contains(overlay.pill_rect())
    QApplication.instance().processEvents()  # what entering the loop left to paint
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)
    try:
        for _ in range(12):  # 0.4 s of breathing
            kiosk.idle(1 / 30)
            QApplication.instance().processEvents()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert counter.painted and set(counter.painted) == {pill}, {type(w).__name__ for w in counter.painted}
    # The same pixels as the pill drawn transparent over the live screen, where the pill's ripple
    # and glow are not: the snapshot is the screen and the scrim beneath.
    corner = pill.geometry().topLeft() + QPoint(3, 3)
    opaque = kiosk.window.grab().toImage().pixelColor(kiosk.stage.mapTo(kiosk.window, corner))
    pill.set_opaque(False)
    transparent = kiosk.window.grab().toImage().pixelColor(kiosk.stage.mapTo(kiosk.window, corner))
    assert abs(opaque.red() - transparent.red()) <= 2 and abs(opaque.green() - transparent.green()) <= 2 \
        and abs(opaque.blue() - transparent.blue()) <= 2, (opaque.name(), transparent.name())


def test_the_pill_is_transparent_while_the_screens_fade_beneath_it(kiosk: Kiosk, exhibit) -> None:
    kiosk.idle(exhibit.attract.after_seconds + 3)
    pill = kiosk.attract.overlay.pill
    assert pill.opaque
    kiosk.idle(exhibit.attract.seconds_per_screen - 3 + 0.2)  # the next fade has begun
    assert kiosk.stage.transitioning and not pill.opaque
    kiosk.idle(1.5)
    assert not kiosk.stage.transitioning and pill.opaque  # a fresh snapshot of the new screen
