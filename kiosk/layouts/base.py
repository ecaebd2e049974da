"""What every layout renderer is: a QWidget built from one Screen of the model.

The stage creates one view per screen, calls `entered()` when it becomes visible and
`left()` when it is hidden (a hidden view must own no running timer or animation),
`set_language()` when the visitor switches language, `apply_settings()` when they change
large text, high contrast or reduced motion, and `reset()` so the next visitor starts fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.accessibility import VisitorSettings
from kiosk.clock import Clock
from kiosk.content.model import Image, Screen, Text, Theme
from kiosk.frames import FrameDriver
from kiosk.style import Style
from kiosk.widgets.picture import Picture
from kiosk.widgets.text import TextLabel

_W = QFont.Weight
# role: (size from the theme, weight, display face, colour name)
ROLE_STYLES: dict[str, tuple[Callable[[Theme], float], QFont.Weight, bool, str]] = {
    "kicker": (lambda t: t.caption_px, _W.DemiBold, False, "accent"),
    "display": (lambda t: t.heading_px * 1.45, _W.Bold, True, "text"),
    "title": (lambda t: t.heading_px, _W.Bold, True, "text"),
    "subtitle": (lambda t: t.body_px * 1.25, _W.Normal, False, "text"),
    "heading": (lambda t: t.body_px * 1.15, _W.DemiBold, False, "text"),
    "body": (lambda t: t.body_px, _W.Normal, False, "muted"),
    "strong": (lambda t: t.body_px, _W.DemiBold, False, "text"),
    "caption": (lambda t: t.caption_px, _W.Normal, False, "muted"),
    "numeral": (lambda t: t.heading_px * 1.15, _W.Bold, True, "accent"),
    "date": (lambda t: t.body_px * 1.1, _W.Bold, True, "accent"),
    "figure": (lambda t: t.body_px * 1.5, _W.Bold, True, "accent"),
}


@dataclass
class RenderContext:
    theme: Theme
    clock: Clock
    frames: FrameDriver
    language: str
    reduced_motion: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    large_text: bool = False
    high_contrast: bool = False

    @property
    def settings(self) -> VisitorSettings:
        return VisitorSettings(self.large_text, self.high_contrast, self.reduced_motion)

    @settings.setter
    def settings(self, settings: VisitorSettings) -> None:
        self.large_text, self.high_contrast = settings.large_text, settings.high_contrast
        self.reduced_motion = settings.reduced_motion

    def style(self, scale: float, portrait: bool = False) -> Style:
        """The style every view and the stage draw with: the theme, the size, the visitor's settings."""
        return Style.for_settings(self.theme, scale, portrait, self.settings)


class ScreenView(QWidget):
    """Base class of the six layout renderers."""

    #: something inside the screen was tapped: (kind, item id), e.g. ("hotspot", "plasma")
    item_opened = Signal(str, str)

    def __init__(self, screen: Screen, context: RenderContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screen = screen
        self.context = context
        self.language = context.language
        self.style_ = context.style(1.0)
        self._labels: list[TextLabel] = []
        self._pictures: list[Picture] = []
        self._styled = False
        self.setObjectName(f"screen-{screen.id}")
        self.setAutoFillBackground(False)

    # --- called by the stage -------------------------------------------------------
    def entered(self) -> None:
        """The screen is now shown: start what moves."""

    def left(self) -> None:
        """The screen is hidden: stop every timer and animation."""

    def reset(self) -> None:
        """Back to how a new visitor should find it (callouts closed, first scenario)."""

    def set_language(self, language: str) -> None:
        self.language = language
        self.retranslate()

    def apply_settings(self) -> None:
        """The visitor changed their settings (in `self.context`): restyle and relayout in place."""
        self.style_ = self.context.style(self.style_.scale, self.style_.portrait)
        self.restyle()
        self.relayout()
        self.update()

    # --- for subclasses ------------------------------------------------------------
    def make_picture(self, image: Image | None) -> Picture:
        """A picture of the screen's image whose alt text and placeholder follow the
        language and theme (a missing file shows its alt text)."""
        picture = Picture(image.path if image else None, "", self)
        picture.setProperty("image_model", image)
        self._pictures.append(picture)
        return picture

    def label(self, role: str, text: Text | None = None, wrap: bool = True) -> TextLabel:
        """A text label in one of the roles of ROLE_STYLES; `text` is kept and retranslated."""
        label = TextLabel(self, wrap=wrap, role=role)
        label.setProperty("text_model", text)
        self._labels.append(label)
        if text is not None:
            label.setText(self.tr_text(text))
        return label

    def role_font(self, role: str, factor: float = 1.0) -> QFont:
        size, weight, display = ROLE_STYLES[role][0:3]
        font = self.style_.font(size(self.style_.theme) * factor, weight, display)
        if role == "kicker":
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
        return font

    def font_fn(self, role: str) -> Callable[[float], QFont]:
        return lambda factor: self.role_font(role, factor)

    def style_labels(self) -> None:
        for picture in self._pictures:
            picture.set_placeholder_style(self.style_.color("surface"), self.style_.color("muted"),
                                          self.role_font("body"))
        for label in self._labels:
            label.apply(self.role_font(label.role), self.style_.color(ROLE_STYLES[label.role][3]))

    def retranslate_labels(self) -> None:
        for picture in self._pictures:
            image = picture.property("image_model")
            if image is not None:
                picture.set_alt(self.tr_text(image.alt))
        for label in self._labels:
            text = label.property("text_model")
            if text is not None:
                label.setText(self.tr_text(text))

    def tr_text(self, text: Text | None) -> str:
        return "" if text is None else text.get(self.language)

    def retranslate(self) -> None:
        """Put every visible text in `self.language`."""
        self.retranslate_labels()
        self.relayout()

    def restyle(self) -> None:
        """Apply `self.style_` (sizes scale with the screen) to fonts and colours."""
        self.style_labels()

    def relayout(self) -> None:
        """Place the widgets for the current size (called on every resize)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        scale = Style.scale_for(self.width(), self.height())
        portrait = self.height() > self.width()
        if not self._styled or abs(scale - self.style_.scale) > 1e-3 or self.style_.portrait != portrait:
            self._styled = True
            self.style_ = self.context.style(scale, portrait)
            self.restyle()
        self.relayout()
        super().resizeEvent(event)

    def focus_chain(self) -> list[QWidget]:
        """The screen's controls in the order Tab visits them: reading order, row by row from
        the top, left to right within a row (a row is a band of 60 design pixels)."""
        band = max(self.style_.px(60), 1)

        def reading_position(widget: QWidget) -> tuple[int, int]:
            center = widget.mapTo(self, widget.rect().center())
            return center.y() // band, center.x()

        controls = [w for w in self.findChildren(QWidget) if can_take_focus(w)]
        return sorted(controls, key=reading_position)

    def text_labels(self) -> list[QLabel]:
        """Every visible text label on the screen (the text-fit tests read this)."""
        return [label for label in self.findChildren(QLabel) if label.isVisibleTo(self) and label.text()]


def can_take_focus(widget: QWidget) -> bool:
    """A control Tab may move to: shown, enabled and accepting focus from the keyboard."""
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def content_box(view: QWidget, style: Style) -> QRect:
    """The part of the screen layouts fill: inside the margins, clear of arrows, dots and
    the language switch."""
    width, height = view.width(), view.height()
    if style.portrait:
        return QRect(style.px(72), style.px(132), width - 2 * style.px(72), height - style.px(132) - style.px(176))
    side = style.px(176)
    return QRect(side, style.px(128), width - 2 * side, height - style.px(128) - style.px(128))
