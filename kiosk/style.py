"""Typography, colour and spacing derived from the exhibit's theme and the window size.

Sizes in the theme are design pixels at 1920x1080; they scale with the screen's short
side, so 3840x2160 doubles them and portrait 1080x1920 keeps them. The visitor's settings
(kiosk/accessibility.py) make every text size larger (`text_scale`, fonts only: spacing and
targets keep their size) and swap in the high-contrast theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase

from kiosk.accessibility import (
    HIGH_CONTRAST,
    NORMAL_CONTRAST,
    VisitorSettings,
    high_contrast_theme,
    large_text_px,
    legible,
)
from kiosk.content.model import Theme
from kiosk.locations import assets_dir

DESIGN_SHORT_SIDE = 1080
_loaded_families: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the fonts in assets/fonts once per process; returns their families."""
    if not _loaded_families:
        for path in sorted((assets_dir() / "fonts").glob("*.[ot]tf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _loaded_families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return list(dict.fromkeys(_loaded_families))


@dataclass(frozen=True)
class Style:
    theme: Theme
    scale: float
    portrait: bool = False
    text_scale: float = 1.0  # every font size is multiplied by this (large text)
    high_contrast: bool = False  # `theme` is then already the high-contrast variant

    @staticmethod
    def scale_for(width: int, height: int) -> float:
        return max(min(width, height), 1) / DESIGN_SHORT_SIDE

    @classmethod
    def for_settings(cls, theme: Theme, scale: float, portrait: bool, settings: VisitorSettings) -> Style:
        """The style for the exhibit's theme as a visitor's settings change it."""
        shown = high_contrast_theme(theme) if settings.high_contrast else theme
        return cls(shown, scale, portrait, settings.text_scale, settings.high_contrast)

    @property
    def large_text(self) -> bool:
        return self.text_scale > 1.0

    def px(self, design_px: float) -> int:
        return max(1, round(design_px * self.scale))

    def text_px(self, design_px: float) -> int:
        """A text size in pixels: scaled with the screen and, with large text, by
        kiosk.accessibility.large_text_px."""
        if self.text_scale == 1.0:
            return self.px(design_px)
        return self.px(large_text_px(design_px, self.theme.heading_px))

    # --- spacing -------------------------------------------------------------------
    @property
    def margin(self) -> int:
        return self.px(96 if not self.portrait else 72)

    @property
    def gutter(self) -> int:
        return self.px(48)

    # --- colours -------------------------------------------------------------------
    def color(self, name: str, alpha: float = 1.0) -> QColor:
        color = QColor(getattr(self.theme, name))
        color.setAlphaF(alpha)
        return color

    @property
    def minimum_contrast(self) -> float:
        return HIGH_CONTRAST if self.high_contrast else NORMAL_CONTRAST

    def legible(self, color: str, alpha: float = 1.0) -> QColor:
        """A fixed colour (a chart series) made to read as text on the background and the surface."""
        grounds = (self.theme.background, self.theme.surface)
        result = QColor(legible(color.lower(), grounds, self.minimum_contrast))
        result.setAlphaF(alpha)
        return result

    def outline(self) -> QColor:
        """The edge of a control: quiet normally, plain to see in high contrast (3:1 or more)."""
        return self.color("text", 0.85 if self.high_contrast else 0.24)

    def panel_alpha(self, alpha: float) -> float:
        """Panels over pictures are see-through normally and opaque in high contrast."""
        return 1.0 if self.high_contrast else alpha

    # --- type ----------------------------------------------------------------------
    def font(self, design_px: float, weight: QFont.Weight = QFont.Weight.Normal, display: bool = False) -> QFont:
        family = self.theme.font_family
        families = load_bundled_fonts()
        if display and f"{family} Display" in families:
            family = f"{family} Display"
        elif weight == QFont.Weight.DemiBold and f"{family} Semi Bold" in families:
            family = f"{family} Semi Bold"
        font = QFont(family)
        font.setPixelSize(self.text_px(design_px))
        font.setWeight(weight)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return font

    def heading_font(self, factor: float = 1.0) -> QFont:
        return self.font(self.theme.heading_px * factor, QFont.Weight.Bold, display=True)

    def subtitle_font(self) -> QFont:
        return self.font(self.theme.body_px * 1.3, QFont.Weight.Normal)

    def body_font(self) -> QFont:
        return self.font(self.theme.body_px)

    def strong_font(self) -> QFont:
        return self.font(self.theme.body_px, QFont.Weight.DemiBold)

    def caption_font(self) -> QFont:
        return self.font(self.theme.caption_px)

    def numeral_font(self, design_px: float = 120) -> QFont:
        return self.font(design_px, QFont.Weight.Bold, display=True)

    def kicker_font(self) -> QFont:
        font = self.font(self.theme.caption_px, QFont.Weight.DemiBold)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 112)
        return font
