"""The details card that layouts open on a tap: a heading, a figure and a short text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.layouts.column import Item, stack
from kiosk.style import Style
from kiosk.widgets.controls import RoundButton
from kiosk.widgets.text import TextLabel

FontFor = Callable[[float], QFont]  # the font at a shrink factor (see kiosk/layouts/column.py)


class DetailCard(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.style_: Style | None = None
        self.fonts: dict[str, FontFor] = {}
        self.badge = RoundButton("", self)
        self.badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heading = TextLabel(self, role="heading")
        self.figure = TextLabel(self, role="figure")
        self.text = TextLabel(self, role="body")
        self.close_button = RoundButton("close", self)
        self.close_button.setObjectName("close")

    def show_item(self, badge: str, heading: str, figure: str, text: str) -> None:
        self.badge.symbol = badge
        self.badge.setVisible(bool(badge))
        self.heading.setText(heading)
        self.figure.setText(figure)
        self.figure.setVisible(bool(figure))
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.relayout()
        self.show()
        self.update()

    def apply(self, style: Style, fonts: dict[str, FontFor]) -> None:
        """Colours, and the fonts (by shrink factor) for "heading", "figure", "body" and "badge"."""
        self.style_ = style
        self.fonts = fonts
        self.heading.apply(fonts["heading"](1.0), style.color("text"))
        self.figure.apply(fonts["figure"](1.0), style.color("accent"))
        self.text.apply(fonts["body"](1.0), style.color("muted"))
        self.badge.font_ = fonts["badge"](1.0)
        self.badge.active = True
        self.badge.fill_active = style.color("accent")
        self.badge.ink_active = style.color("background")
        self.close_button.fill = style.color("background", style.panel_alpha(0.6))
        self.close_button.ink = style.color("text")
        self.close_button.ring = style.outline()
        self.close_button.set_focus_style(style)
        self.relayout()

    def relayout(self) -> None:
        if self.style_ is None:
            return
        style = self.style_
        pad = style.px(40)
        badge = style.px(72) if self.badge.isVisibleTo(self) else 0
        close = style.px(96)
        self.badge.setGeometry(pad, pad, badge, badge)
        self.close_button.setGeometry(self.width() - close - style.px(12), style.px(12), close, close)
        left = pad + (badge + style.px(24) if badge else 0)
        heading_box = QRect(left, pad, self.width() - left - close - style.px(20), max(badge, 1))
        self.heading.setGeometry(heading_box.left(), heading_box.top(), heading_box.width(),
                                 max(badge, self.heading.heightForWidth(heading_box.width())))
        self.heading.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        body_top = self.heading.geometry().bottom() + style.px(24)
        box = QRect(pad, body_top, self.width() - 2 * pad, self.height() - body_top - pad)
        # a long figure gives way first, then the text steps down (see stack)
        stack([Item(self.figure, self.fonts.get("figure"), headline=True),
               Item(self.text, self.fonts.get("body"), gap_before=style.px(16))], box, large_text=style.large_text)

    def needed_height(self, width: int) -> int:
        if self.style_ is None:
            return 0
        style = self.style_
        pad = style.px(40)
        badge = style.px(72) if self.badge.isVisibleTo(self) else 0
        left = pad + (badge + style.px(24) if badge else 0)
        for label, role in ((self.figure, "figure"), (self.text, "body")):
            if role in self.fonts:
                label.setFont(self.fonts[role](1.0))  # the height it needs at full size
        heading = max(badge, self.heading.heightForWidth(width - left - style.px(116)))
        figure = self.figure.heightForWidth(width - 2 * pad) + style.px(16) if self.figure.text() else 0
        text = self.text.heightForWidth(width - 2 * pad) if self.text.text() else 0
        return pad + heading + style.px(24) + figure + text + pad

    def resizeEvent(self, event: object) -> None:
        self.relayout()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.style_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.style_.color("accent", 1.0 if self.style_.high_contrast else 0.5),
                            max(1.0, self.style_.px(2) if self.style_.high_contrast else 1.0)))
        painter.setBrush(self.style_.color("surface", self.style_.panel_alpha(0.96)))
        radius = self.style_.px(28)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), radius, radius)
