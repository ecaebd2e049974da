"""`timeline`: dated events on a line; a tap on an event tells its story below."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.content.model import Event, Screen
from kiosk.i18n import tr
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack
from kiosk.widgets.controls import Tappable
from kiosk.widgets.text import TextLabel


class EventMark(Tappable):
    """One event on the line: its date, a dot, its title. The whole cell is the touch target."""

    def __init__(self, view: TimelineView, index: int, event: Event) -> None:
        super().__init__(view)
        self.view = view
        self.index = index
        self.event_ = event
        self.date = TextLabel(self, role="date")
        self.title = TextLabel(self, role="strong")
        self.selected = False
        self.line_y = 0
        self.dot = 12
        self.tapped.connect(lambda: view.select(index))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        style = self.view.style_
        accent = style.color("accent")
        if self.selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.color("surface", 0.9))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 0, -2, 0), style.px(20), style.px(20))
        center = QPointF(self.dot_x(), self.line_y)
        radius = self.dot * (1.5 if self.event_.highlight or self.selected else 1.0)
        painter.setPen(QPen(style.color("background"), style.px(4)))
        painter.setBrush(accent if self.event_.highlight or self.selected else style.color("text"))
        painter.drawEllipse(center, radius, radius)
        if self.hasFocus():
            self.draw_focus(painter, QRectF(self.rect()), style.px(20), accent)

    def dot_x(self) -> float:
        return self.view.style_.px(28)


class TimelineView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        self.title = self.label("title", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.marks = [EventMark(self, i, event) for i, event in enumerate(screen.events)]
        self.hint = self.label("caption")
        self.detail_date = self.label("figure", wrap=False)
        self.detail_title = self.label("heading")
        self.detail_text = self.label("body")
        self.selected = self.default_index()
        self.vertical = False  # the events stacked down the screen (portrait, and landscape with large text)
        self.retranslate()

    def default_index(self) -> int:
        return next((i for i, e in enumerate(self.screen.events) if e.highlight), 0)

    def select(self, index: int) -> None:
        self.selected = index
        event = self.screen.events[index]
        self.item_opened.emit("event", str(index))
        for mark in self.marks:
            mark.selected = mark.index == index
            mark.update()
        self.detail_date.setText(self.tr_text(event.date))
        self.detail_title.setText(self.tr_text(event.title))
        self.detail_text.setText(self.tr_text(event.text))
        self.detail_text.setVisible(event.text is not None)
        self.relayout()

    def reset(self) -> None:
        self.select(self.default_index())

    def retranslate(self) -> None:
        for mark in self.marks:
            mark.date.setText(self.tr_text(mark.event_.date))
            mark.title.setText(self.tr_text(mark.event_.title))
            mark.set_accessible(f"{mark.date.text()}: {mark.title.text()}", tr("event_help", self.language))
        self.hint.setText(tr("tap_event", self.language))
        super().retranslate()
        self.select(self.selected)

    def restyle(self) -> None:
        super().restyle()
        style = self.style_
        for mark in self.marks:
            mark.date.apply(self.role_font("date", 0.9), style.color("accent"))
            mark.title.apply(self.role_font("strong", 0.85), style.color("text"))
            mark.dot = style.px(12)
            mark.set_focus_style(style)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.marks:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.style_.color("muted", 0.5), self.style_.px(3)))
        first, last = self.marks[0], self.marks[-1]
        if self.vertical:
            x = first.x() + first.dot_x()
            painter.drawLine(QPointF(x, first.y() + first.line_y), QPointF(x, last.y() + last.line_y))
        else:
            y = first.y() + first.line_y
            painter.drawLine(QPointF(first.x(), y), QPointF(last.x() + last.width(), y))

    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        self.vertical = style.portrait or style.large_text
        for mark in self.marks:
            mark.title.setVisible(style.portrait or not style.large_text)
        if style.large_text and not style.portrait:
            self._layout_list(box)
            self.update()
            return
        header = QRect(box.left(), box.top(), box.width() if style.portrait else int(box.width() * 0.8), box.height())
        top = self._layout_header(header) + style.px(56 if not style.large_text else 40)
        area = QRect(box.left(), top, box.width(), box.bottom() - top)
        if style.portrait:
            self._layout_vertical(area)
        else:
            self._layout_horizontal(area)
        self.update()

    def _layout_header(self, box: QRect) -> int:
        """Title and subtitle at the top of `box`; returns the bottom of what was placed."""
        stack([Item(self.title, self.font_fn("title"), headline=True),
               Item(self.subtitle, self.font_fn("subtitle"), gap_before=self.style_.px(20))], box)
        return self.title.geometry().bottom() if self.subtitle.isHidden() else self.subtitle.geometry().bottom()

    def _layout_horizontal(self, area: QRect) -> None:
        style = self.style_
        count = max(len(self.marks), 1)
        cell = area.width() // count
        title_width = cell - style.px(28)
        date_height = max((m.date.heightForWidth(title_width) for m in self.marks), default=0)
        title_height = max((m.title.heightForWidth(title_width) for m in self.marks), default=0)
        mark_height = date_height + style.px(56) + title_height + style.px(20)
        for index, mark in enumerate(self.marks):
            mark.setGeometry(area.left() + index * cell, area.top(), cell, mark_height)
            mark.date.setGeometry(style.px(14), style.px(8), title_width, date_height)
            mark.date.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            mark.line_y = date_height + style.px(36)
            mark.title.setGeometry(style.px(14), mark.line_y + style.px(28), title_width, title_height)
        self._layout_detail(QRect(area.left(), area.top() + mark_height + style.px(40), int(area.width() * 0.75),
                                  area.bottom() - area.top() - mark_height - style.px(40)))

    def _layout_vertical(self, area: QRect) -> None:
        style = self.style_
        count = max(len(self.marks), 1)
        detail_height = int(area.height() * (0.42 if style.large_text else 0.34))
        row = (area.height() - detail_height) // count
        indent = style.px(64)
        for index, mark in enumerate(self.marks):
            mark.setGeometry(area.left(), area.top() + index * row, area.width(), row)
            date_width = mark.date.fontMetrics().horizontalAdvance(mark.date.text()) + style.px(4)
            mark.date.setGeometry(indent, (row - mark.date.sizeHint().height()) // 2, date_width,
                                  mark.date.sizeHint().height())
            title_left = indent + max(style.px(300), date_width + style.px(24))
            mark.title.setGeometry(title_left, 0, area.width() - title_left - style.px(16), row)
            mark.title.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
            mark.line_y = row // 2
        self._layout_detail(QRect(area.left(), area.bottom() - detail_height + style.px(24), area.width(),
                                  detail_height - style.px(24)))

    def _layout_list(self, area: QRect) -> None:
        """Large text, landscape: the dates down the whole left side (each event's title is in
        its story, and in what screen readers say); the title, the subtitle and the story of the
        chosen event on the right."""
        style = self.style_
        count = max(len(self.marks), 1)
        indent = style.px(64)
        widest = max((m.date.fontMetrics().horizontalAdvance(m.date.text()) for m in self.marks), default=0)
        list_width = min(indent + widest + style.px(40), area.width() // 2)
        row = area.height() // count
        for index, mark in enumerate(self.marks):
            mark.setGeometry(area.left(), area.top() + index * row, list_width, row)
            height = mark.date.sizeHint().height()
            mark.date.setGeometry(indent, (row - height) // 2, list_width - indent - style.px(16), height)
            mark.line_y = row // 2
        left = area.left() + list_width + style.gutter
        top = self._layout_header(QRect(left, area.top(), area.right() - left, area.height() * 2 // 5)) + style.px(32)
        self._layout_detail(QRect(left, top, area.right() - left, area.bottom() - top))

    def _layout_detail(self, box: QRect) -> None:
        style = self.style_
        self.hint.show()
        items = [Item(self.hint, self.font_fn("caption")),
                 Item(self.detail_date, self.font_fn("figure"), gap_before=style.px(12), headline=True),
                 Item(self.detail_title, self.font_fn("heading"), gap_before=style.px(8)),
                 Item(self.detail_text, self.font_fn("body"), gap_before=style.px(12))]
        stack(items, box)
        last = self.detail_text if not self.detail_text.isHidden() else self.detail_title
        if last.geometry().bottom() > box.bottom():
            self.hint.hide()  # the hint is the first thing to give up when a story is long
            stack(items, box, large_text=style.large_text)
