"""A picture drawn crisp at any size: SVG rendered once per size, raster scaled once.

When the file is missing or unreadable, a calm placeholder shows the alt text instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QImageReader, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)


def render_image(path: Path, size: QSize, device_pixel_ratio: float = 1.0) -> QPixmap | None:
    """The file drawn to fit `size` keeping its aspect, or None when it cannot be read."""
    if size.width() <= 0 or size.height() <= 0:
        return None
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return None
        natural = renderer.defaultSize()
        target = natural.scaled(size, Qt.AspectRatioMode.KeepAspectRatio) if not natural.isEmpty() else size
        image = QImage(target * device_pixel_ratio, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
    else:
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        natural = reader.size()
        if natural.isValid():
            reader.setScaledSize(natural.scaled(size * device_pixel_ratio, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            return None
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


def natural_aspect(path: Path) -> float | None:
    """Width / height of the picture as drawn, or None."""
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        size = renderer.defaultSize() if renderer.isValid() else QSize()
    else:
        size = QImageReader(str(path)).size()
    return size.width() / size.height() if size.isValid() and size.height() > 0 else None


class Picture(QWidget):
    def __init__(self, path: Path | None, alt: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._alt = alt
        self._cache: QPixmap | None = None
        self._cache_size = QSize()
        self._failed = False
        self._placeholder_color = QColor("#142234")
        self._placeholder_text = QColor("#a8b6c8")
        self._placeholder_font = QFont()
        self.aspect = natural_aspect(path) if path else None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(alt)

    def set_alt(self, alt: str) -> None:
        self._alt = alt
        self.setAccessibleName(alt)
        if self._failed:
            self.update()

    def set_placeholder_style(self, fill: QColor, text: QColor, font: QFont) -> None:
        self._placeholder_color, self._placeholder_text, self._placeholder_font = fill, text, font

    @property
    def failed(self) -> bool:
        return self._failed

    def image_rect(self) -> QRectF:
        """Where the picture is drawn inside the widget (for hotspots placed on it)."""
        w, h = self.width(), self.height()
        if not self.aspect:
            return QRectF(0, 0, w, h)
        if w / max(h, 1) > self.aspect:
            dw = h * self.aspect
            return QRectF((w - dw) / 2, 0, dw, h)
        dh = w / self.aspect
        return QRectF(0, (h - dh) / 2, w, dh)

    def _ensure_cache(self) -> None:
        if self._path is None:
            self._failed = True
            return
        if self._cache is not None and self._cache_size == self.size():
            return
        self._cache_size = self.size()
        self._cache = render_image(self._path, self.size(), self.devicePixelRatioF())
        if self._cache is None and not self._failed:
            log.warning("%s: image cannot be shown; drawing its alt text instead", self._path)
        self._failed = self._cache is None

    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_cache()
        painter = QPainter(self)
        if self._cache is not None:
            rect = self.image_rect()
            painter.drawPixmap(rect.topLeft().toPoint(), self._cache)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(QPen(self._placeholder_text, 2, Qt.PenStyle.DashLine))
        painter.setBrush(self._placeholder_color)
        painter.drawRoundedRect(box, 16, 16)
        painter.setFont(self._placeholder_font)
        painter.drawText(box.adjusted(24, 24, -24, -24), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         self._alt)
