"""The animated power chart (Qt + pyqtgraph).

`PowerChart` plays a pulse as a time-lapse: the curves draw themselves, a cursor with a
clock label moves along time and the energy counter climbs to the exact integral. Frames
come from the shared FrameDriver (no timer of its own), so `stop()` leaves nothing
running. `ScenarioPicker` holds the big scenario buttons and the JET toggle; the layout
places both.
"""

from __future__ import annotations

import html
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPicture,
    QPixmap,
    QRegion,
    QResizeEvent,
    QTouchEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsView,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.charts.pulse import MJ_PER_GJ, Pulse, playback_easing, samples_until
from kiosk.charts.spec import ChartSpec, Comparison, Scenario
from kiosk.content.facts import format_number
from kiosk.frames import FrameDriver, Tween, ease_in_out_cubic, ease_out_cubic
from kiosk.i18n import tr
from kiosk.style import Style
from kiosk.widgets.controls import paint_focus_ring

HEATING_COLOR = "#5fb8ff"  # cool blue: power put in
JET_COLOR = "#ef6f9c"  # rose: the comparison
INSET_SECONDS = 0.45
HEADROOM = 1.12  # the y axis reaches this far above the highest curve

# Chrome around the chart, per language; figures are formatted per language too.
CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "fusion": "Fusion power out",
        "heating": "Heating power in",
        "energy": "Energy released at full power",
        "axis_time": "Time (minutes)",
        "axis_power": "Power (MW)",
        "ramp_up": "Power rising",
        "flat_top": "minute {n} of {total} at full power",
        "ramp_down": "Power falling",
        "after": "Pulse complete",
        "mw": "MW",
        "gj": "GJ",
        "peak": "Peak fusion power",
        "iter": "ITER",
        "jet": "JET",
        "zoom": "×{n} zoom",
        "drag": "Drag across the chart to scrub through time",
    },
    "fr": {
        "fusion": "Puissance de fusion",
        "heating": "Chauffage fourni",
        "energy": "Énergie libérée à pleine puissance",
        "axis_time": "Temps (minutes)",
        "axis_power": "Puissance (MW)",
        "ramp_up": "Montée en puissance",
        "flat_top": "minute {n} sur {total} à pleine puissance",
        "ramp_down": "Descente en puissance",
        "after": "Impulsion terminée",
        "mw": "MW",
        "gj": "GJ",
        "peak": "Puissance de fusion maximale",
        "iter": "ITER",
        "jet": "JET",
        "zoom": "loupe ×{n}",
        "drag": "Faites glisser le doigt sur le graphique pour parcourir le temps",
    },
}

NBSP = "\u00a0"


def chrome(language: str, key: str, **values: object) -> str:
    table = CATALOGUE.get(language, CATALOGUE["en"])
    return table.get(key, CATALOGUE["en"][key]).format(**values)


def visible(text: str) -> str:
    """'¤' in content marks a non-breaking space (between a figure and its unit)."""
    return text.replace("¤", NBSP)


def format_figure(value: float, language: str) -> str:
    """A live figure: one decimal below 10, whole numbers above, per the language's marks."""
    if value < 9.95:
        return format_number(round(value, 1), language)
    return format_number(round(value), language)


