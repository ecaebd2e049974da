"""Typography, colour and spacing derived from the exhibit's theme and the window size.

Sizes in the theme are design pixels at 1920x1080; they scale with the screen's short
side, so 3840x2160 doubles them and portrait 1080x1920 keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QFontDatabase

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

    @staticmethod
    def scale_for(width: int, height: int) -> float:
        return max(min(width, height), 1) / DESIGN_SHORT_SIDE

    def px(self, design_px: float) -> int:
        return max(1, round(design_px * self.scale))

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

    # --- type ----------------------------------------------------------------------
    def font(self, design_px: float, weight: QFont.Weight = QFont.Weight.Normal, display: bool = False) -> QFont:
        family = self.theme.font_family
        families = load_bundled_fonts()
        if display and f"{family} Display" in families:
            family = f"{family} Display"
        elif weight == QFont.Weight.DemiBold and f"{family} Semi Bold" in families:
            family = f"{family} Semi Bold"
        font = QFont(family)
        font.setPixelSize(self.px(design_px))
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
