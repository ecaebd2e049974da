"""Curators' commands: `layouts` lists what a screen can be, `new-screen` starts one from a template.

Both read the content format from kiosk/content/schema.py (and the chart section from
kiosk/content/jsonschema.py), so a field added there shows up here too. No Qt: they run on a
machine with no display.

`new-screen` writes every field of the layout, each under a comment saying what it is, with
placeholder texts in every language the exhibit declares ("TODO: title in English"). The
placeholders hold no digits, because a number typed into a text has no source; images point at
art that ships with the program, and the chart takes its figures from the pack's fact register.
It then adds the id to `screens:` in exhibit.yaml by editing the text, so the file's comments
and layout stay as the curator wrote them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kiosk.content.facts import load_facts
from kiosk.content.jsonschema import CHART, SCREEN_SCHEMA, schema_dir
from kiosk.content.loader import EXHIBIT_FILE, SCREENS_DIR, load_pack
from kiosk.content.model import Fact
from kiosk.content.paths import PathRefused, resolve_reference
from kiosk.content.reader import ID_PATTERN, LANGUAGE_PATTERN
from kiosk.content.schema import LAYOUTS, Field, Record
from kiosk.content.yamlsource import read_yaml
from kiosk.locations import bundled_content_dir, program_root

# English names for the placeholders ("TODO: title in French"); other codes are written as they are.
LANGUAGE_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "nl": "Dutch",
                  "pt": "Portuguese", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian",
                  "hi": "Hindi", "ar": "Arabic", "pl": "Polish", "sv": "Swedish", "da": "Danish", "fi": "Finnish"}
COMMENT_WIDTH = 100
INDENT = "  "


class CuratorError(Exception):
    """A request `new-screen` refuses, with the message the curator reads."""


# --- layouts ------------------------------------------------------------------------------------------

def field_summary(spec: Field) -> str:
    """What a field holds, in a few words: "text", "list of 1 to 4 block", "one of left, right"."""
    if isinstance(spec.item, Record) and spec.kind == "record":
        kind = f"{spec.item.name} {{{', '.join(f.name for f in spec.item.fields)}}}"
    elif spec.kind == "list":
        item = spec.item.name if isinstance(spec.item, Record) else str(spec.item)
        kind = f"list of {item}{_count(spec)}"
    elif spec.kind == "fact":
        kind = f"fact:ID in {' or '.join(spec.choices)}"
    elif spec.choices:
        kind = "one of " + ", ".join(spec.choices)
    elif spec.kind == "chart":
        kind = f"chart {{{', '.join(f.name for f in CHART.fields)}}}"
    else:
        kind = spec.kind
    if spec.minimum is not None and spec.maximum is not None:
        kind += f" {spec.minimum:g} to {spec.maximum:g}"
    return kind


def _count(spec: Field) -> str:
    if spec.max_items is None:
        return f", at least {spec.min_items}" if spec.min_items > 1 else (", at least one" if spec.min_items else "")
    if spec.min_items:
        return f", {spec.min_items} to {spec.max_items}"
    return f", at most {spec.max_items}"


def _nested(spec: Field) -> Record | None:
    if isinstance(spec.item, Record):
        return spec.item
    return CHART if spec.kind == "chart" else None


def describe_record(record: Record, indent: str = "    ", expand: bool = False) -> list[str]:
    lines = []
    width = max(len(spec.name) for spec in record.fields)
    for spec in record.fields:
        need = "required" if spec.required else "optional"
        summary = f"'{record.name}'" if spec.name == "layout" and record.name in LAYOUTS else field_summary(spec)
        lines.append(f"{indent}{spec.name:<{width}}  {need}  {summary}: {spec.doc}")
        nested = _nested(spec)
        if expand and nested is not None:
            lines.extend(describe_record(nested, indent + "    ", expand))
    return lines


def layouts_text(name: str | None = None) -> str:
    chosen = {name: LAYOUTS[name]} if name else LAYOUTS
    blocks = []
    for layout, record in chosen.items():
        blocks.append("\n".join([f"{layout}: {record.doc}", *describe_record(record, expand=name is not None)]))
    hint = ("" if name else "\n\nThe fields of the records inside a layout: main.py layouts NAME. "
            "Start a screen: main.py new-screen ID --layout NAME")
    return "\n\n".join(blocks) + hint


def layouts_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py layouts", description="List the layouts a screen can have, with "
                                     "a one-line description and their fields.")
    parser.add_argument("layout", nargs="?", choices=list(LAYOUTS), help="show one layout, with the fields of the "
                        "records inside it")
    args = parser.parse_args(argv)
    print(layouts_text(args.layout))
    return 0


# --- the template --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Commented:
    """A field written as a comment: optional, and no placeholder would be valid (e.g. an energy that
    must match power × time)."""

    hint: str


def yaml_scalar(value: Any) -> str:
    """A scalar as YAML: plain when that reads back as the same value, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    try:
        if re.fullmatch(r"[A-Za-z_][\w.:/-]*", text) and yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


