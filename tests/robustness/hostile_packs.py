"""More broken content packs: what a careless or malicious pack might hold beyond the 34 cases of
tests/content/content_packs.py (its BROKEN). Each is the minimal valid pack with one defect, kept
as a real folder in tests/fixtures/broken/<case>/ beside those, and described here by a function
in HOSTILE with what `validate` must say (EXPECTED).

After changing this module, rewrite these folders (only these) with:

    .venv/bin/python tests/robustness/hostile_packs.py

(content_packs.py rewrites its own cases; `python tests/content/content_packs.py` removes the
whole tests/fixtures/broken/ folder first, so run this script after it.)

Two defects are symbolic links, which are made at test time by `materialize` (see TEST_TIME_DEFECTS).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "content"))

import content_packs
from content_packs import EXHIBIT, MEMBERS, PARTS, Files, _edit, _image, _replace

FIXTURES = content_packs.FIXTURES


def _drop(relative: str, *, add: Files | None = None) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        del files[relative]
        files.update(add or {})

    return apply


def _utf16(relative: str) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        files[relative] = files[relative].decode().encode("utf-16")  # with a byte-order mark, as Notepad saves

    return apply


def _own_facts(data: bytes) -> Callable[[Files], None]:
    """The pack's own fact register (instead of the program's seeds:facts.yaml), holding `data`."""
    def apply(files: Files) -> None:
        _edit(EXHIBIT, "facts: seeds:facts.yaml", "facts: facts.yaml")(files)
        files["facts.yaml"] = data

    return apply


def _own_map(data: bytes) -> Callable[[Files], None]:
    def apply(files: Files) -> None:
        _edit(MEMBERS, "src: assets:maps/world.json", "src: maps/world.json")(files)
        files["maps/world.json"] = data

    return apply


SVG_EXTERNAL_IMAGE = b"""\
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <image width="10" height="10" xlink:href="/etc/hostname"/>
</svg>
"""
SVG_EXTERNAL_ENTITY = b"""\
<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&secret;</text></svg>
"""

HOSTILE: dict[str, Callable[[Files], None]] = {
    "python_tag": _edit(PARTS, "layout: hotspots", "layout: !!python/name:os.system"),
    "unknown_tag": _edit(PARTS, "  en: Inside the machine", "  en: !include title.txt"),
    "backslash_traversal": _image("..\\\\..\\\\x.svg"),
    "windows_absolute_path": _image("C:\\\\Windows\\\\x.png"),
    "image_url": _image("https://example.com/x.png"),
    "svg_external_image": _image("images/cutaway.svg", "images/cutaway.svg", SVG_EXTERNAL_IMAGE),
    "svg_external_entity": _image("images/cutaway.svg", "images/cutaway.svg", SVG_EXTERNAL_ENTITY),
    "control_characters": _replace(MEMBERS, b"layout: map\n\x00\x01\x02\x03 not text\n"),
    "utf16_text": _utf16(EXHIBIT),
    "huge_integer": _edit(PARTS, "    x: 0.4\n", "    x: 1" + "0" * 5000 + "\n"),
    "exhibit_not_mapping": _replace(EXHIBIT, b"- title: Test exhibit\n- screens: [parts, members]\n"),
    "exhibit_is_folder": _drop(EXHIBIT, add={"exhibit.yaml/notes.txt": b"exhibit.yaml should be a file.\n"}),
    "no_screens": _edit(EXHIBIT, "screens: [parts, members]", "screens: []"),
    "broken_fact_register": _own_facts(b"facts:\n  pulse_short: [\n"),
    "bad_map_file": _own_map(b"{not json\n"),
    "nan_number": _edit(EXHIBIT, "  seconds_per_screen: 12", "  seconds_per_screen: .nan"),
    "screen_symlink_out": _drop(MEMBERS),  # the link is made by materialize()
    "symlink_loop": _image("images/loop.svg"),  # the links are made by materialize()
}

TEST_TIME_DEFECTS = {
    "screen_symlink_out": f"{MEMBERS} is made a symlink to a screen file outside the pack",
    "symlink_loop": "images/loop.svg and images/loop2.svg are made symlinks to each other",
}


@dataclass(frozen=True)
class Expected:
    file: str  # relative to the pack
    line: int
    message: str  # a part of the message


EXPECTED: dict[str, Expected] = {
    "python_tag": Expected(PARTS, 1, "could not determine a constructor for the tag"),
    "unknown_tag": Expected(PARTS, 3, "constructor for the tag '!include'"),
    "backslash_traversal": Expected(PARTS, 9, "leads outside the pack"),
    "windows_absolute_path": Expected(PARTS, 9, "is an absolute path"),
    "image_url": Expected(PARTS, 9, "image file not found"),
    "svg_external_image": Expected(PARTS, 9, "refers to '/etc/hostname' outside the picture"),
    "svg_external_entity": Expected(PARTS, 9, "declares an external XML entity"),
    "control_characters": Expected(MEMBERS, 2, "control character (#x0000)"),
    "utf16_text": Expected(EXHIBIT, 1, "not UTF-8 text"),
    "huge_integer": Expected(PARTS, 1, "integer string conversion"),
    "exhibit_not_mapping": Expected(EXHIBIT, 1, "must be a mapping"),
    "exhibit_is_folder": Expected(EXHIBIT, 0, "a content pack needs an exhibit.yaml"),
    "no_screens": Expected(EXHIBIT, 6, "'screens' needs at least 1"),
    "broken_fact_register": Expected("facts.yaml", 3, "YAML syntax error"),
    "bad_map_file": Expected(MEMBERS, 6, "is not a map file"),
    "nan_number": Expected(EXHIBIT, 17, "must be a number"),
    "screen_symlink_out": Expected(EXHIBIT, 6, "is a link that leads outside the pack"),
    "symlink_loop": Expected(PARTS, 9, "cannot be resolved"),
}


def hostile_pack_files(case: str) -> Files:
    files = content_packs.minimal_pack_files()
    HOSTILE[case](files)
    return files


def materialize(case: str, dest: Path) -> Path:
    """Copy the committed fixture of `case` (of HOSTILE or of content_packs.BROKEN) to dest/pack and
    add the defects git cannot hold."""
    if case in content_packs.BROKEN:
        return content_packs.materialize(case, dest)
    pack = dest / "pack"
    shutil.copytree(FIXTURES / case, pack, symlinks=True)
    if case == "screen_symlink_out":
        outside = dest / "outside-members.yaml"
        outside.write_bytes(content_packs.MEMBERS_YAML.encode())
        (pack / MEMBERS).symlink_to(outside)
    elif case == "symlink_loop":
        images = pack / "images"
        images.mkdir(exist_ok=True)
        (images / "loop.svg").symlink_to("loop2.svg")
        (images / "loop2.svg").symlink_to("loop.svg")
    return pack


def all_cases() -> list[str]:
    """Every broken pack in tests/fixtures/broken/: content_packs.BROKEN and HOSTILE."""
    return sorted({*content_packs.BROKEN, *HOSTILE})


def regenerate_fixtures() -> None:
    for case in HOSTILE:
        folder = FIXTURES / case
        if folder.exists():
            shutil.rmtree(folder)
        content_packs.write_files(folder, hostile_pack_files(case))


if __name__ == "__main__":
    regenerate_fixtures()
    print(f"wrote {len(HOSTILE)} more broken packs to {FIXTURES}")
