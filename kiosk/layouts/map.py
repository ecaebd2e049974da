"""`map`: country outlines with highlighted regions and markers; a tap opens the details."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from kiosk.content.mapdata import MapData, MapDataError, load_map
from kiosk.content.model import Screen
from kiosk.i18n import tr
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack
from kiosk.layouts.mapcanvas import MapCanvas
from kiosk.layouts.panel import DetailCard
from kiosk.layouts.stats import StatsRow
from kiosk.widgets.controls import PillButton

log = logging.getLogger(__name__)


class MapView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        data = MapData("", {})
        if screen.map is not None:
            try:
                data = load_map(screen.map.path)
            except MapDataError as exc:
                log.error("%s: %s", screen.source_file, exc)
        view = screen.map.view if screen.map else None
        assert view is not None
        self.canvas = MapCanvas(data, view, screen.regions, screen.markers, self)
        self.canvas.region_tapped.connect(self.toggle_region)
        self.canvas.marker_tapped.connect(self.toggle_marker)
        self.title = self.label("title", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.body = self.label("body", screen.body)
        self.body.setVisible(screen.body is not None)
        self.credit = self.label("caption", screen.map.credit if screen.map else None)
        self.hint = self.label("caption")
        self.stats = StatsRow(screen.stats, self)
        self.buttons: list[PillButton] = []
        for index, region in enumerate(screen.regions):
            button = PillButton("", self)
            button.setObjectName(f"region-{region.id}")
            button.tapped.connect(lambda i=index: self.toggle_region(i))
            self.buttons.append(button)
        self.card = DetailCard(self)
        self.card.close_button.tapped.connect(self.close_details)
        self.card.hide()
        self.opened: tuple[str, int] | None = None
        self.retranslate()

    # --- state ---------------------------------------------------------------------
    def toggle_region(self, index: int) -> None:
        if self.opened == ("region", index):
            self.close_details()
            return
        self.opened = ("region", index)
        region = self.screen.regions[index]
        self.item_opened.emit("region", region.id)
        self.canvas.select_region(index)
        self.card.show_item("", self.tr_text(region.name), self.tr_text(region.figure), self.tr_text(region.text))
        self._mark_buttons()
        self.relayout()

    def toggle_marker(self, index: int) -> None:
        marker = self.screen.markers[index]
        if self.opened == ("marker", index) or marker.text is None:
            self.close_details()
            return
        self.opened = ("marker", index)
        self.item_opened.emit("marker", marker.id)
        self.canvas.select_marker(index)
        self.card.show_item("", self.tr_text(marker.label), "", self.tr_text(marker.text))
        self._mark_buttons()
        self.relayout()

    def close_details(self) -> None:
        self.opened = None
        self.canvas.select_region(None)
        self.card.hide()
        self._mark_buttons()
        self.relayout()

    def _mark_buttons(self) -> None:
        for index, button in enumerate(self.buttons):
            button.set_checked(self.opened == ("region", index))

    def reset(self) -> None:
        self.close_details()

    # --- text and style ------------------------------------------------------------
    def retranslate(self) -> None:
        self.stats.set_language(self.tr_text)
        for region, button in zip(self.screen.regions, self.buttons, strict=True):
            button.set_text(self.tr_text(region.name))
        self.canvas.marker_labels = [self.tr_text(m.label) for m in self.screen.markers]
        self.canvas.restyle()
        self.hint.setText(tr("tap_region" if self.screen.regions else "tap_place", self.language))
        self.hint.setVisible(bool(self.screen.regions) or any(m.text for m in self.screen.markers))
        super().retranslate()
        if self.opened is not None:
            kind, index = self.opened
            self.opened = None
            (self.toggle_region if kind == "region" else self.toggle_marker)(index)

    def restyle(self) -> None:
        super().restyle()
        style = self.style_
        self.stats.apply(self.role_font("numeral", 0.8), self.role_font("caption"), style.color("accent"),
                         style.color("muted"), style.px(32), style.px(4))
        for button in self.buttons:
            button.apply_style(style, self.role_font("body", 0.85), height=64, padding=26, fill_alpha=0.75)
        self.card.apply(style, {"heading": self.role_font("heading"), "figure": self.role_font("figure", 0.8),
                                "body": self.role_font("body"), "badge": self.role_font("strong")})
        land = style.color("surface").lighter(150)
        self.canvas.colors.update({"land": land, "border": style.color("background"), "region": style.color("accent"),
                                   "text": style.color("text"), "halo": style.color("background"),
                                   "sea": style.color("surface", 0.55)})
        self.canvas.label_font = self.role_font("strong")
        self.canvas.marker_size = style.px(18)
        self.canvas.restyle()

    # --- geometry ------------------------------------------------------------------
    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        if style.portrait:
            self._layout_portrait(box)
        else:
            self._layout_landscape(box)

    def _header(self, box: QRect) -> int:
        style = self.style_
        stack([Item(self.title, self.font_fn("title")),
               Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(16))], box)
        return (self.title if self.subtitle.isHidden() else self.subtitle).geometry().bottom()

    def _layout_landscape(self, box: QRect) -> None:
        style = self.style_
        side_width = int(box.width() * 0.34)
        map_width = box.width() - side_width - style.gutter
        top = self._header(QRect(box.left(), box.top(), map_width, box.height())) + style.px(32)
        map_box = QRect(box.left(), top, map_width, box.bottom() - top - style.px(44))
        self.canvas.setGeometry(map_box)
        rect = self.canvas.map_rect().toRect().translated(map_box.topLeft())
        self.credit.setGeometry(rect.left(), rect.bottom() + style.px(8), map_box.width(), style.px(36))
        self._layout_side(QRect(box.right() - side_width, box.top(), side_width, box.height()), columns=1)

    def _layout_portrait(self, box: QRect) -> None:
        style = self.style_
        top = self._header(box) + style.px(32)
        map_height = int(box.width() / max(self.canvas.aspect(), 0.5))
        map_height = min(map_height, int((box.bottom() - top) * 0.45))
        self.canvas.setGeometry(box.left(), top, box.width(), map_height)
        self.credit.setGeometry(box.left(), top + map_height + style.px(4), box.width(), style.px(36))
        side_top = top + map_height + style.px(56)
        self._layout_side(QRect(box.left(), side_top, box.width(), box.bottom() - side_top), columns=2)

    def _layout_side(self, side: QRect, columns: int) -> None:
        style = self.style_
        if self.opened is not None:
            for widget in (*self.buttons, self.hint, self.stats, self.body):
                widget.hide()
            height = min(side.height(), self.card.needed_height(side.width()))
            top = side.top() + (side.height() - height) // 2 if columns == 1 else side.top()
            self.card.setGeometry(side.left(), top, side.width(), height)
            self.card.raise_()
            return
        self.stats.setVisible(bool(self.screen.stats))
        self.body.setVisible(self.screen.body is not None)
        self.hint.setVisible(bool(self.screen.regions) or any(m.text for m in self.screen.markers))
        gap = style.px(12)
        rows = (len(self.buttons) + columns - 1) // columns
        button_height = style.px(64)
        buttons_height = rows * (button_height + gap)
        text_box = QRect(side.left(), side.top(), side.width(), side.height() - buttons_height - style.px(8))
        items = [Item(self.stats, gap_before=0, restyle=None),
                 Item(self.body, self.font_fn("body"), gap_before=style.px(32)),
                 Item(self.hint, self.font_fn("caption"), gap_before=style.px(32))]
        stack(items, text_box)
        if not self.hint.isHidden() and self.hint.geometry().bottom() > text_box.bottom():
            self.hint.hide()  # the hint is the first thing to give up when the panel is full
            stack(items, text_box)
        y = side.bottom() - buttons_height + gap
        width = (side.width() - gap * (columns - 1)) // columns
        for index, button in enumerate(self.buttons):
            col, row = index % columns, index // columns
            button.setGeometry(side.left() + col * (width + gap), y + row * (button_height + gap), width, button_height)
            button.show()