class ScreenTemplate:
    """The lines of a new screen file for one layout, languages and fact register."""

    def __init__(self, layout: str, languages: Sequence[str], facts: Mapping[str, Fact]) -> None:
        self.layout = layout
        self.languages = tuple(languages)
        self.facts = facts
        self.lines: list[str] = []
        self.missing_facts: list[str] = []  # required chart figures the register has no fact for
        self.used_facts: set[str] = set()  # each figure from a different fact, where the register allows

    def render(self, header: Sequence[str]) -> str:
        self.lines = [f"# {line}" if line else "#" for line in header]
        self.record(LAYOUTS[self.layout], 0, owner=None)
        return "\n".join(self.lines) + "\n"

    # --- structure --------------------------------------------------------------------
    def comment(self, column: int, text: str) -> None:
        pad = " " * column
        self.lines.extend(textwrap.wrap(text, COMMENT_WIDTH - column, initial_indent=pad + "# ",
                                        subsequent_indent=pad + "# "))

    def record(self, record: Record, column: int, owner: str | None, dash: bool = False) -> None:
        """The fields of a record, keys at `column`; `dash` starts it as a list item ("- key: ...")."""
        for position, spec in enumerate(record.fields):
            first = dash and position == 0
            self.comment(column - 2 if first else column, _field_comment(spec, self.layout))
            key_pad = " " * (column - 2) + "- " if first else " " * column
            self.field(spec, record, key_pad, column, owner)

    def field(self, spec: Field, record: Record, key_pad: str, column: int, owner: str | None) -> None:
        value = self.placeholder(spec, record, owner)
        if isinstance(value, _Commented):
            self.lines.append(f"{key_pad}# {spec.name}: {value.hint}")
        elif spec.kind == "text":
            self.lines.append(f"{key_pad}{spec.name}:")
            for language, text in value.items():
                self.lines.append(f"{' ' * (column + 2)}{language}: {yaml_scalar(text)}")
        elif isinstance(value, Record):
            self.lines.append(f"{key_pad}{spec.name}:")
            self.record(value, column + 2, owner=value.name)
        elif isinstance(value, list) and value and isinstance(value[0], Record):
            self.lines.append(f"{key_pad}{spec.name}:")
            for item in value:
                self.record(item, column + 4, owner=item.name, dash=True)
        elif isinstance(value, (list, tuple)):
            self.lines.append(f"{key_pad}{spec.name}: [{', '.join(yaml_scalar(v) for v in value)}]")
        else:
            self.lines.append(f"{key_pad}{spec.name}: {yaml_scalar(value)}")

    # --- values -----------------------------------------------------------------------
    def placeholder(self, spec: Field, record: Record, owner: str | None) -> Any:
        kind = spec.kind
        if spec.name == "layout" and owner is None:
            return self.layout
        if spec.example is not None:
            return spec.example
        if kind == "text":
            what = spec.name.replace("_", " ") if owner is None else f"{owner.replace('_', ' ')} {spec.name}"
            return {lang: f"TODO: {what} in {LANGUAGE_NAMES.get(lang, lang)}" for lang in self.languages}
        if kind == "record":
            return spec.item
        if kind == "chart":
            return CHART
        if kind == "list":
            if isinstance(spec.item, Record):
                return [spec.item] * max(spec.min_items, 1)
            return []
        if kind == "fact":
            return self.fact_reference(spec, record)
        return _simple_placeholder(spec, record)

    def fact_reference(self, spec: Field, record: Record) -> str | _Commented:
        if not spec.required:
            return _Commented(f"fact:ID   # a fact in {' or '.join(spec.choices)}")
        candidates = [fact_id for fact_id, fact in self.facts.items()
                      if fact.kind == "number" and fact.unit in spec.choices]
        fresh = [fact_id for fact_id in candidates if fact_id not in self.used_facts]
        chosen = (fresh or candidates or [None])[0]
        if chosen is None:
            self.missing_facts.append(f"{record.name}.{spec.name} (a fact in {' or '.join(spec.choices)})")
            return _Commented(f"fact:ID   # TODO: the register has no fact in {' or '.join(spec.choices)}")
        self.used_facts.add(chosen)
        return f"fact:{chosen}"


