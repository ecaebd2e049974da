"""A minimal valid content pack, and the broken packs in tests/fixtures/broken/ made from it.

The minimal pack has two screens (`parts`, a hotspots screen on `assets:` art, and `members`, a map
screen) and takes its figures from `seeds:facts.yaml`, the program's fact register. Each broken pack
is that pack with exactly one defect, described by a function in BROKEN.

The broken packs are kept as real folders in tests/fixtures/broken/<case>/ (a defect is a file you can
open and look at); test_loader checks they match what BROKEN says. After changing this module, rewrite
them with:

    .venv/bin/python tests/content/content_packs.py

Two defects cannot live in git and are made at test time by `materialize` (see TEST_TIME_DEFECTS): a
symlink that leads out of the pack, and a file larger than the 1 MB limit.
"""

from __future__ import annotations

import dataclasses
import shutil
import struct
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken"

EXHIBIT = "exhibit.yaml"
PARTS = "screens/parts.yaml"
MEMBERS = "screens/members.yaml"

EXHIBIT_YAML = """\
title: {en: Test exhibit, fr: Exposition d'essai}
version: "test-1"
languages: [en, fr]
default_language: en
facts: seeds:facts.yaml
screens: [parts, members]
transition_ms: 350
theme:
  background: "#0b1420"
  surface: "#142234"
  text: "#f3f6fa"
  muted: "#a8b6c8"
  accent: "#f2a93b"
attract:
  after_seconds: 90
  screens: [parts]
  seconds_per_screen: 12
  call_to_action: {en: Touch to explore, fr: Touchez pour explorer}
"""

PARTS_YAML = """\
layout: hotspots
title:
  en: Inside the machine
  fr: Au cœur de la machine
subtitle:
  en: "{fact:pulse_short.power} MW of fusion power"
  fr: "{fact:pulse_short.power} MW de puissance de fusion"
image:
  src: assets:art/tokamak-cutaway.svg
  alt:
    en: A cut-away drawing of the machine
    fr: Une vue en coupe de la machine
  credit:
    en: "Illustration: test team"
    fr: "Illustration : équipe de test"
hotspots:
  - id: plasma
    x: 0.4
    y: 0.5
    label: {en: Plasma, fr: Plasma}
    text:
      en: The hot gas in the middle.
      fr: Le gaz chaud au milieu.
  - id: magnets
    x: 0.2
    y: 0.3
    label: {en: Magnets, fr: Aimants}
    text:
      en: They hold the plasma in place.
      fr: Ils maintiennent le plasma en place.
    figure:
      en: "about {fact:tokamak.weight} tonnes in all"
      fr: "environ {fact:tokamak.weight} tonnes en tout"
"""

MEMBERS_YAML = """\
layout: map
title:
  en: The members
  fr: Les membres
map:
  src: assets:maps/world.json
  view: {west: -170, south: -58, east: 180, north: 80}
  credit:
    en: "Map data: Natural Earth"
    fr: "Données cartographiques : Natural Earth"
regions:
  - id: jpn
    name: {en: Japan, fr: Japon}
    countries: [JPN]
    text:
      en: One of the founding partners.
      fr: L'un des partenaires fondateurs.
markers:
  - id: cadarache
    label: {en: Cadarache, fr: Cadarache}
    lon: 5.76
    lat: 43.70
"""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'

Files = dict[str, bytes]


def minimal_pack_files() -> Files:
    """The minimal valid pack, as {relative path: bytes}."""
    return {EXHIBIT: EXHIBIT_YAML.encode(), PARTS: PARTS_YAML.encode(), MEMBERS: MEMBERS_YAML.encode()}


def write_files(dest: Path, files: Files) -> Path:
    for relative, data in files.items():
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest


def write_minimal_pack(dest: Path) -> Path:
    return write_files(dest, minimal_pack_files())


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A small, valid, grey PNG (written by hand: no Qt, no Pillow)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


# --- the defects -------------------------------------------------------------------------------------------

def _edit(relative: str, old: str, new: str) -> Callable[[Files], None]:
    """Replace `old` (which must occur exactly once) by `new` in one file."""

    def apply(files: Files) -> None:
        text = files[relative].decode()
        if text.count(old) != 1:
            raise AssertionError(f"{relative}: {old!r} occurs {text.count(old)} times")
        files[relative] = text.replace(old, new).encode()

    return apply


def _replace(relative: str, data: bytes) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[relative] = data

    return apply


def _both(*steps: Callable[[Files], None]) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        for step in steps:
            step(files)

    return apply


def _image(src: str, relative: str | None = None, data: bytes | None = None) -> Callable[[Files], None]:
    """Point the parts screen's image at `src`, optionally adding the file it names."""
    steps = [_edit(PARTS, "src: assets:art/tokamak-cutaway.svg", f"src: {src}")]
    if relative is not None and data is not None:
        steps.append(_replace(relative, data))
    return _both(*steps)


def _non_utf8(files: Files) -> None:
    files[MEMBERS] = files[MEMBERS].replace("Données".encode(), "Données".encode("latin-1"))


def _nested(depth: int) -> str:
    return "[" * depth + "deep" + "]" * depth


ALIAS_BOMB = "".join(
    f"lol{level}: &lol{level} [{', '.join(['lol' if level == 1 else f'*lol{level - 1}'] * 9)}]\n"
    for level in range(1, 10))

HUGE_MARKER = "# The test pads this file to more than 1 MB (too big to keep in git).\n"

