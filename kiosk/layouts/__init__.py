"""One renderer per layout. Modules are imported when a screen first needs them."""

from __future__ import annotations

from importlib import import_module

from PySide6.QtWidgets import QWidget

from kiosk.content.model import Screen
from kiosk.layouts.base import RenderContext, ScreenView

VIEW_CLASSES = {
    "hero": ("kiosk.layouts.hero", "HeroView"),
    "image_text": ("kiosk.layouts.image_text", "ImageTextView"),
    "timeline": ("kiosk.layouts.timeline", "TimelineView"),
    "hotspots": ("kiosk.layouts.hotspots", "HotspotsView"),
    "map": ("kiosk.layouts.map", "MapView"),
    "chart": ("kiosk.layouts.chart", "ChartView"),
}


def view_class(layout: str) -> type[ScreenView]:
    module_name, class_name = VIEW_CLASSES[layout]
    return getattr(import_module(module_name), class_name)


def create_view(screen: Screen, context: RenderContext, parent: QWidget | None = None) -> ScreenView:
    return view_class(screen.layout)(screen, context, parent)
