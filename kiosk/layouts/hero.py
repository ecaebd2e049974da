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
        credit_height = style.px(40)
        if style.portrait:
            art_height = int(box.height() * 0.36)
            self.picture.setGeometry(QRect(box.left(), box.top(), box.width(), art_height))
            self.credit.setGeometry(box.left(), box.top() + art_height, box.width(), credit_height)
            text_box = QRect(box.left(), box.top() + art_height + credit_height + style.px(40), box.width(),
                             box.height() - art_height - credit_height - style.px(40))
        else:
            text_width = int(box.width() * 0.5)
            art = QRect(box.left() + text_width + style.gutter, box.top() - style.px(40),
                        box.width() - text_width - style.gutter, box.height() - credit_height + style.px(40))
            self.picture.setGeometry(art)
            self.credit.setGeometry(art.left(), art.bottom() + style.px(8), art.width(), credit_height)
            text_box = QRect(box.left(), box.top() + style.px(24), text_width, box.height() - style.px(24))
        self.credit.setFont(self.role_font("caption"))
        stats_gap = style.px(64)
        stack([
            Item(self.title, self.font_fn("display")),
            Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(36)),
            Item(self.body, self.font_fn("body"), gap_before=style.px(28)),
            Item(self.stats, gap_before=stats_gap, restyle=self._restyle_stats),
        ], text_box)

    def _restyle_stats(self, factor: float) -> None:
        style = self.style_
        self.stats.apply(self.role_font("numeral", factor), self.role_font("caption", factor), style.color("accent"),
                         style.color("muted"), style.px(40), style.px(8))
