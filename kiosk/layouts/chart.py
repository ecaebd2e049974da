"""The `chart` layout: a headline, short text and the animated power chart.

Landscape: the title and subtitle across the top; below, a narrow text column with the
scenario buttons under it, and the chart filling the rest. Portrait (1080×1920): title,
subtitle and body stacked, the chart, then the buttons in a row under it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from kiosk.charts.spec import ChartSpec
from kiosk.charts.view import PowerChart, ScenarioPicker, visible
from kiosk.content.model import Screen
from kiosk.layouts.base import RenderContext, ScreenView


class ChartView(ScreenView):
    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(screen, context, parent)
        self.title = self._label()
        self.subtitle = self._label()
        self.body = self._label()
        self.chart: PowerChart | None = None
        self.picker: ScenarioPicker | None = None
        spec = screen.chart
        if isinstance(spec, ChartSpec):
            self.chart = PowerChart(spec, context.frames, context.language, context.reduced_motion, self)
            self.picker = ScenarioPicker(spec, self)
            self.picker.language = context.language
            self.chart.connect_picker(self.picker)
        self._grid = QGridLayout(self)
        self._portrait: bool | None = None
        self._arrange(portrait=False)
        self.restyle()
        self.retranslate()

    def _label(self) -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return label

    # --- arrangement -----------------------------------------------------------------
    def _arrange(self, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        grid = self._grid
        for widget in (self.title, self.subtitle, self.body, self.chart, self.picker):
            if widget is not None:
                grid.removeWidget(widget)
        for row in range(6):
            grid.setRowStretch(row, 0)
        for column in range(2):
            grid.setColumnStretch(column, 0)
        if portrait:
            grid.addWidget(self.title, 0, 0, 1, 2)
            grid.addWidget(self.subtitle, 1, 0, 1, 2)
            grid.addWidget(self.body, 2, 0, 1, 2)
            if self.chart is not None:
                grid.addWidget(self.chart, 3, 0, 1, 2)
                grid.setRowStretch(3, 1)
            if self.picker is not None:
                grid.addWidget(self.picker, 4, 0, 1, 2)
                self.picker.set_orientation(horizontal=True)
            grid.setColumnStretch(0, 1)
        else:
            grid.addWidget(self.title, 0, 0, 1, 2)
            grid.addWidget(self.subtitle, 1, 0, 1, 2)
            grid.addWidget(self.body, 2, 0, Qt.AlignmentFlag.AlignTop)
            if self.picker is not None:
                grid.addWidget(self.picker, 3, 0, Qt.AlignmentFlag.AlignBottom)
                self.picker.set_orientation(horizontal=False)
            if self.chart is not None:
                grid.addWidget(self.chart, 2, 1, 2, 1)
            grid.setRowStretch(3, 1)
            grid.setColumnStretch(1, 1)

    def restyle(self) -> None:
        s = self.style_
        self._arrange(s.portrait)
        margin = s.margin
        self._grid.setContentsMargins(margin, s.px(72), margin, s.px(64))
        self._grid.setHorizontalSpacing(s.px(64))
        self._grid.setVerticalSpacing(s.px(16))
        self.title.setFont(s.heading_font(0.9 if not s.portrait else 1.0))
        self.subtitle.setFont(s.subtitle_font())
        self.body.setFont(s.body_font())
        for label, color in ((self.title, s.theme.text), (self.subtitle, s.theme.accent),
                             (self.body, s.theme.muted)):
            label.setStyleSheet(f"color: {color};")
        self._grid.setRowMinimumHeight(2, 0)
        if not s.portrait:
            self.body.setFixedWidth(s.px(500))
            if self.picker is not None:
                self.picker.setFixedWidth(s.px(500))
        else:
            self.body.setMinimumWidth(0)
            self.body.setMaximumWidth(16777215)
            if self.picker is not None:
                self.picker.setMinimumWidth(0)
                self.picker.setMaximumWidth(16777215)
        # a little air between the subtitle and what follows
        self.subtitle.setContentsMargins(0, 0, 0, s.px(28))
        if self.chart is not None:
            self.chart.restyle(s)
        if self.picker is not None:
            self.picker.restyle(s)

    def retranslate(self) -> None:
        self.title.setText(visible(self.tr_text(self.screen.title)))
        self.subtitle.setText(visible(self.tr_text(self.screen.subtitle)))
        self.subtitle.setVisible(self.screen.subtitle is not None)
        self.body.setText(visible(self.tr_text(self.screen.body)))
        self.body.setVisible(self.screen.body is not None)
        if self.chart is not None:
            self.chart.set_language(self.language)
        if self.picker is not None:
            self.picker.language = self.language
            self.picker.retranslate()

    # --- the stage's calls -------------------------------------------------------------
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
        self.chart.show_time(0.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.style_.color("background"))
        painter.end()
