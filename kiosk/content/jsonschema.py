"""The JSON Schema of a content pack, for editors, generated from kiosk.content.schema.

`schemas/exhibit.schema.json` describes exhibit.yaml and `schemas/screen.schema.json` a screen
file. Both are made from the same Field/Record declarations the reader validates against, so
there is one source of truth. The `chart:` section is checked in code by kiosk/charts/spec.py;
it is declared below as Records built from that module's constants (a test checks that the keys
agree both ways).

Every bundled YAML file names its schema on its first line, for editors that use the YAML
language server (VS Code with Red Hat's YAML extension, and others):

    # yaml-language-server: $schema=../../schemas/screen.schema.json

After a change to schema.py (or to the chart keys), regenerate the files:

    python -m kiosk.content.jsonschema --write     # --check: exit status 1 when they are stale

A schema checks the shape of one file. What needs the whole pack is left to `main.py validate`:
files that must exist, known facts, every declared language in every text, unique ids, the screen
order, colour contrast and countries in the map file.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.charts.spec import (
    DEFAULT_AXIS_SECONDS,
    DEFAULT_PLAYBACK_SECONDS,
    ENERGY_UNITS,
    FACT_REF,
    MAX_SCENARIOS,
    POWER_UNITS,
    TIME_UNITS,
)
from kiosk.content.paths import IMAGE_SUFFIXES, PREFIXES
from kiosk.content.reader import COLOR_PATTERN, ID_PATTERN, LANGUAGE_PATTERN
from kiosk.content.schema import EXHIBIT, IMAGE, LAYOUTS, Field, Record
from kiosk.locations import program_root

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft editors' YAML language servers know best
EXHIBIT_SCHEMA = "exhibit.schema.json"
SCREEN_SCHEMA = "screen.schema.json"
GENERATED = "Generated from kiosk/content/schema.py by `python -m kiosk.content.jsonschema --write`; do not edit."

# --- the chart section, declared from kiosk/charts/spec.py -------------------------------------------
# Kind "fact" is a number from the fact register written `fact:ID`; its `choices` are the units the
# fact may carry. The numeric ranges are the ones spec.py checks (tests/curator checks they agree).

SCENARIO = Record("scenario", "One pulse a visitor can play: its button, its curve and its caption.", (
    Field("id", "id", "Unique name of the scenario; `start` names one.", required=True, example="standard"),
    Field("label", "text", "The scenario's button.", required=True),
    Field("detail", "text", "Second line of the button."),
    Field("caption", "text", "Shown under the chart while the scenario plays."),
    Field("fusion_mw", "fact", "Fusion power: fact:ID of a fact in MW or GW.", required=True,
          choices=tuple(POWER_UNITS)),
    Field("heating_mw", "fact", "Heating power put in: fact:ID of a fact in MW or GW.", required=True,
          choices=tuple(POWER_UNITS)),
    Field("flat_top", "fact", "How long full power lasts: fact:ID of a fact in s, min or h.", required=True,
          choices=tuple(TIME_UNITS)),
    Field("flat_top_energy", "fact", "Energy at full power: fact:ID of a fact in MJ or GJ; it must match "
          "power × flat top.", choices=tuple(ENERGY_UNITS)),
    Field("ramp_up_s", "number", "Seconds the power takes to rise: the curve's shape only, never shown as a "
          "figure.", required=True, minimum=0, maximum=3600, example=60),
    Field("ramp_down_s", "number", "Seconds the power takes to fall: the curve's shape only, never shown as a "
          "figure.", required=True, minimum=0, maximum=3600, example=100),
))

COMPARISON = Record("comparison", "A record drawn beside the scenarios on the same power axis (a toggle "
                    "button shows it).", (
    Field("id", "id", "Name of the comparison (default: comparison)."),
    Field("label", "text", "The toggle button.", required=True),
    Field("name", "text", "What is compared, e.g. 'JET’s record, {fact:jet_1997.year}'.", required=True),
    Field("fusion_mw", "fact", "Its peak fusion power: fact:ID of a fact in MW or GW.", required=True,
          choices=tuple(POWER_UNITS)),
    Field("heating_mw", "fact", "Its heating power: fact:ID of a fact in MW or GW.", choices=tuple(POWER_UNITS)),
    Field("energy", "fact", "Its energy record: fact:ID of a fact in MJ or GJ.", choices=tuple(ENERGY_UNITS)),
    Field("factor", "text", "How the two compare, e.g. 'ITER: {fact:vs_jet.factor}× the power of JET'."),
    Field("caption", "text", "Shown under the chart while the comparison is on."),
))

CHART = Record("chart", "Power scenarios (kiosk/charts/spec.py); every figure comes from the fact register, "
               "written fact:ID.", (
    Field("scenarios", "list", "The scenarios, one button each.", required=True,
          item=SCENARIO, min_items=1, max_items=MAX_SCENARIOS),
    Field("start", "id", "The scenario that plays when a visitor arrives (default: the first).",
          example="standard"),
    Field("playback_seconds", "number", "Time-lapse: each pulse plays in this many seconds "
          f"(default {DEFAULT_PLAYBACK_SECONDS:g}).", minimum=1, maximum=120, example=DEFAULT_PLAYBACK_SECONDS),
    Field("axis_seconds", "number", "Seconds the axes take to glide to a new scenario "
          f"(default {DEFAULT_AXIS_SECONDS:g}).", minimum=0, maximum=5, example=DEFAULT_AXIS_SECONDS),
    Field("comparison", "record", "A record to compare with, e.g. JET's.", item=COMPARISON),
))

# --- patterns (JSON Schema uses ECMA-262 regular expressions; these are written to mean the same in
# Python's `re`, which the tests validate with) ------------------------------------------------------

_PREFIX = "(?:" + "|".join(re.escape(prefix) for prefix in PREFIXES) + ")?"
# A path relative to the pack, or after assets:/seeds:; not empty, not absolute, no '..' part.
PATH_PATTERN = (rf"^(?!{_PREFIX}\s*$)(?!{_PREFIX}[/\\])(?!{_PREFIX}[A-Za-z]:)"
                r"(?!(?:.*[/\\:])?\.\.(?:[/\\]|$)).+$")
IMAGE_SUFFIX_PATTERN = r"\.(?:" + "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" for c in suffix[1:]) for suffix in sorted(IMAGE_SUFFIXES)) + ")$"
NOT_BLANK = r"\S"

TEXT_DESCRIPTION = ("A text visitors read: one string per language, e.g. {en: ..., fr: ...} (a plain string is "
                    "enough when the exhibit has one language). Figures come from the fact register as {fact:ID}; "
                    "a digit typed into a text is flagged by `validate`.")

COMMON_DEFINITIONS: dict[str, dict[str, Any]] = {
    "text": {
        "description": TEXT_DESCRIPTION,
        "anyOf": [
            {"type": "string", "pattern": NOT_BLANK},
            {"type": "object",
             "patternProperties": {LANGUAGE_PATTERN.pattern: {"type": "string", "pattern": NOT_BLANK}},
             "additionalProperties": False, "minProperties": 1},
        ],
    },
    "id": {"type": "string", "pattern": ID_PATTERN.pattern,
           "description": "An id: lower-case letters, digits, '_' or '-', starting with a letter."},
    "language": {"type": "string", "pattern": LANGUAGE_PATTERN.pattern,
                 "description": "A language code such as en or fr."},
    "color": {"type": "string", "pattern": COLOR_PATTERN.pattern, "description": "A colour written #rrggbb."},
    "path": {"type": "string", "pattern": PATH_PATTERN,
             "description": "A file in the pack (e.g. images/site.jpg), or one that ships with the program: "
                            "assets:... (the assets/ folder) or seeds:... (the seeds/ folder). Never absolute, "
                            "never '..'."},
    "image_path": {"type": "string", "allOf": [{"pattern": PATH_PATTERN}, {"pattern": IMAGE_SUFFIX_PATTERN}],
                   "description": "An SVG, PNG or JPEG file in the pack (e.g. images/site.jpg), or assets:... "
                                  "for the program's art."},
    "fact": {"type": "string", "pattern": FACT_REF.pattern,
             "description": "A number from the fact register, written fact:ID (e.g. fact:pulse_short.power)."},
}


class _Builder:
    """Turns Records into JSON Schema definitions, each record once."""

    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}
        self._owners: dict[str, Record] = {}

    def ref(self, record: Record, key: str | None = None, layout: str | None = None) -> dict[str, str]:
        key = key or record.name
        owner = self._owners.setdefault(key, record)
        if owner is not record:
            raise ValueError(f"two records are both named '{key}' in the schema")
        if key not in self.definitions:
            self.definitions[key] = {}  # reserved before the fields, in case a record holds itself
            self.definitions[key] = self.record(record, layout)
        return {"$ref": f"#/definitions/{key}"}

    def record(self, record: Record, layout: str | None = None) -> dict[str, Any]:
        schema: dict[str, Any] = {"title": record.name, "description": record.doc, "type": "object",
                                  "properties": {spec.name: self.field(spec, record, layout) for spec in record.fields},
                                  "additionalProperties": False}
        required = [spec.name for spec in record.fields if spec.required]
        if required:
            schema["required"] = required
        return schema

    def field(self, spec: Field, record: Record, layout: str | None) -> dict[str, Any]:
        schema: dict[str, Any] = {"description": spec.doc + ("" if spec.required else " (optional)")}
        if layout is not None and spec.name == "layout":
            schema["const"] = layout
            return schema
        schema.update(self.value(spec, record))
        default = model_default(record, spec.name)
        if default is not None:
            schema["default"] = default
        if spec.example is not None:
            schema["examples"] = [list(spec.example) if isinstance(spec.example, tuple) else spec.example]
        return schema

    def value(self, spec: Field, record: Record | None = None) -> dict[str, Any]:
        kind = spec.kind
        if kind in ("text", "id", "language", "color", "fact"):
            return {"$ref": f"#/definitions/{kind}"}
        if kind == "path":
            return {"$ref": "#/definitions/image_path" if record is IMAGE else "#/definitions/path"}
        if kind == "string":
            return {"enum": list(spec.choices)} if spec.choices else {"type": "string", "pattern": NOT_BLANK}
        if kind == "boolean":
            return {"type": "boolean"}
        if kind in ("integer", "number"):
            return {"type": kind, **_bounds(spec)}
        if kind == "record":
            assert isinstance(spec.item, Record)
            return self.ref(spec.item)
        if kind == "list":
            return self.list_value(spec)
        if kind == "chart":
            return self.ref(CHART)
        raise ValueError(f"field '{spec.name}' has a kind the JSON Schema does not know: {kind}")

    def list_value(self, spec: Field) -> dict[str, Any]:
        if isinstance(spec.item, Record):
            items = self.ref(spec.item)
        else:
            items = self.value(Field(spec.name, str(spec.item), ""))
        schema: dict[str, Any] = {"type": "array", "items": items}
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.max_items is not None:
            schema["maxItems"] = spec.max_items
        return schema


def _bounds(spec: Field) -> dict[str, float]:
    bounds: dict[str, float] = {}
    if spec.minimum is not None:
        bounds["minimum"] = spec.minimum
    if spec.maximum is not None:
        bounds["maximum"] = spec.maximum
    return bounds


def model_default(record: Record, name: str) -> Any:
    """The model's default for a field, when it is a plain value an editor can show."""
    if record.model is None or not dataclasses.is_dataclass(record.model):
        return None
    for model_field in dataclasses.fields(record.model):
        if model_field.name == name:
            default = model_field.default
            plain = isinstance(default, (str, int, float, bool)) and default != ""
            return default if plain else None
    return None


