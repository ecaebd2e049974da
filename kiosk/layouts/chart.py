"""`chart`: a headline, short text and the animated power chart (kiosk/charts).

Landscape: the title and subtitle across the top; below, a narrow text column with the
scenario buttons at its foot, and the chart filling the rest. Portrait (1080×1920): title,
subtitle and body stacked, the chart, then the buttons under it. Large text, landscape: the
words in a wider left column, the chart with its buttons under it on the right.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.charts.spec import ChartSpec
from kiosk.charts.view import BackdropCrop, PowerChart, ScenarioPicker
from kiosk.content.model import Screen
from kiosk.layouts.base import RenderContext, ScreenView, content_box
from kiosk.layouts.column import Item, stack


class ChartView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        self.title = self.label("title", screen.title)
        self.subtitle = self.label("subtitle", screen.subtitle)
        self.body = self.label("body", screen.body)
        self.subtitle.setVisible(screen.subtitle is not None)
        self.body.setVisible(screen.body is not None)
        self.chart: PowerChart | None = None
        self.picker: ScenarioPicker | None = None
        spec = screen.chart
        if isinstance(spec, ChartSpec):
            self.chart = PowerChart(spec, context.frames, context.language, context.reduced_motion, self)
            self.picker = ScenarioPicker(spec, self)
            self.picker.language = context.language
            self.chart.connect_picker(self.picker)
            for widget in (self.chart.plot, self.chart.plot.viewport()):  # no keyboard stop: the plot
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # plays by itself (its buttons are stops)
            self.chart.comparison_changed.connect(lambda _shown: self.relayout())
        self._picker_mode = ""  # column | rows | row: how the scenario buttons are arranged
        self._backdrop: QWidget | None = None
        self.retranslate()
        self._attach_backdrop()

    # --- the backdrop under the chart ------------------------------------------------------
    def _attach_backdrop(self) -> None:
        """On the stage, the chart's plot and readouts paint the stage's backdrop under them
        themselves and are opaque: a playing chart then repaints only them, not the backdrop and
        the parents beneath (which cost more than the chart). Elsewhere they stay transparent."""
        backdrop = find_backdrop(self)
        if self.chart is None or backdrop is self._backdrop:
            return
        self._backdrop = backdrop
        pixmap = getattr(backdrop, "pixmap", None)
        self.chart.set_backdrop(BackdropCrop(backdrop, pixmap) if backdrop is not None and pixmap else None)

    def showEvent(self, event: QShowEvent) -> None:
        self._attach_backdrop()  # the view may have been given to a stage after it was built
        super().showEvent(event)

    # --- style, language, geometry -----------------------------------------------------
    def restyle(self) -> None:
        super().restyle()
        style = self.style_
        self._arrange_picker("rows" if style.portrait else "row" if style.large_text else "column")
        if self.chart is not None:
            self.chart.restyle(style)
        if self.picker is not None:
            self.picker.restyle(style)

    def retranslate(self) -> None:
        if self.chart is not None:
            self.chart.set_language(self.language)
        if self.picker is not None:
            self.picker.language = self.language
            self.picker.retranslate()
        super().retranslate()

    def _arrange_picker(self, mode: str) -> None:
        """column: one button a row (landscape); rows: the scenarios side by side and the
        comparison under them (portrait); row: all in one row (large text, landscape)."""
        picker = self.picker
        if picker is None or mode == self._picker_mode:
            return
        self._picker_mode = mode
        picker.set_orientation(horizontal=mode == "rows")
        if mode == "row":
            grid = picker.layout()
            assert isinstance(grid, QGridLayout)
            buttons = [*picker.buttons.values(), *([picker.toggle] if picker.toggle is not None else [])]
            for button in buttons:
                grid.removeWidget(button)
            for column, button in enumerate(buttons):
                grid.addWidget(button, 0, column)

    def _picker_height(self, width: int) -> int:
        if self.picker is None:
            return 0
        layout = self.picker.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.heightForWidth(width)
        return self.picker.sizeHint().height()

    def relayout(self) -> None:
        style = self.style_
        box = content_box(self, style)
        if box.width() <= 0 or box.height() <= 0:
            return
        # comparing with JET: the card takes the body text's place, so the plot keeps its room
        comparing = self.chart is not None and self.chart.comparison_shown
        self.body.setVisible(self.screen.body is not None and not comparing)
        if style.portrait:
            header = [Item(self.title, self.font_fn("title"), headline=True),
                      Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(16)),
                      Item(self.body, self.font_fn("body"), gap_before=style.px(24))]  # stack() skips it when hidden
            stack(header, QRect(box.left(), box.top(), box.width(), int(box.height() * 0.34)))
            top = self._bottom_of(self.title, self.subtitle, self.body) + style.px(40)
            picker_h = self._picker_height(box.width())
            if self.picker is not None:
                self.picker.setGeometry(box.left(), box.bottom() - picker_h, box.width(), picker_h)
            if self.chart is not None:
                height = box.bottom() - picker_h - style.px(40) - top
                self.chart.setGeometry(box.left(), top, box.width(), height)
            return
        if style.large_text:
            self._layout_large_landscape(box)
            return
        header = [Item(self.title, self.font_fn("title"), headline=True),
                  Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(12))]
        stack(header, QRect(box.left(), box.top(), box.width(), int(box.height() * 0.3)))
        top = self._bottom_of(self.title, self.subtitle) + style.px(48)
        column = style.px(480)
        picker_h = self._picker_height(column)
        if self.picker is not None:
            self.picker.setGeometry(box.left(), box.bottom() - picker_h, column, picker_h)
        text_box = QRect(box.left(), top, column, box.bottom() - picker_h - style.px(32) - top)
        if self.chart is not None:
            self.chart.host_inset(self, text_box)
        stack([Item(self.body, self.font_fn("body"))], text_box)
        if self.chart is not None:
            left = box.left() + column + style.px(64)
            self.chart.setGeometry(left, top, box.right() - left, box.bottom() - top)

    def _layout_large_landscape(self, box: QRect) -> None:
        """The headline, subtitle and body (or the JET card) in the left half, the
        chart on the right, and the scenario buttons in one row across the foot."""
        style = self.style_
        column = (box.width() - style.px(64)) // 2
        picker_h = self._picker_height(box.width())
        if self.picker is not None:
            self.picker.setGeometry(box.left(), box.bottom() - picker_h, box.width(), picker_h)
        box = QRect(box.left(), box.top(), box.width(), box.height() - picker_h - style.px(40))
        left = QRect(box.left(), box.top(), column, box.height())
        header = [Item(self.title, self.font_fn("title"), headline=True),
                  Item(self.subtitle, self.font_fn("subtitle"), gap_before=style.px(12))]
        if self.chart is not None and self.chart.comparison_shown:
            stack(header, QRect(left.left(), left.top(), left.width(), left.height() // 2))
            top = self._bottom_of(self.title, self.subtitle) + style.px(40)
            self.chart.host_inset(self, QRect(left.left(), top, left.width(), left.bottom() - top))
        else:
            stack([*header, Item(self.body, self.font_fn("body"), gap_before=style.px(24))], left, large_text=True)
        if self.chart is not None:
            left_edge = box.left() + column + style.px(64)
            self.chart.setGeometry(left_edge, box.top(), box.right() - left_edge + 1, box.height())

    @staticmethod
    def _bottom_of(*widgets: QWidget) -> int:
        shown = [w.geometry().bottom() for w in widgets if not w.isHidden()]
        return max(shown) if shown else 0

    # --- the stage's calls -------------------------------------------------------------
    def apply_settings(self) -> None:
        """Reduced motion turned on mid-pulse: the chart jumps to its final state."""
        super().apply_settings()
        chart = self.chart
        if chart is not None and chart.reduced_motion != self.context.reduced_motion:
            chart.reduced_motion = self.context.reduced_motion
            if chart.reduced_motion and chart.animating:
                chart.stop()
                chart.show_final()

    def entered(self) -> None:
        """Play the current scenario from its start (its final state at once, reduced motion)."""
        if self.chart is not None:
            self.chart.reduced_motion = self.context.reduced_motion
            self.chart.play()

    def left(self) -> None:
        if self.chart is not None:
            self.chart.stop()

    def reset(self) -> None:
        if self.chart is None:
            return
        self.chart.stop()
        self.chart.set_comparison(False)
        self.chart.set_scenario(self.chart.spec.start, animate=False)
        if not self.chart.reduced_motion:
            self.chart.show_time(0.0)


def find_backdrop(view: QWidget) -> QWidget | None:
    """The stage's backdrop under `view`: its parent's `backdrop`, a widget with a `pixmap()` of
    what it paints, covering the parent, with nothing painted between it and the view (the
    stage's Backdrop). None anywhere else (a view on its own, a preview)."""
    parent = view.parentWidget()
    backdrop = getattr(parent, "backdrop", None) if parent is not None else None
    if isinstance(backdrop, QWidget) and callable(getattr(backdrop, "pixmap", None)) \
            and backdrop.parentWidget() is parent:
        return backdrop
    return None
