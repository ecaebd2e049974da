"""The backdrop: the theme's background with a dithered glow, painted by Qt without numpy."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from kiosk.widgets.backdrop import glow_backdrop

BACKGROUND = QColor("#0b1420")
GLOW = QColor("#142234")


def pixels(width: int, height: int) -> np.ndarray:
    image = glow_backdrop(width, height, BACKGROUND, GLOW).toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert (image.width(), image.height()) == (width, height)
    data = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine() // 4, 4)
    return data[:, :width, 2::-1].astype(float)  # BGRA in memory -> RGB


def expected(width: int, height: int, x: float, y: float) -> np.ndarray:
    """The glow's design: weight (1 - distance / reach)^2 from (0.8, 0.05), reach 1.1 of the longer side."""
    distance = np.hypot(x - 0.8 * width, y - 0.05 * height) / max(width, height)
    weight = max(0.0, 1.0 - distance / 1.1) ** 2
    back, glow = np.array(BACKGROUND.getRgb()[:3], float), np.array(GLOW.getRgb()[:3], float)
    return back + (glow - back) * weight


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920), (640, 360)])
def test_the_glow_follows_its_design_on_average(qapp, width: int, height: int) -> None:
    image = pixels(width, height)
    block = 20
    for fx, fy in [(0.8, 0.05), (0.5, 0.5), (0.05, 0.95), (0.95, 0.9), (0.2, 0.1)]:
        x, y = int(fx * (width - block)), int(fy * (height - block))
        mean = image[y:y + block, x:x + block].reshape(-1, 3).mean(axis=0)
        assert mean == pytest.approx(expected(width, height, x + block / 2, y + block / 2), abs=0.35), (fx, fy)


def test_the_gradient_is_dithered_not_banded(qapp) -> None:
    image = pixels(1920, 1080)
    row = image[540, 600:1400, 2]  # across the slow part of the glow, blue channel
    steps = np.count_nonzero(np.diff(row))
    assert steps > 200, "an undithered gradient changes value only at a few band edges"
    assert np.abs(np.diff(row)).max() <= 2, "the noise is a fraction of a step, not grain"
    corner = image[-40:, :40].reshape(-1, 3)  # far from the glow: the background, give or take one step
    assert np.abs(corner - np.array(BACKGROUND.getRgb()[:3])).max() <= 1


def test_the_same_picture_every_time_and_no_numpy_needed(qapp) -> None:
    first = pixels(800, 450)
    assert np.array_equal(first, pixels(800, 450))
    source = sys.modules["kiosk.widgets.backdrop"].__file__
    with open(source, encoding="utf-8") as module:
        assert "numpy" not in module.read().split('"""', 2)[2], "start-up must not import numpy for the backdrop"
