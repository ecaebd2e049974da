"""The picture `report --plot` draws: visits per hour of day and time spent per screen,
1600x1000, dark on light so it prints and reads on a projector. Drawn with QPainter into an
image on Qt's off-screen platform, so no display is needed.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.report import Records, local_time

WIDTH, HEIGHT = 1600, 1000
MARGIN = 64
PAPER, INK, MUTED, GRID = "#f6f4ef", "#0b1420", "#566273", "#d8d4cb"
MAX_ROWS = 14  # screens in the time-per-screen panel; more would make the labels too small for a slide
BAR, ACCENT = "#27476b", "#e0922a"  # the busiest hour and screen take the exhibit's amber accent


class PlotError(Exception):
    """The picture could not be written; the message names the file."""


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def nice_step(largest: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) giving about `ticks` lines up to `largest`."""
    raw = max(largest, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)


def duration_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        minutes, rest = divmod(round(seconds), 60)
        return f"{minutes} min {rest} s" if rest and minutes < 10 else f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"


def date_range_text(records: Records, since: float | None) -> str:
    def day(moment: datetime) -> str:
        return f"{moment.day} {moment:%b %Y}"

    starts = [visit.started for visit in records.visits] + [view.started for view in records.screen_views]
    if not starts:
        return "nothing recorded" + (f" since {day(local_time(since))}" if since is not None else "")
    first = local_time(since if since is not None else min(starts))
    last = local_time(max(starts))
    return day(first) if first.date() == last.date() else f"{day(first)} – {day(last)}"


def subtitle(records: Records, summary: dict[str, Any], since: float | None) -> str:
    visits = summary["visits"]
    parts = [date_range_text(records, since), f"{visits} visit" + ("" if visits == 1 else "s")]
    if summary["median_visit_seconds"] is not None:
        parts.append(f"median visit {duration_text(summary['median_visit_seconds'])}")
    if summary["attract_seconds"]:
        parts.append(f"{duration_text(summary['attract_seconds'])} in attract mode")
    return "  ·  ".join(parts)


def draw_statistics(records: Records, summary: dict[str, Any], path: Path, since: float | None = None) -> None:
    """Write the picture to `path` (PNG) or raise PlotError."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # an image, never a window: no display needed
    from PySide6.QtGui import QGuiApplication, QImage

    from kiosk.style import load_bundled_fonts

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need an application object
    load_bundled_fonts()
    image = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    paint_statistics(image, records, summary, since)
    if not image.save(str(path), "PNG"):
        raise PlotError(f"{path}: cannot write the picture (does the folder exist and may it be written?)")


def paint_statistics(image: Any, records: Records, summary: dict[str, Any], since: float | None) -> None:
    from PySide6.QtGui import QColor, QPainter

    image.fill(QColor(PAPER))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        canvas = Canvas(painter)
        canvas.text(Box(MARGIN, MARGIN - 8, WIDTH - 2 * MARGIN, 64), "Visitor statistics", 52, INK, bold=True)
        canvas.text(Box(MARGIN, MARGIN + 62, WIDTH - 2 * MARGIN, 40), subtitle(records, summary, since), 26, MUTED)
        top = MARGIN + 150
        hours = Box(MARGIN, top, 780, HEIGHT - MARGIN - top)
        screens = Box(hours.right + 90, top, WIDTH - MARGIN - hours.right - 90, HEIGHT - MARGIN - top)
        draw_hours(canvas, hours, summary["visits_per_hour"])
        draw_screens(canvas, screens, summary["seconds_per_screen"])
    finally:
        painter.end()


class Canvas:
    """The few drawing moves the picture needs, in one typeface (Inter) and the palette above."""

    def __init__(self, painter: Any) -> None:
        self.painter = painter

    def font(self, pixels: int, bold: bool = False) -> Any:
        from PySide6.QtGui import QFont

        font = QFont("Inter Semi Bold" if bold else "Inter")
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.DemiBold if bold else QFont.Weight.Normal)
        return font

    def text(self, box: Box, text: str, pixels: int, color: str, bold: bool = False,
             align: str = "left", rotate: bool = False) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        flags = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight,
                 "center": Qt.AlignmentFlag.AlignHCenter}[align] | Qt.AlignmentFlag.AlignVCenter
        painter = self.painter
        painter.save()
        painter.setFont(self.font(pixels, bold))
        painter.setPen(QColor(color))
        if rotate:  # a vertical axis title, reading bottom to top
            painter.translate(box.left + box.width / 2, box.top + box.height / 2)
            painter.rotate(-90)
            painter.drawText(QRectF(-box.height / 2, -box.width / 2, box.height, box.width), flags, text)
        else:
            painter.drawText(QRectF(box.left, box.top, box.width, box.height), flags, text)
        painter.restore()

    def width_of(self, text: str, pixels: int) -> float:
        from PySide6.QtGui import QFontMetricsF

        return QFontMetricsF(self.font(pixels)).horizontalAdvance(text)

    def elided(self, text: str, pixels: int, width: float) -> str:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFontMetricsF

        return QFontMetricsF(self.font(pixels)).elidedText(text, Qt.TextElideMode.ElideMiddle, width)

    def rect(self, box: Box, color: str) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QColor

        self.painter.fillRect(QRectF(box.left, box.top, box.width, box.height), QColor(color))

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float = 1.5) -> None:
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QColor, QPen

        self.painter.setPen(QPen(QColor(color), width))
        self.painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))


def panel_title(canvas: Canvas, box: Box, title: str) -> Box:
    """Draw the panel's title; the box left for its chart."""
    canvas.text(Box(box.left, box.top, box.width, 44), title, 34, INK, bold=True)
    return Box(box.left, box.top + 70, box.width, box.height - 70)


