"""What a visitor can change for themselves (large text, high contrast, reduced motion) and the
high-contrast variant of the exhibit's theme. No Qt here: the loader checks the variant too.

The high-contrast theme is derived from the exhibit's own colours, so it still looks like the
exhibit: the background is pushed towards black (or white, for a light theme), text becomes
pure white (or black), and the muted and accent colours are lightened (or darkened) just enough
to reach 7:1 against both the background and the surface. A content pack may set any of those
five colours itself in an optional `theme: high_contrast:` block.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from kiosk.content.contrast import contrast_ratio, luminance
from kiosk.content.model import HighContrastColors, Theme

LARGE_TEXT_SCALE = 1.4  # every text size, with large text on...
LARGE_TEXT_CEILING = 1.25  # ...up to this many times the theme's headline size (headlines are large already)
NORMAL_CONTRAST = 4.5  # WCAG AA for body text
HIGH_CONTRAST = 7.0  # WCAG AAA: the high-contrast theme's floor for every text colour
TEXT_COLOURS = ("text", "muted", "accent")
GROUND_COLOURS = ("background", "surface")
SETTING_NAMES = ("large_text", "high_contrast", "reduced_motion")


@dataclass(frozen=True)
class VisitorSettings:
    """The three visitor settings. Frozen: a change is a new value, so the stage can tell
    whether anything changed and the exhibit's defaults can never be edited by accident."""

    large_text: bool = False
    high_contrast: bool = False
    reduced_motion: bool = False

    @property
    def text_scale(self) -> float:
        return LARGE_TEXT_SCALE if self.large_text else 1.0

    @property
    def minimum_contrast(self) -> float:
        return HIGH_CONTRAST if self.high_contrast else NORMAL_CONTRAST

    def toggled(self, name: str) -> VisitorSettings:
        if name not in SETTING_NAMES:
            raise ValueError(f"unknown visitor setting '{name}'")
        return replace(self, **{name: not getattr(self, name)})

    def changed(self, other: VisitorSettings) -> list[str]:
        """The names of the settings that differ from `other`."""
        return [name for name in SETTING_NAMES if getattr(self, name) != getattr(other, name)]


def large_text_px(design_px: float, heading_px: float) -> float:
    """A text size with large text on: 1.4 times, except that no text grows past 1.25 times
    the headline size (a 32-pixel body becomes 45, a 24-pixel caption 34, an 84-pixel title
    105; a 122-pixel display title stays as it is)."""
    ceiling = heading_px * LARGE_TEXT_CEILING
    return max(design_px, min(design_px * LARGE_TEXT_SCALE, ceiling))


# --- colours -------------------------------------------------------------------------------
def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def mix(color: str, other: str, amount: float) -> str:
    """`color` moved `amount` (0..1) of the way towards `other`, in sRGB."""
    a, b = _rgb(color), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def is_dark(color: str) -> bool:
    """Dark enough that light text reads best on it (the luminance where white and black
    give the same contrast)."""
    return luminance(color) < 0.179


def worst_contrast(color: str, grounds: tuple[str, ...]) -> float:
    return min(contrast_ratio(color, ground) for ground in grounds)


def legible(color: str, grounds: tuple[str, ...], minimum: float) -> str:
    """`color`, lightened on dark grounds (darkened on light ones) in small steps until it
    reaches `minimum` contrast against every ground; unchanged when it already does."""
    if worst_contrast(color, grounds) >= minimum:
        return color
    target = "#ffffff" if is_dark(grounds[0]) else "#000000"
    for step in range(1, 51):
        candidate = mix(color, target, step / 50)
        if worst_contrast(candidate, grounds) >= minimum:
            return candidate
    return target


@lru_cache(maxsize=8)
def high_contrast_theme(theme: Theme) -> Theme:
    """The exhibit's theme with every text colour at 7:1 or more on the background and the surface."""
    dark = is_dark(theme.background)
    extreme, ink = ("#000000", "#ffffff") if dark else ("#ffffff", "#000000")
    background = mix(theme.background, extreme, 0.6)
    surface = mix(theme.surface, extreme, 0.3)
    colours = {"background": background, "surface": surface, "text": ink}
    override = theme.high_contrast or HighContrastColors()
    colours.update({name: value for name in (*GROUND_COLOURS, "text")
                    if (value := getattr(override, name)) is not None})
    grounds = (colours["background"], colours["surface"])
    # Secondary text moves half way to the main text colour: captions and body text are what
    # low-vision visitors struggle with first. The accent keeps its hue (it is the exhibit's).
    derived = {"muted": mix(theme.muted, colours["text"], 0.5), "accent": theme.accent}
    for name, start in derived.items():
        given = getattr(override, name)
        colours[name] = given if given is not None else legible(start, grounds, HIGH_CONTRAST)
    return replace(theme, **colours)


def contrast_problems(theme: Theme, minimum: float) -> list[tuple[str, str, float]]:
    """(text colour, ground, ratio) for every text colour below `minimum` on a ground."""
    problems = []
    for name in TEXT_COLOURS:
        for ground in GROUND_COLOURS:
            ratio = contrast_ratio(getattr(theme, name), getattr(theme, ground))
            if ratio < minimum:
                problems.append((name, ground, ratio))
    return problems
