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
        image_share = 0.4 if style.large_text else 0.52  # large text: the words get more of the width
        below_height = self._below_height(box.width() if style.portrait else int(box.width() * image_share))
        if style.portrait:
            image_box = QRect(box.left(), box.top(), box.width(), int(box.height() * (0.22 if style.large_text
                                                                                        else 0.38)))
            top = image_box.bottom() + style.px(16) + below_height + style.px(32)
            text_box = QRect(box.left(), top, box.width(), box.bottom() - top)
        else:
            image_width = int(box.width() * image_share)
            text_width = box.width() - image_width - style.gutter * 2
            on_left = self.screen.image_side != "right"
            image_left = box.left() if on_left else box.right() - image_width
            text_left = box.left() + image_width + style.gutter * 2 if on_left else box.left()
            image_box = QRect(image_left, box.top(), image_width, box.height() - style.px(16) - below_height)
            text_box = QRect(text_left, box.top(), text_width, box.height())
        self.picture.setGeometry(image_box)
        below = QRect(image_box.left(), image_box.bottom() + style.px(16), image_box.width(), below_height)
        stack([Item(self.caption, self.font_fn("body")),
               Item(self.credit, self.font_fn("caption"), gap_before=style.px(8))], below)
        items = [Item(self.title, self.font_fn("title"), headline=True),
                 Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(20))]
        for heading, text in self.blocks:
            items.append(Item(heading, self.font_fn("heading"), gap_before=style.px(40)))
            items.append(Item(text, self.font_fn("body"), gap_before=style.px(10)))
        stack(items, text_box, large_text=style.large_text)

    def _below_height(self, width: int) -> int:
        """Room under the picture for its caption and credit (at least the 134 px it always had)."""
        style = self.style_
        needed = 0
        for label, role, gap in ((self.caption, "body", 0), (self.credit, "caption", style.px(8))):
            if not label.isHidden():
                label.setFont(self.role_font(role))
                needed += label.heightForWidth(width) + gap
        return max(style.px(134), needed)