def empty_panel(canvas: Canvas, box: Box, message: str) -> None:
    canvas.rect(box, "#ece9e2")
    canvas.text(box, message, 28, MUTED, align="center")


def draw_hours(canvas: Canvas, box: Box, per_hour: list[int]) -> None:
    area = panel_title(canvas, box, "Visits per hour of day")
    chart = Box(area.left + 110, area.top + 10, area.width - 110, area.height - 130)
    canvas.text(Box(area.left, chart.top, 40, chart.height), "visits", 26, MUTED, align="center", rotate=True)
    canvas.text(Box(chart.left, chart.bottom + 64, chart.width, 40), "hour of day (local time)", 26, MUTED,
                align="center")
    largest = max(per_hour, default=0)
    if largest == 0:
        empty_panel(canvas, chart, "no visits recorded")
        return
    step = max(1.0, nice_step(largest, 5))
    top_value = math.ceil(largest / step) * step
    y_of: Callable[[float], float] = lambda value: chart.bottom - value / top_value * chart.height  # noqa: E731
    for tick in range(int(top_value / step) + 1):
        value = tick * step
        y = y_of(value)
        canvas.line(chart.left, y, chart.right, y, GRID if tick else INK, 1.5 if tick else 2.5)
        canvas.text(Box(chart.left - 80, y - 20, 64, 40), f"{value:g}", 24, MUTED, align="right")
    slot = chart.width / 24
    for hour, count in enumerate(per_hour):
        if count:
            bar = Box(chart.left + (hour + 0.14) * slot, y_of(count), slot * 0.72, chart.bottom - y_of(count))
            canvas.rect(bar, ACCENT if count == largest else BAR)
        if hour % 3 == 0:
            canvas.text(Box(chart.left + hour * slot - 10, chart.bottom + 10, slot + 20, 40), f"{hour:02d}", 24, MUTED,
                        align="center")


def draw_screens(canvas: Canvas, box: Box, seconds_per_screen: dict[str, float]) -> None:
    area = panel_title(canvas, box, "Time spent per screen")
    items = sorted(seconds_per_screen.items(), key=lambda item: (-item[1], item[0]))
    label_width = 170
    chart = Box(area.left + label_width, area.top + 10, area.width - label_width, area.height - 130)
    minutes = [seconds / 60 for _, seconds in items]
    use_hours = bool(minutes) and max(minutes) >= 180
    unit = "hours" if use_hours else "minutes"
    canvas.text(Box(chart.left, chart.bottom + 64, chart.width, 40), f"{unit} viewed by visitors", 26, MUTED,
                align="center")
    if not items:
        empty_panel(canvas, chart, "no screen views")
        return
    values = [m / 60 for m in minutes] if use_hours else minutes
    step = nice_step(max(values), 4)
    top_value = math.ceil(max(values) / step) * step
    x_of: Callable[[float], float] = lambda value: chart.left + value / top_value * chart.width  # noqa: E731
    for tick in range(round(top_value / step) + 1):
        x = x_of(tick * step)
        canvas.line(x, chart.top, x, chart.bottom, GRID if tick else INK, 1.5 if tick else 2.5)
        canvas.text(Box(x - 50, chart.bottom + 10, 100, 40), f"{tick * step:g}", 24, MUTED, align="center")
    shown = items if len(items) <= MAX_ROWS else items[:MAX_ROWS - 1]  # the last row says how many are left out
    row = min(chart.height / min(len(items), MAX_ROWS), 80)
    for index, ((screen, seconds), value) in enumerate(zip(shown, values, strict=False)):
        top = chart.top + index * row
        canvas.text(Box(area.left, top, label_width - 16, row), canvas.elided(screen, 24, label_width - 16), 24, INK,
                    align="right")
        fill = ACCENT if index == 0 else BAR
        canvas.rect(Box(chart.left, top + row * 0.18, max(2.0, x_of(value) - chart.left), row * 0.64), fill)
        label = duration_text(seconds)
        value_width = canvas.width_of(label, 22) + 12
        if x_of(value) + value_width <= area.right:
            canvas.text(Box(x_of(value) + 10, top, value_width, row), label, 22, MUTED)
        else:  # no room after the bar: inside its end, light on the bar
            canvas.text(Box(x_of(value) - value_width, top, value_width - 4, row), label, 22,
                        INK if fill == ACCENT else PAPER, align="right")
    rest = items[len(shown):]
    if rest:
        canvas.text(Box(chart.left + 12, chart.top + len(shown) * row, chart.width, row),
                    f"and {len(rest)} more screens, {duration_text(sum(seconds for _, seconds in rest))}", 22, MUTED)
