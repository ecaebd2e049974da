"""The contrast of every text against what is really behind it, in both themes: at least 4.5:1
in the exhibit's theme and 7:1 in the high-contrast one (WCAG AA and AAA for body text).

Measured on the real widgets: each text's colour is the one it is drawn with (a label's
palette, a painter's pen as it draws the string), and its background is read from the screen
drawn a second time with every text made invisible, so panels, cards, fills, the backdrop's
glow and pictures behind a text all count."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

import pytest
from accessibility_support import CONTRAST, LANDSCAPE, PORTRAIT, every_screen, open_every_detail
from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QGraphicsOpacityEffect, QLabel, QWidget

from kiosk.accessibility import high_contrast_theme
from kiosk.content.contrast import contrast_ratio
from kiosk.content.model import HighContrastColors, Theme
from kiosk.stage import Stage


@dataclass
class Sample:
    text: str
    color: QColor
    rect: QRect  # in the stage's coordinates


class TextRecorder:
    """While active, every QPainter.drawText on a widget is recorded with its pen colour and
    where it lands on the stage; `hidden` draws nothing (for the background pass)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.stage: Stage | None = None
        self.samples: list[Sample] = []
        self.hidden = False
        original = QPainter.drawText

        def draw_text(painter: QPainter, *args: object) -> object:
            if self.hidden:
                return None
            self._record(painter, args)
            return original(painter, *args)

        monkeypatch.setattr(QPainter, "drawText", draw_text)

    def _record(self, painter: QPainter, args: tuple[object, ...]) -> None:
        device = painter.device()
        text = next((a for a in args if isinstance(a, str)), "")
        if self.stage is None or not isinstance(device, QWidget) or not text.strip() or \
                not (device is self.stage or self.stage.isAncestorOf(device)):
            return
        if isinstance(args[0], QRectF | QRect) and isinstance(args[1], int):
            box = painter.boundingRect(QRectF(args[0]), args[1], text)
        elif isinstance(args[0], QPointF) or hasattr(args[0], "toPointF"):
            point = QPointF(args[0])
            metrics = QFontMetricsF(painter.font())
            box = QRectF(point.x(), point.y() - metrics.ascent(), metrics.horizontalAdvance(text), metrics.height())
        else:
            return
        box = painter.transform().mapRect(box).toAlignedRect()
        top_left = device.mapTo(self.stage, box.topLeft())
        self.samples.append(Sample(text, QColor(painter.pen().color()), QRect(top_left, box.size())))


def label_samples(stage: Stage) -> list[Sample]:
    samples = []
    for label in stage.findChildren(QLabel):
        if not (label.isVisible() and label.text().strip()):
            continue
        label.ensurePolished()
        color = label.palette().color(QPalette.ColorRole.WindowText)
        rect = QRect(label.mapTo(stage, label.contentsRect().topLeft()), label.contentsRect().size())
        spans = re.findall(r'<span style="color: (#[0-9a-fA-F]{6})">', label.text())
        samples += [Sample(label.text(), color, rect)] + [Sample(label.text(), QColor(c), rect) for c in spans]
    return samples


def chart_samples(stage: Stage) -> list[Sample]:
    """pyqtgraph's own texts: the axis ticks and the clock and JET labels over the plot."""
    chart = getattr(stage.current_view(), "chart", None)
    if chart is None:
        return []
    samples = []
    plot = chart.plot
    for name in ("left", "bottom"):
        axis = plot.getPlotItem().getAxis(name)
        rect = plot.mapFromScene(axis.sceneBoundingRect()).boundingRect()
        samples.append(Sample(f"{name} axis", axis.textPen().color(), QRect(plot.mapTo(stage, rect.topLeft()),
                                                                             rect.size())))
    for item in (chart.clock_label, chart.jet_label):
        if item.isVisible():
            rect = plot.mapFromScene(item.textItem.sceneBoundingRect()).boundingRect()
            samples.append(Sample(item.textItem.toPlainText(), item.textItem.defaultTextColor(),
                                  QRect(plot.mapTo(stage, rect.topLeft()), rect.size())))
    return samples


def backgrounds(stage: Stage, recorder: TextRecorder) -> QImage:
    """The stage drawn with every text invisible (labels faded out, pyqtgraph's texts hidden,
    painted strings skipped), nothing else changed."""
    labels = [label for label in stage.findChildren(QLabel) if label.isVisible()]
    for label in labels:
        label.setGraphicsEffect(QGraphicsOpacityEffect(opacity=0.0))
    chart = getattr(stage.current_view(), "chart", None)
    hidden_items = []
    if chart is not None:
        hidden_items = [chart.clock_label.textItem, chart.jet_label.textItem]
        for item in hidden_items:
            item.setOpacity(0.0)
        for name in ("left", "bottom"):
            chart.plot.getPlotItem().getAxis(name).picture = None  # its cached ticks hold text
    recorder.hidden = True
    image = stage.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    recorder.hidden = False
    for label in labels:
        label.setGraphicsEffect(None)
    for item in hidden_items:
        item.setOpacity(1.0)
    if chart is not None:
        for name in ("left", "bottom"):
            chart.plot.getPlotItem().getAxis(name).picture = None
    return image


