"""`layouts` and `new-screen` (kiosk/curator.py): the template has every field of its layout, in every
language, validates, renders in `export`, and exhibit.yaml keeps its comments and formatting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kiosk.content.jsonschema import CHART
from kiosk.content.loader import load_pack
from kiosk.content.schema import LAYOUTS, Record
from kiosk.curator import CuratorError, add_to_screen_order, layouts_command, new_screen, schema_reference
from kiosk.locations import program_root


def texts_in(value: Any) -> list[dict[str, str]]:
    """Every language mapping in a parsed screen file (a text: keys are language codes)."""
    found = []
    if isinstance(value, dict):
        if value and all(re.fullmatch(r"[a-z]{2,3}", str(key)) for key in value) and \
                all(isinstance(text, str) for text in value.values()):
            return [value]
        for item in value.values():
            found += texts_in(item)
    elif isinstance(value, list):
        for item in value:
            found += texts_in(item)
    return found


def keys_in(record: Record, prefix: str = "") -> list[str]:
    keys = []
    for spec in record.fields:
        keys.append(prefix + spec.name)
        item = CHART if spec.kind == "chart" else spec.item
        if isinstance(item, Record):
            keys += keys_in(item, prefix + spec.name + ".")
    return keys


def keys_written(text: str) -> set[str]:
    """Every key in the file, commented out or not, as a dotted path of names (list items skipped)."""
    keys, stack = set(), []
    for line in text.splitlines():
        match = re.match(r"^(\s*)(?:- )?(?:# )?([a-z_]+):", line)
        if not match or re.match(r"^\s*# [A-Z]", line):
            continue
        column = len(match.group(1)) + (2 if "- " in line[: len(match.group(1)) + 2] else 0)
        while stack and stack[-1][0] >= column:
            stack.pop()
        stack.append((column, match.group(2)))
        keys.add(".".join(name for _, name in stack))
    return keys


# --- layouts --------------------------------------------------------------------------------------------

def test_layouts_lists_the_six_layouts_with_a_description_and_their_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert layouts_command([]) == 0
    out = capsys.readouterr().out
    blocks = {block.split(":", 1)[0]: block for block in out.split("\n\n")}
    assert list(LAYOUTS) == [name for name in blocks if name in LAYOUTS]
    for name, record in LAYOUTS.items():
        assert f"{name}: {record.doc}" in blocks[name]
        listed = [line.split()[0] for line in blocks[name].splitlines()[1:]]
        assert listed == [spec.name for spec in record.fields]


def test_layouts_name_shows_the_fields_inside_the_records(capsys: pytest.CaptureFixture[str]) -> None:
    assert layouts_command(["chart"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("chart: ")
    for key in ("scenarios", "ramp_up_s", "flat_top_energy", "comparison", "fact:ID in MW or GW"):
        assert key in out


# --- new-screen -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_new_screen_writes_every_field_in_every_language_and_validates(bundled_copy: Path, layout: str) -> None:
    target, missing = new_screen(bundled_copy, f"new-{layout.replace('_', '-')}", layout)
    assert missing == []
    assert target == bundled_copy / "screens" / f"new-{layout.replace('_', '-')}.yaml"
    result = load_pack(bundled_copy)
    assert result.ok, [str(p) for p in result.problems if p.is_error]
    assert [p for p in result.problems if p.path == target] == []  # not even a warning (no typed digits)
    assert result.exhibit is not None and result.exhibit.screens[-1].id == target.stem
    assert result.exhibit.screens[-1].layout == layout
    text = target.read_text(encoding="utf-8")
    assert set(keys_in(LAYOUTS[layout])) <= keys_written(text)
    texts = texts_in(yaml.safe_load(text))
    assert texts and all(set(t) == {"en", "fr"} for t in texts)
    assert all(t["en"].startswith("TODO: ") and t["en"].endswith(" in English") for t in texts)
    assert all(t["fr"].endswith(" in French") and not re.search(r"\d", t["fr"]) for t in texts)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_template_has_a_comment_above_every_key(bundled_copy: Path, layout: str) -> None:
    target, _ = new_screen(bundled_copy, "fresh", layout)
    lines = target.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^\s*(- )?[a-z_]+:", line) and not re.match(r"^\s*[a-z]{2}: ", line):
            assert lines[index - 1].lstrip().startswith("#"), f"{target.name}:{index + 1}: no comment above {line!r}"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_template_validates_against_the_json_schema(bundled_copy: Path, shipped_schemas: dict[str, Any],
                                                        layout: str) -> None:
    target, _ = new_screen(bundled_copy, "fresh", layout)
    first = target.read_text(encoding="utf-8").splitlines()[0]  # a pack outside the program: the schema's address
    assert first == "# yaml-language-server: $schema=" + (program_root() / "schemas/screen.schema.json").as_uri()
    errors = list(jsonschema.Draft7Validator(shipped_schemas["screen"]).iter_errors(yaml.safe_load(target.read_text())))
    assert errors == []


def test_a_screen_inside_the_program_folder_names_the_schema_relatively() -> None:
    screen_file = program_root() / "content" / "screens" / "not-written.yaml"
    assert schema_reference(screen_file) == "../../schemas/screen.schema.json"
    assert (screen_file.parent / schema_reference(screen_file)).resolve().is_file()


def test_every_layout_made_by_new_screen_renders_in_export(qapp, bundled_copy: Path, tmp_path: Path) -> None:
    from PySide6.QtGui import QColor, QImage

    from kiosk.export import export_exhibit

    for layout in LAYOUTS:
        new_screen(bundled_copy, f"new-{layout.replace('_', '-')}", layout)
    out = tmp_path / "out"
    assert export_exhibit(out, bundled_copy, (960, 540), "en") == 0
    for number, layout in enumerate(LAYOUTS, start=7):
        image = QImage(str(out / f"{number:02d}-new-{layout.replace('_', '-')}.png"))
        assert image.size().width() == 960 and image.size().height() == 540, layout
        # Text is drawn in the theme's light text colour over the dark background: count bright pixels.
        bright = sum(1 for y in range(0, 540, 3) for x in range(0, 960, 3)
                     if QColor(image.pixel(x, y)).lightness() > 200)
        assert bright > 300, f"the {layout} screen looks blank ({bright} bright sample pixels)"


def test_a_one_language_pack_gets_one_text_per_field_and_an_empty_order_is_filled(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "exhibit.yaml").write_text("title: Ausstellung\nversion: \"eins\"\nlanguages: [de]\n"
                                       "default_language: de\nfacts: seeds:facts.yaml\nscreens: []  # bald\n",
                                       encoding="utf-8")
    target, _ = new_screen(pack, "start", "hero")
    assert (pack / "exhibit.yaml").read_text(encoding="utf-8").endswith("screens: [start]  # bald\n")
    texts = texts_in(yaml.safe_load(target.read_text(encoding="utf-8")))
    assert {"de": "TODO: title in German"} in texts and all(set(t) == {"de"} for t in texts)
    assert load_pack(pack).ok


def test_a_chart_in_a_pack_without_facts_says_which_figures_are_missing(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "exhibit.yaml").write_text("title: T\nversion: v\nlanguages: [en]\ndefault_language: en\n"
                                       "screens: [a]\n", encoding="utf-8")
    target, missing = new_screen(pack, "power", "chart")
    assert [m.split(" ")[0] for m in missing] == ["scenario.fusion_mw", "scenario.heating_mw", "scenario.flat_top",
                                                  "comparison.fusion_mw"]
    assert "# fusion_mw: fact:ID   # TODO: the register has no fact in MW or GW" in target.read_text(encoding="utf-8")


# --- exhibit.yaml is edited as text ------------------------------------------------------------------------

BLOCK_EXHIBIT = """\
# Our exhibit. Keep this comment.
title: {en: T}
version: "1"
languages: [en]
default_language: en
screens:   # the order visitors see
  - intro      # first
  - 'middle'
  - last
