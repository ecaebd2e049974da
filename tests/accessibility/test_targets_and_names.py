"""Every control is a large target (96 px or more at 1920x1080) and tells screen readers its
name and what it does, through Qt's accessibility interface, in the visitor's language."""

from __future__ import annotations

import pytest
from accessibility_support import LANDSCAPE, LARGE, describe, every_screen, open_every_detail
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.i18n import CATALOGUE
from kiosk.stage import Stage
from kiosk.widgets.controls import Tappable

TARGET = 96


def controls_on_screen(stage: Stage) -> list[QWidget]:
    """Shown controls; a badge drawn like a button (no focus, taps pass through) is not one."""
    return [w for w in stage.findChildren(QWidget) if isinstance(w, Tappable | QAbstractButton)
            and w.isVisibleTo(stage) and w.isVisible()
            and (w.focusPolicy() & Qt.FocusPolicy.TabFocus
                 or not w.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents))]


@pytest.mark.parametrize("settings", [None, LARGE], ids=["normal", "large text"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_touch_target_is_96_px_at_1920x1080(make_stage, exhibit, language, settings) -> None:
    stage = make_stage(exhibit, LANDSCAPE, language, settings)
    problems, checked = [], 0
    for index in every_screen(stage):
        for state in open_every_detail(stage):
            for control in controls_on_screen(stage):
                checked += 1
                if control.width() < TARGET or control.height() < TARGET:
                    problems.append(f"{exhibit.screens[index].id} ({state}): {describe(control)} "
                                    f"{control.width()}x{control.height()}")
    stage.access.open()
    for control in stage.access.panel.controls():
        checked += 1
        if control.width() < TARGET or control.height() < TARGET:
            problems.append(f"access panel: {describe(control)} {control.width()}x{control.height()}")
    assert checked > 300
    assert not problems, "\n".join(problems)


def test_a_tap_on_a_hotspot_goes_to_the_nearest_point(make_stage, exhibit, qtbot) -> None:
    """Hotspot targets overlap where the points sit close together: a tap belongs to the point
    whose centre is nearest, so the number under the finger is the one that opens."""
    stage = make_stage(exhibit, LANDSCAPE, "en")
    index = next(i for i, s in enumerate(exhibit.screens) if s.hotspots)
    stage.go_to(index, duration_ms=0)
    view = stage.current_view()
    overlapping = sum(1 for a in view.markers for b in view.markers if a is not b and
                      a.geometry().intersects(b.geometry()))
    assert overlapping, "the bundled cut-away has points close together (the case this test is for)"
    for number, marker in enumerate(view.markers):
        for offset in (QPoint(0, 0), QPoint(8, -8), QPoint(-8, 8)):
            point = marker.geometry().center() + offset
            target = view.childAt(point)
            assert isinstance(target, Tappable), (number, target)
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(view, point))
            assert view.opened == number, f"a tap on point {number + 1} opened {view.opened}"
            view.close_callout()


def test_a_tap_near_a_place_on_the_map_opens_it(make_stage, exhibit, qtbot) -> None:
    stage = make_stage(exhibit, LANDSCAPE, "en")
    index = next(i for i, s in enumerate(exhibit.screens) if any(m.text for m in s.markers))
    stage.go_to(index, duration_ms=0)
    view = stage.current_view()
    number, marker = next((i, m) for i, m in enumerate(view.screen.markers) if m.text)
    centre = view.canvas.project(marker.lon, marker.lat)
    # 46 px away still counts (a 96-px target), and its button opens it too
    QTest.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=(centre + type(centre)(0, 46)).toPoint())
    assert view.opened == ("marker", number)
    view.close_details()
    qtbot.mouseClick(view.place_buttons[number], Qt.MouseButton.LeftButton)
    assert view.opened == ("marker", number)


def accessible_texts(widget: QWidget) -> tuple[str, str]:
    """Name and description as Qt's accessibility interface gives them to a screen reader."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None and interface.isValid(), describe(widget)
    return interface.text(QAccessible.Text.Name), interface.text(QAccessible.Text.Description)


def all_controls(stage: Stage) -> list[QWidget]:
    """The controls of the current state, and those of the open accessibility panel."""
    stage.access.close()
    controls = list(stage.focus_chain())
    stage.access.open()
    controls += stage.access.panel.controls()
    stage.access.close()
    return controls


# same in both languages on purpose: names of things and places, language names, numbers
SAME_IN_BOTH = {"English", "Français", "Plasma", "Divertor", "Cryostat", "ITER, Cadarache", "Aix-en-Provence"}
ENGLISH = {text["en"] for text in CATALOGUE.values()}


def test_every_control_has_a_name_and_a_description_in_the_visitors_language(make_stage, exhibit) -> None:
    english = make_stage(exhibit, LANDSCAPE, "en")
    french = make_stage(exhibit, LANDSCAPE, "fr")
    problems, checked = [], 0
    for index in every_screen(english):
        french.go_to(index, duration_ms=0)
        for state_en, state_fr in zip(open_every_detail(english), open_every_detail(french), strict=True):
            pairs = zip(all_controls(english), all_controls(french), strict=True)
            for control_en, control_fr in pairs:
                name_en, help_en = accessible_texts(control_en)
                name_fr, help_fr = accessible_texts(control_fr)
                where = f"{exhibit.screens[index].id} ({state_fr}): {describe(control_fr)}"
                checked += 1
                if not (name_en and help_en and name_fr and help_fr):
                    problems.append(f"{where}: no name or no description ({name_fr!r}, {help_fr!r})")
                if help_fr == help_en or help_fr in ENGLISH:
                    problems.append(f"{where}: the description is not French: {help_fr!r}")
                if name_fr == name_en and name_fr.split(": ", 1)[-1] not in SAME_IN_BOTH:
                    problems.append(f"{where}: the name is not French: {name_fr!r}")
            assert state_en == state_fr
    assert checked > 300
    assert not problems, "\n".join(problems)


def test_switching_language_renames_the_controls_at_once(make_stage, exhibit) -> None:
    stage = make_stage(exhibit, LANDSCAPE, "en")
    stage.go_to(2, duration_ms=0)
    before = [accessible_texts(c) for c in all_controls(stage)]
    stage.set_language("fr")
    QApplication.processEvents()
    after = [accessible_texts(c) for c in all_controls(stage)]
    assert len(before) == len(after)
    assert all(b[1] != a[1] for b, a in zip(before, after, strict=True))
    assert accessible_texts(stage.access.button) == ("Accessibilité", CATALOGUE["access_help"]["fr"])