def hex_of(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def background_under(image: QImage, rect: QRect) -> tuple[float, float, float] | None:
    rect = rect.intersected(image.rect())
    if rect.isEmpty():
        return None
    step = max(1, min(rect.width(), rect.height()) // 12)
    pixels = [image.pixelColor(x, y) for y in range(rect.top(), rect.bottom() + 1, step)
              for x in range(rect.left(), rect.right() + 1, step)]
    return tuple(statistics.median(getattr(p, channel)() for p in pixels) for channel in ("red", "green", "blue"))


def ratio(sample: Sample, ground: tuple[float, float, float]) -> float:
    alpha = sample.color.alphaF()  # a see-through text colour, as it ends up on its ground
    seen = [alpha * c + (1 - alpha) * g for c, g in
            zip((sample.color.red(), sample.color.green(), sample.color.blue()), ground, strict=True)]
    return contrast_ratio(hex_of(tuple(seen)), hex_of(ground))


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["1920x1080", "1080x1920"])
@pytest.mark.parametrize("theme", ["exhibit", "high contrast"])
def test_every_text_has_enough_contrast_on_what_is_behind_it(make_stage, exhibit, monkeypatch, theme, size) -> None:
    recorder = TextRecorder(monkeypatch)
    stage = make_stage(exhibit, size, "en", CONTRAST if theme == "high contrast" else None)
    recorder.stage = stage
    minimum = 7.0 if theme == "high contrast" else 4.5
    problems, measured = [], []
    for index in every_screen(stage):
        for state in open_every_detail(stage):
            QApplication.processEvents()
            recorder.samples = []
            stage.grab()
            samples = recorder.samples + label_samples(stage) + chart_samples(stage)
            image = backgrounds(stage, recorder)
            for sample in samples:
                ground = background_under(image, sample.rect)
                if ground is None:
                    continue
                value = ratio(sample, ground)
                measured.append(value)
                if value < minimum:
                    problems.append(f"{exhibit.screens[index].id} ({state}): {sample.text[:40]!r} "
                                    f"{sample.color.name()} on {hex_of(ground)}: {value:.2f}:1")
    stage.access.open()
    panel = stage.access.panel
    recorder.samples = []
    stage.grab()
    image = backgrounds(stage, recorder)
    for sample in recorder.samples:
        if panel.geometry().contains(sample.rect.center()):
            value = ratio(sample, background_under(image, sample.rect))
            measured.append(value)
            if value < minimum:
                problems.append(f"access panel: {sample.text!r} {value:.2f}:1")
    assert len(measured) > 400
    assert not problems, "\n".join(problems)


def test_map_labels_read_on_their_halo_in_both_themes(make_stage, exhibit) -> None:
    """Place names on the map are drawn as outlines (a halo in the background colour around
    each glyph), so the halo is their background."""
    for settings, minimum in ((None, 4.5), (CONTRAST, 7.0)):
        stage = make_stage(exhibit, LANDSCAPE, "en", settings)
        index = next(i for i, s in enumerate(exhibit.screens) if s.markers)
        stage.go_to(index, duration_ms=0)
        colors = stage.current_view().canvas.colors
        for name in ("text", "region"):
            assert contrast_ratio(colors[name].name(), colors["halo"].name()) >= minimum, name


def test_the_high_contrast_theme_is_derived_from_any_theme_at_7_to_1() -> None:
    themes = [Theme(), Theme(background="#f4f1ea", surface="#ffffff", text="#1b1b1b", muted="#5a5a5a",
                             accent="#b3541e"),
              Theme(background="#2a2f3a", surface="#3a4150", text="#e8e8e8", muted="#9aa3b5", accent="#4fb3bf")]
    for theme in themes:
        variant = high_contrast_theme(theme)
        for name in ("text", "muted", "accent"):
            for ground in ("background", "surface"):
                assert contrast_ratio(getattr(variant, name), getattr(variant, ground)) >= 7.0, (theme, name, ground)
        assert contrast_ratio(variant.text, variant.background) > contrast_ratio(theme.text, theme.background)


def test_a_packs_own_high_contrast_colours_are_used() -> None:
    theme = Theme(high_contrast=HighContrastColors(background="#000000", accent="#ffd400"))
    variant = high_contrast_theme(theme)
    assert (variant.background, variant.accent) == ("#000000", "#ffd400")
    assert variant.text == "#ffffff" and variant.muted != theme.muted
