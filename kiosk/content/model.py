"""The content model: frozen dataclasses built by the loader. No Qt here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Text:
    """A visitor-visible text in every language, with facts already filled in.

    `raw` keeps each language's text as written (with `{fact:...}` placeholders), which
    the traceability test reads.
    """

    values: dict[str, str]
    raw: dict[str, str] = field(default_factory=dict, compare=False)

    def get(self, language: str) -> str:
        if language in self.values:
            return self.values[language]
        return next(iter(self.values.values()), "")

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))


EMPTY_TEXT = Text({})


@dataclass(frozen=True)
class Image:
    src: str  # as written in the pack
    path: Path  # resolved file
    alt: Text
    credit: Text


@dataclass(frozen=True)
class Stat:
    value: Text
    label: Text


@dataclass(frozen=True)
class TextBlock:
    heading: Text
    text: Text


@dataclass(frozen=True)
class Event:
    date: Text
    title: Text
    text: Text | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Hotspot:
    id: str
    x: float
    y: float
    label: Text
    text: Text
    figure: Text | None = None


@dataclass(frozen=True)
class MapView:
    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class MapSource:
    src: str
    path: Path
    view: MapView
    credit: Text


@dataclass(frozen=True)
class Region:
    id: str
    name: Text
    countries: tuple[str, ...]
    text: Text
    figure: Text | None = None


@dataclass(frozen=True)
class Marker:
    id: str
    label: Text
    lon: float
    lat: float
    primary: bool = False
    text: Text | None = None


@dataclass(frozen=True)
class Screen:
    """One screen. Fields a layout does not use stay empty."""

    id: str
    layout: str
    title: Text
    source_file: Path
    subtitle: Text | None = None
    body: Text | None = None
    image: Image | None = None
    caption: Text | None = None
    image_side: str = "left"
    stats: tuple[Stat, ...] = ()
    blocks: tuple[TextBlock, ...] = ()
    events: tuple[Event, ...] = ()
    hotspots: tuple[Hotspot, ...] = ()
    map: MapSource | None = None
    regions: tuple[Region, ...] = ()
    markers: tuple[Marker, ...] = ()
    chart: Any = None  # the chart layout's own model (kiosk.charts), built by its loader


@dataclass(frozen=True)
class HighContrastColors:
    """Colours of the high-contrast theme that a pack sets itself; None: derived from the theme."""

    background: str | None = None
    surface: str | None = None
    text: str | None = None
    muted: str | None = None
    accent: str | None = None


@dataclass(frozen=True)
class Theme:
    background: str = "#0b1420"
    surface: str = "#142234"
    text: str = "#f3f6fa"
    muted: str = "#a8b6c8"
    accent: str = "#f2a93b"
    font_family: str = "Inter"
    heading_px: int = 84
    body_px: int = 32
    caption_px: int = 24
    high_contrast: HighContrastColors | None = None


@dataclass(frozen=True)
class AttractSettings:
    after_seconds: float = 90.0
    screens: tuple[str, ...] = ()
    seconds_per_screen: float = 12.0
    call_to_action: Text = EMPTY_TEXT


@dataclass(frozen=True)
class Fact:
    id: str
    value: Any
    kind: str
    statement: str
    source: str
    unit: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Exhibit:
    title: Text
    version: str
    languages: tuple[str, ...]
    default_language: str
    theme: Theme
    screens: tuple[Screen, ...]
    attract: AttractSettings
    transition_ms: int
    root: Path
    facts: dict[str, Fact] = field(default_factory=dict, compare=False)

    def screen(self, screen_id: str) -> Screen:
        for screen in self.screens:
            if screen.id == screen_id:
                return screen
        raise KeyError(screen_id)

    def index_of(self, screen_id: str) -> int:
        return [s.id for s in self.screens].index(screen_id)