def _simple_placeholder(spec: Field, record: Record) -> Any:
    if spec.choices:
        return spec.choices[0]
    if spec.kind == "id":
        return f"{record.name}_a"
    if spec.kind in ("integer", "number"):
        low, high = spec.minimum, spec.maximum
        middle = (low + high) / 2 if low is not None and high is not None else (low or 0)
        return int(middle) if spec.kind == "integer" else round(float(middle), 3)
    if spec.kind == "boolean":
        return False
    if spec.kind == "color":
        return "#f2a93b"
    return "TODO"


def _field_comment(spec: Field, layout: str) -> str:
    if spec.name == "layout":
        return f"{spec.doc} This one: {LAYOUTS[layout].doc}"
    need = "Required." if spec.required else "Optional."
    extra = ""
    if spec.kind == "list":
        extra = f" Items: {_count(spec).lstrip(', ')}." if _count(spec) else ""
    elif spec.choices and spec.kind == "string":
        extra = f" One of: {', '.join(spec.choices)}."
    elif spec.minimum is not None and spec.maximum is not None and f"{spec.minimum:g} to" not in spec.doc:
        extra = f" From {spec.minimum:g} to {spec.maximum:g}."
    return f"{spec.doc}{extra} {need}"


# --- exhibit.yaml: the screen order ---------------------------------------------------------------------

def screen_order_node(text: str, path: Path) -> yaml.SequenceNode:
    """The `screens:` list of exhibit.yaml as a YAML node, which knows where each id is written."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CuratorError(f"{path}: cannot read it as YAML ({' '.join(str(exc).split())}); fix it first "
                           "(main.py validate)") from exc
    if not isinstance(root, yaml.MappingNode):
        raise CuratorError(f"{path}:1:1: {EXHIBIT_FILE} must be a mapping with a 'screens:' list")
    order = next((value for key, value in root.value if isinstance(key, yaml.ScalarNode) and key.value == "screens"),
                 None)
    if not isinstance(order, yaml.SequenceNode):
        where = f"{order.start_mark.line + 1}:{order.start_mark.column + 1}" if order is not None else "1:1"
        raise CuratorError(f"{path}:{where}: 'screens:' must be a list of screen ids to add one to it")
    return order


def screen_order(text: str, path: Path) -> list[str]:
    return [str(item.value) for item in screen_order_node(text, path).value if isinstance(item, yaml.ScalarNode)]


def add_to_screen_order(text: str, screen_id: str, path: Path) -> str:
    """exhibit.yaml's text with `screen_id` appended to `screens:`, everything else left as written."""
    order = screen_order_node(text, path)
    newline = "\r\n" if "\r\n" in text else "\n"
    if order.flow_style or not order.value:
        edited = _append_flow(text, order, screen_id)
    else:
        edited = _append_block(text, order, screen_id, newline)
    if screen_order(edited, path) != [*screen_order(text, path), screen_id]:  # never write a file that lost anything
        raise CuratorError(f"{path}: could not add '{screen_id}' to 'screens:' safely; add it by hand")
    return edited


def _append_flow(text: str, order: yaml.SequenceNode, screen_id: str) -> str:
    if order.value:
        at = order.value[-1].end_mark.index
        return text[:at] + f", {screen_id}" + text[at:]
    close = text.rfind("]", order.start_mark.index, order.end_mark.index)
    if close < 0:  # `screens:` with no value at all
        raise CuratorError(f"'screens:' is empty; write screens: [{screen_id}]")
    return text[:close] + screen_id + text[close:]


