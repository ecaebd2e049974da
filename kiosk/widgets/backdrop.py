"""The stage's backdrop picture: the theme's background with a soft glow from the top right.

Painted by Qt in 16 bits per channel and dithered down to 8, so the large, slow gradient shows
no bands on 8-bit panels. It is drawn before the first frame, so it must be quick: about 30 ms
at 1920x1080 where the numpy version took 200 to 500 ms and pulled numpy into start-up.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPixmap, QRadialGradient

GLOW_CENTRE = (0.8, 0.05)  # of the width and height
GLOW_REACH = 1.1  # radius, in units of the longer side
GRADIENT_STOPS = 48  # the glow fades with the square of the distance; 48 straight pieces follow it to 1/500 step
NOISE_SIDE = 256
HALF_STEP = 128  # half of one 8-bit step (257) in 16-bit units
_noise: QImage | None = None


def dither_noise() -> QImage:
    """A tile of random offsets from 0 to one 8-bit step, per channel, in 16-bit units (fixed seed)."""
    global _noise
    if _noise is None:
        count = NOISE_SIDE * NOISE_SIDE
        values = random.Random(7).randbytes(3 * count)
        pixels = bytearray(8 * count)  # RGBA64: four little-endian 16-bit channels; only the low bytes set
        for channel in range(3):
            pixels[2 * channel::8] = values[channel * count:(channel + 1) * count]
        image = QImage(bytes(pixels), NOISE_SIDE, NOISE_SIDE, NOISE_SIDE * 8, QImage.Format.Format_RGBA64_Premultiplied)
        _noise = image.copy()  # own the pixels
    return _noise


def _mix16(background: QColor, glow: QColor, weight: float) -> QColor:
    """The 16-bit colour `weight` of the way from background to glow, half a step low: adding noise
    of 0 to 1 step and rounding to 8 bits then averages to the exact colour."""
    back, front = background.rgba64(), glow.rgba64()
    channels = [min(65535, max(0, round(b + (f - b) * weight) - HALF_STEP))
                for b, f in ((back.red(), front.red()), (back.green(), front.green()), (back.blue(), front.blue()))]
    return QColor.fromRgba64(*channels, 65535)


def glow_backdrop(width: int, height: int, background: QColor, glow: QColor) -> QPixmap:
    """The backdrop at width x height: `glow` strongest near the top right, fading into `background`."""
    image = QImage(max(width, 1), max(height, 1), QImage.Format.Format_RGBA64_Premultiplied)
    longer = max(width, height, 1)
    gradient = QRadialGradient(QPointF(GLOW_CENTRE[0] * width, GLOW_CENTRE[1] * height), GLOW_REACH * longer)
    for step in range(GRADIENT_STOPS + 1):
        position = step / GRADIENT_STOPS
        gradient.setColorAt(position, _mix16(background, glow, (1.0 - position) ** 2))
    painter = QPainter(image)
    painter.fillRect(image.rect(), gradient)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Plus)
    painter.fillRect(image.rect(), QBrush(dither_noise()))
    painter.end()
    return QPixmap.fromImage(image.convertToFormat(QImage.Format.Format_RGB32))