def clock_text(pulse: Pulse, scenario: Scenario, t: float, language: str) -> str:
    phase = pulse.phase(t)
    if phase in ("before", "ramp_up"):
        return chrome(language, "ramp_up")
    if phase == "flat_top":
        total = scenario.flat_top_minutes
        n = min(total, int((t - pulse.flat_top_start) // 60) + 1)
        return chrome(language, "flat_top", n=format_number(n, language),
                      total=format_number(total, language))
    if phase == "ramp_down":
        return chrome(language, "ramp_down")
    return chrome(language, "after")


def nice_step(span: float, max_ticks: int, steps: tuple[float, ...]) -> float:
    for step in steps:
        if span / step <= max_ticks:
            return step
    return steps[-1]


def axis_limits(scenario: Scenario, reserve: float = 0.0) -> tuple[float, float]:
    """(minutes, MW) the axes reach for a scenario; `reserve` is the share of the plot's height
    kept free above the curve for the clock label."""
    pulse = scenario.pulse
    peak = max(pulse.fusion_mw, pulse.heating_mw)
    return pulse.duration / 60.0, max(peak * HEADROOM, peak / max(1.0 - reserve, 0.5))


class _NiceAxis(pg.AxisItem):
    """Ticks at round numbers (no 2.5-minute ticks), labelled per language, no minor ticks."""

    def __init__(self, orientation: str, steps: tuple[float, ...], max_ticks: int) -> None:
        super().__init__(orientation)
        self.steps = steps
        self.max_ticks = max_ticks
        self.language = "en"
        self._labels: QPicture | None = None  # the tick labels, drawn after `picture` (the lines)
        self._label_bounds = QRectF()
        # paint() learns which part is repainted (opt.exposedRect), to leave the labels out
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        span = max(maxVal - minVal, 1e-9)
        step = nice_step(span, self.max_ticks, self.steps)
        first = math.ceil(minVal / step - 1e-9) * step
        values = list(np.arange(first, maxVal + step * 1e-6, step))
        return [(step, values)]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [format_number(round(v), self.language) for v in values]

    def paint(self, p: QPainter, opt: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        """As AxisItem draws, in two parts: the lines (the axis, the grid across the plot) and the
        tick labels, and the labels only when what is repainted reaches them.

        The axes are drawn over the plot, so every frame repaints them where the curves grew;
        replaying all their labels each time was a fifth of a chart frame. `picture` keeps its
        meaning (None: draw anew), as pyqtgraph and the tests use it."""
        if self.picture is None:
            self._draw_parts()
        self.picture.play(p)
        if self._labels is not None and self._label_bounds.intersects(opt.exposedRect):
            self._labels.play(p)

    def _draw_parts(self) -> None:
        lines, labels = QPicture(), QPicture()
        line_painter, label_painter = QPainter(lines), QPainter(labels)
        bounds = QRectF()
        try:
            font = self.style["tickFont"]
            if font:
                line_painter.setFont(font)
            specs = self.generateDrawSpecs(line_painter)
            if specs is not None:
                axis_spec, tick_specs, text_specs = specs
                self.drawPicture(line_painter, axis_spec, tick_specs, [])
                # the rest of drawPicture, as it draws the labels after the lines
                label_painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                label_painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
                if font is not None:
                    label_painter.setFont(font)
                label_painter.setPen(self.textPen())
                label_painter.setClipRect(self.boundingRect().toAlignedRect())
                for rect, flags, text in text_specs:
                    label_painter.drawText(rect, int(flags), text)
                    bounds |= rect
        finally:
            line_painter.end()
            label_painter.end()
        self.picture = lines
        self._labels = labels if not bounds.isEmpty() else None
        margin = 8.0  # glyphs may reach a little beyond their rectangles
        self._label_bounds = bounds.adjusted(-margin, -margin, margin, margin)


class _GrowingCurve(pg.GraphicsObject):
    """A curve filled down to zero that grows from the left as the pulse plays: the first
    `count` of a scenario's samples, then a tip where the cursor is.

    pyqtgraph's PlotCurveItem changes its bounding rectangle with every new point, so Qt repaints
    everything under the curve (most of the plot) each frame. This item claims the scenario's
    whole extent once and, each frame, marks dirty only the strip that changed: from the last
    sample both frames share to the farther of the old and new tips. It draws as PlotCurveItem
    did (antialiased fill, then the line along the curve with the pen), in one fill path where
    PlotCurveItem filled runs of 50 points separately.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pen = QPen(Qt.PenStyle.NoPen)
        self._brush = QBrush()
        # a gradient fitted to the fill's bounds (ObjectBoundingMode) changes wherever the fill
        # does when those bounds change: (along x, along y)
        self._fill_follows: tuple[bool, bool] = (False, False)
        self._xs: list[float] = []  # the scenario's samples: minutes, MW
        self._ys: list[float] = []
        self._low: list[float] = []  # the fill's bottom and top over the first n samples (index n)
        self._high: list[float] = []
        self._extent = QRectF()  # what the scenario's curve reaches, in data coordinates
        self._bounds: QRectF | None = None
        self._count = 0  # samples drawn before the tip
        self._tip = QPointF()
        self._prefix = QPainterPath()  # the first _prefix_count samples, extended between frames
        self._prefix_count = 0
        self._path: QPainterPath | None = None
        self._fill: QPainterPath | None = None

    # --- appearance -------------------------------------------------------------------
    def setPen(self, pen: QPen) -> None:
        self.prepareGeometryChange()  # the bounds hold half the line's width
        self._pen = QPen(pen)
        self._bounds = None
        self.update()

    def setBrush(self, brush: QBrush) -> None:
        self._brush = QBrush(brush)
        gradient = brush.gradient()
        if gradient is not None and gradient.coordinateMode() == gradient.CoordinateMode.ObjectBoundingMode \
                and isinstance(gradient, QLinearGradient):
            self._fill_follows = (gradient.start().x() != gradient.finalStop().x(),
                                  gradient.start().y() != gradient.finalStop().y())
        else:
            self._fill_follows = (gradient is not None, gradient is not None)  # radial, conical: anything
        self.update()

    # --- data --------------------------------------------------------------------------
    def set_samples(self, xs: list[float], ys: list[float]) -> None:
        """A new scenario's samples (increasing x); nothing is drawn until show_until()."""
        self.prepareGeometryChange()
        self._xs, self._ys = list(xs), list(ys)
        low, high = [0.0], [0.0]  # the fill reaches down (or up) to zero
        for y in self._ys:
            low.append(min(low[-1], y))
            high.append(max(high[-1], y))
        self._low, self._high = low, high
        if self._xs:
            self._extent = QRectF(QPointF(self._xs[0], low[-1]), QPointF(self._xs[-1], high[-1]))
        else:
            self._extent = QRectF()
        self._bounds = None
        self._count = 0
        self._tip = QPointF(self._xs[0] if self._xs else 0.0, 0.0)
        self._prefix, self._prefix_count = QPainterPath(), 0
        self._path = self._fill = None
        self.update()

    def show_until(self, count: int, x: float, y: float) -> None:
        """Draw the first `count` samples, then a line to the tip (x, y)."""
        count = min(max(count, 0), len(self._xs))
        tip = QPointF(x, y)
        old_count, old_tip = self._count, self._tip
        if count == old_count and tip == old_tip:
            return
        self._count, self._tip = count, tip
        self._path = self._fill = None
        if not self._extent.contains(tip):  # off the scenario's curve (never in playback): all anew
            self.prepareGeometryChange()
            self._extent = self._extent.united(QRectF(tip, tip))
            self._bounds = None
            self.update()
            return
        shared = min(count, old_count)  # samples drawn in both frames
        follows_x, follows_y = self._fill_follows
        old_span = (min(self._low[old_count], old_tip.y()), max(self._high[old_count], old_tip.y()))
        new_span = (min(self._low[count], y), max(self._high[count], y))
        if shared == 0 or follows_x or (follows_y and old_span != new_span):
            # a new first point, or a gradient stretched over the fill's new height (the ramp up)
            self.update()
            return
        bounds = self.boundingRect()
        pixel_x, _pixel_y = self.pixelVectors()
        if pixel_x is None:  # not on screen yet
            self.update()
            return
        # the line's join at the last shared sample and its square cap at the tip reach out by up
        # to its width; antialiasing one pixel more
        pad = (self._pen.widthF() + 2) * pixel_x.length()
        left = self._xs[shared - 1]
        if count == old_count and old_tip.y() == y == self._ys[count - 1]:
            # a level stretch (the flat top, most of a pulse): the line and the fill only grew
            # sideways, identical up to the nearer tip
            left = min(old_tip.x(), x)
        right = max(old_tip.x(), x) + pad
        left -= pad
        self.update(QRectF(left, bounds.top(), right - left, bounds.height()))

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) as drawn: the samples shown, then the tip."""
        xs = np.array([*self._xs[:self._count], self._tip.x()])
        ys = np.array([*self._ys[:self._count], self._tip.y()])
        return xs, ys

    # --- QGraphicsItem -------------------------------------------------------------------
    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()  # the margin for the line is in pixels: it follows the scale
        self._bounds = None

    def boundingRect(self) -> QRectF:
        if self._bounds is not None:
            return self._bounds
        if self._extent.isNull() and not self._xs:
            return QRectF()
        pixel_x, pixel_y = self.pixelVectors()
        if pixel_x is None or pixel_y is None:
            return QRectF(self._extent)  # not in a view yet: no pixel size to pad by (not cached)
        pad = self._pen.widthF() / 2 + 2
        dx, dy = pad * pixel_x.length(), pad * pixel_y.length()
        self._bounds = self._extent.adjusted(-dx, -dy, dx, dy)
        return self._bounds

    def _paths(self) -> tuple[QPainterPath, QPainterPath] | None:
        """(the line, the fill under it), or None with fewer than two points."""
        if self._path is None or self._fill is None:
            count = self._count
            if count < 1:
                return None
            if self._prefix_count > count:  # it went back (a replay, scrubbing): start over
                self._prefix, self._prefix_count = QPainterPath(), 0
            prefix = self._prefix
            for i in range(self._prefix_count, count):  # only the samples passed since last frame
                if i == 0:
                    prefix.moveTo(self._xs[0], self._ys[0])
                else:
                    prefix.lineTo(self._xs[i], self._ys[i])
            self._prefix_count = count
            path = QPainterPath(prefix)
            path.lineTo(self._tip)
            fill = QPainterPath(path)
            fill.lineTo(self._tip.x(), 0.0)
            fill.lineTo(self._xs[0], 0.0)
            fill.lineTo(self._xs[0], self._ys[0])
            self._path, self._fill = path, fill
        return self._path, self._fill

    def _line_between(self, lo: float, hi: float) -> QPainterPath:
        """The line through the points that matter between x = lo and hi: the segments that
        reach in, and one more on each side, so the joins and the ends of what is drawn match
        the whole line's."""
        count = self._count
        xs = self._xs
        start = max(0, bisect_left(xs, lo, 0, count) - 2)  # points: the samples, then the tip (index count)
        end = min(count, bisect_right(xs, hi, 0, count) + 1)
        if start == 0 and end == count:
            assert self._path is not None
            return self._path
        path = QPainterPath(QPointF(xs[start], self._ys[start]))
        for i in range(start + 1, end):
            path.lineTo(xs[i], self._ys[i])
        path.lineTo(self._tip if end == count else QPointF(xs[end], self._ys[end]))
        return path

    def paint(self, painter: QPainter, option: object, widget: QWidget | None = None) -> None:
        paths = self._paths()
        if paths is None:
            return
        path, fill = paths
        exposed = getattr(widget.parent(), "exposed", None) if widget is not None else None
        if exposed is not None:
            # Only the pieces of what is repainted that touch this curve: a frame repaints the
            # clock label far above it too, and Qt would otherwise rasterize the fill over the
            # whole box from the label down to the strip.
            device = painter.worldTransform()
            mine = device.mapRect(self.boundingRect()).toAlignedRect()
            box = QRect()
            for part in exposed:
                if part.intersects(mine):
                    box |= part
            if box.isEmpty():
                return
            painter.setWorldTransform(QTransform())
            painter.setClipRect(box, Qt.ClipOperation.IntersectClip)
            painter.setWorldTransform(device)
            # A line wider than a pixel is outlined whole before it is clipped: outline only the
            # segments within the line's width of what is repainted (the strip it grew).
            inverse, invertible = device.inverted()
            if invertible and device.m11() > 0 and device.m12() == 0 and device.m21() == 0:
                margin = self._pen.widthF() + 2
                lo = inverse.map(QPointF(box.left() - margin, box.top())).x()
                hi = inverse.map(QPointF(box.right() + 1 + margin, box.top())).x()
                path = self._line_between(lo, hi)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._brush.style() != Qt.BrushStyle.NoBrush:
            painter.fillPath(fill, self._brush)
        if self._pen.style() != Qt.PenStyle.NoPen:
            painter.setPen(self._pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)


class _Plot(pg.PlotWidget):
    """The plot; on the stage its viewport paints the backdrop under it, and is opaque."""

    def __init__(self, parent: QWidget, axis_items: dict[str, pg.AxisItem]) -> None:
        super().__init__(parent, axisItems=axis_items)
        self.backdrop: BackdropCrop | None = None
        self._backdrop_key: tuple[int, int, int] | None = None  # (picture, x, y) the brush shows
        self.exposed: QRegion | None = None  # while painting: the region being repainted (viewport pixels)

    def set_backdrop(self, backdrop: BackdropCrop | None) -> None:
        self.backdrop = backdrop
        self._backdrop_key = None
        viewport = self.viewport()
        viewport.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, backdrop is not None)
        # The backdrop is the background brush, moved so the picture lines up with the stage's:
        # QGraphicsView fills what it repaints with it, in C++. Not cached: a cached background
        # would keep the crop from where the plot was when first painted (the layout moves it).
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone if backdrop is not None
                          else QGraphicsView.CacheModeFlag.CacheBackground)
        if backdrop is None:
            self.setBackground(None)
        self.resetCachedContent()
        viewport.update()

    def setBackground(self, background: object) -> None:
        super().setBackground(background)
        self._backdrop_key = None  # on the stage, the backdrop comes back at the next paint

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.backdrop is not None:
            self._align_backdrop()
        self.exposed = event.region()  # what this paint repaints, for the growing curves
        super().paintEvent(event)
        self.exposed = None

    def _align_backdrop(self) -> None:
        """Point the background brush at the part of the backdrop under the viewport (again when
        the plot moved or the backdrop changed)."""
        assert self.backdrop is not None
        pixmap = self.backdrop.pixmap()
        offset = self.backdrop.offset(self.viewport())
        key = (pixmap.cacheKey(), offset.x(), offset.y())
        if key == self._backdrop_key:
            return
        self._backdrop_key = key
        brush = QBrush(pixmap)
        # the brush is in scene coordinates: scene -> viewport pixels -> the backdrop's
        to_viewport = self.viewportTransform()
        brush.setTransform(QTransform.fromTranslate(-offset.x(), -offset.y()) * to_viewport.inverted()[0])
        self.setBackgroundBrush(brush)