def _append_block(text: str, order: yaml.SequenceNode, screen_id: str, newline: str) -> str:
    last = order.value[-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    prefix = text[line_start:last.start_mark.index]
    if not re.fullmatch(r"\s*-\s+", prefix):  # e.g. "- - x": keep it simple, one dash and the item's column
        prefix = " " * (len(prefix) - len(prefix.lstrip())) + "- "
    line_end = text.find("\n", last.end_mark.index)
    if line_end < 0:
        return text + newline + prefix + screen_id + newline
    if text[line_end - 1] == "\r":
        line_end -= 1
    return text[:line_end] + newline + prefix + screen_id + text[line_end:]


# --- new-screen -----------------------------------------------------------------------------------------

def pack_languages_and_facts(pack: Path) -> tuple[list[str], dict[str, Fact]]:
    """The exhibit's languages and fact register, read even when another part of the pack is broken."""
    doc, problems = read_yaml(pack / EXHIBIT_FILE)
    if doc is None or not isinstance(doc.value, Mapping):
        raise CuratorError("\n".join(str(p) for p in problems) or f"{pack / EXHIBIT_FILE}: not a mapping")
    raw = doc.value.get("languages")
    languages = [lang for lang in raw if isinstance(lang, str) and LANGUAGE_PATTERN.match(lang)] \
        if isinstance(raw, list) else []
    facts: dict[str, Fact] = {}
    reference = doc.value.get("facts")
    if isinstance(reference, str):
        try:
            register = resolve_reference(reference, pack)
        except PathRefused:
            register = None
        if register is not None and register.is_file():
            facts, _ = load_facts(register)
    return list(dict.fromkeys(languages)) or ["en"], facts


def schema_reference(screen_file: Path) -> str:
    """How the new file names the screen schema: relative inside the program's folder (as the bundled
    files do), else the schema's file address, which still holds when the pack is moved."""
    schema = schema_dir() / SCREEN_SCHEMA
    if not screen_file.resolve().is_relative_to(program_root()):
        return schema.as_uri()
    return Path(os.path.relpath(schema, screen_file.resolve().parent)).as_posix()


def new_screen(pack: Path, screen_id: str, layout: str) -> tuple[Path, list[str]]:
    """Write screens/<id>.yaml and add the id to the screen order. Returns the file and the figures
    the template could not fill from the register."""
    if not ID_PATTERN.match(screen_id):
        raise CuratorError(f"'{screen_id}' is not a valid screen id: use lower-case letters, digits, '_' or '-', "
                           "starting with a letter (e.g. first-light)")
    if layout not in LAYOUTS:
        raise CuratorError(f"unknown layout '{layout}'; layouts are {', '.join(LAYOUTS)}")
    exhibit_path = pack / EXHIBIT_FILE
    if not exhibit_path.is_file():
        raise CuratorError(f"{exhibit_path}: not found; a content pack needs an {EXHIBIT_FILE}")
    target = pack / SCREENS_DIR / f"{screen_id}.yaml"
    if target.exists():
        raise CuratorError(f"{target}: a screen '{screen_id}' already exists; choose another id or edit that file")
    try:
        with exhibit_path.open(encoding="utf-8", newline="") as handle:  # as written: BOM, line endings
            exhibit_text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise CuratorError(f"{exhibit_path}: cannot read it: {exc}") from exc
    if screen_id in screen_order(exhibit_text, exhibit_path):
        raise CuratorError(f"{exhibit_path}: '{screen_id}' is already in the screen order (but has no file); "
                           "choose another id or remove it from 'screens:'")
    edited = add_to_screen_order(exhibit_text, screen_id, exhibit_path)
    languages, facts = pack_languages_and_facts(pack)
    template = ScreenTemplate(layout, languages, facts)
    text = template.render([
        f"yaml-language-server: $schema={schema_reference(target)}",
        f"Screen '{screen_id}' ({layout}), started with: main.py new-screen {screen_id} --layout {layout}",
        "Replace every text that starts with TODO, in every language; delete the optional keys you do",
        "not need. Figures come from the fact register: write {fact:ID} in a text, fact:ID in a chart.",
        "Check it: main.py validate PACK, or watch it while you edit: main.py preview PACK",
        "",
    ])
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite a screen
        handle.write(text)
    exhibit_path.write_text(edited, encoding="utf-8", newline="")
    return target, template.missing_facts


def new_screen_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="main.py new-screen", description="Start a screen from a template: write "
                                     "screens/ID.yaml with every field of the layout, commented, in every language "
                                     "of the exhibit, and add ID to the screen order in exhibit.yaml.")
    parser.add_argument("id", help="the screen id, also its file name: lower-case letters, digits, '_' or '-'")
    parser.add_argument("--layout", required=True, choices=list(LAYOUTS), help="which layout (main.py layouts "
                        "lists them)")
    parser.add_argument("--content", type=Path, default=None, metavar="DIR",
                        help="content pack folder (default: the bundled exhibit)")
    args = parser.parse_args(argv)
    pack = args.content or bundled_content_dir()
    try:
        target, missing = new_screen(pack, args.id, args.layout)
    except CuratorError as exc:
        print(f"new-screen: {exc}", file=sys.stderr)
        return 1
    print(f"{target}: written ({args.layout})")
    print(f"{pack / EXHIBIT_FILE}: '{args.id}' added at the end of 'screens:'")
    for figure in missing:
        print(f"{target}: TODO: no fact in the register fits {figure}; write it before the screen validates")
    problems = [p for p in load_pack(pack).problems if p.is_error and p.path == target]
    for problem in problems:
        print(problem)
    print(f"Next: replace the TODO texts, then check with: main.py validate {pack}  or  main.py preview {pack}")
    return 0
