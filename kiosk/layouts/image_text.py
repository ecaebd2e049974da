"""`image_text`: a picture with caption and credit beside short text blocks."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Screen
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack


class ImageTextView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        image = screen.image
        self.picture = self.make_picture(image)
        self.title = self.label("title", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.caption = self.label("body", screen.caption)
        self.caption.setVisible(screen.caption is not None)
        self.credit = self.label("caption", image.credit if image else None)
        self.blocks = [(self.label("heading", block.heading), self.label("body", block.text))
                       for block in screen.blocks]
        self.retranslate()

    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        if style.portrait:
            image_box = QRect(box.left(), box.top(), box.width(), int(box.height() * 0.38))
            text_box = QRect(box.left(), image_box.bottom() + style.px(150), box.width(),
                             box.bottom() - image_box.bottom() - style.px(150))
        else:
            image_width = int(box.width() * 0.52)
            text_width = box.width() - image_width - style.gutter * 2
            on_left = self.screen.image_side != "right"
            image_left = box.left() if on_left else box.right() - image_width
            text_left = box.left() + image_width + style.gutter * 2 if on_left else box.left()
            image_box = QRect(image_left, box.top(), image_width, box.height() - style.px(150))
            text_box = QRect(text_left, box.top(), text_width, box.height())
        self.picture.setGeometry(image_box)
        below = QRect(image_box.left(), image_box.bottom() + style.px(16), image_box.width(), style.px(134))
        stack([Item(self.caption, self.font_fn("body")),
               Item(self.credit, self.font_fn("caption"), gap_before=style.px(8))], below)
        items = [Item(self.title, self.font_fn("title")),
                 Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(20))]
        for heading, text in self.blocks:
            items.append(Item(heading, self.font_fn("heading"), gap_before=style.px(40)))
            items.append(Item(text, self.font_fn("body"), gap_before=style.px(10)))
        stack(items, text_box)