@dataclass
class _Curve:
    """A scenario's curves sampled for drawing, as arrays."""

    times: list[float]
    minutes: np.ndarray
    fusion: np.ndarray
    heating: np.ndarray

    @classmethod
    def of(cls, pulse: Pulse) -> _Curve:
        times, fusion, heating = pulse.sample()
        return cls(times, np.asarray(times) / 60.0, np.asarray(fusion), np.asarray(heating))


class BackdropCrop:
    """Paints the part of the stage's backdrop picture that lies under a widget.

    A widget that repaints every frame (the plot, the readouts) and paints its own background
    can be opaque: Qt then repaints only that widget, not the backdrop and the four transparent
    parents beneath it, which cost more than the chart itself inside the stage. It relies on
    nothing but the backdrop being painted between it and the backdrop widget, as on the stage.
    """

    def __init__(self, backdrop: QWidget, pixmap: Callable[[], QPixmap]) -> None:
        self.backdrop = backdrop
        self._pixmap = pixmap  # the backdrop's cached picture, at the backdrop's size

    def pixmap(self) -> QPixmap:
        return self._pixmap()

    def offset(self, widget: QWidget) -> QPoint:
        """Where `widget`'s origin lies in the backdrop picture."""
        # both from the window: the backdrop is the view's sibling, not its ancestor
        origin = QPoint(0, 0)
        return widget.mapTo(widget.window(), origin) - self.backdrop.mapTo(self.backdrop.window(), origin)

    def paint(self, painter: QPainter, widget: QWidget, rect: QRect) -> None:
        """Fill `rect` (in `widget`'s coordinates) with the backdrop under it."""
        painter.drawPixmap(rect, self._pixmap(), rect.translated(self.offset(widget)))


class Readouts(QWidget):
    """Three live figures: fusion power now, heating power now, energy released so far.

    Coloured like the curves, they double as the chart's legend.
    """

    SLOTS = ((0.0, 0.29), (0.29, 0.27), (0.56, 0.44))  # (start, share) of the width; energy is the hero

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.backdrop: BackdropCrop | None = None  # set when it sits on the stage: then it is opaque
        self.style_: Style | None = None
        self.language = "en"
        self.fusion_mw = 0.0
        self.heating_mw = 0.0
        self.energy_gj = 0.0
        self._figures = self.figures()  # as last drawn (see set_values)
        self._fonts: tuple[QFont, QFont, QFont, QFont] | None = None
        # (fonts, width, language) -> the labels' font and height: measuring every word each frame
        # cost a third of a chart frame, and they change only with the style, size or language
        self._kicker_cache: tuple[tuple[object, int, str], QFont, float] | None = None
        self._slot_cache: _SlotLayout | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def restyle(self, style: Style) -> None:
        self.style_ = style
        compact = style.portrait
        self._fonts = (style.kicker_font(), style.numeral_font(52 if compact else 60),
                       style.numeral_font(76 if compact else 88),
                       style.font(style.theme.body_px * 1.1, QFont.Weight.DemiBold))
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        if self.style_ is None or self._fonts is None:
            return QSize(600, 160)
        _kicker, _, big, _ = self._fonts
        height = self._kicker_height() + QFontMetricsF(big).ascent() + self.style_.px(14)
        return QSize(self.style_.px(900), math.ceil(height))

    def _kicker_font(self) -> QFont:
        """The labels' font, a little smaller when a word is wider than its slot (large text)."""
        return self._kicker_layout()[0]

    def _kicker_height(self) -> float:
        """Labels wrap onto more lines when a slot is too narrow for one (portrait, French, large text)."""
        return self._kicker_layout()[1]

    def _kicker_layout(self) -> tuple[QFont, float]:
        assert self._fonts is not None
        cached = self._kicker_cache
        if cached is not None and cached[0][0] is self._fonts and cached[0][1:] == (self.width(), self.language):
            return cached[1], cached[2]
        font = QFont(self._fonts[0])
        metrics = QFontMetricsF(font)
        ratios = [(share * self.width() - 12) / metrics.horizontalAdvance(word)
                  for (label, _, _), (_, share) in zip(self.texts(), self.SLOTS, strict=True)
                  for word in label.upper().split() if metrics.horizontalAdvance(word) > 0]
        ratio = min(ratios, default=1.0)
        if 0 < ratio < 1:
            font.setPixelSize(max(8, int(font.pixelSize() * ratio)))
        fm = QFontMetricsF(font)
        gap = self.style_.px(12) if self.style_ is not None else 12
        # as many lines as the longest label wraps to in its slot (two in portrait or French, three
        # with large text), so the first line is never cut off the top
        height = max([fm.lineSpacing()] + [
            fm.boundingRect(QRectF(0, 0, max(share * self.width() - gap, 1.0), 10_000.0),
                            Qt.TextFlag.TextWordWrap.value, label.upper()).height()
            for (label, _, _), (_, share) in zip(self.texts(), self.SLOTS, strict=True)])
        self._kicker_cache = ((self._fonts, self.width(), self.language), font, height)
        return font, height

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.style_ is not None:
            self.setFixedHeight(self.sizeHint().height())
        super().resizeEvent(event)

    def set_backdrop(self, backdrop: BackdropCrop | None) -> None:
        """Paint the stage's backdrop under the figures and be opaque (None: transparent)."""
        self.backdrop = backdrop
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, backdrop is not None)
        self.update()

    def set_values(self, fusion_mw: float, heating_mw: float, energy_gj: float) -> None:
        if (fusion_mw, heating_mw, energy_gj) == (self.fusion_mw, self.heating_mw, self.energy_gj):
            return
        self.fusion_mw, self.heating_mw, self.energy_gj = fusion_mw, heating_mw, energy_gj
        before, after = self._figures, self.figures()
        self._figures = after
        # The values change every frame, their texts far less often (and the labels never): only
        # a figure whose text changed is repainted, and only where it is drawn. Repainting all
        # three slots, labels and all, was the largest part of a chart frame's dirty area.
        for slot, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self.update(self.figure_rect(slot, old, new))

    def figures(self) -> tuple[str, str, str]:
        """The three figures as shown: fusion MW, heating MW, energy GJ."""
        lang = self.language
        return (format_figure(self.fusion_mw, lang), format_figure(self.heating_mw, lang),
                format_figure(self.energy_gj, lang))

    def texts(self) -> list[tuple[str, str, str]]:
        lang = self.language
        fusion, heating, energy = self.figures()
        return [
            (chrome(lang, "fusion"), fusion, chrome(lang, "mw")),
            (chrome(lang, "heating"), heating, chrome(lang, "mw")),
            (chrome(lang, "energy"), energy, chrome(lang, "gj")),
        ]

    def _slots(self) -> _SlotLayout:
        """Where and how each slot is drawn, kept until the style, width or language changes:
        a frame then measures only the figure it redraws."""
        assert self.style_ is not None and self._fonts is not None
        key = (self.style_, self._fonts, self.width(), self.language)
        cached = self._slot_cache
        if cached is not None and cached.key[0] is key[0] and cached.key[1] is key[1] and cached.key[2:] == key[2:]:
            return cached
        style = self.style_
        _kicker, numeral, big, unit_font = self._fonts
        width = self.width()
        kicker_font, kicker_h = self._kicker_layout()
        unit_metrics = QFontMetricsF(unit_font)
        labels, units = [label.upper() for label, _, _ in self.texts()], [unit for _, _, unit in self.texts()]
        layout = _SlotLayout(
            key=key, kicker_font=kicker_font, kicker_height=kicker_h,
            baseline=kicker_h + style.px(10) + QFontMetricsF(big).ascent(),
            xs=[start * width for start, _ in self.SLOTS],
            label_rects=[QRectF(start * width, 0, share * width - style.px(12), kicker_h)
                         for start, share in self.SLOTS],
            labels=labels, units=units, fonts=[numeral, numeral, big],
            metrics=[QFontMetricsF(numeral), QFontMetricsF(numeral), QFontMetricsF(big)],
            unit_advances=[unit_metrics.horizontalAdvance(unit) for unit in units],
            colors=[style.color("accent"), style.legible(HEATING_COLOR), style.color("text")],
            muted=style.color("muted"), unit_gap=style.px(10),
            margin=style.px(8) + 2)  # for glyphs' ink beyond their advance (and antialiasing)
        self._slot_cache = layout
        return layout

    def figure_rect(self, slot: int, *values: str) -> QRect:
        """Where slot's figure and unit are drawn, for the widest of `values` (the whole widget
        before it is styled)."""
        if self.style_ is None or self._fonts is None:
            return self.rect()
        layout = self._slots()
        metrics = layout.metrics[slot]
        width = max(metrics.horizontalAdvance(value) for value in values) + layout.unit_gap \
            + layout.unit_advances[slot]
        top = layout.kicker_height
        margin = layout.margin
        return QRectF(layout.xs[slot] - margin, top, width + 2 * margin, self.height() - top).toAlignedRect()

    def paintEvent(self, event: QPaintEvent) -> None:
        dirty = event.rect()
        painter = QPainter(self)
        if self.backdrop is not None:
            self.backdrop.paint(painter, self, dirty)
        if self.style_ is None or self._fonts is None:
            painter.end()
            return
        layout = self._slots()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        dirty_f = QRectF(dirty)
        margin = layout.margin
        # Energy is the hero: it gets the wider right-hand slot. A frame repaints one figure: the
        # texts outside the dirty rectangle are not laid out.
        for slot, value in enumerate(self.figures()):
            label_rect = layout.label_rects[slot]
            if label_rect.adjusted(-margin, -margin, margin, margin).intersects(dirty_f):
                painter.setPen(layout.muted)
                painter.setFont(layout.kicker_font)
                painter.drawText(label_rect,
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
                                 | Qt.TextFlag.TextWordWrap,
                                 layout.labels[slot])
            if not self.figure_rect(slot, value).intersects(dirty):
                continue
            x = layout.xs[slot]
            painter.setFont(layout.fonts[slot])
            painter.setPen(layout.colors[slot])
            painter.drawText(QPointF(x, layout.baseline), value)
            advance = layout.metrics[slot].horizontalAdvance(value)
            painter.setFont(self._fonts[3])
            painter.setPen(layout.muted)
            painter.drawText(QPointF(x + advance + layout.unit_gap, layout.baseline), layout.units[slot])
        painter.end()


