"""The transition layer's frames, read back from the window (real widgets, a ManualClock, frames
delivered with FrameDriver.pump(); no sleeps).

On the offscreen platform `QScreen.grabWindow` returns the window's backing store: what the
frames actually painted, chrome included, not a fresh rendering (tests/test_xvfb_transitions.py
reads the X server's copy of a real window).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.model import Exhibit
from kiosk.stage import FADE_STEPS, Stage, TransitionLayer

SIZE = (1280, 720)


@pytest.fixture
def stage(qtbot, exhibit: Exhibit) -> Iterator[Stage]:
    clock = ManualClock()
    stage = Stage(exhibit, make_context(exhibit, clock, None))
    qtbot.addWidget(stage)
    stage.resize(*SIZE)
    stage.show()
    qtbot.waitExposed(stage)
    stage.clock = clock  # type: ignore[attr-defined]
    yield stage
    stage.current_view().left()


def advance(stage: Stage, seconds: float) -> None:
    """One frame, `seconds` after the last: delivered, then painted and flushed."""
    stage.clock.advance(seconds)  # type: ignore[attr-defined]
    stage.context.frames.pump()
    QApplication.processEvents()


def shown(stage: Stage) -> QImage:
    """What the window shows now."""
    return stage.screen().grabWindow(stage.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def pixels(image: QImage) -> np.ndarray:
    """An RGB32 image's pixels as signed numbers, one row of blue, green, red, unused per pixel."""
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), -1)
    return data[:, :image.width() * 4].astype(np.int16)


def points_outside_chrome(stage: Stage) -> list[QPoint]:
    """A grid over the window, without the points the chrome (arrows, dots, buttons) covers."""
    chrome = [widget.geometry() for widget in stage._chrome_widgets() if widget.isVisible()]
    grid = [QPoint(x, y) for y in range(2, stage.height(), 17) for x in range(1, stage.width(), 23)]
    return [point for point in grid if not any(rect.contains(point) for rect in chrome)]


def expected_slide_pixel(layer: TransitionLayer, outgoing: QImage, incoming: QImage, point: QPoint) -> int:
    """The pixel a slide frame shows at `point`: the outgoing screen moved by the frame's offset,
    the incoming one beside it."""
    source = point.x() + layer.step(layer.progress)
    if 0 <= source < layer.width():
        return outgoing.pixel(source, point.y())
    return incoming.pixel(source - layer.direction * layer.width(), point.y())


def mismatches(image: QImage, points: list[QPoint], expected) -> list[str]:
    wrong = [point for point in points if image.pixel(point) != expected(point)]
    return [f"({p.x()}, {p.y()}): {QColor(image.pixel(p)).name()} not {QColor(expected(p)).name()}" for p in wrong[:5]]


@pytest.mark.parametrize("forward", [True, False], ids=["forward", "back"])
def test_each_slide_frame_shows_both_screens_where_its_progress_puts_them(stage: Stage, forward: bool) -> None:
    if not forward:
        stage.go_to(2, duration_ms=0)
    stage.go_to(1 if not forward else 2)
    layer = stage.layer
    outgoing, incoming = layer.outgoing.toImage(), layer.incoming.toImage()
    assert layer.direction == (1 if forward else -1)
    points = points_outside_chrome(stage)
    QApplication.processEvents()  # the first frame is already one frame in: the tap is answered at once
    assert layer.step(layer.progress) != 0
    assert not mismatches(shown(stage), points, lambda p: expected_slide_pixel(layer, outgoing, incoming, p))
    checked = 0
    for seconds in (1 / 60, 1 / 60, 0.05, 1 / 60, 0.1, 1 / 60, 0.03):  # the clock jumps too
        advance(stage, seconds)
        assert stage.transitioning and 0 < layer.progress < 1
        problems = mismatches(shown(stage), points, lambda p: expected_slide_pixel(layer, outgoing, incoming, p))
        assert not problems, f"at progress {layer.progress:.3f}: {problems}"
        checked += 1
    assert checked == 7


def test_the_chrome_drawn_from_pictures_is_the_chrome_drawing_itself(stage: Stage) -> None:
    stage.go_to(1)
    advance(stage, 0.15)
    chrome = stage.layer.chrome
    assert stage.transitioning and chrome.active, "mid-slide, the arrows and dots are pictures"
    from_pictures = pixels(shown(stage))
    chrome.release()
    stage.repaint()  # the same frame, every piece of chrome painting itself
    difference = np.abs(pixels(shown(stage)) - from_pictures)
    assert difference.max() <= 1, "no more than rounding"
    assert np.count_nonzero(difference) < 0.001 * difference.size