BROKEN: dict[str, Callable[[Files], None]] = {
    "yaml_syntax": _edit(PARTS, "  en: Inside the machine", "  en: Inside: the machine"),
    "tab_indentation": _edit(PARTS, "\n  fr: Au cœur de la machine", "\n\tfr: Au cœur de la machine"),
    "empty_exhibit": _replace(EXHIBIT, b""),
    "empty_screen": _replace(MEMBERS, b"# This screen is not written yet.\n"),
    "screen_not_mapping": _replace(MEMBERS, b"- layout: map\n- title: The members\n"),
    "wrong_type": _edit(PARTS, "title:\n  en: Inside the machine\n  fr: Au cœur de la machine\n", "title: 5\n"),
    "missing_required": _edit(PARTS, "    label: {en: Magnets, fr: Aimants}\n", ""),
    "unknown_key": _edit(PARTS, "\ntitle:\n", "\ntitel:\n"),
    "unknown_layout": _edit(PARTS, "layout: hotspots", "layout: hotspot"),
    "duplicate_screen_in_order": _edit(EXHIBIT, "screens: [parts, members]", "screens: [parts, members, parts]"),
    "unknown_screen": _edit(EXHIBIT, "screens: [parts, members]", "screens: [parts, membres]"),
    "bad_screen_id": _edit(EXHIBIT, "screens: [parts, members]", "screens: [parts, Members]"),
    "duplicate_key": _edit(PARTS, "image:\n", "title: {en: Once more, fr: Encore}\nimage:\n"),
    "duplicate_hotspot_id": _edit(PARTS, "  - id: magnets", "  - id: plasma"),
    "path_traversal": _image("../x.svg"),
    "absolute_path": _image("/etc/passwd"),
    "symlink_out": _image("images/outside.svg"),  # the symlink is made by materialize()
    "non_utf8": _non_utf8,
    "text_named_png": _image("images/cutaway.png", "images/cutaway.png", b"This is a note, not a picture.\n"),
    "truncated_png": _image("images/cutaway.png", "images/cutaway.png", png_bytes(64, 64)[:60]),
    "missing_image": _image("images/cutaway.svg"),
    "huge_file": _edit(MEMBERS, "layout: map\n", HUGE_MARKER + "layout: map\n"),  # padded by materialize()
    "deep_nesting": _edit(PARTS, "subtitle:\n", f"notes: {_nested(45)}\nsubtitle:\n"),
    "alias_bomb": _edit(PARTS, "hotspots:\n", ALIAS_BOMB + "hotspots:\n"),
    "unknown_fact": _edit(PARTS, '  en: "{fact:pulse_short.power} MW', '  en: "{fact:pulse_short.powr} MW'),
    "missing_french": _edit(PARTS, "label: {en: Magnets, fr: Aimants}", "label: {en: Magnets}"),
    "unknown_language_key": _edit(PARTS, "label: {en: Plasma, fr: Plasma}",
                                  "label: {en: Plasma, fr: Plasma, de: Plasma}"),
    "bad_colour": _edit(EXHIBIT, 'accent: "#f2a93b"', 'accent: "#f2a93"'),
    "low_contrast": _edit(EXHIBIT, 'muted: "#a8b6c8"', 'muted: "#2a3646"'),
    "hotspot_x_out_of_range": _edit(PARTS, "    x: 0.4\n", "    x: 1.4\n"),
    "unknown_country": _edit(MEMBERS, "countries: [JPN]", "countries: [JPN, JAP]"),
    "attract_not_in_order": _edit(EXHIBIT, "  screens: [parts]", "  screens: [parts, intro]"),
    "default_language_not_in_languages": _edit(EXHIBIT, "default_language: en", "default_language: de"),
    "missing_fact_register": _edit(EXHIBIT, "facts: seeds:facts.yaml", "facts: seeds:fact.yaml"),
}

TEST_TIME_DEFECTS = {
    "symlink_out": "images/outside.svg is made a symlink to a file outside the pack",
    "huge_file": f"{MEMBERS} is padded with comments to more than 1 MB",
}


def broken_pack_files(case: str) -> Files:
    files = minimal_pack_files()
    BROKEN[case](files)
    return files


def fixture_dir(case: str) -> Path:
    return FIXTURES / case


def materialize(case: str, dest: Path) -> Path:
    """Copy the committed fixture of `case` to dest/pack and add the defects git cannot hold."""
    pack = dest / "pack"
    shutil.copytree(fixture_dir(case), pack, symlinks=True)
    if case == "symlink_out":
        outside = dest / "outside.svg"
        outside.write_bytes(SVG)
        (pack / "images").mkdir(exist_ok=True)
        (pack / "images" / "outside.svg").symlink_to(outside)
    elif case == "huge_file":
        target = pack / MEMBERS
        padding = ("# " + "padding " * 12 + "\n").encode() * 12_000  # about 1.2 MB of comments
        target.write_bytes(target.read_bytes().replace(HUGE_MARKER.encode(), HUGE_MARKER.encode() + padding))
    return pack


def iter_texts(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every Text inside a model value, with where it is ("cutaway.hotspots[2].figure").

    Walks dataclasses field by field, and tuples, lists and dict values, so a chart's scenarios
    (kiosk.charts.spec dataclasses) are walked like any other part of a screen.
    """
    from kiosk.content.model import Text  # imported here so this file also runs as a script

    if isinstance(value, Text):
        yield where, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for spec in dataclasses.fields(value):
            yield from iter_texts(getattr(value, spec.name), f"{where}.{spec.name}")
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from iter_texts(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_texts(item, f"{where}[{key!r}]")


def regenerate_fixtures() -> None:
    if FIXTURES.exists():
        shutil.rmtree(FIXTURES)
    for case in BROKEN:
        write_files(fixture_dir(case), broken_pack_files(case))


if __name__ == "__main__":
    regenerate_fixtures()
    print(f"wrote {len(BROKEN)} broken packs to {FIXTURES}")