@dataclass
class _SlotLayout:
    """The readouts' geometry, fonts and colours for one style, width and language."""

    key: tuple[object, object, int, str]
    kicker_font: QFont
    kicker_height: float
    baseline: float
    xs: list[float]
    label_rects: list[QRectF]
    labels: list[str]
    units: list[str]
    fonts: list[QFont]
    metrics: list[QFontMetricsF]
    unit_advances: list[float]
    colors: list[QColor]
    muted: QColor
    unit_gap: int
    margin: int


class ComparisonInset(QWidget):
    """JET beside ITER on one power scale, with a magnifier so JET's bar can be read.

    Tall (beside the plot): texts above the bars. Wide (under the plot, portrait): texts on
    the left, bars on the right.
    """

    ZOOMS = (2, 4, 5, 8, 10, 15, 20, 25, 50, 100)

    def __init__(self, comparison: Comparison, iter_mw: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.iter_mw = iter_mw
        self.language = "en"
        self.style_: Style | None = None
        self.appear = 1.0  # 0..1 while the bars grow in
        self.zoom = 10
        self.wide = False  # under the plot (portrait) rather than beside it

    def restyle(self, style: Style) -> None:
        self.style_ = style
        self.update()

    def set_appear(self, value: float) -> None:
        self.appear = value
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.style_
        if s is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(QPen(s.outline(), max(1, s.px(1.5))))
        painter.setBrush(s.color("surface", s.panel_alpha(0.96)))
        painter.drawRoundedRect(rect, s.px(18), s.px(18))
        pad = s.px(28)
        inner = rect.adjusted(pad, pad, -pad, -pad)
        if self.wide:
            text_w = inner.width() * 0.44
            self._paint_texts(painter, QRectF(inner.left(), inner.top(), text_w, inner.height()), True)
            self._paint_bars(painter, inner.adjusted(text_w + s.px(32), 0, 0, 0))
        else:
            above, below = self._paint_texts(painter, inner, False)
            bars = inner.adjusted(0, above, 0, -below)
            if bars.height() < bars.width() * 0.9:  # a short card (beside the buttons): bars lie down
                self._paint_bars_across(painter, bars)
            else:
                self._paint_bars(painter, bars)
        painter.end()

    def _paint_texts(self, painter: QPainter, area: QRectF, caption_in_column: bool) -> tuple[float, float]:
        """The name, the factor and the caption; returns the heights used above and below the bars."""
        s = self.style_
        assert s is not None
        lang = self.language
        comp = self.comparison
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        y = area.top()
        painter.setFont(s.kicker_font())
        painter.setPen(s.legible(JET_COLOR))
        name = visible(comp.name.get(lang)).upper()
        box = painter.boundingRect(QRectF(area.left(), y, area.width(), area.height()), flags, name)
        painter.drawText(box, flags, name)
        y = box.bottom() + s.px(10)
        if comp.factor is not None and caption_in_column:  # tall: the factor is in the chart's caption
            size = s.theme.body_px * 1.15
            painter.setFont(s.font(size, QFont.Weight.DemiBold))
            painter.setPen(s.color("text"))
            factor = visible(comp.factor.get(lang))
            box = painter.boundingRect(QRectF(area.left(), y, area.width(), area.height()), flags, factor)
            painter.drawText(box, flags, factor)
            y = box.bottom() + s.px(18)
        below = 0.0
        if comp.caption is not None and caption_in_column:
            painter.setFont(s.caption_font())
            painter.setPen(s.color("muted"))
            caption = visible(comp.caption.get(lang))
            box = painter.boundingRect(QRectF(area.left(), y + s.px(6), area.width(), area.height()), flags,
                                       caption)
            painter.drawText(box, flags, caption)
        return y - area.top(), below

    def _paint_bars_across(self, painter: QPainter, area: QRectF) -> None:
        """Horizontal bars on one MW scale, with a lens magnifying JET's at the right."""
        s = self.style_
        assert s is not None
        lang = self.language
        comp = self.comparison
        jet = s.legible(JET_COLOR)
        mw = chrome(lang, "mw")
        label_font = s.strong_font()
        lm = QFontMetricsF(label_font)
        label_w = max(lm.horizontalAdvance(chrome(lang, k)) for k in ("iter", "jet")) + s.px(16)
        lens_r = min(area.height() / 2 - s.px(4), s.px(62))
        if lens_r < s.px(30):
            return
        lens_c = QPointF(area.right() - lens_r, area.center().y())
        left = area.left() + label_w
        length = lens_c.x() - lens_r - s.px(36) - left
        bar_h = min(s.px(44), area.height() * 0.3)
        gap = min(s.px(20), area.height() * 0.12)
        y_iter = area.center().y() - gap / 2 - bar_h
        y_jet = area.center().y() + gap / 2
        grow = ease_out_cubic(self.appear)
        real_jet = length * comp.fusion.value / self.iter_mw
        painter.setFont(label_font)
        painter.setPen(s.color("text"))
        for key, y in (("iter", y_iter), ("jet", y_jet)):
            painter.drawText(QRectF(area.left(), y, label_w, bar_h), Qt.AlignmentFlag.AlignVCenter,
                             chrome(lang, key))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(s.color("accent"))
        painter.drawRect(QRectF(left, y_iter, length * grow, bar_h))
        painter.setBrush(jet)
        painter.drawRect(QRectF(left, y_jet, max(real_jet, s.px(2)) * grow, bar_h))
        painter.setPen(QPen(s.color("muted", 0.6), max(1, s.px(2))))
        painter.drawLine(QPointF(left, y_iter - s.px(6)), QPointF(left, y_jet + bar_h + s.px(6)))
        value_font = s.numeral_font(30)
        painter.setFont(value_font)
        painter.setPen(s.color("background"))
        painter.drawText(QRectF(left + s.px(12), y_iter, max(length * grow - s.px(24), 0), bar_h),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                         f"{format_number(round(self.iter_mw), lang)}{NBSP}{mw}")
        # the lens, tied to JET's bar
        wanted = lens_r * 1.2 / max(real_jet, 1e-6)
        self.zoom = max((z for z in self.ZOOMS if z <= wanted), default=self.ZOOMS[0])
        spot_r = bar_h * 0.75
        spot = QPointF(left + real_jet / 2, y_jet + bar_h / 2)
        painter.setPen(QPen(s.color("muted", 0.6 * grow), max(1, s.px(2))))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(spot, spot_r, spot_r)
        for sign in (-1, 1):
            painter.drawLine(QPointF(spot.x(), spot.y() + sign * spot_r),
                             QPointF(lens_c.x(), lens_c.y() + sign * lens_r))
        lens = QPainterPath()
        lens.addEllipse(lens_c, lens_r, lens_r)
        painter.fillPath(lens, s.color("background"))
        painter.save()
        painter.setClipPath(lens)
        base_x = lens_c.x() - lens_r * 0.7
        zoomed = real_jet * self.zoom * grow
        zoom_h = lens_r * 0.42
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(jet)
        painter.drawRect(QRectF(base_x, lens_c.y() + lens_r * 0.02, zoomed, zoom_h))
        painter.setPen(QPen(s.color("muted", 0.6), max(1, s.px(2))))
        painter.drawLine(QPointF(base_x, lens_c.y() - lens_r), QPointF(base_x, lens_c.y() + lens_r))
        painter.setFont(s.numeral_font(26))
        painter.setPen(jet)
        painter.drawText(QPointF(base_x + s.px(8), lens_c.y() - s.px(10)),
                         f"{format_number(comp.fusion.value, lang)}{NBSP}{mw}")
        painter.setFont(s.font(s.theme.caption_px * 0.85))
        painter.setPen(s.color("muted"))
        zoom_text = chrome(lang, "zoom", n=format_number(self.zoom, lang))
        width = QFontMetricsF(painter.font()).horizontalAdvance(zoom_text)
        painter.drawText(QPointF(lens_c.x() - width / 2, lens_c.y() + lens_r * 0.74), zoom_text)
        painter.restore()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(s.color("text", 0.85), max(1, s.px(3))))
        painter.drawEllipse(lens_c, lens_r, lens_r)

    def _paint_bars(self, painter: QPainter, area: QRectF) -> None:
        s = self.style_
        assert s is not None
        lang = self.language
        comp = self.comparison
        jet = s.legible(JET_COLOR)
        mw = chrome(lang, "mw")
        value_font = s.numeral_font(40)
        label_font = s.strong_font()
        lm = QFontMetricsF(label_font)
        top = area.top() + QFontMetricsF(value_font).height()
        base = area.bottom() - lm.height() - s.px(16)
        full = base - top
        if full < s.px(60):
            return
        grow = ease_out_cubic(self.appear)
        bar_w = min(area.width() * 0.2, s.px(86))
        iter_x = area.left() + s.px(4)
        jet_x = iter_x + bar_w + s.px(36)
        real_jet = full * comp.fusion.value / self.iter_mw
        iter_h = full * grow
        jet_h = max(real_jet * grow, s.px(2) * grow)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(s.color("accent"))
        painter.drawRect(QRectF(iter_x, base - iter_h, bar_w, iter_h))
        painter.setBrush(jet)
        painter.drawRect(QRectF(jet_x, base - jet_h, bar_w, jet_h))
        painter.setPen(QPen(s.color("muted", 0.6), max(1, s.px(2))))
        painter.drawLine(QPointF(area.left(), base), QPointF(area.right(), base))
        painter.setFont(value_font)
        painter.setPen(s.color("accent"))
        painter.drawText(QPointF(iter_x, base - iter_h - s.px(10)),
                         f"{format_number(round(self.iter_mw), lang)}{NBSP}{mw}")
        painter.setFont(label_font)
        painter.setPen(s.color("text"))
        for x, key in ((iter_x, "iter"), (jet_x, "jet")):
            painter.drawText(QPointF(x, base + s.px(16) + lm.ascent()), chrome(lang, key))

        # the magnifier: a lens showing JET's bar enlarged, tied to the real bar by two lines
        lens_r = min((area.right() - jet_x - bar_w - s.px(40)) / 2.0, full * 0.46, s.px(110))
        if lens_r < s.px(44):
            return
        wanted = lens_r * 0.8 / max(real_jet, 1e-6)
        self.zoom = max((z for z in self.ZOOMS if z <= wanted), default=self.ZOOMS[0])
        spot_r = bar_w * 0.6
        spot = QPointF(jet_x + bar_w / 2, base - spot_r * 0.6)
        lens_c = QPointF(area.right() - lens_r - s.px(4), base - max(full * 0.5, lens_r + s.px(24)))
        link = QPen(s.color("muted", 0.6 * grow), max(1, s.px(2)))
        painter.setPen(link)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(spot, spot_r, spot_r)
        dx, dy = lens_c.x() - spot.x(), lens_c.y() - spot.y()
        distance = math.hypot(dx, dy)
        if distance > lens_r + spot_r:
            angle = math.atan2(dy, dx)
            # outer tangents of the two circles
            offset = math.asin(max(-1.0, min(1.0, (lens_r - spot_r) / distance)))
            for sign in (-1, 1):
                a = angle + sign * (math.pi / 2 + offset)
                cos, sin = math.cos(a), math.sin(a)
                painter.drawLine(QPointF(spot.x() + spot_r * cos, spot.y() + spot_r * sin),
                                 QPointF(lens_c.x() + lens_r * cos, lens_c.y() + lens_r * sin))
        lens = QPainterPath()
        lens.addEllipse(lens_c, lens_r, lens_r)
        painter.fillPath(lens, s.color("background"))
        painter.save()
        painter.setClipPath(lens)
        lens_base = lens_c.y() + lens_r * 0.6
        zoomed = real_jet * self.zoom * grow
        zoom_w = lens_r * 0.55
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(jet)
        painter.drawRect(QRectF(lens_c.x() - zoom_w / 2, lens_base - zoomed, zoom_w, zoomed))
        painter.setPen(QPen(s.color("muted", 0.6), max(1, s.px(2))))
        painter.drawLine(QPointF(lens_c.x() - lens_r, lens_base), QPointF(lens_c.x() + lens_r, lens_base))
        value_font = s.numeral_font(34)
        painter.setFont(value_font)
        painter.setPen(jet)
        text = f"{format_number(comp.fusion.value, lang)}{NBSP}{mw}"
        width = QFontMetricsF(value_font).horizontalAdvance(text)
        painter.drawText(QPointF(lens_c.x() - width / 2, lens_base - zoomed - s.px(10)), text)
        painter.restore()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(s.color("text", 0.85), max(1, s.px(3))))
        painter.drawEllipse(lens_c, lens_r, lens_r)
        caption_font = s.caption_font()
        painter.setFont(caption_font)
        painter.setPen(s.color("muted"))
        zoom_text = chrome(lang, "zoom", n=format_number(self.zoom, lang))
        width = QFontMetricsF(caption_font).horizontalAdvance(zoom_text)
        painter.drawText(QPointF(lens_c.x() - width / 2,
                                 lens_c.y() - lens_r - s.px(10)), zoom_text)


