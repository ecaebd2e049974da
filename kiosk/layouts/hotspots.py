"""`hotspots`: an image with numbered points; a tap opens a callout, a second tap closes it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Screen
from kiosk.i18n import tr
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack
from kiosk.layouts.panel import DetailCard
from kiosk.widgets.controls import PillButton, RoundButton


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
        self.markers: list[RoundButton] = []
        self.legend: list[PillButton] = []
        for index, hotspot in enumerate(screen.hotspots):
            marker = RoundButton(str(index + 1), self)
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
            marker.setAccessibleName(f"{index + 1}: {label}")
            entry.set_text(f"{index + 1}  {label}")
        super().retranslate()
        if self.opened is not None:
            self.open_callout(self.opened)

    def restyle(self) -> None:
        super().restyle()
        style = self.style_
        badge = self.role_font("strong")
        for marker in self.markers:
            marker.font_ = badge
            marker.fill = style.color("background", 0.88)
            marker.ring = style.color("accent")
            marker.fill_active = style.color("accent")
            marker.ink = style.color("text")
        for entry in self.legend:
            entry.apply_style(style, self.role_font("body", 0.82), height=64, padding=28, fill_alpha=0.7)
            entry.align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.card.apply(style, {"heading": self.role_font("heading"), "figure": self.role_font("figure"),
                                "body": self.role_font("body"), "badge": badge})

    # --- geometry ------------------------------------------------------------------
    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        stack([Item(self.title, self.font_fn("title")),
               Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(16))],
              QRect(box.left(), box.top(), box.width() if style.portrait else int(box.width() * 0.62), box.height()))
        top = (self.title if self.subtitle.isHidden() else self.subtitle).geometry().bottom() + style.px(32)
        if style.portrait:
            image_box = QRect(box.left(), top, box.width(), int((box.bottom() - top) * 0.55))
            side = QRect(box.left(), image_box.bottom() + style.px(64), box.width(),
                         box.bottom() - image_box.bottom() - style.px(64))
        else:
            image_width = int(box.width() * 0.6)
            image_box = QRect(box.left(), top, image_width, box.bottom() - top - style.px(40))
            side = QRect(box.left() + image_width + style.gutter, box.top(), box.width() - image_width - style.gutter,
                         box.height())
        self.picture.setGeometry(image_box)
        self.credit.setGeometry(image_box.left(), image_box.bottom() + style.px(8), image_box.width(), style.px(36))
        self._place_markers()
        self._place_side(side)

    def _place_markers(self) -> None:
        rect = self.picture.image_rect().translated(self.picture.pos())
        side = self.style_.px(68)
        for hotspot, marker in zip(self.screen.hotspots, self.markers, strict=True):
            x = rect.left() + hotspot.x * rect.width()
            y = rect.top() + hotspot.y * rect.height()
            marker.setGeometry(round(x - side / 2), round(y - side / 2), side, side)
            marker.raise_()

    def _place_side(self, side: QRect) -> None:
        style = self.style_
        if self.opened is not None:
            for entry in self.legend:
                entry.hide()
            self.hint.hide()
            height = min(side.height(), self.card.needed_height(side.width()))
            top = side.top() if self.style_.portrait else side.top() + (side.height() - height) // 2
            self.card.setGeometry(side.left(), top, side.width(), height)
            self.card.raise_()
            return
        self.hint.show()
        self.hint.setGeometry(side.left(), side.top(), side.width(), self.hint.heightForWidth(side.width()))
        y = self.hint.geometry().bottom() + style.px(20)
        gap = style.px(12)
        columns = 2 if style.portrait else 1
        width = (side.width() - gap * (columns - 1)) // columns
        height = style.px(72)
        rows = (len(self.legend) + columns - 1) // columns
        if y + rows * (height + gap) > side.bottom():
            height = max(style.px(56), (side.bottom() - y) // max(rows, 1) - gap)
        for index, entry in enumerate(self.legend):
            col, row = index % columns, index // columns
            entry.setGeometry(side.left() + col * (width + gap), y + row * (height + gap), width, height)
            entry.show()
