"""Every layout with the bundled content, as real widgets: text fits, taps open and close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from kiosk.app import make_context
from kiosk.clock import ManualClock
from kiosk.content.loader import load_pack
from kiosk.locations import bundled_content_dir
from kiosk.stage import Stage
from kiosk.widgets.text import label_overflows

SIZES = [(1920, 1080), (3840, 2160), (1080, 1920)]


@pytest.fixture(scope="module")
def bundled():
    result = load_pack(bundled_content_dir())
    assert result.ok, "\n".join(map(str, result.problems))
    return result.exhibit


def make_stage(qtbot, exhibit, size, language=None):
    context = make_context(exhibit, ManualClock(), language, reduced_motion=True)
    stage = Stage(exhibit, context)
    qtbot.addWidget(stage)
    stage.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    stage.resize(*size)
    stage.show()
    return stage


def overflowing(view):
    return [f"{label.objectName() or type(label).__name__}: {label.text()[:50]!r} ({label.width()}x{label.height()})"
            for label in view.text_labels() if label_overflows(label)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_text_fits_its_box(qtbot, bundled, size, language):
    stage = make_stage(qtbot, bundled, size, language)
    problems = []
    for index, screen in enumerate(bundled.screens):
        stage.go_to(index, duration_ms=0)
        view = stage.current_view()
        labels = view.text_labels()
        assert labels, f"{screen.id} shows no text"
        problems += [f"{screen.id}: {p}" for p in overflowing(view)]
        inside = view.rect()
        problems += [f"{screen.id}: {label.text()[:30]!r} is outside the screen"
                     for label in labels if not inside.contains(label.geometry().translated(
                         label.parentWidget().mapTo(view, label.parentWidget().rect().topLeft())))]
        view.left()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_callout_fits(qtbot, bundled, size):
    stage = make_stage(qtbot, bundled, size)
    problems = []
    for index, screen in enumerate(bundled.screens):
        stage.go_to(index, duration_ms=0)
        view = stage.current_view()
        for hotspot_index in range(len(screen.hotspots)):
            view.open_callout(hotspot_index)
            problems += [f"{screen.id}/{screen.hotspots[hotspot_index].id}: {p}" for p in overflowing(view)]
        for region_index in range(len(screen.regions)):
            view.toggle_region(region_index)
            problems += [f"{screen.id}/{screen.regions[region_index].id}: {p}" for p in overflowing(view)]
        for event_index in range(len(screen.events)):
            view.select(event_index)
            problems += [f"{screen.id}/event {event_index}: {p}" for p in overflowing(view)]
        view.reset()
    assert not problems, "\n".join(problems)


def screen_index(exhibit, layout):
    return next(i for i, s in enumerate(exhibit.screens) if s.layout == layout)


def test_hotspots_open_and_close_by_tap(qtbot, bundled):
    stage = make_stage(qtbot, bundled, (1920, 1080))
    index = screen_index(bundled, "hotspots")
    stage.go_to(index, duration_ms=0)
    view = stage.current_view()
    assert len(view.markers) >= 8
    for number, marker in enumerate(view.markers):
        qtbot.mouseClick(marker, Qt.MouseButton.LeftButton)
        assert view.opened == number and view.card.isVisibleTo(view)
        assert view.card.heading.text() == bundled.screens[index].hotspots[number].label.get("en")
        qtbot.mouseClick(marker, Qt.MouseButton.LeftButton)
        assert view.opened is None and not view.card.isVisibleTo(view)
    qtbot.mouseClick(view.legend[2], Qt.MouseButton.LeftButton)
    assert view.opened == 2
    qtbot.mouseClick(view.card.close_button, Qt.MouseButton.LeftButton)
    assert view.opened is None


def test_map_members_open_details_on_tap(qtbot, bundled):
    stage = make_stage(qtbot, bundled, (1920, 1080))
    index = next(i for i, s in enumerate(bundled.screens) if s.layout == "map" and s.regions)
    screen = bundled.screens[index]
    stage.go_to(index, duration_ms=0)
    view = stage.current_view()
    assert len(screen.regions) == 7
    for number, button in enumerate(view.buttons):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert view.opened == ("region", number)
        assert view.card.heading.text() == screen.regions[number].name.get("en")
        view.close_details()
    # a tap on the map itself, in the middle of a member country
    china = next(i for i, r in enumerate(screen.regions) if "CHN" in r.countries)
    point = view.canvas.project(104.0, 35.0)
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=QPointF(point).toPoint())
    assert view.opened == ("region", china)
    view.reset()
    assert view.opened is None


def test_timeline_event_tap_shows_its_story(qtbot, bundled):
    stage = make_stage(qtbot, bundled, (1920, 1080))
    index = screen_index(bundled, "timeline")
    stage.go_to(index, duration_ms=0)
    view = stage.current_view()
    screen = bundled.screens[index]
    qtbot.mouseClick(view.marks[0], Qt.MouseButton.LeftButton)
    assert view.detail_title.text() == screen.events[0].title.get("en")
    view.reset()
    highlighted = next(i for i, e in enumerate(screen.events) if e.highlight)
    assert view.selected == highlighted


def test_missing_image_shows_its_alt_text(qtbot, bundled, tmp_path):
    from kiosk.widgets.picture import Picture

    picture = Picture(tmp_path / "gone.svg", "A tokamak")
    qtbot.addWidget(picture)
    picture.resize(400, 300)
    image = picture.grab().toImage()
    assert picture.failed
    assert image.pixelColor(200, 150) != image.pixelColor(0, 0) or picture.failed


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_map_panel_texts_never_overlap_the_member_buttons(qtbot, bundled, size):
    stage = make_stage(qtbot, bundled, size)
    for index, screen in enumerate(bundled.screens):
        if screen.layout != "map":
            continue
        stage.go_to(index, duration_ms=0)
        view = stage.current_view()
        texts = [w for w in (view.stats, view.body, view.hint) if not w.isHidden()]
        for button in view.buttons:
            for widget in texts:
                assert not widget.geometry().intersects(button.geometry()), (screen.id, widget, button.text())