class ScenarioButton(QAbstractButton):
    """A large two-line button: the scenario's name, and its figures under it."""

    def __init__(self, key: str, color: QColor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.detail = ""
        self.color = color
        self.style_: Style | None = None
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches it; Enter or Space presses it
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _fonts(self, s: Style, factor: float = 1.0) -> tuple[QFont, QFont]:
        return (s.font(s.theme.body_px * 1.05 * factor, QFont.Weight.DemiBold),
                s.font(s.theme.caption_px * 0.92 * factor))

    def _text_room(self, s: Style) -> float:
        return self.width() - 3 - 2 * s.px(20) - s.px(14) - s.px(14)

    def _fitted_fonts(self, s: Style) -> tuple[QFont, QFont]:
        """The largest fonts (down to the normal text size, with large text) that show both texts whole."""
        for factor in (1.0, 0.92, 0.84, 0.76, 0.72):
            label_font, detail_font = self._fonts(s, factor)
            if max(QFontMetricsF(label_font).horizontalAdvance(self.text()),
                   QFontMetricsF(detail_font).horizontalAdvance(self.detail)) <= self._text_room(s):
                break
            if not s.large_text and factor < 0.88:  # normal text never goes below the legibility floor
                break
        return label_font, detail_font

    def restyle(self, style: Style) -> None:
        self.style_ = style
        label_font, detail_font = self._fonts(style)
        texts = QFontMetricsF(label_font).height() + (QFontMetricsF(detail_font).height() if self.detail else 0)
        # 96 px or more (a touch target), and room for the texts at any text size
        self.setFixedHeight(max(style.px(100 if self.detail else 96), math.ceil(texts + style.px(24))))
        self.update()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Not QAbstractButton's: in a button group it takes Tab away from the other buttons
        # (radio-button style, arrows move within the group), and here every button is a Tab stop.
        QWidget.focusInEvent(self, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def text_fits(self) -> bool:
        """Neither text is cut short (the fit tests read this)."""
        s = self.style_
        if s is None:
            return True
        label_font, detail_font = self._fitted_fonts(s)
        room = self._text_room(s)
        return QFontMetricsF(label_font).horizontalAdvance(self.text()) <= room and \
            QFontMetricsF(detail_font).horizontalAdvance(self.detail) <= room

    def set_texts(self, label: str, detail: str) -> None:
        self.setText(label)
        self.detail = detail
        if self.style_ is not None:
            self.restyle(self.style_)
        self.update()

    def sizeHint(self) -> QSize:
        s = self.style_
        return QSize(s.px(360) if s else 360, s.px(104) if s else 104)

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.style_
        if s is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = s.legible(self.color.name()) if self.color is not None else s.color("accent")
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        radius = s.px(16)
        checked = self.isChecked()
        fill = QColor(color) if checked and not s.high_contrast else s.color("surface")
        if checked and not s.high_contrast:  # a tint; in high contrast the thick edge alone shows it
            fill.setAlphaF(0.16)
        if self.isDown():
            fill = fill.lighter(130)
        painter.setBrush(fill)
        painter.setPen(QPen(color, s.px(3)) if checked else QPen(s.outline(), max(1, s.px(2))))
        painter.drawRoundedRect(rect, radius, radius)
        pad = s.px(20)
        swatch = s.px(14)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color if checked else s.color("muted", 0.5))
        painter.drawEllipse(QRectF(rect.left() + pad, rect.center().y() - swatch / 2, swatch, swatch))
        text_x = rect.left() + pad + swatch + s.px(14)
        text_w = rect.right() - pad - text_x
        label_font, detail_font = self._fitted_fonts(s)
        fm = QFontMetricsF(label_font)
        dm = QFontMetricsF(detail_font)
        total = fm.height() + (dm.height() + s.px(2) if self.detail else 0)
        top = rect.center().y() - total / 2
        painter.setFont(label_font)
        painter.setPen(s.color("text"))
        painter.drawText(QPointF(text_x, top + fm.ascent()),
                         fm.elidedText(self.text(), Qt.TextElideMode.ElideRight, text_w))
        if self.detail:
            painter.setFont(detail_font)
            painter.setPen(color if checked else s.color("muted"))
            painter.drawText(QPointF(text_x, top + fm.height() + s.px(2) + dm.ascent()),
                             dm.elidedText(self.detail, Qt.TextElideMode.ElideRight, text_w))
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()), rect, radius, s.color("accent"), s.color("background"),
                             max(3.0, float(s.px(6))))
        painter.end()


