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

# (headline factor, text factor) per step: everything steps down together to 0.88 (which keeps
# 32 px body text at 28 px, the legibility floor); then only headlines go on shrinking, so
# with large text a long headline gives way before the body text does.
FIT_STEPS = ((1.0, 1.0), (0.94, 0.94), (0.88, 0.88), (0.8, 0.88), (0.72, 0.88))


@dataclass
class Item:
    widget: QWidget
    font: Callable[[float], QFont] | None = None  # font for a given shrink factor (labels)
    gap_before: int = 0  # pixels
    fixed_height: int | None = None  # for non-text blocks
    restyle: Callable[[float], None] | None = None  # for compound widgets (stats rows)
    headline: bool = False  # may shrink further than body text (titles, big figures)


def _height(item: Item, width: int) -> int:
    if item.fixed_height is not None:
        return item.fixed_height
    if item.widget.hasHeightForWidth():
        return item.widget.heightForWidth(width)
    return item.widget.sizeHint().height()


# With large text a crowded screen may step its text down a little further (36 px body text,
# still larger than the normal 32).
LARGE_TEXT_STEPS = ((0.72, 0.8),)


def stack(items: list[Item], box: QRect, align_bottom: bool = False, large_text: bool = False) -> float:
    """Place the visible items top-down in `box`, shrinking fonts until they fit.

    Returns the factor used. With `align_bottom` the stack sits on the box's bottom edge.
    """
    visible = [item for item in items if not item.widget.isHidden()]
    factor = FIT_STEPS[-1][1]
    heights: list[int] = []
    steps = FIT_STEPS if any(item.headline for item in visible) else FIT_STEPS[:3]
    if large_text:
        steps = (*steps, *LARGE_TEXT_STEPS)
    for headline_step, text_step in steps:
        for item in visible:
            step = headline_step if item.headline else text_step
            if item.font is not None:
                item.widget.setFont(item.font(step))
            if item.restyle is not None:
                item.restyle(step)
        heights = [_height(item, box.width()) for item in visible]
        total = sum(heights) + sum(item.gap_before for item in visible[1:])
        factor = text_step
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
