"""Country outlines drawn from a map file, with highlighted regions and markers.

Country paths are projected once per size; the drawn map is cached as a pixmap and only
redrawn when the size or the selection changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.content.mapdata import MapData
from kiosk.content.model import MapView, Marker, Region


class MapCanvas(QWidget):
    region_tapped = Signal(int)
    marker_tapped = Signal(int)

    def __init__(self, data: MapData, view: MapView, regions: tuple[Region, ...], markers: tuple[Marker, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.view = view
        self.regions = regions
        self.markers = markers
        self.marker_labels: list[str] = ["" for _ in markers]
        self.selected_region: int | None = None
        self.selected_marker: int | None = None
        self.colors = {"land": QColor("#22344d"), "border": QColor("#0b1420"), "region": QColor("#f2a93b"),
                       "text": QColor("#f3f6fa"), "halo": QColor("#0b1420"), "sea": QColor("#0f1c2e")}
        self.label_font = QFont()
        self.marker_size = 16.0
        self._paths: dict[str, QPainterPath] = {}
        self._region_of: dict[str, int] = {code: i for i, r in enumerate(regions) for code in r.countries}
        self._cache: QPixmap | None = None
        self._press: QPointF | None = None
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    # --- projection ----------------------------------------------------------------
    def _x_scale(self) -> float:
        """Degrees of longitude shrink with latitude: scale them at the view's middle."""
        return math.cos(math.radians((self.view.north + self.view.south) / 2))

    def aspect(self) -> float:
        width = (self.view.east - self.view.west) * self._x_scale()
        return width / (self.view.north - self.view.south)

    def map_rect(self) -> QRectF:
        w, h = self.width(), self.height()
        aspect = self.aspect()
        if w / max(h, 1) > aspect:
            return QRectF((w - h * aspect) / 2, 0, h * aspect, h)
        return QRectF(0, (h - w / aspect) / 2, w, w / aspect)

    def project(self, lon: float, lat: float) -> QPointF:
        rect = self.map_rect()
        x = rect.left() + (lon - self.view.west) / (self.view.east - self.view.west) * rect.width()
        y = rect.top() + (self.view.north - lat) / (self.view.north - self.view.south) * rect.height()
        return QPointF(x, y)

    def _build_paths(self) -> None:
        rect = self.map_rect()
        sx = rect.width() / (self.view.east - self.view.west)
        sy = rect.height() / (self.view.north - self.view.south)
        margin = 5.0
        self._paths = {}
        for code, country in self.data.countries.items():
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            for ring in country.rings:
                lons = [p[0] for p in ring]
                lats = [p[1] for p in ring]
                if max(lons) < self.view.west - margin or min(lons) > self.view.east + margin or \
                        max(lats) < self.view.south - margin or min(lats) > self.view.north + margin:
                    continue
                first = True
                for lon, lat in ring:
                    point = QPointF(rect.left() + (lon - self.view.west) * sx,
                                    rect.top() + (self.view.north - lat) * sy)
                    if first:
                        path.moveTo(point)
                        first = False
                    else:
                        path.lineTo(point)
                path.closeSubpath()
            if not path.isEmpty():
                self._paths[code] = path

    # --- state ---------------------------------------------------------------------
    def select_region(self, index: int | None) -> None:
        self.selected_region = index
        self.selected_marker = None
        self._cache = None
        self.update()

    def select_marker(self, index: int | None) -> None:
        self.selected_marker = index
        self.selected_region = None
        self._cache = None
        self.update()

    def restyle(self) -> None:
        self._cache = None
        self.update()

    # --- input ---------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        event.accept()

    def cancel_press(self) -> None:
        self._press = None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        press, self._press = self._press, None
        event.accept()
        if press is None or (event.position() - press).manhattanLength() > max(12.0, self.marker_size):
            return
        hit = self.hit(event.position())
        if hit is not None:
            kind, index = hit
            (self.marker_tapped if kind == "marker" else self.region_tapped).emit(index)

    def hit(self, point: QPointF) -> tuple[str, int] | None:
        reach = self.marker_size * 2.7  # a circle 97 px across at 1920x1080 (markers are 18 px)
        distances = [(math.dist(self.project(m.lon, m.lat).toTuple(), point.toTuple()), i)
                     for i, m in enumerate(self.markers)]
        nearest = min(distances, default=None)
        if nearest is not None and nearest[0] < reach:
            return "marker", nearest[1]
        if not self._paths:
            self._build_paths()
        for code, path in self._paths.items():
            if code in self._region_of and path.contains(point):
                return "region", self._region_of[code]
        return None

    # --- drawing -------------------------------------------------------------------
    def resizeEvent(self, event: object) -> None:
        self._paths = {}
        self._cache = None

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._cache is None or self._cache.size() != self.size():
            self._cache = self._render()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache)

    def _render(self) -> QPixmap:
        if not self._paths:
            self._build_paths()
        pixmap = QPixmap(self.size())
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QPainterPath()
        radius = self.marker_size
        frame.addRoundedRect(self.map_rect(), radius, radius)
        painter.fillPath(frame, self.colors["sea"])
        painter.setClipPath(frame)
        border = QPen(self.colors["border"], max(0.6, self.marker_size * 0.06))
        for code, path in self._paths.items():
            region = self._region_of.get(code)
            if region is None:
                color = self.colors["land"]
            else:
                color = QColor(self.colors["region"])
                if self.selected_region is not None and region != self.selected_region:
                    color.setAlphaF(0.45)
            painter.setPen(border)
            painter.setBrush(color)
            painter.drawPath(path)
        if self.selected_region is not None:
            outline = QPen(self.colors["text"], max(1.5, self.marker_size * 0.15))
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for code in self.regions[self.selected_region].countries:
                if code in self._paths:
                    painter.drawPath(self._paths[code])
        painter.setClipping(False)
        for index, marker in enumerate(self.markers):
            self._draw_marker(painter, index, marker)
        placed: list[QRectF] = []  # labels already drawn: the next one goes where it overlaps none
        for index in sorted(range(len(self.markers)), key=lambda i: not self.markers[i].primary):
            self._draw_label(painter, index, self.markers[index], placed)
        painter.end()
        return pixmap

    def _draw_marker(self, painter: QPainter, index: int, marker: Marker) -> None:
        center = self.project(marker.lon, marker.lat)
        size = self.marker_size * (1.6 if marker.primary else 1.0)
        selected = index == self.selected_marker
        painter.setPen(QPen(self.colors["halo"], size * 0.25))
        painter.setBrush(self.colors["region"] if marker.primary or selected else self.colors["text"])
        if marker.primary:
            halo = QColor(self.colors["region"])
            halo.setAlphaF(0.7)
            painter.save()
            painter.setPen(QPen(halo, size * 0.18))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(center, size * 1.5, size * 1.5)
            painter.restore()
        painter.drawEllipse(center, size / 2, size / 2)

    def _label_box(self, index: int, marker: Marker, placed: list[QRectF], metrics: QFontMetricsF) -> QRectF:
        """Right of the point; else left of it, below, above: the first place on the canvas that
        overlaps no label already drawn and no point (large text makes labels big)."""
        center = self.project(marker.lon, marker.lat)
        size = self.marker_size * (1.6 if marker.primary else 1.0)
        gap = size * (1.9 if marker.primary else 1.2)  # a primary point has a ring round it
        width, height = metrics.horizontalAdvance(self.marker_labels[index]), metrics.height()
        middle = center.y() - height / 2
        candidates = [QRectF(center.x() + gap, middle, width, height),
                      QRectF(center.x() - gap - width, middle, width, height),
                      QRectF(center.x() - width / 2, center.y() + gap, width, height),
                      QRectF(center.x() - width / 2, center.y() - gap - height, width, height)]
        dots = [QRectF(self.project(m.lon, m.lat) - QPointF(size, size), QSizeF(2 * size, 2 * size))
                for i, m in enumerate(self.markers) if i != index]
        inside = QRectF(self.rect())
        for box in candidates:
            if inside.contains(box) and not any(box.intersects(other) for other in placed + dots):
                return box
        box = candidates[0]
        return box.translated(min(0.0, inside.right() - box.right()), 0.0)

    def _draw_label(self, painter: QPainter, index: int, marker: Marker, placed: list[QRectF]) -> None:
        label = self.marker_labels[index]
        if not label:
            return
        size = self.marker_size * (1.6 if marker.primary else 1.0)
        selected = index == self.selected_marker
        font = QFont(self.label_font)
        if marker.primary:
            font.setWeight(QFont.Weight.Bold)
        metrics = QFontMetricsF(font)
        box = self._label_box(index, marker, placed, metrics)
        placed.append(box)
        x = box.left()
        baseline = box.top() + metrics.ascent()
        text_path = QPainterPath()
        text_path.addText(QPointF(x, baseline), font, label)
        painter.setPen(QPen(self.colors["halo"], max(2.0, size * 0.35), Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(text_path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colors["region"] if marker.primary or selected else self.colors["text"])
        painter.drawPath(text_path)
