"""`hotspots`: an image with numbered points; a tap opens a callout, a second tap closes it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Screen
from kiosk.i18n import tr
from kiosk.layouts.base import RenderContext, ScreenView, can_take_focus, content_box
from kiosk.layouts.column import Item, stack
from kiosk.layouts.panel import DetailCard
from kiosk.widgets.controls import PillButton, RoundButton, Tappable


class HotspotMarker(RoundButton):
    """A numbered point on the picture: a 68-pixel circle in a 96-pixel touch target. Points
    can sit close together, so a press belongs to the marker whose centre is nearest."""

    def __init__(self, number: int, view: HotspotsView) -> None:
        super().__init__(str(number), view)
        self.view = view

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.raise_()  # a neighbour drawn over it would hide part of the focus ring
        super().focusInEvent(event)

    def press_owner(self, global_position: QPointF) -> Tappable:
        def distance(marker: HotspotMarker) -> float:
            centre = QPointF(marker.mapToGlobal(marker.rect().center()))
            return (centre - global_position).manhattanLength()

        return min((m for m in self.view.markers if m.isVisible()), key=distance, default=self)


class HotspotsView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        image = screen.image
        self.picture = self.make_picture(image)
        self.title = self.label("title", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.credit = self.label("caption", image.credit if image else None)
        self.hint = self.label("caption")
        self.markers: list[HotspotMarker] = []
        self.legend: list[PillButton] = []
        for index, hotspot in enumerate(screen.hotspots):
            marker = HotspotMarker(index + 1, self)
            marker.setObjectName(f"hotspot-{hotspot.id}")
            marker.tapped.connect(lambda i=index: self.toggle(i))
            self.markers.append(marker)
            entry = PillButton("", self)
            entry.setObjectName(f"legend-{hotspot.id}")
            entry.tapped.connect(lambda i=index: self.toggle(i))
            self.legend.append(entry)
        self.card = DetailCard(self)
        self.card.close_button.tapped.connect(self.close_callout)
        self.card.hide()
        self.opened: int | None = None
        self.retranslate()

    # --- state ---------------------------------------------------------------------
    def toggle(self, index: int) -> None:
        if self.opened == index:
            self.close_callout()
        else:
            self.open_callout(index)

    def open_callout(self, index: int) -> None:
        self.opened = index
        hotspot = self.screen.hotspots[index]
        self.item_opened.emit("hotspot", hotspot.id)
        self.card.show_item(str(index + 1), self.tr_text(hotspot.label), self.tr_text(hotspot.figure),
                            self.tr_text(hotspot.text))
        self._mark_active()
        self.relayout()

    def close_callout(self) -> None:
        self.opened = None
        self.card.hide()
        self._mark_active()
        self.relayout()

    def _mark_active(self) -> None:
        for index, (marker, entry) in enumerate(zip(self.markers, self.legend, strict=True)):
            marker.set_active(index == self.opened)
            entry.set_checked(index == self.opened)

    def reset(self) -> None:
        self.close_callout()

    # --- text and style ------------------------------------------------------------
    def retranslate(self) -> None:
        self.hint.setText(tr("tap_number", self.language))
        for index, (hotspot, marker, entry) in enumerate(zip(self.screen.hotspots, self.markers, self.legend,
                                                              strict=True)):
            label = self.tr_text(hotspot.label)
            marker.set_accessible(f"{index + 1}: {label}", tr("hotspot_help", self.language))
            entry.set_text(f"{index + 1}  {label}")
            entry.set_accessible(f"{index + 1}: {label}", tr("hotspot_help", self.language))
        self.card.close_button.set_accessible(tr("close", self.language), tr("close_help", self.language))
        super().retranslate()
        if self.opened is not None:
            self.open_callout(self.opened)

    def restyle(self) -> None:
        super().restyle()
        style = self.style_
        badge = self.role_font("strong")
        for marker in self.markers:
            marker.font_ = badge
            marker.fill = style.color("background", style.panel_alpha(0.88))
            marker.ring = style.color("accent")
            marker.fill_active = style.color("accent")
            marker.ink = style.color("text")
            marker.ink_active = style.color("background")
            marker.set_focus_style(style)
        for entry in self.legend:
            entry.apply_style(style, self.role_font("body", 0.82), height=96, padding=22, fill_alpha=0.7)
            entry.align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            entry.wrap = True
        self.card.apply(style, {"heading": self.font_fn("heading"), "figure": self.font_fn("figure"),
                                "body": self.font_fn("body"), "badge": self.font_fn("strong")})

    def focus_chain(self) -> list[QWidget]:
        """The markers in number order, then the legend (or the open callout's close button)."""
        return [w for w in (*self.markers, *self.legend, self.card.close_button) if can_take_focus(w)]

    # --- geometry ------------------------------------------------------------------
    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        # large text: the header runs across the screen, unless a callout needs the whole right column
        wide_header = style.large_text and not style.portrait and self.opened is None
        header_width = box.width() if style.portrait or wide_header else int(box.width() * (
            0.5 if style.large_text else 0.58))
        stack([Item(self.title, self.font_fn("title"), headline=True),
               Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(16))],
              QRect(box.left(), box.top(), header_width, box.height() // 2))
        top = (self.title if self.subtitle.isHidden() else self.subtitle).geometry().bottom() + style.px(32)
        self.credit.setFont(self.role_font("caption"))
        if style.portrait:
            share = 0.42 if style.large_text and self.opened is not None else 0.5  # room for a long callout
            image_box = QRect(box.left(), top, box.width(), int((box.bottom() - top) * share))
            side = QRect(box.left(), image_box.bottom() + style.px(64), box.width(),
                         box.bottom() - image_box.bottom() - style.px(64))
        else:
            image_width = int(box.width() * (0.5 if style.large_text else 0.56))
            credit_height = self.credit.heightForWidth(image_width)
            image_box = QRect(box.left(), top, image_width, box.bottom() - top - credit_height - style.px(12))
            side_top = top if wide_header else box.top()
            side = QRect(box.left() + image_width + style.gutter, side_top, box.width() - image_width - style.gutter,
                         box.bottom() - side_top + 1)
        self.picture.setGeometry(image_box)
        credit_height = self.credit.heightForWidth(image_box.width())
        self.credit.setGeometry(image_box.left(), image_box.bottom() + style.px(8), image_box.width(), credit_height)
        self._place_markers()
        self._place_side(side)

    def _place_markers(self) -> None:
        rect = self.picture.image_rect().translated(self.picture.pos())
        target = self.style_.px(96)  # the touch target; the circle drawn is 68 px
        for hotspot, marker in zip(self.screen.hotspots, self.markers, strict=True):
            x = rect.left() + hotspot.x * rect.width()
            y = rect.top() + hotspot.y * rect.height()
            marker.setGeometry(round(x - target / 2), round(y - target / 2), target, target)
            marker.visual_fraction = 68 / 96
            marker.raise_()

    def _place_side(self, side: QRect) -> None:
        style = self.style_
        if self.opened is not None:
            for entry in self.legend:
                entry.hide()
            self.hint.hide()
            height = min(side.height(), self.card.needed_height(side.width()))
            top = side.top() if style.portrait or style.large_text else side.top() + (side.height() - height) // 2
            self.card.setGeometry(side.left(), top, side.width(), height)
            self.card.raise_()
            return
        gap = style.px(12)
        columns = 2
        width = (side.width() - gap * (columns - 1)) // columns
        rows = (len(self.legend) + columns - 1) // columns
        heights: list[int] = []
        for factor in (0.82, 0.74, 0.66):  # the names step down (not below body size) until the rows fit
            for entry in self.legend:
                entry.font_ = self.role_font("body", factor)
            heights = [max([style.px(96)] + [e.wrapped_height(width) for e in self.legend[r * columns:][:columns]])
                       for r in range(rows)]
            if sum(heights) + gap * (rows - 1) <= side.height():
                break
        legend_height = sum(heights) + gap * (rows - 1)
        self.hint.setGeometry(side.left(), side.top(), side.width(), self.hint.heightForWidth(side.width()))
        # the hint repeats what the subtitle says: it is the first thing to give up when room is short
        self.hint.setVisible(self.hint.height() + style.px(20) + legend_height <= side.height())
        y = self.hint.geometry().bottom() + style.px(20) if not self.hint.isHidden() else side.top()
        for index, entry in enumerate(self.legend):
            col, row = index % columns, index // columns
            entry.setGeometry(side.left() + col * (width + gap), y + sum(heights[:row]) + gap * row, width,
                              heights[row])
            entry.show()