def test_touching_the_chrome_during_a_slide_drops_its_pictures(stage: Stage) -> None:
    stage.go_to(1)
    advance(stage, 0.1)
    assert stage.layer.chrome.active
    QTest.mousePress(stage.next_button, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    assert not stage.layer.chrome.active, "pressed, the arrow must show its pressed look"
    QTest.mouseRelease(stage.next_button, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    advance(stage, 1.0)
    assert not stage.transitioning and stage.index == 1


class PaintCounter(QObject):
    """Counts the frames a widget paints whole (not the bits beneath chrome that repaints)."""

    def __init__(self, widget: TransitionLayer) -> None:
        super().__init__(widget)
        self.paints = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and event.rect() == watched.rect():
            self.paints += 1
        return False


def test_a_fade_paints_a_frame_only_when_its_opacity_step_changes(stage: Stage) -> None:
    stage.go_to(3, mode="fade", duration_ms=1200)
    QApplication.processEvents()  # the first frame, at step 0
    layer = stage.layer
    counter = PaintCounter(layer)
    previous, changes, frames, paints = layer.step(layer.progress), 0, 0, 0
    while True:
        advance(stage, 1 / 60)
        if not stage.transitioning:
            break  # (the last frame is painted whole anyway: the screens beneath are restacked)
        frames += 1
        paints = counter.paints
        step = layer.step(layer.progress)
        changes += step != previous
        previous = step
    assert frames >= 70
    assert paints == changes < frames - 6, (paints, changes, frames)


@pytest.mark.parametrize("step", [1, 17, 128, 254])
def test_opacities_in_the_same_step_blend_the_same_pixels(qapp, step: int) -> None:
    """What skipping fade frames rests on: QPainter truncates opacity x 256 (FADE_STEPS)."""
    below, above = QImage(64, 64, QImage.Format.Format_RGB32), QImage(64, 64, QImage.Format.Format_RGB32)
    for y in range(64):
        for x in range(64):
            below.setPixelColor(x, y, QColor(x * 4, y * 4, (x * y) % 256))
            above.setPixelColor(x, y, QColor(255 - y * 4, x * 4, (x + 3 * y) % 256))
    bottom, top = QPixmap.fromImage(below), QPixmap.fromImage(above)

    def blend(opacity: float) -> QImage:
        image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        painter.drawPixmap(0, 0, bottom)
        painter.setOpacity(opacity)
        painter.drawPixmap(0, 0, top)
        painter.end()
        return image

    first, last = step / FADE_STEPS, (step + 0.999) / FADE_STEPS
    assert blend(first) == blend(last)
    assert blend(last) != blend((step + 1) / FADE_STEPS)


def run_to_the_end(stage: Stage) -> None:
    """Frames until the transition is over, each delivered but not painted (as tests pump)."""
    for _ in range(200):
        if not stage.transitioning:
            return
        stage.clock.advance(1 / 60)  # type: ignore[attr-defined]
        stage.context.frames.pump()
    raise AssertionError("the transition did not end")


def test_the_last_frame_stays_until_painted_then_makes_way(stage: Stage) -> None:
    stage.go_to(3)
    QApplication.processEvents()
    layer = stage.layer
    incoming = layer.incoming.toImage()
    run_to_the_end(stage)
    view = stage.current_view()
    assert stage.index == 3 and not stage.transitioning
    assert layer.isVisible() and layer.lifting and layer.outgoing is None, "the last frame is still to be painted"
    assert view.isVisible(), "the live screen is beneath it already"
    centre = QPoint(stage.width() // 2, stage.height() // 3)
    assert stage.childAt(centre) is not layer, "taps reach the new screen"
    QApplication.processEvents()  # the last frame is painted, then the layer makes way
    assert not layer.isVisible() and not layer.lifting and layer.incoming is None
    QApplication.processEvents()  # the live screen's first paint
    assert shown(stage).pixel(centre) == incoming.pixel(centre)


def test_a_slide_cut_short_shows_its_last_frame_then_the_new_screen(stage: Stage) -> None:
    stage.go_to(3)
    advance(stage, 0.1)
    layer = stage.layer
    incoming = layer.incoming.toImage()
    stage.finish_transition()  # progress jumps to 1 (a setting changed, the attract loop woke)
    assert stage.index == 3 and not stage.transitioning and layer.lifting
    points = points_outside_chrome(stage)
    QApplication.processEvents()  # the last frame, then the layer makes way
    assert not layer.isVisible()
    assert not mismatches(shown(stage), points, lambda p: incoming.pixel(p)), "the last frame: the new screen"
    QApplication.processEvents()  # the live screen's first paint
    assert not mismatches(shown(stage), points_outside_chrome(stage), lambda p: incoming.pixel(p))


def test_a_transition_started_during_the_last_frame_takes_the_layer_over(stage: Stage) -> None:
    stage.go_to(1)
    run_to_the_end(stage)
    assert stage.layer.lifting
    stage.go_to(2)  # before the event loop has turned
    layer = stage.layer
    assert stage.transitioning and not layer.lifting and layer.isVisible()
    assert not layer.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents), "it eats taps again"
    assert not stage.view(1).isVisible() and layer.outgoing is not None
    advance(stage, 1.0)
    QApplication.processEvents()
    assert stage.index == 2 and not layer.isVisible() and stage.current_view().isVisible()


def test_the_layer_lets_go_of_both_pixmaps_once_it_has_made_way(stage: Stage) -> None:
    """So the heap trimmer (kiosk.controllers.memory), two seconds later, gives their memory back."""
    stage.go_to(1)
    run_to_the_end(stage)
    QApplication.processEvents()  # the last frame, then the layer makes way
    QApplication.processEvents()
    assert not stage.layer.isVisible()
    assert stage.layer.incoming is None and stage.layer.outgoing is None
