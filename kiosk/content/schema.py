"""The content format, declared once.

The reader validates and builds the model from these declarations; the JSON Schema for
editors and the `layouts` listing can be generated from them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.content import model


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | string | id | integer | number | boolean | color | language | image | path
    #            | record | list | chart
    doc: str
    required: bool = False
    item: Record | str | None = None  # for record and list
    min_items: int = 0
    max_items: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    # A value that is valid wherever the field is: shown by editors (the JSON Schema's `examples`)
    # and written into the screens `new-screen` makes. Only where no neutral placeholder would do.
    example: Any = None


@dataclass(frozen=True)
class Record:
    name: str
    doc: str
    fields: tuple[Field, ...]
    model: type | None = None

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


IMAGE = Record("image", "A picture with its alt text and credit line.", (
    Field("src", "path", "SVG, PNG or JPEG file: a path in the pack, or assets:... for the program's art.",
          required=True, example="assets:art/iter-hero.svg"),
    Field("alt", "text", "What the picture shows (also shown when the file is missing).", required=True),
    Field("credit", "text", "Credit line shown under the picture, e.g. 'Illustration: ...'.", required=True),
), model.Image)

STAT = Record("stat", "A big figure with a label.", (
    Field("value", "text", "The figure, from the fact register: '{fact:ID}'.", required=True),
    Field("label", "text", "What the figure means.", required=True),
), model.Stat)

BLOCK = Record("block", "A short block of text with a heading.", (
    Field("heading", "text", "Heading of the block.", required=True),
    Field("text", "text", "At most about 60 words.", required=True),
), model.TextBlock)

EVENT = Record("event", "A dated event.", (
    Field("date", "text", "The date, from the fact register.", required=True),
    Field("title", "text", "What happened, in a few words.", required=True),
    Field("text", "text", "One or two sentences."),
    Field("highlight", "boolean", "Draw this event in the accent colour."),
), model.Event)

HOTSPOT = Record("hotspot", "A numbered point on the image that opens a callout.", (
    Field("id", "id", "Unique name of the hotspot.", required=True),
    Field("x", "number", "Position from the left edge of the image, 0 to 1.", required=True, minimum=0, maximum=1),
    Field("y", "number", "Position from the top edge of the image, 0 to 1.", required=True, minimum=0, maximum=1),
    Field("label", "text", "Short name.", required=True),
    Field("text", "text", "One or two plain-language sentences.", required=True),
    Field("figure", "text", "A sourced figure, from the fact register."),
), model.Hotspot)

MAP_VIEW = Record("map_view", "The part of the world shown, in degrees.", (
    Field("west", "number", "Western edge (longitude).", required=True, minimum=-180, maximum=180, example=-170),
    Field("south", "number", "Southern edge (latitude).", required=True, minimum=-90, maximum=90, example=-58),
    Field("east", "number", "Eastern edge (longitude).", required=True, minimum=-180, maximum=180, example=180),
    Field("north", "number", "Northern edge (latitude).", required=True, minimum=-90, maximum=90, example=80),
), model.MapView)

MAP_SOURCE = Record("map", "Country outlines and the view.", (
    Field("src", "path", "Map file (JSON of country outlines), e.g. assets:maps/world.json.", required=True,
          example="assets:maps/world.json"),
    Field("view", "record", "The part of the world shown.", required=True, item=MAP_VIEW),
    Field("credit", "text", "Credit line, e.g. 'Map data: Natural Earth'.", required=True),
), model.MapSource)

REGION = Record("region", "Countries highlighted together; a tap opens the details.", (
    Field("id", "id", "Unique name of the region.", required=True),
    Field("name", "text", "Name shown to visitors.", required=True),
    Field("countries", "list", "ISO 3166-1 alpha-3 codes of the countries in the map file.", required=True,
          item="string", min_items=1, example=("FRA",)),
    Field("text", "text", "Details shown on tap.", required=True),
    Field("figure", "text", "A sourced figure, from the fact register."),
), model.Region)

MARKER = Record("marker", "A labelled place on the map.", (
    Field("id", "id", "Unique name of the marker.", required=True),
    Field("label", "text", "Name shown beside the marker.", required=True),
    Field("lon", "number", "Longitude in degrees.", required=True, minimum=-180, maximum=180, example=5.76),
    Field("lat", "number", "Latitude in degrees.", required=True, minimum=-90, maximum=90, example=43.7),
    Field("primary", "boolean", "Draw the marker large, in the accent colour."),
    Field("text", "text", "Details shown on tap."),
), model.Marker)

_LAYOUT = Field("layout", "string", "Which layout draws the screen.", required=True)
_TITLE = Field("title", "text", "Headline: readable at a glance from two metres.", required=True)
_SUBTITLE = Field("subtitle", "text", "One line under the headline.")
_BODY = Field("body", "text", "Short body text, at most about 60 words.")
_STATS = Field("stats", "list", "Up to three big figures.", item=STAT, max_items=3)

LAYOUTS: dict[str, Record] = {
    "hero": Record("hero", "A large title and subtitle with artwork and up to three big figures.", (
        _LAYOUT, _TITLE, _SUBTITLE, _BODY,
        Field("image", "record", "The artwork.", required=True, item=IMAGE),
        _STATS,
    ), model.Screen),
    "image_text": Record("image_text", "An image with caption and credit beside short text blocks.", (
        _LAYOUT, _TITLE, _SUBTITLE,
        Field("image", "record", "The picture.", required=True, item=IMAGE),
        Field("caption", "text", "Caption under the picture."),
        Field("image_side", "string", "Which side the picture is on.", choices=("left", "right")),
        Field("blocks", "list", "One to four text blocks.", required=True, item=BLOCK, min_items=1, max_items=4),
    ), model.Screen),
    "timeline": Record("timeline", "Dated events along a line.", (
        _LAYOUT, _TITLE, _SUBTITLE,
        Field("events", "list", "Two to eight events, oldest first.", required=True, item=EVENT,
              min_items=2, max_items=8),
        Field("image", "record", "An optional picture.", item=IMAGE),
    ), model.Screen),
    "hotspots": Record("hotspots", "An image with numbered, tappable points that open a callout.", (
        _LAYOUT, _TITLE, _SUBTITLE,
        Field("image", "record", "The picture the points sit on.", required=True, item=IMAGE),
        Field("hotspots", "list", "One to twelve points.", required=True, item=HOTSPOT, min_items=1, max_items=12),
    ), model.Screen),
    "map": Record("map", "Country outlines with highlighted regions and markers that open details on tap.", (
        _LAYOUT, _TITLE, _SUBTITLE, _BODY,
        Field("map", "record", "Country outlines and the view.", required=True, item=MAP_SOURCE),
        Field("regions", "list", "Highlighted groups of countries.", item=REGION, max_items=12),
        Field("markers", "list", "Labelled places.", item=MARKER, max_items=12),
        _STATS,
    ), model.Screen),
    "chart": Record("chart", "Data series: the animated power-scenario charts.", (
        _LAYOUT, _TITLE, _SUBTITLE, _BODY,
        Field("chart", "chart", "The scenarios (see kiosk/charts).", required=True),
    ), model.Screen),
}

HIGH_CONTRAST = Record("high_contrast", "Colours of the visitors' high-contrast theme; any left out are derived "
                       "from the theme, and every text colour must reach 7:1.", (
    Field("background", "color", "Screen background, #rrggbb."),
    Field("surface", "color", "Panels and cards, #rrggbb."),
    Field("text", "color", "Main text colour, #rrggbb."),
    Field("muted", "color", "Captions and secondary text, #rrggbb."),
    Field("accent", "color", "The accent colour, #rrggbb."),
), model.HighContrastColors)

THEME = Record("theme", "Colours, type family and sizes (design pixels at 1920x1080).", (
    Field("background", "color", "Screen background, #rrggbb."),
    Field("surface", "color", "Panels and cards, #rrggbb."),
    Field("text", "color", "Main text colour, #rrggbb."),
    Field("muted", "color", "Captions and secondary text, #rrggbb."),
    Field("accent", "color", "The one accent colour, #rrggbb."),
    Field("font_family", "string", "Font family; ship the files in assets/fonts."),
    Field("heading_px", "integer", "Headline size.", minimum=64, maximum=200),
    Field("body_px", "integer", "Body text size.", minimum=28, maximum=80),
    Field("caption_px", "integer", "Captions and credits.", minimum=18, maximum=60),
    Field("high_contrast", "record", "Optional colours for the high-contrast theme.", item=HIGH_CONTRAST),
), model.Theme)

ATTRACT = Record("attract", "What the exhibit does when nobody touches it.", (
    Field("after_seconds", "number", "Seconds without input before the attract loop starts.", minimum=5,
          maximum=86400),
    Field("screens", "list", "Screens the loop cycles through (ids).", item="id"),
    Field("seconds_per_screen", "number", "How long each screen stays in the loop.", minimum=2, maximum=600),
    Field("call_to_action", "text", "The invitation shown in the loop, e.g. 'Touch to explore'."),
), model.AttractSettings)

EXHIBIT = Record("exhibit", "The exhibit: languages, theme, screen order and timings.", (
    Field("title", "text", "Name of the exhibit.", required=True),
    Field("version", "string", "Content version, shown in diagnostics.", required=True),
    Field("languages", "list", "Language codes, e.g. [en, fr].", required=True, item="language", min_items=1),
    Field("default_language", "language", "Language a new visitor starts in.", required=True),
    Field("facts", "path", "The fact register, e.g. seeds:facts.yaml."),
    Field("screens", "list", "Screen ids in the order visitors see them.", required=True, item="id",
          min_items=1),
    Field("transition_ms", "integer", "Length of the slide between screens.", minimum=0, maximum=2000),
    Field("theme", "record", "Colours and type.", item=THEME),
    Field("attract", "record", "The attract loop.", item=ATTRACT),
))
