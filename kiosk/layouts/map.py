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
        # places with details get a button too: a target as large as the members' (and one Tab reaches)
        self.place_buttons: dict[int, PillButton] = {}
        for index, marker in enumerate(screen.markers):
            if marker.text is not None:
                button = PillButton("", self)
                button.setObjectName(f"place-{marker.id}")
                button.tapped.connect(lambda i=index: self.toggle_marker(i))
                self.place_buttons[index] = button
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
        for index, button in self.place_buttons.items():
            button.set_checked(self.opened == ("marker", index))

    def all_buttons(self) -> list[PillButton]:
        return [*self.buttons, *self.place_buttons.values()]

    def reset(self) -> None:
        self.close_details()

    # --- text and style ------------------------------------------------------------
    def retranslate(self) -> None:
        self.stats.set_language(self.tr_text)
        for region, button in zip(self.screen.regions, self.buttons, strict=True):
            button.set_text(self.tr_text(region.name))
            button.setAccessibleDescription(tr("region_help", self.language))
        for index, button in self.place_buttons.items():
            button.set_text(self.tr_text(self.screen.markers[index].label))
            button.setAccessibleDescription(tr("place_help", self.language))
        self.card.close_button.set_accessible(tr("close", self.language), tr("close_help", self.language))
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
        self._restyle_stats(1.0)
        for button in self.all_buttons():
            button.apply_style(style, self.role_font("body", 0.85), height=96, padding=24, fill_alpha=0.75)
            button.wrap = True
        self.card.apply(style, {"heading": self.font_fn("heading"),
                                "figure": lambda factor: self.role_font("figure", 0.8 * factor),
                                "body": self.font_fn("body"), "badge": self.font_fn("strong")})
        land = style.color("surface").lighter(150)
        self.canvas.colors.update({"land": land, "border": style.color("background"), "region": style.color("accent"),
                                   "text": style.color("text"), "halo": style.color("background"),
                                   "sea": style.color("surface", 0.55)})
        self.canvas.label_font = self.role_font("strong")
        self.canvas.marker_size = style.px(18)
        self.canvas.restyle()

    def _restyle_stats(self, factor: float) -> None:
        style = self.style_
        self.stats.apply(self.role_font("numeral", 0.8 * factor), self.role_font("caption", min(1.0, factor + 0.12)),
                         style.color("accent"), style.color("muted"), style.px(32), style.px(4))

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
        stack([Item(self.title, self.font_fn("title"), headline=True),
               Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(16))], box)
        return (self.title if self.subtitle.isHidden() else self.subtitle).geometry().bottom()

    def _layout_landscape(self, box: QRect) -> None:
        style = self.style_
        side_width = int(box.width() * (0.42 if style.large_text else 0.36))
        map_width = box.width() - side_width - style.gutter
        # with large text the headline may step down so the map keeps some room
        header_height = int(box.height() * 0.42) if style.large_text else box.height()
        top = self._header(QRect(box.left(), box.top(), map_width, header_height)) + style.px(32)
        self.credit.setFont(self.role_font("caption"))
        credit_height = self.credit.heightForWidth(map_width)
        map_box = QRect(box.left(), top, map_width, box.bottom() - top - credit_height - style.px(8))
        self.canvas.setGeometry(map_box)
        rect = self.canvas.map_rect().toRect().translated(map_box.topLeft())
        self.credit.setGeometry(rect.left(), rect.bottom() + style.px(8), map_box.right() - rect.left() + 1,
                                credit_height)
        self._layout_side(QRect(box.right() - side_width, box.top(), side_width, box.height()), columns=2)

    def _layout_portrait(self, box: QRect) -> None:
        style = self.style_
        top = self._header(box) + style.px(32)
        map_height = int(box.width() / max(self.canvas.aspect(), 0.5))
        map_height = min(map_height, int((box.bottom() - top) * (0.36 if style.large_text else 0.45)))
        self.canvas.setGeometry(box.left(), top, box.width(), map_height)
        self.credit.setFont(self.role_font("caption"))
        credit_height = self.credit.heightForWidth(box.width())
        self.credit.setGeometry(box.left(), top + map_height + style.px(4), box.width(), credit_height)
        side_top = top + map_height + credit_height + style.px(32)
        self._layout_side(QRect(box.left(), side_top, box.width(), box.bottom() - side_top), columns=2)

    def _layout_side(self, side: QRect, columns: int) -> None:
        style = self.style_
        buttons = self.all_buttons()
        if self.opened is not None:
            for widget in (*buttons, self.hint, self.stats, self.body):
                widget.hide()
            height = min(side.height(), self.card.needed_height(side.width()))
            top = side.top() + (side.height() - height) // 2 if not style.portrait else side.top()
            self.card.setGeometry(side.left(), top, side.width(), height)
            self.card.raise_()
            return
        self.stats.setVisible(bool(self.screen.stats))
        self.body.setVisible(self.screen.body is not None)
        self.hint.setVisible(bool(self.screen.regions) or bool(self.place_buttons))
        gap = style.px(12)
        width = (side.width() - gap * (columns - 1)) // columns
        rows = [buttons[start:start + columns] for start in range(0, len(buttons), columns)]
        heights: list[int] = []
        for factor in (0.85, 0.75, 0.66):  # names step down (never below body size) to stay on one line
            for button in buttons:
                button.font_ = self.role_font("body", factor)
            heights = [max([style.px(96)] + [b.wrapped_height(width) for b in row]) for row in rows]
            if sum(heights) <= style.px(96) * len(rows):
                break
        buttons_height = sum(heights) + gap * len(rows)
        text_box = QRect(side.left(), side.top(), side.width(), side.height() - buttons_height - style.px(8))
        items = [Item(self.stats, gap_before=0, restyle=self._restyle_stats, headline=True),
                 Item(self.body, self.font_fn("body"), gap_before=style.px(32)),
                 Item(self.hint, self.font_fn("caption"), gap_before=style.px(32))]
        # with nothing above it, the hint sits right over the buttons it is about
        alone = self.stats.isHidden() and self.body.isHidden()
        stack(items, text_box, align_bottom=alone)
        if not self.hint.isHidden() and self.hint.geometry().bottom() > text_box.bottom():
            self.hint.hide()  # the hint is the first thing to give up when the panel is full
            stack(items, text_box, large_text=style.large_text)
        y = side.bottom() - buttons_height + gap
        for row, height in zip(rows, heights, strict=True):
            for col, button in enumerate(row):
                button.setGeometry(side.left() + col * (width + gap), y, width, height)
                button.show()
            y += height + gap
