"""`hero`: a large title and subtitle with artwork and up to three big figures."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Screen
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack
from kiosk.layouts.stats import StatsRow


class HeroView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        image = screen.image
        self.picture = self.make_picture(image)
        self.title = self.label("display", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.body = self.label("body", screen.body)
        self.stats = StatsRow(screen.stats, self)
        self.credit = self.label("caption", image.credit if image else None)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.body.setVisible(screen.body is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.stats.set_language(self.tr_text)
        super().retranslate()

    def restyle(self) -> None:
        super().restyle()
        self._restyle_stats(1.0)

    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        self.credit.setFont(self.role_font("caption"))
        text_items = [
            Item(self.title, self.font_fn("display"), headline=True),
            Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(36)),
            Item(self.body, self.font_fn("body"), gap_before=style.px(28)),
        ]
        stats = Item(self.stats, gap_before=style.px(64), restyle=self._restyle_stats)
        if style.portrait:
            art_height = int(box.height() * (0.28 if style.large_text else 0.36))
            credit_height = self.credit.heightForWidth(box.width())
            self.picture.setGeometry(QRect(box.left(), box.top(), box.width(), art_height))
            self.credit.setGeometry(box.left(), box.top() + art_height, box.width(), credit_height)
            text_box = QRect(box.left(), box.top() + art_height + credit_height + style.px(40), box.width(),
                             box.height() - art_height - credit_height - style.px(40))
            stack([*text_items, stats], text_box)
        elif style.large_text:
            self._layout_large_landscape(box, text_items, stats)
        else:
            text_width = int(box.width() * 0.5)
            art_width = box.width() - text_width - style.gutter
            credit_height = self.credit.heightForWidth(art_width)
            art = QRect(box.left() + text_width + style.gutter, box.top() - style.px(40),
                        art_width, box.height() - credit_height + style.px(40))
            self.picture.setGeometry(art)
            self.credit.setGeometry(art.left(), art.bottom() + style.px(8), art.width(), credit_height)
            stack([*text_items, stats], QRect(box.left(), box.top() + style.px(24), text_width,
                                              box.height() - style.px(24)))

    def _layout_large_landscape(self, box: QRect, text_items: list[Item], stats: Item) -> None:
        """Large text, landscape: the headline and subtitle on the left; on the right the body
        text and the big figures at the foot, and the artwork in the room left above them."""
        style = self.style_
        half = (box.width() - style.gutter) // 2
        stack(text_items[:2], QRect(box.left(), box.top() + style.px(24), half, box.height() - style.px(24)))
        side = QRect(box.right() - half + 1, box.top(), half, box.height())
        body = Item(self.body, self.font_fn("body"))
        stack([body, stats], side, align_bottom=True)
        top = min(self.stats.y() if not self.stats.isHidden() else side.bottom(),
                  self.body.y() if not self.body.isHidden() else side.bottom())
        credit_height = self.credit.heightForWidth(side.width())
        art_bottom = top - style.px(32) - credit_height
        self.picture.setGeometry(side.left(), side.top() - style.px(24), side.width(),
                                 max(0, art_bottom - side.top() + style.px(24)))
        self.credit.setGeometry(side.left(), art_bottom + style.px(8), side.width(), credit_height)

    def _restyle_stats(self, factor: float) -> None:
        style = self.style_
        self.stats.apply(self.role_font("numeral", factor), self.role_font("caption", factor), style.color("accent"),
                         style.color("muted"), style.px(40), style.px(8))