class ScenarioPicker(QWidget):
    """The scenario buttons (one is always chosen) and the comparison toggle."""

    scenario_chosen = Signal(str)
    comparison_toggled = Signal(bool)

    def __init__(self, spec: ChartSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.language = "en"
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, ScenarioButton] = {}
        self._layout = QGridLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        for scenario in spec.scenarios:
            button = ScenarioButton(scenario.id, parent=self)
            self.group.addButton(button)
            self.buttons[scenario.id] = button
            # `clicked` also fires for the chosen button: a second tap replays the pulse
            button.clicked.connect(lambda _checked=False, key=scenario.id: self.scenario_chosen.emit(key))
        self.toggle: ScenarioButton | None = None
        if spec.comparison is not None:
            self.toggle = ScenarioButton(spec.comparison.id, QColor(JET_COLOR), self)
            self.toggle.toggled.connect(self.comparison_toggled)
        self.set_orientation(horizontal=False)
        self.set_current(spec.start)
        self.retranslate()

    def set_orientation(self, horizontal: bool) -> None:
        """Horizontal: the scenarios side by side with the toggle under them; else one column."""
        for button in self._all():
            self._layout.removeWidget(button)
        scenarios = list(self.buttons.values())
        for index, button in enumerate(scenarios):
            if horizontal:
                self._layout.addWidget(button, 0, index)
            else:
                self._layout.addWidget(button, index, 0)
        if self.toggle is not None:
            if horizontal:
                self._layout.addWidget(self.toggle, 1, 0, 1, max(1, len(scenarios)))
            else:
                self._layout.addWidget(self.toggle, len(scenarios), 0)

    def restyle(self, style: Style) -> None:
        self._layout.setSpacing(style.px(16))
        for button in self._all():
            button.restyle(style)

    def _all(self) -> list[ScenarioButton]:
        return list(self.buttons.values()) + ([self.toggle] if self.toggle else [])

    def set_current(self, scenario_id: str) -> None:
        button = self.buttons.get(scenario_id)
        if button is not None and not button.isChecked():
            button.setChecked(True)

    def set_comparison(self, shown: bool) -> None:
        if self.toggle is not None and self.toggle.isChecked() != shown:
            self.toggle.setChecked(shown)

    def retranslate(self) -> None:
        lang = self.language
        for scenario in self.spec.scenarios:
            detail = visible(scenario.detail.get(lang)) if scenario.detail else ""
            button = self.buttons[scenario.id]
            button.set_texts(visible(scenario.label.get(lang)), detail)
            button.setAccessibleName(f"{button.text()}: {detail}" if detail else button.text())
            button.setAccessibleDescription(tr("scenario_help", lang))
        if self.toggle is not None and self.spec.comparison is not None:
            comp = self.spec.comparison
            self.toggle.set_texts(visible(comp.label.get(lang)), visible(comp.name.get(lang)))
            self.toggle.setAccessibleName(f"{self.toggle.text()}: {self.toggle.detail}")
            self.toggle.setAccessibleDescription(tr("comparison_help", lang))


