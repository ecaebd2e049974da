"""Stacking texts in a box so they always fit: fonts step down a little before anything is cut.

Layouts place their widgets by hand (no per-frame layout work, exact control of the grid);
this is the one routine that stacks a column of texts and blocks inside a rectangle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

FIT_STEPS = (1.0, 0.94, 0.88)  # 0.88 keeps 32 px body text at 28 px, the legibility floor


@dataclass
class Item:
    widget: QWidget
    font: Callable[[float], QFont] | None = None  # font for a given shrink factor (labels)
    gap_before: int = 0  # pixels
    fixed_height: int | None = None  # for non-text blocks
    restyle: Callable[[float], None] | None = None  # for compound widgets (stats rows)


def _height(item: Item, width: int) -> int:
    if item.fixed_height is not None:
        return item.fixed_height
    if item.widget.hasHeightForWidth():
        return item.widget.heightForWidth(width)
    return item.widget.sizeHint().height()


def stack(items: list[Item], box: QRect, align_bottom: bool = False) -> float:
    """Place the visible items top-down in `box`, shrinking fonts until they fit.

    Returns the factor used. With `align_bottom` the stack sits on the box's bottom edge.
    """
    visible = [item for item in items if not item.widget.isHidden()]
    factor = FIT_STEPS[-1]
    heights: list[int] = []
    for step in FIT_STEPS:
        for item in visible:
            if item.font is not None:
                item.widget.setFont(item.font(step))
            if item.restyle is not None:
                item.restyle(step)
        heights = [_height(item, box.width()) for item in visible]
        total = sum(heights) + sum(item.gap_before for item in visible[1:])
        factor = step
        if total <= box.height():
            break
    total = sum(heights) + sum(item.gap_before for item in visible[1:])
    y = box.bottom() - total if align_bottom else box.top()
    for index, (item, height) in enumerate(zip(visible, heights, strict=True)):
        if index:
            y += item.gap_before
        item.widget.setGeometry(box.left(), y, box.width(), height)
        y += height
    return factor