def _document(title: str, description: str, body: dict[str, Any], builder: _Builder) -> dict[str, Any]:
    return {"$schema": DRAFT, "$comment": GENERATED, "title": title, "description": description, **body,
            "definitions": {**COMMON_DEFINITIONS, **builder.definitions}}


def exhibit_schema() -> dict[str, Any]:
    builder = _Builder()
    body = builder.record(EXHIBIT)
    body.pop("title")
    body.pop("description")
    return _document("exhibit.yaml", EXHIBIT.doc, body, builder)


def screen_schema() -> dict[str, Any]:
    builder = _Builder()
    branches = [{"if": {"properties": {"layout": {"const": name}}, "required": ["layout"]},
                 "then": builder.ref(record, key=f"{name}_screen", layout=name)} for name, record in LAYOUTS.items()]
    layouts = "; ".join(f"{name}: {record.doc}" for name, record in LAYOUTS.items())
    body = {
        "type": "object",
        "required": ["layout"],
        "properties": {"layout": {"enum": list(LAYOUTS), "description": f"Which layout draws the screen. {layouts}"}},
        "allOf": branches,
    }
    return _document("screen", "One screen of the exhibit (screens/<id>.yaml; the file name is the screen id). "
                     "Its keys depend on the layout.", body, builder)


def schema_texts() -> dict[str, str]:
    """File name -> the JSON text written to schemas/."""
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            for name, schema in ((EXHIBIT_SCHEMA, exhibit_schema()), (SCREEN_SCHEMA, screen_schema()))}


def schema_dir() -> Path:
    return program_root() / "schemas"


def stale_files(folder: Path) -> list[Path]:
    """The schema files in `folder` that are missing or differ from what the generator makes now."""
    stale = []
    for name, text in schema_texts().items():
        path = folder / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            stale.append(path)
    return stale


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.content.jsonschema",
                                     description="Write or check the content pack's JSON Schema files.")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="(re)write the schema files")
    action.add_argument("--check", action="store_true", help="exit status 1 when a file is stale (the default)")
    parser.add_argument("--dir", type=Path, default=None, help="folder of the schema files (default: schemas/)")
    args = parser.parse_args(argv)
    folder = args.dir or schema_dir()
    if args.write:
        for path in write_schemas(folder):
            print(path)
        return 0
    stale = stale_files(folder)
    for path in stale:
        print(f"{path}: out of date; run python -m kiosk.content.jsonschema --write")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