class PowerChart(QWidget):
    """Readouts, the plot and (when asked) the JET inset, animated by the FrameDriver."""

    scenario_changed = Signal(str)
    playback_finished = Signal(str)
    comparison_changed = Signal(bool)

    def __init__(self, spec: ChartSpec, frames: FrameDriver, language: str = "en",
                 reduced_motion: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.frames = frames
        self.language = language
        self.reduced_motion = reduced_motion
        self.style_: Style | None = None
        self.scenario = spec.first
        self.curve = _Curve.of(self.scenario.pulse)
        self._curves = {s.id: _Curve.of(s.pulse) for s in spec.scenarios}
        self.time = 0.0  # pulse seconds under the cursor
        self.comparison_shown = False
        self._clock_key = ""
        self._clock_width = 0.0
        self._clock_height = 0.0
        self._cursor_top = 1.0
        self._axis_from = axis_limits(self.scenario)
        self._axis_to = self._axis_from
        self._axis = self._axis_from
        self._previous: Scenario | None = None
        self._drawn_curve: _Curve | None = None  # whose samples the growing curves hold

        self._play = Tween(frames, spec.playback_seconds, self._play_frame, self._play_done,
                           easing=playback_easing, parent=self)
        self._axes = Tween(frames, spec.axis_seconds, self._axes_frame, self._axes_done,
                           easing=ease_in_out_cubic, parent=self)
        self._inset_tween = Tween(frames, INSET_SECONDS, self._inset_frame, None,
                                  easing=lambda x: x, parent=self)

        self.readouts = Readouts(self)
        self.power_title = QLabel(self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.plot = self._make_plot()
        self.inset: ComparisonInset | None = None
        if spec.comparison is not None:
            iter_mw = max(s.pulse.fusion_mw for s in spec.scenarios)
            self.inset = ComparisonInset(spec.comparison, iter_mw, self)
            self.inset.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._vbox = layout
        layout.addWidget(self.readouts)
        layout.addWidget(self.power_title)
        row = QGridLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self._row = row
        row.addWidget(self.plot, 0, 0)
        row.setRowStretch(0, 1)
        row.setColumnStretch(0, 1)
        self._portrait: bool | None = None
        layout.addLayout(row, 1)
        layout.addWidget(self.caption)

        self._apply_scenario_items()
        self._set_axes(self._axis_from)
        self.retranslate()
        self.show_time(0.0)

    # --- plot ------------------------------------------------------------------------
    def _make_plot(self) -> _Plot:
        bottom = _NiceAxis("bottom", (1, 2, 5, 10, 15, 20, 30, 60, 120), 7)
        left = _NiceAxis("left", (10, 20, 25, 50, 100, 200, 250, 500, 1000), 7)
        plot = _Plot(self, {"bottom": bottom, "left": left})
        plot.setFrameShape(QLabel.Shape.NoFrame)
        plot.setStyleSheet("background: transparent; border: 0px;")
        plot.viewport().setAutoFillBackground(False)
        plot.setAntialiasing(True)
        item = plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.hideAxis("top")
        item.hideAxis("right")
        vb = item.getViewBox()
        vb.setMouseEnabled(False, False)
        vb.setMenuEnabled(False)
        vb.setDefaultPadding(0.0)
        vb.enableAutoRange(False)
        vb.sigResized.connect(self._plot_resized)
        plot.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        plot.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        plot.viewport().installEventFilter(self)
        plot.setCursor(Qt.CursorShape.SizeHorCursor)

        self.ghost = pg.PlotCurveItem(antialias=True)
        self.heating_curve = _GrowingCurve()
        self.fusion_curve = _GrowingCurve()
        # A plain Qt line, moved by the chart: pyqtgraph's InfiniteLine spent a quarter of a
        # frame in Python (positioning, bounds, painting) to draw the same line. It is drawn in
        # pixels from its foot: Qt pads a line's bounds by the pen's width in the item's units,
        # and a minute of data is a hundred pixels wide.
        self.cursor = QGraphicsLineItem()
        self.cursor.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self._cursor_minute = 0.0
        self.jet_line = pg.InfiniteLine(angle=0, movable=False)
        self.jet_label = pg.TextItem(anchor=(1.0, 1.0))
        self.head = QGraphicsEllipseItem()
        self.head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.heating_head = QGraphicsEllipseItem()
        self.heating_head.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.clock_label = pg.TextItem(anchor=(0.5, 0.0))
        for graphic in (self.ghost, self.heating_curve, self.fusion_curve, self.jet_line, self.jet_label,
                        self.cursor, self.heating_head, self.head, self.clock_label):
            if isinstance(graphic, pg.GraphicsObject):
                plot.addItem(graphic, ignoreBounds=True)
            else:
                vb.addItem(graphic, ignoreBounds=graphic is self.cursor)
        self.ghost.setZValue(-5)
        # Drawn once into a pixmap and copied: a dashed line drawn again under a clip starts its
        # dashes where the clip does, so the strips the growing curves repaint would shift them.
        self.ghost.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.heating_curve.setZValue(1)
        self.fusion_curve.setZValue(2)
        self.jet_line.setZValue(3)
        self.jet_label.setZValue(3)
        self.cursor.setZValue(4)
        self.heating_head.setZValue(5)
        self.head.setZValue(6)
        self.clock_label.setZValue(7)
        self.jet_line.hide()
        self.jet_label.hide()
        return plot

    def _apply_scenario_items(self) -> None:
        """Per-scenario data that does not change during playback."""
        self.ghost.setData(self.curve.minutes, self.curve.fusion)
        comp = self.spec.comparison
        if comp is not None:
            self.jet_line.setValue(comp.fusion.value)

    def _limits(self, scenario: Scenario) -> tuple[float, float]:
        vb_height = self.plot.getPlotItem().getViewBox().height()
        label = QFontMetricsF(self.clock_label.textItem.font()).height() + 24
        return axis_limits(scenario, label / vb_height if vb_height > 0 else 0.0)

    def refit_axes(self) -> None:
        """Recompute the ranges for the plot's size (after a resize or restyle)."""
        self._fit_clock_font()
        if self._axes.running:
            self._axis_to = self._limits(self.scenario)
            return
        self._axis_to = self._axis_from = self._limits(self.scenario)
        self._set_axes(self._axis_to)
        self.show_time(self.time)

    def _plot_resized(self, *_args: object) -> None:
        """The plot area changed size (resize, JET caption, rotation): refit the headroom."""
        if self.style_ is not None:
            self.refit_axes()

    def _set_axes(self, limits: tuple[float, float]) -> None:
        self._axis = limits
        minutes, mw = limits
        self.plot.getPlotItem().getViewBox().setRange(xRange=(0.0, minutes), yRange=(0.0, mw), padding=0.0,
                                                      update=True)
        if self.spec.comparison is not None:
            self.jet_label.setPos(minutes, self.spec.comparison.fusion.value)
        self._place_cursor()  # it reaches a share of the plot's height

    def set_backdrop(self, backdrop: BackdropCrop | None) -> None:
        """On the stage: the widgets repainted every frame paint the backdrop under them and are
        opaque, so Qt does not repaint the backdrop and the chart's parents beneath them."""
        self.readouts.set_backdrop(backdrop)
        self.plot.set_backdrop(backdrop)

    # --- style and language ----------------------------------------------------------
    def restyle(self, style: Style) -> None:
        self.style_ = style
        s = style
        accent = s.color("accent")
        heating = s.legible(HEATING_COLOR)
        text = s.color("text")
        self.readouts.restyle(s)
        self._vbox.setSpacing(s.px(14))
        self._row.setSpacing(s.px(28))
        if self.inset is not None and self._portrait != s.portrait:
            self._portrait = s.portrait
            self._row.removeWidget(self.inset)
            if s.portrait:  # under the plot, wide; in landscape the layout places it (host_inset)
                self.inset.setParent(self)
                self._row.addWidget(self.inset, 1, 0)
                self.inset.setVisible(self.comparison_shown)
        self.power_title.setFont(s.caption_font())
        self.power_title.setStyleSheet(f"color: {s.theme.muted};")
        self.caption.setFont(s.caption_font())
        self.caption.setStyleSheet(f"color: {s.theme.muted};")
        self.plot.setBackground(None)  # the stage's background shows through
        tick_font = s.font(s.theme.caption_px * 1.05)
        for name in ("bottom", "left"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.setStyle(tickFont=tick_font, tickLength=0, tickTextOffset=s.px(14), maxTickLevel=0,
                          autoExpandTextSpace=True, hideOverlappingLabels=s.px(40))
            axis.setTextPen(s.color("muted"))
            axis.setPen(QPen(s.color("muted", 0.55 if name == "bottom" else 0.3), max(1, s.px(2))))
        left = self.plot.getPlotItem().getAxis("left")
        left.setGrid(40)
        left.setWidth(s.px(84))
        self.plot.getPlotItem().getAxis("bottom").setHeight(s.px(92))
        self.plot.getPlotItem().layout.setContentsMargins(0, s.px(8), s.px(12), 0)

        line_w = max(2, s.px(4))
        self.fusion_curve.setPen(pg.mkPen(accent, width=line_w))
        fill = QLinearGradient(0, 0, 0, 1)
        fill.setCoordinateMode(QLinearGradient.CoordinateMode.ObjectBoundingMode)
        fill.setColorAt(0.0, s.color("accent", 0.05))
        fill.setColorAt(1.0, s.color("accent", 0.42))
        self.fusion_curve.setBrush(QBrush(fill))
        self.heating_curve.setPen(pg.mkPen(heating, width=max(2, s.px(3.5))))
        heat_fill = QColor(heating)
        heat_fill.setAlphaF(0.32)
        self.heating_curve.setBrush(QBrush(heat_fill))
        self.ghost.setPen(pg.mkPen(s.color("muted", 0.35), width=max(1, s.px(2)), style=Qt.PenStyle.DashLine))
        cursor_pen = pg.mkPen(s.color("text", 0.7), width=max(1, s.px(2)))
        cursor_pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)  # as InfiniteLine drew it
        self.cursor.setPen(cursor_pen)
        jet = s.legible(JET_COLOR)
        self.jet_line.setPen(pg.mkPen(jet, width=max(2, s.px(3)), style=Qt.PenStyle.DashLine))
        self.jet_label.setColor(jet)
        self.jet_label.setFont(s.font(s.theme.caption_px, QFont.Weight.DemiBold))
        self.jet_label.fill = pg.mkBrush(s.color("background", 0.85))
        for head, color, radius in ((self.head, accent, s.px(11)), (self.heating_head, heating, s.px(8))):
            head.setRect(-radius, -radius, 2 * radius, 2 * radius)
            head.setBrush(color)
            head.setPen(QPen(s.color("background"), max(2, s.px(4))))
        self.clock_label.setColor(text)
        self.clock_label.setFont(s.font(s.theme.body_px * 0.9, QFont.Weight.DemiBold))
        self.clock_label.fill = pg.mkBrush(s.color("background", 0.85))
        if self.inset is not None:
            self.inset.restyle(s)
            self.inset.wide = s.portrait
            if s.portrait:
                self.inset.setFixedHeight(s.px(300))
            else:
                self.inset.setMinimumSize(0, 0)
                self.inset.setMaximumSize(16777215, 16777215)
        self.retranslate()
        self.refit_axes()

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.language
        self.readouts.language = lang
        self.readouts.update()
        for name in ("bottom", "left"):
            axis = self.plot.getPlotItem().getAxis(name)
            axis.language = lang
            axis.picture = None  # re-render tick strings
            axis.update()
        self.power_title.setText(chrome(lang, "axis_power"))
        s = self.style_
        css = {"color": s.theme.muted, "font-size": f"{s.text_px(s.theme.caption_px)}px",
               "font-family": s.theme.font_family} if s else {}
        self.plot.getPlotItem().getAxis("bottom").setLabel(chrome(lang, "axis_time"), **css)
        self.retranslate_caption()
        comp = self.spec.comparison
        if comp is not None:
            self.jet_label.setText(f"{visible(comp.name.get(lang))} · "
                                   f"{format_number(comp.fusion.value, lang)}{NBSP}{chrome(lang, 'mw')}")
        if self.inset is not None:
            self.inset.language = lang
            self.inset.update()
        self._clock_key = ""
        self.show_time(self.time)

    # --- the frame ---------------------------------------------------------------------
    def show_time(self, t: float) -> None:
        """Draw everything for the cursor at t seconds into the pulse (the per-frame work)."""
        pulse = self.scenario.pulse
        t = min(max(t, 0.0), pulse.duration)
        self.time = t
        curve = self.curve
        k = samples_until(curve.times, t)
        minute = t / 60.0
        fusion_now = pulse.power(t)
        heating_now = pulse.heating(t)
        if self._drawn_curve is not curve:  # a new scenario: its samples, once
            self._drawn_curve = curve
            minutes = curve.minutes.tolist()
            self.fusion_curve.set_samples(minutes, curve.fusion.tolist())
            self.heating_curve.set_samples(minutes, curve.heating.tolist())
        # the first k samples and a tip at the cursor; each curve repaints only the strip it grew
        self.fusion_curve.show_until(k, minute, fusion_now)
        self.heating_curve.show_until(k, minute, heating_now)
        self._cursor_minute = minute
        self.head.setPos(minute, fusion_now)
        self.heating_head.setPos(minute, heating_now)
        key = clock_text(pulse, self.scenario, t, self.language)
        if key != self._clock_key:
            self._clock_key = key
            self.clock_label.setText(f" {key} ")
            self._fit_clock_font()
        self._place_clock(minute)
        self.readouts.set_values(fusion_now, heating_now, pulse.full_power_energy(t) / MJ_PER_GJ)

    def _fit_clock_font(self) -> None:
        """The clock label's font steps down when the plot is too narrow for it."""
        if self.style_ is None:
            return
        s = self.style_
        available = self.plot.getPlotItem().getViewBox().width() * 0.96
        for factor in (0.9, 0.8, 0.7, 0.62):
            self.clock_label.setFont(s.font(s.theme.body_px * factor, QFont.Weight.DemiBold))
            bounds = self.clock_label.textItem.boundingRect()
            if available <= 0 or bounds.width() <= available:
                break
        self._clock_width, self._clock_height = bounds.width(), bounds.height()

    def _place_clock(self, minute: float) -> None:
        """The label rides the top of the cursor, centred on it but kept inside the plot."""
        minutes_span, mw_span = self._axis
        vb = self.plot.getPlotItem().getViewBox()
        width_px = vb.width() or 1.0
        label = self._clock_width * minutes_span / width_px
        x = min(max(minute, label / 2), max(minutes_span - label / 2, label / 2))
        self.clock_label.setPos(x, mw_span * 0.985)
        height_px = vb.height() or 1.0
        top = max(0.0, 1.0 - (self._clock_height + 6) / height_px)
        if abs(top - self._cursor_top) > 1e-4:  # the line stops under the label
            self._cursor_top = top
        self._place_cursor()

    def _place_cursor(self) -> None:
        """The cursor: a vertical line at the time shown, from the floor of the plot up to
        `_cursor_top` of its height (under the clock label)."""
        self.cursor.setPos(self._cursor_minute, 0.0)
        height = self.plot.getPlotItem().getViewBox().height()  # pixels, all of the axis range
        self.cursor.setLine(0.0, 0.0, 0.0, -self._cursor_top * height)

    @property
    def energy_gj(self) -> float:
        """The energy counter's value."""
        return self.readouts.energy_gj

    @property
    def clock_label_text(self) -> str:
        return self._clock_key

    # --- playback ------------------------------------------------------------------------
    @property
    def animating(self) -> bool:
        return self._play.running or self._axes.running or self._inset_tween.running

    def play(self) -> None:
        """Play the current scenario from the start (or show its end at once, reduced motion)."""
        self._axes.stop()
        self._play.stop()
        self._finish_axes_now()
        if self.reduced_motion:
            self.show_final()
            return
        self._play.start()

    def show_final(self) -> None:
        self._play.stop()
        self.show_time(self.scenario.pulse.duration)

    def stop(self) -> None:
        """Release every frame subscription (the screen was left)."""
        self._play.stop()
        self._axes.stop()
        self._inset_tween.stop()
        self._finish_axes_now()
        if self.inset is not None:
            self.inset.set_appear(1.0)

    def _play_frame(self, progress: float) -> None:
        t = progress * self.scenario.pulse.duration
        if t == self.time and self._drawn_curve is self.curve:
            return  # the same instant again (the frame timer and a manual pump): drawn already
        self.show_time(t)

    def _play_done(self) -> None:
        self.playback_finished.emit(self.scenario.id)

    def set_scenario(self, scenario_id: str, animate: bool = True) -> None:
        """Switch scenario: the axes glide to the new ranges, then the pulse plays."""
        scenario = self.spec.scenario(scenario_id)
        self._play.stop()
        self._axes.stop()
        self._finish_axes_now()
        if scenario.id == self.scenario.id:
            if animate:
                self.play()
            else:
                self.show_final() if self.reduced_motion else self.show_time(0.0)
            return
        self._previous = self.scenario
        self.scenario = scenario
        self.curve = self._curves[scenario.id]
        self._axis_from = self._axis
        self._axis_to = self._limits(scenario)
        self.retranslate_caption()
        self.scenario_changed.emit(scenario.id)
        if not animate or self.reduced_motion or self.spec.axis_seconds <= 0:
            self._finish_axes_now()
            self._apply_scenario_items()
            self.show_final() if self.reduced_motion else self.show_time(0.0)
            if animate and not self.reduced_motion:
                self._play.start()
            return
        self._axes.start()

    def retranslate_caption(self) -> None:
        """The scenario's statement; with the comparison beside the plot, JET's energy record too."""
        lang = self.language
        lines = []
        if self.scenario.caption is not None:
            lines.append(html.escape(visible(self.scenario.caption.get(lang))))
        comp = self.spec.comparison
        portrait = self.style_ is not None and self.style_.portrait
        if self.comparison_shown and comp is not None and not portrait:
            parts = [visible(t.get(lang)) for t in (comp.factor, comp.caption) if t is not None]
            jet_text = html.escape(" · ".join(parts))
            jet = self.style_.legible(JET_COLOR).name() if self.style_ is not None else JET_COLOR
            lines.append(f'<span style="color: {jet}">{jet_text}</span>')
        self.caption.setText("<br>".join(lines))

    def _axes_frame(self, progress: float) -> None:
        (m0, p0), (m1, p1) = self._axis_from, self._axis_to
        self._set_axes((m0 + (m1 - m0) * progress, p0 + (p1 - p0) * progress))
        # the old curves fade out as the axes move; the new pulse's outline fades in
        self.fusion_curve.setOpacity(1.0 - progress)
        self.heating_curve.setOpacity(1.0 - progress)
        self.head.setOpacity(1.0 - progress)
        self.heating_head.setOpacity(1.0 - progress)
        self.clock_label.setOpacity(1.0 - progress)
        self.cursor.setOpacity(1.0 - progress)
        if progress == 0.0:
            self.ghost.setData(self.curve.minutes, self.curve.fusion)
        self.ghost.setOpacity(progress)

    def _axes_done(self) -> None:
        self._finish_axes_now()
        self._play.start()

    def _finish_axes_now(self) -> None:
        if self._axis != self._axis_to:
            self._set_axes(self._axis_to)
        for graphic in (self.fusion_curve, self.heating_curve, self.head, self.heating_head, self.clock_label,
                        self.ghost, self.cursor):
            graphic.setOpacity(1.0)
        self._apply_scenario_items()
        self._axis_from = self._axis_to

    # --- comparison ------------------------------------------------------------------
    def set_comparison(self, shown: bool) -> None:
        if self.spec.comparison is None or shown == self.comparison_shown:
            return
        self.comparison_shown = shown
        self.jet_line.setVisible(shown)
        self.jet_label.setVisible(shown)
        self.retranslate_caption()
        if self.inset is not None:
            self.inset.setVisible(shown)
            if shown and not self.reduced_motion:
                self._inset_tween.start()
            else:
                self._inset_tween.stop()
                self.inset.set_appear(1.0)
        self.comparison_changed.emit(shown)

    def host_inset(self, host: QWidget, rect: QRect) -> None:
        """Landscape: the comparison card is shown by the layout, in `rect` of `host`."""
        inset = self.inset
        if inset is None:
            return
        if inset.parent() is not host:
            self._row.removeWidget(inset)
            inset.setParent(host)
        inset.setGeometry(rect)
        inset.setVisible(self.comparison_shown)
        inset.raise_()

    def _inset_frame(self, progress: float) -> None:
        if self.inset is not None:
            self.inset.set_appear(progress)

    # --- scrubbing -------------------------------------------------------------------------
    def scrub_to_position(self, pos: QPointF) -> None:
        """Move the cursor to a point on the plot (in viewport pixels)."""
        vb = self.plot.getPlotItem().getViewBox()
        point = vb.mapSceneToView(self.plot.mapToScene(pos.toPoint()))
        self._play.stop()
        if self._axes.running:
            self._axes.stop()
            self._finish_axes_now()
        self.show_time(point.x() * 60.0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points and kind != QEvent.Type.TouchEnd:
                self.scrub_to_position(points[0].position())
            event.accept()
            return True
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            if kind == QEvent.Type.MouseMove and not event.buttons() & Qt.MouseButton.LeftButton:
                return True
            if event.button() in (Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton):
                self.scrub_to_position(event.position())
            return True
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.Wheel, QEvent.Type.ContextMenu):
            return True  # a kiosk chart neither zooms nor opens menus
        return super().eventFilter(watched, event)

    def connect_picker(self, picker: ScenarioPicker) -> None:
        picker.scenario_chosen.connect(self.set_scenario)
        picker.comparison_toggled.connect(self.set_comparison)
        self.scenario_changed.connect(picker.set_current)
        self.comparison_changed.connect(picker.set_comparison)

