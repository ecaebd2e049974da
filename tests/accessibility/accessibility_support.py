"""Helpers for the accessibility tests: sizes, visitor settings, and walking every screen and
every state of it (callouts, members, places, events, the JET comparison) with real widgets."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.accessibility import VisitorSettings
from kiosk.stage import Stage

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
LARGE = VisitorSettings(large_text=True)
CONTRAST = VisitorSettings(high_contrast=True)


def every_screen(stage: Stage) -> Iterator[int]:
    """Show each screen in turn (a plain cut), yielding its index; stops what moves after each."""
    for index in range(len(stage.exhibit.screens)):
        stage.go_to(index, duration_ms=0)
        stage.current_view().entered()
        QApplication.processEvents()
        yield index
        stage.current_view().left()


def open_every_detail(stage: Stage) -> Iterator[str]:
    """On the current screen, open each callout, member, place and event in turn (and the JET
    comparison), yielding a name for each state; closes them again at the end."""
    view = stage.current_view()
    screen = view.screen
    yield "closed"
    for number, hotspot in enumerate(screen.hotspots):
        view.open_callout(number)
        yield f"hotspot {hotspot.id}"
    for number, region in enumerate(screen.regions):
        view.toggle_region(number)
        yield f"region {region.id}"
    for number, marker in enumerate(screen.markers):
        if marker.text is not None:
            view.toggle_marker(number)
            yield f"marker {marker.id}"
    for number in range(len(screen.events)):
        view.select(number)
        yield f"event {number}"
    chart = getattr(view, "chart", None)
    if chart is not None and chart.spec.comparison is not None:
        chart.set_comparison(True)
        QApplication.processEvents()
        yield "comparison"
    view.reset()
    QApplication.processEvents()


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName()}" if widget.objectName() else type(widget).__name__
