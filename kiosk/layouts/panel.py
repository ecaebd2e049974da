"""The details card that layouts open on a tap: a heading, a figure and a short text."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.layouts.column import Item, stack
from kiosk.style import Style
from kiosk.widgets.controls import RoundButton
from kiosk.widgets.text import TextLabel


class DetailCard(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.style_: Style | None = None
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

    def apply(self, style: Style, fonts: dict[str, object]) -> None:
        self.style_ = style
        self.heading.apply(fonts["heading"], style.color("text"))  # type: ignore[arg-type]
        self.figure.apply(fonts["figure"], style.color("accent"))  # type: ignore[arg-type]
        self.text.apply(fonts["body"], style.color("muted"))  # type: ignore[arg-type]
        self.badge.font_ = fonts["badge"]  # type: ignore[assignment]
        self.badge.active = True
        self.badge.fill_active = style.color("accent")
        self.badge.ink_active = style.color("background")
        self.close_button.fill = style.color("background", 0.6)
        self.close_button.ink = style.color("text")
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
        stack([Item(self.figure, lambda f: self.figure.font()),
               Item(self.text, lambda f: self.text.font(), gap_before=style.px(16))], box)

    def needed_height(self, width: int) -> int:
        if self.style_ is None:
            return 0
        style = self.style_
        pad = style.px(40)
        badge = style.px(72) if self.badge.isVisibleTo(self) else 0
        left = pad + (badge + style.px(24) if badge else 0)
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
        painter.setPen(self.style_.color("accent", 0.5))
        painter.setBrush(self.style_.color("surface", 0.96))
        radius = self.style_.px(28)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), radius, radius)
