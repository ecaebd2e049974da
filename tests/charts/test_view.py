"""The animated chart, driven by a ManualClock and FrameDriver.pump(): never a sleep."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.charts.pulse import MJ_PER_GJ
from kiosk.charts.view import PowerChart, chrome, format_figure
from kiosk.clock import ManualClock
from kiosk.frames import FrameDriver
from kiosk.layouts.base import RenderContext
from kiosk.layouts.chart import ChartView

FPS = 60


@pytest.fixture
def frames(qapp, manual_clock: ManualClock) -> FrameDriver:
    return FrameDriver(manual_clock)


def make_view(qtbot, exhibit, frames: FrameDriver, size=(1920, 1080), language="en",
              reduced_motion=False) -> ChartView:
    context = RenderContext(exhibit.theme, frames.clock, frames, language, reduced_motion=reduced_motion)
    view = ChartView(exhibit.screen("power"), context)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    QApplication.processEvents()
    return view


@pytest.fixture
def view(qtbot, exhibit, frames: FrameDriver) -> ChartView:
    return make_view(qtbot, exhibit, frames)


def run(frames: FrameDriver, seconds: float) -> None:
    """Advance the clock frame by frame for `seconds`, as the 60 fps timer would."""
    clock = frames.clock
    assert isinstance(clock, ManualClock)
    steps = round(seconds * FPS)
    for _ in range(steps):
        clock.advance(1 / FPS)
        frames.pump()


def chart_of(view: ChartView) -> PowerChart:
    assert view.chart is not None
    return view.chart


def test_the_pulse_plays_by_itself_on_entry_and_ends_at_its_duration(view: ChartView, frames: FrameDriver,
                                                                    qtbot) -> None:
    chart = chart_of(view)
    spec = chart.spec
    assert chart.scenario.id == "q10"
    start = frames.clock.now()
    view.entered()
    assert frames.active and chart.animating
    run(frames, spec.playback_seconds / 2)
    assert 0 < chart.time < chart.scenario.pulse.duration
    assert 0 < chart.energy_gj < chart.scenario.pulse.flat_top_energy / MJ_PER_GJ
    frames.clock.advance(start + spec.playback_seconds - 0.001 - frames.clock.now())
    frames.pump()
    assert chart.animating, "still playing just before the declared duration"
    with qtbot.waitSignal(chart.playback_finished, timeout=0):
        frames.clock.advance(0.002)
        frames.pump()
    assert not chart.animating
    assert not frames.active, "nothing runs once the pulse has played"
    assert chart.time == chart.scenario.pulse.duration


def drawn_area_mj(chart: PowerChart, start_s: float, end_s: float) -> float:
    """The area under the fusion curve as drawn, between two times (trapezoids, clipped)."""
    xs, ys = chart.fusion_curve.getData()
    times = [x * 60 for x in xs]
    area = 0.0
    for (t0, p0), (t1, p1) in itertools.pairwise(zip(times, ys, strict=True)):
        lo, hi = max(t0, start_s), min(t1, end_s)
        if hi <= lo or t1 == t0:
            continue
        at = lambda t, t0=t0, t1=t1, p0=p0, p1=p1: p0 + (p1 - p0) * (t - t0) / (t1 - t0)  # noqa: E731
        area += (hi - lo) * (at(lo) + at(hi)) / 2
    return area


@pytest.mark.parametrize("scenario_id, register_gj", [("q10", 200), ("long", 900)])
def test_the_counter_ends_on_the_integral_of_the_curve_at_full_power(
        view: ChartView, frames: FrameDriver, scenario_id: str, register_gj: float) -> None:
    chart = chart_of(view)
    view.entered()
    if chart.scenario.id != scenario_id:
        chart.set_scenario(scenario_id)
    run(frames, chart.spec.axis_seconds + chart.spec.playback_seconds + 0.1)
    pulse = chart.scenario.pulse
    # the counter ends on the register's figure: 500 MW × 400 s = 200 GJ, 300 MW × 50 min = 900 GJ
    assert chart.energy_gj == pytest.approx(register_gj, rel=1e-9)
    # ... which is the area under the curve drawn on screen over the full-power part, within 0.5 %
    area_mj = drawn_area_mj(chart, pulse.flat_top_start, pulse.flat_top_end)
    assert area_mj / MJ_PER_GJ == pytest.approx(chart.energy_gj, rel=0.005)
    total_gj = register_gj
    assert chart.clock_label_text == "Pulse complete"
    assert chart.readouts.texts()[2][1] == format_figure(total_gj, "en")


def test_the_clock_label_counts_minutes_at_full_power(view: ChartView) -> None:
    chart = chart_of(view)
    chart.set_scenario("long", animate=False)
    pulse = chart.scenario.pulse
    chart.show_time(pulse.flat_top_start + 11.5 * 60)
    assert chart.clock_label_text == "minute 12 of 50 at full power"
    chart.show_time(10)
    assert chart.clock_label_text == chrome("en", "ramp_up")
    view.set_language("fr")
    chart.show_time(pulse.flat_top_start + 11.5 * 60)
    assert chart.clock_label_text == "minute 12 sur 50 à pleine puissance"


def test_no_timer_runs_after_the_screen_is_left(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    view.entered()
    run(frames, 1.0)
    chart.set_comparison(True)
    assert frames.active
    view.left()
    assert not frames.active
    assert frames.subscriber_count == 0
    assert not chart.animating
    time_when_left = chart.time
    run(frames, 2.0)
    assert chart.time == time_when_left


def test_it_replays_when_the_visitor_returns(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    view.entered()
    run(frames, chart.spec.playback_seconds + 0.1)
    view.left()
    view.entered()
    assert chart.time == 0.0
    assert chart.energy_gj == 0.0
    assert frames.active
    run(frames, chart.spec.playback_seconds + 0.1)
    assert chart.time == chart.scenario.pulse.duration
    view.left()


def test_reduced_motion_shows_the_final_state_at_once(qtbot, exhibit, frames: FrameDriver) -> None:
    view = make_view(qtbot, exhibit, frames, reduced_motion=True)
    chart = chart_of(view)
    view.entered()
    assert not frames.active
    assert chart.time == chart.scenario.pulse.duration
    assert chart.energy_gj == pytest.approx(chart.scenario.pulse.flat_top_energy / MJ_PER_GJ)
    assert view.picker is not None
    view.picker.buttons["long"].click()
    assert not frames.active
    assert chart.energy_gj == pytest.approx(chart.scenario.pulse.flat_top_energy / MJ_PER_GJ)
    view.picker.toggle.click()
    assert chart.inset is not None and chart.inset.isVisible() and chart.inset.appear == 1.0
    assert not frames.active


def test_a_scenario_button_glides_the_axes_then_plays(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    spec = chart.spec
    view.entered()
    run(frames, 2.0)
    assert view.picker is not None
    view.picker.buttons["long"].click()
    assert chart.scenario.id == "long"
    start_range = chart._axis
    run(frames, spec.axis_seconds / 2)
    middle = chart._axis
    assert start_range[0] < middle[0] < chart.scenario.pulse.duration / 60
    run(frames, spec.axis_seconds / 2 + 1 / FPS)
    vb = chart.plot.getPlotItem().getViewBox()
    (x0, x1), _ = vb.viewRange()
    assert (x0, x1) == pytest.approx((0, chart.scenario.pulse.duration / 60))
    run(frames, spec.playback_seconds + 0.1)
    assert chart.energy_gj == pytest.approx(chart.scenario.pulse.flat_top_energy / MJ_PER_GJ, rel=0.005)
    assert not frames.active
    # the reset for the next visitor goes back to the first scenario, without animating
    view.reset()
    assert chart.scenario.id == spec.start and view.picker.buttons[spec.start].isChecked()
    assert not frames.active


def plot_point(chart: PowerChart, minutes: float) -> QPoint:
    vb = chart.plot.getPlotItem().getViewBox()
    scene = vb.mapViewToScene(QPointF(minutes, chart._axis[1] / 2))
    return chart.plot.mapFromScene(scene)


def test_dragging_with_the_mouse_scrubs_the_time(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    view.entered()
    run(frames, 1.0)
    viewport = chart.plot.viewport()
    left, no_keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, left, no_keys, plot_point(chart, 2.0))
    assert not frames.active, "scrubbing stops the playback"
    assert chart.time / 60 == pytest.approx(2.0, abs=0.05)
    QTest.mouseMove(viewport, plot_point(chart, 5.0))
    # QTest.mouseMove carries no buttons; send a real drag event
    from PySide6.QtGui import QMouseEvent
    pos = QPointF(plot_point(chart, 5.0))
    move = QMouseEvent(QEvent.Type.MouseMove, pos, viewport.mapToGlobal(pos), Qt.MouseButton.NoButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    assert chart.time / 60 == pytest.approx(5.0, abs=0.05)
    assert chart.energy_gj == pytest.approx(chart.scenario.pulse.full_power_energy(chart.time) / MJ_PER_GJ)
    QTest.mouseRelease(viewport, left, no_keys, plot_point(chart, 5.0))
    # dragging past the end stops at the end
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(viewport.width() - 1, viewport.height() // 2))
    assert chart.time == chart.scenario.pulse.duration


def test_dragging_with_a_finger_scrubs_the_time(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    view.entered()
    run(frames, 1.0)
    viewport = chart.plot.viewport()
    device = QTest.createTouchDevice()
    window = view.windowHandle()

    def at(minutes: float) -> QPoint:  # touch points are given in window coordinates
        return viewport.mapTo(view.window(), plot_point(chart, minutes))

    QTest.touchEvent(window, device).press(0, at(3.0)).commit()
    assert not frames.active, "touching the chart stops the playback"
    assert chart.time / 60 == pytest.approx(3.0, abs=0.05)
    QTest.touchEvent(window, device).move(0, at(6.0)).commit()
    assert chart.time / 60 == pytest.approx(6.0, abs=0.05)
    assert chart.energy_gj == pytest.approx(chart.scenario.pulse.full_power_energy(chart.time) / MJ_PER_GJ)
    QTest.touchEvent(window, device).release(0, at(6.0)).commit()
    assert chart.time / 60 == pytest.approx(6.0, abs=0.05)


def test_the_wheel_does_not_zoom(view: ChartView) -> None:
    chart = chart_of(view)
    vb = chart.plot.getPlotItem().getViewBox()
    before = vb.viewRange()
    viewport = chart.plot.viewport()
    center = QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = QWheelEvent(center, viewport.mapToGlobal(center), QPoint(0, 0), QPoint(0, 480),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert vb.viewRange() == before
    assert chart.plot.getPlotItem().ctrlMenu is None or not chart.plot.getPlotItem().menuEnabled()
    assert not vb.menuEnabled()


def test_the_jet_comparison_stays_readable(view: ChartView, frames: FrameDriver) -> None:
    chart = chart_of(view)
    assert view.picker is not None and view.picker.toggle is not None
    view.picker.toggle.click()
    assert chart.comparison_shown
    assert chart.jet_line.isVisible() and chart.jet_line.value() == 16
    inset = chart.inset
    assert inset is not None and inset.isVisible()
    run(frames, 1.0)
    assert inset.appear == 1.0
    QApplication.processEvents()
    inset.grab()  # paints the lens
    assert inset.zoom >= 5  # JET's bar is magnified, not a sliver
    assert "69" in chart.caption.text()
    view.picker.toggle.click()
    assert not chart.comparison_shown and not inset.isVisible()


def test_french_figures(qtbot, exhibit, frames: FrameDriver) -> None:
    view = make_view(qtbot, exhibit, frames, language="fr")
    chart = chart_of(view)
    assert format_figure(4.25, "fr") == "4,2" or format_figure(4.25, "fr") == "4,3"
    assert format_figure(1234, "fr") == "1\u202f234"
    assert chart.readouts.texts()[0][0] == "Puissance de fusion"
    assert chart.plot.getPlotItem().getAxis("bottom").labelText == "Temps (minutes)"


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_it_renders_at_every_size(qtbot, exhibit, frames: FrameDriver, size) -> None:
    view = make_view(qtbot, exhibit, frames, size=size)
    chart = chart_of(view)
    view.entered()
    run(frames, 3.0)
    chart.set_comparison(True)
    run(frames, 1.0)
    image = view.grab().toImage()
    assert (image.width(), image.height()) == size
    assert chart.plot.width() > size[0] * 0.25
    assert chart.plot.height() > size[1] * 0.1
    view.left()
