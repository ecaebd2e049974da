"""The keyboard focus ring shows on every control, on every screen, in both themes: drawn
with and without focus, the control must change over an area at least twice its perimeter
with a contrast of 3:1 or more between the two states (WCAG 2.4.13's measure)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accessibility import VisitorSettings
from kiosk.content.contrast import contrast_ratio
from kiosk.stage import Stage


def snapshot(stage: Stage, rect: QRect) -> QImage:
    QApplication.processEvents()
    return stage.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)


def changed_area(before: QImage, after: QImage) -> int:
    """Pixels whose colour changed with a contrast of 3:1 or more."""
    count = 0
    for y in range(before.height()):
        for x in range(before.width()):
            a, b = before.pixelColor(x, y), after.pixelColor(x, y)
            if a != b and contrast_ratio(a.name(), b.name()) >= 3.0:
                count += 1
    return count


def focus_ring_problems(stage: Stage, control: QWidget) -> str | None:
    rect = QRect(control.mapTo(stage, control.rect().topLeft()), control.size())
    stage.setFocus(Qt.FocusReason.OtherFocusReason)
    plain = snapshot(stage, rect)
    control.setFocus(Qt.FocusReason.TabFocusReason)
    assert control.hasFocus(), control
    focused = snapshot(stage, rect)
    area = changed_area(plain, focused)
    perimeter = 2 * (control.width() + control.height())
    if area < 2 * perimeter:
        return f"{control.objectName() or type(control).__name__}: {area} px changed, {2 * perimeter} needed"
    return None


@pytest.mark.parametrize("high_contrast", [False, True], ids=["exhibit theme", "high contrast"])
def test_the_focus_ring_shows_on_every_control(windowed_session, high_contrast) -> None:
    stage = windowed_session.stage
    stage.apply_settings(VisitorSettings(high_contrast=high_contrast, reduced_motion=True))
    problems, checked = [], 0
    for index, screen in enumerate(stage.exhibit.screens):
        stage.go_to(index, duration_ms=0)
        if screen.hotspots:
            stage.current_view().open_callout(0)  # its close button too
        for control in stage.focus_chain():
            checked += 1
            problem = focus_ring_problems(stage, control)
            if problem:
                problems.append(f"{screen.id}: {problem}")
        stage.current_view().reset()
    stage.access.open()
    for control in stage.access.panel.controls():
        checked += 1
        problem = focus_ring_problems(stage, control)
        if problem:
            problems.append(f"access panel: {problem}")
    assert checked > 60
    assert not problems, "\n".join(problems)