# between the keys
attract:
  screens: [intro]
"""


def test_a_block_list_gets_a_line_in_the_same_style_and_nothing_else_changes() -> None:
    edited = add_to_screen_order(BLOCK_EXHIBIT, "new-one", Path("exhibit.yaml"))
    lines = BLOCK_EXHIBIT.splitlines()
    assert edited.splitlines() == [*lines[:9], "  - new-one", *lines[9:]]


def test_windows_line_endings_and_a_flow_list_over_several_lines_are_kept() -> None:
    text = "title: {en: T}\r\nscreens: [a,\r\n  b]   # two\r\nversion: x\r\n"
    edited = add_to_screen_order(text, "c", Path("exhibit.yaml"))
    assert edited == "title: {en: T}\r\nscreens: [a,\r\n  b, c]   # two\r\nversion: x\r\n"


def test_the_bundled_exhibit_changes_only_on_its_screens_line(bundled_copy: Path) -> None:
    before = (bundled_copy / "exhibit.yaml").read_text(encoding="utf-8").splitlines()
    new_screen(bundled_copy, "extra", "timeline")
    after = (bundled_copy / "exhibit.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [(line, line[:-1] + ", extra]") for line in before if line.startswith("screens:")]


@pytest.mark.parametrize(("screen_id", "message"), [
    ("meaning", "a screen 'meaning' already exists"),
    ("Intro", "'Intro' is not a valid screen id"),
    ("2nd", "'2nd' is not a valid screen id"),
    ("../escape", "not a valid screen id"),
])
def test_new_screen_refuses_an_existing_or_bad_id_and_writes_nothing(bundled_copy: Path, screen_id: str,
                                                                     message: str) -> None:
    before = {path: path.read_bytes() for path in bundled_copy.rglob("*") if path.is_file()}
    with pytest.raises(CuratorError, match=re.escape(message)):
        new_screen(bundled_copy, screen_id, "hero")
    assert {path: path.read_bytes() for path in bundled_copy.rglob("*") if path.is_file()} == before


def test_an_id_already_in_the_order_without_a_file_is_refused(bundled_copy: Path) -> None:
    (bundled_copy / "screens" / "site.yaml").unlink()
    with pytest.raises(CuratorError, match="'site' is already in the screen order"):
        new_screen(bundled_copy, "site", "map")
    assert not (bundled_copy / "screens" / "site.yaml").exists()


def test_the_commands_run_from_main_py_with_clear_messages(bundled_copy: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True, timeout=120,
                              cwd=program_root())

    refused = run("new-screen", "Bad Id", "--layout", "hero", "--content", str(bundled_copy))
    assert refused.returncode == 1
    assert refused.stderr.startswith("new-screen: 'Bad Id' is not a valid screen id") and "Traceback" not in \
        refused.stderr
    made = run("new-screen", "first-light", "--layout", "image_text", "--content", str(bundled_copy))
    assert made.returncode == 0, made.stderr
    assert f"{bundled_copy / 'screens' / 'first-light.yaml'}: written (image_text)" in made.stdout
    checked = run("validate", str(bundled_copy))
    assert checked.returncode == 0, checked.stdout
    listed = run("layouts")
    assert listed.returncode == 0
    assert [line.split(":")[0] for line in listed.stdout.splitlines() if line and not line[0].isspace()][:6] \
        == list(LAYOUTS)
